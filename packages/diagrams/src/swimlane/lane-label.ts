import type { Lane } from '@pipewise/engine/process-model';
import { displayName } from '@pipewise/engine/process-model';
import { wrapText } from '../text/wrap-text.ts';
import { SIZES } from './drawing-sizes.ts';
import type { Language } from './duration-badges.ts';

/** The lane of steps nobody owns yet. */
const NO_OWNER: Record<Language, string> = { en: 'No owner', zh: '未指定负责人' };

export interface LaneLabel {
  /** The owner role, wrapped to the lane header. */
  nameLines: string[];
  departmentLines: string[];
  /** The header's least height for these lines. */
  heightPx: number;
}

/** The text of a lane header: the owner role over its department, wrapped to the header's width. */
export function laneLabel(lane: Lane | null, language: Language): LaneLabel {
  const innerWidth = SIZES.laneHeaderWidthPx - 2 * SIZES.laneHeaderPaddingPx;
  const name = lane ? displayName(lane.name, language) : NO_OWNER[language];
  const nameLines = wrapText(name, innerWidth, SIZES.laneNameFontPx, 3).lines;
  const department = lane?.department?.trim();
  const departmentLines = department
    ? wrapText(department, innerWidth, SIZES.laneDepartmentFontPx, 2).lines
    : [];
  return {
    nameLines,
    departmentLines,
    heightPx:
      2 * SIZES.laneHeaderPaddingPx +
      nameLines.length * SIZES.laneNameLineHeightPx +
      departmentLines.length * SIZES.laneDepartmentLineHeightPx,
  };
}

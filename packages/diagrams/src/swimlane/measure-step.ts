import type { Step, StepKind } from '@pipewise/engine/process-model';
import { displayName } from '@pipewise/engine/process-model';
import { estimateTextWidth } from '../text/measure-text.ts';
import { measureLines, wrapText } from '../text/wrap-text.ts';
import { SIZES } from './drawing-sizes.ts';
import { durationBadges, type Language } from './duration-badges.ts';
import type { StepShape } from './swimlane-layout.ts';

/** Starts, ends and events are circles, decisions diamonds (as in BPMN), the rest rounded boxes. */
export function stepShape(kind: StepKind): StepShape {
  if (kind === 'start' || kind === 'end' || kind === 'event') return 'circle';
  if (kind === 'decision') return 'diamond';
  return 'rectangle';
}

/** A step's own room, before it is placed. */
export interface StepMeasure {
  shape: StepShape;
  shapeWidth: number;
  shapeHeight: number;
  /** The name: inside the shape (boxes) or under it (circles, diamonds). */
  isNameInside: boolean;
  nameWidth: number;
  nameHeight: number;
  /** Duration badges under the shape (and under an outside name); 0 × 0 without badges. */
  badgesWidth: number;
  badgesHeight: number;
}

/** Candidate box widths, narrowest first: 8 px steps keep boxes of a column alike. */
const TASK_WIDTHS: number[] = [];
for (let width = SIZES.taskMinWidthPx; width <= SIZES.taskMaxWidthPx; width += 8)
  TASK_WIDTHS.push(width);

/** How many lines each name takes inside a box `width` wide (uncapped). */
function lineCounts(names: readonly string[], width: number): number {
  const inner = width - 2 * SIZES.taskPaddingXPx;
  let most = 0;
  for (const name of names)
    most = Math.max(
      most,
      wrapText(name, inner, SIZES.nameFontPx, Number.POSITIVE_INFINITY).lines.length,
    );
  return most;
}

/**
 * The narrowest box that holds the name on one line (up to a moderate
 * width), else on two, else on three lines; past that the widest box, and
 * the third line ends in "…".
 */
function taskWidth(names: readonly string[]): { width: number; lines: number } {
  const counts = TASK_WIDTHS.map((width) => lineCounts(names, width));
  for (const limit of [1, 2, 3]) {
    for (let index = 0; index < TASK_WIDTHS.length; index++) {
      const width = TASK_WIDTHS[index]!;
      if (limit === 1 && width > SIZES.taskOneLineMaxWidthPx) break;
      if (counts[index]! <= limit) return { width, lines: limit };
    }
  }
  return { width: SIZES.taskMaxWidthPx, lines: SIZES.nameMaxLines };
}

/**
 * The sizes of a step, fitting its name in each of `languages` (both, for a
 * layout meant for either), and its duration badges when `withBadges`.
 */
export function measureStep(
  step: Step,
  languages: readonly Language[],
  withBadges: boolean,
): StepMeasure {
  const names = languages.map((language) => displayName(step.name, language));
  const shape = stepShape(step.kind);
  let shapeWidth: number;
  let shapeHeight: number;
  let nameWidth: number;
  let nameHeight: number;
  if (shape === 'rectangle') {
    const fit = taskWidth(names);
    shapeWidth = fit.width;
    nameWidth = fit.width - 2 * SIZES.taskPaddingXPx;
    nameHeight = fit.lines * SIZES.nameLineHeightPx;
    shapeHeight =
      Math.max(SIZES.taskMinHeightPx, nameHeight + 2 * SIZES.taskPaddingYPx) +
      (step.kind === 'subprocess' ? SIZES.subprocessMarkerPx : 0);
  } else {
    shapeWidth = shape === 'circle' ? SIZES.circleDiameterPx : SIZES.diamondSizePx;
    shapeHeight = shapeWidth;
    let lines = 0;
    nameWidth = 0;
    for (const name of names) {
      if (name.trim() === '') continue;
      const wrapped = wrapText(
        name,
        SIZES.outsideNameMaxWidthPx,
        SIZES.outsideNameFontPx,
        SIZES.nameMaxLines,
      );
      lines = Math.max(lines, wrapped.lines.length);
      nameWidth = Math.max(nameWidth, measureLines(wrapped.lines, SIZES.outsideNameFontPx));
    }
    nameWidth = Math.ceil(nameWidth);
    nameHeight = lines * SIZES.outsideNameLineHeightPx;
  }
  let badgesWidth = 0;
  let badgesHeight = 0;
  if (withBadges) {
    for (const language of languages) {
      const badges = durationBadges(step, language);
      for (const badge of badges)
        badgesWidth = Math.max(
          badgesWidth,
          Math.ceil(estimateTextWidth(badge, SIZES.badgeFontPx)) + 2 * SIZES.badgePaddingXPx,
        );
      badgesHeight = Math.max(
        badgesHeight,
        badges.length * SIZES.badgeHeightPx + Math.max(0, badges.length - 1) * SIZES.badgeGapPx,
      );
    }
  }
  return {
    shape,
    shapeWidth,
    shapeHeight,
    isNameInside: shape === 'rectangle',
    nameWidth,
    nameHeight,
    badgesWidth,
    badgesHeight,
  };
}

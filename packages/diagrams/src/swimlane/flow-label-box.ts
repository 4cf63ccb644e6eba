import { estimateTextWidth } from '../text/measure-text.ts';
import { wrapText } from '../text/wrap-text.ts';
import { SIZES } from './drawing-sizes.ts';
import type { FlowLabelLine } from './flow-label.ts';

/** A flow label wrapped to its drawn lines, with the room it takes. */
export interface WrappedFlowLabel {
  lines: FlowLabelLine[];
  width: number;
  height: number;
}

/** How many lines each kind of label line may wrap to. */
const MAX_LINES: Record<FlowLabelLine['kind'], number> = { condition: 2, artifacts: 2, count: 1 };

/**
 * The label's lines wrapped to `flowLabelMaxWidthPx` and its size with
 * padding (and the artifact glyph in front of artifact lines); the layout
 * reserves this room and the renderer draws these lines.
 */
export function wrapFlowLabel(label: readonly FlowLabelLine[]): WrappedFlowLabel {
  const lines: FlowLabelLine[] = [];
  let width = 0;
  for (const line of label) {
    const glyph = line.kind === 'artifacts' ? SIZES.artifactGlyphPx : 0;
    const wrapped = wrapText(
      line.text,
      SIZES.flowLabelMaxWidthPx - glyph,
      SIZES.flowLabelFontPx,
      MAX_LINES[line.kind],
    );
    for (const text of wrapped.lines) {
      lines.push({ kind: line.kind, text });
      width = Math.max(width, glyph + estimateTextWidth(text, SIZES.flowLabelFontPx));
    }
  }
  return {
    lines,
    width: Math.ceil(width) + 2 * SIZES.flowLabelPaddingPx,
    height: lines.length * SIZES.flowLabelLineHeightPx + 2 * SIZES.flowLabelPaddingPx,
  };
}

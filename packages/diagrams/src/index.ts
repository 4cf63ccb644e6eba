export {
  type DiffSvgOptions,
  overlayModel,
  renderDiffSvg,
  summarizeDiff,
} from './diff/render-diff-svg.ts';
export { assignColumns, type ColumnAssignment, type FlowGraph } from './swimlane/assign-columns.ts';
export { findRange, SCALE_STOPS, scaleColor, type ValueRange } from './swimlane/color-scale.ts';
export {
  formatDurationMs,
  formatEstimate,
  formatMeasuredMedian,
} from './swimlane/duration-badges.ts';
export { layoutSwimlanes } from './swimlane/layout-swimlanes.ts';
export {
  FONT_STACK,
  renderSwimlaneSvg,
  type SwimlaneSvgOptions,
} from './swimlane/render-swimlane-svg.ts';
export type {
  Box,
  Point,
  StepShape,
  SwimlaneLayout,
  SwimlaneLayoutOptions,
} from './swimlane/swimlane-layout.ts';

export { assignColumns, type ColumnAssignment, type FlowGraph } from './swimlane/assign-columns.ts';
export { layoutSwimlanes } from './swimlane/layout-swimlanes.ts';
export type {
  Box,
  Point,
  StepShape,
  SwimlaneLayout,
  SwimlaneLayoutOptions,
} from './swimlane/swimlane-layout.ts';

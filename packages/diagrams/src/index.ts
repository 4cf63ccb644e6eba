export type { Box, Point, SwimlaneLayout } from './swimlane/swimlane-layout.ts';

/** A rectangle in diagram units (SVG user units, 1 = 1 px at 100 %). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Where everything of a process model goes in a swimlane flowchart: one
 * horizontal lane per owner, steps left to right in time order. Made by
 * `layoutSwimlanes`; drawn by `renderSwimlaneSvg`, and written as BPMN
 * diagram information (BPMNDI) by the BPMN exporter, so the SVG and the BPMN
 * file show the same picture.
 */
export interface SwimlaneLayout {
  width: number;
  height: number;
  /** In drawing order, top to bottom; `laneId` null holds the steps without a lane. */
  lanes: { laneId: string | null; box: Box; labelBox: Box }[];
  steps: { stepId: string; laneId: string | null; box: Box; column: number }[];
  flows: {
    flowId: string;
    /** From the edge of the source box to the edge of the target box. */
    waypoints: Point[];
    /** Where its label (condition, artifacts, count) goes, if it has one. */
    labelPosition?: Point;
    /** A hand-off: the flow goes from one lane to another. */
    crossesLanes: boolean;
  }[];
}

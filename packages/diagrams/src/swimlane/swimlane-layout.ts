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

/** How a step is drawn: boxes for work, circles for starts, ends and events, diamonds for decisions. */
export type StepShape = 'rectangle' | 'circle' | 'diamond';

/** Options of `layoutSwimlanes`. */
export interface SwimlaneLayoutOptions {
  /**
   * The language the chart will be drawn in, which sizes the boxes to its
   * names; by default boxes fit the names in both languages, so one layout
   * serves either (and the BPMN file).
   */
  language?: 'zh' | 'en';
  /** Room under each step for its duration badges (default true). */
  showDurations?: boolean;
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
  steps: {
    stepId: string;
    laneId: string | null;
    /** The shape's bounding box (a circle's or diamond's too). */
    box: Box;
    column: number;
    /** Place in its lane's stack of steps of the same column, 0 at the top. */
    row: number;
    shape: StepShape;
    /** Where the name goes: inside the box, or under a circle or diamond (BPMN's label bounds). */
    labelBox: Box;
    /** Where the duration badges go, when the step has any and room was asked for. */
    badgesBox?: Box;
  }[];
  flows: {
    flowId: string;
    /** From the edge of the source box to the edge of the target box. */
    waypoints: Point[];
    /** Where its label (condition, artifacts, count) goes, if it has one: the centre of `labelBox`. */
    labelPosition?: Point;
    labelBox?: Box;
    /** A hand-off: the flow goes from one lane to another. */
    crossesLanes: boolean;
    /** A rework loop: it goes back to an earlier step (drawn around, above the steps). */
    isBackEdge: boolean;
  }[];
  /** Columns of steps, left to right. */
  columnCount: number;
}

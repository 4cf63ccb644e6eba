import type { Lane, ProcessModel } from '@pipewise/engine/process-model';
import { assignColumns } from './assign-columns.ts';
import { SIZES } from './drawing-sizes.ts';
import type { Language } from './duration-badges.ts';
import { flowLabelLines } from './flow-label.ts';
import { wrapFlowLabel } from './flow-label-box.ts';
import { laneLabel } from './lane-label.ts';
import { measureStep, type StepMeasure } from './measure-step.ts';
import { LabelPlacer } from './place-flow-labels.ts';
import { planRoutes, type RoutingGrid, routeWaypoints } from './route-flows.ts';
import type { Box, SwimlaneLayout, SwimlaneLayoutOptions } from './swimlane-layout.ts';

/** Half-heights of a lane with no steps, so that its header still has a band to sit in. */
const EMPTY_ROW_HALF_PX = 24;
/** Least width of a column (a column of circles stays readable). */
const COLUMN_MIN_WIDTH_PX = 40;
/** Room right of the last channel. */
const RIGHT_PADDING_PX = 12;
/** Room around a label by a flow's start (gaps), and by its end (gaps and the arrowhead). */
const LABEL_START_ROOM_PX = 8;
const LABEL_END_ROOM_PX = 18;

/**
 * Lays a process model out as a swimlane flowchart: one horizontal lane per
 * model lane in model order (and one last lane for steps without a lane, if
 * any), steps in columns left to right by the flow graph (see
 * `assignColumns`), steps of one lane and column stacked in step order,
 * boxes sized to their names, flows routed orthogonally (see `planRoutes`)
 * with a place for each flow's label. Pure and deterministic: the same
 * model and options give the same layout, in Node and in the browser.
 *
 * Flows whose ends are not steps of the model are left out.
 */
export function layoutSwimlanes(
  model: ProcessModel,
  options: SwimlaneLayoutOptions = {},
): SwimlaneLayout {
  const languages: Language[] = options.language ? [options.language] : ['zh', 'en'];
  const withBadges = options.showDurations ?? true;
  const { steps } = model;
  const stepCount = steps.length;

  // Lanes: the model's, then one for steps without a (known) lane.
  const laneIndexById = new Map<string, number>();
  model.lanes.forEach((lane, index) => {
    if (!laneIndexById.has(lane.id)) laneIndexById.set(lane.id, index);
  });
  const noLane = model.lanes.length;
  const stepLane = new Int32Array(stepCount);
  let hasUnassigned = false;
  steps.forEach((step, index) => {
    const lane = step.laneId === undefined ? undefined : laneIndexById.get(step.laneId);
    stepLane[index] = lane ?? noLane;
    if (lane === undefined) hasUnassigned = true;
  });
  const lanes: (Lane | null)[] = hasUnassigned ? [...model.lanes, null] : [...model.lanes];
  const laneCount = lanes.length;

  // The flow graph by step index; the first step of an id wins.
  const stepIndexById = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!stepIndexById.has(step.id)) stepIndexById.set(step.id, index);
  });
  const drawnFlows = model.flows.filter(
    (flow) => stepIndexById.has(flow.from) && stepIndexById.has(flow.to),
  );
  const source = drawnFlows.map((flow) => stepIndexById.get(flow.from)!);
  const target = drawnFlows.map((flow) => stepIndexById.get(flow.to)!);
  const { columns, isBackEdge, columnCount } = assignColumns({
    stepCount,
    from: source,
    to: target,
    isStart: steps.map((step) => step.kind === 'start'),
  });

  // Stacks: steps of one lane and column, in step order.
  const stackSize = new Int32Array(laneCount * Math.max(1, columnCount));
  const stepStackRow = new Int32Array(stepCount);
  for (let step = 0; step < stepCount; step++)
    stepStackRow[step] = stackSize[stepLane[step]! * columnCount + columns[step]!]!++;
  const laneRowCount = new Int32Array(laneCount).fill(1);
  for (let step = 0; step < stepCount; step++)
    laneRowCount[stepLane[step]!] = Math.max(
      laneRowCount[stepLane[step]!]!,
      stepStackRow[step]! + 1,
    );
  const rowBase = new Int32Array(laneCount);
  const gapBase = new Int32Array(laneCount);
  let rowCount = 0;
  let gapCount = 0;
  for (let lane = 0; lane < laneCount; lane++) {
    rowBase[lane] = rowCount;
    gapBase[lane] = gapCount;
    rowCount += laneRowCount[lane]!;
    gapCount += laneRowCount[lane]! + 1;
  }
  const stepRow = new Int32Array(stepCount);
  for (let step = 0; step < stepCount; step++)
    stepRow[step] = rowBase[stepLane[step]!]! + stepStackRow[step]!;

  // Sizes: column widths; each row's room above and below its centre line.
  const measures = steps.map((step) => measureStep(step, languages, withBadges));
  const columnWidth = new Float64Array(columnCount).fill(COLUMN_MIN_WIDTH_PX);
  const rowAbove = new Float64Array(rowCount);
  const rowBelow = new Float64Array(rowCount);
  for (let step = 0; step < stepCount; step++) {
    const measure = measures[step]!;
    const column = columns[step]!;
    columnWidth[column] = Math.max(columnWidth[column]!, slotWidth(measure));
    const row = stepRow[step]!;
    rowAbove[row] = Math.max(rowAbove[row]!, measure.shapeHeight / 2);
    rowBelow[row] = Math.max(rowBelow[row]!, slotBelow(measure));
  }
  for (let row = 0; row < rowCount; row++) {
    if (rowAbove[row] === 0) rowAbove[row] = EMPTY_ROW_HALF_PX;
    if (rowBelow[row] === 0) rowBelow[row] = EMPTY_ROW_HALF_PX;
  }

  // Routing on ordinals (rows and gaps top to bottom: gap, row, gap, …, row, gap per lane).
  const rowOrdinal = new Int32Array(rowCount);
  const gapOrdinal = new Int32Array(gapCount);
  const gapAbove = new Int32Array(rowCount);
  const gapBelow = new Int32Array(rowCount);
  let ordinal = 0;
  for (let lane = 0; lane < laneCount; lane++) {
    for (let r = 0; r < laneRowCount[lane]!; r++) {
      const gap = gapBase[lane]! + r;
      const row = rowBase[lane]! + r;
      gapOrdinal[gap] = ordinal++;
      rowOrdinal[row] = ordinal++;
      gapAbove[row] = gap;
      gapBelow[row] = gap + 1;
    }
    gapOrdinal[gapBase[lane]! + laneRowCount[lane]!] = ordinal++;
  }
  const occupied = new Uint8Array(rowCount * columnCount);
  for (let step = 0; step < stepCount; step++)
    occupied[stepRow[step]! * columnCount + columns[step]!] = 1;
  const grid: RoutingGrid = {
    columnCount,
    stepColumn: columns,
    stepRow,
    rowOrdinal,
    gapOrdinal,
    gapAbove,
    gapBelow,
    occupied,
  };
  const plan = planRoutes(grid, source, target, isBackEdge, gapCount);

  // Flow labels: their size, and room for them in a channel. A flow's label
  // goes by its start, in the channel it leaves by; but the flows leaving a
  // step by one port (a decision's branches) share their first run, so
  // theirs go by their end, in the channel they arrive by, after the split.
  const labels = drawnFlows.map((flow, index) => {
    const lines = flowLabelLines(flow, steps[source[index]!], steps[target[index]!]);
    return lines.length > 0 ? wrapFlowLabel(lines) : null;
  });
  const forwardOut = new Int32Array(stepCount);
  plan.routes.forEach((route, index) => {
    if (route.kind !== 'back') forwardOut[source[index]!]!++;
  });
  const isLabelAtEnd = drawnFlows.map(
    (_, index) => plan.routes[index]!.kind !== 'back' && forwardOut[source[index]!]! > 1,
  );
  const zoneAfterColumn = new Float64Array(columnCount);
  const zoneBeforeColumn = new Float64Array(columnCount);
  drawnFlows.forEach((_, index) => {
    const label = labels[index];
    if (!label || plan.routes[index]!.kind === 'back') return;
    if (isLabelAtEnd[index]) {
      const channel = columns[target[index]!]! - 1;
      zoneBeforeColumn[channel] = Math.max(
        zoneBeforeColumn[channel]!,
        label.width + LABEL_END_ROOM_PX,
      );
    } else {
      const channel = columns[source[index]!]!;
      zoneAfterColumn[channel] = Math.max(
        zoneAfterColumn[channel]!,
        label.width + LABEL_START_ROOM_PX,
      );
    }
  });

  // Across: lane headers, then column, channel, column, channel, …; a
  // channel holds its start labels, its parallel lines, its end labels.
  const channelWidth = new Float64Array(columnCount);
  for (let channel = 0; channel < columnCount; channel++) {
    const slots = plan.slotCounts[channel]!;
    channelWidth[channel] = Math.max(
      SIZES.channelMinWidthPx,
      zoneAfterColumn[channel]! +
        zoneBeforeColumn[channel]! +
        2 * SIZES.channelPaddingPx +
        Math.max(0, slots - 1) * SIZES.trackSpacingPx,
    );
  }
  const columnLeft = new Float64Array(columnCount);
  let x = SIZES.laneHeaderWidthPx + SIZES.contentLeftPaddingPx;
  for (let column = 0; column < columnCount; column++) {
    columnLeft[column] = x;
    x += columnWidth[column]! + channelWidth[column]!;
  }
  const width = Math.ceil(Math.max(x, SIZES.laneHeaderWidthPx + 120) + RIGHT_PADDING_PX);
  const slotX = (channel: number, slot: number) => {
    const left = columnLeft[channel]! + columnWidth[channel]! + zoneAfterColumn[channel]!;
    const room = channelWidth[channel]! - zoneAfterColumn[channel]! - zoneBeforeColumn[channel]!;
    const span = Math.max(0, plan.slotCounts[channel]! - 1) * SIZES.trackSpacingPx;
    return left + (room - span) / 2 + slot * SIZES.trackSpacingPx;
  };

  // Down: per lane, gap, row, gap, …; a lane is at least as tall as its header's text.
  const gapHeight = new Float64Array(gapCount);
  for (let lane = 0; lane < laneCount; lane++) {
    const rows = laneRowCount[lane]!;
    for (let k = 0; k <= rows; k++) {
      const gap = gapBase[lane]! + k;
      const least = k === 0 || k === rows ? SIZES.lanePaddingPx : SIZES.gapMinHeightPx;
      const tracks = plan.trackCounts[gap]!;
      gapHeight[gap] = Math.max(
        least,
        tracks === 0 ? 0 : 2 * SIZES.gapPaddingPx + (tracks - 1) * SIZES.trackSpacingPx,
      );
    }
  }
  const laneBoxes: SwimlaneLayout['lanes'] = [];
  const gapTop = new Float64Array(gapCount);
  const rowCentre = new Float64Array(rowCount);
  let y = 0;
  for (let lane = 0; lane < laneCount; lane++) {
    const rows = laneRowCount[lane]!;
    const first = gapBase[lane]!;
    let contentHeight = 0;
    for (let k = 0; k <= rows; k++) contentHeight += gapHeight[first + k]!;
    for (let r = 0; r < rows; r++)
      contentHeight += rowAbove[rowBase[lane]! + r]! + rowBelow[rowBase[lane]! + r]!;
    const headerHeight = Math.max(
      ...languages.map((language) => laneLabel(lanes[lane]!, language).heightPx),
    );
    if (contentHeight < headerHeight) {
      // Centre the steps in a lane made taller for its header.
      const extra = headerHeight - contentHeight;
      gapHeight[first] = gapHeight[first]! + extra / 2;
      gapHeight[first + rows] = gapHeight[first + rows]! + extra / 2;
      contentHeight = headerHeight;
    }
    const laneTop = y;
    for (let r = 0; r < rows; r++) {
      const row = rowBase[lane]! + r;
      gapTop[first + r] = y;
      y += gapHeight[first + r]!;
      rowCentre[row] = y + rowAbove[row]!;
      y += rowAbove[row]! + rowBelow[row]!;
    }
    gapTop[first + rows] = y;
    y += gapHeight[first + rows]!;
    laneBoxes.push({
      laneId: lanes[lane]?.id ?? null,
      box: { x: 0, y: laneTop, width, height: y - laneTop },
      labelBox: { x: 0, y: laneTop, width: SIZES.laneHeaderWidthPx, height: y - laneTop },
    });
  }
  const height = Math.ceil(y);
  const trackY = (gap: number, track: number) => {
    const span = Math.max(0, plan.trackCounts[gap]! - 1) * SIZES.trackSpacingPx;
    return gapTop[gap]! + (gapHeight[gap]! - span) / 2 + track * SIZES.trackSpacingPx;
  };

  // Steps: shapes centred in their column on their row's centre line; names and badges under.
  const stepBoxes: SwimlaneLayout['steps'] = steps.map((step, index) => {
    const measure = measures[index]!;
    const column = columns[index]!;
    const centreX = columnLeft[column]! + columnWidth[column]! / 2;
    const centreY = rowCentre[stepRow[index]!]!;
    const box = {
      x: centreX - measure.shapeWidth / 2,
      y: centreY - measure.shapeHeight / 2,
      width: measure.shapeWidth,
      height: measure.shapeHeight,
    };
    let below = box.y + box.height;
    let labelBox: Box;
    if (measure.isNameInside) {
      const markerRoom = step.kind === 'subprocess' ? SIZES.subprocessMarkerPx : 0;
      labelBox = {
        x: box.x + SIZES.taskPaddingXPx,
        y: box.y + (box.height - markerRoom - measure.nameHeight) / 2,
        width: measure.nameWidth,
        height: measure.nameHeight,
      };
    } else {
      const top = measure.nameHeight > 0 ? below + SIZES.belowGapPx : below;
      labelBox = {
        x: centreX - measure.nameWidth / 2,
        y: top,
        width: measure.nameWidth,
        height: measure.nameHeight,
      };
      below = top + measure.nameHeight;
    }
    const laid: SwimlaneLayout['steps'][number] = {
      stepId: step.id,
      laneId: lanes[stepLane[index]!]?.id ?? null,
      box,
      column,
      row: stepStackRow[index]!,
      shape: measure.shape,
      labelBox,
    };
    if (measure.badgesHeight > 0)
      laid.badgesBox = {
        x: centreX - measure.badgesWidth / 2,
        y: below + SIZES.belowGapPx,
        width: measure.badgesWidth,
        height: measure.badgesHeight,
      };
    return laid;
  });

  // Flows: waypoints, then labels where they cover nothing already drawn.
  const placer = new LabelPlacer({
    x: SIZES.laneHeaderWidthPx,
    y: 0,
    width: width - SIZES.laneHeaderWidthPx,
    height,
  });
  for (const laid of stepBoxes) {
    placer.addObstacle(laid.box);
    if (laid.shape !== 'rectangle' && laid.labelBox.height > 0) placer.addObstacle(laid.labelBox);
    if (laid.badgesBox) placer.addObstacle(laid.badgesBox);
  }
  const geometry = { slotX, trackY };
  const flows: SwimlaneLayout['flows'] = drawnFlows.map((flow, index) => {
    const from = stepBoxes[source[index]!]!;
    const to = stepBoxes[target[index]!]!;
    const waypoints = routeWaypoints(
      plan,
      plan.routes[index]!,
      { box: from.box, isBox: from.shape === 'rectangle' },
      { box: to.box, isBox: to.shape === 'rectangle' },
      geometry,
    );
    const laid: SwimlaneLayout['flows'][number] = {
      flowId: flow.id,
      waypoints,
      crossesLanes: stepLane[source[index]!] !== stepLane[target[index]!],
      isBackEdge: plan.routes[index]!.kind === 'back',
    };
    const label = labels[index];
    if (label) {
      const labelBox = placer.place(waypoints, label.width, label.height, isLabelAtEnd[index]!);
      laid.labelBox = labelBox;
      laid.labelPosition = {
        x: labelBox.x + labelBox.width / 2,
        y: labelBox.y + labelBox.height / 2,
      };
    }
    return laid;
  });

  return { width, height, lanes: laneBoxes, steps: stepBoxes, flows, columnCount };
}

/** A step's width in its column: the widest of its shape, its outside name and its badges. */
function slotWidth(measure: StepMeasure): number {
  return Math.max(
    measure.shapeWidth,
    measure.isNameInside ? 0 : measure.nameWidth,
    measure.badgesWidth,
  );
}

/** Room a step takes under its centre line: half its shape, then its outside name and badges. */
function slotBelow(measure: StepMeasure): number {
  let below = measure.shapeHeight / 2;
  if (!measure.isNameInside && measure.nameHeight > 0)
    below += SIZES.belowGapPx + measure.nameHeight;
  if (measure.badgesHeight > 0) below += SIZES.belowGapPx + measure.badgesHeight;
  return below;
}

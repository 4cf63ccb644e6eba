import type { Box, Point } from './swimlane-layout.ts';

/**
 * Orthogonal routing on the layout's grid. Vertical runs use the channels
 * between columns (channel c is right of column c) and horizontal runs the
 * gaps between rows (each lane has a gap above its first row, one between
 * rows and one below its last), which hold no step by construction; so a
 * flow only ever meets a box at its own two ends. Where several runs share
 * a channel or a gap, each gets its own slot (a parallel line) when their
 * spans overlap: the planner works on ordinal positions first, so that
 * channels and gaps can then be sized to the lines they carry.
 *
 * Ordinals: across, column c is 2c + 1 and channel c is 2c + 2; down, rows
 * and gaps are numbered top to bottom in one sequence.
 */

/** The grid a plan is made on: where each step is and which places are taken. */
export interface RoutingGrid {
  columnCount: number;
  stepColumn: Int32Array;
  /** Global row of each step (rows of all lanes, top to bottom). */
  stepRow: Int32Array;
  /** Down ordinals of each global row and of each gap. */
  rowOrdinal: Int32Array;
  gapOrdinal: Int32Array;
  /** The gap above and below each global row. */
  gapAbove: Int32Array;
  gapBelow: Int32Array;
  /** 1 where global row r has a step in column c, at r × columnCount + c. */
  occupied: Uint8Array;
}

/**
 * Where a run's neighbouring runs leave it: at ordinal `at`, to the left or
 * up (-1) or to the right or down (+1). Which side decides whether two
 * parallel runs cross, and so their order.
 */
export interface Attachment {
  at: number;
  side: -1 | 1;
}

/** A run of a flow along a channel (vertical) or a gap (horizontal), over ordinals low..high. */
export interface RouteSegment {
  /** The channel or gap it runs in. */
  place: number;
  low: number;
  high: number;
  attachments: [Attachment, Attachment];
  /** Its slot (channel, 0 leftmost) or track (gap, 0 topmost), by allocation. */
  offset: number;
}

/**
 * `straight`: one horizontal line (same row, nothing in between).
 * `elbow`: right, down or up in one channel, right into the target.
 * `track`: right, along a gap past the steps in between, then into the target.
 * `back`: a rework loop: up from the source's top into the gap above its
 * row, left above the steps, down into the target's top.
 */
export type RouteKind = 'straight' | 'elbow' | 'track' | 'back';

export interface PlannedRoute {
  kind: RouteKind;
  /** Indices into the plan's `verticals` and `horizontals`, in path order. */
  verticals: number[];
  horizontals: number[];
}

export interface RoutePlan {
  routes: PlannedRoute[];
  verticals: RouteSegment[];
  horizontals: RouteSegment[];
  /** Parallel lines needed per channel and per gap. */
  slotCounts: Int32Array;
  trackCounts: Int32Array;
}

/** True when global row `row` has no step in the columns strictly between `fromColumn` and `toColumn`. */
function isRowFree(grid: RoutingGrid, row: number, fromColumn: number, toColumn: number): boolean {
  const base = row * grid.columnCount;
  for (let column = fromColumn + 1; column < toColumn; column++)
    if (grid.occupied[base + column] === 1) return false;
  return true;
}

/** Plans every flow's route (`source[k]` → `target[k]`) and allocates the parallel lines. */
export function planRoutes(
  grid: RoutingGrid,
  source: readonly number[],
  target: readonly number[],
  isBackEdge: Uint8Array,
  gapCount: number,
): RoutePlan {
  const verticals: RouteSegment[] = [];
  const horizontals: RouteSegment[] = [];
  /** A run from ordinal a (its neighbour on side sa) to b (neighbour on side sb). */
  const segment = (place: number, a: number, sa: -1 | 1, b: number, sb: -1 | 1): RouteSegment => ({
    place,
    low: Math.min(a, b),
    high: Math.max(a, b),
    attachments: [
      { at: a, side: sa },
      { at: b, side: sb },
    ],
    offset: 0,
  });
  const vertical = (channel: number, a: number, sa: -1 | 1, b: number, sb: -1 | 1) =>
    verticals.push(segment(channel, a, sa, b, sb)) - 1;
  const horizontal = (gap: number, a: number, sa: -1 | 1, b: number, sb: -1 | 1) =>
    horizontals.push(segment(gap, a, sa, b, sb)) - 1;
  const LEFT = -1;
  const RIGHT = 1;
  const DOWN = 1;
  const toward = (from: number, to: number): -1 | 1 => (to < from ? -1 : 1);
  const routes: PlannedRoute[] = [];
  for (let flow = 0; flow < source.length; flow++) {
    const u = source[flow]!;
    const v = target[flow]!;
    const cu = grid.stepColumn[u]!;
    const cv = grid.stepColumn[v]!;
    const ru = grid.stepRow[u]!;
    const rv = grid.stepRow[v]!;
    const yu = grid.rowOrdinal[ru]!;
    const yv = grid.rowOrdinal[rv]!;
    if (isBackEdge[flow] === 1 || cv <= cu) {
      const gapU = grid.gapAbove[ru]!;
      const gapV = grid.gapAbove[rv]!;
      const yGapU = grid.gapOrdinal[gapU]!;
      const yGapV = grid.gapOrdinal[gapV]!;
      if (gapU === gapV) {
        routes.push({
          kind: 'back',
          verticals: [],
          horizontals: [horizontal(gapU, 2 * cu + 1, DOWN, 2 * cv + 1, DOWN)],
        });
      } else {
        // Down or up in the channel right of the target's column, which lies left of the source's.
        const channelOrdinal = 2 * cv + 2;
        routes.push({
          kind: 'back',
          horizontals: [
            horizontal(gapU, 2 * cu + 1, DOWN, channelOrdinal, toward(yGapU, yGapV)),
            horizontal(gapV, channelOrdinal, toward(yGapV, yGapU), 2 * cv + 1, DOWN),
          ],
          verticals: [vertical(cv, yGapU, RIGHT, yGapV, LEFT)],
        });
      }
      continue;
    }
    if (ru === rv && isRowFree(grid, ru, cu, cv)) {
      routes.push({ kind: 'straight', verticals: [], horizontals: [] });
    } else if (cv === cu + 1 || isRowFree(grid, rv, cu, cv)) {
      routes.push({
        kind: 'elbow',
        verticals: [vertical(cu, yu, LEFT, yv, RIGHT)],
        horizontals: [],
      });
    } else if (isRowFree(grid, ru, cu, cv)) {
      routes.push({
        kind: 'elbow',
        verticals: [vertical(cv - 1, yu, LEFT, yv, RIGHT)],
        horizontals: [],
      });
    } else {
      // Past the steps in between along the gap next to the target's row, on the source's side.
      const gap = ru < rv ? grid.gapAbove[rv]! : grid.gapBelow[rv]!;
      const yGap = grid.gapOrdinal[gap]!;
      routes.push({
        kind: 'track',
        verticals: [vertical(cu, yu, LEFT, yGap, RIGHT), vertical(cv - 1, yGap, LEFT, yv, RIGHT)],
        horizontals: [horizontal(gap, 2 * cu + 2, toward(yGap, yu), 2 * cv, toward(yGap, yv))],
      });
    }
  }
  return {
    routes,
    verticals,
    horizontals,
    slotCounts: allocateOffsets(verticals, grid.columnCount),
    trackCounts: allocateOffsets(horizontals, gapCount),
  };
}

/** True when ordinal `at` lies strictly inside the run (a neighbour there would cross it). */
function isStrictlyInside(at: number, segment: RouteSegment): boolean {
  return at > segment.low && at < segment.high;
}

/** An overlap of two lines along each other reads worse than a crossing. */
const OVERLAP_COST = 2;

/**
 * What it costs when `first` takes the line left of (or above) `second`:
 * one per crossing — runs leaving `first` to the right (down) cross
 * `second`, and runs leaving `second` to the left (up) cross `first`, where
 * they meet its span — and more where a run leaving `first` to the right
 * and one arriving at `second` from the left lie on the same row (column):
 * they would be drawn along each other between the two lines.
 */
export function crossingsInOrder(first: RouteSegment, second: RouteSegment): number {
  let cost = 0;
  for (const attachment of first.attachments) {
    if (attachment.side !== 1) continue;
    if (isStrictlyInside(attachment.at, second)) cost++;
    for (const other of second.attachments)
      if (other.side === -1 && other.at === attachment.at) cost += OVERLAP_COST;
  }
  for (const attachment of second.attachments)
    if (attachment.side === -1 && isStrictlyInside(attachment.at, first)) cost++;
  return cost;
}

function isSpanOverlapping(a: RouteSegment, b: RouteSegment): boolean {
  // Runs that only touch (share an ordinal) meet at the same row or column and would be drawn on top of each other.
  return a.low <= b.high && b.low <= a.high;
}

/**
 * Parallel lines per place. The runs of a place are ordered so that fewer
 * of them cross (pairwise, by `crossingsInOrder`; the fan of lines leaving a
 * decision turns farthest-first), then each takes the line right of (below)
 * the runs before it that it overlaps. Runs that do not overlap share lines.
 */
function allocateOffsets(segments: RouteSegment[], placeCount: number): Int32Array {
  const counts = new Int32Array(placeCount);
  const byPlace = new Map<number, number[]>();
  segments.forEach((segment, index) => {
    const list = byPlace.get(segment.place);
    if (list) list.push(index);
    else byPlace.set(segment.place, [index]);
  });
  for (const [place, indices] of byPlace) {
    indices.sort((a, b) => {
      const x = segments[a]!;
      const y = segments[b]!;
      return (
        crossingsInOrder(x, y) - crossingsInOrder(y, x) || x.low - y.low || x.high - y.high || a - b
      );
    });
    // Each run goes right of (below) every earlier run it overlaps, so the order holds.
    const placed: RouteSegment[] = [];
    let lineCount = 0;
    for (const index of indices) {
      const segment = segments[index]!;
      let line = 0;
      for (const other of placed)
        if (other.offset >= line && isSpanOverlapping(other, segment)) line = other.offset + 1;
      segment.offset = line;
      placed.push(segment);
      lineCount = Math.max(lineCount, line + 1);
    }
    counts[place] = lineCount;
  }
  return counts;
}

/** Where a route's parallel lines lie, once channels and gaps are placed. */
export interface RouteGeometry {
  slotX(channel: number, slot: number): number;
  trackY(gap: number, track: number): number;
}

/** Where a back edge leaves a box (right of the top's middle) and enters one (left of it). */
function topPort(box: Box, shapeIsBox: boolean, side: -1 | 1): Point {
  const quarter = shapeIsBox ? box.width / 4 : 0;
  return { x: box.x + box.width / 2 + side * quarter, y: box.y };
}

/** The waypoints of a planned route between two placed boxes, from edge to edge. */
export function routeWaypoints(
  plan: RoutePlan,
  route: PlannedRoute,
  from: { box: Box; isBox: boolean },
  to: { box: Box; isBox: boolean },
  geometry: RouteGeometry,
): Point[] {
  const fromY = from.box.y + from.box.height / 2;
  const toY = to.box.y + to.box.height / 2;
  const exit = { x: from.box.x + from.box.width, y: fromY };
  const entry = { x: to.box.x, y: toY };
  const slot = (index: number) => {
    const segment = plan.verticals[route.verticals[index]!]!;
    return geometry.slotX(segment.place, segment.offset);
  };
  const track = (index: number) => {
    const segment = plan.horizontals[route.horizontals[index]!]!;
    return geometry.trackY(segment.place, segment.offset);
  };
  switch (route.kind) {
    case 'straight':
      return [exit, entry];
    case 'elbow': {
      const x = slot(0);
      return [exit, { x, y: fromY }, { x, y: toY }, entry];
    }
    case 'track': {
      const x1 = slot(0);
      const x2 = slot(1);
      const y = track(0);
      return [exit, { x: x1, y: fromY }, { x: x1, y }, { x: x2, y }, { x: x2, y: toY }, entry];
    }
    case 'back': {
      // A self-loop needs two ends apart to be seen, whatever the shape.
      const isSelfLoop = from.box === to.box;
      const out = topPort(from.box, from.isBox || isSelfLoop, 1);
      const into = topPort(to.box, to.isBox || isSelfLoop, -1);
      const yOut = track(0);
      if (route.horizontals.length === 1)
        return [out, { x: out.x, y: yOut }, { x: into.x, y: yOut }, into];
      const x = slot(0);
      const yIn = track(1);
      return [
        out,
        { x: out.x, y: yOut },
        { x, y: yOut },
        { x, y: yIn },
        { x: into.x, y: yIn },
        into,
      ];
    }
  }
}

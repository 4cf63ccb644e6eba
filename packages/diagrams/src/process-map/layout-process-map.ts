/** What the map is drawn from: activities and the hand-offs between them (a directly-follows graph). */
export interface ProcessMapInput {
  activities: readonly { name: string; cases: number }[];
  arcs: readonly { from: string; to: string; count: number }[];
  /** Activities cases start with, most frequent first: they open the first column. */
  starts: readonly string[];
}

export interface PlacedActivity {
  name: string;
  /** Column, from 0 at the left. */
  layer: number;
  x: number;
  y: number;
}

export interface PlacedArc {
  from: string;
  to: string;
  /** Goes to a later column (drawn left to right) or back (drawn below, as a loop). */
  isForward: boolean;
  /** SVG path data. */
  path: string;
  labelX: number;
  labelY: number;
}

export interface ProcessMapLayout {
  activities: PlacedActivity[];
  arcs: PlacedArc[];
  width: number;
  height: number;
  boxWidth: number;
  boxHeight: number;
}

const BOX_WIDTH = 160;
const BOX_HEIGHT = 44;
const COLUMN_GAP = 120;
const ROW_GAP = 36;
const MARGIN = 24;

/**
 * Lays a process map out left to right, the way people read a process: a
 * depth-first walk from the start activities, following the most frequent
 * hand-offs first, tells forward hand-offs from back-moves (rework loops);
 * each activity then sits one column after the furthest activity that hands
 * over to it (longest path), and within a column activities are ordered by
 * where their predecessors sit, to keep lines short. Positions depend on every
 * arc, not on the ones shown, so a detail slider does not move the boxes.
 * Self-loops are not drawn as arcs.
 */
export function layoutProcessMap(input: ProcessMapInput): ProcessMapLayout {
  const names = input.activities.map((activity) => activity.name);
  const index = new Map(names.map((name, k) => [name, k]));
  const outgoing: { to: number; count: number }[][] = names.map(() => []);
  for (const arc of input.arcs) {
    const from = index.get(arc.from);
    const to = index.get(arc.to);
    if (from === undefined || to === undefined || from === to) continue;
    outgoing[from]!.push({ to, count: arc.count });
  }
  for (const list of outgoing) list.sort((x, y) => y.count - x.count || x.to - y.to);

  // Back edges: arcs to an activity still on the walk's stack.
  const state = new Uint8Array(names.length); // 0 unseen, 1 on stack, 2 done
  const back = new Set<string>();
  const walk = (start: number) => {
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = outgoing[top.node]!;
      if (top.next < edges.length) {
        const { to } = edges[top.next++]!;
        if (state[to] === 1) back.add(`${top.node}>${to}`);
        else if (state[to] === 0) {
          state[to] = 1;
          stack.push({ node: to, next: 0 });
        }
      } else {
        state[top.node] = 2;
        stack.pop();
      }
    }
  };
  const byCases = names
    .map((_, k) => k)
    .sort((x, y) => input.activities[y]!.cases - input.activities[x]!.cases || x - y);
  for (const start of input.starts) {
    const k = index.get(start);
    if (k !== undefined && state[k] === 0) walk(k);
  }
  for (const k of byCases) if (state[k] === 0) walk(k);

  // Longest-path columns over the forward arcs (a DAG now), in topological order.
  const indegree = new Uint32Array(names.length);
  for (let from = 0; from < names.length; from++)
    for (const { to } of outgoing[from]!) if (!back.has(`${from}>${to}`)) indegree[to]!++;
  const layer = new Uint32Array(names.length);
  const ready = names.map((_, k) => k).filter((k) => indegree[k] === 0);
  while (ready.length > 0) {
    const from = ready.shift()!;
    for (const { to } of outgoing[from]!) {
      if (back.has(`${from}>${to}`)) continue;
      layer[to] = Math.max(layer[to]!, layer[from]! + 1);
      if (--indegree[to]! === 0) ready.push(to);
    }
  }

  // Rows: each column ordered by the mean row of its predecessors, then by cases.
  const columns: number[][] = [];
  for (const k of byCases) {
    const column = columns[layer[k]!] ?? [];
    column.push(k);
    columns[layer[k]!] = column;
  }
  const row = new Float64Array(names.length);
  const incoming: { from: number; count: number }[][] = names.map(() => []);
  for (let from = 0; from < names.length; from++)
    for (const { to, count } of outgoing[from]!) incoming[to]!.push({ from, count });
  columns.forEach((column, c) => {
    if (c > 0) {
      const weight = (k: number) => {
        let sum = 0;
        let total = 0;
        for (const { from, count } of incoming[k]!)
          if (layer[from]! < c) {
            sum += row[from]! * count;
            total += count;
          }
        return total > 0 ? sum / total : Number.POSITIVE_INFINITY;
      };
      const wanted = new Map(column.map((k) => [k, weight(k)]));
      column.sort((x, y) => wanted.get(x)! - wanted.get(y)!);
    }
    column.forEach((k, r) => {
      row[k] = r;
    });
  });

  const activities: PlacedActivity[] = names.map((name, k) => ({
    name,
    layer: layer[k]!,
    x: MARGIN + layer[k]! * (BOX_WIDTH + COLUMN_GAP),
    y: MARGIN + row[k]! * (BOX_HEIGHT + ROW_GAP),
  }));
  const tallest = Math.max(1, ...columns.map((column) => column?.length ?? 0));
  const arcs: PlacedArc[] = [];
  for (const arc of input.arcs) {
    const from = index.get(arc.from);
    const to = index.get(arc.to);
    if (from === undefined || to === undefined || from === to) continue;
    const a = activities[from]!;
    const b = activities[to]!;
    const isForward = b.layer > a.layer;
    if (isForward) {
      const x1 = a.x + BOX_WIDTH;
      const y1 = a.y + BOX_HEIGHT / 2;
      const x2 = b.x;
      const y2 = b.y + BOX_HEIGHT / 2;
      const bend = Math.min(80, (x2 - x1) / 2);
      arcs.push({
        from: arc.from,
        to: arc.to,
        isForward,
        path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
        labelX: (x1 + x2) / 2,
        labelY: (y1 + y2) / 2 - 6,
      });
    } else {
      // Back (or within a column): out of the bottom, round below, into the bottom.
      const x1 = a.x + BOX_WIDTH / 2 + 12;
      const y1 = a.y + BOX_HEIGHT;
      const x2 = b.x + BOX_WIDTH / 2 - 12;
      const y2 = b.y + BOX_HEIGHT;
      const depth = 40 + 10 * Math.abs(a.layer - b.layer);
      arcs.push({
        from: arc.from,
        to: arc.to,
        isForward,
        path: `M${x1},${y1} C${x1},${y1 + depth} ${x2},${y2 + depth} ${x2},${y2}`,
        labelX: (x1 + x2) / 2,
        labelY: Math.max(y1, y2) + depth * 0.75 + 4,
      });
    }
  }
  const columnCount = Math.max(1, columns.length);
  return {
    activities,
    arcs,
    width: 2 * MARGIN + columnCount * BOX_WIDTH + (columnCount - 1) * COLUMN_GAP,
    height: 2 * MARGIN + tallest * BOX_HEIGHT + (tallest - 1) * ROW_GAP + 60,
    boxWidth: BOX_WIDTH,
    boxHeight: BOX_HEIGHT,
  };
}

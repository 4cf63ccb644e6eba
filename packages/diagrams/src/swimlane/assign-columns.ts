/**
 * A process's flow graph by step index: step `from[k]` → step `to[k]` for
 * each flow k (flows whose ends are not steps are left out before this).
 */
export interface FlowGraph {
  stepCount: number;
  from: readonly number[];
  to: readonly number[];
  /** Steps of kind start, where the search for rework loops begins. */
  isStart: readonly boolean[];
}

export interface ColumnAssignment {
  /** The column of each step, by step index; 0 is the leftmost. */
  columns: Int32Array;
  /** Per flow: 1 when it goes back against the flow (a rework loop, or a self-loop). */
  isBackEdge: Uint8Array;
  columnCount: number;
}

/**
 * Columns by longest path from the starts (a step comes after everything
 * that flows into it), the classic first phase of a layered (Sugiyama)
 * layout. Rework loops would make that infinite, so back edges are found
 * first by a depth-first search from the starts (an edge to a step still on
 * the search stack) and left out of the layering. The search visits roots
 * and successors in step order, which is time order, so that the edge
 * leaving a loop's last step — not its first — is the one called back.
 *
 * Steps with no flows at all take the place their row of the step list
 * gives them: right after the step before them.
 */
export function assignColumns(graph: FlowGraph): ColumnAssignment {
  const { stepCount, from, to } = graph;
  const edgeCount = from.length;
  const outgoing = buildAdjacency(stepCount, from, to);
  const isBackEdge = findBackEdges(graph, outgoing);

  // Layering edges: the forward flows, plus a virtual one into each step
  // without flows from the step before it in the list.
  const hasFlow = new Uint8Array(stepCount);
  for (let edge = 0; edge < edgeCount; edge++) {
    if (from[edge] === to[edge]) continue;
    hasFlow[from[edge]!] = 1;
    hasFlow[to[edge]!] = 1;
  }
  const layerFrom: number[] = [];
  const layerTo: number[] = [];
  for (let edge = 0; edge < edgeCount; edge++) {
    if (isBackEdge[edge] === 1) continue;
    layerFrom.push(from[edge]!);
    layerTo.push(to[edge]!);
  }
  for (let step = 1; step < stepCount; step++) {
    if (hasFlow[step] === 0) {
      layerFrom.push(step - 1);
      layerTo.push(step);
    }
  }
  const columns = longestPathColumns(stepCount, layerFrom, layerTo);
  let columnCount = 0;
  for (let step = 0; step < stepCount; step++)
    columnCount = Math.max(columnCount, columns[step]! + 1);
  return { columns, isBackEdge, columnCount };
}

/** Outgoing edge indices per step, ordered by target step (time order), then by edge. */
function buildAdjacency(
  stepCount: number,
  from: readonly number[],
  to: readonly number[],
): number[][] {
  const outgoing: number[][] = Array.from({ length: stepCount }, () => []);
  for (let edge = 0; edge < from.length; edge++) outgoing[from[edge]!]!.push(edge);
  for (const edges of outgoing) edges.sort((a, b) => to[a]! - to[b]! || a - b);
  return outgoing;
}

/**
 * Depth-first search, iterative (a 10,000-step chain would overflow the call
 * stack), from the starts, then from steps nothing flows into, then from any
 * step not yet reached, each group in step order.
 */
function findBackEdges(graph: FlowGraph, outgoing: readonly number[][]): Uint8Array {
  const { stepCount, from, to, isStart } = graph;
  const isBackEdge = new Uint8Array(from.length);
  const incoming = new Int32Array(stepCount);
  for (let edge = 0; edge < from.length; edge++)
    if (from[edge] !== to[edge]) incoming[to[edge]!]!++;
  const roots: number[] = [];
  for (let step = 0; step < stepCount; step++) if (isStart[step]) roots.push(step);
  for (let step = 0; step < stepCount; step++)
    if (!isStart[step] && incoming[step] === 0) roots.push(step);
  for (let step = 0; step < stepCount; step++) roots.push(step);

  const NEW = 0;
  const ON_STACK = 1;
  const DONE = 2;
  const state = new Uint8Array(stepCount);
  const nextEdge = new Int32Array(stepCount);
  const stack: number[] = [];
  for (const root of roots) {
    if (state[root] !== NEW) continue;
    state[root] = ON_STACK;
    stack.push(root);
    while (stack.length > 0) {
      const step = stack.at(-1)!;
      const edges = outgoing[step]!;
      if (nextEdge[step]! >= edges.length) {
        state[step] = DONE;
        stack.pop();
        continue;
      }
      const edge = edges[nextEdge[step]!++]!;
      const target = to[edge]!;
      if (state[target] === ON_STACK) isBackEdge[edge] = 1;
      else if (state[target] === NEW) {
        state[target] = ON_STACK;
        stack.push(target);
      }
    }
  }
  return isBackEdge;
}

/** Longest-path layering of an acyclic graph, in topological order (Kahn). */
function longestPathColumns(
  stepCount: number,
  from: readonly number[],
  to: readonly number[],
): Int32Array {
  const outgoing = buildAdjacency(stepCount, from, to);
  const waiting = new Int32Array(stepCount);
  for (const target of to) waiting[target]!++;
  const columns = new Int32Array(stepCount);
  const queue: number[] = [];
  for (let step = 0; step < stepCount; step++) if (waiting[step] === 0) queue.push(step);
  for (let head = 0; head < queue.length; head++) {
    const step = queue[head]!;
    for (const edge of outgoing[step]!) {
      const target = to[edge]!;
      columns[target] = Math.max(columns[target]!, columns[step]! + 1);
      if (--waiting[target]! === 0) queue.push(target);
    }
  }
  if (queue.length !== stepCount) throw new Error('assignColumns: layering edges form a cycle');
  return columns;
}

import type { Box, Point } from './swimlane-layout.ts';

/** Distance from a flow line to its label, and from the line's ends. */
const LINE_GAP_PX = 2;
const END_GAP_PX = 4;
/** Room for the arrowhead at a flow's last point. */
const ARROW_PX = 10;

/** True when the two boxes share some area (touching edges do not count). */
export function isOverlapping(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Places the label beside its flow's line: above, then below each
 * horizontal run from the source on (just after the start, then just before
 * the end, then centred), then beside each vertical run. Buckets of a coarse
 * grid hold what is already placed, so that each candidate is checked
 * against its neighbours only.
 */
export class LabelPlacer {
  private readonly cellPx = 128;
  private readonly cells = new Map<number, Box[]>();
  /** Labels stay inside this box (the lanes right of their headers). */
  private readonly bounds: Box;

  constructor(bounds: Box) {
    this.bounds = bounds;
  }

  /** Something labels must not cover: a step, its name or badges, a lane header, a label. */
  addObstacle(box: Box): void {
    for (const key of this.cellKeys(box)) {
      const list = this.cells.get(key);
      if (list) list.push(box);
      else this.cells.set(key, [box]);
    }
  }

  /**
   * The first free place along `waypoints` for a label of `width` ×
   * `height`, taken; else the first candidate. `isAtEnd` tries the places
   * by the flow's end first.
   */
  place(waypoints: readonly Point[], width: number, height: number, isAtEnd = false): Box {
    const candidates = labelCandidates(waypoints, width, height, isAtEnd);
    let chosen = candidates[0] ?? {
      x: waypoints[0]!.x,
      y: waypoints[0]!.y - height,
      width,
      height,
    };
    for (const candidate of candidates) {
      if (this.isFree(candidate)) {
        chosen = candidate;
        break;
      }
    }
    this.addObstacle(chosen);
    return chosen;
  }

  private isFree(box: Box): boolean {
    const { bounds } = this;
    if (
      box.x < bounds.x ||
      box.y < bounds.y ||
      box.x + box.width > bounds.x + bounds.width ||
      box.y + box.height > bounds.y + bounds.height
    )
      return false;
    for (const key of this.cellKeys(box)) {
      for (const other of this.cells.get(key) ?? []) if (isOverlapping(box, other)) return false;
    }
    return true;
  }

  /** Keys of the grid cells a box touches: column × 2^20 + row. */
  private cellKeys(box: Box): number[] {
    const keys: number[] = [];
    const left = Math.floor(box.x / this.cellPx);
    const right = Math.floor((box.x + box.width) / this.cellPx);
    const top = Math.floor(box.y / this.cellPx);
    const bottom = Math.floor((box.y + box.height) / this.cellPx);
    for (let column = left; column <= right; column++)
      for (let row = top; row <= bottom; row++) keys.push(column * 1_048_576 + row);
    return keys;
  }
}

/**
 * Candidate label boxes along a flow, best first: beside each horizontal
 * run from the source on (just after its start, just before its end,
 * centred; above, then below the line), or from the target back when
 * `isAtEnd` (just before the end first); then beside each vertical run.
 */
export function labelCandidates(
  waypoints: readonly Point[],
  width: number,
  height: number,
  isAtEnd = false,
): Box[] {
  const candidates: Box[] = [];
  const last = waypoints.length - 2;
  const runs = [...Array(last + 1).keys()];
  if (isAtEnd) runs.reverse();
  for (const index of runs) {
    const a = waypoints[index]!;
    const b = waypoints[index + 1]!;
    if (a.y !== b.y) continue;
    const left = Math.min(a.x, b.x);
    const right = Math.max(a.x, b.x);
    // Keep clear of the arrowhead on the last run.
    const endRoom = index === last ? ARROW_PX : 0;
    const isRightward = a.x < b.x;
    const above = a.y - LINE_GAP_PX - height;
    const below = a.y + LINE_GAP_PX;
    const startX = isRightward ? left + END_GAP_PX : right - END_GAP_PX - width;
    const endX = isRightward ? right - END_GAP_PX - endRoom - width : left + END_GAP_PX + endRoom;
    const middleX = (left + right - width) / 2;
    const xs = isAtEnd ? [endX, startX, middleX] : [startX, endX, middleX];
    for (const x of xs) for (const y of [above, below]) candidates.push({ x, y, width, height });
  }
  for (let index = 0; index <= last; index++) {
    const a = waypoints[index]!;
    const b = waypoints[index + 1]!;
    if (a.x !== b.x || a.y === b.y) continue;
    const y = (a.y + b.y - height) / 2;
    candidates.push({ x: a.x + LINE_GAP_PX + 2, y, width, height });
    candidates.push({ x: a.x - LINE_GAP_PX - 2 - width, y, width, height });
  }
  return candidates;
}

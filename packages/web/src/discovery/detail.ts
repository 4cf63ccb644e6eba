/** The map's detail control: how many hand-offs are shown, most frequent first. */
export interface Detail {
  /** Hand-offs between two different activities, by case count, most first. */
  counts: number[];
}

export function detailOf(arcs: readonly { from: string; to: string; count: number }[]): Detail {
  return {
    counts: arcs
      .filter((arc) => arc.from !== arc.to)
      .map((arc) => arc.count)
      .sort((x, y) => y - x),
  };
}

/** Hand-offs shown when a map opens: the 30 most frequent, so a large map opens readable. */
export const SHOWN_AT_FIRST = 30;

/**
 * The smallest case count shown when `shown` hand-offs are asked for. Ties
 * are not cut: every hand-off with that count is shown too, so the map never
 * shows one of two equally frequent hand-offs.
 */
export function minCountFor(detail: Detail, shown: number): number {
  if (detail.counts.length === 0) return 1;
  const k = Math.max(1, Math.min(shown, detail.counts.length));
  return detail.counts[k - 1]!;
}

/** How many hand-offs a minimum count really shows (ties included). */
export function shownAt(detail: Detail, minCount: number): number {
  return detail.counts.filter((count) => count >= minCount).length;
}

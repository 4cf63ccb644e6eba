import type { SequenceLog } from '../event-log/index.ts';
import { compareText } from './compare.ts';

/**
 * Of the `cases` that reach `from`, `reached` also reach `to` at some later
 * point: an event of `to` after the first event of `from` in the same case.
 */
export interface PassRate {
  from: string;
  to: string;
  cases: number;
  reached: number;
  /** reached / cases. */
  rate: number;
}

/**
 * Stage pass (conversion) rates between every pair of distinct activities
 * that occur in that order in at least one case. Ordered by the number of
 * cases reaching `from`, then by `from`, then by `reached`, then by `to`.
 */
export function computePassRates(log: SequenceLog): PassRate[] {
  const activityCount = log.activities.length;
  const firstPosition = new Int32Array(activityCount);
  const lastPosition = new Int32Array(activityCount);
  const seenInCase = new Int32Array(activityCount).fill(-1);
  const casesReaching = new Uint32Array(activityCount);
  // Dense A×A counts while that stays small (2048² × 4 B = 16 MB); a Map beyond.
  const isDense = activityCount <= 2048;
  const denseReached = isDense ? new Uint32Array(activityCount * activityCount) : undefined;
  const sparseReached = isDense ? undefined : new Map<number, number>();
  const distinct = new Int32Array(activityCount);

  for (let c = 0; c < log.caseCount; c++) {
    const from = log.caseStart[c]!;
    const to = log.caseStart[c + 1]!;
    let distinctCount = 0;
    for (let i = from; i < to; i++) {
      const a = log.activityOf[i]!;
      if (seenInCase[a] !== c) {
        seenInCase[a] = c;
        firstPosition[a] = i;
        distinct[distinctCount++] = a;
      }
      lastPosition[a] = i;
    }
    // Hot path: every ordered pair of the case's distinct activities.
    for (let x = 0; x < distinctCount; x++) {
      const a = distinct[x]!;
      casesReaching[a]!++;
      const firstOfA = firstPosition[a]!;
      const row = a * activityCount;
      for (let y = 0; y < distinctCount; y++) {
        const b = distinct[y]!;
        if (b === a || lastPosition[b]! <= firstOfA) continue;
        if (denseReached) denseReached[row + b]!++;
        else sparseReached!.set(row + b, (sparseReached!.get(row + b) ?? 0) + 1);
      }
    }
  }

  const rates: PassRate[] = [];
  const addRate = (key: number, reached: number): void => {
    const a = Math.floor(key / activityCount);
    const cases = casesReaching[a]!;
    rates.push({
      from: log.activities[a]!,
      to: log.activities[key % activityCount]!,
      cases,
      reached,
      rate: reached / cases,
    });
  };
  if (denseReached) {
    for (let key = 0; key < denseReached.length; key++)
      if (denseReached[key]! > 0) addRate(key, denseReached[key]!);
  } else {
    for (const [key, reached] of sparseReached!) addRate(key, reached);
  }
  return rates.sort(
    (x, y) =>
      y.cases - x.cases ||
      compareText(x.from, y.from) ||
      y.reached - x.reached ||
      compareText(x.to, y.to),
  );
}

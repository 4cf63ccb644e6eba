/**
 * Generated events waiting to be written, bucketed by day, so the log comes
 * out in time order the way a CRM export sorted by time does, without sorting
 * the whole log. Cases are simulated in start order; once the next case starts
 * on day d, no later case can add an event before day d, so every bucket
 * before d is final and can be sorted and written.
 *
 * Hot path: an event is four numbers pushed onto its day's plain array
 * (second of day, case number, stage, resource); no per-event objects.
 */
export const EVENT_STRIDE = 4;

/** Insertion order within a day fits below 2³², and second-of-day × 2³² stays below 2⁵³. */
const ORDER_RANGE = 4_294_967_296;

export class EventsByDay {
  private readonly buckets: (number[] | undefined)[] = [];

  add(
    dayIndex: number,
    secondOfDay: number,
    caseNumber: number,
    stage: number,
    resource: number,
  ): void {
    let bucket = this.buckets[dayIndex];
    if (bucket === undefined) {
      bucket = [];
      this.buckets[dayIndex] = bucket;
    }
    bucket.push(secondOfDay, caseNumber, stage, resource);
  }

  /** One past the last day that holds events. */
  get dayCount(): number {
    return this.buckets.length;
  }

  /**
   * Removes the day's events and returns them as a flat array (stride
   * EVENT_STRIDE) ordered by second of day; events in the same second keep the
   * order they were added in (case start order, then stage order), so the
   * result is deterministic and each case's own order is never disturbed.
   */
  takeDay(dayIndex: number): number[] {
    const bucket = this.buckets[dayIndex];
    this.buckets[dayIndex] = undefined;
    if (bucket === undefined) return [];
    const eventCount = bucket.length / EVENT_STRIDE;
    const sortKeys = new Float64Array(eventCount);
    for (let i = 0; i < eventCount; i++) sortKeys[i] = bucket[i * EVENT_STRIDE]! * ORDER_RANGE + i;
    sortKeys.sort();
    const sorted = new Array<number>(bucket.length);
    for (let k = 0; k < eventCount; k++) {
      const from = (sortKeys[k]! % ORDER_RANGE) * EVENT_STRIDE;
      const to = k * EVENT_STRIDE;
      sorted[to] = bucket[from]!;
      sorted[to + 1] = bucket[from + 1]!;
      sorted[to + 2] = bucket[from + 2]!;
      sorted[to + 3] = bucket[from + 3]!;
    }
    return sorted;
  }
}

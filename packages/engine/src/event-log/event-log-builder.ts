import { type CaseAttribute, type EventLog, MISSING } from './event-log.ts';
import { StringTable } from './string-table.ts';

/**
 * Collects events in input order, then sorts them into an `EventLog`.
 * Readers intern strings into the builder's tables and add events by index,
 * so no per-event object is ever made.
 */
export class EventLogBuilder {
  readonly caseIds = new StringTable();
  readonly activities = new StringTable();
  readonly resources = new StringTable();
  private caseOf: Uint32Array;
  private activityOf: Uint32Array;
  private resourceOf: Uint32Array;
  private timestampMs: Float64Array;
  private count = 0;
  /** When each event started, for logs that say so; NaN where unknown. */
  private startMs: Float64Array | undefined;
  private readonly attributes = new Map<string, AttributeColumn>();

  constructor(expectedEvents = 1024) {
    const capacity = Math.max(16, Math.ceil(expectedEvents));
    this.caseOf = new Uint32Array(capacity);
    this.activityOf = new Uint32Array(capacity);
    this.resourceOf = new Uint32Array(capacity);
    this.timestampMs = new Float64Array(capacity);
  }

  get eventCount(): number {
    return this.count;
  }

  /** Adds one event; `resourceIndex` is `MISSING` when the event has none. */
  addEvent(
    caseIndex: number,
    activityIndex: number,
    resourceIndex: number,
    timestampMs: number,
  ): void {
    if (this.count === this.caseOf.length) this.grow();
    const i = this.count++;
    this.caseOf[i] = caseIndex;
    this.activityOf[i] = activityIndex;
    this.resourceOf[i] = resourceIndex;
    this.timestampMs[i] = timestampMs;
  }

  /**
   * Records when the last added event started (XES start/complete pairs): the
   * log then has `startMs`, and its events' processing times can be measured.
   */
  setStartOfLastEvent(startMs: number): void {
    if (this.startMs === undefined)
      this.startMs = new Float64Array(this.caseOf.length).fill(Number.NaN);
    if (this.startMs.length < this.caseOf.length) {
      const grown = new Float64Array(this.caseOf.length).fill(Number.NaN);
      grown.set(this.startMs);
      this.startMs = grown;
    }
    this.startMs[this.count - 1] = startMs;
  }

  /** Convenience for small logs and tests: adds an event by its strings. */
  add(caseId: string, activity: string, timestampMs: number, resource?: string): void {
    this.addEvent(
      this.caseIds.intern(caseId),
      this.activities.intern(activity),
      resource === undefined || resource === '' ? MISSING : this.resources.intern(resource),
      timestampMs,
    );
  }

  /**
   * Sets a case attribute. Without `atMs` a later call replaces an earlier
   * value; with it, the value observed at the latest time wins (ties: the later
   * call), so attributes read from event rows hold the case's latest state
   * whatever the order of the rows.
   */
  setCaseAttribute(name: string, caseIndex: number, value: string, atMs?: number): void {
    let attribute = this.attributes.get(name);
    if (attribute === undefined) {
      attribute = { table: new StringTable(), valueIndexOf: new Uint32Array(0), atMs: undefined };
      this.attributes.set(name, attribute);
    }
    if (caseIndex >= attribute.valueIndexOf.length) {
      const capacity = Math.max(caseIndex + 1, attribute.valueIndexOf.length * 2, 16);
      const grown = new Uint32Array(capacity).fill(MISSING);
      grown.set(attribute.valueIndexOf);
      attribute.valueIndexOf = grown;
      if (attribute.atMs) {
        const grownAt = new Float64Array(capacity).fill(Number.NEGATIVE_INFINITY);
        grownAt.set(attribute.atMs);
        attribute.atMs = grownAt;
      }
    }
    if (atMs !== undefined) {
      if (!attribute.atMs) {
        attribute.atMs = new Float64Array(attribute.valueIndexOf.length).fill(
          Number.NEGATIVE_INFINITY,
        );
      }
      if (atMs < attribute.atMs[caseIndex]!) return;
      attribute.atMs[caseIndex] = atMs;
    }
    attribute.valueIndexOf[caseIndex] = attribute.table.intern(value);
  }

  /**
   * Sorts events by case (cases in order of first appearance) and, within a
   * case, by timestamp, keeping input order for equal timestamps. Case ids
   * without any event are left out. The builder must not be used afterwards.
   */
  build(): EventLog {
    const n = this.count;
    const caseOf = this.caseOf;
    // A case id interned without an event (a case-attribute row for an
    // opportunity with no history) would make an empty case; every analysis
    // assumes each case has a first and a last event, so such ids are dropped.
    const keptCases = renumberCasesWithEvents(caseOf, n, this.caseIds.size);
    const caseCount = keptCases?.length ?? this.caseIds.size;
    const caseIds = keptCases?.map((c) => this.caseIds.values[c]!) ?? this.caseIds.values;

    // Counting sort by case: stable, so each case's events stay in input order.
    const caseStart = new Uint32Array(caseCount + 1);
    for (let i = 0; i < n; i++) caseStart[(caseOf[i] as number) + 1]!++;
    for (let c = 0; c < caseCount; c++) caseStart[c + 1]! += caseStart[c]!;
    const order = new Uint32Array(n);
    const next = caseStart.slice(0, caseCount);
    for (let i = 0; i < n; i++) order[next[caseOf[i] as number]!++] = i;

    // Timestamps in case order first (sequential writes), so that checking
    // each case's time order reads memory in sequence; most exports are
    // already in time order within a case, and only the others are sorted.
    const timestamps = this.timestampMs;
    const timestampMs = new Float64Array(n);
    for (let i = 0; i < n; i++) timestampMs[i] = timestamps[order[i]!]!;
    for (let c = 0; c < caseCount; c++) {
      const from = caseStart[c]!;
      const to = caseStart[c + 1]!;
      if (isOrderedByTime(timestampMs, from, to)) continue;
      sortByTime(order, timestamps, from, to);
      for (let i = from; i < to; i++) timestampMs[i] = timestamps[order[i]!]!;
    }
    this.timestampMs = new Float64Array(0);

    // Gather the other columns through `order`, one at a time to keep peak memory low.
    const activityOf = gatherUint32(this.activityOf, order, n);
    this.activityOf = new Uint32Array(0);
    // A log without resources (or read without them) needs no gather.
    const resourceOf =
      this.resources.size === 0
        ? new Uint32Array(n).fill(MISSING)
        : gatherUint32(this.resourceOf, order, n);
    this.resourceOf = new Uint32Array(0);
    this.caseOf = new Uint32Array(0);
    let startMs: Float64Array | undefined;
    if (this.startMs) {
      const starts = this.startMs;
      startMs = new Float64Array(n);
      for (let i = 0; i < n; i++)
        startMs[i] = order[i]! < starts.length ? starts[order[i]!]! : Number.NaN;
      this.startMs = undefined;
    }

    const caseAttributes: CaseAttribute[] = [];
    for (const [name, { table, valueIndexOf }] of this.attributes) {
      const perCase = new Uint32Array(caseCount).fill(MISSING);
      if (keptCases) {
        keptCases.forEach((c, k) => {
          if (c < valueIndexOf.length) perCase[k] = valueIndexOf[c]!;
        });
      } else {
        perCase.set(valueIndexOf.subarray(0, Math.min(valueIndexOf.length, caseCount)));
      }
      caseAttributes.push({ name, values: table.values, valueIndexOf: perCase });
    }

    return {
      eventCount: n,
      caseCount,
      caseStart,
      activityOf,
      resourceOf,
      timestampMs,
      caseIds,
      activities: this.activities.values,
      resources: this.resources.values,
      caseAttributes,
      ...(startMs ? { startMs } : {}),
    };
  }

  /**
   * The collected events in input order and the tables they index, for
   * handing to another builder (`appendColumns`): readers that split a file
   * among threads build one builder per part and merge them in file order.
   */
  toColumns(): EventColumns {
    const n = this.count;
    return {
      eventCount: n,
      caseOf: this.caseOf.subarray(0, n),
      activityOf: this.activityOf.subarray(0, n),
      resourceOf: this.resourceOf.subarray(0, n),
      timestampMs: this.timestampMs.subarray(0, n),
      caseAttributes: [...this.attributes].map(([name, { table, valueIndexOf, atMs }]) => ({
        name,
        values: table.values,
        valueIndexOf,
        atMs,
      })),
    };
  }

  /**
   * Appends events collected by another builder after this one's, mapping
   * its case, activity and resource indices onto this builder's tables with
   * `indexMaps` (the reader knows them: it interns by bytes). Events keep
   * their order, so ties stay in input order across the parts.
   */
  appendColumns(columns: EventColumns, indexMaps: IndexMaps): void {
    const { caseMap, activityMap, resourceMap } = indexMaps;
    const needed = this.count + columns.eventCount;
    while (this.caseOf.length < needed) this.grow();
    for (let i = 0; i < columns.eventCount; i++) {
      const j = this.count + i;
      this.caseOf[j] = caseMap[columns.caseOf[i]!]!;
      this.activityOf[j] = activityMap[columns.activityOf[i]!]!;
      const resource = columns.resourceOf[i]!;
      this.resourceOf[j] = resource === MISSING ? MISSING : resourceMap[resource]!;
      this.timestampMs[j] = columns.timestampMs[i]!;
    }
    this.count = needed;
    for (const attribute of columns.caseAttributes) {
      const length = Math.min(attribute.valueIndexOf.length, caseMap.length);
      for (let c = 0; c < length; c++) {
        const value = attribute.valueIndexOf[c]!;
        if (value === MISSING) continue;
        const atMs = attribute.atMs?.[c];
        this.setCaseAttribute(attribute.name, caseMap[c]!, attribute.values[value]!, atMs);
      }
    }
  }

  private grow(): void {
    const capacity = this.caseOf.length * 2;
    this.caseOf = growUint32(this.caseOf, capacity);
    this.activityOf = growUint32(this.activityOf, capacity);
    this.resourceOf = growUint32(this.resourceOf, capacity);
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestampMs);
    this.timestampMs = timestamps;
  }
}

/**
 * Renumbers `caseOf[0, n)` in place so that cases without events are left out,
 * and returns the original index of each kept case; undefined when every case
 * has events (the usual case: nothing is renumbered).
 */
function renumberCasesWithEvents(
  caseOf: Uint32Array,
  n: number,
  caseCount: number,
): number[] | undefined {
  const hasEvents = new Uint8Array(caseCount);
  for (let i = 0; i < n; i++) hasEvents[caseOf[i]!] = 1;
  if (!hasEvents.includes(0)) return undefined;
  const newIndexOf = new Uint32Array(caseCount);
  const keptCases: number[] = [];
  for (let c = 0; c < caseCount; c++) {
    if (hasEvents[c] === 1) {
      newIndexOf[c] = keptCases.length;
      keptCases.push(c);
    }
  }
  for (let i = 0; i < n; i++) caseOf[i] = newIndexOf[caseOf[i]!]!;
  return keptCases;
}

/** Where another builder's case, activity and resource indices are in this builder's tables. */
export interface IndexMaps {
  caseMap: Uint32Array;
  activityMap: Uint32Array;
  resourceMap: Uint32Array;
}

/** What a builder has collected, in input order (see `toColumns`). */
export interface EventColumns {
  eventCount: number;
  caseOf: Uint32Array;
  activityOf: Uint32Array;
  resourceOf: Uint32Array;
  timestampMs: Float64Array;
  caseAttributes: {
    name: string;
    values: readonly string[];
    valueIndexOf: Uint32Array;
    /** When each case's value was observed, for attributes set with a time. */
    atMs: Float64Array | undefined;
  }[];
}

interface AttributeColumn {
  table: StringTable;
  valueIndexOf: Uint32Array;
  /** When each value was observed, for attributes set with a time. */
  atMs: Float64Array | undefined;
}

function growUint32(array: Uint32Array, capacity: number): Uint32Array {
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

function gatherUint32(source: Uint32Array, order: Uint32Array, n: number): Uint32Array {
  const target = new Uint32Array(n);
  for (let i = 0; i < n; i++) target[i] = source[order[i]!]!;
  return target;
}

function isOrderedByTime(timestampMs: Float64Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (timestampMs[i]! < timestampMs[i - 1]!) return false;
  return true;
}

/** Sorts `order[from, to)` by timestamp, ties by input position (so the sort is stable). */
function sortByTime(order: Uint32Array, timestamps: Float64Array, from: number, to: number): void {
  order.subarray(from, to).sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
}

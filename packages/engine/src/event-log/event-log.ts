/** Index stored where an event has no resource or a case has no attribute value. */
export const MISSING = 0xffff_ffff;

/**
 * A case-level attribute (team, region, amount, owner, outcome…), dictionary
 * encoded: `valueIndexOf[case]` indexes `values`, or is `MISSING`.
 */
export interface CaseAttribute {
  readonly name: string;
  readonly values: readonly string[];
  readonly valueIndexOf: Uint32Array;
}

/**
 * A sales event log in columnar, dictionary-encoded form.
 *
 * Events are sorted by case, then by timestamp; events of one case with the
 * same timestamp keep the order they had in the input. The events of case `c`
 * are the indices `caseStart[c] … caseStart[c + 1] − 1` of the event columns.
 *
 * Per event this costs 16 bytes (activity, resource, timestamp), plus 4 bytes
 * per case for `caseStart` and the case attributes: every analysis is a pass
 * over these arrays, never over per-event objects.
 */
export interface EventLog {
  readonly eventCount: number;
  readonly caseCount: number;
  /** Length `caseCount + 1`; the events of case `c` start at `caseStart[c]`. */
  readonly caseStart: Uint32Array;
  /** Per event: index into `activities`. */
  readonly activityOf: Uint32Array;
  /** Per event: index into `resources`, or `MISSING`. */
  readonly resourceOf: Uint32Array;
  /** Per event: UTC instant in milliseconds since 1970-01-01. */
  readonly timestampMs: Float64Array;
  readonly caseIds: readonly string[];
  readonly activities: readonly string[];
  readonly resources: readonly string[];
  readonly caseAttributes: readonly CaseAttribute[];
  /**
   * Per event, when it started (UTC ms; NaN where unknown), for logs that
   * record starts (XES start/complete pairs): `timestampMs` is then when it
   * completed, and the difference its processing time.
   */
  readonly startMs?: Float64Array;
}

/**
 * The columns of a log that say which activities each case went through, in
 * order: enough for variants, pass rates and rework, and small enough to
 * hand to another thread.
 */
export type SequenceLog = Pick<
  EventLog,
  'eventCount' | 'caseCount' | 'caseStart' | 'activityOf' | 'activities'
>;

/** Bytes held by the log's arrays (not counting the strings of its tables). */
export function measureColumnBytes(log: EventLog): number {
  let bytes =
    log.caseStart.byteLength +
    log.activityOf.byteLength +
    log.resourceOf.byteLength +
    log.timestampMs.byteLength;
  for (const attribute of log.caseAttributes) bytes += attribute.valueIndexOf.byteLength;
  return bytes;
}

/** The case attribute called `name`: exact match first, then ignoring case. */
export function findCaseAttribute(log: EventLog, name: string): CaseAttribute | undefined {
  return (
    log.caseAttributes.find((attribute) => attribute.name === name) ??
    log.caseAttributes.find((attribute) => attribute.name.toLowerCase() === name.toLowerCase())
  );
}

/** Per activity (by index), the cases with at least one event of it. */
export function countCasesPerActivity(log: EventLog): Uint32Array {
  const cases = new Uint32Array(log.activities.length);
  // The last case counted for each activity: a case counts once however often it repeats one.
  const lastCase = new Int32Array(log.activities.length).fill(-1);
  for (let c = 0; c < log.caseCount; c++) {
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
      const a = log.activityOf[i]!;
      if (lastCase[a] === c) continue;
      lastCase[a] = c;
      cases[a]!++;
    }
  }
  return cases;
}

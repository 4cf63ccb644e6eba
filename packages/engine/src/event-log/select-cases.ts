import type { CaseAttribute, EventLog } from './event-log.ts';

/**
 * A log holding only the given cases (indices into `log`), in the order given.
 * String tables are shared with the original log, so indices keep their meaning.
 */
export function selectCases(log: EventLog, cases: ArrayLike<number>): EventLog {
  const caseCount = cases.length;
  const caseStart = new Uint32Array(caseCount + 1);
  for (let k = 0; k < caseCount; k++) {
    const c = cases[k]!;
    caseStart[k + 1] = caseStart[k]! + (log.caseStart[c + 1]! - log.caseStart[c]!);
  }
  const eventCount = caseStart[caseCount]!;
  const activityOf = new Uint32Array(eventCount);
  const resourceOf = new Uint32Array(eventCount);
  const timestampMs = new Float64Array(eventCount);
  const startMs = log.startMs ? new Float64Array(eventCount) : undefined;
  for (let k = 0; k < caseCount; k++) {
    const c = cases[k]!;
    const from = log.caseStart[c]!;
    const to = log.caseStart[c + 1]!;
    activityOf.set(log.activityOf.subarray(from, to), caseStart[k]!);
    resourceOf.set(log.resourceOf.subarray(from, to), caseStart[k]!);
    timestampMs.set(log.timestampMs.subarray(from, to), caseStart[k]!);
    startMs?.set(log.startMs!.subarray(from, to), caseStart[k]!);
  }
  const caseIds: string[] = new Array(caseCount);
  for (let k = 0; k < caseCount; k++) caseIds[k] = log.caseIds[cases[k]!]!;
  const caseAttributes: CaseAttribute[] = log.caseAttributes.map((attribute) => {
    const valueIndexOf = new Uint32Array(caseCount);
    for (let k = 0; k < caseCount; k++) valueIndexOf[k] = attribute.valueIndexOf[cases[k]!]!;
    return { name: attribute.name, values: attribute.values, valueIndexOf };
  });
  return {
    eventCount,
    caseCount,
    caseStart,
    activityOf,
    resourceOf,
    timestampMs,
    ...(startMs ? { startMs } : {}),
    caseIds,
    activities: log.activities,
    resources: log.resources,
    caseAttributes,
  };
}

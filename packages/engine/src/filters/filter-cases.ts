import { type EventLog, findCaseAttribute, MISSING, selectCases } from '../event-log/index.ts';
import { groupVariants } from '../mining/discover-variants.ts';

/**
 * A condition on cases. Filters keep or drop whole cases (never single
 * events), so every figure of the filtered log is a figure of real cases.
 */
export type CaseFilter =
  | {
      kind: 'period';
      /** `active`: some part of the case lies in the window; `starting`/`ending`: its first/last event does; `contained`: all of it does. */
      mode: 'active' | 'starting' | 'ending' | 'contained';
      /** UTC ms; the window is [fromMs, toMs). */
      fromMs: number;
      toMs: number;
    }
  | { kind: 'attribute'; name: string; values: string[]; isExcluded: boolean }
  | { kind: 'activity'; activity: string; isPresent: boolean }
  | { kind: 'start-activity'; activities: string[] }
  | { kind: 'end-activity'; activities: string[] }
  | { kind: 'top-variants'; count: number }
  | { kind: 'variant-coverage'; share: number }
  | { kind: 'case-duration'; minMs: number; maxMs: number };

/** What one filter did, in the order the filters were applied. */
export interface FilterStep {
  filter: CaseFilter;
  casesBefore: number;
  casesAfter: number;
}

export type FilterResult =
  | { ok: true; log: EventLog; steps: FilterStep[] }
  | { ok: false; reason: 'unknown-case-attribute'; attribute: string; available: string[] };

/** Applies the filters one after the other (each to what the previous kept). */
export function filterCases(log: EventLog, filters: readonly CaseFilter[]): FilterResult {
  let current = log;
  const steps: FilterStep[] = [];
  for (const filter of filters) {
    const keep = casesToKeep(current, filter);
    if (!keep.ok) return keep;
    const casesBefore = current.caseCount;
    if (keep.cases.length !== casesBefore) current = selectCases(current, keep.cases);
    steps.push({ filter, casesBefore, casesAfter: current.caseCount });
  }
  return { ok: true, log: current, steps };
}

type KeepResult =
  | { ok: true; cases: Uint32Array }
  | { ok: false; reason: 'unknown-case-attribute'; attribute: string; available: string[] };

function casesToKeep(log: EventLog, filter: CaseFilter): KeepResult {
  const { caseStart, timestampMs, activityOf } = log;
  const first = (c: number): number => timestampMs[caseStart[c]!]!;
  const last = (c: number): number => timestampMs[caseStart[c + 1]! - 1]!;
  const activityIndexes = (names: readonly string[]): Set<number> =>
    new Set(names.map((name) => log.activities.indexOf(name)).filter((index) => index >= 0));
  let isKept: (c: number) => boolean;
  switch (filter.kind) {
    case 'period': {
      const { fromMs, toMs } = filter;
      const isIn = (t: number): boolean => t >= fromMs && t < toMs;
      isKept =
        filter.mode === 'starting'
          ? (c) => isIn(first(c))
          : filter.mode === 'ending'
            ? (c) => isIn(last(c))
            : filter.mode === 'contained'
              ? (c) => isIn(first(c)) && isIn(last(c))
              : (c) => first(c) < toMs && last(c) >= fromMs;
      break;
    }
    case 'attribute': {
      const attribute = findCaseAttribute(log, filter.name);
      if (!attribute) {
        return {
          ok: false,
          reason: 'unknown-case-attribute',
          attribute: filter.name,
          available: log.caseAttributes.map((a) => a.name),
        };
      }
      const wanted = new Set(filter.values);
      const matches = (c: number): boolean => {
        const value = attribute.valueIndexOf[c]!;
        return value !== MISSING && wanted.has(attribute.values[value]!);
      };
      isKept = filter.isExcluded ? (c) => !matches(c) : matches;
      break;
    }
    case 'activity': {
      const a = log.activities.indexOf(filter.activity);
      const has = (c: number): boolean => {
        for (let i = caseStart[c]!; i < caseStart[c + 1]!; i++)
          if (activityOf[i] === a) return true;
        return false;
      };
      isKept = filter.isPresent ? has : (c) => !has(c);
      break;
    }
    case 'start-activity': {
      const wanted = activityIndexes(filter.activities);
      isKept = (c) => wanted.has(activityOf[caseStart[c]!]!);
      break;
    }
    case 'end-activity': {
      const wanted = activityIndexes(filter.activities);
      isKept = (c) => wanted.has(activityOf[caseStart[c + 1]! - 1]!);
      break;
    }
    case 'top-variants':
    case 'variant-coverage': {
      const kept = keptVariantCases(log, filter);
      isKept = (c) => kept[c] === 1;
      break;
    }
    case 'case-duration': {
      isKept = (c) => {
        const duration = last(c) - first(c);
        return duration >= filter.minMs && duration <= filter.maxMs;
      };
      break;
    }
  }
  const cases: number[] = [];
  for (let c = 0; c < log.caseCount; c++) if (isKept(c)) cases.push(c);
  return { ok: true, cases: Uint32Array.from(cases) };
}

/**
 * Marks the cases of the most frequent variants, in the order of
 * `discoverVariants` (cases, then sequence): the first `count` variants, or
 * the fewest first variants that together hold at least `share` of the cases.
 */
function keptVariantCases(
  log: EventLog,
  filter: { kind: 'top-variants'; count: number } | { kind: 'variant-coverage'; share: number },
): Uint8Array {
  const groups = groupVariants(log);
  let variantsKept = 0;
  if (filter.kind === 'top-variants') {
    variantsKept = Math.min(filter.count, groups.cases.length);
  } else {
    let covered = 0;
    while (variantsKept < groups.cases.length && covered < filter.share * log.caseCount) {
      covered += groups.cases[variantsKept++]!;
    }
  }
  // A case is in a kept variant when its sequence equals that variant's first case's.
  const key = (c: number): string =>
    log.activityOf.subarray(log.caseStart[c]!, log.caseStart[c + 1]!).join(',');
  const keptKeys = new Set<string>();
  for (let v = 0; v < variantsKept; v++) keptKeys.add(key(groups.firstCase[v]!));
  const kept = new Uint8Array(log.caseCount);
  for (let c = 0; c < log.caseCount; c++) if (keptKeys.has(key(c))) kept[c] = 1;
  return kept;
}

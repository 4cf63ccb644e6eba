import type { EventLog } from '../event-log/index.ts';
import { compareSequences } from './compare.ts';

export interface Variant {
  /** The activities of the cases of this variant, in order. */
  activities: string[];
  cases: number;
}

/**
 * Groups cases by their sequence of activities. Sequences are hashed over
 * activity indices and compared element by element on a hash match, so no
 * per-case string key is built. Most frequent first, then by sequence.
 */
export function discoverVariants(log: EventLog): Variant[] {
  const { caseStart, activityOf } = log;
  const firstCaseOfVariant: number[] = [];
  const casesOfVariant: number[] = [];
  const nextWithSameHash: number[] = [];
  const variantByHash = new Map<number, number>();

  for (let c = 0; c < log.caseCount; c++) {
    const from = caseStart[c]!;
    const to = caseStart[c + 1]!;
    let hash = 0x811c9dc5 ^ (to - from);
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ activityOf[i]!, 0x01000193);
    let variant = variantByHash.get(hash) ?? -1;
    while (variant >= 0 && !isSameSequence(log, firstCaseOfVariant[variant]!, c)) {
      variant = nextWithSameHash[variant]!;
    }
    if (variant < 0) {
      variant = casesOfVariant.length;
      firstCaseOfVariant.push(c);
      casesOfVariant.push(0);
      nextWithSameHash.push(variantByHash.get(hash) ?? -1);
      variantByHash.set(hash, variant);
    }
    casesOfVariant[variant]!++;
  }

  const variants: Variant[] = casesOfVariant.map((cases, v) => {
    const c = firstCaseOfVariant[v]!;
    const activities: string[] = [];
    for (let i = caseStart[c]!; i < caseStart[c + 1]!; i++)
      activities.push(log.activities[activityOf[i]!]!);
    return { activities, cases };
  });
  return variants.sort((x, y) => y.cases - x.cases || compareSequences(x.activities, y.activities));
}

function isSameSequence(log: EventLog, caseA: number, caseB: number): boolean {
  const fromA = log.caseStart[caseA]!;
  const fromB = log.caseStart[caseB]!;
  const length = log.caseStart[caseA + 1]! - fromA;
  if (log.caseStart[caseB + 1]! - fromB !== length) return false;
  for (let k = 0; k < length; k++) {
    if (log.activityOf[fromA + k] !== log.activityOf[fromB + k]) return false;
  }
  return true;
}

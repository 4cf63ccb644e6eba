import type { SequenceLog } from '../event-log/index.ts';
import { compareText } from './compare.ts';

export interface Variant {
  /** The activities of the cases of this variant, in order. */
  activities: string[];
  cases: number;
}

/**
 * Groups cases by their sequence of activities. Most frequent first, then by
 * sequence (activity names compared in order, a prefix first).
 *
 * Hot path: sequences are hashed over activity indices into an
 * open-addressing table of typed arrays and compared element by element on a
 * hash match, so no per-case key or object is made; the sort compares
 * activities by their rank in name order instead of comparing strings.
 */
export function discoverVariants(log: SequenceLog): Variant[] {
  return listVariants(log, groupVariants(log));
}

/**
 * Variants in compact form, ordered as `discoverVariants` orders them: for
 * each, one case that follows it and the number of cases. Cheap to pass
 * between threads; `listVariants` gives the names.
 */
export interface VariantGroups {
  firstCase: Uint32Array;
  cases: Uint32Array;
}

export function groupVariants(log: SequenceLog): VariantGroups {
  const { caseStart, activityOf } = log;
  const slotCount = 2 ** Math.ceil(Math.log2(Math.max(16, log.caseCount * 2)));
  const mask = slotCount - 1;
  /** variant + 1 per slot; 0 is empty. */
  const slots = new Int32Array(slotCount);
  const slotHash = new Int32Array(slotCount);
  const firstCaseOfVariant: number[] = [];
  const casesOfVariant: number[] = [];

  for (let c = 0; c < log.caseCount; c++) {
    const from = caseStart[c]!;
    const to = caseStart[c + 1]!;
    let hash = 0x811c9dc5 ^ (to - from);
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ activityOf[i]!, 0x01000193);
    let slot = (hash ^ (hash >>> 15)) & mask;
    let variant = -1;
    while (slots[slot] !== 0) {
      const candidate = slots[slot]! - 1;
      if (slotHash[slot] === hash && isSameSequence(log, firstCaseOfVariant[candidate]!, c)) {
        variant = candidate;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (variant < 0) {
      variant = casesOfVariant.length;
      firstCaseOfVariant.push(c);
      casesOfVariant.push(0);
      slots[slot] = variant + 1;
      slotHash[slot] = hash;
    }
    casesOfVariant[variant]!++;
  }

  const rank = rankByName(log.activities);
  const order = casesOfVariant.map((_, v) => v);
  order.sort(
    (x, y) =>
      casesOfVariant[y]! - casesOfVariant[x]! ||
      compareRanked(log, rank, firstCaseOfVariant[x]!, firstCaseOfVariant[y]!),
  );
  return {
    firstCase: Uint32Array.from(order, (v) => firstCaseOfVariant[v]!),
    cases: Uint32Array.from(order, (v) => casesOfVariant[v]!),
  };
}

/** The variants of `groupVariants` with their activity names, in the same order. */
export function listVariants(log: SequenceLog, groups: VariantGroups): Variant[] {
  const { caseStart, activityOf } = log;
  const variants: Variant[] = new Array(groups.cases.length);
  for (let v = 0; v < groups.cases.length; v++) {
    const c = groups.firstCase[v]!;
    const activities: string[] = [];
    for (let i = caseStart[c]!; i < caseStart[c + 1]!; i++)
      activities.push(log.activities[activityOf[i]!]!);
    variants[v] = { activities, cases: groups.cases[v]! };
  }
  return variants;
}

/** Each activity's position when the names are sorted. */
function rankByName(names: readonly string[]): Int32Array {
  const rank = new Int32Array(names.length);
  names
    .map((name, index) => ({ name, index }))
    .sort((x, y) => compareText(x.name, y.name))
    .forEach(({ index }, position) => {
      rank[index] = position;
    });
  return rank;
}

/** The sequences of two cases compared as their activity names would be. */
function compareRanked(log: SequenceLog, rank: Int32Array, caseA: number, caseB: number): number {
  const fromA = log.caseStart[caseA]!;
  const fromB = log.caseStart[caseB]!;
  const lengthA = log.caseStart[caseA + 1]! - fromA;
  const lengthB = log.caseStart[caseB + 1]! - fromB;
  const n = Math.min(lengthA, lengthB);
  for (let k = 0; k < n; k++) {
    const order = rank[log.activityOf[fromA + k]!]! - rank[log.activityOf[fromB + k]!]!;
    if (order !== 0) return order;
  }
  return lengthA - lengthB;
}

function isSameSequence(log: SequenceLog, caseA: number, caseB: number): boolean {
  const fromA = log.caseStart[caseA]!;
  const fromB = log.caseStart[caseB]!;
  const length = log.caseStart[caseA + 1]! - fromA;
  if (log.caseStart[caseB + 1]! - fromB !== length) return false;
  for (let k = 0; k < length; k++) {
    if (log.activityOf[fromA + k] !== log.activityOf[fromB + k]) return false;
  }
  return true;
}

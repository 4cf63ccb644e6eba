import type { Finding } from './finding.ts';

/** What a finding costs, as far as its evidence says: for the register and its Pareto chart. */
export interface FindingImpact {
  /** Cases (or hand-offs) it touches. */
  casesAffected: number | null;
  /** Waiting time it holds, in milliseconds (of the time the finding was judged in). */
  waitingMs: number | null;
}

const count = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * The cases a finding affects and the waiting time it holds, from its
 * evidence (docs/diagnosis.md): a bottleneck or broken hand-off holds its total
 * time; a segment bottleneck the time its segment loses over the whole (its
 * median minus the overall median, per hand-off); rework and skipped steps
 * affect cases but hold no measured wait; model findings neither.
 */
export function findingImpact(finding: Pick<Finding, 'detector' | 'evidence'>): FindingImpact {
  const evidence = finding.evidence;
  switch (finding.detector) {
    case 'bottleneck':
      return { casesAffected: count(evidence.cases), waitingMs: count(evidence.totalMs) };
    case 'broken-hand-off':
      return { casesAffected: count(evidence.handOffs), waitingMs: count(evidence.totalMs) };
    case 'segment-bottleneck': {
      const cases = count(evidence.cases);
      const median = count(evidence.medianMs);
      const overall = count(evidence.overallMedianMs);
      return {
        casesAffected: cases,
        waitingMs:
          cases !== null && median !== null && overall !== null
            ? Math.max(0, (median - overall) * cases)
            : null,
      };
    }
    case 'rework-loop':
      return { casesAffected: count(evidence.reworkCases), waitingMs: null };
    case 'skipped-step':
      return { casesAffected: count(evidence.skipped), waitingMs: null };
    case 'no-deadline':
      return { casesAffected: count(evidence.count), waitingMs: null };
    default:
      return { casesAffected: null, waitingMs: null };
  }
}

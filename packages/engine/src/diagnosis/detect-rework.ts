import type { ActivityStats } from '../mining/measure-activities.ts';
import type { Finding } from './finding.ts';

export interface ReworkOptions {
  /** An activity is a rework loop from this share of its cases doing it again (default 0.1). */
  share?: number;
  /** Activities done in fewer cases are not judged (default 5). */
  minCases?: number;
}

/**
 * Rework loops: activities that a share of at least `share` of the cases
 * reaching them do more than once (a case sent back, e.g. from negotiation to
 * quoting, does the quote again; `reworkCases` in docs/metrics.md). Severity
 * 3 from 10%, 4 from 25%, 5 from 50% of the cases.
 */
export function detectRework(
  stats: readonly ActivityStats[],
  options: ReworkOptions = {},
): Finding[] {
  const threshold = options.share ?? 0.1;
  const minCases = options.minCases ?? 5;
  return stats
    .filter(
      (activity) =>
        activity.cases >= minCases && activity.reworkCases / activity.cases >= threshold,
    )
    .map((activity): Finding => {
      const share = activity.reworkCases / activity.cases;
      const percent = Math.round(share * 100);
      return {
        detector: 'rework-loop',
        title: {
          zh: `${percent}% 的案例重复了“${activity.activity}”`,
          en: `${percent}% of cases do "${activity.activity}" again`,
        },
        steps: [activity.activity],
        severity: share >= 0.5 ? 5 : share >= 0.25 ? 4 : 3,
        suggestedType: 'low-efficiency',
        evidence: { cases: activity.cases, reworkCases: activity.reworkCases, share },
      };
    });
}

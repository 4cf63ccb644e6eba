import { countCasesPerActivity, type EventLog } from '../event-log/index.ts';
import { computeCaseDurations } from '../mining/measure-case-durations.ts';
import { bootstrapPercentiles } from '../statistics/bootstrap-percentiles.ts';
import { percentileOfSorted } from '../statistics/percentile.ts';
import { wilsonInterval } from '../statistics/proportion-interval.ts';
import { SeededRandom } from '../statistics/seeded-random.ts';
import type { Interval, ScenarioSummary } from './simulate-what-if.ts';

const TOLERANCE = 1e-9;

/**
 * One figure measured on the log beside the simulation of the unchanged
 * as-is process. The measured interval is the figure's 95% confidence
 * interval (cycle-time percentiles: percentile bootstrap over cases; reach
 * rates and SLA adherence: Wilson). The figure is reproduced when the
 * simulated value lies in the measured interval.
 */
export interface ReproductionRow {
  figure: 'cycle-time-median' | 'cycle-time-p90' | 'reach-rate' | 'sla-adherence';
  /** The activity, for reach rates and SLA adherence. */
  activity?: string;
  measured: number;
  measuredCi95: Interval;
  simulated: number;
  simulatedCi95: Interval;
  isReproduced: boolean;
}

/**
 * Checks that the as-is simulation (`simulateWhatIf` without changes on
 * `fitProcessBehaviour(log)`) reproduces the log's own figures: median and
 * 90th-percentile cycle time (first to last event per case, as
 * `caseDuration`), the share of cases that reach each activity, and for
 * each deadline the as-is measured (the share of the activity's events
 * followed by another within the deadline).
 * `log` must be in the simulation's time basis (a working-time log for a
 * working-time simulation).
 */
export function checkReproduction(
  log: EventLog,
  asIs: ScenarioSummary,
  options: { seed: number; resamples?: number },
): ReproductionRow[] {
  const durations = computeCaseDurations(log);
  const [medianCi, p90Ci] = bootstrapPercentiles(
    durations,
    [0.5, 0.9],
    options.resamples ?? 1000,
    new SeededRandom(options.seed),
  );
  durations.sort();
  const row = (
    figure: ReproductionRow['figure'],
    measured: number,
    measuredCi95: Interval,
    simulated: number,
    simulatedCi95: Interval,
    activity?: string,
  ): ReproductionRow => ({
    figure,
    ...(activity !== undefined ? { activity } : {}),
    measured,
    measuredCi95,
    simulated,
    simulatedCi95,
    // A hair of tolerance: Wilson's bound for 300 of 300 is 1 − 1e-16, not 1.
    isReproduced:
      simulated >= measuredCi95[0] - TOLERANCE * Math.abs(measuredCi95[0]) - TOLERANCE &&
      simulated <= measuredCi95[1] + TOLERANCE * Math.abs(measuredCi95[1]) + TOLERANCE,
  });
  const rows = [
    row(
      'cycle-time-median',
      percentileOfSorted(durations, 0.5),
      medianCi!,
      asIs.cycleTime.medianMs,
      asIs.cycleTime.ci95,
    ),
    row(
      'cycle-time-p90',
      percentileOfSorted(durations, 0.9),
      p90Ci!,
      asIs.cycleTime.p90Ms,
      asIs.cycleTime.p90Ci95,
    ),
  ];
  const reached = countCasesPerActivity(log);
  for (const stage of asIs.stages) {
    const a = log.activities.indexOf(stage.name);
    if (a < 0) continue;
    rows.push(
      row(
        'reach-rate',
        reached[a]! / log.caseCount,
        wilsonInterval(reached[a]!, log.caseCount),
        stage.reachRate,
        stage.ci95,
        stage.name,
      ),
    );
  }
  for (const deadline of asIs.deadlines) {
    const a = log.activities.indexOf(deadline.stage);
    if (a < 0) continue;
    const { met, passages } = countWithinDeadline(log, a, deadline.deadlineMs);
    rows.push(
      row(
        'sla-adherence',
        passages === 0 ? Number.NaN : met / passages,
        wilsonInterval(met, passages),
        deadline.adherence,
        deadline.ci95,
        deadline.stage,
      ),
    );
  }
  return rows;
}

/** Events of activity `a` followed by another event of their case, and those followed within `deadlineMs`. */
function countWithinDeadline(
  log: EventLog,
  a: number,
  deadlineMs: number,
): { met: number; passages: number } {
  let met = 0;
  let passages = 0;
  for (let c = 0; c < log.caseCount; c++) {
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]! - 1; i++) {
      if (log.activityOf[i] !== a) continue;
      passages++;
      if (log.timestampMs[i + 1]! - log.timestampMs[i]! <= deadlineMs) met++;
    }
  }
  return { met, passages };
}

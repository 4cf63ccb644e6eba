import type { WorkingTime } from '../calendar/index.ts';
import { type EventLog, findCaseAttribute, MISSING, selectCases } from '../event-log/index.ts';
import { toWorkingTimeLog } from '../mining/add-working-time.ts';
import { discoverDirectlyFollows } from '../mining/discover-directly-follows.ts';
import { measureActivities } from '../mining/measure-activities.ts';
import { attachMeasurements } from '../process-model/compare-estimates.ts';
import type { ProcessModel } from '../process-model/process-model.ts';
import { detectBottlenecks } from './detect-bottlenecks.ts';
import { detectBrokenHandOffs } from './detect-broken-hand-offs.ts';
import { detectMissingHandOff, detectUnownedSteps } from './detect-model-gaps.ts';
import { detectNoDeadline } from './detect-no-deadline.ts';
import { detectRedundantEntry } from './detect-redundant-entry.ts';
import { detectRework } from './detect-rework.ts';
import { detectSegmentBottlenecks, type Segment } from './detect-segment-bottlenecks.ts';
import { detectSkippedSteps } from './detect-skipped-steps.ts';
import type { Finding } from './finding.ts';

export interface DiagnoseInput {
  /** The event log; without one only the model is judged. */
  log?: EventLog;
  /** The process model (as-is); without one only the data is judged. */
  model?: ProcessModel;
  /** A case attribute (team, region) whose segments are compared with the whole. */
  segmentBy?: string;
  /** Durations are judged in this calendar's working time when given. */
  workingTime?: WorkingTime;
  /**
   * At most this many findings per detector, those that weigh most (see
   * `IMPACT`); the rest are counted in `leftOut` (default 5; Infinity for all).
   */
  limit?: number;
}

export type DiagnoseResult =
  | {
      ok: true;
      findings: Finding[];
      /** Model steps no activity of the log is named after (their data detectors could not run). */
      unmatchedSteps: string[];
      /** Per detector, findings beyond `limit` that were left out. */
      leftOut: Record<string, number>;
    }
  | { ok: false; reason: 'unknown-case-attribute'; attribute: string; available: string[] };

/** The detectors in the order findings of equal severity are listed. */
export const DETECTORS = [
  'bottleneck',
  'segment-bottleneck',
  'broken-hand-off',
  'no-deadline',
  'skipped-step',
  'rework-loop',
  'redundant-entry',
  'missing-hand-off',
  'unowned-step',
] as const;

/**
 * Every detector that the inputs allow, with their default thresholds
 * (docs/diagnosis.md): on the log, bottlenecks, broken hand-offs and rework
 * (and, with `segmentBy`, each segment's slow hand-offs); on the model,
 * unowned steps, the missing after-sales hand-off and redundant data entry;
 * on both, approvals and hand-offs without a deadline and skipped mandatory
 * steps. Findings are ordered most severe first, then by detector, then by
 * title.
 */
export function diagnose(input: DiagnoseInput): DiagnoseResult {
  const { log, model, workingTime } = input;
  const findings: Finding[] = [];
  let unmatchedSteps: string[] = [];
  if (log) {
    // Durations are differences of timestamps: on the working-time log they are working time.
    const judged = workingTime ? toWorkingTimeLog(log, workingTime) : log;
    const arcs = discoverDirectlyFollows(judged);
    const brokenHandOffs = detectBrokenHandOffs(judged);
    findings.push(...mergeBottlenecks(detectBottlenecks(arcs), brokenHandOffs));
    if (input.segmentBy !== undefined) {
      const segments = segmentArcs(judged, input.segmentBy);
      if (!segments.ok) return segments;
      findings.push(...detectSegmentBottlenecks(segments.segments, arcs));
    }
    findings.push(...detectRework(measureActivities(log)));
  }
  if (model) {
    let measured = model;
    if (log) {
      const attached = attachMeasurements(model, log, workingTime ? { workingTime } : {});
      measured = attached.model;
      unmatchedSteps = attached.unmatchedSteps;
      findings.push(...detectNoDeadline(measured));
      findings.push(...detectSkippedSteps(model, log));
    }
    findings.push(...detectRedundantEntry(measured));
    findings.push(...detectMissingHandOff(model));
    findings.push(...detectUnownedSteps(model));
  }
  const { kept, leftOut } = keepWeightiest(findings, input.limit ?? 5);
  const rank = (finding: Finding) => (DETECTORS as readonly string[]).indexOf(finding.detector);
  kept.sort(
    (x, y) =>
      y.severity - x.severity ||
      rank(x) - rank(y) ||
      (x.title.en ?? '').localeCompare(y.title.en ?? ''),
  );
  return { ok: true, findings: kept, unmatchedSteps, leftOut };
}

const number = (value: unknown) => (typeof value === 'number' ? value : 0);

/**
 * What a finding weighs within its detector, to keep the weightiest when
 * there are many: the time a bottleneck or broken hand-off holds, the time a
 * segment loses over the whole, the cases that rework or skip, the tail of a
 * step without deadline; else its severity.
 */
const IMPACT: Record<string, (evidence: Record<string, unknown>) => number> = {
  bottleneck: (evidence) => number(evidence.totalMs),
  'broken-hand-off': (evidence) => number(evidence.totalMs),
  'segment-bottleneck': (evidence) =>
    (number(evidence.medianMs) - number(evidence.overallMedianMs)) * number(evidence.cases),
  'rework-loop': (evidence) => number(evidence.reworkCases),
  'skipped-step': (evidence) => number(evidence.skipped),
  'no-deadline': (evidence) => number(evidence.ratio),
};

function keepWeightiest(
  findings: readonly Finding[],
  limit: number,
): { kept: Finding[]; leftOut: Record<string, number> } {
  const byDetector = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byDetector.get(finding.detector) ?? [];
    list.push(finding);
    byDetector.set(finding.detector, list);
  }
  const kept: Finding[] = [];
  const leftOut: Record<string, number> = {};
  for (const [detector, list] of byDetector) {
    const impact = IMPACT[detector];
    const weight = (finding: Finding) => (impact ? impact(finding.evidence) : finding.severity);
    list.sort((x, y) => weight(y) - weight(x) || y.severity - x.severity);
    kept.push(...list.slice(0, limit));
    if (list.length > limit) leftOut[detector] = list.length - limit;
  }
  return { kept, leftOut };
}

/**
 * A hand-off that is both a bottleneck and a broken hand-off is one problem
 * (the wait is slow because the work changed owners), reported once — as the
 * broken hand-off, with the bottleneck's ratio in its evidence — so the same
 * waiting time is not counted twice in the register's Pareto chart.
 */
function mergeBottlenecks(bottlenecks: Finding[], brokenHandOffs: Finding[]): Finding[] {
  const stepsKey = (finding: Finding) => finding.steps.join('\u0000');
  const broken = new Map(brokenHandOffs.map((finding) => [stepsKey(finding), finding]));
  const kept: Finding[] = [];
  for (const bottleneck of bottlenecks) {
    const same = broken.get(stepsKey(bottleneck));
    if (!same) {
      kept.push(bottleneck);
      continue;
    }
    same.evidence = { ...same.evidence, bottleneckRatio: bottleneck.evidence.ratio };
    same.severity = Math.max(same.severity, bottleneck.severity) as Finding['severity'];
  }
  return [...kept, ...brokenHandOffs];
}

function segmentArcs(
  log: EventLog,
  attributeName: string,
):
  | { ok: true; segments: Segment[] }
  | { ok: false; reason: 'unknown-case-attribute'; attribute: string; available: string[] } {
  const attribute = findCaseAttribute(log, attributeName);
  if (!attribute)
    return {
      ok: false,
      reason: 'unknown-case-attribute',
      attribute: attributeName,
      available: log.caseAttributes.map((candidate) => candidate.name),
    };
  const casesByValue = new Map<number, number[]>();
  for (let c = 0; c < log.caseCount; c++) {
    const value = attribute.valueIndexOf[c]!;
    if (value === MISSING) continue;
    const cases = casesByValue.get(value) ?? [];
    cases.push(c);
    casesByValue.set(value, cases);
  }
  return {
    ok: true,
    segments: [...casesByValue].map(([value, cases]) => ({
      attribute: attribute.name,
      value: attribute.values[value]!,
      arcs: discoverDirectlyFollows(selectCases(log, cases)),
    })),
  };
}

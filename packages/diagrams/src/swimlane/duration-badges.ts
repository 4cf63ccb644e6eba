import {
  type DurationEstimate,
  formatDurationAmount as formatAmount,
  formatFigure,
  type Step,
} from '@pipewise/engine/process-model';

export type Language = 'zh' | 'en';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export { formatFigure };

/** The interview estimate as stated: "est. 3 working days", "预计 3 工作日". */
export function formatEstimate(estimate: DurationEstimate, language: Language): string {
  const amount = formatAmount(
    estimate.value,
    estimate.unit,
    estimate.basis === 'working',
    language,
  );
  return language === 'zh' ? `预计 ${amount}` : `est. ${amount}`;
}

/**
 * A duration in the largest unit it reaches: days (working days of
 * `workingDayMs` when given, else calendar days), hours, minutes.
 */
export function formatDurationMs(ms: number, language: Language, workingDayMs?: number): string {
  const isWorking = workingDayMs !== undefined;
  const dayMs = workingDayMs ?? DAY_MS;
  if (ms >= dayMs) return formatAmount(ms / dayMs, 'day', isWorking, language);
  if (ms >= HOUR_MS) return formatAmount(ms / HOUR_MS, 'hour', isWorking, language);
  return formatAmount(Math.round(ms / MINUTE_MS), 'minute', false, language);
}

/** The measured median, in working time when the data had a calendar: "median 6.5 working days". */
export function formatMeasuredMedian(
  measured: NonNullable<Step['measured']>,
  language: Language,
): string {
  const amount = measured.working
    ? formatDurationMs(measured.working.medianMs, language, measured.working.workingDayMs)
    : formatDurationMs(measured.calendar.medianMs, language);
  return language === 'zh' ? `实测中位数 ${amount}` : `median ${amount}`;
}

/** The duration badges of a step, estimate first: none, one or two. */
export function durationBadges(step: Step, language: Language): string[] {
  const badges: string[] = [];
  if (step.estimated) badges.push(formatEstimate(step.estimated, language));
  if (step.measured) badges.push(formatMeasuredMedian(step.measured, language));
  return badges;
}

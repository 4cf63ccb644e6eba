import type { DurationEstimate, DurationUnit } from './process-model.ts';

/** A figure people read at a glance: one decimal below 10, whole numbers above. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return '?';
  const rounded = Math.abs(value) < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return String(rounded);
}

/** "3 working days", "1 hour", "30 分钟", "3 工作日". */
export function formatDurationAmount(
  value: number,
  unit: DurationUnit,
  isWorking: boolean,
  language: 'zh' | 'en',
): string {
  const figure = formatFigure(value);
  if (language === 'zh') {
    const word =
      unit === 'minute'
        ? '分钟'
        : unit === 'hour'
          ? isWorking
            ? '工作小时'
            : '小时'
          : unit === 'day'
            ? isWorking
              ? '工作日'
              : '天'
            : isWorking
              ? '工作周'
              : '周';
    return `${figure} ${word}`;
  }
  const isOne = figure === '1';
  const noun = `${unit}${isOne ? '' : 's'}`;
  return `${figure} ${isWorking && unit !== 'minute' ? `working ${noun}` : noun}`;
}

/** A duration as people state it: "48 working hours", "48 工作小时", "2 days". */
export function formatDurationEstimate(estimate: DurationEstimate, language: 'zh' | 'en'): string {
  return formatDurationAmount(
    estimate.value,
    estimate.unit,
    estimate.basis === 'working',
    language,
  );
}

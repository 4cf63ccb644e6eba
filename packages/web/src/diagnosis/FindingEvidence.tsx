import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount, formatDuration, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';

/** Keys of the evidence that are ids or lists for machines, not figures for people. */
const HIDDEN = new Set(['stepId', 'stepIds', 'datasetId', 'versionId', 'roundId', 'workingDayMs']);

/**
 * A finding's evidence as labelled figures: durations (…Ms) in the analysis's
 * time, shares in %, ratios with ×, lists shortened (docs/diagnosis.md).
 */
export function FindingEvidence({
  evidence,
  workingDayMs,
}: {
  evidence: Record<string, unknown>;
  workingDayMs: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale;
  const items = Object.entries(evidence)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== null && value !== undefined)
    .map(([key, value]) => ({
      key,
      label: t(`diagnosis.evidence.${key}`, { defaultValue: key }),
      children:
        typeof value === 'string'
          ? t(`diagnosis.value.${value}`, { defaultValue: value })
          : formatValue(key, value, locale, workingDayMs),
    }));
  return <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />;
}

export function formatValue(
  key: string,
  value: unknown,
  locale: Locale,
  workingDayMs: number | undefined,
): string {
  if (typeof value === 'number') {
    if (key.endsWith('Ms')) return formatDuration(value, locale, workingDayMs);
    if (key === 'share' || key === 'timeShare') return formatShare(value, locale);
    if (key === 'ratio') return `${value.toFixed(1)}×`;
    return Number.isInteger(value) ? formatCount(value, locale) : value.toFixed(2);
  }
  if (Array.isArray(value))
    return value.length > 8
      ? `${value.slice(0, 8).join(locale === 'en' ? ', ' : '、')} …(${value.length})`
      : value.join(locale === 'en' ? ', ' : '、');
  return String(value);
}

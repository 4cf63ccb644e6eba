import type { TFunction } from 'i18next';

/**
 * The choice between working and calendar time, worded alike on every page
 * that offers it (discovery, diagnosis, KPIs, rules; docs/metrics.md).
 */
export function timeBasisOptions(t: TFunction): { value: 'working' | 'calendar'; label: string }[] {
  return [
    { value: 'working', label: t('time.working') },
    { value: 'calendar', label: t('time.calendar') },
  ];
}

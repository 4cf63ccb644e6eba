import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { CaseFilter } from '@pipewise/engine';
import { Button, DatePicker, InputNumber, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';

/** The engine's case filters, as the analysis API takes them (docs/metrics.md, Filters). */
export type { CaseFilter };

const DAY = 86_400_000;
type Kind = 'period' | 'activity' | 'top-variants' | 'variant-coverage' | 'case-duration';

/** Says a filter in the user's language. */
export function describeFilter(
  filter: CaseFilter,
  t: (key: string, options?: Record<string, unknown>) => string,
  locale: Locale,
) {
  const day = (ms: number) => new Date(ms).toLocaleDateString(locale);
  switch (filter.kind) {
    case 'period':
      return t(`filters.period.${filter.mode}`, { from: day(filter.fromMs), to: day(filter.toMs) });
    case 'attribute':
      return `${filter.name}${filter.isExcluded ? ' ≠ ' : ' = '}${filter.values.join(', ')}`;
    case 'activity':
      return t(filter.isPresent ? 'filters.withActivity' : 'filters.withoutActivity', {
        activity: filter.activity,
      });
    case 'top-variants':
      return t('filters.topVariants', { count: filter.count });
    case 'variant-coverage':
      return t('filters.coverage', { share: formatShare(filter.share, locale) });
    case 'case-duration':
      return t('filters.duration', {
        min: filter.minMs / DAY,
        max: filter.maxMs < 1e300 ? filter.maxMs / DAY : '∞',
      });
  }
}

/**
 * More filters, combined with "Only": a time window (cases active in it, or
 * starting, ending, or wholly inside it), an activity present or absent, the
 * most frequent variants (top N or by coverage), a case duration range.
 */
export function FilterPanel({
  filters,
  activities,
  steps,
  onChange,
}: {
  filters: CaseFilter[];
  activities: string[];
  /** What each filter left: cases before and after, in order. */
  steps: { casesBefore: number; casesAfter: number }[];
  onChange: (filters: CaseFilter[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const [kind, setKind] = useState<Kind>('period');
  const [mode, setMode] = useState<'active' | 'starting' | 'ending' | 'contained'>('active');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [activity, setActivity] = useState<string>();
  const [isPresent, setPresent] = useState(true);
  const [number, setNumber] = useState<number | null>(null);
  const [max, setMax] = useState<number | null>(null);

  const build = (): CaseFilter | undefined => {
    switch (kind) {
      case 'period':
        return range?.[0] && range[1]
          ? {
              kind,
              mode,
              fromMs: range[0].startOf('day').valueOf(),
              toMs: range[1].endOf('day').valueOf(),
            }
          : undefined;
      case 'activity':
        return activity ? { kind, activity, isPresent } : undefined;
      case 'top-variants':
        return number && number >= 1 ? { kind, count: Math.round(number) } : undefined;
      case 'variant-coverage':
        return number && number > 0 && number <= 100 ? { kind, share: number / 100 } : undefined;
      case 'case-duration':
        return number !== null || max !== null
          ? { kind, minMs: (number ?? 0) * DAY, maxMs: max === null ? Number.MAX_VALUE : max * DAY }
          : undefined;
    }
  };
  const candidate = build();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="filter-panel">
      <Space wrap>
        {filters.map((filter, k) => (
          <Tag
            key={JSON.stringify(filter)}
            closable
            closeIcon={<CloseOutlined aria-label={t('filters.remove')} />}
            onClose={() => onChange(filters.filter((_, other) => other !== k))}
          >
            {describeFilter(filter, (key, values) => t(key, values), locale)}
            {steps[k] && ` (${steps[k].casesAfter}/${steps[k].casesBefore})`}
          </Tag>
        ))}
      </Space>
      <Space wrap>
        <Select<Kind>
          aria-label={t('filters.kind')}
          style={{ width: 170 }}
          value={kind}
          onChange={setKind}
          options={(
            ['period', 'activity', 'top-variants', 'variant-coverage', 'case-duration'] as const
          ).map((value) => ({
            value,
            label: t(`filters.kinds.${value}`),
          }))}
        />
        {kind === 'period' && (
          <>
            <Select
              style={{ width: 150 }}
              value={mode}
              onChange={setMode}
              options={(['active', 'starting', 'ending', 'contained'] as const).map((value) => ({
                value,
                label: t(`filters.modes.${value}`),
              }))}
            />
            <DatePicker.RangePicker value={range} onChange={(value) => setRange(value)} />
          </>
        )}
        {kind === 'activity' && (
          <>
            <Select
              style={{ width: 160 }}
              value={isPresent}
              onChange={setPresent}
              options={[
                { value: true, label: t('filters.present') },
                { value: false, label: t('filters.absent') },
              ]}
            />
            <Select
              showSearch
              aria-label={t('filters.activity')}
              style={{ width: 200 }}
              value={activity}
              onChange={setActivity}
              options={activities.map((name) => ({ value: name, label: name }))}
            />
          </>
        )}
        {(kind === 'top-variants' || kind === 'variant-coverage') && (
          <InputNumber
            aria-label={t(`filters.kinds.${kind}`)}
            min={1}
            max={kind === 'variant-coverage' ? 100 : 100_000}
            value={number}
            onChange={setNumber}
            addonAfter={kind === 'variant-coverage' ? '%' : undefined}
          />
        )}
        {kind === 'case-duration' && (
          <Space>
            <InputNumber
              aria-label={t('filters.minDays')}
              min={0}
              value={number}
              onChange={setNumber}
            />
            <Typography.Text>–</Typography.Text>
            <InputNumber aria-label={t('filters.maxDays')} min={0} value={max} onChange={setMax} />
            <Typography.Text>{t('filters.days')}</Typography.Text>
          </Space>
        )}
        <Button
          icon={<PlusOutlined />}
          disabled={!candidate}
          onClick={() => candidate && onChange([...filters, candidate])}
        >
          {t('filters.add')}
        </Button>
      </Space>
    </Space>
  );
}

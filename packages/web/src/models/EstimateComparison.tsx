import {
  displayName,
  type EstimateComparison as EstimateComparisonRow,
  type LocalizedText,
} from '@pipewise/engine/process-model';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDuration } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useDatasets } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';

type Row = EstimateComparisonRow;

const COLOUR: Record<Row['verdict'], string> = {
  agrees: 'green',
  'longer-than-estimated': 'red',
  'shorter-than-estimated': 'orange',
  'no-data': 'default',
  'needs-working-time': 'default',
};

/**
 * Where interviews and data disagree: each step's estimated duration beside
 * the median measured in one of the project's datasets, flagged when it is
 * more than twice as long or as short.
 */
export function EstimateComparison({
  versionId,
  projectId,
  revision,
}: {
  versionId: string;
  projectId: string;
  /** Compared again after each saved edit. */
  revision: number;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const datasets = useDatasets();
  const mine = (datasets.data ?? []).filter((dataset) => dataset.projectId === projectId);
  const [chosen, setChosen] = useState<string>();
  const datasetId = chosen ?? mine[0]?.id;
  const comparison = useQuery({
    queryKey: ['compare-estimates', versionId, datasetId, revision],
    enabled: datasetId !== undefined,
    queryFn: () =>
      api<{ factor: number; steps: Row[]; unmatchedSteps: { name?: LocalizedText }[] }>(
        'POST',
        `/api/versions/${versionId}/compare-estimates`,
        { datasetId },
      ),
  });
  if (mine.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('models.compareTitle')}
      data-testid="estimate-comparison"
      extra={
        <Select
          aria-label={t('discovery.datasets')}
          style={{ minWidth: 240 }}
          value={datasetId}
          onChange={setChosen}
          options={mine.map((dataset) => ({ value: dataset.id, label: dataset.name }))}
        />
      }
    >
      {comparison.error && <Alert type="error" showIcon title={errorText(comparison.error)} />}
      {comparison.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Table<Row>
            size="small"
            rowKey="stepId"
            pagination={false}
            dataSource={comparison.data.steps}
            locale={{ emptyText: t('models.noEstimates') }}
            columns={[
              { title: t('models.step'), render: (_, row) => displayName(row.name, language) },
              {
                title: t('models.estimated'),
                render: (_, row) =>
                  row.estimated.text ?? formatDuration(row.estimatedMs, locale, row.workingDayMs),
              },
              {
                title: t('models.measuredMedian'),
                render: (_, row) =>
                  row.measuredMedianMs === undefined
                    ? '–'
                    : formatDuration(row.measuredMedianMs, locale, row.workingDayMs),
              },
              { title: t('discovery.count'), render: (_, row) => row.measuredCount ?? '–' },
              {
                title: t('models.ratio'),
                render: (_, row) => (row.ratio === undefined ? '–' : `${row.ratio.toFixed(1)}×`),
              },
              {
                title: t('models.verdict'),
                render: (_, row) => (
                  <Tag color={COLOUR[row.verdict]}>
                    {t(`models.verdicts.${row.verdict}`, { factor: comparison.data.factor })}
                  </Tag>
                ),
              },
            ]}
          />
          {comparison.data.unmatchedSteps.length > 0 && (
            <Typography.Text type="secondary">
              {t('models.unmatched', {
                names: comparison.data.unmatchedSteps
                  .map((step) => (step.name ? displayName(step.name, language) : ''))
                  .join(language === 'zh' ? '、' : ', '),
              })}
            </Typography.Text>
          )}
        </Space>
      )}
    </Card>
  );
}

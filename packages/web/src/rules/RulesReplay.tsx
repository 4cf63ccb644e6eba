import { HistoryOutlined } from '@ant-design/icons';
import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import type { RulesReplay as Replay } from '@pipewise/engine/rules';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatCount, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useDatasets } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';

/**
 * What the version's rules would have done over a dataset's history, as
 * `pipewise rules check` replays them: SLA adherence, escalations per level,
 * reminders and tasks per rule (docs/rules.md), judged at the dataset's last
 * event in its working time.
 */
export function RulesReplay({
  projectId,
  versionId,
  model,
}: {
  projectId: string;
  versionId: string;
  model: ProcessModel;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const locale = (language === 'en' ? 'en' : 'zh-CN') as Locale;
  const datasets = useDatasets();
  const projectDatasets = (datasets.data ?? []).filter((d) => d.projectId === projectId);
  const [datasetId, setDatasetId] = useState<string>();
  const [asked, setAsked] = useState<string>();
  const chosen = datasetId ?? projectDatasets[0]?.id;
  const replay = useQuery({
    queryKey: ['rules-check', versionId, asked],
    queryFn: () =>
      api<Replay>('POST', `/api/versions/${versionId}/rules-check`, { datasetId: asked }),
    enabled: Boolean(asked),
  });
  const data = replay.data;
  const count = (n: number) => formatCount(n, locale);
  const ruleName = (row: Replay['rules'][number]) =>
    row.name ? displayName(row.name, language) : t(`rules.kind.${row.kind}`);
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('rules.replay.title')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('rules.replay.intro')}</Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label={t('rules.replay.dataset')}
          style={{ minWidth: 220 }}
          value={chosen}
          onChange={setDatasetId}
          options={projectDatasets.map((d) => ({ value: d.id, label: d.name }))}
        />
        <Button
          icon={<HistoryOutlined />}
          disabled={!chosen}
          loading={replay.isFetching}
          onClick={() => setAsked(chosen)}
        >
          {t('rules.replay.run')}
        </Button>
      </Space>
      {replay.error && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(replay.error)} />
      )}
      {data && (
        <div data-testid="rules-replay" style={{ marginTop: 8 }}>
          <Typography.Paragraph>
            {t('rules.replay.summary', {
              cases: count(data.cases),
              adherence:
                data.slaAdherence.rate === null ? '–' : formatShare(data.slaAdherence.rate, locale),
              onTime: count(data.slaAdherence.onTime),
              decided: count(data.slaAdherence.decided),
              escalations: count(data.escalations),
              reminders: count(data.reminders),
            })}
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="ruleId"
            dataSource={data.rules}
            columns={[
              { title: t('rules.replay.rule'), render: (_, row) => ruleName(row) },
              {
                title: t('rules.replay.clocks'),
                render: (_, row) => (row.clocks ? count(row.clocks.started) : '–'),
              },
              {
                title: t('rules.replay.adherence'),
                render: (_, row) =>
                  row.adherence === undefined || row.adherence === null
                    ? '–'
                    : formatShare(row.adherence, locale),
              },
              {
                title: t('rules.replay.open'),
                render: (_, row) =>
                  row.clocks
                    ? t('rules.replay.openDetail', {
                        atRisk: count(row.clocks.openAtRisk),
                        breached: count(row.clocks.openBreached),
                      })
                    : '–',
              },
              {
                title: t('rules.replay.escalations'),
                render: (_, row) =>
                  row.escalationsByLevel
                    ? row.escalationsByLevel
                        .map((n, k) => t('rules.replay.level', { level: k + 1, count: count(n) }))
                        .join(' · ')
                    : '–',
              },
              {
                title: t('rules.replay.reminders'),
                render: (_, row) =>
                  row.reminders !== undefined
                    ? count(row.reminders)
                    : row.tasks !== undefined
                      ? t('rules.replay.tasks', { count: count(row.tasks) })
                      : '–',
              },
            ]}
          />
          {data.unmatchedSteps.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={t('rules.replay.unmatched', {
                steps: data.unmatchedSteps
                  .map((id) => {
                    const step = model.steps.find((candidate) => candidate.id === id);
                    return step ? displayName(step.name, language) : id;
                  })
                  .join(', '),
              })}
            />
          )}
        </div>
      )}
    </div>
  );
}

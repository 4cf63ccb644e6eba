import { ExperimentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDuration, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useDatasets } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';

type Interval = [number, number];
interface Gain {
  medianMs: number;
  ci95: Interval;
  p90Ms: number;
  p90Ci95: Interval;
}
interface Scenario {
  cycleTime: { medianMs: number; p90Ms: number; ci95: Interval; p90Ci95: Interval };
  deadlines: { stage: string; deadlineMs: number; adherence: number; ci95: Interval }[];
}
interface Simulation {
  time: { kind: 'working' | 'calendar'; workingDayMs?: number };
  runs: number;
  notSimulated: string[];
  skippedDeadlines: { step: string; reason: 'needs-working-time' | 'needs-calendar-time' }[];
  skippedTools: { step: string; tool: string }[];
  asIs: Scenario;
  toBe: Scenario | null;
  gain: Gain | null;
  contributions: {
    changeIndex: number;
    change: { kind: string; activity?: string; activities?: string[] };
    gain: Gain;
  }[];
}

/**
 * What the to-be version is likely to buy: the as-is behaviour of a dataset
 * simulated with and without this version's changes (docs/simulation.md),
 * the predicted cycle time with its 95% interval, the gain, each change's
 * share of it, and SLA adherence.
 */
export function SimulationCard({ projectId, versionId }: { projectId: string; versionId: string }) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale;
  const datasets = useDatasets();
  const projectDatasets = (datasets.data ?? []).filter((d) => d.projectId === projectId);
  const [datasetId, setDatasetId] = useState<string>();
  const [policy, setPolicy] = useState<'escalate' | 'meet'>('escalate');
  const [asked, setAsked] = useState<Record<string, unknown>>();
  const chosen = datasetId ?? projectDatasets[0]?.id;
  const simulation = useQuery({
    queryKey: ['simulation', versionId, asked],
    queryFn: () => api<Simulation>('POST', `/api/versions/${versionId}/simulate`, asked),
    enabled: Boolean(asked),
  });
  const data = simulation.data;
  const duration = (ms: number) => formatDuration(ms, locale, data?.time.workingDayMs);
  const withInterval = (value: number, [low, high]: Interval, show = duration) =>
    `${show(value)} [${show(low)} – ${show(high)}]`;
  const changeName = (change: Simulation['contributions'][number]['change']) =>
    `${t(`simulation.change.${change.kind}`, { defaultValue: change.kind })} ${
      change.activities?.join(' + ') ?? change.activity ?? ''
    }`;
  return (
    <Card
      size="small"
      title={t('simulation.title')}
      extra={
        <Space wrap>
          <Select
            aria-label={t('diagnosis.dataset')}
            style={{ minWidth: 220 }}
            value={chosen}
            onChange={setDatasetId}
            options={projectDatasets.map((d) => ({ value: d.id, label: d.name }))}
          />
          <Radio.Group
            value={policy}
            onChange={(event) => setPolicy(event.target.value)}
            optionType="button"
            options={[
              { value: 'escalate', label: t('simulation.escalate') },
              { value: 'meet', label: t('simulation.meet') },
            ]}
          />
          <Button
            type="primary"
            icon={<ExperimentOutlined />}
            disabled={!chosen}
            loading={simulation.isFetching}
            onClick={() =>
              setAsked({ datasetId: chosen, runs: 200, seed: 1, deadlinePolicy: policy })
            }
          >
            {t('simulation.run')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('simulation.intro')}</Typography.Paragraph>
      {simulation.error && <Alert type="error" showIcon title={errorText(simulation.error)} />}
      {data && (
        <div data-testid="simulation">
          <Table
            size="small"
            pagination={false}
            rowKey="figure"
            dataSource={[
              {
                figure: t('simulation.median'),
                asIs: withInterval(data.asIs.cycleTime.medianMs, data.asIs.cycleTime.ci95),
                toBe: data.toBe
                  ? withInterval(data.toBe.cycleTime.medianMs, data.toBe.cycleTime.ci95)
                  : '–',
                gain: data.gain ? withInterval(data.gain.medianMs, data.gain.ci95) : '–',
              },
              {
                figure: t('simulation.p90'),
                asIs: withInterval(data.asIs.cycleTime.p90Ms, data.asIs.cycleTime.p90Ci95),
                toBe: data.toBe
                  ? withInterval(data.toBe.cycleTime.p90Ms, data.toBe.cycleTime.p90Ci95)
                  : '–',
                gain: data.gain ? withInterval(data.gain.p90Ms, data.gain.p90Ci95) : '–',
              },
            ]}
            columns={[
              { title: t('simulation.figure'), dataIndex: 'figure' },
              { title: t('simulation.asIs'), dataIndex: 'asIs' },
              { title: t('simulation.toBe'), dataIndex: 'toBe' },
              { title: t('simulation.gain'), dataIndex: 'gain' },
            ]}
          />
          {data.contributions.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                {t('simulation.contributions')}
              </Typography.Title>
              <ul data-testid="simulation-contributions">
                {data.contributions.map((contribution) => (
                  <li key={contribution.changeIndex}>
                    {changeName(contribution.change)}:{' '}
                    {withInterval(contribution.gain.medianMs, contribution.gain.ci95)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.asIs.deadlines.length > 0 && (
            <>
              <Typography.Title level={5}>{t('simulation.sla')}</Typography.Title>
              <ul>
                {data.asIs.deadlines.map((deadline, k) => {
                  const share = (value: number) => formatShare(value, locale);
                  const toBe = data.toBe?.deadlines[k];
                  return (
                    <li key={deadline.stage}>
                      {deadline.stage} ({duration(deadline.deadlineMs)}):{' '}
                      {withInterval(deadline.adherence, deadline.ci95, share)}
                      {toBe ? ` → ${withInterval(toBe.adherence, toBe.ci95, share)}` : ''}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          {data.notSimulated.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('simulation.notSimulated', { steps: data.notSimulated.join(', ') })}
            />
          )}
          {data.skippedDeadlines.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={t('simulation.skippedDeadlines', {
                steps: data.skippedDeadlines.map((skipped) => skipped.step).join(', '),
              })}
            />
          )}
          {data.skippedTools.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              title={t('simulation.skippedTools', {
                steps: data.skippedTools
                  .map((skipped) => `${skipped.step} (${skipped.tool})`)
                  .join(', '),
              })}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('simulation.footnote', { runs: data.runs })}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}

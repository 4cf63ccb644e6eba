import { ApartmentOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Segmented,
  Select,
  Slider,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { type Analysis, type Arc, durationOf, EDITORS, type Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { timeBasisOptions } from '../app/time-basis.ts';
import { formatCount, formatDuration, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useDatasets, useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';
import { detailOf, minCountFor, SHOWN_AT_FIRST, shownAt } from './detail.ts';
import { type CaseFilter, FilterPanel } from './FilterPanel.tsx';
import { type MapLabel, type MapSelection, ProcessMap } from './ProcessMap.tsx';
import { UploadDataset } from './UploadDataset.tsx';

interface Options {
  time: 'calendar' | 'working';
  /** Only cases with this value of this case attribute. */
  only?: { name: string; value: string } | undefined;
  /** The other filters, after "only". */
  filters: CaseFilter[];
  segmentBy?: string | undefined;
}

/** Every filter of the options, as the API takes them: "only" first. */
function filtersOf(options: Pick<Options, 'only' | 'filters'>): CaseFilter[] {
  return [
    ...(options.only
      ? [
          {
            kind: 'attribute' as const,
            name: options.only.name,
            values: [options.only.value],
            isExcluded: false,
          },
        ]
      : []),
    ...options.filters,
  ];
}

export default function DiscoveryPage({ session }: { session: Session }) {
  const { id: projectId = '' } = useParams();
  const { t } = useTranslation();
  const project = useProject(projectId);
  const datasets = useDatasets();
  const [chosen, setChosen] = useState<string>();
  const [isUploading, setUploading] = useState(false);
  const mine = (datasets.data ?? []).filter((dataset) => dataset.projectId === projectId);
  const datasetId = chosen ?? mine[0]?.id;
  const onImported = useCallback((id: string) => {
    setChosen(id);
    setUploading(false);
  }, []);
  if (project.isPending || datasets.isPending) return <Loading />;
  return (
    <section aria-labelledby="discovery-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link>
      </Typography.Text>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <Typography.Title level={2} id="discovery-title" style={{ marginTop: 4 }}>
          {t('discovery.title')}
        </Typography.Title>
        <Space wrap>
          {mine.length > 0 && (
            <Select
              aria-label={t('discovery.datasets')}
              style={{ minWidth: 280 }}
              value={datasetId}
              onChange={setChosen}
              options={mine.map((dataset) => ({
                value: dataset.id,
                label: `${dataset.name} (${dataset.caseCount} ${t('discovery.cases')})`,
              }))}
            />
          )}
          {EDITORS.includes(session.role) && (
            <Button icon={<UploadOutlined />} onClick={() => setUploading(true)}>
              {t('discovery.import')}
            </Button>
          )}
        </Space>
      </div>
      {datasetId ? (
        <DatasetAnalysis
          key={datasetId}
          datasetId={datasetId}
          projectId={projectId}
          datasetName={mine.find((dataset) => dataset.id === datasetId)?.name ?? ''}
          canEdit={EDITORS.includes(session.role)}
        />
      ) : (
        <Empty description={t('discovery.noDatasets')} />
      )}
      {isUploading && (
        <UploadDataset
          projectId={projectId}
          onClose={() => setUploading(false)}
          onImported={onImported}
        />
      )}
    </section>
  );
}

interface DatasetAnalysisProps {
  datasetId: string;
  projectId: string;
  datasetName: string;
  canEdit: boolean;
}

function DatasetAnalysis({ datasetId, projectId, datasetName, canEdit }: DatasetAnalysisProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // The discovered map, with the same cases, becomes the project's as-is model.
  const useAsAsIs = useMutation({
    mutationFn: async (filters: CaseFilter[]) => {
      const document = await api<unknown>('POST', `/api/datasets/${datasetId}/discover`, {
        filters,
      });
      return api<{ id: string }>('POST', '/api/models', {
        name: t('models.asIsName', { name: datasetName }),
        projectId,
        kind: 'as-is',
        document,
      });
    },
    onSuccess: (version) => {
      void message.success(t('models.created'));
      navigate(`/projects/${projectId}/models/${version.id}`);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const locale = i18n.language as Locale;
  const [options, setOptions] = useState<Options>({ time: 'working', filters: [] });
  const [label, setLabel] = useState<MapLabel>('duration');
  const [shown, setShown] = useState(SHOWN_AT_FIRST);
  const [selection, setSelection] = useState<MapSelection>();
  const analysis = useQuery({
    queryKey: ['analysis', datasetId, options],
    queryFn: () =>
      api<Analysis>('POST', `/api/datasets/${datasetId}/analysis`, {
        time: options.time,
        filters: filtersOf(options),
        ...(options.segmentBy ? { segmentBy: options.segmentBy } : {}),
      }),
    placeholderData: (previous) => previous,
  });
  const data = analysis.data;
  const detail = useMemo(() => detailOf(data?.dfg ?? []), [data]);
  if (analysis.error) return <Alert type="error" showIcon title={errorText(analysis.error)} />;
  if (!data) return <Loading />;
  const dayMs = data.time.kind === 'working' ? data.time.dayMs : undefined;
  const duration = (ms: number) => formatDuration(ms, locale, dayMs);
  const count = (value: number) => formatCount(value, locale);
  const minCount = minCountFor(detail, shown);
  const attributes = data.caseAttributes;
  const onlyValue = options.only ? `${options.only.name}\u0000${options.only.value}` : '';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="large">
          <Space>
            <Typography.Text>{t('discovery.time')}</Typography.Text>
            <Segmented<Options['time']>
              value={options.time}
              onChange={(time) => setOptions({ ...options, time })}
              options={timeBasisOptions(t)}
            />
          </Space>
          <Space>
            <Typography.Text>{t('discovery.labels')}</Typography.Text>
            <Segmented<MapLabel>
              value={label}
              onChange={setLabel}
              options={[
                { value: 'frequency', label: t('discovery.labelFrequency') },
                { value: 'duration', label: t('discovery.labelDuration') },
              ]}
            />
          </Space>
          <Space>
            <Typography.Text>{t('discovery.segment')}</Typography.Text>
            <Select
              aria-label={t('discovery.segment')}
              style={{ minWidth: 200 }}
              value={onlyValue}
              onChange={(value: string) => {
                const [name, choice] = value.split('\u0000');
                setOptions({
                  ...options,
                  ...(name && choice !== undefined
                    ? { only: { name, value: choice } }
                    : { only: undefined }),
                });
              }}
              options={[
                { value: '', label: t('discovery.allCases') },
                ...attributes.map((attribute) => ({
                  label: attribute.name,
                  options: attribute.values.slice(0, 50).map((value) => ({
                    value: `${attribute.name}\u0000${value}`,
                    label: `${attribute.name}: ${value}`,
                  })),
                })),
              ]}
            />
          </Space>
          <Typography.Text type="secondary" data-testid="cases-shown">
            {t('discovery.casesShown', { cases: count(data.cases), events: count(data.events) })}
          </Typography.Text>
          {canEdit && (
            <Button
              icon={<ApartmentOutlined />}
              loading={useAsAsIs.isPending}
              onClick={() => useAsAsIs.mutate(filtersOf(options))}
            >
              {t('models.useAsAsIs')}
            </Button>
          )}
        </Space>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 8 }}>
          <Typography.Text>{t('discovery.detail')}</Typography.Text>
          <Slider
            style={{ flex: 1, maxWidth: 480 }}
            min={1}
            max={Math.max(1, detail.counts.length)}
            value={Math.min(shown, Math.max(1, detail.counts.length))}
            onChange={setShown}
            ariaLabelForHandle={t('discovery.detail')}
            tooltip={{ formatter: null }}
          />
          <Typography.Text type="secondary" data-testid="detail-help">
            {t('discovery.detailHelp', {
              count: count(minCount),
              shown: shownAt(detail, minCount),
              total: detail.counts.length,
            })}
          </Typography.Text>
        </div>
        <div style={{ marginTop: 8 }}>
          <FilterPanel
            filters={options.filters}
            activities={data.activityStats.map((stats) => stats.activity)}
            steps={data.filters.slice(options.only ? 1 : 0)}
            onChange={(filters) => setOptions({ ...options, filters })}
          />
        </div>
      </Card>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Card
          size="small"
          title={t('discovery.map')}
          style={{ flex: '3 1 640px', minWidth: 0, opacity: analysis.isFetching ? 0.6 : 1 }}
          styles={{ body: { overflow: 'auto', maxHeight: '70vh' } }}
        >
          <ProcessMap
            analysis={data}
            minCount={minCount}
            label={label}
            formatDuration={duration}
            formatCount={count}
            selection={selection}
            onSelect={setSelection}
          />
        </Card>
        <Card size="small" style={{ flex: '1 1 260px' }} data-testid="selection-figures">
          <SelectionFigures
            analysis={data}
            selection={selection}
            duration={duration}
            count={count}
          />
          {selection && (
            <CasesBehind
              datasetId={datasetId}
              selection={selection}
              filters={filtersOf(options)}
              duration={duration}
              count={count}
            />
          )}
        </Card>
      </div>
      <Tabs
        items={[
          {
            key: 'bottlenecks',
            label: t('discovery.bottlenecks'),
            children: (
              <Bottlenecks
                analysis={data}
                duration={duration}
                count={count}
                onSelect={setSelection}
              />
            ),
          },
          {
            key: 'variants',
            label: `${t('discovery.variants')} (${count(data.variantCount)})`,
            children: (
              <Table
                size="small"
                rowKey={(variant) => variant.activities.join('\u0000')}
                dataSource={data.variants}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('discovery.count'), dataIndex: 'cases', width: 100, render: count },
                  {
                    title: t('discovery.share'),
                    width: 100,
                    render: (_, variant) =>
                      formatShare(variant.cases / Math.max(1, data.cases), locale),
                  },
                  {
                    title: t('discovery.path'),
                    render: (_, variant) => variant.activities.join(' → '),
                  },
                ]}
              />
            ),
          },
          {
            key: 'pass-rates',
            label: t('discovery.passRates'),
            children: (
              <Table
                size="small"
                rowKey={(rate) => `${rate.from}\u0000${rate.to}`}
                dataSource={data.passRates}
                pagination={false}
                columns={[
                  { title: t('discovery.from'), dataIndex: 'from' },
                  { title: t('discovery.to'), dataIndex: 'to' },
                  { title: t('discovery.count'), dataIndex: 'cases', render: count },
                  { title: t('discovery.reached'), dataIndex: 'reached', render: count },
                  {
                    title: t('discovery.rate'),
                    dataIndex: 'rate',
                    render: (rate: number) => formatShare(rate, locale),
                  },
                ]}
              />
            ),
          },
          {
            key: 'segments',
            label: t('discovery.segments'),
            children: (
              <Segments
                analysis={data}
                segmentBy={options.segmentBy}
                onSegmentBy={(segmentBy) => setOptions({ ...options, segmentBy })}
                duration={duration}
                count={count}
              />
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary">{t('discovery.definitions')}</Typography.Paragraph>
    </Space>
  );
}

interface FigureProps {
  analysis: Analysis;
  duration: (ms: number) => string;
  count: (value: number) => string;
}

function SelectionFigures({
  analysis,
  selection,
  duration,
  count,
}: FigureProps & { selection?: MapSelection }) {
  const { t } = useTranslation();
  if (!selection)
    return <Typography.Text type="secondary">{t('discovery.selectArc')}</Typography.Text>;
  if (selection.kind === 'activity') {
    const stats = analysis.activityStats.find((candidate) => candidate.activity === selection.name);
    if (!stats) return null;
    return (
      <>
        <Typography.Title level={5}>{stats.activity}</Typography.Title>
        <Typography.Paragraph>
          {t('discovery.activityFigures', {
            events: count(stats.events),
            cases: count(stats.cases),
            rework: count(stats.reworkCases),
          })}
        </Typography.Paragraph>
      </>
    );
  }
  const arc = analysis.dfg.find(
    (candidate) => candidate.from === selection.from && candidate.to === selection.to,
  );
  if (!arc) return null;
  const stats = durationOf(arc, analysis);
  return (
    <>
      <Typography.Title level={5}>
        {arc.from} → {arc.to}
      </Typography.Title>
      <Typography.Paragraph>
        {t('discovery.arcFigures', {
          count: count(arc.count),
          median: duration(stats.medianMs),
          p90: duration(stats.p90Ms),
          max: duration(stats.maxMs),
        })}
      </Typography.Paragraph>
    </>
  );
}

/** The cases behind the selected activity or hand-off, slowest first. */
function CasesBehind({
  datasetId,
  selection,
  filters,
  duration,
  count,
}: {
  datasetId: string;
  selection: MapSelection;
  filters: CaseFilter[];
  duration: (ms: number) => string;
  count: (value: number) => string;
}) {
  const { t } = useTranslation();
  const passage =
    selection.kind === 'activity'
      ? { activity: selection.name }
      : { from: selection.from, to: selection.to };
  const cases = useQuery({
    queryKey: ['cases', datasetId, passage, filters],
    queryFn: () =>
      api<{ count: number; cases: { caseId: string; handOffMs?: number; durationMs: number }[] }>(
        'POST',
        `/api/datasets/${datasetId}/cases`,
        {
          passage,
          limit: 10,
          filters,
        },
      ),
  });
  if (!cases.data) return null;
  const isArc = selection.kind === 'arc';
  return (
    <div data-testid="cases-behind" style={{ marginTop: 8 }}>
      <Typography.Text strong>
        {t('discovery.casesBehind', { count: count(cases.data.count) })}
      </Typography.Text>
      <Table
        size="small"
        style={{ marginTop: 8 }}
        rowKey="caseId"
        pagination={false}
        dataSource={cases.data.cases}
        columns={[
          { title: t('discovery.caseId'), dataIndex: 'caseId', ellipsis: true },
          {
            title: isArc ? t('discovery.handOffTime') : t('discovery.caseDurationShort'),
            render: (_, row) => duration(isArc ? (row.handOffMs ?? 0) : row.durationMs),
          },
        ]}
      />
    </div>
  );
}

function Bottlenecks({
  analysis,
  duration,
  count,
  onSelect,
}: FigureProps & { onSelect: (selection: MapSelection) => void }) {
  const { t } = useTranslation();
  const rows = analysis.bottlenecks.byMedian.slice(0, 15);
  return (
    <Table<Arc>
      size="small"
      data-testid="bottlenecks"
      rowKey={(arc) => `${arc.from}\u0000${arc.to}`}
      dataSource={rows}
      pagination={false}
      onRow={(arc) => ({ onClick: () => onSelect({ kind: 'arc', from: arc.from, to: arc.to }) })}
      columns={[
        { title: t('discovery.from'), dataIndex: 'from' },
        { title: t('discovery.to'), dataIndex: 'to' },
        { title: t('discovery.count'), dataIndex: 'count', render: count },
        {
          title: t('discovery.median'),
          render: (_, arc) => duration(durationOf(arc, analysis).medianMs),
        },
        {
          title: t('discovery.p90'),
          render: (_, arc) => duration(durationOf(arc, analysis).p90Ms),
        },
        {
          title: t('discovery.total'),
          render: (_, arc) => duration(durationOf(arc, analysis).totalMs),
        },
      ]}
    />
  );
}

function Segments({
  analysis,
  segmentBy,
  onSegmentBy,
  duration,
  count,
}: FigureProps & {
  segmentBy: string | undefined;
  onSegmentBy: (name: string | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('discovery.compareBy')}</Typography.Text>
        <Select
          aria-label={t('discovery.compareBy')}
          style={{ minWidth: 200 }}
          value={segmentBy ?? ''}
          onChange={(value: string) => onSegmentBy(value || undefined)}
          options={[
            { value: '', label: t('discovery.none') },
            ...analysis.caseAttributes.map((attribute) => ({
              value: attribute.name,
              label: attribute.name,
            })),
          ]}
        />
      </Space>
      {analysis.segments && (
        <Table
          size="small"
          data-testid="segments"
          rowKey={(segment) => String(segment.value)}
          dataSource={analysis.segments}
          pagination={false}
          columns={[
            {
              title: t('discovery.value'),
              dataIndex: 'value',
              render: (value: string | null) => value ?? '–',
            },
            { title: t('discovery.count'), dataIndex: 'cases', render: count },
            {
              title: t('discovery.caseDuration'),
              render: (_, segment) => duration(durationOf(segment.caseDuration, analysis).medianMs),
            },
            {
              title: t('discovery.slowestHandOff'),
              render: (_, segment) =>
                segment.slowestHandOff ? (
                  <Space>
                    <span>
                      {segment.slowestHandOff.from} → {segment.slowestHandOff.to}
                    </span>
                    <Tag color="red">{duration(segment.slowestHandOff.medianMs)}</Tag>
                    <Typography.Text type="secondary">
                      {t('discovery.ratio', {
                        ratio: segment.slowestHandOff.ratio.toFixed(1),
                        overall: duration(segment.slowestHandOff.overallMedianMs),
                      })}
                    </Typography.Text>
                  </Space>
                ) : (
                  '–'
                ),
            },
          ]}
        />
      )}
    </Space>
  );
}

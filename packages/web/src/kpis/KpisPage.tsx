import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { timeBasisOptions } from '../app/time-basis.ts';
import { formatCount, formatDuration, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useDatasets, useModels, useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';
import {
  KPI_EDITORS,
  type Kpi,
  type KpiValues,
  MEASURE_KINDS,
  type MeasureFields,
  type MeasureKind,
  measureOf,
  targetOf,
  unitOf,
  useKpiChange,
  useKpis,
  usualDirection,
} from './kpis.ts';

/**
 * Step 3, design: the project's KPIs (process adherence, response timeliness…) — each a
 * measure from the building blocks with a target and a direction — and their
 * values on a dataset, for a period and a model version.
 */
export default function KpisPage({ session }: { session: Session }) {
  const { id: projectId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale;
  const project = useProject(projectId);
  const kpis = useKpis(projectId);
  const datasets = useDatasets();
  const models = useModels();
  const canEdit = KPI_EDITORS.includes(session.role);
  const [adding, setAdding] = useState(false);
  const [datasetId, setDatasetId] = useState<string>();
  const [versionId, setVersionId] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [time, setTime] = useState<'working' | 'calendar'>('working');
  const [asked, setAsked] = useState<Record<string, unknown>>();
  const change = useKpiChange();
  const { message } = App.useApp();
  const projectDatasets = (datasets.data ?? []).filter((d) => d.projectId === projectId);
  const versions = (models.data ?? [])
    .filter((model) => model.projectId === projectId)
    .flatMap((model) => model.versions.map((version) => ({ ...version, modelName: model.name })))
    .sort((a, b) => Number(b.kind === 'to-be') - Number(a.kind === 'to-be'));
  const chosenDataset = datasetId ?? projectDatasets[0]?.id;
  const chosenVersion = versionId ?? versions[0]?.id;
  const values = useQuery({
    queryKey: ['kpi-values', projectId, asked],
    queryFn: () => api<KpiValues>('POST', `/api/projects/${projectId}/kpis/values`, asked),
    enabled: Boolean(asked),
  });
  if (project.isPending || kpis.isPending || datasets.isPending || models.isPending)
    return <Loading />;
  const valueById = new Map((values.data?.values ?? []).map((value) => [value.id, value]));
  const show = (kind: MeasureKind, value: number | null) => {
    if (value === null) return '–';
    const unit = unitOf(kind);
    return unit === 'duration'
      ? formatDuration(value, locale, values.data?.time.workingDayMs)
      : unit === 'share'
        ? formatShare(value, locale)
        : formatCount(Math.round(value * 100) / 100, locale);
  };
  const run = () =>
    chosenDataset &&
    setAsked({
      datasetId: chosenDataset,
      ...(chosenVersion ? { versionId: chosenVersion } : {}),
      time,
      filters:
        period?.[0] && period[1]
          ? [
              {
                kind: 'period',
                mode: 'active',
                fromMs: period[0].startOf('day').valueOf(),
                toMs: period[1].add(1, 'day').startOf('day').valueOf(),
              },
            ]
          : [],
    });
  return (
    <section aria-labelledby="kpis-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link>
      </Typography.Text>
      <Typography.Title level={2} id="kpis-title" style={{ marginTop: 4 }}>
        {t('kpis.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('kpis.intro')}</Typography.Paragraph>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap align="end">
            <Select
              aria-label={t('diagnosis.dataset')}
              style={{ minWidth: 240 }}
              value={chosenDataset}
              onChange={setDatasetId}
              placeholder={t('diagnosis.dataset')}
              options={projectDatasets.map((d) => ({ value: d.id, label: d.name }))}
            />
            <Select
              aria-label={t('diagnosis.version')}
              style={{ minWidth: 240 }}
              value={chosenVersion}
              onChange={setVersionId}
              placeholder={t('diagnosis.version')}
              options={versions.map((v) => ({
                value: v.id,
                label: `${v.modelName} · v${v.number} ${v.label}`,
              }))}
            />
            <DatePicker.RangePicker
              aria-label={t('kpis.period')}
              value={period}
              onChange={(range) => setPeriod(range)}
            />
            <Radio.Group
              value={time}
              onChange={(event) => setTime(event.target.value)}
              optionType="button"
              options={timeBasisOptions(t)}
            />
            <Button
              type="primary"
              icon={<ReloadOutlined />}
              disabled={!chosenDataset}
              loading={values.isFetching}
              onClick={run}
            >
              {t('kpis.compute')}
            </Button>
            {canEdit && (
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('kpis.add')}
              </Button>
            )}
          </Space>
        </Card>
        {values.error && <Alert type="error" showIcon title={errorText(values.error)} />}
        <Card
          size="small"
          title={
            values.data
              ? t('kpis.onCases', { count: values.data.cases })
              : t('kpis.defined', { count: kpis.data?.length ?? 0 })
          }
        >
          {(kpis.data ?? []).length === 0 ? (
            <Empty description={t('kpis.empty')} />
          ) : (
            <Table
              data-testid="kpis"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={kpis.data}
              columns={[
                { title: t('kpis.name'), dataIndex: 'name' },
                {
                  title: t('kpis.measure'),
                  render: (_, kpi: Kpi) => t(`kpis.kind.${kpi.measure.kind}`),
                },
                {
                  title: t('kpis.target'),
                  render: (_, kpi: Kpi) =>
                    kpi.target === null
                      ? '–'
                      : `${kpi.direction === 'higher-is-better' ? '≥' : '≤'} ${show(kpi.measure.kind, kpi.target)}`,
                },
                {
                  title: t('kpis.value'),
                  render: (_, kpi: Kpi) => {
                    const value = valueById.get(kpi.id);
                    if (!value) return '';
                    return (
                      <Space size={4}>
                        {show(kpi.measure.kind, value.value)}
                        {value.meetsTarget !== null && (
                          <Tag color={value.meetsTarget ? 'green' : 'red'}>
                            {t(value.meetsTarget ? 'kpis.met' : 'kpis.missed')}
                          </Tag>
                        )}
                        {value.basis.denominator !== undefined && (
                          <Typography.Text type="secondary">
                            {value.basis.numerator} / {value.basis.denominator}
                          </Typography.Text>
                        )}
                        {value.basis.gatesJudged !== undefined &&
                          value.basis.gatesJudged + (value.basis.gatesNotJudged ?? 0) > 0 && (
                            <Tooltip title={t('kpis.gatesHelp')}>
                              <Typography.Text type="secondary">
                                {t(
                                  value.basis.gatesNotJudged ? 'kpis.gatesNotJudged' : 'kpis.gates',
                                  {
                                    judged: value.basis.gatesJudged,
                                    notJudged: value.basis.gatesNotJudged,
                                  },
                                )}
                              </Typography.Text>
                            </Tooltip>
                          )}
                      </Space>
                    );
                  },
                },
                ...(canEdit
                  ? [
                      {
                        title: '',
                        render: (_: unknown, kpi: Kpi) => (
                          <Popconfirm
                            title={t('kpis.deleteConfirm')}
                            onConfirm={() =>
                              change.mutate(
                                { method: 'DELETE', url: `/api/kpis/${kpi.id}` },
                                { onError: (error) => void message.error(errorText(error)) },
                              )
                            }
                          >
                            <Button
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('kpis.delete')}
                            />
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Card>
      </Space>
      {adding && <NewKpi projectId={projectId} onClose={() => setAdding(false)} />}
    </section>
  );
}

interface FormValues extends MeasureFields {
  name: string;
  target?: number | null;
  direction: 'higher-is-better' | 'lower-is-better';
}

/** The form of a new KPI: its name, building block and the block's fields, target and direction. */
function NewKpi({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useKpiChange();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? 'process-adherence';
  const unit = unitOf(kind);
  const save = (values: FormValues) =>
    change.mutate(
      {
        method: 'POST',
        url: `/api/projects/${projectId}/kpis`,
        body: {
          name: values.name,
          measure: measureOf(values),
          target: targetOf(values.kind, values.target),
          direction: values.direction,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('kpis.saved'));
          onClose();
        },
        onError: (error) => void message.error(errorText(error)),
      },
    );
  const text = (name: keyof FormValues, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, whitespace: true }]}>
      <Input />
    </Form.Item>
  );
  return (
    <Modal
      open
      title={t('kpis.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('kpis.save')}
      confirmLoading={change.isPending}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          kind: 'process-adherence',
          direction: 'higher-is-better',
          withinBasis: 'working',
        }}
        onValuesChange={(changed) => {
          if (changed.kind) form.setFieldValue('direction', usualDirection(changed.kind));
        }}
      >
        {text('name', t('kpis.name'))}
        <Form.Item name="kind" label={t('kpis.measure')}>
          <Select
            aria-label={t('kpis.measure')}
            options={MEASURE_KINDS.map((value) => ({ value, label: t(`kpis.kind.${value}`) }))}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t(`kpis.help.${kind}`)}</Typography.Paragraph>
        {kind === 'stage-duration' && text('step', t('kpis.step'))}
        {(kind === 'pass-rate' || kind === 'timeliness') && (
          <>
            {text('from', t('kpis.from'))}
            {text('to', t('kpis.to'))}
          </>
        )}
        {(kind === 'cycle-time' || kind === 'stage-duration') && (
          <Form.Item name="percentile" label={t('kpis.percentile')}>
            <InputNumber min={1} max={100} placeholder="50" />
          </Form.Item>
        )}
        {kind === 'timeliness' && (
          <Space>
            <Form.Item
              name="withinHours"
              label={t('kpis.withinHours')}
              rules={[{ required: true }]}
            >
              <InputNumber aria-label={t('kpis.withinHours')} min={0.1} />
            </Form.Item>
            <Form.Item name="withinBasis" label={t('kpis.basis')}>
              <Radio.Group options={timeBasisOptions(t)} />
            </Form.Item>
          </Space>
        )}
        {kind === 'revenue-per-rep' && (
          <>
            {text('amount', t('kpis.amount'))}
            {text('per', t('kpis.per'))}
          </>
        )}
        {kind === 'ratio' && (
          <>
            <Form.Item name="numerator" label={t('kpis.numerator')} rules={[{ required: true }]}>
              <Select mode="tags" />
            </Form.Item>
            <Form.Item name="denominator" label={t('kpis.denominator')}>
              <Select mode="tags" />
            </Form.Item>
          </>
        )}
        {kind === 'sla-adherence' && (
          <Form.Item name="steps" label={t('kpis.slaSteps')}>
            <Select mode="tags" />
          </Form.Item>
        )}
        <Space>
          <Form.Item name="target" label={t(`kpis.targetIn.${unit}`)}>
            <InputNumber aria-label={t(`kpis.targetIn.${unit}`)} />
          </Form.Item>
          <Form.Item name="direction" label={t('kpis.direction')}>
            <Radio.Group
              options={[
                { value: 'higher-is-better', label: t('kpis.higher') },
                { value: 'lower-is-better', label: t('kpis.lower') },
              ]}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

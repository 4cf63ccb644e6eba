import { PlusOutlined, ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { displayName } from '@pipewise/engine/process-model';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  List,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { timeBasisOptions } from '../app/time-basis.ts';
import { formatDuration, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useDatasets, useModels, useProject } from '../projects/projects.ts';
import { type Results, ROUND_RUNNERS, useResults, useRounds } from '../scoring/scoring.ts';
import { errorText } from '../session/session.ts';
import {
  type DiagnosisRequest,
  dataConcerns,
  type Finding,
  lowScoringSteps,
  type NewProblem,
  opinionVersusData,
  problemFromFinding,
  REGISTRARS,
  type StepIndicators,
  severityOfScore,
  useDiagnosis,
  useProblemChange,
} from './diagnosis.ts';
import { FindingEvidence } from './FindingEvidence.tsx';

export const SEVERITY_COLORS = ['', 'default', 'blue', 'gold', 'orange', 'red'] as const;

/** Which problem type a low score on a dimension suggests. */
const TYPE_OF_DIMENSION = {
  efficiency: 'low-efficiency',
  effectiveness: 'other',
  compliance: 'non-compliance',
  'customer-experience': 'poor-experience',
} as const;

/**
 * Step 2, diagnose: the detectors' findings on a dataset of the project
 * (and its as-is model), each with its evidence and a way into the problem
 * register; the steps people scored low; and each step's data-driven
 * indicators beside its opinion score.
 */
export default function DiagnosisPage({ session }: { session: Session }) {
  const { id: projectId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const locale = (language === 'en' ? 'en' : 'zh-CN') as Locale;
  const project = useProject(projectId);
  const datasets = useDatasets();
  const models = useModels();
  const projectDatasets = (datasets.data ?? []).filter((d) => d.projectId === projectId);
  const versions = (models.data ?? [])
    .filter((model) => model.projectId === projectId)
    .flatMap((model) => model.versions.map((version) => ({ ...version, modelName: model.name })))
    .sort((a, b) => Number(b.kind === 'as-is') - Number(a.kind === 'as-is'));
  const [datasetId, setDatasetId] = useState<string>();
  const [versionId, setVersionId] = useState<string | null>();
  const [segmentBy, setSegmentBy] = useState<string>();
  const [time, setTime] = useState<'working' | 'calendar'>('working');
  const [request, setRequest] = useState<DiagnosisRequest>();
  const chosenDataset = datasetId ?? projectDatasets[0]?.id;
  const chosenVersion = versionId === null ? undefined : (versionId ?? versions[0]?.id);
  const diagnosis = useDiagnosis(projectId, request);
  const canRegister = REGISTRARS.includes(session.role);

  if (project.isPending || datasets.isPending || models.isPending) return <Loading />;
  const run = () =>
    chosenDataset &&
    setRequest({
      datasetId: chosenDataset,
      ...(chosenVersion ? { versionId: chosenVersion } : {}),
      ...(segmentBy ? { segmentBy } : {}),
      time,
    });
  return (
    <section aria-labelledby="diagnosis-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link>
      </Typography.Text>
      <Typography.Title level={2} id="diagnosis-title" style={{ marginTop: 4 }}>
        {t('diagnosis.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('diagnosis.intro')}</Typography.Paragraph>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card size="small">
          {projectDatasets.length === 0 ? (
            <Empty description={t('diagnosis.noDataset')}>
              <Link to={`/projects/${projectId}/discovery`}>{t('home.openDiscovery')}</Link>
            </Empty>
          ) : (
            <Space wrap align="end">
              <div>
                <div>{t('diagnosis.dataset')}</div>
                <Select
                  aria-label={t('diagnosis.dataset')}
                  style={{ minWidth: 260 }}
                  value={chosenDataset}
                  onChange={setDatasetId}
                  options={projectDatasets.map((d) => ({ value: d.id, label: d.name }))}
                />
              </div>
              <div>
                <div>{t('diagnosis.version')}</div>
                <Select
                  aria-label={t('diagnosis.version')}
                  style={{ minWidth: 260 }}
                  value={chosenVersion ?? ''}
                  onChange={(value) => setVersionId(value === '' ? null : value)}
                  options={[
                    { value: '', label: t('diagnosis.noVersion') },
                    ...versions.map((v) => ({
                      value: v.id,
                      label: `${v.modelName} · v${v.number} ${v.label}`,
                    })),
                  ]}
                />
              </div>
              <div>
                <div>{t('diagnosis.segmentBy')}</div>
                <Select
                  aria-label={t('diagnosis.segmentBy')}
                  style={{ minWidth: 160 }}
                  allowClear
                  placeholder={t('diagnosis.noSegment')}
                  value={segmentBy}
                  onChange={setSegmentBy}
                  options={(diagnosis.data?.caseAttributes ?? []).map((name) => ({
                    value: name,
                    label: name,
                  }))}
                />
              </div>
              <Radio.Group
                value={time}
                onChange={(event) => setTime(event.target.value)}
                optionType="button"
                options={timeBasisOptions(t)}
              />
              <Button
                type="primary"
                icon={<ReloadOutlined />}
                onClick={run}
                loading={diagnosis.isFetching}
              >
                {t('diagnosis.run')}
              </Button>
              <Link to={`/projects/${projectId}/problems`}>
                <Button icon={<UnorderedListOutlined />}>{t('problems.open')}</Button>
              </Link>
            </Space>
          )}
        </Card>
        {diagnosis.error && <Alert type="error" showIcon title={errorText(diagnosis.error)} />}
        {diagnosis.data && request && (
          <>
            <Findings
              findings={diagnosis.data.findings}
              leftOut={diagnosis.data.leftOut}
              workingDayMs={diagnosis.data.time.workingDayMs}
              canRegister={canRegister}
              projectId={projectId}
              context={{
                datasetId: request.datasetId,
                ...(request.versionId ? { versionId: request.versionId } : {}),
                ...(diagnosis.data.time.workingDayMs
                  ? { workingDayMs: diagnosis.data.time.workingDayMs }
                  : {}),
              }}
            />
            {diagnosis.data.unmatchedSteps.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('diagnosis.unmatched', {
                  steps: diagnosis.data.unmatchedSteps
                    .map((step) => (step.name ? displayName(step.name, language) : step.stepId))
                    .join(language === 'en' ? ', ' : '、'),
                })}
              />
            )}
            {diagnosis.data.indicators && request.versionId && (
              <Indicators
                projectId={projectId}
                versionId={request.versionId}
                indicators={diagnosis.data.indicators}
                workingDayMs={diagnosis.data.time.workingDayMs}
                canRegister={canRegister}
                session={session}
                locale={locale}
              />
            )}
          </>
        )}
      </Space>
    </section>
  );
}

function Findings({
  findings,
  leftOut,
  workingDayMs,
  canRegister,
  projectId,
  context,
}: {
  findings: Finding[];
  leftOut: Record<string, number>;
  workingDayMs: number | undefined;
  canRegister: boolean;
  projectId: string;
  context: { datasetId: string; versionId?: string; workingDayMs?: number };
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const { message } = App.useApp();
  const change = useProblemChange();
  const add = (problems: NewProblem[]) =>
    change.mutate(
      { method: 'POST', url: `/api/projects/${projectId}/problems`, body: { problems } },
      {
        onSuccess: () => void message.success(t('diagnosis.added', { count: problems.length })),
        onError: (error) => void message.error(errorText(error)),
      },
    );
  const unregistered = findings.filter((finding) => finding.problemId === null);
  const [open, setOpen] = useState<string>();
  const locale = (language === 'en' ? 'en' : 'zh-CN') as Locale;
  const omitted = Object.entries(leftOut);
  return (
    <Card
      size="small"
      title={t('diagnosis.findings', { count: findings.length })}
      extra={
        canRegister &&
        unregistered.length > 0 && (
          <Button
            icon={<PlusOutlined />}
            loading={change.isPending}
            onClick={() => add(unregistered.map((f) => problemFromFinding(f, language, context)))}
          >
            {t('diagnosis.addAll', { count: unregistered.length })}
          </Button>
        )
      }
    >
      {findings.length === 0 ? (
        <Empty description={t('diagnosis.noFindings')} />
      ) : (
        <List
          data-testid="findings"
          dataSource={findings}
          renderItem={(finding) => (
            <List.Item
              key={finding.key}
              actions={[
                finding.problemId ? (
                  <Link key="in" to={`/projects/${projectId}/problems`}>
                    <Tag color="green">{t('diagnosis.inRegister')}</Tag>
                  </Link>
                ) : canRegister ? (
                  <Button
                    key="add"
                    size="small"
                    icon={<PlusOutlined />}
                    loading={change.isPending}
                    onClick={() => add([problemFromFinding(finding, language, context)])}
                  >
                    {t('diagnosis.addToRegister')}
                  </Button>
                ) : null,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={SEVERITY_COLORS[finding.severity]}>
                      {t('diagnosis.severity', { severity: finding.severity })}
                    </Tag>
                    <span>{displayName(finding.title, language)}</span>
                  </Space>
                }
                description={
                  <>
                    <Space wrap size={4} style={{ marginBottom: 4 }}>
                      <Tooltip title={t(`diagnosis.detectorHelp.${finding.detector}`)}>
                        <Tag>{t(`diagnosis.detector.${finding.detector}`)}</Tag>
                      </Tooltip>
                      <Tag color="purple">{t(`problems.type.${finding.suggestedType}`)}</Tag>
                      {finding.segment && (
                        <Tag color="cyan">
                          {finding.segment.attribute}: {finding.segment.value}
                        </Tag>
                      )}
                    </Space>
                    <FindingEvidence evidence={finding.evidence} workingDayMs={workingDayMs} />
                    {(ARC_DETECTORS.has(finding.detector) ||
                      ACTIVITY_DETECTORS.has(finding.detector)) && (
                      <Space wrap>
                        <Button
                          size="small"
                          type="link"
                          onClick={() =>
                            setOpen((current) =>
                              current === finding.key ? undefined : finding.key,
                            )
                          }
                        >
                          {t(open === finding.key ? 'diagnosis.hideCases' : 'diagnosis.showCases')}
                        </Button>
                        <Link to={`/projects/${projectId}/discovery`}>
                          {t('diagnosis.onTheMap')}
                        </Link>
                      </Space>
                    )}
                    {open === finding.key && (
                      <FindingCases
                        finding={finding}
                        datasetId={context.datasetId}
                        locale={locale}
                        workingDayMs={workingDayMs}
                      />
                    )}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {omitted.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('diagnosis.leftOut', {
            list: omitted
              .map(([detector, count]) => `${t(`diagnosis.detector.${detector}`)} ${count}`)
              .join(language === 'en' ? ', ' : '、'),
          })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** Detectors whose finding is about a hand-off between two activities, or about one activity. */
const ARC_DETECTORS = new Set(['bottleneck', 'broken-hand-off', 'segment-bottleneck']);
const ACTIVITY_DETECTORS = new Set(['rework-loop', 'no-deadline']);

/**
 * The cases behind a data finding, slowest first (as the discovery map's
 * selection lists them): through its hand-off or activity, in its segment.
 */
function FindingCases({
  finding,
  datasetId,
  locale,
  workingDayMs,
}: {
  finding: Finding;
  datasetId: string;
  locale: Locale;
  workingDayMs: number | undefined;
}) {
  const { t } = useTranslation();
  const passage = ARC_DETECTORS.has(finding.detector)
    ? { from: finding.steps[0]!, to: finding.steps[1]! }
    : { activity: finding.steps[0]! };
  const cases = useQuery({
    queryKey: ['finding-cases', datasetId, finding.key],
    queryFn: () =>
      api<{ count: number; cases: { caseId: string; handOffMs?: number; durationMs: number }[] }>(
        'POST',
        `/api/datasets/${datasetId}/cases`,
        {
          passage,
          limit: 10,
          filters: finding.segment
            ? [
                {
                  kind: 'attribute',
                  name: finding.segment.attribute,
                  values: [finding.segment.value],
                  isExcluded: false,
                },
              ]
            : [],
        },
      ),
  });
  if (cases.error) return <Alert type="error" showIcon title={errorText(cases.error)} />;
  if (!cases.data) return <Loading />;
  return (
    <div data-testid="finding-cases">
      <Typography.Text strong>
        {t('diagnosis.casesBehind', { count: cases.data.count })}
      </Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {cases.data.cases.map((row) => (
          <li key={row.caseId}>
            {row.caseId}
            {' · '}
            {row.handOffMs !== undefined
              ? t('diagnosis.caseHandOff', {
                  time: formatDuration(row.handOffMs, locale, workingDayMs),
                })
              : t('diagnosis.caseDuration', {
                  time: formatDuration(row.durationMs, locale, workingDayMs),
                })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Each step's indicators beside its mean score in a chosen round, flagged
 * where opinion and data part; and the low-scoring steps as register
 * candidates.
 */
function Indicators({
  projectId,
  versionId,
  indicators,
  workingDayMs,
  canRegister,
  session,
  locale,
}: {
  projectId: string;
  versionId: string;
  indicators: StepIndicators[];
  workingDayMs: number | undefined;
  canRegister: boolean;
  session: Session;
  locale: Locale;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const { message } = App.useApp();
  const canReadRounds = ROUND_RUNNERS.includes(session.role);
  const rounds = useRounds(projectId, versionId, canReadRounds);
  const [roundId, setRoundId] = useState<string>();
  const chosenRound = roundId ?? rounds.data?.[0]?.id;
  const results = useResults(chosenRound, canReadRounds && Boolean(chosenRound));
  const change = useProblemChange();
  const concerns = useMemo(() => dataConcerns(indicators), [indicators]);
  const meanOf = new Map((results.data?.steps ?? []).map((step) => [step.stepId, step.mean]));
  const duration = (ms: number | undefined) =>
    ms === undefined ? '–' : formatDuration(ms, locale, workingDayMs);
  const share = (value: number | undefined) =>
    value === undefined ? '–' : formatShare(value, locale);
  const low = results.data ? lowScoringSteps(results.data.steps) : [];
  const addLow = (step: Results['steps'][number]) => {
    const dimensions = Object.entries(step.dimensions).filter(([, summary]) => summary !== null);
    const lowest = dimensions.sort((a, b) => a[1]!.mean - b[1]!.mean)[0];
    const name = displayName(step.name, language);
    const problem: NewProblem = {
      source: 'score',
      findingKey: `score|${results.data!.round.id}|${step.stepId}`,
      title: t('diagnosis.lowScoreTitle', {
        step: name,
        mean: step.mean === null ? '–' : step.mean.toFixed(1),
      }),
      steps: [name],
      type: lowest ? TYPE_OF_DIMENSION[lowest[0] as keyof typeof TYPE_OF_DIMENSION] : 'other',
      severity: severityOfScore(step.mean),
      description: step.comments.map((c) => `${c.rater}: ${c.comment}`).join('\n'),
      evidence: {
        roundId: results.data!.round.id,
        round: results.data!.round.title,
        mean: step.mean,
        raters: step.raters,
        disputed: step.isDisputed,
        ...Object.fromEntries(dimensions.map(([dimension, summary]) => [dimension, summary!.mean])),
      },
    };
    change.mutate(
      { method: 'POST', url: `/api/projects/${projectId}/problems`, body: { problems: [problem] } },
      {
        onSuccess: () => void message.success(t('diagnosis.added', { count: 1 })),
        onError: (error) => void message.error(errorText(error)),
      },
    );
  };
  return (
    <Card
      size="small"
      title={t('diagnosis.indicators')}
      extra={
        canReadRounds &&
        (rounds.data ?? []).length > 0 && (
          <Select
            aria-label={t('diagnosis.round')}
            style={{ minWidth: 220 }}
            value={chosenRound}
            onChange={setRoundId}
            options={(rounds.data ?? []).map((round) => ({ value: round.id, label: round.title }))}
          />
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('diagnosis.indicatorsIntro')}</Typography.Paragraph>
      <Table
        data-testid="indicators"
        size="small"
        rowKey="stepId"
        pagination={false}
        scroll={{ x: true }}
        dataSource={indicators}
        columns={[
          {
            title: t('diagnosis.step'),
            render: (_, step) => displayName(step.name, language),
            fixed: 'left',
          },
          {
            title: t('diagnosis.opinion'),
            render: (_, step) => {
              const mean = meanOf.get(step.stepId);
              const verdict = opinionVersusData(mean, concerns.get(step.stepId) ?? []);
              return (
                <Space size={4}>
                  {mean === null || mean === undefined ? '–' : mean.toFixed(1)}
                  {verdict && (
                    <Tooltip title={t(`diagnosis.verdictHelp.${verdict}`)}>
                      <Tag color={verdict === 'data-worse' ? 'red' : 'blue'}>
                        {t(`diagnosis.verdict.${verdict}`)}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              );
            },
          },
          {
            title: t('diagnosis.concerns'),
            render: (_, step) =>
              (concerns.get(step.stepId) ?? []).map((concern) => (
                <Tag key={concern} color="orange">
                  {t(`diagnosis.concern.${concern}`)}
                </Tag>
              )),
          },
          { title: t('diagnosis.cases'), dataIndex: 'cases' },
          { title: t('diagnosis.waiting'), render: (_, s) => duration(s.waiting?.medianMs) },
          { title: t('diagnosis.inStep'), render: (_, s) => duration(s.inStep?.medianMs) },
          { title: t('diagnosis.skip'), render: (_, s) => share(s.skip?.share) },
          { title: t('diagnosis.rework'), render: (_, s) => share(s.rework?.share) },
          { title: t('diagnosis.dropOff'), render: (_, s) => share(s.dropOff?.share) },
          {
            title: t('diagnosis.win'),
            render: (_, s) =>
              s.win ? (
                <Tooltip
                  title={t('diagnosis.winHelp', {
                    through: share(s.win.through.rate),
                    notThrough: share(s.win.notThrough.rate),
                    low: (s.win.ci95[0] * 100).toFixed(1),
                    high: (s.win.ci95[1] * 100).toFixed(1),
                  })}
                >
                  {`${share(s.win.through.rate)} / ${share(s.win.notThrough.rate)}`}
                </Tooltip>
              ) : (
                '–'
              ),
          },
          { title: t('diagnosis.handOffs'), render: (_, s) => share(s.handOffs?.share) },
          { title: t('diagnosis.owners'), dataIndex: 'owners' },
          { title: t('diagnosis.systems'), dataIndex: 'systems' },
        ]}
      />
      {low.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('diagnosis.lowScores')}
          </Typography.Title>
          <List
            size="small"
            dataSource={low}
            renderItem={(step) => (
              <List.Item
                actions={
                  canRegister
                    ? [
                        <Button
                          key="add"
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => addLow(step)}
                        >
                          {t('diagnosis.addToRegister')}
                        </Button>,
                      ]
                    : []
                }
              >
                {displayName(step.name, language)} ·{' '}
                {step.mean === null ? '–' : step.mean.toFixed(1)}
                {step.isDisputed && <Tag style={{ marginLeft: 8 }}>{t('diagnosis.disputed')}</Tag>}
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

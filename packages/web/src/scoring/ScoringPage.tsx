import { DownloadOutlined, SaveOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { layoutSwimlanes, renderSwimlaneSvg } from '@pipewise/diagrams';
import type { ScoreDimension } from '@pipewise/engine/diagnosis';
import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';
import {
  DIMENSIONS,
  formatScore,
  RESULT_READERS,
  type Results,
  ROUND_RUNNERS,
  type Round,
  type SheetEntry,
  type SheetProblem,
  scoreColor,
  useMembers,
  useMyRounds,
  useResults,
  useRounds,
  useScoringChange,
  useSheet,
} from './scoring.ts';

interface Version {
  id: string;
  number: number;
  label: string;
  document: ProcessModel;
}

/**
 * Scoring of one model version, the method's step 2: the process
 * owner opens a round and invites raters; each rater fills their sheet here
 * or in Excel; the results show as a heat map (steps × four dimensions,
 * lowest steps first) and as colours on the swimlane chart.
 */
export default function ScoringPage({ session }: { session: Session }) {
  const { id: projectId = '', versionId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const project = useProject(projectId);
  const version = useQuery({
    queryKey: ['version', versionId],
    queryFn: () => api<Version>('GET', `/api/versions/${versionId}`),
  });
  const canRun = ROUND_RUNNERS.includes(session.role);
  const canRead = RESULT_READERS.includes(session.role);
  const rounds = useRounds(projectId, versionId, canRun);
  const mine = useMyRounds();
  const [chosen, setChosen] = useState<string>();
  // Every round of this version the caller may see: all of them for runners, else the ones they rate in.
  const visible = useMemo(() => {
    const byId = new Map<string, Round>();
    for (const round of [...(rounds.data ?? []), ...(mine.data ?? [])])
      if (round.versionId === versionId) byId.set(round.id, round);
    return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, [rounds.data, mine.data, versionId]);
  const round = visible.find((candidate) => candidate.id === chosen) ?? visible[0];
  const isRater = (mine.data ?? []).some((candidate) => candidate.id === round?.id);
  if (version.error) return <Alert type="error" showIcon title={errorText(version.error)} />;
  if (!version.data || mine.isPending || (canRun && rounds.isPending)) return <Loading />;
  const modelName = displayName(version.data.document.name, language);
  return (
    <section aria-labelledby="scoring-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link> ·{' '}
        <Link to={`/projects/${projectId}/models/${versionId}`}>{modelName}</Link>
      </Typography.Text>
      <Typography.Title level={2} id="scoring-title" style={{ marginTop: 4 }}>
        {t('scoring.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('scoring.forVersion', {
          name: modelName,
          number: version.data.number,
          label: version.data.label,
        })}
        {' · '}
        {t('scoring.intro')}
      </Typography.Paragraph>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card size="small" title={t('scoring.rounds')}>
          {visible.length === 0 ? (
            <Empty description={t('scoring.noRounds')} />
          ) : (
            <RoundChooser rounds={visible} round={round} onChoose={setChosen} canRun={canRun} />
          )}
          {canRun && <NewRound versionId={versionId} onCreated={setChosen} />}
        </Card>
        {round && isRater && <RaterSheet roundId={round.id} language={language} />}
        {round && !isRater && !canRead && (
          <Alert type="info" showIcon title={t('scoring.notInvited')} />
        )}
        {round && canRead && (
          <RoundResults roundId={round.id} model={version.data.document} language={language} />
        )}
      </Space>
    </section>
  );
}

/** The rounds of the version to choose from; runners also close, reopen and invite. */
function RoundChooser({
  rounds,
  round,
  onChoose,
  canRun,
}: {
  rounds: Round[];
  round: Round | undefined;
  onChoose: (id: string) => void;
  canRun: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useScoringChange();
  const [inviting, setInviting] = useState<string[]>([]);
  const members = useMembers(canRun);
  if (!round) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('scoring.round')}
          style={{ minWidth: 280 }}
          value={round.id}
          onChange={onChoose}
          options={rounds.map((candidate) => ({
            value: candidate.id,
            label: `${candidate.title} · ${t(`scoring.status.${candidate.status}`)}`,
          }))}
        />
        <Tag color={round.status === 'open' ? 'green' : 'default'}>
          {t(`scoring.status.${round.status}`)}
        </Tag>
        <Typography.Text type="secondary">
          {t('scoring.raterCount', { count: round.raters })}
        </Typography.Text>
        {canRun && (
          <Button
            loading={change.isPending}
            onClick={() =>
              change.mutate(
                {
                  method: 'PATCH',
                  url: `/api/scoring-rounds/${round.id}`,
                  body: { status: round.status === 'open' ? 'closed' : 'open' },
                },
                { onError: (error) => void message.error(errorText(error)) },
              )
            }
          >
            {round.status === 'open' ? t('scoring.close') : t('scoring.reopen')}
          </Button>
        )}
      </Space>
      {canRun && (
        <Space wrap>
          <Select
            mode="multiple"
            aria-label={t('scoring.invite')}
            placeholder={t('scoring.invite')}
            style={{ minWidth: 320 }}
            value={inviting}
            onChange={setInviting}
            optionFilterProp="label"
            options={(members.data ?? []).map((member) => ({
              value: member.userId,
              label: `${member.name} (${member.email})`,
            }))}
          />
          <Button
            disabled={inviting.length === 0}
            onClick={() =>
              change.mutate(
                {
                  method: 'POST',
                  url: `/api/scoring-rounds/${round.id}/raters`,
                  body: { userIds: inviting },
                },
                {
                  onSuccess: () => {
                    setInviting([]);
                    void message.success(t('scoring.invited'));
                  },
                  onError: (error) => void message.error(errorText(error)),
                },
              )
            }
          >
            {t('scoring.invite')}
          </Button>
        </Space>
      )}
    </Space>
  );
}

/** The form that opens a round: a title and the raters. */
function NewRound({
  versionId,
  onCreated,
}: {
  versionId: string;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const members = useMembers(true);
  const change = useScoringChange();
  const [form] = Form.useForm<{ title: string; raterIds: string[] }>();
  return (
    <Form
      form={form}
      layout="inline"
      style={{ marginTop: 16, rowGap: 8 }}
      initialValues={{ title: t('scoring.defaultTitle'), raterIds: [] }}
      onFinish={(values) =>
        change.mutate(
          { method: 'POST', url: `/api/versions/${versionId}/scoring-rounds`, body: values },
          {
            onSuccess: (created) => {
              onCreated((created as Round).id);
              form.resetFields();
              void message.success(t('scoring.started'));
            },
            onError: (error) => void message.error(errorText(error)),
          },
        )
      }
    >
      <Typography.Text strong style={{ marginRight: 12, lineHeight: '32px' }}>
        {t('scoring.newRound')}
      </Typography.Text>
      <Form.Item name="title" label={t('scoring.roundTitle')} rules={[{ required: true }]}>
        <Input style={{ width: 200 }} maxLength={200} />
      </Form.Item>
      <Form.Item
        name="raterIds"
        label={t('scoring.raters')}
        tooltip={t('scoring.ratersHelp')}
        rules={[{ required: true, type: 'array', min: 1, message: t('scoring.chooseRaters') }]}
      >
        <Select
          mode="multiple"
          aria-label={t('scoring.raters')}
          style={{ minWidth: 320 }}
          optionFilterProp="label"
          loading={members.isPending}
          options={(members.data ?? []).map((member) => ({
            value: member.userId,
            label: `${member.name} (${member.email})`,
          }))}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('scoring.start')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** A located problem's key in the list. */
const problemKey = (problem: SheetProblem, index: number) =>
  `${index}/${problem.row}/${problem.column}/${problem.reason}`;

/** The problems of a refused sheet, if that is what the error was. */
function sheetProblems(error: unknown): SheetProblem[] | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return (error.details as { errors?: SheetProblem[] } | undefined)?.errors;
}

/** A rater's sheet: steps × four dimensions, 1–5 and a comment; or the Excel way. */
function RaterSheet({ roundId, language }: { roundId: string; language: 'zh' | 'en' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const sheet = useSheet(roundId, true);
  const change = useScoringChange();
  const [entries, setEntries] = useState(new Map<string, SheetEntry>());
  const [problems, setProblems] = useState<SheetProblem[]>();
  const [isUploading, setUploading] = useState(false);
  useEffect(() => {
    if (sheet.data) setEntries(new Map(sheet.data.entries.map((entry) => [entry.stepId, entry])));
  }, [sheet.data]);
  if (sheet.error) return <Alert type="error" showIcon title={errorText(sheet.error)} />;
  if (!sheet.data) return <Loading />;
  const isOpen = sheet.data.round.status === 'open';
  const update = (stepId: string, change: (entry: SheetEntry) => SheetEntry) =>
    setEntries((previous) => {
      const next = new Map(previous);
      next.set(stepId, change(previous.get(stepId) ?? { stepId, scores: {} }));
      return next;
    });
  const failed = (error: unknown) => {
    const listed = sheetProblems(error);
    if (listed) setProblems(listed);
    else void message.error(errorText(error));
  };
  const save = () => {
    setProblems(undefined);
    change.mutate(
      {
        method: 'PUT',
        url: `/api/scoring-rounds/${roundId}/sheet?lang=${language}`,
        body: { entries: [...entries.values()] },
      },
      {
        onSuccess: (saved) => {
          const { scores, comments } = saved as { scores: number; comments: number };
          void message.success(t('scoring.saved', { scores, comments }));
        },
        onError: failed,
      },
    );
  };
  const upload = async (file: File) => {
    setProblems(undefined);
    setUploading(true);
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const saved = await api<{ scores: number; comments: number }>(
        'POST',
        `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=${language}`,
        body,
      );
      await Promise.all(
        ['scoring-sheet', 'scoring-results'].map((key) =>
          client.invalidateQueries({ queryKey: [key] }),
        ),
      );
      void message.success(t('scoring.saved', saved));
    } catch (error) {
      failed(error);
    } finally {
      setUploading(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('scoring.mySheet')}
      data-testid="scoring-sheet"
      extra={
        <Space wrap>
          <a href={`/api/scoring-rounds/${roundId}/sheet.xlsx?lang=${language}`} download>
            <Button icon={<DownloadOutlined />}>{t('scoring.downloadSheet')}</Button>
          </a>
          {isOpen && (
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={isUploading}>
                {t('scoring.uploadSheet')}
              </Button>
            </Upload>
          )}
        </Space>
      }
    >
      {!isOpen && (
        <Alert type="info" showIcon title={t('scoring.closedSheet')} style={{ marginBottom: 12 }} />
      )}
      {problems && (
        <Alert
          type="error"
          showIcon
          data-testid="scoring-problems"
          style={{ marginBottom: 12 }}
          title={t('scoring.invalid', { count: problems.length })}
          description={
            <Table<SheetProblem>
              size="small"
              pagination={false}
              rowKey={(problem) => problemKey(problem, problems.indexOf(problem))}
              dataSource={problems}
              columns={[
                { title: t('scoring.sheet'), dataIndex: 'sheet' },
                { title: t('scoring.row'), dataIndex: 'row', width: 60 },
                { title: t('scoring.column'), dataIndex: 'column' },
                { title: t('scoring.value'), dataIndex: 'value' },
                { title: t('scoring.problem'), dataIndex: 'message' },
              ]}
            />
          }
        />
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={sheet.data.steps}
        columns={[
          {
            title: t('scoring.step'),
            render: (_, step) => displayName(step.name, language),
          },
          ...DIMENSIONS.map((dimension) => ({
            title: t(`scoring.dimensions.${dimension}`),
            key: dimension,
            render: (_: unknown, step: { id: string; name: { zh?: string; en?: string } }) => (
              <InputNumber
                aria-label={`${displayName(step.name, language)} ${t(`scoring.dimensions.${dimension}`)}`}
                min={1}
                max={5}
                precision={0}
                disabled={!isOpen}
                style={{ width: 72 }}
                value={entries.get(step.id)?.scores[dimension] ?? null}
                onChange={(value) =>
                  update(step.id, (entry) => ({
                    ...entry,
                    scores: { ...entry.scores, [dimension]: value ?? null },
                  }))
                }
              />
            ),
          })),
          {
            title: t('scoring.comment'),
            key: 'comment',
            render: (_, step) => (
              <Input
                aria-label={`${displayName(step.name, language)} ${t('scoring.comment')}`}
                maxLength={2000}
                disabled={!isOpen}
                style={{ minWidth: 200 }}
                value={entries.get(step.id)?.comment ?? ''}
                onChange={(event) =>
                  update(step.id, (entry) => ({ ...entry, comment: event.target.value }))
                }
              />
            ),
          },
        ]}
      />
      {isOpen && (
        <Button
          type="primary"
          icon={<SaveOutlined />}
          style={{ marginTop: 12 }}
          loading={change.isPending}
          onClick={save}
        >
          {t('scoring.save')}
        </Button>
      )}
    </Card>
  );
}

type ResultStep = Results['steps'][number];

/** One cell of the heat map: the dimension's mean on its colour, spread and raters beside it. */
function HeatCell({ step, dimension }: { step: ResultStep; dimension: ScoreDimension }) {
  const { t } = useTranslation();
  const summary = step.dimensions[dimension];
  if (!summary) return <Typography.Text type="secondary">{t('scoring.notScored')}</Typography.Text>;
  return (
    <div
      data-dimension={dimension}
      style={{
        background: scoreColor(summary.mean),
        padding: '4px 8px',
        borderRadius: 4,
        minWidth: 110,
      }}
    >
      <strong>{formatScore(summary.mean)}</strong>{' '}
      {summary.isDisputed && (
        <WarningOutlined aria-label={t('scoring.disputed')} style={{ color: '#c92a2a' }} />
      )}
      <div style={{ fontSize: 12 }}>
        {t('scoring.cell', {
          spread: formatScore(summary.spread),
          raters: summary.raters,
        })}
      </div>
    </div>
  );
}

/** The results: progress per rater, the heat map, and the chart coloured by step mean. */
function RoundResults({
  roundId,
  model,
  language,
}: {
  roundId: string;
  model: ProcessModel;
  language: 'zh' | 'en';
}) {
  const { t } = useTranslation();
  const results = useResults(roundId, true);
  const svg = useMemo(() => {
    if (!results.data) return undefined;
    const values = new Map<string, number>();
    for (const step of results.data.steps)
      if (step.mean !== null) values.set(step.stepId, step.mean);
    return renderSwimlaneSvg(model, layoutSwimlanes(model, { language }), {
      language,
      idPrefix: 'scores',
      colorBy: {
        values,
        label: t('scoring.chartLegend'),
        format: formatScore,
        domain: { min: 1, max: 5 },
        higherIsBetter: true,
      },
    });
  }, [results.data, model, language, t]);
  if (results.error) return <Alert type="error" showIcon title={errorText(results.error)} />;
  if (!results.data || !svg) return <Loading />;
  const data = results.data;
  return (
    <Card size="small" title={t('scoring.results')}>
      <Typography.Title level={5}>{t('scoring.progress')}</Typography.Title>
      <div data-testid="scoring-progress" style={{ maxWidth: 560, marginBottom: 16 }}>
        {data.raters.map((rater) => (
          <div key={rater.userId} style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
            <span style={{ minWidth: 140 }}>{rater.name}</span>
            <Progress
              percent={rater.total === 0 ? 0 : Math.round((rater.scored / rater.total) * 100)}
              size="small"
              style={{ flex: 1, margin: 0 }}
            />
            <Typography.Text type="secondary" style={{ minWidth: 110 }}>
              {t('scoring.progressOf', { scored: rater.scored, total: rater.total })}
            </Typography.Text>
          </div>
        ))}
      </div>
      <Typography.Title level={5}>{t('scoring.heatMap')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('scoring.legend')}{' '}
        <Tag icon={<WarningOutlined />} color="red">
          {t('scoring.disputed')}
        </Tag>
        {t('scoring.disputedHelp', { range: data.disagreementRange })}
      </Typography.Paragraph>
      <Table<ResultStep>
        data-testid="scoring-heat-map"
        size="small"
        rowKey="stepId"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data.steps}
        columns={[
          {
            title: t('scoring.step'),
            render: (_, step) => (
              <Space orientation="vertical" size={0}>
                <span>{displayName(step.name, language)}</span>
                {step.isDisputed && (
                  <Tag icon={<WarningOutlined />} color="red">
                    {t('scoring.disputed')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('scoring.stepMean'),
            render: (_, step) =>
              step.mean === null ? (
                <Typography.Text type="secondary">{t('scoring.notScored')}</Typography.Text>
              ) : (
                <div
                  data-testid="step-mean"
                  style={{ background: scoreColor(step.mean), padding: '4px 8px', borderRadius: 4 }}
                >
                  <strong>{formatScore(step.mean)}</strong>
                </div>
              ),
          },
          ...DIMENSIONS.map((dimension) => ({
            title: t(`scoring.dimensions.${dimension}`),
            key: dimension,
            render: (_: unknown, step: ResultStep) => (
              <HeatCell step={step} dimension={dimension} />
            ),
          })),
          {
            title: t('scoring.comments'),
            render: (_, step) =>
              step.comments.map((comment) => (
                <Tooltip key={comment.raterId} title={comment.rater}>
                  <div>
                    {comment.rater}: {comment.comment}
                  </div>
                </Tooltip>
              )),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('scoring.chart')}
      </Typography.Title>
      <div style={{ overflow: 'auto' }}>
        {/* The renderer escapes every text it writes (escape-xml). */}
        <div data-testid="scoring-chart" dangerouslySetInnerHTML={{ __html: svg }} />
      </div>
    </Card>
  );
}

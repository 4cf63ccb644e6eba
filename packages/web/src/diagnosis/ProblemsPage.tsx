import { DeleteOutlined, DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { formatCount, formatDuration } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useInterviews } from '../interviews/interviews.ts';
import { useProject } from '../projects/projects.ts';
import { useMembers } from '../scoring/scoring.ts';
import { errorText } from '../session/session.ts';
import { SEVERITY_COLORS } from './DiagnosisPage.tsx';
import {
  PROBLEM_STATUSES,
  PROBLEM_TYPES,
  type Problem,
  REGISTRARS,
  ROOT_CAUSES,
  useProblemChange,
  useProblems,
} from './diagnosis.ts';
import { FindingEvidence } from './FindingEvidence.tsx';
import { ParetoChart } from './ParetoChart.tsx';

const STATUS_COLORS = {
  open: 'red',
  'in-progress': 'gold',
  resolved: 'green',
  'wont-fix': 'default',
};
const UNCLASSED = 'unclassed';

/**
 * The problem register: problems from the detectors, from low
 * scores or entered by hand; filtered and sorted, classed by type and root
 * cause, assigned and tracked; a Pareto chart of where the time goes; an
 * Excel export.
 */
export default function ProblemsPage({ session }: { session: Session }) {
  const { id: projectId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const locale = (language === 'en' ? 'en' : 'zh-CN') as Locale;
  const project = useProject(projectId);
  const problems = useProblems(projectId);
  const canEdit = REGISTRARS.includes(session.role);
  const members = useMembers(true);
  const [editing, setEditing] = useState<Problem | 'new'>();
  const [measure, setMeasure] = useState<'waiting' | 'cases'>('waiting');
  const [search, setSearch] = useState('');
  const memberName = new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email]));
  const shown = useMemo(
    () =>
      (problems.data ?? []).filter(
        (problem) =>
          search === '' ||
          `${problem.title} ${problem.description} ${problem.steps.join(' ')}`
            .toLowerCase()
            .includes(search.toLowerCase()),
      ),
    [problems.data, search],
  );
  if (project.isPending || problems.isPending) return <Loading />;
  return (
    <section aria-labelledby="problems-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link> ·{' '}
        <Link to={`/projects/${projectId}/diagnosis`}>{t('diagnosis.title')}</Link>
      </Typography.Text>
      <Typography.Title level={2} id="problems-title" style={{ marginTop: 4 }}>
        {t('problems.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('problems.intro')}</Typography.Paragraph>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card
          size="small"
          title={t('problems.pareto')}
          extra={
            <Segmented
              value={measure}
              onChange={(value) => setMeasure(value as 'waiting' | 'cases')}
              options={[
                { value: 'waiting', label: t('problems.byWaiting') },
                { value: 'cases', label: t('problems.byCases') },
              ]}
            />
          }
        >
          <ParetoChart problems={shown} measure={measure} />
        </Card>
        <Card
          size="small"
          title={t('problems.count', { count: shown.length })}
          extra={
            <Space wrap>
              <Input
                allowClear
                prefix={<SearchOutlined />}
                placeholder={t('problems.search')}
                aria-label={t('problems.search')}
                value={search}
                onChange={(event) => setSearch(event.target.value)}
              />
              <a href={`/api/projects/${projectId}/problems.xlsx?lang=${language}`} download>
                <Button icon={<DownloadOutlined />}>{t('problems.export')}</Button>
              </a>
              {canEdit && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                  {t('problems.add')}
                </Button>
              )}
            </Space>
          }
        >
          {shown.length === 0 ? (
            <Empty description={t('problems.empty')} />
          ) : (
            <Table
              data-testid="problems"
              size="small"
              rowKey="id"
              dataSource={shown}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: true }}
              onRow={(problem) => ({
                onClick: () => setEditing(problem),
                style: { cursor: 'pointer' },
              })}
              columns={[
                {
                  title: t('problems.severity'),
                  dataIndex: 'severity',
                  sorter: (a, b) => a.severity - b.severity,
                  defaultSortOrder: 'descend',
                  filters: [5, 4, 3, 2, 1].map((value) => ({ text: String(value), value })),
                  onFilter: (value, problem) => problem.severity === value,
                  render: (severity: number) => (
                    <Tag color={SEVERITY_COLORS[severity]}>{severity}</Tag>
                  ),
                },
                {
                  title: t('problems.problem'),
                  dataIndex: 'title',
                  sorter: (a, b) => a.title.localeCompare(b.title, locale),
                  render: (title: string, problem) => (
                    <>
                      <div>{title}</div>
                      {problem.steps.length > 0 && (
                        <Typography.Text type="secondary">
                          {problem.steps.join(language === 'en' ? ', ' : '、')}
                        </Typography.Text>
                      )}
                    </>
                  ),
                },
                {
                  title: t('problems.typeLabel'),
                  dataIndex: 'type',
                  filters: PROBLEM_TYPES.map((value) => ({
                    text: t(`problems.type.${value}`),
                    value,
                  })),
                  onFilter: (value, problem) => problem.type === value,
                  render: (type: Problem['type']) => t(`problems.type.${type}`),
                },
                {
                  title: t('problems.rootCauseLabel'),
                  dataIndex: 'rootCause',
                  filters: [...ROOT_CAUSES, UNCLASSED].map((value) => ({
                    text: t(`problems.rootCause.${value}`),
                    value,
                  })),
                  onFilter: (value, problem) => (problem.rootCause ?? UNCLASSED) === value,
                  render: (cause: Problem['rootCause']) =>
                    cause ? (
                      t(`problems.rootCause.${cause}`)
                    ) : (
                      <Typography.Text type="secondary">
                        {t(`problems.rootCause.${UNCLASSED}`)}
                      </Typography.Text>
                    ),
                },
                {
                  title: t('problems.owner'),
                  dataIndex: 'ownerId',
                  render: (ownerId: string | null) => (ownerId ? memberName.get(ownerId) : '–'),
                },
                {
                  title: t('problems.statusLabel'),
                  dataIndex: 'status',
                  filters: PROBLEM_STATUSES.map((value) => ({
                    text: t(`problems.status.${value}`),
                    value,
                  })),
                  onFilter: (value, problem) => problem.status === value,
                  render: (status: Problem['status']) => (
                    <Tag color={STATUS_COLORS[status]}>{t(`problems.status.${status}`)}</Tag>
                  ),
                },
                {
                  title: t('problems.casesAffected'),
                  dataIndex: 'casesAffected',
                  sorter: (a, b) => (a.casesAffected ?? -1) - (b.casesAffected ?? -1),
                  render: (value: number | null) =>
                    value === null ? '–' : formatCount(value, locale),
                },
                {
                  title: t('problems.waiting'),
                  dataIndex: 'waitingMs',
                  sorter: (a, b) => (a.waitingMs ?? -1) - (b.waitingMs ?? -1),
                  render: (value: number | null) =>
                    value === null ? '–' : formatDuration(value, locale),
                },
                {
                  title: t('problems.sourceLabel'),
                  dataIndex: 'source',
                  filters: (['detector', 'score', 'manual'] as const).map((value) => ({
                    text: t(`problems.source.${value}`),
                    value,
                  })),
                  onFilter: (value, problem) => problem.source === value,
                  render: (source: Problem['source']) => t(`problems.source.${source}`),
                },
              ]}
            />
          )}
        </Card>
      </Space>
      {editing && (
        <ProblemEditor
          projectId={projectId}
          problem={editing === 'new' ? undefined : editing}
          canEdit={canEdit}
          members={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
          onClose={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

interface FormValues {
  title: string;
  description?: string;
  steps?: string[];
  type: Problem['type'];
  rootCause?: Problem['rootCause'];
  severity: number;
  ownerId?: string | null;
  status: Problem['status'];
  interviewLinks?: string[];
}

/** Adds a problem by hand, or classes, assigns and tracks one; shows its evidence. */
function ProblemEditor({
  projectId,
  problem,
  canEdit,
  members,
  onClose,
}: {
  projectId: string;
  problem: Problem | undefined;
  canEdit: boolean;
  members: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useProblemChange();
  const interviews = useInterviews(projectId);
  const [form] = Form.useForm<FormValues>();
  const answerOptions = (interviews.data ?? []).flatMap((interview) =>
    interview.answers.map((answer, index) => ({
      value: `${interview.id}#${index}`,
      label: `${interview.interviewee} · ${answer.question.slice(0, 30)}: ${answer.answer.slice(0, 60)}`,
    })),
  );
  const save = (values: FormValues) => {
    const body = {
      title: values.title,
      description: values.description ?? '',
      steps: values.steps ?? [],
      type: values.type,
      rootCause: values.rootCause ?? null,
      severity: values.severity,
      ownerId: values.ownerId ?? null,
      status: values.status,
      interviewLinks: (values.interviewLinks ?? []).map((link) => {
        const [interviewId, index] = link.split('#');
        return { interviewId: interviewId!, answerIndex: Number(index) };
      }),
    };
    change.mutate(
      problem
        ? { method: 'PATCH', url: `/api/problems/${problem.id}`, body }
        : {
            method: 'POST',
            url: `/api/projects/${projectId}/problems`,
            body: { problems: [{ ...body, source: 'manual' }] },
          },
      {
        onSuccess: () => {
          void message.success(t('problems.saved'));
          onClose();
        },
        onError: (error) => void message.error(errorText(error)),
      },
    );
  };
  return (
    <Drawer
      open
      size="large"
      title={problem ? problem.title : t('problems.add')}
      onClose={onClose}
      extra={
        problem &&
        canEdit && (
          <Popconfirm
            title={t('problems.deleteConfirm')}
            onConfirm={() =>
              change.mutate(
                { method: 'DELETE', url: `/api/problems/${problem.id}` },
                { onSuccess: onClose, onError: (error) => void message.error(errorText(error)) },
              )
            }
          >
            <Button danger icon={<DeleteOutlined />}>
              {t('problems.delete')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        onFinish={save}
        initialValues={
          problem
            ? {
                ...problem,
                interviewLinks: problem.interviewLinks.map(
                  (link) => `${link.interviewId}#${link.answerIndex}`,
                ),
              }
            : { type: 'other', severity: 3, status: 'open', steps: [] }
        }
      >
        <Form.Item
          name="title"
          label={t('problems.problem')}
          rules={[{ required: true, whitespace: true, message: t('problems.titleRequired') }]}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="description" label={t('problems.description')}>
          <Input.TextArea rows={3} maxLength={20_000} />
        </Form.Item>
        <Form.Item name="steps" label={t('problems.steps')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="type" label={t('problems.typeLabel')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 160 }}
              options={PROBLEM_TYPES.map((value) => ({
                value,
                label: t(`problems.type.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="rootCause" label={t('problems.rootCauseLabel')}>
            <Select
              aria-label={t('problems.rootCauseLabel')}
              style={{ minWidth: 160 }}
              allowClear
              placeholder={t(`problems.rootCause.${UNCLASSED}`)}
              options={ROOT_CAUSES.map((value) => ({
                value,
                label: t(`problems.rootCause.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="severity" label={t('problems.severity')} rules={[{ required: true }]}>
            <Select
              style={{ width: 90 }}
              options={[1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('problems.statusLabel')}>
            <Select
              aria-label={t('problems.statusLabel')}
              style={{ minWidth: 120 }}
              options={PROBLEM_STATUSES.map((value) => ({
                value,
                label: t(`problems.status.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="ownerId" label={t('problems.owner')}>
            <Select
              style={{ minWidth: 160 }}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={members}
            />
          </Form.Item>
        </Space>
        <Form.Item name="interviewLinks" label={t('problems.interviewLinks')}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={answerOptions}
            notFoundContent={t('problems.noAnswers')}
          />
        </Form.Item>
        {canEdit && (
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('problems.save')}
          </Button>
        )}
      </Form>
      {problem && Object.keys(problem.evidence).length > 0 && (
        <Card size="small" title={t('problems.evidence')} style={{ marginTop: 16 }}>
          <FindingEvidence
            evidence={problem.evidence}
            workingDayMs={
              typeof problem.evidence.workingDayMs === 'number'
                ? problem.evidence.workingDayMs
                : undefined
            }
          />
        </Card>
      )}
    </Drawer>
  );
}

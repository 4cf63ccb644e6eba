import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';
import {
  INTERVIEW_ROLES,
  INTERVIEWERS,
  type Interview,
  type InterviewPlan,
  type InterviewRole,
  useInterviews,
  useMentionSummary,
  usePlans,
  useSaveSurveyRecord,
} from './interviews.ts';

export default function InterviewsPage({ session }: { session: Session }) {
  const { id: projectId = '' } = useParams();
  const { t } = useTranslation();
  const project = useProject(projectId);
  const plans = usePlans(projectId);
  const interviews = useInterviews(projectId);
  const summary = useMentionSummary(projectId);
  const [planEdited, setPlanEdited] = useState<InterviewPlan | 'new'>();
  const [interviewEdited, setInterviewEdited] = useState<Interview | 'new'>();
  const canEdit = INTERVIEWERS.includes(session.role);
  if (project.isPending || plans.isPending || interviews.isPending) return <Loading />;
  // Step names people already used, offered when tagging answers.
  const knownSteps = [
    ...new Set((interviews.data ?? []).flatMap((i) => i.answers.flatMap((a) => a.steps))),
  ];
  return (
    <section aria-labelledby="interviews-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link>
      </Typography.Text>
      <Typography.Title level={2} id="interviews-title" style={{ marginTop: 4 }}>
        {t('interviews.title')}
      </Typography.Title>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title={t('interviews.summary')} size="small" data-testid="interview-summary">
          {summary.data && summary.data.steps.length > 0 ? (
            <Table
              size="small"
              rowKey="step"
              pagination={false}
              dataSource={summary.data.steps}
              columns={[
                { title: t('interviews.steps'), dataIndex: 'step' },
                {
                  title: t('interviews.interviewee'),
                  render: (_, step) => (
                    <Space orientation="vertical" size={0} style={{ minWidth: 220 }}>
                      <span>
                        {t('interviews.named', {
                          count: step.interviewees,
                          total: summary.data.interviewees,
                        })}
                      </span>
                      <Progress
                        percent={Math.round(
                          (100 * step.interviewees) / Math.max(1, summary.data.interviewees),
                        )}
                        size="small"
                        showInfo={false}
                      />
                    </Space>
                  ),
                },
                {
                  title: t('interviews.who'),
                  dataIndex: 'names',
                  render: (names: string[]) => names.join('、'),
                },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('interviews.noSummary')}</Typography.Text>
          )}
        </Card>

        <Card
          title={t('interviews.plans')}
          size="small"
          extra={
            canEdit && (
              <Button icon={<PlusOutlined />} onClick={() => setPlanEdited('new')}>
                {t('interviews.addPlan')}
              </Button>
            )
          }
        >
          {(plans.data ?? []).length === 0 ? (
            <Empty description={t('interviews.noPlans')} />
          ) : (
            <List
              dataSource={plans.data}
              renderItem={(plan) => (
                <List.Item
                  actions={
                    canEdit
                      ? [
                          <Button
                            key="edit"
                            type="link"
                            icon={<EditOutlined />}
                            onClick={() => setPlanEdited(plan)}
                            aria-label={`${t('interviews.editPlan')} ${plan.title}`}
                          />,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {plan.title}
                        <Tag>{t(`interviews.roles.${plan.role}`)}</Tag>
                      </Space>
                    }
                    description={
                      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                        {plan.questions.map((question) => (
                          <li key={question}>{question}</li>
                        ))}
                      </ol>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card
          title={t('interviews.records')}
          size="small"
          extra={
            canEdit && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setInterviewEdited('new')}
              >
                {t('interviews.record')}
              </Button>
            )
          }
        >
          <Table<Interview>
            size="small"
            rowKey="id"
            data-testid="interview-records"
            dataSource={interviews.data}
            locale={{ emptyText: <Empty description={t('interviews.noRecords')} /> }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 640 }}
            columns={[
              { title: t('interviews.interviewee'), dataIndex: 'interviewee' },
              { title: t('interviews.intervieweeRole'), dataIndex: 'role' },
              { title: t('interviews.heldOn'), dataIndex: 'heldOn' },
              {
                title: t('interviews.steps'),
                render: (_, interview) => (
                  <Space wrap size={4}>
                    {[...new Set(interview.answers.flatMap((answer) => answer.steps))].map(
                      (step) => (
                        <Tag key={step}>{step}</Tag>
                      ),
                    )}
                  </Space>
                ),
              },
              { title: t('interviews.notes'), dataIndex: 'notes', ellipsis: true },
              ...(canEdit
                ? [
                    {
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, interview: Interview) => (
                        <RecordActions
                          projectId={projectId}
                          interview={interview}
                          onEdit={() => setInterviewEdited(interview)}
                        />
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Space>
      {planEdited && (
        <PlanForm
          projectId={projectId}
          plan={planEdited === 'new' ? undefined : planEdited}
          onClose={() => setPlanEdited(undefined)}
        />
      )}
      {interviewEdited && (
        <InterviewForm
          projectId={projectId}
          plans={plans.data ?? []}
          knownSteps={knownSteps}
          interview={interviewEdited === 'new' ? undefined : interviewEdited}
          onClose={() => setInterviewEdited(undefined)}
        />
      )}
    </section>
  );
}

function RecordActions({
  projectId,
  interview,
  onEdit,
}: {
  projectId: string;
  interview: Interview;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSurveyRecord(projectId);
  const { message } = App.useApp();
  return (
    <Space>
      <Button
        type="link"
        size="small"
        icon={<EditOutlined />}
        aria-label={`${t('interviews.editRecord')} ${interview.interviewee}`}
        onClick={onEdit}
      />
      <Popconfirm
        title={t('interviews.deleteConfirm')}
        onConfirm={() =>
          save.mutate(
            { method: 'DELETE', url: `/api/interviews/${interview.id}` },
            { onError: (error) => void message.error(errorText(error)) },
          )
        }
      >
        <Button
          type="link"
          size="small"
          danger
          icon={<DeleteOutlined />}
          aria-label={`${t('interviews.delete')} ${interview.interviewee}`}
        />
      </Popconfirm>
    </Space>
  );
}

/** The method's three questions, in the user's language: every new plan starts with them. */
function useDefaultQuestions(): string[] {
  const { t } = useTranslation();
  return [t('interviews.question1'), t('interviews.question2'), t('interviews.question3')];
}

function PlanForm({
  projectId,
  plan,
  onClose,
}: {
  projectId: string;
  plan: InterviewPlan | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSurveyRecord(projectId);
  const defaults = useDefaultQuestions();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ role: InterviewRole; title: string; questions: string[] }>();
  const initial = plan ?? {
    role: 'sales_rep' as const,
    title: t('interviews.roles.sales_rep'),
    questions: defaults,
  };
  return (
    <Modal
      open
      title={plan ? t('interviews.editPlan') : t('interviews.addPlan')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed: { role?: InterviewRole }) => {
          // A new plan's title follows its role until someone types one.
          if (!plan && changed.role && changed.role !== 'custom')
            form.setFieldValue('title', t(`interviews.roles.${changed.role}`));
        }}
        onFinish={(values) =>
          save.mutate(
            plan
              ? { method: 'PUT', url: `/api/interview-plans/${plan.id}`, body: values }
              : { method: 'POST', url: `/api/projects/${projectId}/interview-plans`, body: values },
            {
              onSuccess: () => {
                void message.success(t('interviews.saved'));
                onClose();
              },
              onError: (error) => void message.error(errorText(error)),
            },
          )
        }
      >
        <Form.Item label={t('interviews.role')} name="role">
          <Select
            options={INTERVIEW_ROLES.map((role) => ({
              value: role,
              label: t(`interviews.roles.${role}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('interviews.planTitle')}
          name="title"
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              <Typography.Text strong>{t('interviews.questions')}</Typography.Text>
              {fields.map((field, k) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item
                    name={field.name}
                    rules={[{ required: true, whitespace: true }]}
                    style={{ flex: 1, marginBottom: 0, width: 400 }}
                  >
                    <Input.TextArea autoSize aria-label={`${t('interviews.questions')} ${k + 1}`} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined
                      onClick={() => remove(field.name)}
                      aria-label={t('interviews.delete')}
                    />
                  )}
                </Space>
              ))}
              <Button
                type="dashed"
                onClick={() => add('')}
                icon={<PlusOutlined />}
                style={{ marginTop: 8 }}
              >
                {t('interviews.addQuestion')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

interface InterviewValues {
  planId: string | null;
  interviewee: string;
  role: string;
  heldOn: dayjs.Dayjs;
  answers: { question: string; answer: string; steps: string[] }[];
  notes: string;
}

function InterviewForm({
  projectId,
  plans,
  knownSteps,
  interview,
  onClose,
}: {
  projectId: string;
  plans: InterviewPlan[];
  knownSteps: string[];
  interview: Interview | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSurveyRecord(projectId);
  const defaults = useDefaultQuestions();
  const { message } = App.useApp();
  const [form] = Form.useForm<InterviewValues>();
  const initial = useMemo<InterviewValues>(() => {
    if (interview) return { ...interview, heldOn: dayjs(interview.heldOn) };
    const plan = plans[0];
    return {
      planId: plan?.id ?? null,
      interviewee: '',
      role: plan ? t(`interviews.roles.${plan.role}`) : '',
      heldOn: dayjs(),
      answers: (plan?.questions ?? defaults).map((question) => ({
        question,
        answer: '',
        steps: [],
      })),
      notes: '',
    };
  }, [interview, plans, defaults, t]);
  const stepOptions = knownSteps.map((step) => ({ value: step, label: step }));
  return (
    <Modal
      open
      width={760}
      title={interview ? t('interviews.editRecord') : t('interviews.record')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form<InterviewValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed: Partial<InterviewValues>) => {
          // Choosing a plan brings its questions and role.
          if ('planId' in changed && !interview) {
            const plan = plans.find((candidate) => candidate.id === changed.planId);
            const questions = plan?.questions ?? defaults;
            form.setFieldsValue({
              answers: questions.map((question) => ({ question, answer: '', steps: [] })),
              ...(plan ? { role: t(`interviews.roles.${plan.role}`) } : {}),
            });
          }
        }}
        onFinish={(values) => {
          const body = {
            ...values,
            planId: values.planId ?? null,
            heldOn: values.heldOn.format('YYYY-MM-DD'),
            notes: values.notes ?? '',
            answers: values.answers.map((answer) => ({ ...answer, steps: answer.steps ?? [] })),
          };
          save.mutate(
            interview
              ? { method: 'PUT', url: `/api/interviews/${interview.id}`, body }
              : { method: 'POST', url: `/api/projects/${projectId}/interviews`, body },
            {
              onSuccess: () => {
                void message.success(t('interviews.saved'));
                onClose();
              },
              onError: (error) => void message.error(errorText(error)),
            },
          );
        }}
      >
        <Space wrap>
          <Form.Item label={t('interviews.plan')} name="planId">
            <Select
              style={{ width: 220 }}
              options={[
                { value: null, label: t('interviews.noPlan') },
                ...plans.map((plan) => ({ value: plan.id, label: plan.title })),
              ]}
            />
          </Form.Item>
          <Form.Item
            label={t('interviews.interviewee')}
            name="interviewee"
            rules={[
              { required: true, whitespace: true, message: t('interviews.intervieweeRequired') },
            ]}
          >
            <Input style={{ width: 180 }} maxLength={200} />
          </Form.Item>
          <Form.Item
            label={t('interviews.intervieweeRole')}
            name="role"
            rules={[{ required: true, whitespace: true }]}
          >
            <Input style={{ width: 160 }} maxLength={200} />
          </Form.Item>
          <Form.Item label={t('interviews.heldOn')} name="heldOn" rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
        </Space>
        <Form.List name="answers">
          {(fields) =>
            fields.map((field) => (
              <Card key={field.key} size="small" style={{ marginBottom: 12 }}>
                <Form.Item name={[field.name, 'question']} hidden>
                  <Input />
                </Form.Item>
                <Typography.Text strong>
                  {form.getFieldValue(['answers', field.name, 'question'])}
                </Typography.Text>
                <Form.Item name={[field.name, 'answer']} style={{ marginTop: 8, marginBottom: 8 }}>
                  <Input.TextArea autoSize={{ minRows: 2 }} aria-label={t('interviews.answer')} />
                </Form.Item>
                <Form.Item name={[field.name, 'steps']} style={{ marginBottom: 0 }}>
                  <Select
                    mode="tags"
                    options={stepOptions}
                    placeholder={t('interviews.stepsHelp')}
                    aria-label={t('interviews.steps')}
                    tokenSeparators={[',', '，', '、']}
                  />
                </Form.Item>
              </Card>
            ))
          }
        </Form.List>
        <Form.Item label={t('interviews.notes')} name="notes">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

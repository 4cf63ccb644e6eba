import {
  AimOutlined,
  AlertOutlined,
  ArrowRightOutlined,
  FolderOpenOutlined,
  NodeIndexOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Col, Row, Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { EDITORS, PHASES, type Phase, type Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { NotFound } from '../app/NotFound.tsx';
import { errorText } from '../session/session.ts';
import { useDatasets, useModels, useMoveProject, useProject } from './projects.ts';
import { SurveyForm } from './SurveyForm.tsx';

/** Where a phase stands against the project's current one. */
export function phaseState(phase: Phase, current: Phase): 'done' | 'current' | 'next' | 'later' {
  const at = PHASES.indexOf(current);
  const k = PHASES.indexOf(phase);
  if (k < at) return 'done';
  if (k === at) return 'current';
  return k === at + 1 ? 'next' : 'later';
}

const STATE_COLOUR = { done: 'green', current: 'blue', next: 'gold', later: 'default' } as const;

export function ProjectHome({ session }: { session: Session }) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const project = useProject(id);
  const datasets = useDatasets();
  const models = useModels();
  const move = useMoveProject(id);
  const { message } = App.useApp();
  if (project.isPending) return <Loading />;
  if (!project.data) return <NotFound />;
  const { phase } = project.data;
  const mine = (datasets.data ?? []).filter((dataset) => dataset.projectId === id);
  const myModels = (models.data ?? []).filter((model) => model.projectId === id);
  const following = PHASES[PHASES.indexOf(phase) + 1];
  const canEdit = EDITORS.includes(session.role);
  return (
    <section aria-labelledby="project-title">
      <Typography.Title level={2} id="project-title">
        {project.data.name}
      </Typography.Title>
      {project.data.description && (
        <Typography.Paragraph type="secondary">{project.data.description}</Typography.Paragraph>
      )}
      <Typography.Title level={4}>{t('home.phases')}</Typography.Title>
      <Steps
        current={PHASES.indexOf(phase)}
        responsive
        items={PHASES.map((candidate) => ({ title: t(`phases.${candidate}`) }))}
        style={{ marginBottom: 24 }}
      />
      <Row gutter={[16, 16]}>
        {PHASES.map((candidate) => {
          const state = phaseState(candidate, phase);
          return (
            <Col xs={24} md={12} xl={8} key={candidate}>
              <Card
                title={t(`phases.${candidate}`)}
                extra={<Tag color={STATE_COLOUR[state]}>{t(`phases.${state}`)}</Tag>}
                style={{ height: '100%' }}
              >
                <Typography.Paragraph>{t(`phases.${candidate}What`)}</Typography.Paragraph>
                {candidate === 'survey' && (
                  <>
                    <Typography.Paragraph type="secondary">
                      {t('home.surveyDatasets', { count: mine.length })} ·{' '}
                      {t('home.surveyModels', { count: myModels.length })}
                    </Typography.Paragraph>
                    <Typography.Paragraph strong>
                      {t('home.whatNext')}:{' '}
                      {mine.length === 0 ? t('home.surveyNextNoData') : t('home.surveyNextData')}
                    </Typography.Paragraph>
                    {myModels.length > 0 && (
                      <ul style={{ paddingInlineStart: 20 }} data-testid="project-models">
                        {myModels.map((model) => {
                          const latest = model.versions[model.versions.length - 1];
                          return (
                            <li key={model.id}>
                              {latest ? (
                                <Link to={`/projects/${id}/models/${latest.id}`}>{model.name}</Link>
                              ) : (
                                model.name
                              )}
                            </li>
                          );
                        })}
                      </ul>
                    )}
                    <div style={{ marginBottom: 12 }}>
                      <SurveyForm projectId={id} canUpload={canEdit} />
                    </div>
                    <Space wrap>
                      <Link to={`/projects/${id}/interviews`}>
                        <Button icon={<TeamOutlined />}>{t('interviews.open')}</Button>
                      </Link>
                      <Link to={`/projects/${id}/materials`}>
                        <Button icon={<FolderOpenOutlined />}>{t('materials.open')}</Button>
                      </Link>
                      <Link to={`/projects/${id}/discovery`}>
                        <Button icon={<NodeIndexOutlined />} type="primary">
                          {t('home.openDiscovery')}
                        </Button>
                      </Link>
                    </Space>
                  </>
                )}
                {candidate === 'design' && (
                  <Space wrap style={{ marginBottom: 12 }}>
                    <Link to={`/projects/${id}/kpis`}>
                      <Button icon={<AimOutlined />}>{t('kpis.open')}</Button>
                    </Link>
                  </Space>
                )}
                {candidate === 'diagnose' && (
                  <Space wrap style={{ marginBottom: 12 }}>
                    <Link to={`/projects/${id}/diagnosis`}>
                      <Button type="primary" icon={<AlertOutlined />}>
                        {t('diagnosis.open')}
                      </Button>
                    </Link>
                    <Link to={`/projects/${id}/problems`}>
                      <Button icon={<UnorderedListOutlined />}>{t('problems.open')}</Button>
                    </Link>
                  </Space>
                )}
                {candidate === 'diagnose' && myModels.length > 0 && (
                  <>
                    <Typography.Paragraph type="secondary">
                      {t('scoring.diagnoseHint')}
                    </Typography.Paragraph>
                    <ul style={{ paddingInlineStart: 20 }} data-testid="scoring-links">
                      {myModels.flatMap((model) =>
                        model.versions.map((version) => (
                          <li key={version.id}>
                            <Link to={`/projects/${id}/models/${version.id}/scoring`}>
                              {t('scoring.versionLink', {
                                name: model.name,
                                number: version.number,
                                label: version.label,
                              })}
                            </Link>
                          </li>
                        )),
                      )}
                    </ul>
                  </>
                )}
                {state === 'current' && following && canEdit && (
                  <Button
                    style={{ marginTop: 12, marginLeft: candidate === 'survey' ? 8 : 0 }}
                    icon={<ArrowRightOutlined />}
                    loading={move.isPending}
                    onClick={() =>
                      move.mutate(following, {
                        onSuccess: () =>
                          void message.success(
                            t('home.moved', { phase: t(`phases.${following}`) }),
                          ),
                        onError: (error) => void message.error(errorText(error)),
                      })
                    }
                  >
                    {t('home.moveTo', { phase: t(`phases.${following}`) })}
                  </Button>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </section>
  );
}

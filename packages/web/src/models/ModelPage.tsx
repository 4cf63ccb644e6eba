import {
  BookOutlined,
  BranchesOutlined,
  DownloadOutlined,
  FileImageOutlined,
  PartitionOutlined,
  StarOutlined,
} from '@ant-design/icons';
import { layoutSwimlanes, renderSwimlaneSvg } from '@pipewise/diagrams';
import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { EDITORS, type Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { useProject } from '../projects/projects.ts';
import { RulesCard } from '../rules/RulesCard.tsx';
import { errorText } from '../session/session.ts';
import { download, svgToPng } from './chart-image.ts';
import { type EditorState, useCommandRunner } from './command-runner.ts';
import { EstimateComparison } from './EstimateComparison.tsx';
import { ModelEditor } from './ModelEditor.tsx';
import { SimulationCard } from './SimulationCard.tsx';
import { ChangeLog, type ChangeNote, ChangeNoteInput, VersionComparison } from './ToBeDesign.tsx';

interface Version {
  id: string;
  modelId: string;
  number: number;
  label: string;
  kind: string;
  parentVersionId: string | null;
  revision: number;
  document: ProcessModel;
}

/**
 * A process model version: its swimlane chart (one lane per owner, steps
 * left to right, hand-offs between lanes, estimated and measured durations),
 * and for editors the table that edits it beside the chart. Exports as SVG,
 * PNG and BPMN.
 */
export default function ModelPage({ session }: { session: Session }) {
  const { versionId = '' } = useParams();
  // A page per version: another version (a derived one) starts with its own state and undo history.
  return <ModelVersionPage key={versionId} session={session} />;
}

function ModelVersionPage({ session }: { session: Session }) {
  const { id: projectId = '', versionId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const project = useProject(projectId);
  const version = useQuery({
    queryKey: ['version', versionId],
    queryFn: () => api<Version>('GET', `/api/versions/${versionId}`),
  });
  const [state, setState] = useState<EditorState>();
  const [drafts, setDrafts] = useState(new Map<string, string>());
  const [note, setNote] = useState<ChangeNote>({ reason: '', problemIds: [] });
  const runner = useCommandRunner({
    versionId,
    state,
    update: (change) => setState((previous) => previous && change(previous)),
    note,
    reload: () => version.refetch().then((reloaded) => reloaded.data?.revision),
  });
  const navigate = useNavigate();
  const [deriving, setDeriving] = useState(false);
  const derive = () => {
    setDeriving(true);
    api<{ id: string }>('POST', `/api/versions/${versionId}/derive`, {
      label: t('design.toBeLabel'),
      kind: 'to-be',
    })
      .then((derived) => navigate(`/projects/${projectId}/models/${derived.id}`))
      .catch((error: unknown) => void message.error(errorText(error)))
      .finally(() => setDeriving(false));
  };
  useEffect(() => {
    if (version.data) setState({ model: version.data.document, revision: version.data.revision });
  }, [version.data]);
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const shown = useMemo(() => {
    if (!state) return undefined;
    if (drafts.size === 0) return state.model;
    return {
      ...state.model,
      steps: state.model.steps.map((step) =>
        drafts.has(step.id)
          ? { ...step, name: { ...step.name, [language]: drafts.get(step.id) } }
          : step,
      ),
    };
  }, [state, drafts, language]);
  const svg = useMemo(
    () =>
      shown &&
      renderSwimlaneSvg(shown, layoutSwimlanes(shown, { language }), {
        language,
        title: displayName(shown.name, language),
      }),
    [shown, language],
  );
  if (version.error) return <Alert type="error" showIcon title={errorText(version.error)} />;
  if (!version.data || !state || !svg || !shown) return <Loading />;
  const name = displayName(shown.name, language) || 'process';
  const canEdit = EDITORS.includes(session.role);
  return (
    <section aria-labelledby="model-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link>
      </Typography.Text>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <Typography.Title level={2} id="model-title" style={{ marginTop: 4 }}>
          {name}{' '}
          <Tag color={version.data.kind === 'as-is' ? 'blue' : 'green'}>
            {t(`models.kind.${version.data.kind === 'as-is' ? 'asIs' : 'toBe'}`)} ·{' '}
            {t('models.version', { number: version.data.number })}
          </Tag>
        </Typography.Title>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`)}
          >
            {t('models.downloadSvg')}
          </Button>
          <Button
            icon={<FileImageOutlined />}
            onClick={() =>
              svgToPng(svg)
                .then((png) => download(png, `${name}.png`))
                .catch((error: unknown) => void message.error(errorText(error)))
            }
          >
            {t('models.downloadPng')}
          </Button>
          <a href={`/api/versions/${versionId}/bpmn?lang=${language}`} download>
            <Button icon={<PartitionOutlined />}>{t('models.downloadBpmn')}</Button>
          </a>
          <Link to={`/projects/${projectId}/models/${versionId}/scoring`}>
            <Button icon={<StarOutlined />}>{t('scoring.open')}</Button>
          </Link>
          <Link to={`/projects/${projectId}/models/${versionId}/sop`}>
            <Button icon={<BookOutlined />}>{t('sop.open')}</Button>
          </Link>
          {EDITORS.includes(session.role) && (
            <Button icon={<BranchesOutlined />} loading={deriving} onClick={derive}>
              {t('design.derive')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">
        {t('models.counts', {
          steps: shown.steps.filter((step) => step.kind !== 'start' && step.kind !== 'end').length,
          lanes: shown.lanes.length,
        })}
      </Typography.Paragraph>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        {canEdit && (
          <Card size="small" style={{ flex: '1 1 700px', minWidth: 0 }}>
            <ChangeNoteInput projectId={projectId} note={note} onChange={setNote} />
            <ModelEditor runner={runner} model={state.model} onDrafts={setDrafts} />
          </Card>
        )}
        <Card
          size="small"
          style={{ flex: '1 1 560px', minWidth: 0 }}
          styles={{ body: { overflow: 'auto' } }}
        >
          {/* The renderer escapes every text it writes (escape-xml). */}
          <div data-testid="swimlane-chart" dangerouslySetInnerHTML={{ __html: svg }} />
        </Card>
      </div>
      <div style={{ marginTop: 16 }}>
        <RulesCard
          projectId={projectId}
          versionId={versionId}
          model={shown}
          runner={runner}
          canEdit={canEdit}
        />
      </div>
      <div style={{ marginTop: 16 }}>
        <EstimateComparison versionId={versionId} projectId={projectId} revision={state.revision} />
      </div>
      {version.data.parentVersionId && (
        <div style={{ marginTop: 16 }}>
          <SimulationCard projectId={projectId} versionId={versionId} />
        </div>
      )}
      {version.data.parentVersionId && (
        <div style={{ marginTop: 16 }}>
          <VersionComparison parentVersionId={version.data.parentVersionId} model={state.model} />
        </div>
      )}
      <div style={{ marginTop: 16 }}>
        <ChangeLog projectId={projectId} versionId={versionId} revision={state.revision} />
      </div>
    </section>
  );
}

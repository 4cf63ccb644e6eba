import { DownloadOutlined } from '@ant-design/icons';
import { layoutSwimlanes, renderSwimlaneSvg } from '@pipewise/diagrams';
import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { Loading } from '../app/Loading.tsx';
import { useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';

interface Version {
  id: string;
  modelId: string;
  number: number;
  label: string;
  kind: string;
  document: ProcessModel;
}

/** Saves text as a file the browser downloads. */
function download(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * A process model version drawn as a swimlane chart: one lane per owner,
 * steps left to right, hand-offs between lanes, estimated and measured
 * durations under the steps. Downloads as SVG.
 */
export default function ModelPage() {
  const { id: projectId = '', versionId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const project = useProject(projectId);
  const version = useQuery({
    queryKey: ['version', versionId],
    queryFn: () => api<Version>('GET', `/api/versions/${versionId}`),
  });
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const svg = useMemo(() => {
    if (!version.data) return undefined;
    const model = version.data.document;
    return renderSwimlaneSvg(model, layoutSwimlanes(model, { language }), {
      language,
      title: displayName(model.name, language),
    });
  }, [version.data, language]);
  if (version.error) return <Alert type="error" showIcon title={errorText(version.error)} />;
  if (!version.data || !svg) return <Loading />;
  const model = version.data.document;
  const name = displayName(model.name, language);
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
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download(svg, `${name}.svg`, 'image/svg+xml')}
          >
            {t('models.downloadSvg')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">
        {t('models.counts', { steps: model.steps.length, lanes: model.lanes.length })}
      </Typography.Paragraph>
      <Card size="small" styles={{ body: { overflow: 'auto' } }}>
        {/* The renderer escapes every text it writes (escape-xml). */}
        <div data-testid="swimlane-chart" dangerouslySetInnerHTML={{ __html: svg }} />
      </Card>
    </section>
  );
}

import { FileWordOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { layoutSwimlanes, renderSwimlaneSvg } from '@pipewise/diagrams';
import {
  buildSopManual,
  type DurationEstimate,
  displayName,
  type ProcessModel,
  parseSopText,
  type SopEntry,
  type SopManual,
  type TextBlock,
} from '@pipewise/engine/process-model';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { Packer } from 'docx';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { i18n as appI18n } from '../i18n/i18n.ts';
import { download, svgToPngImage } from '../models/chart-image.ts';
import { useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';
import { SopTextField } from './SopTextField.tsx';
import { type SopLabels, sopManualDocument } from './sop-docx.ts';

/** Who writes the manual's texts: as the server's SOP routes. */
const WRITERS = ['admin', 'process_owner', 'manager'];
const FIELDS = ['instructions', 'script', 'exceptions'] as const;

interface Version {
  id: string;
  number: number;
  label: string;
  document: ProcessModel;
}

/** A duration as the model states it (its own words), or in words of the language. */
function estimateText(estimate: DurationEstimate, t: TFunction): string {
  return (
    estimate.text ??
    t('sop.duration', {
      value: estimate.value,
      unit: t(`sop.unit.${estimate.unit}`),
      basis: t(`sop.basis.${estimate.basis}`),
    })
  );
}

function labelsIn(t: TFunction, version: Version): SopLabels {
  return {
    title: t('sop.title'),
    version: t('sop.versionLine', { number: version.number, label: version.label }),
    chart: t('sop.chart'),
    owner: t('sop.owner'),
    after: t('sop.after'),
    next: t('sop.next'),
    inputs: t('sop.inputs'),
    outputs: t('sop.outputs'),
    systems: t('sop.systems'),
    estimated: t('sop.estimated'),
    deadline: t('sop.deadline'),
    escalation: t('sop.escalation'),
    required: t('sop.required'),
    otherRules: t('sop.otherRules'),
    instructions: t('sop.instructions'),
    script: t('sop.script'),
    exceptions: t('sop.exceptions'),
    none: t('sop.none'),
    first: t('sop.first'),
    separator: t('sop.separator'),
  };
}

/** SOP text blocks as HTML elements (React escapes every text). */
function Blocks({ text, none }: { text: string; none: string }) {
  const blocks: TextBlock[] = parseSopText(text);
  if (blocks.length === 0) return <p className="sop-none">{none}</p>;
  const spans = (items: { text: string; bold: boolean }[]) =>
    items.map((span, k) =>
      span.bold ? <strong key={k}>{span.text}</strong> : <span key={k}>{span.text}</span>,
    );
  return (
    <>
      {blocks.map((block, k) =>
        block.kind === 'paragraph' ? (
          <p key={k}>{spans(block.spans)}</p>
        ) : block.ordered ? (
          <ol key={k}>
            {block.items.map((item, j) => (
              <li key={j}>{spans(item)}</li>
            ))}
          </ol>
        ) : (
          <ul key={k}>
            {block.items.map((item, j) => (
              <li key={j}>{spans(item)}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

/**
 * Step 3, the SOP manual of a model version: per step its
 * owner, trigger, inputs and outputs, deadline, and the instructions, script
 * templates and exception handling people write here; downloaded as Word
 * in Chinese or English, or printed (A4 landscape) from the page.
 */
export default function SopPage({ session }: { session: Session }) {
  const { id: projectId = '', versionId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const { message } = App.useApp();
  const client = useQueryClient();
  const project = useProject(projectId);
  const version = useQuery({
    queryKey: ['version', versionId],
    queryFn: () => api<Version>('GET', `/api/versions/${versionId}`),
  });
  const entries = useQuery({
    queryKey: ['sop', versionId],
    queryFn: () => api<{ entries: SopEntry[] }>('GET', `/api/versions/${versionId}/sop`),
  });
  const [edits, setEdits] = useState(new Map<string, SopEntry>());
  const [saving, setSaving] = useState<string>();
  const canWrite = WRITERS.includes(session.role);
  const merged = useMemo(() => {
    const byStep = new Map((entries.data?.entries ?? []).map((entry) => [entry.stepId, entry]));
    for (const [stepId, entry] of edits) byStep.set(stepId, entry);
    return [...byStep.values()];
  }, [entries.data, edits]);
  const manual = useMemo(
    () => version.data && buildSopManual(version.data.document, merged, language),
    [version.data, merged, language],
  );
  const svg = useMemo(
    () =>
      version.data &&
      renderSwimlaneSvg(
        version.data.document,
        layoutSwimlanes(version.data.document, { language }),
        { language, title: displayName(version.data.document.name, language) },
      ),
    [version.data, language],
  );
  if (version.error) return <Alert type="error" showIcon title={errorText(version.error)} />;
  if (!version.data || !manual || !svg || entries.isPending) return <Loading />;
  const current = version.data;

  const entryOf = (stepId: string): SopEntry =>
    merged.find((entry) => entry.stepId === stepId) ?? {
      stepId,
      instructions: '',
      script: '',
      exceptions: '',
    };
  const save = async (stepId: string) => {
    setSaving(stepId);
    try {
      const { instructions, script, exceptions } = entryOf(stepId);
      await api('PUT', `/api/versions/${versionId}/sop/${encodeURIComponent(stepId)}`, {
        instructions,
        script,
        exceptions,
      });
      await client.invalidateQueries({ queryKey: ['sop', versionId] });
      // Text typed while saving stays an edit; only what was saved is done.
      setEdits((previous) => {
        const now = previous.get(stepId);
        if (
          now &&
          (now.instructions !== instructions ||
            now.script !== script ||
            now.exceptions !== exceptions)
        )
          return previous;
        const next = new Map(previous);
        next.delete(stepId);
        return next;
      });
      void message.success(t('sop.saved'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSaving(undefined);
    }
  };
  const downloadWord = async (lang: 'zh' | 'en') => {
    try {
      const fixed = appI18n.getFixedT(lang === 'zh' ? 'zh-CN' : 'en');
      const inLanguage: SopManual = buildSopManual(current.document, merged, lang);
      const chartSvg = renderSwimlaneSvg(
        current.document,
        layoutSwimlanes(current.document, { language: lang }),
        { language: lang, title: displayName(current.document.name, lang) },
      );
      const document = sopManualDocument(
        inLanguage,
        labelsIn(fixed, current),
        (estimate) => estimateText(estimate, fixed),
        await svgToPngImage(chartSvg),
      );
      download(await Packer.toBlob(document), `${inLanguage.title}-${fixed('sop.fileName')}.docx`);
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const labels = labelsIn(t, current);
  return (
    <section aria-labelledby="sop-title">
      <style>{`.sop-rich-text { min-height: 3.2em; max-height: 16em; overflow-y: auto; padding: 4px 11px;
        border: 1px solid #d9d9d9; border-radius: 6px; background: #fff; line-height: 1.6; }
      .sop-rich-text:focus { outline: none; border-color: #4096ff; box-shadow: 0 0 0 2px rgba(5, 145, 255, 0.1); }
      .sop-rich-text p { margin: 0 0 4px; }
      .sop-rich-text ul, .sop-rich-text ol { margin: 0 0 4px; padding-left: 22px; }
      .sop-rich-text p.is-editor-empty:first-child::before { content: attr(data-placeholder);
        color: #bfbfbf; float: left; height: 0; pointer-events: none; }
      @media print {
        body *:not(:has(#sop-print)):not(#sop-print):not(#sop-print *) { display: none !important; }
        body *:has(#sop-print) { margin: 0 !important; padding: 0 !important; border: 0 !important; box-shadow: none !important; }
        #sop-print svg { max-width: 100%; height: auto; }
        @page { size: A4 landscape; margin: 12mm; }
        .sop-section { break-inside: avoid-page; }
      }`}</style>
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link> ·{' '}
        <Link to={`/projects/${projectId}/models/${versionId}`}>{manual.title}</Link>
      </Typography.Text>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <Typography.Title level={2} id="sop-title" style={{ marginTop: 4 }}>
          {t('sop.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<FileWordOutlined />} onClick={() => void downloadWord('zh')}>
            {t('sop.wordZh')}
          </Button>
          <Button icon={<FileWordOutlined />} onClick={() => void downloadWord('en')}>
            {t('sop.wordEn')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('sop.print')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('sop.intro')}</Typography.Paragraph>
      {canWrite && (
        <Card size="small" title={t('sop.write')} style={{ marginBottom: 16 }}>
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="sop-editor">
            {manual.sections.map((section) => {
              const entry = entryOf(section.stepId);
              return (
                <Card
                  key={section.stepId}
                  size="small"
                  title={`${section.number}. ${section.name}`}
                >
                  {FIELDS.map((field) => (
                    <div key={field} style={{ marginBottom: 8 }}>
                      <Typography.Text strong>{t(`sop.${field}`)}</Typography.Text>
                      <SopTextField
                        label={`${section.name} ${t(`sop.${field}`)}`}
                        placeholder={t('sop.formatHint')}
                        value={entry[field]}
                        onChange={(text) =>
                          setEdits((previous) =>
                            new Map(previous).set(section.stepId, { ...entry, [field]: text }),
                          )
                        }
                      />
                    </div>
                  ))}
                  <Button
                    icon={<SaveOutlined />}
                    disabled={!edits.has(section.stepId)}
                    loading={saving === section.stepId}
                    onClick={() => void save(section.stepId)}
                  >
                    {t('sop.save', { step: section.name })}
                  </Button>
                </Card>
              );
            })}
          </Space>
        </Card>
      )}
      <Card size="small" title={t('sop.preview')}>
        <div id="sop-print" data-testid="sop-print">
          <h1>
            {manual.title} — {labels.title}
          </h1>
          <p>{labels.version}</p>
          <h2>{labels.chart}</h2>
          {/* The renderer escapes every text it writes. */}
          <div style={{ overflow: 'auto' }} dangerouslySetInnerHTML={{ __html: svg }} />
          {manual.sections.map((section) => (
            <div key={section.stepId} className="sop-section">
              <h2>
                {section.number}. {section.name}
              </h2>
              <Descriptions
                size="small"
                bordered
                column={2}
                items={[
                  {
                    key: 'owner',
                    label: labels.owner,
                    children:
                      [section.owner, section.department].filter(Boolean).join(' · ') ||
                      labels.none,
                  },
                  {
                    key: 'after',
                    label: labels.after,
                    children:
                      section.after.length === 0
                        ? labels.first
                        : section.after.join(labels.separator),
                  },
                  {
                    key: 'next',
                    label: labels.next,
                    children:
                      section.next
                        .map((next) =>
                          next.condition ? `${next.name}（${next.condition}）` : next.name,
                        )
                        .join(labels.separator) || labels.none,
                  },
                  {
                    key: 'systems',
                    label: labels.systems,
                    children: section.systems.join(labels.separator) || labels.none,
                  },
                  {
                    key: 'inputs',
                    label: labels.inputs,
                    children: section.inputs.join(labels.separator) || labels.none,
                  },
                  {
                    key: 'outputs',
                    label: labels.outputs,
                    children: section.outputs.join(labels.separator) || labels.none,
                  },
                  {
                    key: 'estimated',
                    label: labels.estimated,
                    children: section.estimated ? estimateText(section.estimated, t) : labels.none,
                  },
                  {
                    key: 'deadline',
                    label: labels.deadline,
                    children: section.deadline ? estimateText(section.deadline, t) : labels.none,
                  },
                  {
                    key: 'escalation',
                    label: labels.escalation,
                    children: section.escalation ?? labels.none,
                  },
                  {
                    key: 'required',
                    label: labels.required,
                    children: section.required ?? labels.none,
                  },
                  {
                    key: 'otherRules',
                    label: labels.otherRules,
                    span: 2,
                    children:
                      section.otherRules.length === 0 ? (
                        labels.none
                      ) : (
                        <ul style={{ margin: 0, paddingLeft: 18 }}>
                          {section.otherRules.map((rule) => (
                            <li key={rule}>{rule}</li>
                          ))}
                        </ul>
                      ),
                  },
                ]}
              />
              {FIELDS.map((field) => (
                <div key={field}>
                  <h3>{labels[field]}</h3>
                  <Blocks text={section[field]} none={labels.none} />
                </div>
              ))}
            </div>
          ))}
        </div>
      </Card>
    </section>
  );
}

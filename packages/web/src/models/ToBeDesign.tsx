import { renderDiffSvg, summarizeDiff } from '@pipewise/diagrams';
import { diffModels, displayName, type ProcessModel } from '@pipewise/engine/process-model';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useProblems } from '../diagnosis/diagnosis.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';

/** Why the next edits are made, and the problems they address: sent with each save. */
export interface ChangeNote {
  reason: string;
  problemIds: string[];
}

/** The reason and problems the editor's next saves carry into the change log. */
export function ChangeNoteInput({
  projectId,
  note,
  onChange,
}: {
  projectId: string;
  note: ChangeNote;
  onChange: (note: ChangeNote) => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems(projectId);
  return (
    <Space wrap style={{ width: '100%', marginBottom: 8 }} data-testid="change-note">
      <Input
        aria-label={t('design.reason')}
        placeholder={t('design.reason')}
        style={{ minWidth: 280 }}
        maxLength={2000}
        value={note.reason}
        onChange={(event) => onChange({ ...note, reason: event.target.value })}
      />
      <Select
        aria-label={t('design.addresses')}
        placeholder={t('design.addresses')}
        mode="multiple"
        style={{ minWidth: 280 }}
        value={note.problemIds}
        onChange={(problemIds) => onChange({ ...note, problemIds })}
        showSearch={{ optionFilterProp: 'label' }}
        options={(problems.data ?? []).map((problem) => ({
          value: problem.id,
          label: problem.title,
        }))}
      />
    </Space>
  );
}

interface Change {
  id: string;
  revision: number;
  commands: { type: string }[];
  reason: string;
  problemIds: string[];
  by: string | null;
  at: string;
}

/** The version's change log: what each saved edit did, why, for which problems. */
export function ChangeLog({
  projectId,
  versionId,
  revision,
}: {
  projectId: string;
  versionId: string;
  revision: number;
}) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale;
  const changes = useQuery({
    queryKey: ['version-changes', versionId, revision],
    queryFn: () => api<Change[]>('GET', `/api/versions/${versionId}/changes`),
  });
  const problems = useProblems(projectId);
  const titleOf = new Map((problems.data ?? []).map((problem) => [problem.id, problem.title]));
  const describe = (commands: Change['commands']) => {
    const counts = new Map<string, number>();
    for (const command of commands) counts.set(command.type, (counts.get(command.type) ?? 0) + 1);
    return [...counts]
      .map(
        ([type, count]) =>
          `${t(`design.command.${type}`, { defaultValue: type })}${count > 1 ? ` ×${count}` : ''}`,
      )
      .join(i18n.language === 'en' ? ', ' : '、');
  };
  return (
    <Card size="small" title={t('design.changeLog')}>
      {(changes.data ?? []).length === 0 ? (
        <Empty description={t('design.noChanges')} />
      ) : (
        <List
          data-testid="change-log"
          size="small"
          dataSource={[...(changes.data ?? [])].reverse()}
          renderItem={(change) => (
            <List.Item>
              <div>
                <Space wrap size={4}>
                  <Typography.Text strong>{describe(change.commands)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatDateTime(change.at, locale)}
                    {change.by ? ` · ${change.by}` : ''}
                  </Typography.Text>
                </Space>
                {change.reason && <div>{change.reason}</div>}
                {change.problemIds.map((id) => (
                  <Tag key={id} color="purple">
                    {titleOf.get(id) ?? id}
                  </Tag>
                ))}
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/**
 * This version beside the one it was derived from: both charts with every
 * change marked (added, removed, changed, moved, merged or split steps), side
 * by side, one above the other, or overlaid in one chart (what is gone
 * dashed where it was), and a count of the changes.
 */
export function VersionComparison({
  parentVersionId,
  model,
}: {
  parentVersionId: string;
  model: ProcessModel;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const [arrangement, setArrangement] = useState<'side-by-side' | 'above-below' | 'overlay'>(
    'above-below',
  );
  const parent = useQuery({
    queryKey: ['version', parentVersionId],
    queryFn: () => api<{ document: ProcessModel }>('GET', `/api/versions/${parentVersionId}`),
  });
  const compared = useMemo(() => {
    if (!parent.data) return undefined;
    const diff = diffModels(parent.data.document, model);
    return {
      summary: summarizeDiff(diff, language),
      svg: renderDiffSvg(parent.data.document, model, diff, {
        language,
        arrangement,
        title: displayName(model.name, language),
      }),
    };
  }, [parent.data, model, language, arrangement]);
  return (
    <Card
      size="small"
      title={t('design.compare')}
      extra={
        <Segmented
          value={arrangement}
          onChange={(value) => setArrangement(value as typeof arrangement)}
          options={[
            { value: 'above-below', label: t('design.aboveBelow') },
            { value: 'side-by-side', label: t('design.sideBySide') },
            { value: 'overlay', label: t('design.overlay') },
          ]}
        />
      }
      styles={{ body: { overflow: 'auto' } }}
    >
      {compared && (
        <>
          <Typography.Paragraph data-testid="diff-summary">{compared.summary}</Typography.Paragraph>
          {/* The renderer escapes every text it writes. */}
          <div data-testid="version-diff" dangerouslySetInnerHTML={{ __html: compared.svg }} />
        </>
      )}
    </Card>
  );
}

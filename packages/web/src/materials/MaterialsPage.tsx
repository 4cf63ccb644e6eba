import {
  DeleteOutlined,
  EditOutlined,
  LinkOutlined,
  PaperClipOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { Loading } from '../app/Loading.tsx';
import { formatCount } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useProject } from '../projects/projects.ts';
import { errorText } from '../session/session.ts';

type MaterialKind = 'sop' | 'follow-up-sheet' | 'crm-manual' | 'retrospective' | 'other';
const KINDS: readonly MaterialKind[] = [
  'sop',
  'follow-up-sheet',
  'crm-manual',
  'retrospective',
  'other',
];
const KEEPERS = ['admin', 'process_owner', 'manager'];

interface Material {
  id: string;
  title: string;
  kind: MaterialKind;
  steps: string[];
  isKeyNode: boolean;
  isExceptionRecord: boolean;
  notes: string;
  link: string | null;
  fileName: string | null;
  size: number | null;
}

interface MaterialValues {
  title: string;
  kind: MaterialKind;
  source: 'file' | 'link';
  link?: string;
  steps: string[];
  marks: ('keyNode' | 'exceptionRecord')[];
  notes?: string;
}

export default function MaterialsPage({ session }: { session: Session }) {
  const { id: projectId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const project = useProject(projectId);
  const client = useQueryClient();
  const { message } = App.useApp();
  const materials = useQuery({
    queryKey: ['materials', projectId],
    queryFn: () => api<Material[]>('GET', `/api/projects/${projectId}/materials`),
  });
  const [edited, setEdited] = useState<Material | 'new'>();
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/materials/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['materials', projectId] }),
    onError: (error) => void message.error(errorText(error)),
  });
  const canEdit = KEEPERS.includes(session.role);
  if (project.isPending || materials.isPending) return <Loading />;
  const knownSteps = [...new Set((materials.data ?? []).flatMap((material) => material.steps))];
  return (
    <section aria-labelledby="materials-title">
      <Typography.Text type="secondary">
        <Link to={`/projects/${projectId}`}>{project.data?.name}</Link>
      </Typography.Text>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <Typography.Title level={2} id="materials-title" style={{ marginTop: 4 }}>
          {t('materials.title')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdited('new')}>
            {t('materials.add')}
          </Button>
        )}
      </div>
      <Card size="small">
        <Table<Material>
          size="small"
          rowKey="id"
          data-testid="materials"
          dataSource={materials.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('materials.empty')} /> }}
          scroll={{ x: 720 }}
          columns={[
            { title: t('materials.name'), dataIndex: 'title' },
            {
              title: t('materials.kind'),
              dataIndex: 'kind',
              render: (kind: MaterialKind) => <Tag>{t(`materials.kinds.${kind}`)}</Tag>,
            },
            {
              title: t('materials.steps'),
              dataIndex: 'steps',
              render: (steps: string[]) => (
                <Space wrap size={4}>
                  {steps.map((step) => (
                    <Tag key={step}>{step}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('materials.marks'),
              render: (_, material) => (
                <Space size={4}>
                  {material.isKeyNode && <Tag color="blue">{t('materials.keyNode')}</Tag>}
                  {material.isExceptionRecord && (
                    <Tag color="red">{t('materials.exceptionRecord')}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('materials.source'),
              render: (_, material) =>
                material.link ? (
                  <a href={material.link} target="_blank" rel="noopener noreferrer">
                    <LinkOutlined /> {t('materials.open_link')}
                  </a>
                ) : (
                  <a href={`/api/materials/${material.id}/file`} download>
                    <PaperClipOutlined /> {material.fileName} (
                    {formatCount(Math.ceil((material.size ?? 0) / 1024), i18n.language as Locale)}{' '}
                    KB)
                  </a>
                ),
            },
            ...(canEdit
              ? [
                  {
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, material: Material) => (
                      <Space>
                        <Button
                          type="link"
                          size="small"
                          icon={<EditOutlined />}
                          aria-label={`${t('materials.edit')} ${material.title}`}
                          onClick={() => setEdited(material)}
                        />
                        <Popconfirm
                          title={t('materials.deleteConfirm')}
                          onConfirm={() => remove.mutate(material.id)}
                        >
                          <Button
                            type="link"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={`${t('materials.delete')} ${material.title}`}
                          />
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {edited && (
        <MaterialForm
          projectId={projectId}
          material={edited === 'new' ? undefined : edited}
          knownSteps={knownSteps}
          onClose={() => setEdited(undefined)}
        />
      )}
    </section>
  );
}

function MaterialForm({
  projectId,
  material,
  knownSteps,
  onClose,
}: {
  projectId: string;
  material: Material | undefined;
  knownSteps: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<MaterialValues>();
  const [file, setFile] = useState<File>();
  const source = Form.useWatch('source', form) ?? 'file';
  const save = useMutation({
    mutationFn: async (values: MaterialValues) => {
      const description = {
        title: values.title,
        kind: values.kind,
        steps: values.steps ?? [],
        isKeyNode: values.marks?.includes('keyNode') ?? false,
        isExceptionRecord: values.marks?.includes('exceptionRecord') ?? false,
        notes: values.notes ?? '',
      };
      if (material) return api('PUT', `/api/materials/${material.id}`, description);
      const body = new FormData();
      body.append('title', description.title);
      body.append('kind', description.kind);
      body.append('steps', JSON.stringify(description.steps));
      body.append('isKeyNode', String(description.isKeyNode));
      body.append('isExceptionRecord', String(description.isExceptionRecord));
      body.append('notes', description.notes);
      if (values.source === 'link') body.append('link', values.link ?? '');
      else if (file) body.append('file', file, file.name);
      return api('POST', `/api/projects/${projectId}/materials`, body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['materials', projectId] });
      void message.success(t('materials.saved'));
      onClose();
    },
  });
  const initial: MaterialValues = material
    ? {
        title: material.title,
        kind: material.kind,
        source: material.link ? 'link' : 'file',
        steps: material.steps,
        marks: [
          ...(material.isKeyNode ? (['keyNode'] as const) : []),
          ...(material.isExceptionRecord ? (['exceptionRecord'] as const) : []),
        ],
        notes: material.notes,
      }
    : { title: '', kind: 'sop', source: 'file', steps: [], marks: [] };
  return (
    <Modal
      open
      width={640}
      title={material ? t('materials.edit') : t('materials.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form<MaterialValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          label={t('materials.name')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('materials.nameRequired') }]}
        >
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item label={t('materials.kind')} name="kind">
          <Select
            options={KINDS.map((kind) => ({ value: kind, label: t(`materials.kinds.${kind}`) }))}
          />
        </Form.Item>
        {!material && (
          <>
            <Form.Item label={t('materials.source')} name="source">
              <Segmented
                options={[
                  { value: 'file', label: t('materials.file') },
                  { value: 'link', label: t('materials.link') },
                ]}
              />
            </Form.Item>
            {source === 'file' ? (
              <Form.Item required>
                <Upload
                  accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.txt,.md,.csv"
                  maxCount={1}
                  beforeUpload={(chosen) => {
                    setFile(chosen);
                    return false;
                  }}
                  onRemove={() => setFile(undefined)}
                >
                  <Button icon={<PaperClipOutlined />}>
                    {file ? file.name : t('materials.pickFile')}
                  </Button>
                </Upload>
              </Form.Item>
            ) : (
              <Form.Item
                name="link"
                label={t('materials.link')}
                rules={[{ required: true, type: 'url', message: t('materials.linkRequired') }]}
              >
                <Input placeholder="https://" />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item label={t('materials.steps')} name="steps">
          <Select
            mode="tags"
            aria-label={t('materials.steps')}
            options={knownSteps.map((step) => ({ value: step, label: step }))}
            tokenSeparators={[',', '，', '、']}
          />
        </Form.Item>
        <Form.Item label={t('materials.marks')} name="marks">
          <Checkbox.Group
            options={[
              { value: 'keyNode', label: t('materials.keyNode') },
              { value: 'exceptionRecord', label: t('materials.exceptionRecord') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('materials.notes')} name="notes">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={20000} />
        </Form.Item>
      </Form>
      {save.error && <Typography.Text type="danger">{errorText(save.error)}</Typography.Text>}
    </Modal>
  );
}

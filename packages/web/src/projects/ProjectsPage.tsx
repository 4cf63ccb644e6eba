import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EDITORS, type Project, type Session } from '../api/types.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import { errorText } from '../session/session.ts';
import { useCreateProject, useProjects } from './projects.ts';

export function ProjectsPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const projects = useProjects();
  const [isCreating, setCreating] = useState(false);
  const canEdit = EDITORS.includes(session.role);
  return (
    <section aria-labelledby="projects-title">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Title level={2} id="projects-title">
          {t('projects.title')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('projects.create')}
          </Button>
        )}
      </div>
      <Table<Project>
        rowKey="id"
        loading={projects.isPending}
        dataSource={projects.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('projects.empty')} /> }}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('projects.name'),
            dataIndex: 'name',
            render: (name: string, project) => <Link to={`/projects/${project.id}`}>{name}</Link>,
          },
          { title: t('projects.description'), dataIndex: 'description', ellipsis: true },
          {
            title: t('projects.phase'),
            dataIndex: 'phase',
            render: (phase: Project['phase']) => <Tag color="blue">{t(`phases.${phase}`)}</Tag>,
          },
          {
            title: t('projects.updated'),
            dataIndex: 'updatedAt',
            render: (at: string) => formatDateTime(at, locale),
          },
        ]}
      />
      {isCreating && <CreateProject onClose={() => setCreating(false)} />}
    </section>
  );
}

function CreateProject({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateProject();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  return (
    <Modal
      open
      title={t('projects.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okText={t('projects.create')}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          create.mutate(values, {
            onSuccess: (project) => {
              void message.success(t('projects.created'));
              onClose();
              navigate(`/projects/${project.id}`);
            },
          })
        }
      >
        <Form.Item
          label={t('projects.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('projects.nameRequired') }]}
        >
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item label={t('projects.description')} name="description">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {create.error && <Typography.Text type="danger">{errorText(create.error)}</Typography.Text>}
    </Modal>
  );
}

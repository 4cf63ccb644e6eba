import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { InputError, Job, Preview } from '../api/types.ts';
import { errorText } from '../session/session.ts';

type Mapping = { case?: string; activity?: string; timestamp?: string; resource?: string };

interface UploadProps {
  projectId: string;
  onClose: () => void;
  onImported: (datasetId: string) => void;
}

/**
 * Import a CRM export into the project: choose a file, check the first rows
 * and which column holds what (guessed), then import; progress until the
 * dataset is stored, or the located error with nothing stored.
 */
export function UploadDataset({ projectId, onClose, onImported }: UploadProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [jobId, setJobId] = useState<string>();
  const [job, setJob] = useState<Job>();
  const [startError, setStartError] = useState<unknown>();
  const [form] = Form.useForm<
    Mapping & { name: string; calendar: 'cn' | 'mon-fri'; timeZone: string }
  >();

  const choose = async (chosen: File) => {
    setFile(chosen);
    setPreview(undefined);
    setPreviewError(undefined);
    form.setFieldValue('name', chosen.name.replace(/\.[^.]+$/, ''));
    const body = new FormData();
    body.append('file', chosen, chosen.name);
    try {
      const answer = await api<Preview>('POST', '/api/datasets/preview', body);
      setPreview(answer);
      if (answer.mapping)
        form.setFieldsValue({
          case: answer.mapping.case ?? undefined,
          activity: answer.mapping.activity ?? undefined,
          timestamp: answer.mapping.timestamp ?? undefined,
          resource: answer.mapping.resource ?? undefined,
        });
    } catch (error) {
      setPreviewError(error);
    }
  };

  const start = async () => {
    if (!file) return;
    const values = await form.validateFields();
    const body = new FormData();
    body.append('name', values.name);
    body.append('projectId', projectId);
    body.append('calendar', values.calendar);
    body.append('timeZone', values.timeZone);
    const mapping: Mapping = {};
    for (const role of ['case', 'activity', 'timestamp', 'resource'] as const)
      if (values[role]) mapping[role] = values[role];
    if (Object.keys(mapping).length > 0) body.append('mapping', JSON.stringify(mapping));
    body.append('file', file, file.name);
    setStartError(undefined);
    try {
      const answer = await api<{ jobId: string }>('POST', '/api/datasets', body);
      setJobId(answer.jobId);
    } catch (error) {
      setStartError(error);
    }
  };

  // Polls the import job until it has finished.
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        const current = await api<Job>('GET', `/api/jobs/${jobId}`).catch(() => undefined);
        if (stopped) return;
        if (current) setJob(current);
        if (current?.status === 'succeeded') {
          await client.invalidateQueries({ queryKey: ['datasets'] });
          onImported((current.result as { datasetId: string }).datasetId);
          return;
        }
        if (current?.status === 'failed') return;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [jobId, client, onImported]);

  const columns = (preview?.headers ?? []).map((header) => ({ value: header, label: header }));
  const isTable = (preview?.headers.length ?? 0) > 0;
  const isRunning = jobId !== undefined && job?.status !== 'failed';
  return (
    <Modal
      open
      width={900}
      title={t('upload.title')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('app.back')}</Button>
          <Button
            type="primary"
            disabled={!file || (!preview && !previewError) || isRunning}
            loading={isRunning}
            onClick={() => void start()}
          >
            {t('upload.start')}
          </Button>
        </Space>
      }
    >
      <Upload.Dragger
        accept=".csv,.tsv,.txt,.xlsx,.xes,.gz,.json,.jsonocel,.xml,.xmlocel,.sqlite"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(chosen) => {
          void choose(chosen);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{file ? file.name : t('upload.pick')}</p>
      </Upload.Dragger>
      {previewError !== undefined && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(previewError)} />
      )}
      {preview && isTable && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('upload.preview')}
          </Typography.Title>
          <Table
            size="small"
            scroll={{ x: true }}
            pagination={false}
            rowKey={(_, index) => String(index)}
            dataSource={preview.rows
              .slice(0, 5)
              .map((row) => Object.fromEntries(row.map((cell, k) => [k, cell])))}
            columns={preview.headers.map((header, k) => ({
              title: header,
              dataIndex: String(k),
              ellipsis: true,
            }))}
            data-testid="upload-preview"
          />
        </>
      )}
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 16 }}
        initialValues={{ calendar: 'cn', timeZone: 'Asia/Shanghai' }}
      >
        <Form.Item
          label={t('upload.name')}
          name="name"
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {isTable && (
          <>
            <Typography.Text strong>{t('upload.mapping')}</Typography.Text>
            <Space wrap style={{ marginTop: 8 }}>
              {(['case', 'activity', 'timestamp'] as const).map((role) => (
                <Form.Item
                  key={role}
                  label={t(`upload.${role}`)}
                  name={role}
                  rules={[{ required: true }]}
                >
                  <Select
                    style={{ width: 200 }}
                    options={columns}
                    aria-label={t(`upload.${role}`)}
                  />
                </Form.Item>
              ))}
              <Form.Item label={t('upload.resource')} name="resource">
                <Select
                  style={{ width: 200 }}
                  options={columns}
                  allowClear
                  aria-label={t('upload.resource')}
                />
              </Form.Item>
            </Space>
          </>
        )}
        <Space wrap>
          <Form.Item label={t('upload.calendar')} name="calendar">
            <Select
              style={{ width: 300 }}
              options={[
                { value: 'cn', label: t('upload.calendarCn') },
                { value: 'mon-fri', label: t('upload.calendarMonFri') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('upload.timeZone')} name="timeZone">
            <Select
              style={{ width: 220 }}
              showSearch
              options={Intl.supportedValuesOf('timeZone').map((zone) => ({
                value: zone,
                label: zone,
              }))}
            />
          </Form.Item>
        </Space>
      </Form>
      {startError !== undefined && <Alert type="error" showIcon title={errorText(startError)} />}
      {job && job.status !== 'failed' && (
        <div data-testid="import-progress">
          <Typography.Text>
            {t('upload.importing', { percent: Math.round(job.progress * 100) })}
          </Typography.Text>
          <Progress percent={Math.round(job.progress * 100)} status="active" />
        </div>
      )}
      {job?.status === 'failed' && <ImportFailure job={job} />}
    </Modal>
  );
}

/** A failed import: what is wrong and where, in the user's language; nothing was stored. */
function ImportFailure({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const located = job.error?.details as InputError | null | undefined;
  const reasonKey = `inputError.${located?.reason ?? 'other'}`;
  const where = located
    ? [
        located.file,
        located.line !== undefined ? t('upload.line', { line: located.line }) : null,
        located.column !== undefined ? t('upload.column', { column: located.column }) : null,
        located.value !== undefined ? t('upload.value', { value: located.value }) : null,
        located.expected !== undefined
          ? t('upload.expected', { expected: located.expected })
          : null,
      ]
        .filter(Boolean)
        .join(i18n.language === 'en' ? ', ' : '，')
    : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="import-error"
      title={`${t('upload.failed')} ${i18n.exists(reasonKey) ? t(reasonKey) : t('inputError.other')}`}
      description={
        <>
          {where && (
            <div>
              {t('upload.where')}: {where}
            </div>
          )}
          <Typography.Text type="secondary">{job.error?.message}</Typography.Text>
        </>
      }
    />
  );
}

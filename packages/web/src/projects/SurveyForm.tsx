import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { InputError } from '../api/types.ts';
import { errorText } from '../session/session.ts';

/**
 * The current-state survey form (the method's template 1): download it,
 * fill it in offline in Excel or WPS, upload it back. A form with problems
 * lists every cell to fix, in the user's language, and nothing is stored.
 */
export function SurveyForm({ projectId, canUpload }: { projectId: string; canUpload: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<InputError[]>();
  const [failure, setFailure] = useState<unknown>();
  const [isUploading, setUploading] = useState(false);
  const send = async (file: File) => {
    setProblems(undefined);
    setFailure(undefined);
    setUploading(true);
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const made = await api<{ versionId: string; steps: number; lanes: number }>(
        'POST',
        `/api/projects/${projectId}/survey-form`,
        body,
      );
      await client.invalidateQueries({ queryKey: ['models'] });
      void message.success(t('survey.uploaded', { steps: made.steps, lanes: made.lanes }));
      navigate(`/projects/${projectId}/models/${made.versionId}`);
    } catch (error) {
      const listed =
        error instanceof ApiError && (error.details as { errors?: InputError[] })?.errors;
      if (listed) setProblems(listed);
      else setFailure(error);
    } finally {
      setUploading(false);
    }
  };
  const reason = (code: string) =>
    i18n.exists(`inputError.${code}`) ? t(`inputError.${code}`) : t('inputError.other');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <a href={`/api/survey-form?lang=${i18n.language === 'en' ? 'en' : 'zh'}`} download>
          <Button icon={<DownloadOutlined />}>{t('survey.download')}</Button>
        </a>
        {canUpload && (
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={isUploading}>
              {t('survey.upload')}
            </Button>
          </Upload>
        )}
      </Space>
      {failure !== undefined && <Alert type="error" showIcon title={errorText(failure)} />}
      {problems && (
        <Alert
          type="error"
          showIcon
          data-testid="survey-problems"
          title={t('survey.invalid', { count: problems.length })}
          description={
            <Table<InputError>
              size="small"
              pagination={false}
              rowKey={(problem) => `${problem.line}/${problem.column}/${problem.reason}`}
              dataSource={problems}
              columns={[
                { title: t('survey.row'), dataIndex: 'line', width: 60 },
                { title: t('survey.column'), dataIndex: 'column' },
                { title: t('survey.value'), dataIndex: 'value' },
                { title: t('survey.problem'), dataIndex: 'reason', render: reason },
              ]}
            />
          }
        />
      )}
    </Space>
  );
}

import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/LanguageSwitch.tsx';
import { errorText, useSignIn } from './session.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  return (
    <main
      style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', background: '#f0f4f8' }}
    >
      <Card style={{ width: 'min(400px, 92vw)' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('signIn.title')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        <Form
          layout="vertical"
          style={{ marginTop: 24 }}
          onFinish={(values: { email: string; password: string }) => signIn.mutate(values)}
          requiredMark={false}
        >
          <Form.Item
            label={t('signIn.email')}
            name="email"
            rules={[{ required: true, message: t('signIn.emailRequired') }]}
          >
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('signIn.password')}
            name="password"
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {signIn.error && (
            <Alert
              type="error"
              showIcon
              title={errorText(signIn.error)}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('signIn.demoHint')}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}

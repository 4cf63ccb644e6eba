import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Session } from '../api/types.ts';
import { useChangeLocale, useSignOut } from '../session/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The frame around every page once signed in: the organization, the language, the user. */
export function AppShell({ session, children }: { session: Session; children: ReactNode }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const changeLocale = useChangeLocale();
  const navigate = useNavigate();
  const leave = (everywhere: boolean) =>
    signOut.mutate(everywhere, { onSettled: () => navigate('/sign-in') });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 20,
          background: '#102a43',
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18 }}>
          {t('app.name')}
        </Link>
        <Typography.Text style={{ color: '#bcccdc' }} ellipsis>
          {session.organization.name}
        </Typography.Text>
        <nav style={{ flex: 1 }}>
          <Link to="/" style={{ color: '#d9e2ec' }}>
            {t('app.projects')}
          </Link>
        </nav>
        <LanguageSwitch onChange={(locale) => changeLocale.mutate(locale)} />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'role', label: t(`roles.${session.role}`), disabled: true },
              { type: 'divider' },
              { key: 'sign-out', label: t('app.signOut'), onClick: () => leave(false) },
              {
                key: 'sign-out-everywhere',
                label: t('app.signOutEverywhere'),
                onClick: () => leave(true),
              },
            ],
          }}
        >
          <Button type="text" style={{ color: '#fff' }} aria-label={session.user.email}>
            <Space>
              <UserOutlined />
              {session.user.name}
              <DownOutlined />
            </Space>
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout.Content style={{ padding: '20px clamp(12px, 3vw, 32px)' }}>{children}</Layout.Content>
    </Layout>
  );
}

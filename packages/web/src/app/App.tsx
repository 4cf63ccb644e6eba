import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from '../api/client.ts';
import { i18n } from '../i18n/i18n.ts';
import { ProjectHome } from '../projects/ProjectHome.tsx';
import { ProjectsPage } from '../projects/ProjectsPage.tsx';
import { SignInPage } from '../session/SignInPage.tsx';
import { SESSION, useSession } from '../session/session.ts';
import { AppShell } from './AppShell.tsx';
import { Loading } from './Loading.tsx';
import { NotFound } from './NotFound.tsx';

// The map, charts and tables of discovery load only when opened.
const DiscoveryPage = lazy(() => import('../discovery/DiscoveryPage.tsx'));
const InterviewsPage = lazy(() => import('../interviews/InterviewsPage.tsx'));
const ModelPage = lazy(() => import('../models/ModelPage.tsx'));
const MaterialsPage = lazy(() => import('../materials/MaterialsPage.tsx'));
const DiagnosisPage = lazy(() => import('../diagnosis/DiagnosisPage.tsx'));
const ProblemsPage = lazy(() => import('../diagnosis/ProblemsPage.tsx'));
const KpisPage = lazy(() => import('../kpis/KpisPage.tsx'));
const SopPage = lazy(() => import('../sop/SopPage.tsx'));
const ScoringPage = lazy(() => import('../scoring/ScoringPage.tsx'));

const queryClient: QueryClient = new QueryClient({
  // A session that ended (expired, or signed out on another device) leads back to sign-in.
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== SESSION[0])
        queryClient.setQueryData(SESSION, null);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Localized>
          <BrowserRouter>
            <Pages />
          </BrowserRouter>
        </Localized>
      </QueryClientProvider>
    </I18nextProvider>
  );
}

/** Ant Design's own texts (dates, pagination, modals) in the app's language. */
function Localized({ children }: { children: React.ReactNode }) {
  const { i18n: current } = useTranslation();
  return (
    <ConfigProvider
      locale={current.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#2f6fad', borderRadius: 6 } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Pages() {
  const session = useSession();
  if (session.isPending) return <Loading />;
  if (!session.data) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="*" element={<Navigate to="/sign-in" replace />} />
      </Routes>
    );
  }
  return (
    <AppShell session={session.data}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<ProjectsPage session={session.data} />} />
          <Route path="/sign-in" element={<Navigate to="/" replace />} />
          <Route path="/projects/:id" element={<ProjectHome session={session.data} />} />
          <Route
            path="/projects/:id/discovery"
            element={<DiscoveryPage session={session.data} />}
          />
          <Route
            path="/projects/:id/interviews"
            element={<InterviewsPage session={session.data} />}
          />
          <Route
            path="/projects/:id/models/:versionId"
            element={<ModelPage session={session.data} />}
          />
          <Route
            path="/projects/:id/models/:versionId/scoring"
            element={<ScoringPage session={session.data} />}
          />
          <Route
            path="/projects/:id/materials"
            element={<MaterialsPage session={session.data} />}
          />
          <Route
            path="/projects/:id/diagnosis"
            element={<DiagnosisPage session={session.data} />}
          />
          <Route path="/projects/:id/problems" element={<ProblemsPage session={session.data} />} />
          <Route path="/projects/:id/kpis" element={<KpisPage session={session.data} />} />
          <Route
            path="/projects/:id/models/:versionId/sop"
            element={<SopPage session={session.data} />}
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}

import { App as AntdApp, ConfigProvider } from 'antd';
import { Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { allows } from './access.ts';
import { MeProvider, useMe } from './auth/me-context.tsx';
import { RequireAuth } from './auth/require-auth.tsx';
import { Loading } from './components/loading.tsx';
import { ForbiddenResult, NotFoundResult } from './components/result-pages.tsx';
import { ChangePasswordPage } from './features/auth/change-password-page.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { I18nProvider } from './i18n/i18n-provider.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { APP_ROUTES, type AppRoute } from './routes.ts';

/** A page of routes.ts, or 403 when the user's permissions do not include its access rule. */
function RoutePage({ route }: { route: AppRoute }) {
  const { me } = useMe();
  if (!allows(me, route)) return <ForbiddenResult />;
  const Page = route.page;
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

export function App() {
  return (
    <I18nProvider>
      {/* Button labels are shown exactly as the locale files write them (no space inserted into 两字). */}
      <ConfigProvider button={{ autoInsertSpace: false }}>
        <AntdApp>
          <MeProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/change-password"
                  element={
                    <RequireAuth isPasswordChange>
                      <ChangePasswordPage />
                    </RequireAuth>
                  }
                />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  {APP_ROUTES.map((route) => (
                    <Route key={route.path} path={route.path} element={<RoutePage route={route} />} />
                  ))}
                  <Route path="*" element={<NotFoundResult />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </MeProvider>
        </AntdApp>
      </ConfigProvider>
    </I18nProvider>
  );
}

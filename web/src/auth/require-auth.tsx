import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/loading.tsx';
import { describeError } from '../components/describe-error.ts';
import { useLang, useT } from '../i18n/i18n-provider.tsx';
import { useSession } from './me-context.tsx';
import { withRedirect } from './redirect.ts';

interface RequireAuthProps {
  children: ReactNode;
  /** The change-password page itself is reachable while a password change is pending. */
  isPasswordChange?: boolean;
}

/**
 * Lets only a signed-in user through: otherwise to the sign-in page, keeping the intended path unless the
 * user has just signed out; a user whose password must change goes to the change-password page first.
 */
export function RequireAuth({ children, isPasswordChange = false }: RequireAuthProps) {
  const { state, refresh } = useSession();
  const location = useLocation();
  const t = useT();
  const { lang } = useLang();
  const here = `${location.pathname}${location.search}`;

  switch (state.status) {
    case 'loading':
      return <Loading fullPage />;
    case 'error':
      return (
        <Result
          status="warning"
          title={describeError(state.error, lang, t).message}
          extra={
            <Button type="primary" onClick={() => void refresh()}>
              {t('common.retry')}
            </Button>
          }
        />
      );
    case 'anonymous':
      return <Navigate to={state.reason === 'signed-out' ? '/login' : withRedirect('/login', here)} replace />;
    case 'signed-in':
      if (state.me.mustChangePassword && !isPasswordChange) {
        return <Navigate to={withRedirect('/change-password', here)} replace />;
      }
      return children;
  }
}

import type { Me } from '@yunshu/shared/api';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { fetchMe, logout as logoutRequest } from '../api/auth-api.ts';
import { isApiError, onUnauthenticated } from '../api/client.ts';

type SessionState =
  | { status: 'loading' }
  /** `signed-out`: the user chose to leave; `no-session`: none yet, expired or ended elsewhere. */
  | { status: 'anonymous'; reason: 'signed-out' | 'no-session' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-in'; me: Me };

interface MeContextValue {
  state: SessionState;
  /** Reloads `me` from the server (after a role or password change). */
  refresh: () => Promise<Me | null>;
  /** Takes the answer of a successful sign-in. */
  signedIn: (me: Me) => void;
  /** Ends the session on the server and forgets the user; the guards then show the sign-in page. */
  logout: () => Promise<void>;
}

const MeContext = createContext<MeContextValue | null>(null);

export function MeProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await fetchMe();
      setState({ status: 'signed-in', me });
      return me;
    } catch (error) {
      setState(
        isApiError(error) && error.status === 401 ? { status: 'anonymous', reason: 'no-session' } : { status: 'error', error },
      );
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onUnauthenticated(() => setState({ status: 'anonymous', reason: 'no-session' })), []);

  const signedIn = useCallback((me: Me) => setState({ status: 'signed-in', me }), []);

  const logout = useCallback(async () => {
    try {
      await logoutRequest();
    } catch {
      // Signing out locally still helps when the server cannot be reached; its session then expires.
    }
    setState({ status: 'anonymous', reason: 'signed-out' });
  }, []);

  const value = useMemo(() => ({ state, refresh, signedIn, logout }), [state, refresh, signedIn, logout]);
  return <MeContext value={value}>{children}</MeContext>;
}

export function useSession(): MeContextValue {
  const value = useContext(MeContext);
  if (!value) throw new Error('useSession must be used inside <MeProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useMe(): { me: Me; refresh: () => Promise<Me | null> } {
  const { state, refresh } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe needs a signed-in user');
  return { me: state.me, refresh };
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setUnauthenticatedHandler, type Me } from '../api';

interface Session {
  /** undefined while the first /api/auth/me is in flight. */
  me: Me | undefined;
  /** Error of the initial load (server down, for example). */
  loadError: Error | undefined;
  refresh: () => Promise<Me>;
  login: (login: string, password: string) => Promise<Me>;
  claim: (invitationCode: string, phone: string, password: string) => Promise<Me>;
  /** Ends the session and reloads the home page. */
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [loadError, setLoadError] = useState<Error | undefined>(undefined);

  const refresh = useCallback(async () => {
    const next = await api.me();
    setMe(next);
    setLoadError(undefined);
    return next;
  }, []);

  // An expired session shows up as a 401 somewhere; protected pages then send the user to /login.
  useEffect(() => {
    setUnauthenticatedHandler(() => setMe({ account: null }));
    return () => setUnauthenticatedHandler(null);
  }, []);

  useEffect(() => {
    refresh().catch((error: Error) => {
      setLoadError(error);
      setMe({ account: null });
    });
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({
      me,
      loadError,
      refresh,
      login: async (login, password) => {
        const next = await api.login(login, password);
        setMe(next);
        return next;
      },
      claim: async (invitationCode, phone, password) => {
        const next = await api.claim(invitationCode, phone, password);
        setMe(next);
        return next;
      },
      // Signing out reloads the home page, which drops every piece of personal data held in memory
      // (and avoids protected pages bouncing to /login?next=… while the session ends).
      logout: async () => {
        try {
          await api.logout();
        } finally {
          window.location.assign('/');
        }
      },
    }),
    [me, loadError, refresh],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

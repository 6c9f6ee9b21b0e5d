import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { SignedIn } from '../api';
import { useSession } from '../session/SessionContext';
import { PageLoading } from './PageLoading';

/** Renders children for a signed-in user; otherwise sends them to /login and back here afterwards. */
export function RequireSignIn({ children }: { children: (me: SignedIn) => ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (!me) return <PageLoading />;
  if (!me.account) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children(me)}</>;
}

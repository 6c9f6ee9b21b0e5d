import { createElement, type ReactNode } from 'react';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type CommunityDetail, type Me } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useRequest, type RequestState } from '../../components/useRequest';
import { useSession } from '../../session/SessionContext';
import { canReadInternalDecisions } from './decisionsUtil';

export interface CommunityView<T> {
  me: Me | undefined;
  community: CommunityDetail | undefined;
  /** the caller reads drafts and unpublished counts (committee, supervisor, officials) */
  internal: boolean;
  data: RequestState<T | undefined>;
  /** what to show instead of the page while the community loads, or when it failed; null once ready */
  gate: ReactNode;
}

/**
 * The community of a decisions page and what the page loads from it, public or internal by the
 * caller's roles (the server decides; this picks the route).
 */
export function useCommunityView<T>(code: string, load: (internal: boolean, signal: AbortSignal) => Promise<T>, deps: unknown[] = []): CommunityView<T> {
  const { t } = useTranslation();
  const { me } = useSession();
  const community = useRequest((signal) => api.community(code, signal), [code]);
  const c = community.data;
  const internal = !!c && canReadInternalDecisions(me, c);
  const data = useRequest((signal) => (c ? load(internal, signal) : Promise.resolve(undefined)), [code, c, internal, ...deps]);
  let gate: ReactNode = null;
  if (community.error instanceof ApiError && community.error.status === 404) gate = createElement(Result, { status: '404', title: t('community.notFound'), subTitle: community.error.message });
  else if (community.error) gate = createElement(ErrorAlert, { error: community.error, onRetry: community.reload });
  else if (!c || me === undefined) gate = createElement(PageLoading);
  return { me, community: c, internal, data, gate };
}

import { createElement, type ReactNode } from 'react';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type CommunityDetail, type Me } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useRequest } from '../../components/useRequest';
import { useSession } from '../../session/SessionContext';

/** The community of a budget or spending page; `gate` is what to show instead while it loads or when it failed (null once ready). */
export function useBudgetCommunity(code: string): { me: Me | undefined; community: CommunityDetail | undefined; gate: ReactNode } {
  const { t } = useTranslation();
  const { me } = useSession();
  const community = useRequest((signal) => api.community(code, signal), [code]);
  let gate: ReactNode = null;
  if (community.error instanceof ApiError && community.error.status === 404) gate = createElement(Result, { status: '404', title: t('community.notFound'), subTitle: community.error.message });
  else if (community.error) gate = createElement(ErrorAlert, { error: community.error, onRetry: community.reload });
  else if (!community.data || me === undefined) gate = createElement(PageLoading);
  return { me, community: community.data, gate };
}

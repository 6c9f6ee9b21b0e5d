import { download, get, post, request, setCsrfToken } from './client';
import type {
  CommunityDetail,
  CommunitySummary,
  Health,
  Invitation,
  Me,
  MyUnit,
  Page,
  RegisterUnit,
  RosterImportResult,
  UnitQuery,
} from './types';

export { ApiError, setUnauthenticatedHandler } from './client';
export type * from './types';

const c = (code: string) => `/api/communities/${encodeURIComponent(code)}`;

function remember(me: Me): Me {
  setCsrfToken(me.account ? me.csrfToken : null);
  return me;
}

export const api = {
  health: () => get<Health>('/api/health'),

  me: async () => remember(await get<Me>('/api/auth/me')),
  login: async (login: string, password: string) => remember(await post<Me>('/api/auth/login', { login, password })),
  claim: async (invitationCode: string, phone: string, password: string) =>
    remember(await post<Me>('/api/auth/claim', { invitationCode, phone, password })),
  logout: async () => {
    const result = await post<{ ok: true }>('/api/auth/logout');
    setCsrfToken(null);
    return result;
  },

  communities: (signal?: AbortSignal) => get<{ items: CommunitySummary[] }>('/api/communities', undefined, signal),
  community: (code: string, signal?: AbortSignal) => get<CommunityDetail>(c(code), undefined, signal),
  units: (code: string, query: UnitQuery, signal?: AbortSignal) =>
    get<Page<RegisterUnit>>(`${c(code)}/units`, { ...query }, signal),
  createInvitation: (code: string, unitId: number) =>
    post<Invitation>(`${c(code)}/units/${unitId}/invitations`),

  importRoster: (code: string, file: File, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<RosterImportResult>('POST', `${c(code)}/roster/import`, { form, query: { dryRun } });
  },
  exportRoster: (code: string) => download(`${c(code)}/roster/export`, `${code}-roster.xlsx`),

  myUnits: (signal?: AbortSignal) => get<{ items: MyUnit[] }>('/api/me/units', undefined, signal),
};

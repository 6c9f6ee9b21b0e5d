import { download, get, post, request, setCsrfToken } from './client';
import type {
  CommunityDetail,
  CommunitySummary,
  DisclosureCalendar,
  EntryQuery,
  Health,
  Invitation,
  LedgerEntry,
  Me,
  MyUnit,
  NewEntry,
  Page,
  Posted,
  RegisterUnit,
  RosterImportResult,
  Series,
  Statement,
  StoredVoucher,
  TrialBalance,
  UnitQuery,
  VoucherView,
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

  // the common fund ledger
  statement: (code: string, q: { period: string } | { year: number }, signal?: AbortSignal) =>
    get<Statement>(`${c(code)}/ledger/statement`, q, signal),
  series: (code: string, from: string, to: string, signal?: AbortSignal) => get<Series>(`${c(code)}/ledger/series`, { from, to }, signal),
  entries: (code: string, query: EntryQuery, signal?: AbortSignal) => get<Page<LedgerEntry>>(`${c(code)}/ledger/entries`, { ...query }, signal),
  entry: (code: string, seq: number, signal?: AbortSignal) => get<LedgerEntry>(`${c(code)}/ledger/entries/${seq}`, undefined, signal),
  calendar: (code: string, signal?: AbortSignal) => get<DisclosureCalendar>(`${c(code)}/ledger/calendar`, undefined, signal),
  ledgerAccounts: (code: string, signal?: AbortSignal) => get<TrialBalance>(`${c(code)}/ledger/accounts`, undefined, signal),
  /** The voucher file's address: opened in a new tab, with the session cookie (each view is logged). */
  voucherUrl: (code: string, seq: number, sha256: string) => `${c(code)}/ledger/entries/${seq}/vouchers/${sha256}`,
  uploadVoucher: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredVoucher>('POST', `${c(code)}/ledger/vouchers`, { form });
  },
  voucherViews: (code: string, page: number, signal?: AbortSignal) =>
    get<Page<VoucherView>>(`${c(code)}/ledger/voucher-views`, { page, pageSize: 50 }, signal),
  closeMonth: (code: string, period: string) =>
    post<{ period: string; seq: number; hash: string; alreadyClosed: boolean }>(`${c(code)}/ledger/close`, { period }),
  publish: (code: string, period: string) =>
    post<{ period: string; publishedAt: string; checkpoint: { seq: number; hash: string } }>(`${c(code)}/ledger/publish`, { period }),
  postEntry: (code: string, entry: NewEntry) => post<Posted>(`${c(code)}/ledger/entries`, entry),
};

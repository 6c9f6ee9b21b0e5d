import { bpText } from '../../format';
import dayjs from 'dayjs';
import type { Collection, CommunityDetail, Me, MyBill, PaymentChannel, Role } from '../../api';

export const CHANNELS: readonly PaymentChannel[] = ['bank', 'wechat', 'alipay', 'cash', 'pos'];
export const AGING_BUCKETS = ['0-30', '31-90', '91-180', '180+'] as const;
export const UNIT_KINDS = ['residential', 'commercial', 'parking', 'storage'] as const;

/** Who may do what (the server enforces, see billing.routes.ts; this only decides what to show). */
const COLLECTION_READERS: ReadonlySet<Role> = new Set<Role>(['trustee', 'committee', 'supervisor', 'community_official', 'street_official', 'district_official']);
const ARREARS_READERS: ReadonlySet<Role> = new Set<Role>(['trustee', 'committee']);
const COLLECTORS: ReadonlySet<Role> = new Set<Role>(['trustee']);
const FEE_SETTERS: ReadonlySet<Role> = new Set<Role>(['committee']);
const SETTINGS_EDITORS: ReadonlySet<Role> = new Set<Role>(['committee', 'trustee']);

export type Place = Pick<CommunityDetail, 'code' | 'district' | 'street'>;

/** A grant in this community, or a street/district official's grant whose region covers it. */
export function holds(me: Me | null | undefined, roles: ReadonlySet<Role>, c: Place): boolean {
  if (!me?.account) return false;
  return me.roles.some((g) => {
    if (!roles.has(g.role)) return false;
    if (g.communityCode === c.code) return true;
    if (g.communityCode !== null) return false;
    if (g.role === 'district_official') return !!c.district && g.region === c.district;
    if (g.role === 'street_official') return !!c.district && !!c.street && g.region === `${c.district}/${c.street}`;
    return false;
  });
}

export const canReadInternalCollection = (me: Me | null | undefined, c: Place) => holds(me, COLLECTION_READERS, c);
export const canReadArrears = (me: Me | null | undefined, c: Place) => holds(me, ARREARS_READERS, c);
export const canCollect = (me: Me | null | undefined, c: Place) => holds(me, COLLECTORS, c);
export const canSetFees = (me: Me | null | undefined, c: Place) => holds(me, FEE_SETTERS, c);
export const canEditBillingSettings = (me: Me | null | undefined, c: Place) => holds(me, SETTINGS_EDITORS, c);

/** The communities where the user holds one of `roles`, in grant order, without duplicates (for the header's links). */
export function communitiesWith(me: Me | null | undefined, roles: ReadonlySet<Role>): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  if (me?.account) for (const g of me.roles) if (g.communityCode && roles.has(g.role) && !seen.has(g.communityCode)) seen.set(g.communityCode, g.communityName ?? g.communityCode);
  return [...seen].map(([code, name]) => ({ code, name }));
}

/** Communities whose billing page the header links to: those where the user reads the collection figures. */
export const billingCommunities = (me: Me | null | undefined) => communitiesWith(me, COLLECTION_READERS);

/** Basis points → "99.50%" (integer arithmetic); null (suppressed or nothing billed) → null. */
export function formatBp(bp: number | null): string | null {
  if (bp === null) return null;
  return `${bpText(bp)}%`;
}

/**
 * A rate typed in yuan per m² per month → centi-fen, exactly: "1.10" → 11000, "2.3456" → 23456.
 * Parsed as text (never through a float), at most four decimals, above zero; anything else null.
 * Mirrors parseRateYuan in src/modules/billing/billing.rules.ts.
 */
export function parseRateYuanToCf(text: string): number | null {
  const m = /^\s*[¥￥]?(\d{1,6})(?:\.(\d{0,4}))?\s*$/.exec(text);
  if (!m) return null;
  const cf = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return cf > 0 && cf <= 100_000_000 ? cf : null;
}

/** 11000 → "1.10", 23456 → "2.3456" (yuan, at least two decimals). */
export function formatRateCf(cf: number): string {
  let frac = String(cf % 10_000).padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${Math.trunc(cf / 10_000)}.${frac}`;
}

/** Integer fen → the yuan text a person would type: 10980 → "109.80". */
export function fenToYuanText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}

export type BillStatus = 'settled' | 'overdue' | 'partial' | 'due';

/** 已缴清 when paid in full; 逾期 when not and past its due date; else 部分缴纳 or 待缴. */
export function billStatus(b: Pick<MyBill, 'amountFen' | 'paidFen' | 'dueOn'>, on: string = today()): BillStatus {
  if (b.paidFen >= b.amountFen) return 'settled';
  if (b.dueOn < on) return 'overdue';
  return b.paidFen > 0 ? 'partial' : 'due';
}

export const BILL_STATUS_COLORS: Record<BillStatus, string> = { settled: 'green', overdue: 'red', partial: 'gold', due: 'blue' };

/** "2026-Q2" / "2026" / "2026-05" → its kind. */
export function periodKind(period: string): 'month' | 'quarter' | 'year' {
  if (/^\d{4}$/.test(period)) return 'year';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter';
  return 'month';
}

/** Paths of the receipt and reminder pages: the owner's own, or the community staff's. */
export function receiptPath(paymentId: number, staffCode?: string): string {
  return staffCode ? `/c/${encodeURIComponent(staffCode)}/billing/receipts/${paymentId}` : `/me/receipts/${paymentId}`;
}

export function reminderPath(id: number, staffCode?: string): string {
  return staffCode ? `/c/${encodeURIComponent(staffCode)}/billing/reminders/${id}` : `/me/reminders/${id}`;
}

export function entryPath(code: string, seq: number): string {
  return `/c/${encodeURIComponent(code)}/ledger/entries/${seq}`;
}

/** 1 → 's1' (友好提醒), 2 → 's2' (书面催告), 3 and later → 's3' (最后通知). */
export function stageKey(stage: number): 's1' | 's2' | 's3' {
  return stage <= 1 ? 's1' : stage === 2 ? 's2' : 's3';
}

export const STAGE_COLORS = { s1: 'blue', s2: 'orange', s3: 'red' } as const;

/** The periods that have begun: a period billed ahead (nothing due yet) would show as a 0 % dip. */
export function started(data: Collection): Collection['trend'] {
  return data.trend.filter((p) => p.firstMonth <= data.asOf.slice(0, 7));
}

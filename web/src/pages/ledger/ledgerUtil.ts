import dayjs from 'dayjs';
import type { CommunityDetail, Me, Role } from '../../api';

/**
 * Yuan as typed by a person → integer fen, exactly: "1,234.5" → 123450. Parsed as text (never
 * through a float), at most two decimals, positive; anything else is null.
 */
export function parseYuanToFen(text: string): number | null {
  const s = text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) && fen > 0 ? fen : null;
}

/** 1500 basis points → "15.00%". */
export function formatRateBp(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

/** The first 12 hex digits of a hash, which is what a person compares by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** 'YYYY-MM' moved by n months. */
export function addMonths(period: string, n: number): string {
  return dayjs(`${period}-01`).add(n, 'month').format('YYYY-MM');
}

export function currentPeriod(): string {
  return dayjs().format('YYYY-MM');
}

/**
 * A client-generated idempotency key, one per form instance: a double click or a retry after a
 * lost response posts once. crypto.randomUUID exists only in secure contexts (https, localhost),
 * so a plain-http LAN deployment falls back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Who may open voucher files (the server enforces; this only decides whether to show links). */
const VOUCHER_ROLES: ReadonlySet<Role> = new Set<Role>(['owner', 'committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official']);

function holds(me: Me | null | undefined, roles: ReadonlySet<Role>, community: Pick<CommunityDetail, 'code' | 'district' | 'street'>): boolean {
  if (!me?.account) return false;
  return me.roles.some((g) => {
    if (!roles.has(g.role)) return false;
    if (g.communityCode === community.code) return true;
    if (g.communityCode !== null) return false;
    if (g.role === 'district_official') return !!community.district && g.region === community.district;
    if (g.role === 'street_official') return !!community.district && !!community.street && g.region === `${community.district}/${community.street}`;
    return false;
  });
}

export function canViewVouchers(me: Me | null | undefined, community: Pick<CommunityDetail, 'code' | 'district' | 'street'>): boolean {
  return holds(me, VOUCHER_ROLES, community);
}

export function canPostEntries(me: Me | null | undefined, code: string): boolean {
  return holds(me, new Set<Role>(['trustee']), { code, district: null, street: null });
}

export function canPublish(me: Me | null | undefined, code: string): boolean {
  return holds(me, new Set<Role>(['trustee', 'supervisor']), { code, district: null, street: null });
}

export function canReadViewLog(me: Me | null | undefined, code: string): boolean {
  return holds(me, new Set<Role>(['committee', 'supervisor', 'trustee']), { code, district: null, street: null });
}

export function isOwnerIn(me: Me | null | undefined, code: string): boolean {
  return holds(me, new Set<Role>(['owner']), { code, district: null, street: null });
}

/** Communities where the signed-in user has any role, for the header's ledger links. */
export function ledgerCommunities(me: Me | null | undefined): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  if (me?.account) for (const g of me.roles) if (g.communityCode && !seen.has(g.communityCode)) seen.set(g.communityCode, g.communityName ?? g.communityCode);
  return [...seen].map(([code, name]) => ({ code, name }));
}

export function ownsAnyUnit(me: Me | null | undefined): boolean {
  return !!me?.account && me.roles.some((g) => g.role === 'owner');
}

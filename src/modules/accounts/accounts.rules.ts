/** Pure rules of sign-in and invitations (no I/O). */
import type { Role } from '../../platform/db/schema.js';
import { crockford40 } from '../../platform/security.js';

/** Roles whose scope is one community; officials above the community are scoped by region. */
export const COMMUNITY_ROLES: readonly Role[] = ['owner', 'resident', 'committee', 'supervisor', 'trustee', 'grid_worker', 'community_official'];
export const REGION_ROLES: readonly Role[] = ['street_official', 'district_official'];
export const ALL_ROLES: readonly Role[] = [...COMMUNITY_ROLES, ...REGION_ROLES, 'admin'];

/**
 * The region a community belongs to, as matched by officials' grants:
 * a district official's region is the district ('武侯区'), a street official's 'district/street'.
 */
export function regionCovers(role: Role, region: string | null, community: { district: string | null; street: string | null }): boolean {
  if (!region || !community.district) return false;
  if (role === 'district_official') return region === community.district;
  if (role === 'street_official') return !!community.street && region === `${community.district}/${community.street}`;
  return false;
}

/** At least 8 characters, letters and digits. */
export function passwordAcceptable(password: string): boolean {
  return password.length >= 8 && password.length <= 200 && /[A-Za-z]/.test(password) && /\d/.test(password);
}

/** An 8-character invitation code (40 bits) shown as XXXX-XXXX. */
export function formatInvitationCode(bytes: Uint8Array): string {
  const out = crockford40(bytes);
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** What a person typed → the canonical code: upper case, no separators, O→0 and I/L→1. */
export function normalizeInvitationCode(typed: string): string {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : s;
}

/** Failures counted against a limit within a window: blocked when the limit is reached. */
export function isRateLimited(recentFailures: number, limit: number): boolean {
  return recentFailures >= limit;
}

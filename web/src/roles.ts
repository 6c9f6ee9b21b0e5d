import type { Me, Role, RoleGrant } from './api';

/** Roles that may read a community's unit register (the server enforces; this only hides links). */
export const REGISTER_ROLES: ReadonlySet<Role> = new Set<Role>([
  'trustee',
  'committee',
  'supervisor',
  'grid_worker',
  'community_official',
  'street_official',
  'district_official',
  'admin',
]);

/** Roles that may import/export the roster and issue invitation codes. */
export const ROSTER_ROLES: ReadonlySet<Role> = new Set<Role>(['trustee', 'committee']);

/** Roles whose grant may have no community: they see every community of their region (or all). */
const AREA_ROLES: ReadonlySet<Role> = new Set<Role>(['admin', 'street_official', 'district_official']);

export function grants(me: Me | null | undefined): RoleGrant[] {
  return me?.account ? me.roles : [];
}

export function isResident(me: Me | null | undefined): boolean {
  return grants(me).some((g) => g.role === 'owner' || g.role === 'resident');
}

/** Communities whose register this user can open from the menu, in grant order, without duplicates. */
export function registerCommunities(me: Me | null | undefined): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const g of grants(me)) {
    if (REGISTER_ROLES.has(g.role) && g.communityCode && !seen.has(g.communityCode)) {
      seen.set(g.communityCode, g.communityName ?? g.communityCode);
    }
  }
  return [...seen].map(([code, name]) => ({ code, name }));
}

export function isStaff(me: Me | null | undefined): boolean {
  return grants(me).some((g) => REGISTER_ROLES.has(g.role));
}

export function canViewRegister(me: Me | null | undefined, communityCode: string): boolean {
  return grants(me).some(
    (g) => REGISTER_ROLES.has(g.role) && (g.communityCode === communityCode || (g.communityCode === null && AREA_ROLES.has(g.role))),
  );
}

export function canManageRoster(me: Me | null | undefined, communityCode: string): boolean {
  return grants(me).some((g) => ROSTER_ROLES.has(g.role) && g.communityCode === communityCode);
}

/** Where to go after signing in: own units, else the first register, else the home page. */
export function landingPath(me: Me): string {
  if (isResident(me)) return '/me/units';
  const first = registerCommunities(me)[0];
  if (first) return `/c/${encodeURIComponent(first.code)}/register`;
  return '/';
}

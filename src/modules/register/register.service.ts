/**
 * The register's read side and community administration, with the personal-information policy
 * (个人信息保护法 arts. 6, 28: minimum necessary): which roles see whom, and how masked.
 */
import { audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import type { Role, UnitKind } from '../../platform/db/schema.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import type { AuthState, CommunityRef } from '../../platform/http/access.js';
import * as repo from './register.repository.js';
import { maskName, maskPhone } from './register.rules.js';
import { pseudonym } from '../../platform/security.js';
import './register.messages.js';

/** Staff who contact residents in their work see names and phones in full. */
export const PII_FULL_ROLES: readonly Role[] = ['trustee', 'committee', 'grid_worker', 'community_official'];
/** Oversight roles see the register with names and phones masked. */
export const PII_MASKED_ROLES: readonly Role[] = ['supervisor', 'street_official', 'district_official', 'admin'];
export const REGISTER_READ_ROLES: readonly Role[] = [...PII_FULL_ROLES, ...PII_MASKED_ROLES];

type Disclosure = 'full' | 'masked';

export function disclosureFor(roles: Set<Role>): Disclosure {
  return PII_FULL_ROLES.some((r) => roles.has(r)) ? 'full' : 'masked';
}

function personOut(p: repo.PersonRow, d: Disclosure) {
  if (d === 'full') return { name: p.name, phone: p.phone || null };
  // an organization's name (the developer) is not personal information
  return { name: p.kind === 'organization' ? p.name : maskName(p.name), phone: p.phone ? maskPhone(p.phone) : null };
}

/**
 * The unit's pseudonym in public ledgers (DESIGN §2.2): a keyed hash, stable per community;
 * the unit's owners see it, nobody else can tell whose it is.
 */
export function unitPseudonym(secretKey: Buffer, communityId: number, unitId: number): string {
  return pseudonym(secretKey, 'U', `unit:${communityId}:${unitId}`);
}

export function createRegisterService(ctx: AppContext) {
  const { db, clock } = ctx;
  return {
    unitPseudonym: (communityId: number, unitId: number) => unitPseudonym(ctx.secretKey, communityId, unitId),

    async listCommunities() {
      const rows = await repo.listCommunities(db);
      return rows.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en, district: c.district, street: c.street }));
    },

    /** The public page: aggregates only, no person. */
    async publicSummary(code: string) {
      const c = await repo.findCommunity(db, code);
      if (!c) throw new NotFoundError('community.not_found', { code });
      const [s, buildings] = await Promise.all([repo.communityStats(db, c.id), repo.buildingsWithCounts(db, c.id)]);
      return {
        code: c.code,
        name: c.name,
        nameEn: c.name_en,
        province: c.province,
        city: c.city,
        district: c.district,
        street: c.street,
        address: c.address,
        trustSince: c.trust_since,
        stats: {
          buildings: s.buildings,
          units: s.units,
          unitsByKind: { residential: s.residential, commercial: s.commercial, parking: s.parking, storage: s.storage },
          totalAreaCm2: s.total_area_cm2,
          owners: s.owners,
          tenants: s.tenants,
        },
        buildings: buildings.map((b) => ({ name: b.name, units: Number(b.units) })),
      };
    },

    async searchUnits(community: CommunityRef, roles: Set<Role>, query: { q?: string; building?: string; kind?: UnitKind; page: number; pageSize: number }) {
      const d = disclosureFor(roles);
      // a masked view must not be unmasked by searching digit by digit: it searches units only
      const { total, items } = await repo.searchUnits(db, community.id, { ...query, searchPeople: d === 'full' });
      return {
        total,
        page: query.page,
        pageSize: query.pageSize,
        items: items.map((u) => ({
          id: u.id,
          code: u.code,
          building: u.building,
          kind: u.kind,
          areaCm2: u.area_cm2,
          deliveryStatus: u.delivery_status,
          grid: u.grid,
          microGrid: u.micro_grid,
          owners: u.owners.map((p) => personOut(p, d)),
          tenants: u.tenants.map((p) => personOut(p, d)),
        })),
      };
    },

    /** An owner's or tenant's own units: co-owners' and tenants' names, never their phones. */
    async myUnits(auth: AuthState) {
      const rows = await repo.unitsOfAccount(db, auth.accountId);
      return rows.map((r) => ({
        communityCode: r.community_code,
        communityName: r.community_name,
        unitId: r.unit_id,
        // the owner's key to their payments in the public ledger; tenants pay no fees to the fund
        pseudonym: r.relation === 'owner' ? unitPseudonym(ctx.secretKey, r.community_id, r.unit_id) : null,
        code: r.code,
        building: r.building,
        kind: r.kind,
        areaCm2: r.area_cm2,
        deliveryStatus: r.delivery_status,
        relation: r.relation,
        owners: r.owners,
        tenants: r.tenants,
      }));
    },

    async createCommunity(
      input: { code: string; name: string; nameEn?: string | null; province?: string | null; city?: string | null; district?: string | null; street?: string | null; address?: string | null; trustSince?: string | null },
      by: AuthState | null,
    ): Promise<number> {
      return db.transaction().execute(async (trx) => {
        if (await repo.findCommunity(trx, input.code)) throw new ConflictError('register.community_exists', { code: input.code });
        const id = await repo.insertCommunity(trx, input);
        await audit(trx, { accountId: by?.accountId ?? null, communityId: id, action: 'register.community_create', subject: input.code, at: clock.now() });
        return id;
      });
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;

/** The only code of the register module that touches SQL. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { DeliveryStatus, UnitKind } from '../../platform/db/schema.js';

export function listCommunities(db: Db) {
  return db.selectFrom('communities').select(['code', 'name', 'name_en', 'district', 'street']).orderBy('code').execute();
}

export function findCommunity(db: Db, code: string) {
  return db.selectFrom('communities').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertCommunity(
  db: Db,
  c: { code: string; name: string; nameEn?: string | null; province?: string | null; city?: string | null; district?: string | null; street?: string | null; address?: string | null; trustSince?: string | null },
): Promise<number> {
  const row = await db
    .insertInto('communities')
    .values({
      code: c.code,
      name: c.name,
      name_en: c.nameEn ?? null,
      province: c.province ?? null,
      city: c.city ?? null,
      district: c.district ?? null,
      street: c.street ?? null,
      address: c.address ?? null,
      trust_since: c.trustSince ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function communityStats(db: Db, communityId: number) {
  const { rows } = await sql<{
    buildings: number;
    units: number;
    residential: number;
    commercial: number;
    parking: number;
    storage: number;
    total_area_cm2: number;
    owners: number;
    tenants: number;
  }>`
    select
      (select count(*) from buildings where community_id = ${communityId})::int8 as buildings,
      count(*)::int8 as units,
      count(*) filter (where kind = 'residential')::int8 as residential,
      count(*) filter (where kind = 'commercial')::int8 as commercial,
      count(*) filter (where kind = 'parking')::int8 as parking,
      count(*) filter (where kind = 'storage')::int8 as storage,
      coalesce(sum(area_cm2), 0)::int8 as total_area_cm2,
      (select count(distinct person_id) from unit_owners where community_id = ${communityId})::int8 as owners,
      (select count(distinct person_id) from unit_occupants where community_id = ${communityId})::int8 as tenants
    from units where community_id = ${communityId}`.execute(db);
  return rows[0]!;
}

export function buildingsWithCounts(db: Db, communityId: number) {
  return db
    .selectFrom('buildings')
    .leftJoin('units', 'units.building_id', 'buildings.id')
    .select((eb) => ['buildings.name', eb.fn.count<number>('units.id').as('units')])
    .where('buildings.community_id', '=', communityId)
    .groupBy(['buildings.id', 'buildings.name'])
    .orderBy(sql`length(buildings.name)`)
    .orderBy('buildings.name')
    .execute();
}

export interface PersonRow {
  id: number;
  name: string;
  phone: string;
  kind: 'natural' | 'organization';
  id_number_enc: string | null;
  id_number_last4: string | null;
}

export interface UnitRow {
  id: number;
  code: string;
  building: string;
  kind: UnitKind;
  area_cm2: number;
  delivery_status: DeliveryStatus;
  grid: string | null;
  micro_grid: string | null;
  owners: PersonRow[];
  tenants: PersonRow[];
}

/**
 * Units with their building, grid (and micro-grid), owners and tenants: one query, people
 * aggregated per unit in a stable order.
 */
function unitsQuery(db: Db, communityId: number) {
  return db
    .selectFrom('units as u')
    .innerJoin('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('grids as g', 'g.id', 'u.grid_id')
    .leftJoin('grids as pg', 'pg.id', 'g.parent_id')
    .select([
      'u.id',
      'u.code',
      'b.name as building',
      'u.kind',
      'u.area_cm2',
      'u.delivery_status',
      sql<string | null>`coalesce(pg.name, g.name)`.as('grid'),
      sql<string | null>`case when pg.id is null then null else g.name end`.as('micro_grid'),
      sql<PersonRow[]>`coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'phone', p.phone, 'kind', p.kind,
          'id_number_enc', p.id_number_enc, 'id_number_last4', p.id_number_last4) order by p.id)
        from unit_owners o join persons p on p.id = o.person_id where o.unit_id = u.id), '[]'::json)`.as('owners'),
      sql<PersonRow[]>`coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'phone', p.phone, 'kind', p.kind,
          'id_number_enc', p.id_number_enc, 'id_number_last4', p.id_number_last4) order by p.id)
        from unit_occupants o join persons p on p.id = o.person_id where o.unit_id = u.id), '[]'::json)`.as('tenants'),
    ])
    .where('u.community_id', '=', communityId);
}

export interface UnitSearch {
  q?: string;
  building?: string;
  kind?: UnitKind;
  page: number;
  pageSize: number;
  /** match owners' and tenants' names and phones too (only for callers who see them unmasked) */
  searchPeople: boolean;
}

export async function searchUnits(db: Db, communityId: number, s: UnitSearch): Promise<{ total: number; items: UnitRow[] }> {
  let q = unitsQuery(db, communityId);
  if (s.building) q = q.where('b.name', '=', s.building);
  if (s.kind) q = q.where('u.kind', '=', s.kind);
  if (s.q) {
    const like = `%${s.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    // units matching by code or building, or whose owners or tenants match by name or phone:
    // one set of unit ids, each branch on its own index-friendly join
    const byUnit = sql<number>`
      select u2.id from units u2 join buildings b2 on b2.id = u2.building_id
       where u2.community_id = ${communityId} and (u2.code ilike ${like} or b2.name ilike ${like})`;
    const matching = s.searchPeople ? sql<number>`(${byUnit}
      union
      select o.unit_id from unit_owners o join persons p on p.id = o.person_id
       where o.community_id = ${communityId} and (p.name ilike ${like} or p.phone like ${like})
      union
      select o.unit_id from unit_occupants o join persons p on p.id = o.person_id
       where o.community_id = ${communityId} and (p.name ilike ${like} or p.phone like ${like}))` : sql<number>`(${byUnit})`;
    q = q.where('u.id', 'in', matching);
  }
  const [{ total }] = (await db
    .selectFrom(q.as('s'))
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute()) as [{ total: number }];
  const items = await q
    .orderBy(sql`length(b.name)`)
    .orderBy('b.name')
    .orderBy('u.code')
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize)
    .execute();
  return { total: Number(total), items };
}

export function allUnits(db: Db, communityId: number): Promise<UnitRow[]> {
  return unitsQuery(db, communityId).orderBy('u.id').execute();
}

/** The units an account's persons own or rent, across communities. */
export async function unitsOfAccount(db: Db, accountId: number) {
  const { rows } = await sql<{
    community_id: number;
    community_code: string;
    community_name: string;
    unit_id: number;
    code: string;
    building: string;
    kind: UnitKind;
    area_cm2: number;
    delivery_status: DeliveryStatus;
    relation: 'owner' | 'tenant';
    owners: { name: string }[];
    tenants: { name: string }[];
  }>`
    with mine as (
      select uo.unit_id, 'owner' as relation from account_persons ap join unit_owners uo on uo.person_id = ap.person_id where ap.account_id = ${accountId}
      union
      select uc.unit_id, 'tenant' from account_persons ap join unit_occupants uc on uc.person_id = ap.person_id where ap.account_id = ${accountId}
    )
    select c.id as community_id, c.code as community_code, c.name as community_name, u.id as unit_id, u.code, b.name as building, u.kind, u.area_cm2,
           u.delivery_status, m.relation,
           coalesce((select json_agg(json_build_object('name', p.name) order by p.id) from unit_owners o join persons p on p.id = o.person_id
                      where o.unit_id = u.id), '[]'::json) as owners,
           coalesce((select json_agg(json_build_object('name', p.name) order by p.id) from unit_occupants o join persons p on p.id = o.person_id
                      where o.unit_id = u.id), '[]'::json) as tenants
      from mine m join units u on u.id = m.unit_id join buildings b on b.id = u.building_id join communities c on c.id = u.community_id
     order by c.code, m.relation, u.code`.execute(db);
  return rows;
}

export async function lockCommunity(db: Db, communityId: number): Promise<void> {
  await sql`select id from communities where id = ${communityId} for update`.execute(db);
}

/** Bulk writes of a roster import (SQL only; the service decides what changes). */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { DeliveryStatus, UnitKind } from '../../platform/db/schema.js';

const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function ensureBuildings(db: Db, communityId: number, names: string[]): Promise<Map<string, number>> {
  for (const part of chunks(names)) {
    await db.insertInto('buildings').values(part.map((name) => ({ community_id: communityId, name }))).onConflict((oc) => oc.doNothing()).execute();
  }
  const rows = await db.selectFrom('buildings').select(['id', 'name']).where('community_id', '=', communityId).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Grids and their micro-grids; the key of a micro-grid is `grid/micro`. */
export async function ensureGrids(db: Db, communityId: number, pairs: { grid: string; micro: string | null }[]): Promise<Map<string, number>> {
  const gridNames = [...new Set(pairs.map((p) => p.grid))];
  for (const part of chunks(gridNames)) {
    await db.insertInto('grids').values(part.map((name) => ({ community_id: communityId, parent_id: null, name }))).onConflict((oc) => oc.doNothing()).execute();
  }
  const top = await db.selectFrom('grids').select(['id', 'name']).where('community_id', '=', communityId).where('parent_id', 'is', null).execute();
  const topIds = new Map(top.map((g) => [g.name, g.id]));
  const micro = [...new Map(pairs.filter((p) => p.micro).map((p) => [`${p.grid}/${p.micro}`, p])).values()];
  for (const part of chunks(micro)) {
    await db
      .insertInto('grids')
      .values(part.map((p) => ({ community_id: communityId, parent_id: topIds.get(p.grid)!, name: p.micro! })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const all = await db
    .selectFrom('grids as g')
    .leftJoin('grids as p', 'p.id', 'g.parent_id')
    .select(['g.id', 'g.name', 'p.name as parent'])
    .where('g.community_id', '=', communityId)
    .execute();
  return new Map(all.map((g) => [g.parent ? `${g.parent}/${g.name}` : g.name, g.id]));
}

export interface PersonInput {
  name: string;
  phone: string;
  kind: 'natural' | 'organization';
}

/** Persons by (name, phone) within the community: created when missing. Key `name\u0000phone`. */
export async function ensurePersons(db: Db, communityId: number, persons: PersonInput[]): Promise<Map<string, { id: number; idNumberEnc: string | null }>> {
  for (const part of chunks(persons)) {
    await db
      .insertInto('persons')
      .values(part.map((p) => ({ community_id: communityId, name: p.name, phone: p.phone, kind: p.kind })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const rows = await db.selectFrom('persons').select(['id', 'name', 'phone', 'id_number_enc']).where('community_id', '=', communityId).execute();
  return new Map(rows.map((r) => [`${r.name}\u0000${r.phone}`, { id: r.id, idNumberEnc: r.id_number_enc }]));
}

/** Sets encrypted ID numbers in one statement per chunk. */
export async function setPersonIdNumbers(db: Db, rows: { personId: number; enc: string; last4: string }[]): Promise<void> {
  for (const part of chunks(rows)) {
    await sql`
      update persons as p set id_number_enc = v.enc, id_number_last4 = v.last4
        from (select unnest(${part.map((r) => r.personId)}::int8[]) as id, unnest(${part.map((r) => r.enc)}::text[]) as enc,
                     unnest(${part.map((r) => r.last4)}::text[]) as last4) as v
       where p.id = v.id`.execute(db);
  }
}

export interface UnitInput {
  code: string;
  buildingId: number;
  kind: UnitKind;
  areaCm2: number;
  deliveryStatus: DeliveryStatus;
  gridId: number | null;
}

export async function upsertUnits(db: Db, communityId: number, units: UnitInput[], now: Date): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunks(units)) {
    const rows = await db
      .insertInto('units')
      .values(
        part.map((u) => ({
          community_id: communityId,
          building_id: u.buildingId,
          code: u.code,
          kind: u.kind,
          area_cm2: u.areaCm2,
          delivery_status: u.deliveryStatus,
          grid_id: u.gridId,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['community_id', 'code']).doUpdateSet({
          building_id: sql`excluded.building_id`,
          kind: sql`excluded.kind`,
          area_cm2: sql`excluded.area_cm2`,
          delivery_status: sql`excluded.delivery_status`,
          grid_id: sql`excluded.grid_id`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .returning(['id', 'code'])
      .execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  return ids;
}

/** Replaces the owners and occupants of the given units. */
export async function replaceUnitPeople(
  db: Db,
  communityId: number,
  unitIds: number[],
  owners: { unitId: number; personId: number }[],
  tenants: { unitId: number; personId: number }[],
): Promise<void> {
  for (const part of chunks(unitIds)) {
    await db.deleteFrom('unit_owners').where('unit_id', 'in', part).execute();
    await db.deleteFrom('unit_occupants').where('unit_id', 'in', part).execute();
  }
  for (const part of chunks(owners)) {
    await db.insertInto('unit_owners').values(part.map((o) => ({ unit_id: o.unitId, person_id: o.personId, community_id: communityId }))).execute();
  }
  for (const part of chunks(tenants)) {
    await db
      .insertInto('unit_occupants')
      .values(part.map((o) => ({ unit_id: o.unitId, person_id: o.personId, community_id: communityId, relation: 'tenant' as const })))
      .execute();
  }
}

export async function recordImport(db: Db, r: { communityId: number; sha256: string; accountId: number | null; created: number; updated: number; unchanged: number; at: Date }): Promise<void> {
  await db
    .insertInto('roster_imports')
    .values({ community_id: r.communityId, file_sha256: r.sha256, account_id: r.accountId, created: r.created, updated: r.updated, unchanged: r.unchanged, at: r.at })
    .execute();
}

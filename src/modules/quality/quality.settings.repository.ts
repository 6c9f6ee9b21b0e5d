/** The only code touching Kysely for a community's quality settings and standards catalogue. */
import type { Db } from '../../platform/db/database.js';

export function settings(db: Db, communityId: number) {
  return db.selectFrom('quality_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst();
}

/** The catalogue version in force on `onDay`: the latest effective_from on or before it. */
export function catalogueOn(db: Db, communityId: number, onDay: string) {
  return db
    .selectFrom('quality_catalogues')
    .select(['version', 'effective_from', 'catalogue'])
    .where('community_id', '=', communityId)
    .where('effective_from', '<=', onDay)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function lastCatalogueVersion(db: Db, communityId: number): Promise<number> {
  const row = await db.selectFrom('quality_catalogues').select((eb) => eb.fn.max('version').as('v')).where('community_id', '=', communityId).executeTakeFirst();
  return Number(row?.v ?? 0);
}

export async function insertCatalogue(db: Db, c: { communityId: number; version: number; effectiveFrom: string; contractRef: string; catalogue: unknown; by: number | null; at: Date }) {
  return db
    .insertInto('quality_catalogues')
    .values({ community_id: c.communityId, version: c.version, effective_from: c.effectiveFrom, contract_ref: c.contractRef, catalogue: JSON.stringify(c.catalogue), created_by: c.by, created_at: c.at })
    .onConflict((oc) => oc.columns(['community_id', 'effective_from']).doNothing())
    .returning('version')
    .executeTakeFirst();
}

export async function upsertSettings(db: Db, s: { communityId: number; calendar: unknown; weights: unknown; reopenDays: number | null; by: number | null; at: Date }) {
  const values = {
    calendar: s.calendar === null ? null : JSON.stringify(s.calendar),
    weights: s.weights === null ? null : JSON.stringify(s.weights),
    reopen_days: s.reopenDays,
    updated_by: s.by,
    updated_at: s.at,
  };
  await db
    .insertInto('quality_settings')
    .values({ community_id: s.communityId, ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(values))
    .execute();
}

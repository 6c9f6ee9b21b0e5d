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

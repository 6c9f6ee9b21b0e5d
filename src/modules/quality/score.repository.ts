/** The only code of the monthly score that touches SQL: what the score is computed from, and the stored scores. */
import type { Db } from '../../platform/db/database.js';

/**
 * Work orders that may be due in [from, to): not cancelled, filed before `to` and at most
 * `lookbackDays` before `from` (slaCompliance keeps those whose completion is due in the month).
 */
export function ordersForSla(db: Db, communityId: number, from: Date, to: Date, lookbackDays: number) {
  return db
    .selectFrom('work_orders')
    .select(['id', 'state', 'sla', 'submitted_at', 'assigned_at', 'resolved_at'])
    .where('community_id', '=', communityId)
    .where('state', '!=', 'cancelled')
    .where('submitted_at', '<', to)
    .where('submitted_at', '>=', new Date(from.getTime() - lookbackDays * 86_400_000))
    .orderBy('id')
    .execute();
}

/** Ratings residents gave when confirming work orders closed in [from, to). */
export async function workOrderRatings(db: Db, communityId: number, from: Date, to: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('work_orders')
    .select('rating')
    .where('community_id', '=', communityId)
    .where('state', '=', 'closed')
    .where('rating', 'is not', null)
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.rating!);
}

export function storedScore(db: Db, communityId: number, period: string) {
  return db.selectFrom('quality_scores').selectAll().where('community_id', '=', communityId).where('period', '=', period).executeTakeFirst();
}

/** Stores a month's score unless one is stored already (the first computed is kept). */
export async function insertScore(db: Db, s: { communityId: number; period: string; scoreBp: number | null; parts: unknown; at: Date }) {
  await db
    .insertInto('quality_scores')
    .values({ community_id: s.communityId, period: s.period, score_bp: s.scoreBp, parts: JSON.stringify(s.parts), computed_at: s.at })
    .onConflict((oc) => oc.columns(['community_id', 'period']).doNothing())
    .execute();
}

export async function setDeduction(db: Db, communityId: number, period: string, deductionBp: number) {
  await db.updateTable('quality_scores').set({ deduction_bp: deductionBp }).where('community_id', '=', communityId).where('period', '=', period).execute();
}

export function scores(db: Db, communityId: number, from: string, to: string) {
  return db.selectFrom('quality_scores').selectAll().where('community_id', '=', communityId).where('period', '>=', from).where('period', '<=', to).orderBy('period').execute();
}

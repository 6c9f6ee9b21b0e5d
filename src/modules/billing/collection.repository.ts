/** SQL of the collection side: figures, arrears, reminders, owners' own bills and receipts. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

export function statsRows(db: Db, communityId: number, fromMonth: string, toMonth: string) {
  return db
    .selectFrom('collection_stats as s')
    .leftJoin('buildings as b', 'b.id', 's.building_id')
    .select(['s.period', 's.first_month', 's.building_id', 'b.name as building', 's.unit_kind', 's.billed_units', 's.billed_fen', 's.paid_units', 's.paid_fen', 's.ontime_units', 's.ontime_fen'])
    .where('s.community_id', '=', communityId)
    .where('s.first_month', '>=', fromMonth)
    .where('s.first_month', '<=', toMonth)
    .orderBy('s.first_month')
    .orderBy('s.period')
    .execute();
}

/** The same counts computed from the bills themselves (tests and `checkInvariants` compare the two). */
export function countsFromBills(db: Db, communityId: number) {
  return sql<{ period: string; building_id: number; unit_kind: string; billed_units: number; billed_fen: number; paid_units: number; paid_fen: number; ontime_units: number; ontime_fen: number }>`
    select period, building_id, unit_kind, count(*)::int4 as billed_units, sum(amount_fen)::int8 as billed_fen,
           count(*) filter (where paid_fen = amount_fen)::int4 as paid_units, sum(paid_fen)::int8 as paid_fen,
           count(*) filter (where ontime_fen = amount_fen)::int4 as ontime_units, sum(ontime_fen)::int8 as ontime_fen
      from bills where community_id = ${communityId}
     group by period, building_id, unit_kind order by period, building_id, unit_kind`
    .execute(db)
    .then((r) => r.rows);
}

/** Open bills past their due date, with the unit, for aging and reminders. */
export function overdueBills(db: Db, communityId: number, today: string) {
  return db
    .selectFrom('bills as b')
    .innerJoin('units as u', 'u.id', 'b.unit_id')
    .leftJoin('buildings as bd', 'bd.id', 'b.building_id')
    .select(['b.id', 'b.unit_id', 'u.code', 'bd.name as building', 'b.unit_kind', 'b.period', 'b.first_month', 'b.amount_fen', 'b.paid_fen', 'b.due_on'])
    .where('b.community_id', '=', communityId)
    .whereRef('b.paid_fen', '<', 'b.amount_fen')
    .where('b.due_on', '<', today)
    .orderBy('u.code')
    .orderBy('b.first_month')
    .execute();
}

/** Overdue open bills by age bucket (days past due: 1–30, 31–90, 91–180, over 180), in SQL. */
export function agingBuckets(db: Db, communityId: number, today: string) {
  return sql<{ bucket: string; units: number; bills: number; arrears_fen: number }>`
    select case when d <= 30 then '0-30' when d <= 90 then '31-90' when d <= 180 then '91-180' else '180+' end as bucket,
           count(distinct unit_id)::int4 as units, count(*)::int4 as bills, sum(amount_fen - paid_fen)::int8 as arrears_fen
      from (select unit_id, amount_fen, paid_fen, (${today}::date - due_on) as d
              from bills where community_id = ${communityId} and paid_fen < amount_fen and due_on < ${today}::date) x
     group by 1`
    .execute(db)
    .then((r) => r.rows);
}

export function remindersOfUnits(db: Db, unitIds: number[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('reminders').selectAll().where('unit_id', 'in', unitIds).orderBy('issued_on').orderBy('stage').execute();
}

export function insertReminders(db: Db, rows: { community_id: number; unit_id: number; stage: number; issued_on: string; reply_by: string; arrears_fen: number; oldest_month: string; bill_count: number; created_by: number | null; created_at: Date }[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('reminders')
    .values(rows)
    .onConflict((oc) => oc.columns(['unit_id', 'issued_on', 'stage']).doNothing())
    .returning(['id', 'unit_id'])
    .execute();
}

export function reminder(db: Db, id: number) {
  return db
    .selectFrom('reminders as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('communities as c', 'c.id', 'r.community_id')
    .select(['r.id', 'r.community_id', 'r.unit_id', 'u.code', 'c.name as community', 'r.stage', 'r.issued_on', 'r.reply_by', 'r.arrears_fen', 'r.oldest_month', 'r.bill_count', 'r.read_at'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function markRead(db: Db, id: number) {
  await db.updateTable('reminders').set({ read_at: new Date() }).where('id', '=', id).where('read_at', 'is', null).execute();
}

/** The units an account owns, with their community. */
export function ownedUnits(db: Db, accountId: number) {
  return db
    .selectFrom('account_persons as ap')
    .innerJoin('unit_owners as uo', 'uo.person_id', 'ap.person_id')
    .innerJoin('units as u', 'u.id', 'uo.unit_id')
    .innerJoin('communities as c', 'c.id', 'u.community_id')
    .leftJoin('unit_billing as ub', 'ub.unit_id', 'u.id')
    .select(['u.id', 'u.code', 'u.kind', 'u.area_cm2', 'c.id as community_id', 'c.code as community_code', 'c.name as community_name', 'ub.prepaid_fen'])
    .where('ap.account_id', '=', accountId)
    .distinct()
    .orderBy('c.code')
    .orderBy('u.code')
    .execute();
}

export function billsOfUnit(db: Db, unitId: number, limit: number) {
  return db
    .selectFrom('bills')
    .select(['id', 'period', 'first_month', 'last_month', 'months', 'area_cm2', 'amount_fen', 'paid_fen', 'detail', 'issued_on', 'due_on', 'settled_on'])
    .where('unit_id', '=', unitId)
    .orderBy('first_month', 'desc')
    .limit(limit)
    .execute();
}

export function paymentsOfUnit(db: Db, unitId: number, limit: number) {
  return db
    .selectFrom('payments')
    .select(['id', 'channel', 'amount_fen', 'paid_on', 'receipt_no', 'ledger_seq', 'recorded_at'])
    .where('unit_id', '=', unitId)
    .orderBy('paid_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function refundsOfUnit(db: Db, unitId: number) {
  return db.selectFrom('refunds').select(['id', 'channel', 'amount_fen', 'refunded_on', 'reason', 'ledger_seq']).where('unit_id', '=', unitId).orderBy('refunded_on', 'desc').execute();
}

export function payment(db: Db, id: number) {
  return db
    .selectFrom('payments as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .select(['p.id', 'p.community_id', 'c.code as community_code', 'c.name as community', 'p.unit_id', 'u.code', 'u.area_cm2', 'p.channel', 'p.amount_fen', 'p.paid_on', 'p.receipt_no', 'p.ledger_seq', 'p.reference', 'p.recorded_at'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function ownsUnit(db: Db, accountId: number, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom('account_persons as ap')
    .innerJoin('unit_owners as uo', 'uo.person_id', 'ap.person_id')
    .select('uo.unit_id')
    .where('ap.account_id', '=', accountId)
    .where('uo.unit_id', '=', unitId)
    .executeTakeFirst();
  return !!row;
}

export function outstandingOfUnit(db: Db, unitId: number) {
  return db
    .selectFrom('bills')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(sql`amount_fen - paid_fen`), sql<number>`0`).as('fen'))
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.fen));
}

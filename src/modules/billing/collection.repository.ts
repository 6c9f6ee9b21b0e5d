/** SQL of the collection side: figures, arrears, reminders, owners' own bills and receipts. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

const SUMS = sql`sum(billed_units)::int4 as billed_units, sum(billed_fen)::int8 as billed_fen, sum(paid_units)::int4 as paid_units,
  sum(paid_fen)::int8 as paid_fen, sum(ontime_units)::int4 as ontime_units, sum(ontime_fen)::int8 as ontime_fen`;

interface SumRow {
  billed_units: number;
  billed_fen: number;
  paid_units: number;
  paid_fen: number;
  ontime_units: number;
  ontime_fen: number;
}

/** The maintained figures summed per period (one row per period). */
export function periodTotals(db: Db, communityId: number, fromMonth: string, toMonth: string) {
  return sql<SumRow & { period: string; first_month: string }>`
    select period, min(first_month) as first_month, ${SUMS} from collection_stats
     where community_id = ${communityId} and first_month between ${fromMonth} and ${toMonth}
     group by period order by 2, 1`
    .execute(db)
    .then((r) => r.rows);
}

/** One period's figures by building or by unit kind. */
export function periodGroups(db: Db, communityId: number, period: string, by: 'building' | 'kind') {
  return (
    by === 'building'
      ? sql<SumRow & { key: string; label: string | null }>`
          select s.building_id::text as key, min(b.name) as label, ${SUMS} from collection_stats s left join buildings b on b.id = s.building_id
           where s.community_id = ${communityId} and s.period = ${period} group by s.building_id`
      : sql<SumRow & { key: string; label: string | null }>`
          select unit_kind as key, unit_kind as label, ${SUMS} from collection_stats
           where community_id = ${communityId} and period = ${period} group by unit_kind`
  )
    .execute(db)
    .then((r) => r.rows);
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

/**
 * Units with overdue bills, aggregated in SQL (one row per unit, oldest due date first), each with
 * the latest reminder sent since its oldest overdue bill was due.
 */
export function arrearsUnits(db: Db, communityId: number, today: string) {
  return sql<{
    unit_id: number;
    code: string;
    building: string | null;
    unit_kind: string;
    bills: number;
    arrears_fen: number;
    oldest_month: string;
    oldest_due: string;
    days_overdue: number;
    r_id: number | null;
    r_stage: number | null;
    r_issued: string | null;
    r_reply: string | null;
  }>`
    with a as (
      select unit_id, count(*)::int4 as bills, sum(amount_fen - paid_fen)::int8 as arrears_fen, min(first_month) as oldest_month, min(due_on) as oldest_due
        from bills where community_id = ${communityId} and paid_fen < amount_fen and due_on < ${today}::date
       group by unit_id)
    select a.unit_id, u.code, bd.name as building, u.kind as unit_kind, a.bills, a.arrears_fen, a.oldest_month, a.oldest_due::text as oldest_due,
           (${today}::date - a.oldest_due)::int4 as days_overdue, r.id as r_id, r.stage as r_stage, r.issued_on::text as r_issued, r.reply_by::text as r_reply
      from a join units u on u.id = a.unit_id left join buildings bd on bd.id = u.building_id
      left join lateral (select id, stage, issued_on, reply_by from reminders r
                          where r.unit_id = a.unit_id and r.issued_on >= a.oldest_due order by issued_on desc, stage desc limit 1) r on true
     order by u.code`
    .execute(db)
    .then((r) => r.rows);
}

/** Overdue open bills by age bucket (days past due: 1–30, 31–90, 91–180, over 180), in SQL. */
export function agingBuckets(db: Db, communityId: number, today: string) {
  // per (bucket, unit) first, then per bucket: hash aggregates, no sort of every overdue bill
  return sql<{ bucket: string; units: number; bills: number; arrears_fen: number }>`
    select bucket, count(*)::int4 as units, sum(bills)::int4 as bills, sum(fen)::int8 as arrears_fen
      from (select case when d <= 30 then '0-30' when d <= 90 then '31-90' when d <= 180 then '91-180' else '180+' end as bucket,
                   unit_id, count(*) as bills, sum(amount_fen - paid_fen) as fen
              from (select unit_id, amount_fen, paid_fen, (${today}::date - due_on) as d
                      from bills where community_id = ${communityId} and paid_fen < amount_fen and due_on < ${today}::date) x
             group by 1, 2) y
     group by bucket`
    .execute(db)
    .then((r) => r.rows);
}

export function remindersOfUnit(db: Db, unitId: number) {
  return db.selectFrom('reminders').selectAll().where('unit_id', '=', unitId).orderBy('issued_on').orderBy('stage').execute();
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

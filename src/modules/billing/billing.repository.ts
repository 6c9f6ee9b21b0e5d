/** The only code of the billing module that touches SQL. */
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { BillRunsTable, PaymentsTable, RefundsTable, UnitKind } from '../../platform/db/schema.js';
import type { CollectionCounts } from './billing.rules.js';

export async function settings(db: Db, communityId: number) {
  return (
    (await db.selectFrom('billing_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst()) ?? {
      community_id: communityId,
      online_payments: 'off' as const,
      payee_name: null,
      payee_bank: null,
      payee_account: null,
      bank_mapping: null,
    }
  );
}

export async function saveSettings(db: Db, communityId: number, s: { online_payments?: 'off' | 'simulated'; payee_name?: string | null; payee_bank?: string | null; payee_account?: string | null; bank_mapping?: string | null }) {
  await db
    .insertInto('billing_settings')
    .values({ community_id: communityId, ...s })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(s))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// schedules

export function schedules(db: Db, communityId: number) {
  return db.selectFrom('fee_schedules').selectAll().where('community_id', '=', communityId).orderBy('unit_kind').orderBy('effective_from').execute();
}

export async function insertSchedule(
  db: Db,
  s: { community_id: number; unit_kind: UnitKind; rate_cf_per_m2: number; effective_from: string; decision_ref: string; decision_id: number | null; document_sha256: string | null; document_name: string | null; created_by: number | null; created_at: Date },
) {
  return db.insertInto('fee_schedules').values(s).returning('id').executeTakeFirstOrThrow();
}

export function scheduleDocument(db: Db, communityId: number, id: number) {
  return db
    .selectFrom('fee_schedules as s')
    .leftJoin('files as f', 'f.sha256', 's.document_sha256')
    .select(['s.document_sha256', 's.document_name', 'f.media_type'])
    .where('s.community_id', '=', communityId)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** Is any month from `month` on already billed for units of this kind? */
export async function billedFrom(db: Db, communityId: number, kind: UnitKind, month: string): Promise<string | null> {
  const row = await db
    .selectFrom('bills')
    .select((eb) => eb.fn.max('last_month').as('m'))
    .where('community_id', '=', communityId)
    .where('unit_kind', '=', kind)
    .where('last_month', '>=', month)
    .executeTakeFirst();
  return row?.m ?? null;
}

export async function insertFile(db: Db, f: { sha256: string; sizeBytes: number; mediaType: string }) {
  await db.insertInto('files').values({ sha256: f.sha256, size_bytes: f.sizeBytes, media_type: f.mediaType }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

// ---------------------------------------------------------------------------------------------
// runs and bills

/** Serializes bill runs of one community (two runs of overlapping periods must not both pass the check). */
export async function lockRuns(db: Db, communityId: number) {
  await sql`select pg_advisory_xact_lock(hashtext('xinyi.bill_runs'), ${communityId}::int4)`.execute(db);
}

export function runByKey(db: Db, communityId: number, key: string) {
  return db.selectFrom('bill_runs').selectAll().where('community_id', '=', communityId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function overlappingRuns(db: Db, communityId: number, firstMonth: string, lastMonth: string) {
  return db
    .selectFrom('bill_runs')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('first_month', '<=', lastMonth)
    .where('last_month', '>=', firstMonth)
    .orderBy('id')
    .execute();
}

export function runs(db: Db, communityId: number) {
  return db.selectFrom('bill_runs').selectAll().where('community_id', '=', communityId).orderBy('first_month', 'desc').orderBy('id', 'desc').execute();
}

/**
 * Every unit of the community with what a bill needs; with `excludeBilled` (a supplementary run)
 * minus units already billed for an overlapping month. A bill spans at most 12 months, so only
 * bills starting from 11 months before the period can overlap it (keeps the check on the index).
 */
export function billableUnits(db: Db, communityId: number, firstMonth: string, lastMonth: string, excludeBilled: boolean) {
  const earliest = `${Number(firstMonth.slice(0, 4)) - 1}-${firstMonth.slice(5, 7)}`;
  const q = db
    .selectFrom('units as u')
    .select(['u.id', 'u.code', 'u.kind', 'u.area_cm2', 'u.building_id', 'u.delivery_status'])
    .where('u.community_id', '=', communityId)
    .orderBy('u.code');
  if (!excludeBilled) return q.execute();
  return q
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('bills as b')
            .select(sql`1`.as('x'))
            .whereRef('b.unit_id', '=', 'u.id')
            .where('b.first_month', '>', earliest)
            .where('b.first_month', '<=', lastMonth)
            .where('b.last_month', '>=', firstMonth),
        ),
      ),
    )
    .execute();
}

export async function insertRun(db: Db, r: Insertable<BillRunsTable>) {
  return db.insertInto('bill_runs').values(r).returning('id').executeTakeFirstOrThrow();
}

export async function setRunLedgerSeq(db: Db, runId: number, seq: number) {
  await db.updateTable('bill_runs').set({ ledger_seq: seq }).where('id', '=', runId).execute();
}

export interface NewBill {
  community_id: number;
  run_id: number;
  unit_id: number;
  building_id: number;
  unit_kind: UnitKind;
  period: string;
  first_month: string;
  last_month: string;
  months: number;
  area_cm2: number;
  amount_fen: number;
  detail: string;
  issued_on: string;
  due_on: string;
}

/** Inserts bills in chunks (a statement's parameters are limited); returns their ids in order. */
export async function insertBills(db: Db, bills: NewBill[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < bills.length; i += 2000) {
    const rows = await db.insertInto('bills').values(bills.slice(i, i + 2000)).returning('id').execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function ensureUnitBilling(db: Db, communityId: number, unitIds: number[]) {
  for (let i = 0; i < unitIds.length; i += 10000) {
    await sql`insert into unit_billing (unit_id, community_id)
              select u, ${communityId}::int8 from unnest(${unitIds.slice(i, i + 10000)}::int8[]) u
              on conflict (unit_id) do nothing`.execute(db);
  }
}

export async function prepaymentsAppliedByRun(db: Db, runId: number): Promise<number> {
  const row = await db.selectFrom('allocations').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('fen')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  return Number(row.fen);
}

/** Locks a unit's billing row (creating it first): payments and refunds of one unit queue here. */
export async function lockUnit(db: Db, communityId: number, unitId: number): Promise<{ prepaid_fen: number }> {
  await db.insertInto('unit_billing').values({ unit_id: unitId, community_id: communityId }).onConflict((oc) => oc.column('unit_id').doNothing()).execute();
  return db.selectFrom('unit_billing').select('prepaid_fen').where('unit_id', '=', unitId).forUpdate().executeTakeFirstOrThrow();
}

export async function setPrepaid(db: Db, unitId: number, prepaidFen: number) {
  await db.updateTable('unit_billing').set({ prepaid_fen: prepaidFen }).where('unit_id', '=', unitId).execute();
}

export async function setPrepaidMany(db: Db, rows: { unitId: number; prepaidFen: number }[]) {
  if (rows.length === 0) return;
  await sql`update unit_billing ub set prepaid_fen = v.p
              from unnest(${rows.map((r) => r.unitId)}::int8[], ${rows.map((r) => r.prepaidFen)}::int8[]) as v(u, p)
             where ub.unit_id = v.u`.execute(db);
}

export async function unitsInCommunity(db: Db, communityId: number, unitIds: number[]): Promise<Set<number>> {
  if (unitIds.length === 0) return new Set();
  const rows = await db.selectFrom('units').select('id').where('community_id', '=', communityId).where('id', 'in', unitIds).execute();
  return new Set(rows.map((r) => r.id));
}

/** Locks the billing rows of these units in id order; returns their prepayment balances. */
export async function lockUnits(db: Db, unitIds: number[]): Promise<Map<number, number>> {
  const { rows } = await sql<{ unit_id: number; prepaid_fen: number }>`
    select unit_id, prepaid_fen from unit_billing where unit_id = any(${unitIds}::int8[]) order by unit_id for update`.execute(db);
  return new Map(rows.map((r) => [r.unit_id, r.prepaid_fen]));
}

export function paymentsByKeys(db: Db, communityId: number, keys: string[]) {
  return db.selectFrom('payments').selectAll().where('community_id', '=', communityId).where('idempotency_key', 'in', keys).execute();
}

export async function nextReceiptNumbers(db: Db, n: number): Promise<number[]> {
  const { rows } = await sql<{ n: number }>`select nextval('receipt_numbers')::int8 as n from generate_series(1, ${n}::int4)`.execute(db);
  return rows.map((r) => r.n).sort((a, b) => a - b);
}

export async function insertPayments(db: Db, rows: Insertable<PaymentsTable>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 2000) {
    // identity values follow the row order of one multi-row insert
    const out = await db.insertInto('payments').values(rows.slice(i, i + 2000)).returning(['id', 'idempotency_key']).execute();
    const byKey = new Map(out.map((r) => [r.idempotency_key, r.id]));
    ids.push(...rows.slice(i, i + 2000).map((r) => byKey.get(r.idempotency_key)!));
  }
  return ids;
}

/** Open bills of several units (each unit's oldest first). */
export function openBillsOfUnits(db: Db, unitIds: number[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('bills')
    .select(['id', 'unit_id', 'period', 'first_month', 'last_month', 'unit_kind', 'building_id', 'amount_fen', 'paid_fen', 'ontime_fen', 'due_on'])
    .where('unit_id', 'in', unitIds)
    .whereRef('paid_fen', '<', 'amount_fen')
    .orderBy('unit_id')
    .orderBy('first_month')
    .orderBy('id')
    .execute();
}

export function openBills(db: Db, unitId: number) {
  return db
    .selectFrom('bills')
    .select(['id', 'unit_id', 'period', 'first_month', 'last_month', 'unit_kind', 'building_id', 'amount_fen', 'paid_fen', 'ontime_fen', 'due_on'])
    .where('unit_id', '=', unitId)
    .whereRef('paid_fen', '<', 'amount_fen')
    .orderBy('first_month')
    .orderBy('id')
    .execute();
}

export async function applyToBills(db: Db, rows: { id: number; paidFen: number; ontimeFen: number; settledOn: string | null }[]) {
  if (rows.length === 0) return;
  await sql`update bills b set paid_fen = v.p, ontime_fen = v.o, settled_on = v.s
              from unnest(${rows.map((r) => r.id)}::int8[], ${rows.map((r) => r.paidFen)}::int8[], ${rows.map((r) => r.ontimeFen)}::int8[], ${rows.map((r) => r.settledOn)}::date[]) as v(id, p, o, s)
             where b.id = v.id`.execute(db);
}

export async function insertAllocations(
  db: Db,
  rows: { community_id: number; unit_id: number; bill_id: number; payment_id: number | null; run_id: number | null; source: 'payment' | 'prepayment'; amount_fen: number; allocated_on: string }[],
) {
  for (let i = 0; i < rows.length; i += 5000) await db.insertInto('allocations').values(rows.slice(i, i + 5000)).execute();
}

export interface StatsKey {
  period: string;
  firstMonth: string;
  buildingId: number;
  unitKind: string;
}

/** Adds count deltas to the maintained collection figures (rows in key order: no deadlocks between payments). */
export async function addStats(db: Db, communityId: number, deltas: (StatsKey & CollectionCounts)[]) {
  const rows = [...deltas].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.buildingId - b.buildingId || (a.unitKind < b.unitKind ? -1 : a.unitKind > b.unitKind ? 1 : 0)));
  if (rows.length === 0) return;
  const col = <K extends keyof (StatsKey & CollectionCounts)>(k: K) => rows.map((r) => r[k]);
  await sql`
    insert into collection_stats as s (community_id, period, first_month, building_id, unit_kind, billed_units, billed_fen, paid_units, paid_fen, ontime_units, ontime_fen)
    select ${communityId}::int8, * from unnest(${col('period')}::text[], ${col('firstMonth')}::text[], ${col('buildingId')}::int8[], ${col('unitKind')}::text[],
      ${col('billedUnits')}::int4[], ${col('billedFen')}::int8[], ${col('paidUnits')}::int4[], ${col('paidFen')}::int8[], ${col('ontimeUnits')}::int4[], ${col('ontimeFen')}::int8[])
    on conflict (community_id, period, building_id, unit_kind) do update set
      billed_units = s.billed_units + excluded.billed_units, billed_fen = s.billed_fen + excluded.billed_fen,
      paid_units = s.paid_units + excluded.paid_units, paid_fen = s.paid_fen + excluded.paid_fen,
      ontime_units = s.ontime_units + excluded.ontime_units, ontime_fen = s.ontime_fen + excluded.ontime_fen`.execute(db);
}

// ---------------------------------------------------------------------------------------------
// payments and refunds

export function paymentByKey(db: Db, communityId: number, key: string) {
  return db.selectFrom('payments').selectAll().where('community_id', '=', communityId).where('idempotency_key', '=', key).executeTakeFirst();
}



export function refundByKey(db: Db, communityId: number, key: string) {
  return db.selectFrom('refunds').selectAll().where('community_id', '=', communityId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function insertRefund(db: Db, r: Insertable<RefundsTable>) {
  return db.insertInto('refunds').values(r).returning('id').executeTakeFirstOrThrow();
}

export function unitInCommunity(db: Db, communityId: number, unitId: number) {
  return db.selectFrom('units').select(['id', 'code', 'kind', 'building_id']).where('community_id', '=', communityId).where('id', '=', unitId).executeTakeFirst();
}

export function unitByCode(db: Db, communityId: number, code: string) {
  return db.selectFrom('units').select(['id', 'code']).where('community_id', '=', communityId).where('code', '=', code).executeTakeFirst();
}

export function allocationsOfPayment(db: Db, paymentId: number) {
  return db
    .selectFrom('allocations as a')
    .innerJoin('bills as b', 'b.id', 'a.bill_id')
    .select(['a.bill_id', 'a.amount_fen', 'b.period', 'b.first_month', 'b.last_month', 'b.amount_fen as bill_amount_fen'])
    .where('a.payment_id', '=', paymentId)
    .orderBy('b.first_month')
    .execute();
}

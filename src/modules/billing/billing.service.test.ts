/**
 * Billing on the real database: schedules, bill runs, payments with oldest-first allocation and
 * prepayments, refunds, conservation of money, concurrency, collection figures, arrears and
 * reminders, and the owner's own views.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildCommunity, buildUnit, rosterWorkbook } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createServices } from '../../compose.js';
import { createKysely } from '../../platform/db/database.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { CommunityRef } from '../../platform/http/access.js';
import type { LedgerRef } from '../ledger/ledger.repository.js';
import { unitPseudonym } from '../register/register.service.js';
import type { RosterEntry } from '../register/roster.service.js';
import { type BillState, allocate, agingBucket, rateBp } from './billing.rules.js';
import type { PaymentInput } from './payments.service.js';
import { countsFromBills } from './collection.repository.js';
import { rejects } from '../../../test/helpers/rejects.js';

const NOW = '2025-03-20T10:00:00+08:00';
const TODAY = '2025-03-20';
const t = await createTestDb({ clock: NOW });
const { billing, collection, ledger, roster, accounts, exports } = t.services;

afterEach(() => t.clock.set(NOW));

type Community = CommunityRef;
interface Setup {
  c: Community;
  l: LedgerRef;
  units: { id: number; code: string; area_cm2: number; kind: string; building_id: number }[];
  entries: RosterEntry[];
}

/** A community with these units (through the roster import), its common fund ledger, and a residential rate. */
async function setup(units: Partial<RosterEntry>[], opts: { rateCf?: number | null; from?: string } = {}): Promise<Setup> {
  const c = await buildCommunity(t.services);
  const entries = units.map((u) => buildUnit(u));
  if (entries.length) await roster.importWorkbook(c, await rosterWorkbook(entries), { dryRun: false, accountId: null });
  const l = await ledger.ensureLedger(c.id, c.code);
  if (opts.rateCf !== null) await billing.addSchedule(c, { unitKind: 'residential', rateCf: opts.rateCf ?? 11000, effectiveFrom: opts.from ?? '2024-01-01', decisionRef: '2023 年第一次业主大会决议' }, null);
  return { c, l, units: await unitsOf(c, entries), entries };
}

async function unitsOf(c: Community, entries: RosterEntry[]) {
  const rows = await t.db.selectFrom('units').select(['id', 'code', 'area_cm2', 'kind', 'building_id']).where('community_id', '=', c.id).execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return entries.map((e) => byCode.get(e.unitCode)!);
}

/** Adds units to a community (a later roster with the old rows plus the new ones). */
async function addUnits(s: Setup, more: Partial<RosterEntry>[]) {
  const added = more.map((u) => buildUnit(u));
  s.entries = [...s.entries, ...added];
  await roster.importWorkbook(s.c, await rosterWorkbook(s.entries), { dryRun: false, accountId: null });
  s.units = await unitsOf(s.c, s.entries);
  return s.units.slice(-added.length);
}

let keySeq = 0;
const key = (what: string) => `${what}-${++keySeq}`;

function issue(s: Setup, period: string, over: { issuedOn?: string; dueOn?: string; supplementary?: boolean; idempotencyKey?: string } = {}) {
  const issuedOn = over.issuedOn ?? (/^\d{4}-\d{2}$/.test(period) ? `${period}-01` : /Q/.test(period) ? `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3 - 2).padStart(2, '0')}-01` : `${period}-01-01`);
  return billing.issueRun(s.c, { period, idempotencyKey: over.idempotencyKey ?? key(`run-${period}`), issuedOn, dueOn: over.dueOn, supplementary: over.supplementary }, null);
}

function pay(s: Setup, unitId: number, amountFen: number, paidOn = TODAY, over: Partial<PaymentInput> = {}) {
  return billing.recordPayment(s.c, { unitId, amountFen, channel: 'cash', paidOn, idempotencyKey: key('pay'), ...over }, null);
}

/** round_half_up(area × rate / 10000), computed independently of money.ts. */
const fee = (areaCm2: number, rateCf: number) => Number((2n * BigInt(areaCm2) * BigInt(rateCf) + 10_000n) / 20_000n);

const count = async (table: 'fee_schedules' | 'bill_runs' | 'bills' | 'payments' | 'allocations' | 'refunds' | 'collection_stats' | 'unit_billing' | 'reminders' | 'bank_imports', communityId: number) =>
  (await t.db.selectFrom(table).select(sql<number>`count(*)::int4`.as('n')).where('community_id', '=', communityId).executeTakeFirstOrThrow()).n;

/** Everything billing writes for a community, to show that a refused request wrote nothing. */
async function snapshot(c: Community) {
  const tables = ['fee_schedules', 'bill_runs', 'bills', 'payments', 'allocations', 'refunds', 'collection_stats', 'unit_billing', 'reminders'] as const;
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = await count(table, c.id);
  out.entries = (await sql<{ n: number }>`select count(*)::int4 as n from ledger_entries e join ledgers l on l.id = e.ledger_id where l.community_id = ${c.id}`.execute(t.db)).rows[0]!.n;
  out.bills_state = await t.db.selectFrom('bills').select(['id', 'paid_fen', 'ontime_fen', 'settled_on']).where('community_id', '=', c.id).orderBy('id').execute();
  out.prepaid = await t.db.selectFrom('unit_billing').select(['unit_id', 'prepaid_fen']).where('community_id', '=', c.id).orderBy('unit_id').execute();
  out.stats = await t.db.selectFrom('collection_stats').selectAll().where('community_id', '=', c.id).orderBy('period').orderBy('building_id').execute();
  return out;
}


async function entryAt(l: LedgerRef, seq: number) {
  const e = await t.db.selectFrom('ledger_entries').selectAll().where('ledger_id', '=', l.id).where('seq', '=', seq).executeTakeFirstOrThrow();
  const lines = await t.db.selectFrom('ledger_lines').select(['account_code', 'debit_fen', 'credit_fen']).where('entry_id', '=', e.id).orderBy('line_no').execute();
  return { ...e, lines: lines.map((x) => ({ account: x.account_code, debit: x.debit_fen, credit: x.credit_fen })) };
}

async function entries(l: LedgerRef) {
  return t.db.selectFrom('ledger_entries').select(['seq', 'reason', 'counterparty', 'refs', 'entry_date']).where('ledger_id', '=', l.id).orderBy('seq').execute();
}

/** An account's debits minus credits over the whole ledger. */
async function balance(l: LedgerRef, account: string): Promise<number> {
  const { rows } = await sql<{ b: number }>`select coalesce(sum(debit_fen - credit_fen), 0)::int8 as b from ledger_lines where ledger_id = ${l.id} and account_code = ${account}`.execute(t.db);
  return rows[0]!.b;
}

/** An account's credits minus debits (liabilities, income). */
const credit = async (l: LedgerRef, account: string) => 0 - (await balance(l, account)) || 0;

const billsOf = (unitId: number) => t.db.selectFrom('bills').selectAll().where('unit_id', '=', unitId).orderBy('first_month').execute();
const prepaidOf = async (unitId: number) => (await t.db.selectFrom('unit_billing').select('prepaid_fen').where('unit_id', '=', unitId).executeTakeFirst())?.prepaid_fen ?? 0;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const at = (date: string) => t.clock.set(`${date}T10:00:00+08:00`);

// ---------------------------------------------------------------------------------------------

describe('fee schedules', () => {
  it('refuses bad schedules with a clear error and writes nothing', async () => {
    const s = await setup([{}], { rateCf: null });
    const good = { unitKind: 'residential' as const, rateCf: 11000, effectiveFrom: '2025-01-01', decisionRef: '2024 年业主大会决议' };
    const before = await snapshot(s.c);
    await rejects(billing.addSchedule(s.c, { ...good, effectiveFrom: '2025-01-15' }, null), ValidationError, 'billing.effective_first_of_month');
    await rejects(billing.addSchedule(s.c, { ...good, effectiveFrom: '2025-02-30' }, null), ValidationError, 'billing.effective_first_of_month');
    await rejects(billing.addSchedule(s.c, { ...good, effectiveFrom: '2025-1-01' }, null), ValidationError, 'billing.effective_first_of_month');
    await rejects(billing.addSchedule(s.c, { ...good, rateCf: 0 }, null), ValidationError, 'billing.bad_rate');
    await rejects(billing.addSchedule(s.c, { ...good, rateCf: -11000 }, null), ValidationError, 'billing.bad_rate');
    await rejects(billing.addSchedule(s.c, { ...good, rateCf: 110.5 }, null), ValidationError, 'billing.bad_rate');
    await rejects(billing.addSchedule(s.c, { ...good, rateCf: 100_000_001 }, null), ValidationError, 'billing.bad_rate');
    await rejects(billing.addSchedule(s.c, { ...good, decisionRef: '' }, null), ValidationError, 'billing.decision_ref');
    await rejects(billing.addSchedule(s.c, { ...good, decisionRef: '   ' }, null), ValidationError, 'billing.decision_ref');
    await rejects(billing.addSchedule(s.c, { ...good, decisionRef: 'x'.repeat(301) }, null), ValidationError, 'billing.decision_ref');
    await rejects(billing.addSchedule(s.c, { ...good, unitKind: 'villa' as never }, null), ValidationError, 'billing.bad_unit_kind');
    await rejects(billing.addSchedule(s.c, { ...good, document: { sha256: 'a'.repeat(64), name: 'x.pdf' } }, null), ValidationError, 'billing.document_unknown');
    expect(await snapshot(s.c)).toEqual(before);
    expect(await billing.schedules(s.c)).toEqual([]);
  });

  it('a new rate applies only from an unbilled month; the same kind and date twice is a conflict', async () => {
    const s = await setup([{}]);
    await issue(s, '2025-02');
    const before = await snapshot(s.c);
    const err = await rejects(billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 14000, effectiveFrom: '2025-02-01', decisionRef: '调价决议' }, null), ConflictError, 'billing.schedule_after_billed');
    expect(err.params).toMatchObject({ from: '2025-02', billed: '2025-02' });
    await rejects(billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 14000, effectiveFrom: '2025-01-01', decisionRef: '调价决议' }, null), ConflictError, 'billing.schedule_after_billed');
    await rejects(billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 14000, effectiveFrom: '2024-01-01', decisionRef: '调价决议' }, null), ConflictError, 'billing.schedule_after_billed');
    expect(await snapshot(s.c)).toEqual(before);

    // from the next unbilled month: accepted; the same kind and date again: a conflict
    await billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 14000, effectiveFrom: '2025-03-01', decisionRef: '调价决议' }, null);
    const after = await snapshot(s.c);
    await rejects(billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 15000, effectiveFrom: '2025-03-01', decisionRef: '另一决议' }, null), ConflictError, 'billing.schedule_exists');
    expect(await snapshot(s.c)).toEqual(after);
    // another kind from a billed month is fine: no bill of that kind exists
    await billing.addSchedule(s.c, { unitKind: 'parking', rateCf: 5000, effectiveFrom: '2025-01-01', decisionRef: '车位决议' }, null);
    expect((await billing.schedules(s.c)).map((x) => [x.unitKind, x.rateCf, x.effectiveFrom])).toEqual([
      ['parking', 5000, '2025-01-01'],
      ['residential', 11000, '2024-01-01'],
      ['residential', 14000, '2025-03-01'],
    ]);
    // March is billed at the new rate, February kept its own
    await issue(s, '2025-03');
    const bills = await billsOf(s.units[0]!.id);
    expect(bills.map((b) => b.amount_fen)).toEqual([fee(s.units[0]!.area_cm2, 11000), fee(s.units[0]!.area_cm2, 14000)]);
  });
});

describe('bill runs', () => {
  const areas = [8937, 10000, 7545, 12345, 9050, 6033, 11111, 8888, 13002, 7001, 9999, 10550];

  it('preview writes nothing; issue bills each unit round_half_up(area × rate) and posts Dr 1122 / Cr 4001 in one entry', async () => {
    const s = await setup(areas.map((areaCm2, i) => ({ areaCm2, building: i < 8 ? '1栋' : '2栋' })));
    const before = await snapshot(s.c);
    const preview = await billing.previewRun(s.c, '2025-01');
    expect(await snapshot(s.c)).toEqual(before);
    const expected = s.units.map((u) => fee(u.area_cm2, 11000));
    const total = expected.reduce((a, b) => a + b, 0);
    expect(preview).toMatchObject({ period: '2025-01', kind: 'month', billCount: areas.length, totalFen: total, notBilled: [], existingRuns: [] });
    expect(preview.byKind).toEqual([{ unitKind: 'residential', units: areas.length, amountFen: total }]);

    const run = await issue(s, '2025-01');
    expect(run).toMatchObject({ period: '2025-01', billCount: areas.length, totalFen: total, appliedPrepaymentFen: 0, created: true });
    for (const [i, u] of s.units.entries()) {
      const bills = await billsOf(u.id);
      expect(bills).toHaveLength(1);
      expect(bills[0]).toMatchObject({ run_id: run.runId, period: '2025-01', first_month: '2025-01', last_month: '2025-01', months: 1, area_cm2: u.area_cm2, amount_fen: expected[i], paid_fen: 0, issued_on: '2025-01-01', due_on: '2025-01-31', settled_on: null });
    }
    const all = await entries(s.l);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ seq: run.ledgerSeq, reason: 'fee_billed', entry_date: '2025-01-01' });
    expect((await entryAt(s.l, run.ledgerSeq!)).lines).toEqual([
      { account: '1122', debit: total, credit: 0 },
      { account: '4001', debit: 0, credit: total },
    ]);
    expect(await balance(s.l, '1122')).toBe(total);
    expect((await billing.runs(s.c)).map((r) => [r.period, r.billCount, r.totalFen, r.ledgerSeq])).toEqual([['2025-01', areas.length, total, run.ledgerSeq]]);
  });

  it('the same key returns the first run; another key for the period, or an overlapping quarter or year, is a conflict; nothing new', async () => {
    const s = await setup(areas.slice(0, 5).map((areaCm2) => ({ areaCm2 })));
    const first = await issue(s, '2025-01', { idempotencyKey: 'jan' });
    const before = await snapshot(s.c);
    const again = await issue(s, '2025-01', { idempotencyKey: 'jan' });
    expect(again).toEqual({ ...first, created: false });
    expect(await snapshot(s.c)).toEqual(before);

    const err = await rejects(issue(s, '2025-01', { idempotencyKey: 'jan-2' }), ConflictError, 'billing.period_billed');
    expect(err.params).toMatchObject({ period: '2025-01', existing: '2025-01' });
    await rejects(issue(s, '2025-Q1'), ConflictError, 'billing.period_billed');
    await rejects(issue(s, '2025'), ConflictError, 'billing.period_billed');
    await rejects(billing.previewRun(s.c, '2025-Q1'), ConflictError, 'billing.period_billed');
    // the same key for another period is not the same request
    await rejects(issue(s, '2025-02', { idempotencyKey: 'jan' }), ConflictError, 'billing.idempotency_conflict');
    expect(await snapshot(s.c)).toEqual(before);
    // the next quarter is fine
    expect((await issue(s, '2025-Q2', { issuedOn: TODAY })).created).toBe(true);
  });

  it('a supplementary run bills only the units added since', async () => {
    const s = await setup(areas.slice(0, 4).map((areaCm2) => ({ areaCm2 })));
    const first = await issue(s, '2025-Q1');
    expect(first.billCount).toBe(4);
    const [added] = await addUnits(s, [{ areaCm2: 5555 }]);
    const preview = await billing.previewRun(s.c, '2025-Q1', { supplementary: true });
    expect(preview).toMatchObject({ billCount: 1, totalFen: 3 * fee(5555, 11000), existingRuns: [{ id: first.runId, period: '2025-Q1' }] });
    expect(preview.sample).toEqual([{ unitId: added!.id, code: added!.code, areaCm2: 5555, amountFen: 3 * fee(5555, 11000) }]);
    const supp = await issue(s, '2025-Q1', { supplementary: true, issuedOn: TODAY, dueOn: '2025-03-31' });
    expect(supp).toMatchObject({ billCount: 1, totalFen: 3 * fee(5555, 11000), created: true });
    expect(await count('bills', s.c.id)).toBe(5);
    expect((await billsOf(added!.id)).map((b) => [b.period, b.run_id])).toEqual([['2025-Q1', supp.runId]]);
    // nobody left to bill: a clear error, nothing written
    const before = await snapshot(s.c);
    await rejects(issue(s, '2025-Q1', { supplementary: true, issuedOn: TODAY, dueOn: '2025-03-31' }), ValidationError, 'billing.nothing_to_bill');
    // a supplementary run for a month inside the billed quarter bills nobody either
    await rejects(issue(s, '2025-02', { supplementary: true, issuedOn: TODAY, dueOn: '2025-03-31' }), ValidationError, 'billing.nothing_to_bill');
    expect(await snapshot(s.c)).toEqual(before);
    expect(await entries(s.l)).toHaveLength(2);
  });

  it('bad periods, dates and keys are refused and nothing is written', async () => {
    const s = await setup([{}, {}]);
    const before = await snapshot(s.c);
    for (const period of ['2025-13', '2025-Q5', '2025/01', '25-01', '2025-1', 'abc', '', '1999', '2025-Q1 ']) {
      await rejects(billing.previewRun(s.c, period), ValidationError, 'billing.bad_period');
      await rejects(billing.issueRun(s.c, { period, idempotencyKey: key('bad'), issuedOn: TODAY }, null), ValidationError, 'billing.bad_period');
    }
    await rejects(billing.issueRun(s.c, { period: '2025-03', idempotencyKey: key('bad'), issuedOn: '2025-03-21' }, null), ValidationError, 'billing.future_date');
    await rejects(billing.issueRun(s.c, { period: '2025-03', idempotencyKey: key('bad'), issuedOn: '2025-02-30' }, null), ValidationError, 'billing.bad_date');
    await rejects(billing.issueRun(s.c, { period: '2025-03', idempotencyKey: key('bad'), issuedOn: '2025-03-10', dueOn: '2025-03-09' }, null), ValidationError, 'billing.bad_due_date');
    await rejects(billing.issueRun(s.c, { period: '2025-03', idempotencyKey: '', issuedOn: '2025-03-10' }, null), ValidationError, 'billing.idempotency_key');
    await rejects(billing.issueRun(s.c, { period: '2025-03', idempotencyKey: 'k'.repeat(201), issuedOn: '2025-03-10' }, null), ValidationError, 'billing.idempotency_key');
    // no schedule for the month: nothing to bill
    await rejects(billing.issueRun(s.c, { period: '2023-12', idempotencyKey: key('bad'), issuedOn: '2023-12-01' }, null), ValidationError, 'billing.nothing_to_bill');
    expect(await snapshot(s.c)).toEqual(before);
  });

  it('quarter and year runs: each month at its own rate; units of a kind without a schedule are left out with the reason', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 10000 }, { areaCm2: 3000, kind: 'parking' }]);
    await billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 14000, effectiveFrom: '2025-02-01', decisionRef: '调价决议' }, null);
    const preview = await billing.previewRun(s.c, '2025-Q1');
    expect(preview).toMatchObject({ kind: 'quarter', firstMonth: '2025-01', lastMonth: '2025-03', billCount: 2, notBilled: [{ unitKind: 'parking', units: 1, reason: 'no_schedule' }] });
    const q = await issue(s, '2025-Q1');
    const expectedQ = (area: number) => fee(area, 11000) + 2 * fee(area, 14000);
    expect(q.totalFen).toBe(expectedQ(8937) + expectedQ(10000));
    const [bill] = await billsOf(s.units[0]!.id);
    expect(bill).toMatchObject({ period: '2025-Q1', months: 3, amount_fen: expectedQ(8937), due_on: '2025-01-31' });
    expect((bill!.detail as { month: string; rateCf: number; amountFen: number }[]).map((m) => [m.month, m.rateCf, m.amountFen])).toEqual([
      ['2025-01', 11000, 9831],
      ['2025-02', 14000, 12512],
      ['2025-03', 14000, 12512],
    ]);
    expect(await billsOf(s.units[2]!.id)).toEqual([]);

    const y = await issue(s, '2024', { issuedOn: '2024-01-01' });
    expect(y.totalFen).toBe(12 * fee(8937, 11000) + 12 * fee(10000, 11000));
    const years = (await billsOf(s.units[1]!.id)).filter((b) => b.period === '2024');
    expect(years).toHaveLength(1);
    expect(years[0]).toMatchObject({ months: 12, first_month: '2024-01', last_month: '2024-12', amount_fen: 12 * 11000 });
    expect(await balance(s.l, '1122')).toBe(q.totalFen + y.totalFen);
    expect(await credit(s.l, '4001')).toBe(q.totalFen + y.totalFen);
  });

  it('a unit whose monthly fee rounds to 0 fen does not break the run with a database error', async () => {
    // 1.00 m² storage room at 0.0049 yuan/m²: 100 × 49 / 10000 = 0.49 → 0 fen
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 100, kind: 'storage' }]);
    await billing.addSchedule(s.c, { unitKind: 'storage', rateCf: 49, effectiveFrom: '2024-01-01', decisionRef: '储藏室决议' }, null);
    const outcome = await issue(s, '2025-01').then(
      (r) => r,
      (e: unknown) => e,
    );
    // either the run bills the unit that owes something (and skips or explains the zero bill), or a domain error says why
    if (outcome instanceof Error) expect(outcome, String(outcome)).toBeInstanceOf(DomainError);
    else expect((await billsOf(s.units[0]!.id)).map((b) => b.amount_fen)).toEqual([9831]);
  });
});

describe('payments', () => {
  it('go to the oldest bill first, across three months; on time is by the end of the bill period', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 10000 }]);
    for (const p of ['2025-01', '2025-02', '2025-03']) await issue(s, p);
    const u = s.units[0]!;
    const one = fee(8937, 11000); // 9831
    const p1 = await pay(s, u.id, one + 4000, '2025-01-20');
    expect(p1).toMatchObject({ amountFen: one + 4000, allocatedFen: one + 4000, prepaidFen: 0, created: true });
    let bills = await billsOf(u.id);
    expect(bills.map((b) => [b.period, b.paid_fen, b.ontime_fen, b.settled_on])).toEqual([
      ['2025-01', one, one, '2025-01-20'],
      ['2025-02', 4000, 4000, null],
      ['2025-03', 0, 0, null],
    ]);
    const p2 = await pay(s, u.id, one, '2025-03-05'); // late for February, on time for March
    expect(p2).toMatchObject({ allocatedFen: one, prepaidFen: 0 });
    bills = await billsOf(u.id);
    expect(bills.map((b) => [b.period, b.paid_fen, b.ontime_fen, b.settled_on])).toEqual([
      ['2025-01', one, one, '2025-01-20'],
      ['2025-02', one, 4000, '2025-03-05'],
      ['2025-03', 4000, 4000, null],
    ]);
    const allocations = await t.db.selectFrom('allocations').select(['payment_id', 'bill_id', 'amount_fen', 'source']).where('unit_id', '=', u.id).orderBy('id').execute();
    expect(allocations).toEqual([
      { payment_id: p1.paymentId, bill_id: bills[0]!.id, amount_fen: one, source: 'payment' },
      { payment_id: p1.paymentId, bill_id: bills[1]!.id, amount_fen: 4000, source: 'payment' },
      { payment_id: p2.paymentId, bill_id: bills[1]!.id, amount_fen: one - 4000, source: 'payment' },
      { payment_id: p2.paymentId, bill_id: bills[2]!.id, amount_fen: 4000, source: 'payment' },
    ]);
    // the other unit is untouched
    expect((await billsOf(s.units[1]!.id)).every((b) => b.paid_fen === 0)).toBe(true);
    // the receipt says where the money went
    const r = await collection.receipt(p2.paymentId, { accountId: 0, communityId: s.c.id });
    expect(r).toMatchObject({ receiptNo: p2.receiptNo, unitCode: u.code, amountFen: one, prepaidFen: 0 });
    expect(r.allocations.map((a) => [a.period, a.amountFen])).toEqual([
      ['2025-02', one - 4000],
      ['2025-03', 4000],
    ]);
  });

  it('an overpayment is a prepayment that the next run applies (Dr 2203 / Cr 1122); a refund pays it back (Dr 2203 / Cr 1001)', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 10000 }]);
    for (const p of ['2025-01', '2025-02', '2025-03']) await issue(s, p);
    const u = s.units[0]!;
    const one = fee(8937, 11000);
    const p = await pay(s, u.id, 40_000, '2025-03-10');
    expect(p).toMatchObject({ allocatedFen: 3 * one, prepaidFen: 40_000 - 3 * one });
    expect(await prepaidOf(u.id)).toBe(40_000 - 3 * one);
    expect((await entryAt(s.l, p.ledgerSeq)).lines).toEqual([
      { account: '1001', debit: 40_000, credit: 0 },
      { account: '1122', debit: 0, credit: 3 * one },
      { account: '2203', debit: 0, credit: 40_000 - 3 * one },
    ]);

    const april = await issue(s, '2025-04', { issuedOn: TODAY, idempotencyKey: 'april' });
    expect(april.appliedPrepaymentFen).toBe(one);
    expect(await prepaidOf(u.id)).toBe(40_000 - 4 * one);
    const aprilBill = (await billsOf(u.id)).at(-1)!;
    expect(aprilBill).toMatchObject({ period: '2025-04', paid_fen: one, ontime_fen: one, settled_on: TODAY });
    const prepayEntry = (await entries(s.l)).find((e) => e.reason === 'prepayment')!;
    expect(prepayEntry.seq).toBe(april.ledgerSeq! + 1);
    expect((await entryAt(s.l, prepayEntry.seq)).lines).toEqual([
      { account: '2203', debit: one, credit: 0 },
      { account: '1122', debit: 0, credit: one },
    ]);
    const fromPrepayment = await t.db.selectFrom('allocations').selectAll().where('unit_id', '=', u.id).where('source', '=', 'prepayment').execute();
    expect(fromPrepayment).toHaveLength(1);
    expect(fromPrepayment[0]).toMatchObject({ run_id: april.runId, payment_id: null, bill_id: aprilBill.id, amount_fen: one, allocated_on: TODAY });
    // the other unit had no prepayment: its April bill is open
    expect((await billsOf(s.units[1]!.id)).at(-1)).toMatchObject({ period: '2025-04', paid_fen: 0 });

    const left = 40_000 - 4 * one;
    const before = await snapshot(s.c);
    const reason = '业主搬离，退还预收款';
    await rejects(billing.refund(s.c, { unitId: u.id, amountFen: left + 1, channel: 'bank', refundedOn: TODAY, reason, idempotencyKey: key('refund') }, null), ValidationError, 'billing.refund_exceeds_prepaid');
    await rejects(billing.refund(s.c, { unitId: s.units[1]!.id, amountFen: 1, channel: 'bank', refundedOn: TODAY, reason, idempotencyKey: key('refund') }, null), ValidationError, 'billing.refund_exceeds_prepaid');
    await rejects(billing.refund(s.c, { unitId: u.id, amountFen: 100, channel: 'bank', refundedOn: TODAY, reason: ' ', idempotencyKey: key('refund') }, null), ValidationError, 'billing.refund_reason');
    await rejects(billing.refund(s.c, { unitId: u.id, amountFen: 0, channel: 'bank', refundedOn: TODAY, reason, idempotencyKey: key('refund') }, null), ValidationError, 'billing.bad_amount');
    await rejects(billing.refund(s.c, { unitId: u.id, amountFen: 100, channel: 'bank', refundedOn: '2025-03-21', reason, idempotencyKey: key('refund') }, null), ValidationError, 'billing.future_date');
    expect(await snapshot(s.c)).toEqual(before);

    const refundKey = key('refund');
    const refund = await billing.refund(s.c, { unitId: u.id, amountFen: left, channel: 'bank', refundedOn: TODAY, reason, idempotencyKey: refundKey }, null);
    expect(refund).toMatchObject({ amountFen: left, created: true });
    expect(await prepaidOf(u.id)).toBe(0);
    const re = await entryAt(s.l, refund.ledgerSeq);
    expect(re).toMatchObject({ reason: 'fee_refund', counterparty: unitPseudonym(t.ctx.secretKey, s.c.id, u.id) });
    expect(re.lines).toEqual([
      { account: '2203', debit: left, credit: 0 },
      { account: '1001', debit: 0, credit: left },
    ]);
    // the same refund again is the same refund
    expect(await billing.refund(s.c, { unitId: u.id, amountFen: left, channel: 'bank', refundedOn: TODAY, reason, idempotencyKey: refundKey }, null)).toEqual({ ...refund, created: false });
    await rejects(billing.refund(s.c, { unitId: u.id, amountFen: left - 1, channel: 'bank', refundedOn: TODAY, reason, idempotencyKey: refundKey }, null), ConflictError, 'billing.idempotency_conflict');
    expect(await balance(s.l, '2203')).toBe(0);
  });

  it('a bill run repeated with its key answers as the first time, prepayments applied included', async () => {
    const s = await setup([{ areaCm2: 8937 }]);
    await issue(s, '2025-03');
    await pay(s, s.units[0]!.id, 30_000, '2025-03-10');
    const april = await issue(s, '2025-04', { issuedOn: TODAY, idempotencyKey: 'april' });
    expect(april).toMatchObject({ appliedPrepaymentFen: fee(8937, 11000), created: true });
    const before = await snapshot(s.c);
    expect(await issue(s, '2025-04', { issuedOn: TODAY, idempotencyKey: 'april' })).toEqual({ ...april, created: false });
    expect(await snapshot(s.c)).toEqual(before);
  });

  it('every payment entry names the unit by its pseudonym and cites the receipt number', async () => {
    const s = await setup([{}, {}, {}]);
    await issue(s, '2025-02');
    const results = [
      await pay(s, s.units[0]!.id, 5000, '2025-02-10', { channel: 'wechat' }),
      await pay(s, s.units[1]!.id, 500_000, '2025-03-01', { channel: 'bank', reference: 'TX-1' }),
      ...(await billing.recordPayments(
        s.c,
        [
          { unitId: s.units[2]!.id, amountFen: 100, channel: 'alipay', paidOn: TODAY, idempotencyKey: key('b') },
          { unitId: s.units[2]!.id, amountFen: 200, channel: 'pos', paidOn: TODAY, idempotencyKey: key('b') },
          { unitId: s.units[0]!.id, amountFen: 300, channel: 'cash', paidOn: TODAY, idempotencyKey: key('b') },
        ],
        null,
      )),
    ];
    expect(new Set(results.map((r) => r.receiptNo)).size).toBe(5);
    const units = [0, 1, 2, 2, 0].map((i) => s.units[i]!.id);
    for (const [i, r] of results.entries()) {
      const e = await entryAt(s.l, r.ledgerSeq);
      expect(e.reason).toBe('fee_payment');
      expect(e.counterparty).toBe(unitPseudonym(t.ctx.secretKey, s.c.id, units[i]!));
      expect(e.refs).toMatchObject({ receipt: r.receiptNo });
      const row = await t.db.selectFrom('payments').selectAll().where('id', '=', r.paymentId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ unit_id: units[i], receipt_no: r.receiptNo, ledger_seq: r.ledgerSeq });
      // the memo and the counterparty never carry the unit code
      expect(e.memo).not.toContain(s.units.find((x) => x.id === units[i])!.code);
    }
  });

  it('bad payments are refused with a clear error and nothing is written', async () => {
    const s = await setup([{}, {}]);
    const other = await setup([{}]);
    await issue(s, '2025-03');
    const u = s.units[0]!.id;
    const good: PaymentInput = { unitId: u, amountFen: 1000, channel: 'cash', paidOn: TODAY, idempotencyKey: 'good-key' };
    const before = await snapshot(s.c);
    const otherBefore = await snapshot(other.c);
    for (const amountFen of [0, -100, 1.5, Number.NaN, 10_000_000_001]) await rejects(billing.recordPayment(s.c, { ...good, amountFen }, null), ValidationError, 'billing.bad_amount');
    await rejects(billing.recordPayment(s.c, { ...good, unitId: 99_999_999 }, null), NotFoundError, 'billing.unit_not_found');
    await rejects(billing.recordPayment(s.c, { ...good, unitId: other.units[0]!.id }, null), NotFoundError, 'billing.unit_not_found');
    await rejects(billing.recordPayment(s.c, { ...good, paidOn: '2025-03-21' }, null), ValidationError, 'billing.future_date');
    await rejects(billing.recordPayment(s.c, { ...good, paidOn: '2025-02-30' }, null), ValidationError, 'billing.bad_date');
    await rejects(billing.recordPayment(s.c, { ...good, paidOn: '20250301' }, null), ValidationError, 'billing.bad_date');
    await rejects(billing.recordPayment(s.c, { ...good, channel: 'paypal' as never }, null), ValidationError, 'billing.bad_channel');
    await rejects(billing.recordPayment(s.c, { ...good, idempotencyKey: '' }, null), ValidationError, 'billing.idempotency_key');
    await rejects(billing.recordPayment(s.c, { ...good, reference: 'bad \u0000' }, null), ValidationError, 'billing.bad_text');
    // a batch with one bad payment books none of them
    await rejects(billing.recordPayments(s.c, [good, { ...good, idempotencyKey: 'k2', unitId: other.units[0]!.id }], null), NotFoundError, 'billing.unit_not_found');
    await rejects(billing.recordPayments(s.c, [good, { ...good, idempotencyKey: 'k2', amountFen: 0 }], null), ValidationError, 'billing.bad_amount');
    await rejects(billing.recordPayments(s.c, [good, good], null), ValidationError, 'billing.duplicate_key_in_batch');
    expect(await snapshot(s.c)).toEqual(before);
    expect(await snapshot(other.c)).toEqual(otherBefore);
  });

  it('the same key with the same content returns the first payment; with other content it is a conflict', async () => {
    const s = await setup([{}, {}]);
    await issue(s, '2025-03');
    const input: PaymentInput = { unitId: s.units[0]!.id, amountFen: 12_345, channel: 'wechat', paidOn: '2025-03-15', idempotencyKey: 'same-key' };
    const first = await billing.recordPayment(s.c, input, null);
    const before = await snapshot(s.c);
    expect(await billing.recordPayment(s.c, input, null)).toEqual({ ...first, created: false });
    for (const change of [{ amountFen: 12_346 }, { unitId: s.units[1]!.id }, { channel: 'cash' as const }, { paidOn: '2025-03-16' }]) {
      await rejects(billing.recordPayment(s.c, { ...input, ...change }, null), ConflictError, 'billing.idempotency_conflict');
    }
    expect(await snapshot(s.c)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// conservation: random sequences of runs, payments, batches and refunds

type Cmd =
  | { kind: 'run' }
  | { kind: 'pay'; unit: number; amountFen: number; day: number }
  | { kind: 'batch'; payments: { unit: number; amountFen: number; day: number }[] }
  | { kind: 'refund'; unit: number; fraction: number };

const DAY0 = '2025-01-01';
const MAX_DAY = 78; // 2025-03-20
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'run' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), unit: fc.integer({ min: 0, max: 2 }), amountFen: fc.integer({ min: 1, max: 30_000 }), day: fc.integer({ min: 0, max: MAX_DAY }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      payments: fc.array(fc.record({ unit: fc.integer({ min: 0, max: 2 }), amountFen: fc.integer({ min: 1, max: 15_000 }), day: fc.integer({ min: 0, max: MAX_DAY }) }), { minLength: 1, maxLength: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), unit: fc.integer({ min: 0, max: 2 }), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
);

describe('conservation of money', () => {
  it('after any sequence of runs, payments and refunds the money adds up, the maintained figures equal the bills, and the ledger agrees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 100, max: 30_000 }), { minLength: 3, maxLength: 3 }), fc.array(cmdArb, { minLength: 1, maxLength: 14 }), async (areas, cmds) => {
        const s = await setup(areas.map((areaCm2, i) => ({ areaCm2, building: i === 2 ? '2栋' : '1栋' })));
        // the model: each unit's open bills (oldest first) and pocket, driven by the pure allocate()
        const model = s.units.map(() => ({ bills: [] as { month: string; state: BillState; lastDay: string }[], prepaid: 0, paid: 0, refunded: 0 }));
        const months = ['2025-01', '2025-02', '2025-03'];
        const lastDay = { '2025-01': '2025-01-31', '2025-02': '2025-02-28', '2025-03': '2025-03-31' } as Record<string, string>;
        let next = 0;
        const apply = (m: (typeof model)[number], amountFen: number, on: string) => {
          const open = m.bills.map((b, i) => ({ id: i, firstMonth: b.month, outstandingFen: b.state.amountFen - b.state.paidFen }));
          const { allocations, prepaidFen } = allocate(open, amountFen);
          for (const a of allocations) {
            const b = m.bills[a.billId]!;
            b.state = { amountFen: b.state.amountFen, paidFen: b.state.paidFen + a.amountFen, ontimeFen: b.state.ontimeFen + (on <= b.lastDay ? a.amountFen : 0) };
          }
          return prepaidFen;
        };
        for (const cmd of cmds) {
          if (cmd.kind === 'run') {
            if (next >= months.length) continue;
            const month = months[next++]!;
            const run = await issue(s, month);
            expect(run.created).toBe(true);
            for (const [i, u] of s.units.entries()) {
              const m = model[i]!;
              m.bills.push({ month, state: { amountFen: fee(u.area_cm2, 11000), paidFen: 0, ontimeFen: 0 }, lastDay: lastDay[month]! });
              const pocket = m.prepaid;
              m.prepaid = apply(m, pocket, `${month}-01`);
            }
          } else if (cmd.kind === 'pay' || cmd.kind === 'batch') {
            const list = cmd.kind === 'pay' ? [cmd] : cmd.payments;
            const inputs = list.map((p) => ({ unitId: s.units[p.unit]!.id, amountFen: p.amountFen, channel: 'bank' as const, paidOn: addDays(DAY0, p.day), idempotencyKey: key('prop') }));
            const results = cmd.kind === 'pay' ? [await billing.recordPayment(s.c, inputs[0]!, null)] : await billing.recordPayments(s.c, inputs, null);
            for (const [i, p] of list.entries()) {
              const m = model[p.unit]!;
              const left = apply(m, p.amountFen, inputs[i]!.paidOn);
              m.prepaid += left;
              m.paid += p.amountFen;
              expect(results[i]).toMatchObject({ amountFen: p.amountFen, prepaidFen: left, allocatedFen: p.amountFen - left, created: true });
            }
          } else {
            const m = model[cmd.unit]!;
            const amountFen = Math.floor(m.prepaid * cmd.fraction);
            const r = { unitId: s.units[cmd.unit]!.id, amountFen: Math.max(1, amountFen), channel: 'cash' as const, refundedOn: TODAY, reason: '退款', idempotencyKey: key('refund') };
            if (amountFen === 0) {
              if (m.prepaid === 0) await rejects(billing.refund(s.c, r, null), ValidationError, 'billing.refund_exceeds_prepaid');
              continue;
            }
            await billing.refund(s.c, r, null);
            m.prepaid -= amountFen;
            m.refunded += amountFen;
          }
        }

        // the bills and pockets are what the model says
        for (const [i, u] of s.units.entries()) {
          const m = model[i]!;
          const bills = await billsOf(u.id);
          expect(bills.map((b) => [b.period, b.amount_fen, b.paid_fen, b.ontime_fen])).toEqual(m.bills.map((b) => [b.month, b.state.amountFen, b.state.paidFen, b.state.ontimeFen]));
          for (const b of bills) expect(b.settled_on === null).toBe(b.paid_fen < b.amount_fen);
          expect(await prepaidOf(u.id)).toBe(m.prepaid);
        }

        // the identities, per unit, from the rows alone
        const { rows } = await sql<{ unit_id: number; payments: number; alloc_payment: number; alloc_prepayment: number; refunds: number; billed: number; paid: number; prepaid: number }>`
          select u.id as unit_id,
                 (select coalesce(sum(amount_fen), 0) from payments p where p.unit_id = u.id)::int8 as payments,
                 (select coalesce(sum(amount_fen), 0) from allocations a where a.unit_id = u.id and a.source = 'payment')::int8 as alloc_payment,
                 (select coalesce(sum(amount_fen), 0) from allocations a where a.unit_id = u.id and a.source = 'prepayment')::int8 as alloc_prepayment,
                 (select coalesce(sum(amount_fen), 0) from refunds r where r.unit_id = u.id)::int8 as refunds,
                 (select coalesce(sum(amount_fen), 0) from bills b where b.unit_id = u.id)::int8 as billed,
                 (select coalesce(sum(paid_fen), 0) from bills b where b.unit_id = u.id)::int8 as paid,
                 coalesce((select prepaid_fen from unit_billing ub where ub.unit_id = u.id), 0)::int8 as prepaid
            from units u where u.community_id = ${s.c.id} order by u.id`.execute(t.db);
        for (const r of rows) {
          expect(r.alloc_payment + r.alloc_prepayment).toBe(r.paid);
          expect(r.prepaid).toBe(r.payments - r.alloc_payment - r.alloc_prepayment - r.refunds);
          expect(r.paid).toBeLessThanOrEqual(r.billed);
        }
        // each bill's allocations add up to what it shows as paid
        const perBill = await sql<{ n: number }>`
          select count(*)::int4 as n from bills b
           where b.community_id = ${s.c.id} and b.paid_fen <> (select coalesce(sum(amount_fen), 0) from allocations a where a.bill_id = b.id)`.execute(t.db);
        expect(perBill.rows[0]!.n).toBe(0);

        // the maintained collection figures equal the counts recomputed from the bills
        const maintained = await t.db
          .selectFrom('collection_stats')
          .select(['period', 'building_id', 'unit_kind', 'billed_units', 'billed_fen', 'paid_units', 'paid_fen', 'ontime_units', 'ontime_fen'])
          .where('community_id', '=', s.c.id)
          .orderBy('period')
          .orderBy('building_id')
          .orderBy('unit_kind')
          .execute();
        expect(maintained).toEqual(await countsFromBills(t.db, s.c.id));

        // the ledger: receivable = open bills, prepayments = pockets, cash = payments − refunds, income = billed
        const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
        expect(await balance(s.l, '1122')).toBe(sum((r) => r.billed - r.paid));
        expect((await credit(s.l, '2203'))).toBe(sum((r) => r.prepaid));
        expect(await balance(s.l, '1001')).toBe(sum((r) => r.payments - r.refunds));
        expect((await credit(s.l, '4001'))).toBe(sum((r) => r.billed));
        expect(await exports.checkInvariants(s.l)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------

describe('concurrency', () => {
  // a pool wide enough that the 50 requests really run at the same time
  const wide = createKysely(t.url, 25);
  const par = createServices({ ...t.ctx, db: wide });
  afterAll(() => wide.destroy());

  it('the same payment submitted 50 times at once is booked once', async () => {
    const s = await setup([{ areaCm2: 8937 }]);
    for (const p of ['2025-01', '2025-02', '2025-03']) await issue(s, p);
    const input: PaymentInput = { unitId: s.units[0]!.id, amountFen: 15_000, channel: 'wechat', paidOn: TODAY, idempotencyKey: 'fifty-times' };
    const results = await Promise.all(Array.from({ length: 50 }, () => par.billing.recordPayment(s.c, input, null)));
    expect(new Set(results.map((r) => r.receiptNo)).size).toBe(1);
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await count('payments', s.c.id)).toBe(1);
    expect((await entries(s.l)).filter((e) => e.reason === 'fee_payment')).toHaveLength(1);
    expect((await billsOf(s.units[0]!.id)).reduce((a, b) => a + b.paid_fen, 0)).toBe(15_000);
    expect(await exports.checkInvariants(s.l)).toEqual([]);
  });

  it('50 different payments for one unit at once: all booked, oldest first, the rest prepaid, the chain intact', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 10000 }]);
    for (const p of ['2025-01', '2025-02', '2025-03']) await issue(s, p);
    const u = s.units[0]!;
    const amounts = Array.from({ length: 50 }, (_, i) => 300 + ((i * 7919) % 1500));
    const results = await Promise.all(
      amounts.map((amountFen, i) => par.billing.recordPayment(s.c, { unitId: u.id, amountFen, channel: 'cash', paidOn: TODAY, idempotencyKey: `parallel-${i}` }, null)),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(new Set(results.map((r) => r.receiptNo)).size).toBe(50);
    expect(await count('payments', s.c.id)).toBe(50);
    const paidIn = amounts.reduce((a, b) => a + b, 0);
    const bills = await billsOf(u.id);
    const total = bills.reduce((a, b) => a + b.amount_fen, 0);
    const paid = bills.reduce((a, b) => a + b.paid_fen, 0);
    expect(paid).toBe(Math.min(total, paidIn));
    expect(await prepaidOf(u.id)).toBe(paidIn - paid);
    // oldest first: no bill has money while an older one is open
    for (const [i, b] of bills.entries()) if (b.paid_fen > 0) for (const older of bills.slice(0, i)) expect(older.paid_fen).toBe(older.amount_fen);
    expect(results.reduce((a, r) => a + r.prepaidFen, 0)).toBe(paidIn - paid);
    const maintained = await t.db.selectFrom('collection_stats').select(['period', 'building_id', 'unit_kind', 'billed_units', 'billed_fen', 'paid_units', 'paid_fen', 'ontime_units', 'ontime_fen']).where('community_id', '=', s.c.id).orderBy('period').orderBy('building_id').orderBy('unit_kind').execute();
    expect(maintained).toEqual(await countsFromBills(t.db, s.c.id));
    expect(await balance(s.l, '1001')).toBe(paidIn);
    expect((await credit(s.l, '2203'))).toBe(paidIn - paid);
    expect((await entries(s.l)).map((e) => e.seq)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    expect(await exports.checkInvariants(s.l)).toEqual([]);
  });

  it('ten refunds of the whole prepayment at once: exactly one is paid out', async () => {
    const s = await setup([{ areaCm2: 8937 }]);
    const u = s.units[0]!;
    await pay(s, u.id, 20_000, '2025-03-01'); // no bill yet: all prepaid
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => par.billing.refund(s.c, { unitId: u.id, amountFen: 20_000, channel: 'bank', refundedOn: TODAY, reason: '重复缴费退款', idempotencyKey: `refund-race-${i}` }, null)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'billing.refund_exceeds_prepaid' });
    expect(await prepaidOf(u.id)).toBe(0);
    expect(await count('refunds', s.c.id)).toBe(1);
    expect(await balance(s.l, '1001')).toBe(0);
  });

  it('a payment and a bill run at the same moment: money never sits in prepayment while a bill of the unit is open', async () => {
    const s = await setup(Array.from({ length: 20 }, (_, i) => ({ areaCm2: 6000 + i * 137 })));
    await issue(s, '2025-02');
    // each unit pays its February bill plus 50.00 yuan, while March is being billed
    const payments = s.units.map((u, i) =>
      par.billing.recordPayment(s.c, { unitId: u.id, amountFen: fee(u.area_cm2, 11000) + 5000, channel: 'bank', paidOn: TODAY, idempotencyKey: `race-${i}` }, null),
    );
    await Promise.all([...payments, par.billing.issueRun(s.c, { period: '2025-03', idempotencyKey: 'race-run', issuedOn: TODAY }, null)]);
    const { rows } = await sql<{ code: string; prepaid: number; open: number }>`
      select u.code, ub.prepaid_fen as prepaid, (select coalesce(sum(amount_fen - paid_fen), 0) from bills b where b.unit_id = u.id)::int8 as open
        from units u join unit_billing ub on ub.unit_id = u.id where u.community_id = ${s.c.id} order by u.code`.execute(t.db);
    expect(rows.filter((r) => r.prepaid > 0 && r.open > 0)).toEqual([]);
  });

  it('payments for many units and a bill run at the same time do not deadlock and keep the figures right', async () => {
    const s = await setup(Array.from({ length: 10 }, (_, i) => ({ areaCm2: 5000 + i * 311 })));
    await issue(s, '2025-01');
    await issue(s, '2025-02');
    const payments = s.units.flatMap((u, i) => [0, 1, 2].map((k) => par.billing.recordPayment(s.c, { unitId: u.id, amountFen: 4000 + i * 100 + k, channel: 'bank', paidOn: TODAY, idempotencyKey: `mix-${i}-${k}` }, null)));
    const run = par.billing.issueRun(s.c, { period: '2025-03', idempotencyKey: 'mix-run', issuedOn: TODAY }, null);
    await Promise.all([...payments, run]);
    expect(await count('payments', s.c.id)).toBe(30);
    expect(await count('bills', s.c.id)).toBe(30);
    const maintained = await t.db.selectFrom('collection_stats').select(['period', 'building_id', 'unit_kind', 'billed_units', 'billed_fen', 'paid_units', 'paid_fen', 'ontime_units', 'ontime_fen']).where('community_id', '=', s.c.id).orderBy('period').orderBy('building_id').orderBy('unit_kind').execute();
    expect(maintained).toEqual(await countsFromBills(t.db, s.c.id));
    const { rows } = await sql<{ open: number; prepaid: number }>`
      select (select coalesce(sum(amount_fen - paid_fen), 0) from bills where community_id = ${s.c.id})::int8 as open,
             (select coalesce(sum(prepaid_fen), 0) from unit_billing where community_id = ${s.c.id})::int8 as prepaid`.execute(t.db);
    expect(await balance(s.l, '1122')).toBe(rows[0]!.open);
    expect((await credit(s.l, '2203'))).toBe(rows[0]!.prepaid);
    expect(await exports.checkInvariants(s.l)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('collection figures', () => {
  it('by units and by amount, on time and later; groups under 5 units suppressed in public only', async () => {
    const s = await setup(Array.from({ length: 13 }, (_, i) => ({ areaCm2: 6000 + i * 500, building: i < 10 ? '1栋' : '2栋' })));
    await issue(s, '2025-01');
    const [a, b, c] = s.units;
    await pay(s, a!.id, fee(a!.area_cm2, 11000), '2025-01-15'); // on time
    await pay(s, b!.id, fee(b!.area_cm2, 11000), '2025-02-10'); // after the period
    await pay(s, c!.id, 1000, '2025-01-20'); // part, on time
    const billed = s.units.reduce((x, u) => x + fee(u.area_cm2, 11000), 0);
    const paidFen = fee(a!.area_cm2, 11000) + fee(b!.area_cm2, 11000) + 1000;
    const ontimeFen = fee(a!.area_cm2, 11000) + 1000;

    const internal = await collection.figures(s.c, {}, false);
    expect(internal.asOf).toBe(TODAY);
    expect(internal.period).toBe('2025-01');
    expect(internal.trend).toEqual([
      {
        period: '2025-01',
        firstMonth: '2025-01',
        suppressed: false,
        billedUnits: 13,
        billedFen: billed,
        paidUnits: 2,
        paidFen,
        ontimeUnits: 1,
        ontimeFen,
        byUnitsBp: rateBp(2, 13),
        byAmountBp: rateBp(paidFen, billed),
        ontimeByUnitsBp: rateBp(1, 13),
        ontimeByAmountBp: rateBp(ontimeFen, billed),
      },
    ]);
    expect(internal.trend[0]!.byUnitsBp).toBe(1538);
    expect(internal.trend[0]!.ontimeByUnitsBp).toBe(769);
    expect(internal.byBuilding.map((g) => [g.label, g.suppressed, g.billedUnits, g.paidUnits])).toEqual([
      ['1栋', false, 10, 2],
      ['2栋', false, 3, 0],
    ]);
    expect(internal.byBuilding[1]!.byUnitsBp).toBe(0);
    expect(internal.byKind.map((g) => [g.key, g.billedUnits])).toEqual([['residential', 13]]);

    const pub = await collection.figures(s.c, {}, true);
    expect(pub.trend[0]).toMatchObject({ suppressed: false, billedUnits: 13, byUnitsBp: rateBp(2, 13) });
    const small = pub.byBuilding.find((g) => g.label === '2栋')!;
    expect(small).toMatchObject({ suppressed: true, billedUnits: 0, paidUnits: 0, paidFen: 0, byUnitsBp: null, byAmountBp: null, ontimeByUnitsBp: null, ontimeByAmountBp: null });
    expect(pub.byBuilding.find((g) => g.label === '1栋')).toMatchObject({ suppressed: false, billedUnits: 10 });
    expect(pub.minGroup).toBe(5);
    // the public aging hides buckets of fewer than 5 units: 11 units are overdue since 2025-01-31
    expect(pub.aging.find((x) => x.bucket === '31-90')).toMatchObject({ units: 11, suppressed: false });
  });

  it('arrears age by days past the due date; the SQL buckets and the per-unit buckets agree', async () => {
    const s = await setup(Array.from({ length: 6 }, (_, i) => ({ areaCm2: 7000 + i * 100 })));
    await issue(s, '2025-01'); // due 2025-01-31
    const due = '2025-01-31';
    await pay(s, s.units[5]!.id, fee(s.units[5]!.area_cm2, 11000), '2025-01-10');
    for (const days of [0, 10, 30, 31, 45, 90, 91, 120, 180, 181, 200]) {
      at(addDays(due, days));
      const f = await collection.figures(s.c, {}, false);
      const arrears = await collection.arrears(s.c);
      if (days === 0) {
        expect(f.aging.every((x) => x.units === 0)).toBe(true);
        expect(arrears).toEqual([]);
        continue;
      }
      const bucket = agingBucket(days);
      expect(f.aging.map((x) => [x.bucket, x.units])).toEqual(['0-30', '31-90', '91-180', '180+'].map((k) => [k, k === bucket ? 5 : 0]));
      expect(f.aging.find((x) => x.bucket === bucket)!.arrearsFen).toBe(s.units.slice(0, 5).reduce((a, u) => a + fee(u.area_cm2, 11000), 0));
      expect(arrears).toHaveLength(5);
      for (const r of arrears) expect(r).toMatchObject({ daysOverdue: days, bucket, bills: 1, oldestMonth: '2025-01' });
    }
  });

  it('the arrears list shows what each unit owes and drops a unit once it has paid', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 10000 }]);
    await issue(s, '2025-01');
    await issue(s, '2025-02');
    const one = fee(8937, 11000);
    let arrears = await collection.arrears(s.c);
    expect(arrears.map((r) => [r.code, r.bills, r.arrearsFen, r.oldestMonth, r.daysOverdue])).toEqual([
      [s.units[0]!.code, 2, 2 * one, '2025-01', 48],
      [s.units[1]!.code, 2, 2 * 11000, '2025-01', 48],
    ]);
    await pay(s, s.units[0]!.id, one + 100);
    arrears = await collection.arrears(s.c);
    expect(arrears[0]).toMatchObject({ code: s.units[0]!.code, bills: 1, arrearsFen: one - 100, oldestMonth: '2025-02', daysOverdue: 20 });
    await pay(s, s.units[0]!.id, one - 100);
    expect((await collection.arrears(s.c)).map((r) => r.code)).toEqual([s.units[1]!.code]);
  });

  it('reminders: stage 1, 2 and 3 on later days, then 3 again; the same day twice at stage 3 sends nothing new', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 10000 }]);
    await issue(s, '2025-01');
    const start = '2025-02-10';
    for (const [day, stage] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 3],
    ] as const) {
      at(addDays(start, day));
      expect(await collection.issueReminders(s.c, { unitIds: [s.units[0]!.id] }, null)).toEqual({ issued: 1, alreadyToday: 0 });
      const row = (await collection.arrears(s.c)).find((r) => r.unitId === s.units[0]!.id)!;
      expect(row.lastReminder).toMatchObject({ stage, issuedOn: addDays(start, day), replyBy: addDays(start, day + (stage === 1 ? 15 : 30)) });
    }
    expect(await collection.issueReminders(s.c, { unitIds: [s.units[0]!.id] }, null)).toEqual({ issued: 0, alreadyToday: 1 });
    expect(await count('reminders', s.c.id)).toBe(4);
    // the other unit never got one
    expect((await collection.arrears(s.c)).find((r) => r.unitId === s.units[1]!.id)!.lastReminder).toBeNull();
    // a reminder is readable by the staff of its community only
    const id = (await collection.arrears(s.c)).find((r) => r.unitId === s.units[0]!.id)!.lastReminder!.id;
    expect(await collection.reminder(id, { accountId: 0, communityId: s.c.id })).toMatchObject({ stage: 3, unitCode: s.units[0]!.code, arrearsFen: fee(8937, 11000) });
    await rejects(collection.reminder(id, { accountId: 0, communityId: s.c.id + 1000 }), NotFoundError, 'billing.reminder_not_found');
  });

  it('reminders: issuing twice on the same day sends nothing new (alreadyToday), it does not jump a stage', async () => {
    const s = await setup([{ areaCm2: 8937 }]);
    await issue(s, '2025-01');
    at('2025-02-10');
    expect(await collection.issueReminders(s.c, {}, null)).toEqual({ issued: 1, alreadyToday: 0 });
    expect(await collection.issueReminders(s.c, {}, null)).toEqual({ issued: 0, alreadyToday: 1 });
    expect((await collection.arrears(s.c))[0]!.lastReminder).toMatchObject({ stage: 1 });
    expect(await count('reminders', s.c.id)).toBe(1);
  });

  it('reminders without arrears are refused', async () => {
    const s = await setup([{ areaCm2: 8937 }, { areaCm2: 9000 }]);
    await rejects(collection.issueReminders(s.c, {}, null), ValidationError, 'billing.no_arrears');
    await issue(s, '2025-03'); // due 2025-03-31: not overdue yet
    await rejects(collection.issueReminders(s.c, {}, null), ValidationError, 'billing.no_arrears');
    at('2025-04-05');
    await pay(s, s.units[0]!.id, fee(8937, 11000), '2025-04-01');
    await rejects(collection.issueReminders(s.c, { unitIds: [s.units[0]!.id] }, null), ValidationError, 'billing.no_arrears');
    await rejects(collection.issueReminders(s.c, { minDaysOverdue: 30 }, null), ValidationError, 'billing.no_arrears');
    expect(await count('reminders', s.c.id)).toBe(0);
    expect(await collection.issueReminders(s.c, {}, null)).toEqual({ issued: 1, alreadyToday: 0 });
  });
});

// ---------------------------------------------------------------------------------------------

describe("the owner's own views", () => {
  async function ownerOf(unitId: number, login: string) {
    const owner = await t.db.selectFrom('unit_owners').select('person_id').where('unit_id', '=', unitId).executeTakeFirstOrThrow();
    const accountId = await accounts.createAccount({ login, displayName: login, password: 'owner-pass-2025' });
    await accounts.linkPerson(accountId, owner.person_id);
    return accountId;
  }

  it('mine lists only my units; a receipt of someone else is not found; online payment only where it is on', async () => {
    const zhang = { name: '张丽', phone: '13900001111', idNumber: null };
    const s = await setup([
      { areaCm2: 8937, owners: [zhang] },
      { areaCm2: 3000, owners: [zhang] },
      { areaCm2: 10000 },
    ]);
    await issue(s, '2025-01');
    const [a, b, c] = s.units;
    const x = await ownerOf(a!.id, key('zhang'));
    const y = await ownerOf(c!.id, key('wang'));

    const mine = await collection.mine(x);
    expect(mine.map((m) => m.code).sort()).toEqual([a!.code, b!.code].sort());
    const ma = mine.find((m) => m.unitId === a!.id)!;
    expect(ma).toMatchObject({ pseudonym: unitPseudonym(t.ctx.secretKey, s.c.id, a!.id), outstandingFen: fee(8937, 11000), prepaidFen: 0, onlinePayments: 'off', payments: [] });
    expect(ma.bills.map((bl) => [bl.period, bl.amountFen, bl.paidFen])).toEqual([['2025-01', fee(8937, 11000), 0]]);
    expect((await collection.mine(y)).map((m) => m.unitId)).toEqual([c!.id]);

    const pc = await pay(s, c!.id, 11000, '2025-02-01');
    await rejects(collection.receipt(pc.paymentId, { accountId: x }), NotFoundError, 'billing.payment_not_found');
    await rejects(collection.receipt(99_999_999, { accountId: x }), NotFoundError, 'billing.payment_not_found');
    expect(await collection.receipt(pc.paymentId, { accountId: y })).toMatchObject({ receiptNo: pc.receiptNo, unitCode: c!.code, amountFen: 11000, allocations: [{ period: '2025-01', amountFen: 11000 }] });

    const before = await snapshot(s.c);
    await rejects(collection.payOnline(x, a!.id, { channel: 'wechat', idempotencyKey: 'online-1' }), ValidationError, 'billing.online_off');
    await rejects(collection.payOnline(x, c!.id, { channel: 'wechat', idempotencyKey: 'online-1' }), ForbiddenError, 'billing.not_your_unit');
    expect(await snapshot(s.c)).toEqual(before);

    await billing.saveSettings(s.c, { onlinePayments: 'simulated' });
    const paid = await collection.payOnline(x, a!.id, { channel: 'wechat', idempotencyKey: 'online-1' });
    expect(paid).toMatchObject({ amountFen: fee(8937, 11000), allocatedFen: fee(8937, 11000), prepaidFen: 0, created: true });
    const row = await t.db.selectFrom('payments').selectAll().where('id', '=', paid.paymentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_id: a!.id, channel: 'wechat', paid_on: TODAY, recorded_by: x });
    await rejects(collection.payOnline(x, a!.id, { channel: 'alipay', idempotencyKey: 'online-2' }), ValidationError, 'billing.nothing_due');
    const after = (await collection.mine(x)).find((m) => m.unitId === a!.id)!;
    expect(after).toMatchObject({ outstandingFen: 0, payments: [{ channel: 'wechat', receiptNo: paid.receiptNo }] });
    expect(await collection.receipt(paid.paymentId, { accountId: x })).toMatchObject({ channel: 'wechat', unitCode: a!.code });
  });

  it('a retried online checkout (same idempotency key) returns the first payment instead of an error', async () => {
    const s = await setup([{ areaCm2: 8937 }]);
    await issue(s, '2025-03');
    const x = await ownerOf(s.units[0]!.id, key('li'));
    await billing.saveSettings(s.c, { onlinePayments: 'simulated' });
    const paid = await collection.payOnline(x, s.units[0]!.id, { channel: 'wechat', idempotencyKey: 'checkout-1' });
    expect(paid.created).toBe(true);
    // the phone lost the answer and sends the same checkout again
    const again = await collection.payOnline(x, s.units[0]!.id, { channel: 'wechat', idempotencyKey: 'checkout-1' }).catch((e: unknown) => e);
    expect(again).toMatchObject({ paymentId: paid.paymentId, receiptNo: paid.receiptNo, created: false });
    expect(await count('payments', s.c.id)).toBe(1);
  });
});

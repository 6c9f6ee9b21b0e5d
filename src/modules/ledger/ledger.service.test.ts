/** The ledger engine on the real database: balance, chain, idempotency, concurrency, append-only, closing. */
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import type { LedgerRef } from './ledger.repository.js';
import { type ChainedEntry, DEFAULT_CHART, verifyChain } from './ledger.rules.js';
import type { EntryInput } from './ledger.service.js';

const t = await createTestDb({ clock: '2026-03-15T04:00:00Z' });
const { ledger: ledgers, statements, close } = t.services;

async function newLedger(): Promise<LedgerRef> {
  const c = await buildCommunity(t.services);
  return ledgers.ensureLedger(c.id, c.code);
}

let keySeq = 0;
function entry(debit: string, credit: string, fen: number, over: Partial<EntryInput> = {}): EntryInput {
  return {
    idempotencyKey: `k${++keySeq}`,
    date: '2026-01-15',
    memo: '测试分录',
    reason: 'adjustment',
    lines: [
      { account: debit, debitFen: fen, creditFen: 0 },
      { account: credit, debitFen: 0, creditFen: fen },
    ],
    ...over,
  };
}

async function chainOf(l: LedgerRef): Promise<ChainedEntry[]> {
  const out: ChainedEntry[] = [];
  for await (const e of statements.chained(l)) out.push(e);
  return out;
}

const ACCOUNTS = DEFAULT_CHART.map((a) => a.code);

describe('posting', () => {
  it('random sequences of postings keep every entry balanced, the trial balance at zero, and the chain valid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.record({ account: fc.constantFrom(...ACCOUNTS), fen: fc.integer({ min: 1, max: 10_000_000 }) }), { minLength: 1, maxLength: 4 }),
          { minLength: 1, maxLength: 12 },
        ),
        async (specs) => {
          const l = await newLedger();
          // each spec: debit lines as given, one balancing credit line on 1001 (or 4001 when it would be the same)
          const inputs = specs.map((debits) => {
            const total = debits.reduce((s, d) => s + d.fen, 0);
            return {
              ...entry('1001', '4001', 1),
              lines: [...debits.map((d) => ({ account: d.account, debitFen: d.fen, creditFen: 0 })), { account: '3001', debitFen: 0, creditFen: total }],
            };
          });
          await ledgers.postBatch(l, inputs.slice(0, 3));
          for (const i of inputs.slice(3)) await ledgers.post(l, i);
          const tb = await statements.trialBalance(l);
          expect(tb.debitFen).toBe(tb.creditFen);
          const chain = await chainOf(l);
          expect(chain.map((e) => e.seq)).toEqual(inputs.map((_, i) => i + 1));
          expect(verifyChain(chain)).toBeNull();
          // the maintained balances equal the sum of the lines
          const { rows } = await sql<{ n: number }>`
            select count(*)::int8 as n from (
              select account_code, sum(debit_fen) d, sum(credit_fen) c from ledger_lines where ledger_id = ${l.id} group by account_code
              except select account_code, sum(debit_fen), sum(credit_fen) from ledger_balances where ledger_id = ${l.id} group by account_code) x`.execute(t.db);
          expect(rows[0]!.n).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses unbalanced, one-sided, unknown-account and badly dated entries, writing nothing', async () => {
    const l = await newLedger();
    await expect(ledgers.post(l, { ...entry('1001', '4001', 100), lines: [{ account: '1001', debitFen: 100, creditFen: 0 }, { account: '4001', debitFen: 0, creditFen: 99 }] })).rejects.toMatchObject({ code: 'ledger.unbalanced' });
    await expect(ledgers.post(l, entry('1001', '9999', 100))).rejects.toMatchObject({ code: 'ledger.unknown_account' });
    await expect(ledgers.post(l, { ...entry('1001', '4001', 100), lines: [{ account: '1001', debitFen: 5, creditFen: 5 }, { account: '4001', debitFen: 0, creditFen: 0 }] })).rejects.toMatchObject({ code: 'ledger.line_one_side' });
    await expect(ledgers.post(l, entry('1001', '4001', 1.5))).rejects.toMatchObject({ code: 'ledger.line_one_side' });
    await expect(ledgers.post(l, entry('1001', '4001', 100, { date: '2026-02-30' }))).rejects.toMatchObject({ code: 'ledger.bad_date' });
    await expect(ledgers.post(l, entry('1001', '4001', 100, { memo: 'bad \ud800 text' }))).rejects.toMatchObject({ code: 'ledger.bad_text' });
    await expect(ledgers.post(l, entry('1001', '4001', 100, { memo: 'nul \u0000' }))).rejects.toMatchObject({ code: 'ledger.bad_text' });
    await expect(ledgers.post(l, entry('1001', '4001', 100, { refs: { x: 1.5 } }))).rejects.toMatchObject({ code: 'ledger.bad_refs' });
    expect((await chainOf(l)).length).toBe(0);
  });

  it('posts once per idempotency key, also when the same entry arrives 20 times in parallel', async () => {
    const l = await newLedger();
    const e = entry('1001', '4001', 500);
    const results = await Promise.all(Array.from({ length: 20 }, () => ledgers.post(l, e)));
    expect(new Set(results.map((r) => r.seq))).toEqual(new Set([1]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await chainOf(l)).toHaveLength(1);
  });

  it('many parallel posts to one ledger: no gaps, no forks', async () => {
    const l = await newLedger();
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => ledgers.post(l, entry('1001', '4101', 100 + i))));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const chain = await chainOf(l);
    expect(verifyChain(chain)).toBeNull();
    expect(new Set(chain.map((e) => e.prevHash)).size).toBe(60);
  });

  it('a key posted before with other content is a conflict, not a silent success', async () => {
    const l = await newLedger();
    const e = entry('1001', '4001', 500);
    await ledgers.post(l, e);
    await expect(ledgers.post(l, { ...e, lines: [{ account: '1001', debitFen: 600, creditFen: 0 }, { account: '4001', debitFen: 0, creditFen: 600 }] })).rejects.toMatchObject({ code: 'ledger.idempotency_conflict' });
    await expect(ledgers.post(l, { ...entry('1001', '4001', 1), idempotencyKey: 'remuneration:2026-01' })).rejects.toMatchObject({ code: 'ledger.idempotency_key' });
  });

  it('cites only vouchers uploaded to its own ledger (hashes are public)', async () => {
    const a = await newLedger();
    const b = await newLedger();
    const { sha256 } = await ledgers.storeVoucher(b, Buffer.from('%PDF-1.4\n% invoice of B\n'));
    await expect(ledgers.post(a, entry('5002', '1001', 100, { vouchers: [{ sha256, name: 'b.pdf' }] }))).rejects.toMatchObject({ code: 'ledger.voucher_unknown' });
    await expect(ledgers.post(b, entry('5002', '1001', 100, { vouchers: [{ sha256, name: 'b.pdf' }] }))).resolves.toMatchObject({ created: true });
  });

  it('is append-only in the database: UPDATE and DELETE are refused by triggers', async () => {
    const l = await newLedger();
    await ledgers.post(l, entry('1001', '4001', 100));
    await expect(sql`update ledger_entries set memo = 'x' where ledger_id = ${l.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_lines where ledger_id = ${l.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate ledger_entries cascade`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('a reversal mirrors the original, references it, and happens once', async () => {
    const l = await newLedger();
    const { seq } = await ledgers.post(l, entry('5002', '1001', 12_345));
    const r = await ledgers.reverse(l, seq, { idempotencyKey: 'rev-1', date: '2026-01-20', memo: '冲销：金额录错' });
    const chain = await chainOf(l);
    expect(chain[1]).toMatchObject({ reason: 'reversal', reverses: seq, lines: [{ account: '5002', debit: 0, credit: 12_345 }, { account: '1001', debit: 12_345, credit: 0 }] });
    expect(r.seq).toBe(2);
    await expect(ledgers.reverse(l, seq, { idempotencyKey: 'rev-2', date: '2026-01-21', memo: '再次冲销' })).rejects.toMatchObject({ code: 'ledger.already_reversed' });
    const tb = await statements.trialBalance(l);
    expect(tb.accounts.find((a) => a.code === '5002')!.amountFen).toBe(0);
  });
});

describe('chart of accounts', () => {
  it('is configurable: an added account can be posted to; bad or duplicate codes are refused', async () => {
    const l = await newLedger();
    await ledgers.addAccount(l, { code: '4104', name: '充电桩收益', nameEn: 'EV charging revenue', type: 'income' });
    await expect(ledgers.post(l, entry('1001', '4104', 8_800, { reason: 'public_revenue' }))).resolves.toMatchObject({ seq: 1 });
    await expect(ledgers.addAccount(l, { code: '4104', name: '重复', nameEn: 'dup', type: 'income' })).rejects.toMatchObject({ code: 'ledger.account_exists' });
    await expect(ledgers.addAccount(l, { code: '5104', name: '错类型', nameEn: 'wrong type', type: 'income' })).rejects.toMatchObject({ code: 'ledger.bad_account' });
    await expect(ledgers.addAccount(l, { code: '41', name: '短', nameEn: 'short', type: 'income' })).rejects.toMatchObject({ code: 'ledger.bad_account' });
  });
});

describe('month close and remuneration', () => {
  it('accrues 15 % of the fees and public revenue received, closes with a checkpoint, and refuses later entries in the month', async () => {
    const l = await newLedger();
    await close.setContract(l.communityId, { effectiveFrom: '2020-01-01', rateBp: 1500, base: 'received_fees_and_public_revenue' });
    await ledgers.postBatch(l, [
      entry('1001', '4001', 1_000_000, { reason: 'fee_income', date: '2026-01-05' }),
      entry('1001', '4101', 200_003, { reason: 'public_revenue', date: '2026-01-10' }),
      entry('5002', '1001', 300_000, { reason: 'expense', date: '2026-01-20' }),
      entry('1001', '4201', 999, { reason: 'interest', date: '2026-01-31' }),
    ]);
    const closed = await close.closeMonth(l, '2026-01');
    // (1,000,000 + 200,003) × 15 % = 180,000.45 → 180,000 fen; interest is not in the base
    expect(closed.remuneration).toMatchObject({ baseFen: 1_200_003, amountFen: 180_000 });
    expect(closed.seq).toBe(5);
    const s = await statements.monthly(l, '2026-01');
    expect(s.remuneration).toEqual([expect.objectContaining({ baseFen: 1_200_003, rateBp: 1500, amountFen: 180_000 })]);
    expect(s.expenseFen).toBe(480_000);
    expect(s.incomeFen).toBe(1_201_002);
    expect(s.checkpoint).toEqual({ period: '2026-01', seq: 5, hash: closed.hash });
    expect(s.fundBalanceFen).toBe(1_201_002 - 300_000 - 180_000);
    await expect(ledgers.post(l, entry('1001', '4001', 1, { date: '2026-01-31' }))).rejects.toMatchObject({ code: 'ledger.period_closed' });
    await expect(close.closeMonth(l, '2026-03')).rejects.toMatchObject({ code: 'ledger.close_too_early' });
    expect(await close.closeMonth(l, '2026-01')).toMatchObject({ alreadyClosed: true, seq: 5 });
  });

  it('an entry dated on or before the last closed month is refused, also before the first closed month', async () => {
    const l = await newLedger();
    await ledgers.post(l, entry('1001', '4001', 100, { date: '2026-01-05' }));
    await close.closeMonth(l, '2026-01');
    await expect(ledgers.post(l, entry('1001', '4001', 100, { date: '2025-12-31' }))).rejects.toMatchObject({ code: 'ledger.period_closed', params: { period: '2025-12' } });
    await expect(ledgers.post(l, entry('1001', '4001', 100, { date: '2026-02-01' }))).resolves.toMatchObject({ created: true });
  });

  it('the base is what receipts credit to fee and revenue accounts: a reason tag alone adds nothing', async () => {
    const l = await newLedger();
    await close.setContract(l.communityId, { effectiveFrom: '2020-01-01', rateBp: 1500, base: 'received_fees_and_public_revenue' });
    await ledgers.post(l, entry('1001', '4001', 100_000, { reason: 'fee_income', date: '2026-01-05' }));
    await ledgers.post(l, entry('1001', '3001', 500_000, { reason: 'public_revenue', date: '2026-01-06' }));
    expect((await close.closeMonth(l, '2026-01')).remuneration).toMatchObject({ baseFen: 100_000, amountFen: 15_000 });
    await expect(close.setContract(l.communityId, { effectiveFrom: '2020-01-01', rateBp: 1000, base: 'received_fees' })).rejects.toMatchObject({ code: 'ledger.contract_exists' });
  });

  it('a reversed fee receipt leaves the remuneration base', async () => {
    const l = await newLedger();
    await close.setContract(l.communityId, { effectiveFrom: '2020-01-01', rateBp: 1500, base: 'received_fees_and_public_revenue' });
    await ledgers.post(l, entry('1001', '4001', 100_000, { reason: 'fee_income', date: '2026-01-05' }));
    const { seq } = await ledgers.post(l, entry('1001', '4001', 50_000, { reason: 'fee_income', date: '2026-01-06' }));
    await ledgers.reverse(l, seq, { idempotencyKey: 'undo', date: '2026-01-07', memo: '重复入账冲销' });
    expect((await close.closeMonth(l, '2026-01')).remuneration).toMatchObject({ baseFen: 100_000, amountFen: 15_000 });
  });

  it('no remuneration is paid while a recorded breach is uncured (Trust Law art. 36)', async () => {
    const l = await newLedger();
    const id = await close.recordBreach(l.communityId, '未按约定公示 2026-01 月报');
    const pay = entry('2241', '1001', 10_000, { reason: 'remuneration_payment', date: '2026-02-10' });
    await expect(ledgers.post(l, pay)).rejects.toMatchObject({ code: 'ledger.breach_uncured' });
    // the same payment under another reason is refused too
    await expect(ledgers.post(l, entry('2241', '1001', 10_000, { reason: 'payable_payment', date: '2026-02-10' }))).rejects.toMatchObject({ code: 'ledger.breach_uncured' });
    await close.cureBreach(l.communityId, id);
    await expect(ledgers.post(l, pay)).resolves.toMatchObject({ created: true });
    await expect(close.cureBreach(l.communityId, id)).rejects.toMatchObject({ code: 'ledger.breach_not_found' });
  });

  it('closes months in order and applies a cap', async () => {
    const l = await newLedger();
    await close.setContract(l.communityId, { effectiveFrom: '2026-01-01', rateBp: 1500, base: 'received_fees', capFen: 10_000 });
    await ledgers.post(l, entry('1001', '4001', 1_000_000, { reason: 'fee_income', date: '2026-01-05' }));
    await expect(close.closeMonth(l, '2026-02')).rejects.toMatchObject({ code: 'ledger.close_order' });
    expect((await close.closeMonth(l, '2026-01')).remuneration).toMatchObject({ grossFen: 10_000, amountFen: 10_000 });
    expect(await close.nextToClose(l)).toBe('2026-02');
  });

  it('the disclosure calendar marks statements on time, late and missing', async () => {
    const l = await newLedger();
    await ledgers.post(l, entry('1001', '4001', 100, { date: '2025-11-03' }));
    t.clock.set('2025-12-05T02:00:00Z');
    await close.closeMonth(l, '2025-11');
    await close.publish(l, '2025-11');
    t.clock.set('2026-01-20T02:00:00Z');
    await close.closeMonth(l, '2025-12');
    await close.publish(l, '2025-12');
    t.clock.set('2026-03-15T04:00:00Z');
    await close.closeMonth(l, '2026-01');
    const cal = await statements.calendar(l, '2025-11', '2026-03', '2026-03-15');
    expect(cal.map((c) => [c.period, c.status])).toEqual([
      ['2025-11', 'on_time'],
      ['2025-12', 'late'],
      ['2026-01', 'missing'],
      ['2026-02', 'missing'],
      ['2026-03', 'not_due'],
    ]);
  });
});

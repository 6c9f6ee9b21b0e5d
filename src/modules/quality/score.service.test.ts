/**
 * The monthly score and the remuneration deduction: the rate in whole bp gives the ledger the fen
 * quality.score.ts computes; on the real database a low month lowers the accrued remuneration at
 * the month close, and the statement shows the deduction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountOf, person, voteCommunity } from '../../../test/helpers/decisions.js';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { applyRateBp } from '../../platform/money.js';
import type { LedgerRef } from '../ledger/ledger.repository.js';
import { remuneration } from '../ledger/ledger.rules.js';
import type { SlaTarget } from './quality.rules.js';
import { DEFAULT_DEDUCTION_RULE, type DeductionRule, remunerationDeductionFen } from './quality.score.js';
import { deductionRateBp, monthBounds, parseDeductionRule } from './score.service.js';

const t = await createTestDb({ clock: '2026-02-15T02:00:00Z' });
const { inspections, qualityScores, close, ledger: ledgers, statements } = t.services;

const rule = fc.record({ thresholdBp: fc.integer({ min: 0, max: 10_000 }), perPointBp: fc.integer({ min: 0, max: 10_000 }), capBp: fc.integer({ min: 0, max: 10_000 }) });
const gross = fc.integer({ min: 0, max: 1_000_000_000 });
const score = fc.integer({ min: 0, max: 10_000 });

describe('the deduction rate', () => {
  it('worked examples of the header', () => {
    expect(deductionRateBp(8650, DEFAULT_DEDUCTION_RULE)).toBe(350);
    expect(applyRateBp(1_234_567, 350)).toBe(43_210);
    expect(remunerationDeductionFen(1_234_567, 8650)).toBe(43_210);
    expect(deductionRateBp(8999, { thresholdBp: 9000, perPointBp: 150, capBp: 2000 })).toBe(2); // 1.5 → 2
    expect(deductionRateBp(6000, DEFAULT_DEDUCTION_RULE)).toBe(2000); // 30 % capped at 20 %
    expect(deductionRateBp(9000, DEFAULT_DEDUCTION_RULE)).toBe(0);
    expect(deductionRateBp(null, DEFAULT_DEDUCTION_RULE)).toBe(0);
  });

  it('when the rate is a whole bp, the ledger deducts exactly the fen of remunerationDeductionFen', () => {
    fc.assert(
      fc.property(gross, score, rule, (g, s, r) => {
        const exactX100 = s >= r.thresholdBp ? 0 : Math.min((r.thresholdBp - s) * r.perPointBp, r.capBp * 100);
        fc.pre(exactX100 % 100 === 0);
        const rate = deductionRateBp(s, r);
        expect(rate * 100).toBe(exactX100);
        expect(remuneration({ rateBp: 10_000, base: 'received_fees', capFen: null }, g, rate).deductionFen).toBe(remunerationDeductionFen(g, s, r));
      }),
    );
    // perPoint a multiple of 100 (the default 1 % per point): always a whole bp
    fc.assert(
      fc.property(gross, score, rule, (g, s, r) => {
        const whole: DeductionRule = { ...r, perPointBp: r.perPointBp - (r.perPointBp % 100) };
        expect(applyRateBp(g, deductionRateBp(s, whole))).toBe(remunerationDeductionFen(g, s, whole));
      }),
    );
  });

  it('otherwise is within half a bp of the exact rate, and never above the cap', () => {
    fc.assert(
      fc.property(gross, score, rule, (g, s, r) => {
        const rate = deductionRateBp(s, r);
        const exactX100 = s >= r.thresholdBp ? 0 : Math.min((r.thresholdBp - s) * r.perPointBp, r.capBp * 100);
        expect(Math.abs(rate * 100 - exactX100)).toBeLessThanOrEqual(50);
        expect(rate).toBeLessThanOrEqual(r.capBp);
        expect(Math.abs(applyRateBp(g, rate) - remunerationDeductionFen(g, s, r))).toBeLessThanOrEqual(Math.ceil(g / 20_000) + 1);
      }),
    );
  });

  it("parses the contract's rule, refusing a bad one with a clear error", () => {
    expect(parseDeductionRule({ thresholdBp: 9000, perPointBp: 100, capBp: 2000 })).toEqual(DEFAULT_DEDUCTION_RULE);
    for (const bad of [null, 'x', {}, { thresholdBp: 9000, perPointBp: 100 }, { thresholdBp: 9000.5, perPointBp: 100, capBp: 2000 }, { thresholdBp: 9000, perPointBp: 100, capBp: 20_000 }]) {
      expect(() => parseDeductionRule(bad)).toThrow(expect.objectContaining({ code: 'quality.bad_deduction_rule' }));
    }
  });

  it('months begin and end at midnight in Shanghai', () => {
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
  });
});

// ---------------------------------------------------------------------------------------------

let n = 0;
const account = () => t.services.accounts.createAccount({ login: `q${++n}`, displayName: `账号${n}`, password: 'xinyi2020' });
const SLA: SlaTarget = { responseMinutes: 60, completionMinutes: 240, calendar: '24x7' };
const at = (iso: string, minutes = 0) => new Date(Date.parse(iso) + minutes * 60_000);

/** A work order as the work-order service leaves it (its SLA fixed when filed). */
async function order(communityId: number, by: number, o: { submitted: string; respondedAfter?: number; resolvedAfter?: number; closedAfter?: number; rating?: number; state?: 'submitted' | 'assigned' | 'resolved' | 'closed' | 'cancelled' }) {
  const s = at(o.submitted);
  await t.db
    .insertInto('work_orders')
    .values({
      community_id: communityId,
      unit_id: null,
      filed_by: by,
      kind: 'repair',
      category: 'facilities',
      title: '路灯不亮',
      contact_name: null,
      contact_phone: null,
      state: o.state ?? 'closed',
      sla: JSON.stringify(SLA),
      catalogue_version: null,
      submitted_at: s,
      assigned_at: o.respondedAfter === undefined ? null : at(o.submitted, o.respondedAfter),
      assignee: null,
      resolved_at: o.resolvedAfter === undefined ? null : at(o.submitted, o.resolvedAfter),
      closed_at: o.closedAfter === undefined ? null : at(o.submitted, o.closedAfter),
      cancelled_at: null,
      rating: o.rating ?? null,
      rating_comment: null,
      inspection_item_id: null,
      idempotency_key: `wo${++n}`,
    })
    .execute();
}

async function inspect(c: { id: number; code: string }, by: number, day: string, scores: [string, number][]) {
  const back = t.clock.now();
  t.clock.set(`${day}T02:00:00Z`);
  const { id } = await inspections.create(c, { inspectedOn: day }, by);
  for (const [code, scoreBp] of scores) await inspections.scoreItem(c, id, code, { scoreBp }, by);
  await inspections.submit(c, id, by);
  t.clock.set(back);
}

/**
 * January 2026: of four orders due, two met both SLAs, one answered late, one never answered
 * → 2 / 4 = 5000; one inspection of 60.00 and 70.00 → 6500; one order closed with a rating of 3
 * → 5000 (the late one, closed in January; the others closed unrated).
 *   score = (4000 × 5000 + 3000 × 6500 + 3000 × 5000) / 10000 = 5450
 */
async function lowMonth(c: { id: number; code: string }) {
  const by = await account();
  await order(c.id, by, { submitted: '2026-01-05T02:00:00Z', respondedAfter: 30, resolvedAfter: 180, closedAfter: 600 });
  await order(c.id, by, { submitted: '2026-01-06T02:00:00Z', respondedAfter: 60, resolvedAfter: 240, closedAfter: 600 });
  await order(c.id, by, { submitted: '2026-01-07T02:00:00Z', respondedAfter: 61, resolvedAfter: 200, closedAfter: 600, rating: 3 });
  await order(c.id, by, { submitted: '2026-01-20T02:00:00Z', state: 'submitted' });
  // cancelled, and due in February: not January's
  await order(c.id, by, { submitted: '2026-01-08T02:00:00Z', state: 'cancelled' });
  await order(c.id, by, { submitted: '2026-01-31T15:00:00Z', respondedAfter: 120, resolvedAfter: 600, closedAfter: 700, rating: 1 });
  await inspect(c, by, '2026-01-12', [
    ['CLN-01', 6000],
    ['SEC-02', 7000],
  ]);
  return by;
}

describe('the monthly score', () => {
  it('is computed from the month once it has ended, stored, and then kept', async () => {
    const c = await buildCommunity(t.services);
    const by = await lowMonth(c);
    await expect(qualityScores.compute(c, '2026-02', by)).rejects.toMatchObject({ code: 'quality.month_not_over' });
    const s = await qualityScores.compute(c, '2026-01', by);
    expect(s).toMatchObject({
      period: '2026-01',
      scoreBp: 5450,
      sla: { bp: 5000, count: 4, weightBp: 4000 },
      inspection: { bp: 6500, count: 1, weightBp: 3000 },
      satisfaction: { bp: 5000, count: 1, weightBp: 3000 },
      deductionBp: 0,
    });
    // a later rating of January does not change the stored score
    await order(c.id, by, { submitted: '2026-01-09T02:00:00Z', respondedAfter: 10, resolvedAfter: 20, closedAfter: 30, rating: 5 });
    expect(await qualityScores.compute(c, '2026-01', by)).toEqual(s);
    expect(await qualityScores.list(c, { from: '2025-12', to: '2026-02' })).toEqual([s]);
  });

  it('answers to a survey about the quarter count in the month’s score; a month with nothing to score has no score', async () => {
    const v = await voteCommunity(t, [{ owners: [person(`甲${Math.random()}`)] }, { owners: [person(`乙${Math.random()}`)] }]);
    const [a, b] = await Promise.all(v.entries.map((e) => accountOf(t, v.c, e.owners[0]!.name)));
    const unitOf = (i: number) => v.unitIds.get(v.entries[i]!.unitCode)!;
    t.clock.set('2026-01-25T02:00:00Z');
    try {
      const s = await t.services.surveys.create(v.c, { opensOn: '2026-01-20', closesOn: '2026-02-10', categories: ['cleaning', 'security'] }, v.committee[0]);
      await t.services.surveys.respond(v.c, s.id, a!, { unitId: unitOf(0), ratings: { cleaning: 5, security: 4 } });
      await t.services.surveys.respond(v.c, s.id, b!, { unitId: unitOf(1), ratings: { cleaning: 3 } });
    } finally {
      t.clock.set('2026-02-15T02:00:00Z');
    }
    // ratings 5 4 3 → (4 + 3 + 2) × 2500 / 3 = 7500: the only part, so the score
    expect(await qualityScores.compute(v.c, '2026-01', null)).toMatchObject({ scoreBp: 7500, satisfaction: { bp: 7500, count: 3 }, sla: null, inspection: null });
    expect(await qualityScores.compute(v.c, '2025-12', null)).toMatchObject({ scoreBp: null, sla: null, inspection: null, satisfaction: null });
  });
});

/** Property fees received on 5 January. */
function feesReceived(l: LedgerRef, fen: number) {
  const line = (account: string, debitFen: number, creditFen: number) => ({ account, debitFen, creditFen });
  return ledgers.post(l, { idempotencyKey: `fees-${l.id}`, date: '2026-01-05', memo: '一月物业费', reason: 'fee_income', lines: [line('1001', fen, 0), line('4001', 0, fen)] });
}

describe('the month close', () => {
  it('deducts from the remuneration on a low score, as quality.score.ts computes it, and the statement shows it', async () => {
    const c = await buildCommunity(t.services);
    const l = await ledgers.ensureLedger(c.id, c.code);
    const qualityRule: DeductionRule = { thresholdBp: 9000, perPointBp: 50, capBp: 2000 };
    await close.setContract(c.id, { effectiveFrom: '2020-01-01', rateBp: 1500, base: 'received_fees', qualityRule });
    await feesReceived(l, 1_000_000);
    await lowMonth(c);
    const closed = await close.closeMonth(l, '2026-01');
    // gross 1,000,000 × 15 % = 150,000; rate (9000 − 5450) × 50 / 100 = 1775 bp (a whole bp)
    // → 150,000 × 1775 / 10000 = 26,625 fen deducted, 123,375 accrued
    const expected = remunerationDeductionFen(150_000, 5450, qualityRule);
    expect(expected).toBe(26_625);
    expect(closed.remuneration).toMatchObject({ grossFen: 150_000, deductionFen: expected, amountFen: 150_000 - expected });
    const entry = await t.db.selectFrom('ledger_entries').select(['refs', 'memo']).where('ledger_id', '=', l.id).where('reason', '=', 'remuneration_accrual').executeTakeFirstOrThrow();
    expect(entry.refs).toMatchObject({ period: '2026-01', grossFen: 150_000, deductionFen: 26_625, amountFen: 123_375 });
    expect(entry.memo).toContain('服务质量扣减 ¥266.25');
    const statement = await statements.monthly(l, '2026-01');
    expect(statement.remuneration).toEqual([expect.objectContaining({ period: '2026-01', grossFen: 150_000, deductionFen: 26_625, amountFen: 123_375 })]);
    expect((await qualityScores.list(c, { from: '2026-01', to: '2026-01' }))[0]).toMatchObject({ scoreBp: 5450, deductionBp: 1775 });
  });

  it('refuses to close on a contract whose quality rule is malformed', async () => {
    const c = await buildCommunity(t.services);
    const l = await ledgers.ensureLedger(c.id, c.code);
    await close.setContract(c.id, { effectiveFrom: '2020-01-01', rateBp: 1500, base: 'received_fees', qualityRule: { thresholdBp: '90 分' } });
    await feesReceived(l, 100);
    await expect(close.closeMonth(l, '2026-01')).rejects.toMatchObject({ code: 'quality.bad_deduction_rule' });
  });
});

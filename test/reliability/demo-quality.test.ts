/**
 * The demo's service quality as a new user meets it on 2026-11-28: two years of work orders,
 * mostly within their SLA; monthly inspections; quarterly surveys; and July 2025, the storm
 * month, scored below the contract's 90 points, so that its month close accrued a smaller
 * remuneration and its statement shows the deduction.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CODE, seedDemo } from '../../src/demo/fenghuayuan.js';
import { LOW_QUALITY_PERIOD } from '../../src/demo/quality-history.js';
import type { LedgerRef } from '../../src/modules/ledger/ledger.repository.js';
import { applyRateBp } from '../../src/platform/money.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb({ clock: '2026-11-28T02:00:00Z' });
const { workOrderViews, qualityScores, surveys, inspections, statements } = t.services;
let c: { id: number; code: string };
let ledger: LedgerRef;
const CLOSED = { from: '2024-01', to: '2026-10' };

beforeAll(async () => {
  const log = t.ctx.log;
  t.ctx.log = (m: string) => (m.startsWith('demo') ? console.log(`[seed] ${m}`) : log(m));
  const started = Date.now();
  await seedDemo(t.ctx, t.services);
  console.log(`[demo] seeded in ${Date.now() - started} ms`);
  c = await t.services.workOrders.communityOrThrow(DEMO_CODE);
  ledger = await t.services.ledger.ensureLedger(c.id, c.code);
}, 600_000);

function months(from: string, to: string): string[] {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
}

describe('the demo service quality', () => {
  it('has two years of work orders: filed every month, most closed with a rating, a few reopened or closed by the system, the latest still open', async () => {
    for (const month of months('2024-01', '2026-11')) expect((await workOrderViews.stats(c, month)).total, month).toBeGreaterThanOrEqual(month === '2026-11' ? 6 : 8);
    const orders = await t.db.selectFrom('work_orders').select(['id', 'state', 'rating', 'unit_id']).where('community_id', '=', c.id).execute();
    expect(orders.length).toBeGreaterThan(300);
    const closed = orders.filter((o) => o.state === 'closed');
    expect(closed.length / orders.length).toBeGreaterThan(0.85);
    const rated = closed.filter((o) => o.rating !== null);
    expect(rated.filter((o) => o.rating === 5).length / rated.length).toBeGreaterThan(0.6);
    expect(closed.length - rated.length).toBeGreaterThan(3); // closed by the system, unrated
    expect(orders.some((o) => o.unit_id === null)).toBe(true); // raised from inspection findings
    expect(orders.some((o) => !['closed', 'cancelled'].includes(o.state))).toBe(true);
    const events = await t.db.selectFrom('work_order_events as e').innerJoin('work_orders as w', 'w.id', 'e.work_order_id').select(['e.from_state', 'e.to_state', 'e.actor_role', 'e.photos']).where('w.community_id', '=', c.id).execute();
    expect(events.filter((e) => e.from_state === 'resolved' && e.to_state === 'in_progress').length).toBeGreaterThan(1);
    expect(events.filter((e) => e.actor_role === 'system').length).toBe(closed.length - rated.length);
    expect(events.some((e) => (e.photos as string[]).length > 0)).toBe(true);
  });

  it('meets its SLAs in ordinary months and scores at least 90 points; the storm month falls below and is deducted', async () => {
    const scores = await qualityScores.list(c, CLOSED);
    expect(scores.map((s) => s.period)).toEqual(months(CLOSED.from, CLOSED.to));
    for (const s of scores) {
      const stats = await workOrderViews.stats(c, s.period);
      if (s.period === LOW_QUALITY_PERIOD) {
        expect(s.scoreBp!).toBeLessThan(9000);
        expect(s.deductionBp).toBeGreaterThan(0);
        expect(stats.sla.complianceBp!).toBeLessThan(8500);
      } else {
        expect(s.scoreBp!, s.period).toBeGreaterThanOrEqual(9000);
        expect(s.deductionBp).toBe(0);
        expect(stats.sla.complianceBp!, s.period).toBeGreaterThanOrEqual(8500);
      }
      expect(s.inspection?.count, s.period).toBe(1);
    }
    const low = scores.find((s) => s.period === LOW_QUALITY_PERIOD)!;
    console.log(`[demo] ${LOW_QUALITY_PERIOD}: score ${low.scoreBp} bp (sla ${low.sla?.bp}, inspection ${low.inspection?.bp}, satisfaction ${low.satisfaction?.bp}), deduction ${low.deductionBp} bp`);
    expect((await inspections.monthly(c, { from: LOW_QUALITY_PERIOD, to: LOW_QUALITY_PERIOD }))[0]!.averageBp).toBeLessThan(8500);
  });

  it("the storm month's remuneration is accrued less the deduction, and its statement shows it; an ordinary month's is not", async () => {
    const accrual = async (period: string) => {
      const row = await t.db.selectFrom('ledger_entries').select(['refs', 'memo']).where('ledger_id', '=', ledger.id).where('idempotency_key', '=', `remuneration:${period}`).executeTakeFirstOrThrow();
      return { ...(row.refs as { grossFen: number; deductionFen: number; amountFen: number }), memo: row.memo };
    };
    const low = await accrual(LOW_QUALITY_PERIOD);
    const [score] = await qualityScores.list(c, { from: LOW_QUALITY_PERIOD, to: LOW_QUALITY_PERIOD });
    expect(low.deductionFen).toBeGreaterThan(0);
    expect(low.deductionFen).toBe(applyRateBp(low.grossFen, score!.deductionBp));
    expect(low.amountFen).toBe(low.grossFen - low.deductionFen);
    expect(low.memo).toContain('服务质量扣减');
    console.log(`[demo] ${LOW_QUALITY_PERIOD}: remuneration gross ${low.grossFen} fen, deduction ${low.deductionFen} fen, accrued ${low.amountFen} fen`);
    const statement = await statements.monthly(ledger, LOW_QUALITY_PERIOD);
    expect(statement.remuneration).toEqual([expect.objectContaining({ period: LOW_QUALITY_PERIOD, grossFen: low.grossFen, deductionFen: low.deductionFen, amountFen: low.amountFen })]);
    const june = await accrual('2025-06');
    expect(june.deductionFen).toBe(0);
    expect((await statements.monthly(ledger, '2025-06')).remuneration[0]!.deductionFen).toBe(0);
  });

  it('has a survey every quarter, answered by the households with accounts; the current one still open for the demo owner', async () => {
    const list = await surveys.list(c);
    expect(list.map((s) => s.period)).toEqual(expect.arrayContaining(['2024-Q1', '2025-Q3', '2026-Q4']));
    expect(list.length).toBe(12);
    for (const s of list) expect(s.households, s.period).toBeGreaterThan(0);
    const past = await surveys.results(c, list.find((s) => s.period === '2026-Q2')!.id);
    expect(past.state).toBe('closed');
    for (const cat of past.categories) {
      // fewer than five households: suppressed in public, as the rule says
      if (cat.suppressed) expect(cat.meanRatingX100).toBeNull();
      else expect(cat.meanRatingX100!).toBeGreaterThanOrEqual(420);
    }
    const current = list.find((s) => s.period === '2026-Q4')!;
    expect(current.state).toBe('open');
    const owner = (await t.db.selectFrom('accounts').select('id').where('login', '=', 'owner').executeTakeFirstOrThrow()).id;
    expect((await surveys.mine(c, current.id, owner)).households.every((h) => h.answer === null)).toBe(true);
  });

  it('shows the public work-order figures without personal data', async () => {
    const people = await t.db
      .selectFrom('work_orders as w')
      .select(['w.contact_name', 'w.contact_phone', 'w.title', 'w.location'])
      .where('w.community_id', '=', c.id)
      .where('w.contact_name', 'is not', null)
      .execute();
    expect(people.length).toBeGreaterThan(100);
    for (const month of ['2024-03', LOW_QUALITY_PERIOD, '2026-11']) {
      const stats = await workOrderViews.stats(c, month);
      expect(Object.keys(stats).sort()).toEqual(['byCategory', 'byState', 'month', 'overdueCount', 'sla', 'total']);
      const text = JSON.stringify(stats);
      for (const p of people) for (const v of [p.contact_name, p.contact_phone, p.location]) if (v) expect(text).not.toContain(v);
    }
  });
});

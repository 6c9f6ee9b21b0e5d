/**
 * The demo's payment model without a database: the collection rate it gives (about 73 % of
 * units paying on time in 2024-01, about 99 % from late 2025), the money it moves, the units it
 * leaves for the bank statement, and memos the bank import finds the unit in.
 * (ledger.routes.test.ts and the e2e tests seed the whole demo through the services.)
 */
import { describe, expect, it } from 'vitest';
import { matchLine } from '../modules/billing/bank-match.rules.js';
import { nextPeriod } from '../modules/ledger/ledger.rules.js';
import { type BillingUnit, FeePaymentModel, memoFor } from './billing-history.js';
import { buildDemoRoster } from './fenghuayuan.js';

function demoUnits(): BillingUnit[] {
  const { entries, people } = buildDemoRoster();
  return entries.map((e, i) => ({
    id: i + 1,
    code: e.unitCode,
    kind: e.kind,
    areaCm2: e.areaCm2,
    developer: e.deliveryStatus !== 'delivered',
    demoOwner: e.kind !== 'parking' && e.owners.some((o) => o.name === people.owner.name && o.phone === people.owner.phone),
  }));
}

describe('the demo payment model', () => {
  const units = demoUnits();
  const model = new FeePaymentModel(units, { until: '2026-11' });
  const rates = new Map<string, number>();
  let billed = 0;
  let received = 0;
  let refunded = 0;
  let hold = new Set<number>();
  const runs: { billCount: number }[] = [];
  for (let p = '2024-01'; p <= '2026-11'; p = nextPeriod(p)) {
    const run = model.billRun(p);
    billed += run.totalFen;
    runs.push(run);
    const current = p === '2026-11';
    if (current) hold = new Set([...model.designateBankTransfers(p), ...model.demoOwnerUnitIds()]);
    const { payments, refunds } = model.collect(p, current ? { current: { lastDay: 27 }, hold } : {});
    received += payments.reduce((a, x) => a + x.amountFen, 0);
    refunded += refunds.reduce((a, x) => a + x.amountFen, 0);
    for (const x of payments) expect(x.paidOn.slice(0, 7)).toBe(p);
    if (current) for (const x of payments) expect(x.paidOn <= '2026-11-27').toBe(true);
    rates.set(p, model.ontimeUnits(p) / run.billCount);
  }

  it('bills homes and shops, the developer’s unsold and undelivered homes included, not parking', () => {
    const billable = units.filter((u) => u.kind === 'residential' || u.kind === 'commercial');
    expect(billable).toHaveLength(446);
    expect(billable.filter((u) => u.developer)).toHaveLength(7);
    expect(runs.every((r) => r.billCount === 446)).toBe(true);
  });

  it('collects about 73 % of units on time in 2024-01, about 99 % from late 2025', () => {
    expect(rates.get('2024-01')).toBeGreaterThan(0.7);
    expect(rates.get('2024-01')).toBeLessThan(0.76);
    expect(rates.get('2024-12')).toBeGreaterThan(rates.get('2024-01')! + 0.08);
    for (const [p, r] of rates) if (p >= '2025-10' && p < '2026-11') expect(r, p).toBeGreaterThan(0.98);
  });

  it('every fen received is on a bill or still prepaid, less the refunds', () => {
    const { openFen, prepaidFen } = model.balances();
    expect(received - refunded).toBe(billed - openFen + prepaidFen);
    expect(refunded).toBeGreaterThan(0);
    expect(prepaidFen).toBeGreaterThan(0);
  });

  it('leaves ~26 units for the bank statement: two shops and a pair of one size among them, and the owner’s units', () => {
    const byId = new Map(units.map((u) => [u.id, u]));
    const owner = model.demoOwnerUnitIds();
    expect(owner.length).toBeGreaterThanOrEqual(2);
    const bank = [...hold].filter((id) => !owner.includes(id)).map((id) => byId.get(id)!);
    expect(bank).toHaveLength(26);
    expect(bank.filter((u) => u.code.startsWith('S-'))).toHaveLength(2);
    const sizes = new Map<number, number>();
    for (const u of bank) sizes.set(u.areaCm2, (sizes.get(u.areaCm2) ?? 0) + 1);
    expect([...sizes.values()]).toContain(2);
    for (const id of owner) expect(sizes.has(byId.get(id)!.areaCm2)).toBe(false);
  });
});

describe('memos as residents write them', () => {
  it('each style names its unit for the bank import', () => {
    const units = demoUnits().map((u) => ({ unitId: u.id, code: u.code, openFen: 0 }));
    for (const code of ['3-2-1201', '1-1-0102', '7-2-0701', '5-1-0802', 'S-03']) {
      const id = units.find((u) => u.code === code)!.unitId;
      for (let k = 0; k < 8; k++) {
        const memo = memoFor(code, 11, k);
        expect(matchLine({ memo, counterparty: '王芳', amountFen: 100 }, units), memo).toEqual({ status: 'matched', unitId: id, rule: 'code' });
      }
    }
  });
});

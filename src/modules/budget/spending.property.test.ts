/**
 * Budget vs actual equals the ledger (issue 6): for any sequence of expenses approved and posted
 * through the spending service — across lines and months, some emergencies posted before they are
 * ratified (with a line or without one), some approved and not yet posted, some withdrawn — the
 * execution per line and month (budget.queries.ts executionOf) equals the ledger's expense totals
 * per line computed independently from ledger_entries and ledger_lines, and both equal what the
 * sequence says was posted. Committed is what was approved and not posted; remaining is the rest.
 *
 * One database for the file; each run gets a community of its own with the same two accounts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/helpers/decisions.js';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { insertBudget, ledgerExpenses } from '../../../test/helpers/spending.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { executionOf, inForce } from './budget.queries.js';

const t = await createTestDb({ clock: '2026-01-15T02:00:00Z' });
const { spending, accounts, ledger: ledgers } = t.services;
const YEAR = 2025;
const LINES = [
  { code: 'L01', account: '5001', name: '人员费用', amountFen: 50_000_000 },
  { code: 'L02', account: '5002', name: '保洁费用', amountFen: 20_000_000 },
  { code: 'L03', account: '5005', name: '设施设备维护费用', amountFen: 10_000_000 },
];
let trustee: number;
let member: number;

beforeAll(async () => {
  trustee = await accounts.createAccount({ login: 'prop-trustee', displayName: '物业 陈', password: PASSWORD });
  member = await accounts.createAccount({ login: 'prop-member', displayName: '委员 林', password: PASSWORD });
}, 30_000);

type Step = { kind: 'posted' | 'approved' | 'withdrawn' | 'emergency' | 'emergency_unlined'; line: number; amountFen: number; month: number; day: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('posted', 'posted', 'posted', 'approved', 'withdrawn', 'emergency', 'emergency_unlined'),
  line: fc.integer({ min: 0, max: LINES.length - 1 }),
  // within one member's approval (≤ ¥5,000) and, summed over a run, within every line
  amountFen: fc.integer({ min: 1, max: 500_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
});

let run = 0;

describe('budget vs actual', () => {
  it('equals the ledger’s expense totals per line and month for any sequence of expenses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const c = await buildCommunity(t.services, `prop${++run}`);
        await accounts.grantRole({ accountId: trustee, role: 'trustee', communityCode: c.code }, null);
        await accounts.grantRole({ accountId: member, role: 'committee', communityCode: c.code }, null);
        const ledger = await ledgers.ensureLedger(c.id, c.code);
        const budget = await insertBudget(t, { c, committee: [member, member], entries: [], unitIds: new Map() }, YEAR, LINES);

        // the model: what each step puts into the actuals (per line|month) and the committed amounts
        const actual = new Map<string, number>();
        const committed = new Map<string, number>();
        const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
        for (const [i, s] of steps.entries()) {
          const line = LINES[s.line]!;
          const date = `${YEAR}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;
          const unlined = s.kind === 'emergency_unlined';
          const emergency = s.kind === 'emergency' || unlined;
          // proposed on the first day of the year: every posting date of the run is on or after it
          t.clock.set(`${YEAR}-01-01T02:00:00Z`);
          const { id } = await spending.propose(c, trustee, {
            idempotencyKey: `run${run}-${i}`,
            year: unlined ? null : YEAR,
            line: unlined ? null : line.code,
            account: unlined ? '5007' : null,
            title: `支出 ${i}`,
            counterparty: '成都某服务有限公司',
            amountFen: s.amountFen,
            emergency,
            emergencyReason: emergency ? '抢修' : null,
          });
          if (s.kind === 'withdrawn') {
            await spending.withdraw(c, id, trustee, '不再需要');
            continue;
          }
          t.clock.set('2026-01-15T02:00:00Z');
          if (!emergency) await spending.approve(c, id, member);
          if (s.kind === 'approved') {
            add(committed, line.code, s.amountFen);
            continue;
          }
          const invoice = await ledgers.storeVoucher(ledger, Buffer.from(`%PDF-1.4\n发票 ${run}-${i}\n`));
          await spending.post(c, id, trustee, { idempotencyKey: `post-${run}-${i}`, date, vouchers: [{ sha256: invoice.sha256, name: '发票.pdf' }] });
          add(actual, `${unlined ? '-' : line.code}|${s.month}`, s.amountFen);
        }

        const force = (await inForce(t.db, budget.id))!;
        const execution = await executionOf(t.db, ledger.id, budget.id, YEAR, force.lines);
        const fromLedger = await ledgerExpenses(t, ledger.id, YEAR);
        for (const row of execution.rows) {
          const budgetFen = LINES.find((l) => l.code === row.code)!.amountFen;
          for (let m = 1; m <= 12; m++) {
            const k = `${row.code}|${m}`;
            expect(row.months[m - 1], k).toBe(fromLedger.get(k) ?? 0);
            expect(row.months[m - 1], k).toBe(actual.get(k) ?? 0);
          }
          expect(row.actualFen).toBe(row.months.reduce((a, b) => a + b, 0));
          expect(row.committedFen).toBe(committed.get(row.code) ?? 0);
          expect(row.remainingFen).toBe(budgetFen - row.actualFen - row.committedFen);
        }
        for (let m = 1; m <= 12; m++) expect(execution.unbudgeted.months[m - 1]).toBe(fromLedger.get(`-|${m}`) ?? 0);
        // nothing the ledger holds as an expense is outside the execution
        const ledgerTotal = [...fromLedger.values()].reduce((a, b) => a + b, 0);
        expect(execution.totals.actualFen + execution.unbudgeted.actualFen).toBe(ledgerTotal);
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});

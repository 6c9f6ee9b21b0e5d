/**
 * The demo's open budget as a new user meets it on 2026-11-28: the 2025 budget from the trustee's
 * draft through consultation (comments, one hidden, answers in version 2, the diff) to its
 * adoption by the owners' vote, a year of execution in which every expense is an approved
 * proposal on its line (one over the tender threshold with three quotes, one emergency ratified
 * afterwards), the final accounts; the 2026 budget in force; the 2027 draft in consultation.
 * And the trace a user follows: from any 2025 expense in the public ledger back to its budget
 * line, its approvals and its quotes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CODE, seedDemo } from '../../src/demo/fenghuayuan.js';
import { PUBLIC_VIEWER } from '../../src/modules/budget/budget.views.js';
import { needsExplanation } from '../../src/modules/budget/budget.rules.js';
import type { LedgerRef } from '../../src/modules/ledger/ledger.repository.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb({ clock: '2026-11-28T02:00:00Z' });
const { budget, spending, decisions, statements } = t.services;
let c: { id: number; code: string };
let ledger: LedgerRef;
const PUBLIC = { accountId: null, roles: new Set<never>() };

beforeAll(async () => {
  const started = Date.now();
  await seedDemo(t.ctx, t.services, { quality: false });
  console.log(`[demo] seeded in ${Date.now() - started} ms`);
  c = await decisions.communityOrThrow(DEMO_CODE);
  ledger = await t.services.ledger.ensureLedger(c.id, c.code);
}, 600_000);

describe('the demo budgets', () => {
  it('lists 2025 closed, 2026 adopted, 2027 in consultation', async () => {
    const list = await budget.list(c, PUBLIC_VIEWER);
    expect(list.items.map((b) => [b.year, b.state])).toEqual(expect.arrayContaining([[2025, 'closed'], [2026, 'adopted'], [2027, 'consultation']]));
  });

  it('2025: version 1 commented on, one comment hidden, version 2 answers them and was adopted by the owners', async () => {
    const year = await budget.budget(c, 2025, PUBLIC_VIEWER);
    expect(year.versions.map((v) => [v.number, v.state])).toEqual([
      [1, 'superseded'],
      [2, 'adopted'],
    ]);
    expect(year.inForce).toBe(2);
    const v1 = await budget.version(c, 2025, 1, PUBLIC_VIEWER);
    expect(v1.comments.length).toBeGreaterThanOrEqual(6);
    const hidden = v1.comments.filter((x) => x.hidden);
    expect(hidden).toHaveLength(1);
    expect(hidden[0]!.body).toBeNull();
    expect(hidden[0]!.hidden!.reason).toContain('个人信息');
    // the public sees authors masked
    for (const x of v1.comments) expect(x.author).toMatch(/\*/);

    const diff = await budget.diff(c, 2025, { from: 1, to: 2 }, PUBLIC_VIEWER);
    const greenery = diff.lines.find((l) => l.code === 'L04')!;
    expect(greenery.change).toBe('changed');
    expect(greenery.deltaFen).toBe(200_000);
    expect(greenery.answered[0]!.answer!.body).toContain('采纳');
    expect(diff.lines.find((l) => l.code === 'L07')!.deltaFen).toBe(-250_000);
    expect(diff.incomeAfter.withinIncome).toBe(true);

    const v2 = year.versions.find((v) => v.number === 2)!;
    const d = await decisions.publicView(c, v2.decisionId!);
    expect(d.state).toBe('final');
    expect(d.items[0]!.matter).toBe(9);
  });

  it('2025 execution equals the ledger, and every 2025 expense is an approved proposal on its line', async () => {
    const e = await budget.execution(c, 2025, PUBLIC_VIEWER);
    expect(e.unbudgeted.actualFen).toBe(0);
    const byAccount = await t.db
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      .select(['l.account_code', (eb) => eb.fn.sum<string>(eb('l.debit_fen', '-', eb.ref('l.credit_fen'))).as('fen')])
      .where('e.ledger_id', '=', ledger.id)
      .where('e.entry_date', '>=', '2025-01-01')
      .where('e.entry_date', '<=', '2025-12-31')
      .where('l.account_code', 'like', '5%')
      .groupBy('l.account_code')
      .execute();
    for (const row of byAccount) expect(e.rows.find((r) => r.account === row.account_code)!.actualFen, row.account_code).toBe(Number(row.fen));

    const expenses = await t.db
      .selectFrom('ledger_entries')
      .select(['seq', 'refs', 'budget_line', 'approved_by'])
      .where('ledger_id', '=', ledger.id)
      .where('reason', '=', 'expense')
      .where('entry_date', '>=', '2025-01-01')
      .execute();
    expect(expenses.length).toBeGreaterThan(100);
    for (const x of expenses) {
      const refs = x.refs as { proposal?: number; budgetYear?: number; budgetLine?: string };
      expect(refs.proposal, `entry ${x.seq}`).toBeTypeOf('number');
      expect(x.budget_line).toMatch(/^\d{4}年度预算 L\d\d /);
    }
    const proposals = await t.db.selectFrom('expense_proposals').select(['state', 'emergency', 'approval_level']).where('community_id', '=', c.id).execute();
    expect(proposals.every((p) => p.state === 'posted')).toBe(true);
  });

  it('traces an expense from the public ledger to its line, approvals and quotes: the tender and the emergency', async () => {
    const page = await statements.entries(ledger, { period: '2025-08', account: '5005', page: 1, pageSize: 50 });
    const entry = page.items.find((x) => x.memo.includes('比价采购'))!;
    const id = (entry.refs as { proposal: number }).proposal;
    const p = await spending.view(c, id, PUBLIC);
    expect(p.state).toBe('posted');
    expect(p.ledgerSeq).toBe(entry.seq);
    expect(p.line).toBe('L05');
    expect(p.quotes).toHaveLength(3);
    expect(p.quotes.filter((q) => q.chosen)).toHaveLength(1);
    // the cheapest was not chosen, and the reason says why
    const cheapest = [...p.quotes].sort((a, b) => a.amountFen - b.amountFen)[0]!;
    expect(cheapest.chosen).toBe(false);
    expect(p.choiceReason).toContain('资质');
    expect(p.verdicts.filter((v) => v.verdict === 'approve').length).toBeGreaterThanOrEqual(p.approvalsNeeded);
    expect(p.approvalsNeeded).toBe(3);

    const list = await spending.list(c, { year: 2025, page: 1, pageSize: 200 });
    const emergency = list.items.find((x) => x.emergency)!;
    const ev = await spending.view(c, emergency.id, PUBLIC);
    expect(ev.ratification).toBe('ratified');
    expect(ev.disclosure!.overdue).toBe(false);
    expect(ev.disclosure!.at).not.toBeNull();
  });

  it('has the 2025 final accounts with every variance that needs one explained', async () => {
    const year = await budget.budget(c, 2025, PUBLIC_VIEWER);
    const fa = year.finalAccounts!;
    expect(fa.summary).toContain('2025');
    for (const l of fa.lines) if (needsExplanation(l.budgetFen, l.actualFen)) expect(l.explanation, l.code).toBeTruthy();
  });

  it('2027: the draft in consultation, open to the demo owner', async () => {
    const year = await budget.budget(c, 2027, PUBLIC_VIEWER);
    expect(year.versions[0]!.state).toBe('consultation');
    const owner = await t.db.selectFrom('accounts').select('id').where('login', '=', 'owner').executeTakeFirstOrThrow();
    const made = await budget.comment(c, 2027, 1, { accountId: owner.id, roles: new Set(['owner' as const]) }, { line: 'L04', stance: 'support', body: '支持', idempotencyKey: 'demo-test' });
    expect(made.mine).toBe(true);
  });
});

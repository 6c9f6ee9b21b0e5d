/**
 * Budget vs actual (part of `npm run bench`, see run.ts): the execution view of a budget year is a
 * public page, read on every visit, while the ledger it reads grows by every fee payment.
 *
 *   A community's ledger for one year: BENCH_BUDGET_ENTRIES fee receipts (default 100,000, Dr 1001 /
 *   Cr 4001, what most entries of a real ledger are) and BENCH_BUDGET_EXPENSES expenses (default
 *   2,000) on 20 budget lines, posted through postBatch with the refs a spending proposal writes
 *   ({ proposal, budgetYear, budgetLine }), a tenth of them reversed. Measured (median of 9):
 *   budget.queries.ts executionOf — actuals per line and month, reversals netted against their
 *   original's line, committed amounts — vs one SQL GROUP BY account over the year's expense
 *   lines (no lines, months or reversals: the least any such page must read), and vs the same
 *   actuals read from the year's entries instead of the expense accounts' lines (the first
 *   version of the query). The sums must agree.
 */
import { sql } from 'kysely';
import type { Services } from '../src/compose.js';
import { executionOf } from '../src/modules/budget/budget.queries.js';
import type { BudgetLine } from '../src/modules/budget/budget.rules.js';
import type { EntryInput } from '../src/modules/ledger/ledger.service.js';
import type { AppContext } from '../src/platform/context.js';
import { median, msText, n, ratio, row, time } from './billing.js';

type Community = { id: number; code: string };

export async function budgetBench(ctx: AppContext, services: Services, community: (code: string) => Promise<Community>, sizes: { receipts: number; expenses: number }) {
  const { db } = ctx;
  const year = 2025;
  const c = await community('bench-budget');
  const ledger = await services.ledger.ensureLedger(c.id, c.code);
  const accounts = ['5001', '5002', '5003', '5004', '5005', '5006', '5007', '5008', '5009'];
  const lines: BudgetLine[] = Array.from({ length: 20 }, (_, i) => ({ code: `L${String(i + 1).padStart(2, '0')}`, account: accounts[i % accounts.length]!, name: `科目 ${i + 1}`, amountFen: 100_000_000, basis: '', standard: null }));
  const day = (k: number, of: number) => {
    const d = new Date(Date.UTC(year, 0, 1) + Math.floor((k / of) * 364) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };

  console.log(`\nbudget vs actual: one year of ${n(sizes.receipts)} fee receipts and ${n(sizes.expenses)} expenses on ${lines.length} lines`);
  const entries: EntryInput[] = [];
  for (let k = 0; k < sizes.receipts; k++) {
    const fen = 10_000 + (k % 977) * 13;
    entries.push({ idempotencyKey: `r${k}`, date: day(k, sizes.receipts), memo: `物业费 ${k}`, reason: 'fee_income', lines: [{ account: '1001', debitFen: fen, creditFen: 0 }, { account: '4001', debitFen: 0, creditFen: fen }] });
  }
  for (let k = 0; k < sizes.expenses; k++) {
    const line = lines[k % lines.length]!;
    const fen = 50_000 + (k % 211) * 97;
    entries.push({
      idempotencyKey: `e${k}`,
      date: day(k, sizes.expenses),
      memo: `支出 ${k}`,
      reason: 'expense',
      counterparty: '某服务公司',
      budgetLine: `${year}年度预算 ${line.code} ${line.name}`,
      refs: { proposal: k + 1, budgetYear: year, budgetLine: line.code },
      lines: [{ account: line.account, debitFen: fen, creditFen: 0 }, { account: '1001', debitFen: 0, creditFen: fen }],
    });
  }
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const [postMs] = await time(async () => {
    for (let i = 0; i < entries.length; i += 1000) await services.ledger.postBatch(ledger, entries.slice(i, i + 1000));
  });
  // a tenth of the expenses reversed
  const seqs = await db.selectFrom('ledger_entries').select('seq').where('ledger_id', '=', ledger.id).where('reason', '=', 'expense').orderBy('seq').execute();
  for (const [i, { seq }] of seqs.entries()) if (i % 10 === 0) await services.ledger.reverse(ledger, seq, { idempotencyKey: `rev${seq}`, date: `${year}-12-31`, memo: `冲销第 ${seq} 号` });
  await sql`analyze ledger_entries, ledger_lines`.execute(db);
  row('ledger built', msText(postMs), `${n(entries.length)} entries through postBatch`);

  const budgetId = (await db.insertInto('budgets').values({ community_id: c.id, year, title: 'bench' }).returning('id').executeTakeFirstOrThrow()).id;

  const groupBy = () =>
    sql<{ account: string; fen: string }>`
      select l.account_code as account, sum(l.debit_fen - l.credit_fen) as fen
        from ledger_lines l join ledger_entries e on e.id = l.entry_id
       where l.ledger_id = ${ledger.id} and l.account_code like '5%'
         and e.entry_date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
       group by 1`.execute(db);
  const fromEntries = () =>
    sql`
      select coalesce(e.refs->>'budgetLine', o.refs->>'budgetLine') as line, l.account_code, to_char(e.entry_date, 'YYYY-MM') as period, sum(l.debit_fen - l.credit_fen)::bigint as fen
        from ledger_entries e
        join ledger_lines l on l.entry_id = e.id
        join ledger_accounts a on a.ledger_id = l.ledger_id and a.code = l.account_code and a.type = 'expense'
        left join ledger_entries o on o.ledger_id = e.ledger_id and o.seq = e.reverses_seq
       where e.ledger_id = ${ledger.id} and e.entry_date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
       group by 1, 2, 3`.execute(db);

  const base = await groupBy();
  const exec = await executionOf(db, ledger.id, budgetId, year, lines);
  const total = base.rows.reduce((s, r) => s + Number(r.fen), 0);
  if (exec.totals.actualFen + exec.unbudgeted.actualFen !== total) throw new Error(`execution ${exec.totals.actualFen} + ${exec.unbudgeted.actualFen} ≠ ledger ${total}`);

  const baseMs = await median(9, groupBy);
  const execMs = await median(9, () => executionOf(db, ledger.id, budgetId, year, lines));
  const oldMs = await median(9, fromEntries);
  row('GROUP BY account (baseline)', msText(baseMs), 'expense lines of the year, totals only');
  row('budget vs actual', msText(execMs), `${ratio(execMs / baseMs)} the baseline (per line and month, reversals, committed)`);
  row('  read from the entries', msText(oldMs), `${ratio(oldMs / baseMs)} the baseline (the year's entries scanned)`);
}

/**
 * Reads the budget and spending services share: a community's budget year, the version in force
 * with its lines, what the ledger says was spent against each line (the actuals), and what
 * approved proposals have spoken for (the committed amounts). The ledger is the only source of
 * actuals: a posted expense carries refs { budgetYear, budgetLine, proposal } and a reversal
 * nets out against its original's line.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { type Actual, type BudgetLine, type Execution, execution } from './budget.rules.js';

/** The expense account the month close accrues the trustee's remuneration on (DESIGN §2.2). */
export const REMUNERATION_ACCOUNT = '5101';

export function budgetOf(db: Db, communityId: number, year: number) {
  return db.selectFrom('budgets').selectAll().where('community_id', '=', communityId).where('year', '=', year).executeTakeFirst();
}

export async function linesOf(db: Db, versionId: number): Promise<BudgetLine[]> {
  const rows = await db.selectFrom('budget_lines').selectAll().where('version_id', '=', versionId).orderBy('position').execute();
  return rows.map((r) => ({ code: r.code, account: r.account_code, name: r.name, amountFen: r.amount_fen, basis: r.basis, standard: r.standard_code }));
}

/** The version in force: the last adopted one (a supplementary budget replaces the lines it restates). */
export async function inForce(db: Db, budgetId: number) {
  const v = await db.selectFrom('budget_versions').selectAll().where('budget_id', '=', budgetId).where('state', '=', 'adopted').orderBy('number', 'desc').limit(1).executeTakeFirst();
  if (!v) return null;
  return { version: v, lines: await linesOf(db, v.id) };
}

export interface LedgerActual extends Actual {
  account: string;
  /** a remuneration accrual (or its reversal), posted by the month close without a line */
  remuneration: boolean;
}

/**
 * Net expense per line, account and month of a year, from the ledger's entries. An entry that
 * names a line of another year's budget (an expense of last year's budget paid in January) is
 * not against this year's line of the same code: it counts without a line.
 */
export async function ledgerActuals(db: Db, ledgerId: number, year: number): Promise<LedgerActual[]> {
  // the codes as values, not a subquery: the planner then sees how few lines they have
  const codes = (await db.selectFrom('ledger_accounts').select('code').where('ledger_id', '=', ledgerId).where('type', '=', 'expense').execute()).map((a) => a.code);
  if (codes.length === 0) return [];
  const rows = await sql<{ line: string | null; account: string; period: string; remuneration: boolean; fen: number }>`
    select case when coalesce(e.refs->>'budgetYear', o.refs->>'budgetYear', ${String(year)}) = ${String(year)}
                then coalesce(e.refs->>'budgetLine', o.refs->>'budgetLine') end as line,
           l.account_code as account,
           to_char(e.entry_date, 'YYYY-MM') as period,
           (e.reason = 'remuneration_accrual' or coalesce(o.reason = 'remuneration_accrual', false)) as remuneration,
           sum(l.debit_fen - l.credit_fen)::bigint as fen
      from ledger_lines l
      join ledger_entries e on e.id = l.entry_id
      left join ledger_entries o on o.ledger_id = e.ledger_id and o.seq = e.reverses_seq
     -- from the expense accounts' lines (index ledger_lines_account), not from the year's entries:
     -- most entries are fee payments, which never touch an expense account
     where l.ledger_id = ${ledgerId}
       and l.account_code = any(${codes}::text[])
       and e.entry_date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
     group by 1, 2, 3, 4
     order by 3, 2, 1`.execute(db);
  return rows.rows.map((r) => ({ line: r.line, account: r.account, period: r.period, remuneration: r.remuneration, fen: Number(r.fen) }));
}

/**
 * Amounts spoken for and not yet posted, per line: approved proposals, and emergencies not yet
 * posted (they may be posted before they are ratified).
 */
export async function committed(db: Db, budgetId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('expense_proposals')
    .select(['line_code', (eb) => eb.fn.sum<string>('amount_fen').as('fen')])
    .where('budget_id', '=', budgetId)
    .where((eb) => eb.or([eb('state', '=', 'approved'), eb.and([eb('emergency', '=', true), eb('state', '=', 'pending')])]))
    .groupBy('line_code')
    .execute();
  return new Map(rows.filter((r) => r.line_code !== null).map((r) => [r.line_code!, Number(r.fen)]));
}

/**
 * Budget vs actual of a year against the given lines (the version in force). Remuneration
 * accruals carry no line: they count against the line on account 5101 when the budget has one.
 */
export async function executionOf(db: Db, ledgerId: number, budgetId: number, year: number, lines: readonly BudgetLine[]): Promise<Execution> {
  const [actuals, spoken] = await Promise.all([ledgerActuals(db, ledgerId, year), committed(db, budgetId)]);
  const remunerationLine = lines.find((l) => l.account === REMUNERATION_ACCOUNT)?.code ?? null;
  const known = new Set(lines.map((l) => l.code));
  const attributed: Actual[] = actuals.map((a) => ({
    line: a.line !== null && known.has(a.line) ? a.line : a.line === null && a.remuneration ? remunerationLine : null,
    period: a.period,
    fen: a.fen,
  }));
  return execution(year, lines, attributed, spoken);
}

/** What is left on one line: budget − posted − committed (the caller's own approved amount included). */
export async function remainingOn(db: Db, ledgerId: number, budgetId: number, year: number, lines: readonly BudgetLine[], code: string): Promise<number> {
  const e = await executionOf(db, ledgerId, budgetId, year, lines);
  const row = e.rows.find((r) => r.code === code);
  if (!row) throw new Error(`no line ${code}`);
  return row.remainingFen;
}

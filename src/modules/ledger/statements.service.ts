/**
 * Statements from the maintained balances (never by summing lines): monthly and yearly income
 * and expense by account, fund balance, remuneration, checkpoint; the trial balance; entries
 * for drill-down and the public ledger (persons only as pseudonyms — counterparties are stored
 * that way already).
 */
import { sql } from 'kysely';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { AccountType } from '../../platform/db/schema.js';
import { ValidationError } from '../../platform/errors.js';
import { type LedgerRef, ENTRY_COLUMNS, entryLinesJson, entryReversedBy, entryVouchersJson } from './ledger.repository.js';
import { type ChainedEntry, disclosureDueDate, isPeriod, lastDayOf, naturalBalance, nextPeriod } from './ledger.rules.js';

export interface AccountAmount {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
  debitFen: number;
  creditFen: number;
  /** in the account's natural direction */
  amountFen: number;
}

export interface Statement {
  from: string;
  to: string;
  income: AccountAmount[];
  expense: AccountAmount[];
  incomeFen: number;
  expenseFen: number;
  surplusFen: number;
  /** at the end of `to`: assets − liabilities (the owners' common fund) */
  fundBalanceFen: number;
  assets: AccountAmount[];
  liabilities: AccountAmount[];
  remuneration: { period: string; baseFen: number; rateBp: number; grossFen: number; deductionFen: number; amountFen: number; seq: number }[];
  checkpoint: { period: string; seq: number; hash: string } | null;
}

export function createStatementsService(ctx: AppContext) {
  const { db } = ctx;

  /** Debits and credits per account over [from, to] (periods), from ledger_balances. */
  async function movements(ledger: LedgerRef, from: string | null, to: string): Promise<AccountAmount[]> {
    const { rows } = await sql<{ code: string; name: string; name_en: string; type: AccountType; debit: number; credit: number }>`
      select a.code, a.name, a.name_en, a.type, coalesce(sum(b.debit_fen), 0)::int8 as debit, coalesce(sum(b.credit_fen), 0)::int8 as credit
        from ledger_accounts a
        left join ledger_balances b on b.ledger_id = a.ledger_id and b.account_code = a.code
             and b.period <= ${to} and (${from}::text is null or b.period >= ${from})
       where a.ledger_id = ${ledger.id}
       group by a.code, a.name, a.name_en, a.type
       order by a.code`.execute(db);
    return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, type: r.type, debitFen: r.debit, creditFen: r.credit, amountFen: naturalBalance(r.type, r.debit, r.credit) }));
  }

  async function statement(ledger: LedgerRef, from: string, to: string): Promise<Statement> {
    if (!isPeriod(from) || !isPeriod(to) || from > to) throw new ValidationError('ledger.bad_period', { period: `${from}…${to}` });
    const [flow, cumulative] = await Promise.all([movements(ledger, from, to), movements(ledger, null, to)]);
    const income = flow.filter((a) => a.type === 'income' && (a.debitFen || a.creditFen));
    const expense = flow.filter((a) => a.type === 'expense' && (a.debitFen || a.creditFen));
    const incomeFen = income.reduce((s, a) => s + a.amountFen, 0);
    const expenseFen = expense.reduce((s, a) => s + a.amountFen, 0);
    const assets = cumulative.filter((a) => a.type === 'asset');
    const liabilities = cumulative.filter((a) => a.type === 'liability');
    const fundBalanceFen = assets.reduce((s, a) => s + a.amountFen, 0) - liabilities.reduce((s, a) => s + a.amountFen, 0);
    const remunerationRows = await db
      .selectFrom('ledger_entries')
      .select(['seq', 'refs'])
      .where('ledger_id', '=', ledger.id)
      .where('reason', '=', 'remuneration_accrual')
      .where(sql<boolean>`refs->>'period' between ${from} and ${to}`)
      .orderBy('seq')
      .execute();
    const checkpoint = await db
      .selectFrom('ledger_periods')
      .select(['period', 'checkpoint_seq', 'checkpoint_hash'])
      .where('ledger_id', '=', ledger.id)
      .where('period', '<=', to)
      .orderBy('period', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      from,
      to,
      income,
      expense,
      incomeFen,
      expenseFen,
      surplusFen: incomeFen - expenseFen,
      fundBalanceFen,
      assets,
      liabilities,
      remuneration: remunerationRows.map((r) => {
        const refs = r.refs as Record<string, string | number>;
        return {
          period: String(refs.period),
          baseFen: Number(refs.baseFen),
          rateBp: Number(refs.rateBp),
          grossFen: Number(refs.grossFen),
          deductionFen: Number(refs.deductionFen ?? 0),
          amountFen: Number(refs.amountFen),
          seq: r.seq,
        };
      }),
      checkpoint: checkpoint && checkpoint.period === to ? { period: checkpoint.period, seq: checkpoint.checkpoint_seq, hash: checkpoint.checkpoint_hash } : null,
    };
  }

  return {
    statement,
    monthly: (ledger: LedgerRef, period: string) => statement(ledger, period, period),
    yearly: (ledger: LedgerRef, year: number) => statement(ledger, `${year}-01`, `${year}-12`),

    /** Every account's cumulative debits, credits and natural balance up to a period (all when omitted). */
    async trialBalance(ledger: LedgerRef, to = '9999-12') {
      const accounts = await movements(ledger, null, to);
      return {
        to,
        accounts,
        debitFen: accounts.reduce((s, a) => s + a.debitFen, 0),
        creditFen: accounts.reduce((s, a) => s + a.creditFen, 0),
      };
    },

    /** Entries, newest first, with lines and vouchers; filters for drill-down and "find my payment". */
    async entries(ledger: LedgerRef, f: { period?: string; account?: string; counterparty?: string; page: number; pageSize: number }) {
      if (f.period && !isPeriod(f.period)) throw new ValidationError('ledger.bad_period', { period: f.period });
      let q = db.selectFrom('ledger_entries as e').where('e.ledger_id', '=', ledger.id);
      if (f.period) q = q.where('e.entry_date', '>=', `${f.period}-01`).where('e.entry_date', '<=', lastDayOf(f.period));
      if (f.counterparty) q = q.where('e.counterparty', '=', f.counterparty);
      if (f.account) q = q.where((eb) => eb.exists(eb.selectFrom('ledger_lines as l').select('l.entry_id').whereRef('l.entry_id', '=', 'e.id').where('l.account_code', '=', f.account!)));
      const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      const rows = await q
        .select(['e.id', ...ENTRY_COLUMNS,
          entryLinesJson(),
          entryVouchersJson(),
          entryReversedBy(),
        ])
        .orderBy('e.seq', 'desc')
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize)
        .execute();
      return { total: Number(total), items: rows };
    },

    /** All entries in chain order, as the export and the verifier see them. */
    async *chained(ledger: LedgerRef, batch = 5000): AsyncGenerator<ChainedEntry> {
      const name = `${ledger.communityCode}/${ledger.code}`;
      for (let after = 0; ; ) {
        const rows = await db
          .selectFrom('ledger_entries as e')
          .select([...ENTRY_COLUMNS,
            entryLinesJson(),
            entryVouchersJson(),
          ])
          .where('e.ledger_id', '=', ledger.id)
          .where('e.seq', '>', after)
          .orderBy('e.seq')
          .limit(batch)
          .execute();
        for (const r of rows) {
          yield {
            ledger: name,
            seq: r.seq,
            date: r.entry_date,
            memo: r.memo,
            reason: r.reason,
            counterparty: r.counterparty,
            budgetLine: r.budget_line,
            reverses: r.reverses_seq,
            refs: r.refs as Record<string, string | number>,
            lines: r.lines ?? [],
            vouchers: r.vouchers,
            recordedAt: new Date(r.recorded_at).toISOString(),
            prevHash: r.prev_hash,
            hash: r.hash,
          };
        }
        if (rows.length < batch) return;
        after = rows.at(-1)!.seq;
      }
    },

    /** Each month from `from` to `to`: closed or not, published when, due when, status. */
    async calendar(ledger: LedgerRef, from: string, to: string, today: string) {
      const periods = await db.selectFrom('ledger_periods').select(['period', 'closed_at', 'checkpoint_seq', 'checkpoint_hash']).where('ledger_id', '=', ledger.id).execute();
      const published = await db.selectFrom('disclosures').select(['period', 'published_at']).where('ledger_id', '=', ledger.id).execute();
      const closedBy = new Map(periods.map((p) => [p.period, p]));
      const pubBy = new Map(published.map((p) => [p.period, p.published_at]));
      const out = [];
      for (let p = from; p <= to; p = nextPeriod(p)) {
        const due = disclosureDueDate(p);
        const at = pubBy.get(p);
        const publishedDay = at ? shanghaiDay(new Date(at)) : null;
        const status = publishedDay ? (publishedDay <= due ? 'on_time' : 'late') : today > due ? 'missing' : 'not_due';
        const c = closedBy.get(p);
        out.push({ period: p, due, closed: !!c, checkpoint: c ? { seq: c.checkpoint_seq, hash: c.checkpoint_hash } : null, publishedAt: at ? new Date(at).toISOString() : null, status });
      }
      return out;
    },
  };
}

export type StatementsService = ReturnType<typeof createStatementsService>;

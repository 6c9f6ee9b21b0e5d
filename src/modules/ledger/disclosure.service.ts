/**
 * Public disclosure (公示, DESIGN §2.2) on top of the statements: a month's or a year's
 * statement, the monthly income/expense series for the chart, the disclosure calendar from the
 * ledger's start to the current month (Asia/Shanghai), and publishing a closed month.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { registerMessages } from '../../platform/i18n.js';
import type { CloseService } from './close.service.js';
import * as repo from './disclosure.repository.js';
import type { LedgerRef } from './ledger.repository.js';
import type { StatementsService } from './statements.service.js';

registerMessages({
  'ledger.entry_not_found': { 'zh-CN': '第 {seq} 号分录不存在', en: 'Entry {seq} does not exist' },
  'ledger.series_range': { 'zh-CN': '月度序列的期间须为 {from} 至 {to}，且不超过 {max} 个月', en: 'A monthly series runs from {from} to {to} and covers at most {max} months' },
});

export type DisclosureStatus = 'on_time' | 'late' | 'missing' | 'not_due';

/** The chart asks for at most three years of months; each month is one statement. */
export const MAX_SERIES_MONTHS = 36;
const DEFAULT_SERIES_MONTHS = 12;

/** `period` moved by `n` months (n may be negative). */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

export function createDisclosureService(ctx: AppContext, statements: StatementsService, close: CloseService) {
  const { db, clock } = ctx;
  const today = () => shanghaiDay(clock.now());
  const thisMonth = () => today().slice(0, 7);

  return {
    statement(ledger: LedgerRef, q: { period?: string; year?: number }) {
      return q.year !== undefined ? statements.yearly(ledger, q.year) : statements.monthly(ledger, q.period!);
    },

    /** Income and expense per month over [from, to] (default: the last 12 months to this month). */
    async series(ledger: LedgerRef, q: { from?: string; to?: string }) {
      const to = q.to ?? (q.from ? addMonths(q.from, DEFAULT_SERIES_MONTHS - 1) : thisMonth());
      const from = q.from ?? addMonths(to, -(DEFAULT_SERIES_MONTHS - 1));
      const n = monthsBetween(from, to);
      if (n < 1 || n > MAX_SERIES_MONTHS) throw new ValidationError('ledger.series_range', { from, to, max: MAX_SERIES_MONTHS });
      const periods = Array.from({ length: n }, (_, i) => addMonths(from, i));
      const closed = await repo.closedPeriods(db, ledger.id, from, to);
      const items = [];
      // a few months at a time: each statement is four small queries on the maintained balances
      for (let i = 0; i < periods.length; i += 4) {
        const batch = await Promise.all(periods.slice(i, i + 4).map((p) => statements.monthly(ledger, p)));
        for (const s of batch) {
          items.push({ period: s.from, incomeFen: s.incomeFen, expenseFen: s.expenseFen, surplusFen: s.surplusFen, fundBalanceFen: s.fundBalanceFen, closed: closed.has(s.from) });
        }
      }
      return { from, to, items };
    },

    /**
     * Each month from the ledger's start — its first closed month or first entry, else the month
     * the trust began — to this month: published on time, late, missing, or not yet due.
     */
    async calendar(ledger: LedgerRef) {
      const to = thisMonth();
      const start = await repo.ledgerStart(db, ledger.id);
      const since = await repo.trustSince(db, ledger.communityId);
      const candidates = [start.firstClosed, start.firstEntry].filter((p): p is string => !!p);
      let from = candidates.length ? candidates.sort()[0]! : since ? since.slice(0, 7) : to;
      if (from > to) from = to;
      const items = await statements.calendar(ledger, from, to, today());
      // statements.calendar infers `status` as string; it is one of these four
      return { from, to, today: today(), items: items.map((i) => ({ ...i, status: i.status as DisclosureStatus })) };
    },

    /** One entry, as the public ledger shows it. */
    async entry(ledger: LedgerRef, seq: number) {
      const row = await repo.entryBySeq(db, ledger.id, seq);
      if (!row) throw new NotFoundError('ledger.entry_not_found', { seq });
      return row;
    },

    /** Publishes a closed month (idempotent: publishing again keeps the first time). */
    async publish(ledger: LedgerRef, period: string, by: number | null) {
      await close.publish(ledger, period, by);
      const d = (await repo.disclosure(db, ledger.id, period))!;
      return { period, publishedAt: new Date(d.published_at).toISOString(), checkpoint: { seq: d.checkpoint_seq, hash: d.checkpoint_hash } };
    },
  };
}

export type DisclosureService = ReturnType<typeof createDisclosureService>;

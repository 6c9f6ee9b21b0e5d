/**
 * The month close runs by itself: every night, each common fund ledger closes every month that
 * ended and whose grace days have passed (default: month M closes from the 3rd of M+1, so that
 * late vouchers of the month's last days can still be recorded). The trustee may close earlier
 * by hand; closing is idempotent and in order, so a run that finds nothing to do does nothing.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { lastDayOf, nextPeriod } from './ledger.rules.js';
import type { CloseService } from './close.service.js';
import { COMMON_FUND, type LedgerService } from './ledger.service.js';

/** Pure: may `period` be closed automatically on `today` with closing on day `closeDay` of the next month? */
export function dueForAutoClose(period: string, today: string, closeDay: number): boolean {
  return today > lastDayOf(period) && today >= `${nextPeriod(period)}-${String(closeDay).padStart(2, '0')}`;
}

export async function autoCloseMonths(ctx: AppContext, ledgers: LedgerService, close: CloseService): Promise<string[]> {
  const today = shanghaiDay(ctx.clock.now());
  const rows = await ctx.db
    .selectFrom('ledgers')
    .innerJoin('communities', 'communities.id', 'ledgers.community_id')
    .select(['communities.code as community'])
    .where('ledgers.code', '=', COMMON_FUND)
    .execute();
  const closed: string[] = [];
  for (const { community } of rows) {
    // one community's failure is logged and does not hold up the others; the next run retries it
    try {
      const ledger = await ledgers.ledgerOrThrow(community);
      for (let p = await close.nextToClose(ledger); p && dueForAutoClose(p, today, ctx.config.XINYI_AUTO_CLOSE_DAY); p = nextPeriod(p)) {
        await close.closeMonth(ledger, p, null);
        closed.push(`${community} ${p}`);
      }
    } catch (err) {
      ctx.log(`month close of ${community} failed: ${(err as Error).message}`);
    }
  }
  if (closed.length) ctx.log(`month close: ${closed.join(', ')}`);
  return closed;
}

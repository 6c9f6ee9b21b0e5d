/**
 * Billing invariants as executable checks (`xinyi billing check`, and the tests): the maintained
 * collection figures equal the counts recomputed from the bills; every bill's paid amount is the
 * sum of its allocations; every prepayment balance is what came in minus what went to bills and
 * back to the owner; and the ledger's receivable (1122) and prepayment (2203) balances equal the
 * open bills and the prepayment balances.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { CommunityRef } from '../../platform/http/access.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import type { StatementsService } from '../ledger/statements.service.js';
import * as crepo from './collection.repository.js';

export interface BillingFailure {
  check: 'collection_stats' | 'bill_paid' | 'prepaid_balance' | 'ledger_1122' | 'ledger_2203';
  message: string;
}

export function createBillingCheck(ctx: AppContext, ledger: LedgerService, statements: StatementsService) {
  const { db } = ctx;
  return {
    async check(c: Pick<CommunityRef, 'id' | 'code'>): Promise<BillingFailure[]> {
      const failures: BillingFailure[] = [];
      const recomputed = new Map((await crepo.countsFromBills(db, c.id)).map((r) => [`${r.period}|${r.building_id}|${r.unit_kind}`, r]));
      const maintained = await db.selectFrom('collection_stats').selectAll().where('community_id', '=', c.id).execute();
      const fields = ['billed_units', 'billed_fen', 'paid_units', 'paid_fen', 'ontime_units', 'ontime_fen'] as const;
      for (const m of maintained) {
        const k = `${m.period}|${m.building_id}|${m.unit_kind}`;
        const r = recomputed.get(k);
        recomputed.delete(k);
        const bad = fields.filter((f) => (r ? r[f] : 0) !== m[f]);
        if (bad.length) failures.push({ check: 'collection_stats', message: `${k}: ${bad.map((f) => `${f} ${m[f]} ≠ ${r ? r[f] : 0}`).join(', ')}` });
      }
      for (const k of recomputed.keys()) failures.push({ check: 'collection_stats', message: `${k}: bills without maintained figures` });

      const { rows: badBills } = await sql<{ id: number; paid_fen: number; allocated: number }>`
        select b.id, b.paid_fen, coalesce(sum(a.amount_fen), 0)::int8 as allocated
          from bills b left join allocations a on a.bill_id = b.id
         where b.community_id = ${c.id} group by b.id having b.paid_fen <> coalesce(sum(a.amount_fen), 0) limit 20`.execute(db);
      for (const b of badBills) failures.push({ check: 'bill_paid', message: `bill ${b.id}: paid ${b.paid_fen} ≠ allocated ${b.allocated}` });

      const { rows: badUnits } = await sql<{ unit_id: number; prepaid_fen: number; expected: number }>`
        select ub.unit_id, ub.prepaid_fen,
               (coalesce((select sum(amount_fen) from payments p where p.unit_id = ub.unit_id), 0)
              - coalesce((select sum(amount_fen) from allocations a where a.unit_id = ub.unit_id), 0)
              - coalesce((select sum(amount_fen) from refunds r where r.unit_id = ub.unit_id), 0))::int8 as expected
          from unit_billing ub where ub.community_id = ${c.id}`.execute(db);
      for (const u of badUnits.filter((u) => u.prepaid_fen !== u.expected).slice(0, 20)) failures.push({ check: 'prepaid_balance', message: `unit ${u.unit_id}: prepaid ${u.prepaid_fen} ≠ ${u.expected}` });

      const l = await ledger.ledgerOrThrow(c.code).catch(() => null);
      if (l) {
        const tb = await statements.trialBalance(l);
        const bal = (code: string) => tb.accounts.find((a) => a.code === code)?.amountFen ?? 0;
        const { rows } = await sql<{ open: number; prepaid: number }>`
          select (select coalesce(sum(amount_fen - paid_fen), 0) from bills where community_id = ${c.id})::int8 as open,
                 (select coalesce(sum(prepaid_fen), 0) from unit_billing where community_id = ${c.id})::int8 as prepaid`.execute(db);
        if (bal('1122') !== rows[0]!.open) failures.push({ check: 'ledger_1122', message: `1122 balance ${bal('1122')} ≠ open bills ${rows[0]!.open}` });
        if (bal('2203') !== rows[0]!.prepaid) failures.push({ check: 'ledger_2203', message: `2203 balance ${bal('2203')} ≠ prepayments ${rows[0]!.prepaid}` });
      }
      return failures;
    },
  };
}

export type BillingCheck = ReturnType<typeof createBillingCheck>;

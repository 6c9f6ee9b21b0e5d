/**
 * Month close (DESIGN §2.2): the trustee's remuneration for the month is accrued from the trust
 * contract in force (Dr 5101 受托人酬金 / Cr 2241 应付受托人酬金, rounded half-up once), then the
 * month is closed with a checkpoint (sequence, hash) that the monthly disclosure publishes.
 * Closing takes the ledger's head lock: nothing can be posted into the month meanwhile.
 *
 * Remuneration bases (documented in docs/ledger-format.md):
 *   received_fees_and_public_revenue  what the month's receipts (entries of reason fee_income,
 *                                     fee_payment, prepayment, public_revenue) credit to 4001, 1122,
 *                                     2203 and 4101–4199, less what refunds and reversals debit
 *                                     to them; a reversal counts under the reason it reverses
 *   received_fees                     the same without public revenue
 *   all_income                        the month's income accounts (4xxx), credits − debits
 */
import { sql } from 'kysely';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { RemunerationBase } from '../../platform/db/schema.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { formatFen, formatRateBp } from '../../platform/money.js';
import * as repo from './ledger.repository.js';
import { FEE_RECEIPT_REASONS, PUBLIC_REVENUE_REASONS, isPeriod, lastDayOf, nextPeriod, remuneration } from './ledger.rules.js';
import type { LedgerService } from './ledger.service.js';

/** The service-quality deduction for a month, in basis points of the remuneration (the quality issue fills it). */
export type QualityDeduction = (communityId: number, period: string, rule: unknown) => Promise<number>;
export const noQualityDeduction: QualityDeduction = async () => 0;

export function createCloseService(ctx: AppContext, ledgers: LedgerService, qualityDeduction: QualityDeduction = noQualityDeduction) {
  const { db, clock } = ctx;

  async function termsOn(t: Db, communityId: number, date: string) {
    return t
      .selectFrom('trust_contracts')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('effective_from', '<=', date)
      .orderBy('effective_from', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async function baseFen(t: Db, ledgerId: number, period: string, base: RemunerationBase): Promise<number> {
    if (base === 'all_income') {
      const { rows } = await sql<{ v: number }>`
        select coalesce(sum(b.credit_fen - b.debit_fen), 0)::int8 as v from ledger_balances b join ledger_accounts a
          on a.ledger_id = b.ledger_id and a.code = b.account_code
         where b.ledger_id = ${ledgerId} and b.period = ${period} and a.type = 'income'`.execute(t);
      return rows[0]!.v;
    }
    const withPublic = base === 'received_fees_and_public_revenue';
    const reasons = withPublic ? [...FEE_RECEIPT_REASONS, ...PUBLIC_REVENUE_REASONS, 'fee_refund'] : [...FEE_RECEIPT_REASONS, 'fee_refund'];
    // what was received is read off the accounts the receipts credit (fees 4001, receivables 1122,
    // prepayments 2203, public revenue 4101–4199), net of debits to them (refunds, reversals), so
    // that a reason tag alone cannot put other money into the trustee's base; a reversal counts
    // under the reason of the entry it reverses
    const { rows } = await sql<{ v: number }>`
      select coalesce(sum(l.credit_fen - l.debit_fen), 0)::int8 as v
        from ledger_entries e join ledger_lines l on l.entry_id = e.id
        left join ledger_entries o on e.reason = 'reversal' and o.ledger_id = e.ledger_id and o.seq = e.reverses_seq
       where e.ledger_id = ${ledgerId}
         and coalesce(o.reason, e.reason) = any(${reasons}::text[])
         and (l.account_code in ('4001', '1122', '2203') or (${withPublic} and l.account_code between '4101' and '4199'))
         and e.entry_date between ${`${period}-01`}::date and ${lastDayOf(period)}::date`.execute(t);
    return rows[0]!.v;
  }

  return {
    /** Records the remuneration terms of the trust contract from a date on. */
    async setContract(communityId: number, c: { effectiveFrom: string; rateBp: number; base: RemunerationBase; capFen?: number | null; qualityRule?: unknown; document?: string | null }) {
      if (!Number.isInteger(c.rateBp) || c.rateBp < 0 || c.rateBp > 10_000) throw new ValidationError('ledger.bad_rate');
      await db
        .insertInto('trust_contracts')
        .values({
          community_id: communityId,
          effective_from: c.effectiveFrom,
          rate_bp: c.rateBp,
          base: c.base,
          cap_fen: c.capFen ?? null,
          quality_rule: c.qualityRule === undefined ? null : JSON.stringify(c.qualityRule),
          document: c.document ?? null,
        })
        .onConflict((oc) => oc.columns(['community_id', 'effective_from']).doNothing())
        .executeTakeFirst()
        .then((r) => {
          // terms once recorded for a date are not rewritten: a change takes a new effective date
          if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0) throw new ConflictError('ledger.contract_exists', { date: c.effectiveFrom });
        });
    },

    /** Records a breach of the trust contract: remuneration payments stop until it is cured. */
    async recordBreach(communityId: number, description: string): Promise<number> {
      if (!description.trim()) throw new ValidationError('ledger.bad_memo');
      const row = await db.insertInto('trust_breaches').values({ community_id: communityId, recorded_at: clock.now(), description: description.trim() }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    async cureBreach(communityId: number, id: number): Promise<void> {
      const r = await db.updateTable('trust_breaches').set({ cured_at: clock.now() }).where('id', '=', id).where('community_id', '=', communityId).where('cured_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new ValidationError('ledger.breach_not_found', { id });
    },

    /** The first month not yet closed (from the first entry's month), or null when the ledger is empty. */
    async nextToClose(ledger: repo.LedgerRef): Promise<string | null> {
      const last = await db.selectFrom('ledger_periods').select('period').where('ledger_id', '=', ledger.id).orderBy('period', 'desc').limit(1).executeTakeFirst();
      if (last) return nextPeriod(last.period);
      const first = await db.selectFrom('ledger_entries').select(sql<string>`to_char(min(entry_date), 'YYYY-MM')`.as('p')).where('ledger_id', '=', ledger.id).executeTakeFirst();
      return first?.p ?? null;
    },

    /**
     * Closes a month: in order, only after it has ended (Asia/Shanghai), idempotent (closing a
     * closed month returns its checkpoint).
     */
    async closeMonth(ledger: repo.LedgerRef, period: string, by: number | null = null) {
      if (!isPeriod(period)) throw new ValidationError('ledger.bad_period', { period });
      if (shanghaiDay(clock.now()) <= lastDayOf(period)) throw new ValidationError('ledger.close_too_early', { period });
      return db.transaction().execute(async (t) => {
        await repo.lockHead(t, ledger.id);
        const done = await t.selectFrom('ledger_periods').selectAll().where('ledger_id', '=', ledger.id).where('period', '=', period).executeTakeFirst();
        if (done) return { period, seq: done.checkpoint_seq, hash: done.checkpoint_hash, remuneration: null, alreadyClosed: true };
        const earlier = await t.selectFrom('ledger_periods').select('period').where('ledger_id', '=', ledger.id).orderBy('period', 'desc').limit(1).executeTakeFirst();
        if (earlier && nextPeriod(earlier.period) !== period) throw new ValidationError('ledger.close_order', { period: nextPeriod(earlier.period) });
        if (!earlier) {
          const unclosedBefore = await t.selectFrom('ledger_entries').select('seq').where('ledger_id', '=', ledger.id).where('entry_date', '<', `${period}-01`).limit(1).executeTakeFirst();
          if (unclosedBefore) throw new ValidationError('ledger.close_order', { period: 'earlier months' });
        }
        const terms = await termsOn(t, ledger.communityId, lastDayOf(period));
        let rem = null;
        if (terms) {
          const base = await baseFen(t, ledger.id, period, terms.base);
          const deductionBp = terms.quality_rule ? await qualityDeduction(ledger.communityId, period, terms.quality_rule) : 0;
          rem = { ...remuneration({ rateBp: terms.rate_bp, base: terms.base, capFen: terms.cap_fen }, base, deductionBp), rateBp: terms.rate_bp, base: terms.base };
          if (rem.amountFen > 0) {
            await ledgers.post(
              ledger,
              {
                idempotencyKey: `remuneration:${period}`,
                date: lastDayOf(period),
                memo: `${period} 受托人酬金计提：基数 ${formatFen(rem.baseFen)} × ${formatRateBp(rem.rateBp)}${rem.deductionFen ? `，服务质量扣减 ${formatFen(rem.deductionFen)}` : ''}`,
                reason: 'remuneration_accrual',
                lines: [
                  { account: '5101', debitFen: rem.amountFen, creditFen: 0 },
                  { account: '2241', debitFen: 0, creditFen: rem.amountFen },
                ],
                refs: { period, baseFen: rem.baseFen, rateBp: rem.rateBp, grossFen: rem.grossFen, deductionFen: rem.deductionFen, amountFen: rem.amountFen, base: rem.base },
                recordedBy: by,
              },
              t,
            );
          }
        }
        const head = await repo.head(t, ledger.id);
        await t
          .insertInto('ledger_periods')
          .values({ ledger_id: ledger.id, period, closed_at: clock.now(), closed_by: by, checkpoint_seq: head.last_seq, checkpoint_hash: head.last_hash })
          .execute();
        return { period, seq: head.last_seq, hash: head.last_hash, remuneration: rem, alreadyClosed: false };
      });
    },

    /** Publishes a closed month's statement (公示); the calendar judges it on time or late. */
    async publish(ledger: repo.LedgerRef, period: string, by: number | null = null) {
      const closed = await db.selectFrom('ledger_periods').selectAll().where('ledger_id', '=', ledger.id).where('period', '=', period).executeTakeFirst();
      if (!closed) throw new ValidationError('ledger.not_closed', { period });
      await db
        .insertInto('disclosures')
        .values({ ledger_id: ledger.id, period, published_at: clock.now(), published_by: by, checkpoint_seq: closed.checkpoint_seq, checkpoint_hash: closed.checkpoint_hash })
        .onConflict((oc) => oc.columns(['ledger_id', 'period']).doNothing())
        .execute();
    },
  };
}

export type CloseService = ReturnType<typeof createCloseService>;

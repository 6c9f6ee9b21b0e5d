/**
 * Payments and refunds (DESIGN §2.3): a payment is allocated oldest bill first, the rest kept as
 * the unit's prepayment (2203); a refund pays back a prepayment. Idempotent by the client's key,
 * serialized per unit by a row lock, posted to the ledger under the unit's pseudonym in the same
 * transaction. See docs/billing.md.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { PaymentChannel } from '../../platform/db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { formatFen } from '../../platform/money.js';
import type { LedgerRef } from '../ledger/ledger.repository.js';
import { isDate, isStorableText, lastDayOf } from '../ledger/ledger.rules.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import { unitPseudonym } from '../register/register.service.js';
import './billing.messages.js';
import * as repo from './billing.repository.js';
import { type BillState, type CollectionCounts, allocate, countsDelta } from './billing.rules.js';

type Community = Pick<CommunityRef, 'id' | 'code'>;

export const CHANNELS: readonly PaymentChannel[] = ['bank', 'wechat', 'alipay', 'cash', 'pos'];
export const CHANNEL_LABEL: Record<PaymentChannel, string> = { bank: '银行转账', wechat: '微信支付', alipay: '支付宝', cash: '现金', pos: 'POS 刷卡' };


export interface PaymentInput {
  unitId: number;
  amountFen: number;
  channel: PaymentChannel;
  paidOn: string;
  idempotencyKey: string;
  reference?: string | null;
  note?: string | null;
  bankLineId?: number | null;
}

export interface PaymentResult {
  paymentId: number;
  receiptNo: string;
  ledgerSeq: number;
  amountFen: number;
  allocatedFen: number;
  prepaidFen: number;
  created: boolean;
}

export function checkKey(key: string) {
  if (!key || key.length > 200 || !isStorableText(key)) throw new ValidationError('billing.idempotency_key');
}

export function checkAmount(fen: number) {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new ValidationError('billing.bad_amount', { amount: String(fen) });
  if (fen > 100_000_000_00) throw new ValidationError('billing.bad_amount', { amount: formatFen(fen) });
}

/** The state transition of a bill's collection counts: used for the maintained figures. */
export function statsRow(b: { period: string; first_month: string; building_id: number; unit_kind: string }, delta: CollectionCounts) {
  return { period: b.period, firstMonth: b.first_month, buildingId: b.building_id, unitKind: b.unit_kind, ...delta };
}

/** Adds up stats deltas per (period, building, kind). */
export function sumStats(rows: ReturnType<typeof statsRow>[]): ReturnType<typeof statsRow>[] {
  const out = new Map<string, ReturnType<typeof statsRow>>();
  for (const s of rows) {
    const k = `${s.period}|${s.buildingId}|${s.unitKind}`;
    const x = out.get(k);
    if (!x) out.set(k, { ...s });
    else for (const f of ['billedUnits', 'billedFen', 'paidUnits', 'paidFen', 'ontimeUnits', 'ontimeFen'] as const) x[f] += s[f];
  }
  return [...out.values()];
}

/** Allocates `amountFen` to a unit's open bills; returns the bill updates, allocation rows and stats deltas. */
export function allocationPlan(open: Awaited<ReturnType<typeof repo.openBills>>, amountFen: number, on: string) {
  const { allocations, prepaidFen } = allocate(
    open.map((b) => ({ id: b.id, firstMonth: b.first_month, outstandingFen: b.amount_fen - b.paid_fen })),
    amountFen,
  );
  const byId = new Map(open.map((b) => [b.id, b]));
  const updates: { id: number; paidFen: number; ontimeFen: number; settledOn: string | null }[] = [];
  const stats: ReturnType<typeof statsRow>[] = [];
  for (const a of allocations) {
    const b = byId.get(a.billId)!;
    const before: BillState = { amountFen: b.amount_fen, paidFen: b.paid_fen, ontimeFen: b.ontime_fen };
    // 当期: paid by the last day of the bill's period
    const ontime = on <= lastDayOf(b.last_month);
    const after: BillState = { amountFen: b.amount_fen, paidFen: b.paid_fen + a.amountFen, ontimeFen: b.ontime_fen + (ontime ? a.amountFen : 0) };
    updates.push({ id: b.id, paidFen: after.paidFen, ontimeFen: after.ontimeFen, settledOn: after.paidFen === after.amountFen ? on : null });
    stats.push(statsRow(b, countsDelta(before, after)));
  }
  return { allocations, prepaidFen, updates, stats, allocatedFen: amountFen - prepaidFen };
}

/** Retries once when two transactions raced on a unique key (the loser then finds the winner's row). */
export async function withRetry<T>(db: Db, fn: (t: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(fn);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return db.transaction().execute(fn);
    throw err;
  }
}

export function createPaymentsService(ctx: AppContext, ledger: LedgerService) {
  const { db, clock } = ctx;
  const today = () => shanghaiDay(clock.now());
  const ledgerOf = (c: Community) => ledger.ledgerOrThrow(c.code);

  async function unitOrThrow(t: Db, c: Community, unitId: number) {
    const u = await repo.unitInCommunity(t, c.id, unitId);
    if (!u) throw new NotFoundError('billing.unit_not_found', { unit: String(unitId) });
    return u;
  }

  /**
   * Records payments in one transaction: the units' billing rows are locked in id order (so two
   * batches never deadlock), each payment is allocated in the order given against the unit's
   * open bills as the previous payments left them, and everything is written with a handful of
   * multi-row statements. A single payment is a batch of one.
   */
  async function recordPaymentsIn(t: Db, c: Community, l: LedgerRef, input: PaymentInput[], by: number | null): Promise<PaymentResult[]> {
    const keys = input.map((p) => p.idempotencyKey);
    if (new Set(keys).size !== keys.length) throw new ValidationError('billing.duplicate_key_in_batch');
    const unitIds = [...new Set(input.map((p) => p.unitId))].sort((x, y) => x - y);
    const known = await repo.unitsInCommunity(t, c.id, unitIds);
    const missing = unitIds.find((id) => !known.has(id));
    if (missing !== undefined) throw new NotFoundError('billing.unit_not_found', { unit: String(missing) });
    await repo.ensureUnitBilling(t, c.id, unitIds);
    const prepaid = await repo.lockUnits(t, unitIds);
    // after the locks: a concurrent request with the same key has committed or not at all
    const existing = new Map((await repo.paymentsByKeys(t, c.id, keys)).map((p) => [p.idempotency_key, p]));
    const results = new Map<string, PaymentResult>();
    for (const p of input) {
      const old = existing.get(p.idempotencyKey);
      if (old) results.set(p.idempotencyKey, await existingResult(t, old, p));
    }
    const fresh = input.filter((p) => !existing.has(p.idempotencyKey));
    if (fresh.length === 0) return input.map((p) => results.get(p.idempotencyKey)!);

    const open = new Map<number, Awaited<ReturnType<typeof repo.openBills>>>();
    for (const b of await repo.openBillsOfUnits(t, [...new Set(fresh.map((p) => p.unitId))])) {
      const list = open.get(b.unit_id) ?? [];
      list.push(b);
      open.set(b.unit_id, list);
    }
    const numbers = await repo.nextReceiptNumbers(t, fresh.length);
    const plans = fresh.map((p, i) => {
      const bills = open.get(p.unitId) ?? [];
      const plan = allocationPlan(bills, p.amountFen, p.paidOn);
      // the next payment of the same unit sees these bills as this one left them
      for (const u of plan.updates) {
        const b = bills.find((x) => x.id === u.id)!;
        b.paid_fen = u.paidFen;
        b.ontime_fen = u.ontimeFen;
      }
      open.set(
        p.unitId,
        bills.filter((b) => b.paid_fen < b.amount_fen),
      );
      prepaid.set(p.unitId, (prepaid.get(p.unitId) ?? 0) + plan.prepaidFen);
      const periods = plan.allocations.map((a) => bills.find((b) => b.id === a.billId)!.period);
      return { p, plan, periods, receiptNo: `SJ${p.paidOn.replaceAll('-', '')}${String(numbers[i]).padStart(6, '0')}` };
    });
    const posted = await ledger.postBatch(
      l,
      plans.map(({ p, plan, periods, receiptNo }) => {
        const lines = [{ account: '1001', debitFen: p.amountFen, creditFen: 0 }];
        if (plan.allocatedFen > 0) lines.push({ account: '1122', debitFen: 0, creditFen: plan.allocatedFen });
        if (plan.prepaidFen > 0) lines.push({ account: '2203', debitFen: 0, creditFen: plan.prepaidFen });
        const what = periods.length ? `物业服务费 ${periods.length === 1 ? periods[0] : `${periods[0]}至${periods.at(-1)}`}` : '预收物业服务费';
        return {
          idempotencyKey: `payment:${p.idempotencyKey}`,
          date: p.paidOn,
          memo: `${what}（${CHANNEL_LABEL[p.channel]}，收据 ${receiptNo}）${plan.prepaidFen > 0 && periods.length ? `，预收 ${formatFen(plan.prepaidFen)}` : ''}`,
          reason: 'fee_payment' as const,
          counterparty: unitPseudonym(ctx.secretKey, c.id, p.unitId),
          refs: { receipt: receiptNo },
          lines,
          recordedBy: by,
        };
      }),
      t,
    );
    const ids = await repo.insertPayments(
      t,
      plans.map(({ p, receiptNo }, i) => ({
        community_id: c.id,
        unit_id: p.unitId,
        idempotency_key: p.idempotencyKey,
        channel: p.channel,
        amount_fen: p.amountFen,
        paid_on: p.paidOn,
        reference: p.reference ?? null,
        note: p.note ?? null,
        receipt_no: receiptNo,
        ledger_seq: posted[i]!.seq,
        bank_line_id: p.bankLineId ?? null,
        recorded_by: by,
        recorded_at: clock.now(),
      })),
    );
    await repo.insertAllocations(
      t,
      plans.flatMap(({ p, plan }, i) =>
        plan.allocations.map((a) => ({ community_id: c.id, unit_id: p.unitId, bill_id: a.billId, payment_id: ids[i]!, run_id: null, source: 'payment' as const, amount_fen: a.amountFen, allocated_on: p.paidOn })),
      ),
    );
    // the last state of each bill wins (a bill paid by two payments of the batch)
    const finalBills = new Map<number, { id: number; paidFen: number; ontimeFen: number; settledOn: string | null }>();
    for (const { plan } of plans) for (const u of plan.updates) finalBills.set(u.id, u);
    await repo.applyToBills(t, [...finalBills.values()]);
    await repo.addStats(t, c.id, sumStats(plans.flatMap(({ plan }) => plan.stats)));
    const touched = [...new Set(plans.filter(({ plan }) => plan.prepaidFen > 0).map(({ p }) => p.unitId))];
    await repo.setPrepaidMany(
      t,
      touched.map((unitId) => ({ unitId, prepaidFen: prepaid.get(unitId)! })),
    );
    plans.forEach(({ p, plan, receiptNo }, i) =>
      results.set(p.idempotencyKey, { paymentId: ids[i]!, receiptNo, ledgerSeq: posted[i]!.seq, amountFen: p.amountFen, allocatedFen: plan.allocatedFen, prepaidFen: plan.prepaidFen, created: true }),
    );
    return input.map((p) => results.get(p.idempotencyKey)!);
  }

  async function existingResult(t: Db, old: NonNullable<Awaited<ReturnType<typeof repo.paymentByKey>>>, p: PaymentInput): Promise<PaymentResult> {
    if (old.unit_id !== p.unitId || old.amount_fen !== p.amountFen || old.channel !== p.channel || old.paid_on !== p.paidOn) {
      throw new ConflictError('billing.idempotency_conflict', { key: p.idempotencyKey });
    }
    const allocated = (await repo.allocationsOfPayment(t, old.id)).reduce((a, x) => a + x.amount_fen, 0);
    return { paymentId: old.id, receiptNo: old.receipt_no, ledgerSeq: old.ledger_seq, amountFen: old.amount_fen, allocatedFen: allocated, prepaidFen: old.amount_fen - allocated, created: false };
  }

  function validatePayment(p: PaymentInput) {
    checkKey(p.idempotencyKey);
    checkAmount(p.amountFen);
    if (!CHANNELS.includes(p.channel)) throw new ValidationError('billing.bad_channel', { channel: String(p.channel) });
    if (!isDate(p.paidOn)) throw new ValidationError('billing.bad_date', { date: String(p.paidOn) });
    if (p.paidOn > today()) throw new ValidationError('billing.future_date', { date: p.paidOn });
    for (const text of [p.reference ?? '', p.note ?? '']) if (text.length > 200 || !isStorableText(text)) throw new ValidationError('billing.bad_text');
  }

  return {
    /** Records a payment (idempotent by key), allocated oldest bill first; the rest is a prepayment. */
    async recordPayment(c: Community, p: PaymentInput, by: number | null, trx?: Db): Promise<PaymentResult> {
      validatePayment(p);
      const l = await ledgerOf(c);
      if (trx) return (await recordPaymentsIn(trx, c, l, [p], by))[0]!;
      return (await withRetry(db, (t) => recordPaymentsIn(t, c, l, [p], by)))[0]!;
    },

    /** The result of a payment already recorded under this key, or null. */
    async paymentByKey(c: Community, key: string): Promise<PaymentResult | null> {
      const old = await repo.paymentByKey(db, c.id, key);
      if (!old) return null;
      return existingResult(db, old, { unitId: old.unit_id, amountFen: old.amount_fen, channel: old.channel, paidOn: old.paid_on, idempotencyKey: key });
    },

    /** Records many payments in one transaction (bank statements, the demo): all or nothing. */
    async recordPayments(c: Community, payments: PaymentInput[], by: number | null, trx?: Db): Promise<PaymentResult[]> {
      for (const p of payments) validatePayment(p);
      if (payments.length === 0) return [];
      const l = await ledgerOf(c);
      if (trx) return recordPaymentsIn(trx, c, l, payments, by);
      return withRetry(db, (t) => recordPaymentsIn(t, c, l, payments, by));
    },

    /** Pays back (part of) a unit's prepayment. Money allocated to a bill is not refunded here. */
    async refund(c: Community, r: { unitId: number; amountFen: number; channel: PaymentChannel; refundedOn: string; reason: string; idempotencyKey: string }, by: number | null) {
      checkKey(r.idempotencyKey);
      checkAmount(r.amountFen);
      if (!CHANNELS.includes(r.channel)) throw new ValidationError('billing.bad_channel', { channel: String(r.channel) });
      if (!isDate(r.refundedOn)) throw new ValidationError('billing.bad_date', { date: String(r.refundedOn) });
      if (r.refundedOn > today()) throw new ValidationError('billing.future_date', { date: r.refundedOn });
      const reason = r.reason?.trim() ?? '';
      if (!reason || reason.length > 200 || !isStorableText(reason)) throw new ValidationError('billing.refund_reason');
      const l = await ledgerOf(c);
      return withRetry(db, async (t) => {
        const found = async () => {
          const old = await repo.refundByKey(t, c.id, r.idempotencyKey);
          if (!old) return null;
          if (old.unit_id !== r.unitId || old.amount_fen !== r.amountFen) throw new ConflictError('billing.idempotency_conflict', { key: r.idempotencyKey });
          return { refundId: old.id, ledgerSeq: old.ledger_seq, amountFen: old.amount_fen, created: false };
        };
        const before = await found();
        if (before) return before;
        const unit = await unitOrThrow(t, c, r.unitId);
        const { prepaid_fen } = await repo.lockUnit(t, c.id, unit.id);
        const after = await found();
        if (after) return after;
        if (r.amountFen > prepaid_fen) throw new ValidationError('billing.refund_exceeds_prepaid', { amount: formatFen(r.amountFen), prepaid: formatFen(prepaid_fen) });
        const posted = await ledger.post(
          l,
          {
            idempotencyKey: `refund:${r.idempotencyKey}`,
            date: r.refundedOn,
            memo: `退还预收物业费（${CHANNEL_LABEL[r.channel]}）：${reason}`,
            reason: 'fee_refund',
            counterparty: unitPseudonym(ctx.secretKey, c.id, unit.id),
            lines: [
              { account: '2203', debitFen: r.amountFen, creditFen: 0 },
              { account: '1001', debitFen: 0, creditFen: r.amountFen },
            ],
            recordedBy: by,
          },
          t,
        );
        const row = await repo.insertRefund(t, { community_id: c.id, unit_id: unit.id, idempotency_key: r.idempotencyKey, channel: r.channel, amount_fen: r.amountFen, refunded_on: r.refundedOn, reason, ledger_seq: posted.seq, recorded_by: by, recorded_at: clock.now() });
        await repo.setPrepaid(t, unit.id, prepaid_fen - r.amountFen);
        return { refundId: row.id, ledgerSeq: posted.seq, amountFen: r.amountFen, created: true };
      });
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;

/**
 * Billing use cases (DESIGN §2.3): fee schedules, bill runs, payments with oldest-first
 * allocation and prepayments, refunds. Each use case is one transaction that also posts to the
 * common fund ledger (through the ledger service), so a bill or payment never exists without its
 * entry, nor an entry without its bill or payment.
 *
 * Ledger entries:
 *   bill run             Dr 1122 应收物业费 / Cr 4001 物业服务费   (one entry per run, reason fee_billed)
 *   prepayment applied   Dr 2203 预收物业费 / Cr 1122             (one entry per run, reason prepayment)
 *   payment              Dr 1001 / Cr 1122 (allocated) + Cr 2203 (left over)   (reason fee_payment,
 *                        counterparty = the unit's pseudonym, refs.receipt = the receipt number)
 *   refund               Dr 2203 / Cr 1001                         (reason fee_refund, pseudonym)
 * A quarterly or yearly run recognises the period's fee income on its issue date.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { PaymentChannel, UnitKind } from '../../platform/db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { sha256Of, sniffVoucherType } from '../../platform/files.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { formatFen } from '../../platform/money.js';
import type { LedgerRef } from '../ledger/ledger.repository.js';
import { isDate, isStorableText, lastDayOf } from '../ledger/ledger.rules.js';
import type { EntryInput, LedgerService } from '../ledger/ledger.service.js';
import { unitPseudonym } from '../register/register.service.js';
import { UNIT_KINDS } from '../register/register.rules.js';
import './billing.messages.js';
import * as repo from './billing.repository.js';
import { type BillState, type CollectionCounts, MAX_RATE_CF, allocate, billFor, countsDelta, defaultDueOn, isFirstOfMonth, parseBillingPeriod, scheduleFor } from './billing.rules.js';

export const CHANNELS: readonly PaymentChannel[] = ['bank', 'wechat', 'alipay', 'cash', 'pos'];
export const CHANNEL_LABEL: Record<PaymentChannel, string> = { bank: '银行转账', wechat: '微信支付', alipay: '支付宝', cash: '现金', pos: 'POS 刷卡' };
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

type Community = Pick<CommunityRef, 'id' | 'code'>;

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

function checkKey(key: string) {
  if (!key || key.length > 200 || !isStorableText(key)) throw new ValidationError('billing.idempotency_key');
}

function checkAmount(fen: number) {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new ValidationError('billing.bad_amount', { amount: String(fen) });
  if (fen > 100_000_000_00) throw new ValidationError('billing.bad_amount', { amount: formatFen(fen) });
}

/** The state transition of a bill's collection counts: used for the maintained figures. */
function statsRow(b: { period: string; first_month: string; building_id: number; unit_kind: string }, delta: CollectionCounts) {
  return { period: b.period, firstMonth: b.first_month, buildingId: b.building_id, unitKind: b.unit_kind, ...delta };
}

/** Adds up stats deltas per (period, building, kind). */
function sumStats(rows: ReturnType<typeof statsRow>[]): ReturnType<typeof statsRow>[] {
  const out = new Map<string, ReturnType<typeof statsRow>>();
  for (const s of rows) {
    const k = `${s.period}|${s.buildingId}|${s.unitKind}`;
    const x = out.get(k);
    if (!x) out.set(k, { ...s });
    else for (const f of ['billedUnits', 'billedFen', 'paidUnits', 'paidFen', 'ontimeUnits', 'ontimeFen'] as const) x[f] += s[f];
  }
  return [...out.values()];
}

export function createBillingService(ctx: AppContext, ledger: LedgerService) {
  const { db, clock } = ctx;
  const today = () => shanghaiDay(clock.now());

  const ledgerOf = (c: Community) => ledger.ledgerOrThrow(c.code);

  async function unitOrThrow(t: Db, c: Community, unitId: number) {
    const u = await repo.unitInCommunity(t, c.id, unitId);
    if (!u) throw new NotFoundError('billing.unit_not_found', { unit: String(unitId) });
    return u;
  }

  /** Computes a run without writing: who is billed, how much, who is not and why. */
  async function computeRun(t: Db, c: Community, periodText: string, supplementary: boolean) {
    const period = parseBillingPeriod(periodText);
    if (!period) throw new ValidationError('billing.bad_period', { period: periodText });
    const existing = await repo.overlappingRuns(t, c.id, period.firstMonth, period.lastMonth);
    if (existing.length && !supplementary) throw new ConflictError('billing.period_billed', { period: periodText, existing: existing.map((r) => r.period).join('、') });
    const schedules = (await repo.schedules(t, c.id)).map((s) => ({ id: s.id, unitKind: s.unit_kind, rateCf: s.rate_cf_per_m2, effectiveFrom: s.effective_from }));
    const units = await repo.billableUnits(t, c.id, period.firstMonth, period.lastMonth);
    const bills: (repo.NewBill & { code: string })[] = [];
    const unbilled = new Map<string, { unitKind: string; units: number; reason: 'no_schedule' | 'zero_amount' }>();
    for (const u of units) {
      const b = billFor({ areaCm2: u.area_cm2, kind: u.kind }, period, schedules);
      if (!b) {
        const reason = period.months.every((m) => scheduleFor(schedules, u.kind, m)) ? 'zero_amount' : 'no_schedule';
        const k = `${u.kind}|${reason}`;
        const x = unbilled.get(k) ?? { unitKind: u.kind, units: 0, reason };
        x.units++;
        unbilled.set(k, x);
        continue;
      }
      bills.push({
        code: u.code,
        community_id: c.id,
        run_id: 0,
        unit_id: u.id,
        building_id: u.building_id,
        unit_kind: u.kind,
        period: period.period,
        first_month: period.firstMonth,
        last_month: period.lastMonth,
        months: period.months.length,
        area_cm2: u.area_cm2,
        amount_fen: b.amountFen,
        detail: JSON.stringify(b.detail),
        issued_on: '',
        due_on: '',
      });
    }
    const byKind = new Map<string, { units: number; amountFen: number }>();
    for (const b of bills) {
      const k = byKind.get(b.unit_kind) ?? { units: 0, amountFen: 0 };
      k.units++;
      k.amountFen += b.amount_fen;
      byKind.set(b.unit_kind, k);
    }
    return {
      period,
      bills,
      summary: {
        period: period.period,
        kind: period.kind,
        firstMonth: period.firstMonth,
        lastMonth: period.lastMonth,
        billCount: bills.length,
        totalFen: bills.reduce((a, b) => a + b.amount_fen, 0),
        byKind: [...byKind].map(([unitKind, v]) => ({ unitKind, ...v })),
        notBilled: [...unbilled.values()],
        existingRuns: existing.map((r) => ({ id: r.id, period: r.period })),
        sample: bills.slice(0, 20).map((b) => ({ unitId: b.unit_id, code: b.code, areaCm2: b.area_cm2, amountFen: b.amount_fen })),
      },
    };
  }

  /** Allocates `amountFen` to a unit's open bills; returns the bill updates, allocation rows and stats deltas. */
  function allocationPlan(open: Awaited<ReturnType<typeof repo.openBills>>, amountFen: number, on: string) {
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

  /** Retries once when two transactions raced on a unique key (the loser then finds the winner's row). */
  async function withRetry<T>(fn: (t: Db) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return db.transaction().execute(fn);
      throw err;
    }
  }

  return {
    today,

    settings: (c: Community) => repo.settings(db, c.id),

    async saveSettings(c: Community, s: { onlinePayments?: 'off' | 'simulated'; payeeName?: string | null; payeeBank?: string | null; payeeAccount?: string | null }) {
      for (const text of [s.payeeName, s.payeeBank, s.payeeAccount]) if (text && (text.length > 100 || !isStorableText(text))) throw new ValidationError('billing.bad_text');
      await repo.saveSettings(db, c.id, { online_payments: s.onlinePayments, payee_name: s.payeeName, payee_bank: s.payeeBank, payee_account: s.payeeAccount });
      return repo.settings(db, c.id);
    },

    async schedules(c: Community) {
      return (await repo.schedules(db, c.id)).map((s) => ({
        id: s.id,
        unitKind: s.unit_kind,
        rateCf: s.rate_cf_per_m2,
        effectiveFrom: s.effective_from,
        decisionRef: s.decision_ref,
        decisionId: s.decision_id,
        document: s.document_sha256 ? { sha256: s.document_sha256, name: s.document_name ?? 'decision' } : null,
        createdAt: s.created_at.toISOString(),
      }));
    },

    /** Stores the owners' decision document of a schedule (PDF, JPEG or PNG). */
    async storeDocument(data: Buffer) {
      if (data.length === 0 || data.length > MAX_DOCUMENT_BYTES) throw new ValidationError('billing.document_size', { maxMiB: MAX_DOCUMENT_BYTES / 1024 / 1024 });
      const mediaType = sniffVoucherType(data);
      if (!mediaType) throw new ValidationError('billing.document_type');
      const sha256 = await ctx.files.put(data);
      if (sha256 !== sha256Of(data)) throw new Error('file store returned a different hash');
      await repo.insertFile(db, { sha256, sizeBytes: data.length, mediaType });
      return { sha256, mediaType, sizeBytes: data.length };
    },

    /**
     * A fee standard set by the owners (Civil Code art. 278 ¶1 item 7 … the decision is cited). It
     * applies from the first day of a month, to months not yet billed: bills already issued keep
     * the rate they were issued at.
     */
    async addSchedule(
      c: Community,
      s: { unitKind: UnitKind; rateCf: number; effectiveFrom: string; decisionRef: string; decisionId?: number | null; document?: { sha256: string; name: string } | null },
      by: number | null,
      trx?: Db,
    ) {
      if (!UNIT_KINDS.includes(s.unitKind)) throw new ValidationError('billing.bad_unit_kind', { kind: String(s.unitKind) });
      if (!Number.isSafeInteger(s.rateCf) || s.rateCf <= 0 || s.rateCf > MAX_RATE_CF) throw new ValidationError('billing.bad_rate');
      if (!isFirstOfMonth(s.effectiveFrom)) throw new ValidationError('billing.effective_first_of_month', { date: String(s.effectiveFrom) });
      const ref = s.decisionRef?.trim() ?? '';
      if (!ref || ref.length > 300 || !isStorableText(ref)) throw new ValidationError('billing.decision_ref');
      const run = async (t: Db) => {
        const billed = await repo.billedFrom(t, c.id, s.unitKind, s.effectiveFrom.slice(0, 7));
        if (billed) throw new ConflictError('billing.schedule_after_billed', { from: s.effectiveFrom.slice(0, 7), billed });
        if (s.document) {
          const known = await t.selectFrom('files').select('sha256').where('sha256', '=', s.document.sha256).executeTakeFirst();
          if (!known) throw new ValidationError('billing.document_unknown');
        }
        try {
          return await repo.insertSchedule(t, {
            community_id: c.id,
            unit_kind: s.unitKind,
            rate_cf_per_m2: s.rateCf,
            effective_from: s.effectiveFrom,
            decision_ref: ref,
            decision_id: s.decisionId ?? null,
            document_sha256: s.document?.sha256 ?? null,
            document_name: s.document?.name ?? null,
            created_by: by,
          });
        } catch (err) {
          if ((err as { code?: string }).code === '23505') throw new ConflictError('billing.schedule_exists', { kind: s.unitKind, from: s.effectiveFrom });
          throw err;
        }
      };
      return trx ? run(trx) : db.transaction().execute(run);
    },

    async previewRun(c: Community, periodText: string, opts: { supplementary?: boolean } = {}) {
      return (await computeRun(db, c, periodText, opts.supplementary ?? false)).summary;
    },

    /**
     * Issues a bill run: one bill per billable unit, the receivable posted, prepayments applied,
     * all in one transaction. The same idempotency key returns the first run; another run for a
     * period that overlaps a billed one is refused unless it is `supplementary` (it then bills only
     * units without a bill for those months, e.g. units delivered since).
     */
    async issueRun(c: Community, input: { period: string; idempotencyKey: string; issuedOn?: string; dueOn?: string; supplementary?: boolean }, by: number | null) {
      checkKey(input.idempotencyKey);
      const issuedOn = input.issuedOn ?? today();
      if (!isDate(issuedOn)) throw new ValidationError('billing.bad_date', { date: issuedOn });
      if (issuedOn > today()) throw new ValidationError('billing.future_date', { date: issuedOn });
      const l = await ledgerOf(c);
      return withRetry(async (t) => {
        await repo.lockRuns(t, c.id);
        const old = await repo.runByKey(t, c.id, input.idempotencyKey);
        if (old) {
          if (old.period !== input.period) throw new ConflictError('billing.idempotency_conflict', { key: input.idempotencyKey });
          return { runId: old.id, period: old.period, billCount: old.bill_count, totalFen: old.total_fen, appliedPrepaymentFen: await repo.prepaymentsAppliedByRun(t, old.id), ledgerSeq: old.ledger_seq, created: false };
        }
        const { period, bills } = await computeRun(t, c, input.period, input.supplementary ?? false);
        const dueOn = input.dueOn ?? defaultDueOn(period, issuedOn);
        if (!isDate(dueOn) || dueOn < issuedOn) throw new ValidationError('billing.bad_due_date', { date: dueOn });
        if (bills.length === 0) throw new ValidationError('billing.nothing_to_bill', { period: period.period });
        const totalFen = bills.reduce((a, b) => a + b.amount_fen, 0);
        const run = await repo.insertRun(t, {
          community_id: c.id,
          idempotency_key: input.idempotencyKey,
          period: period.period,
          period_kind: period.kind,
          first_month: period.firstMonth,
          last_month: period.lastMonth,
          issued_on: issuedOn,
          due_on: dueOn,
          supplementary: input.supplementary ?? false,
          bill_count: bills.length,
          total_fen: totalFen,
          created_by: by,
        });
        const rows = bills.map(({ code: _code, ...b }) => ({ ...b, run_id: run.id, issued_on: issuedOn, due_on: dueOn }));
        const ids = await repo.insertBills(t, rows);
        const unitIds = rows.map((b) => b.unit_id);
        await repo.ensureUnitBilling(t, c.id, unitIds);

        // the new bills' collection counts, then prepayments applied to them (a unit with a
        // prepayment has no older open bill: money always goes to open bills first)
        const stats = new Map<string, ReturnType<typeof statsRow>>();
        const addStat = (s: ReturnType<typeof statsRow>) => {
          const k = `${s.period}|${s.buildingId}|${s.unitKind}`;
          const x = stats.get(k);
          if (!x) stats.set(k, { ...s });
          else for (const f of ['billedUnits', 'billedFen', 'paidUnits', 'paidFen', 'ontimeUnits', 'ontimeFen'] as const) x[f] += s[f];
        };
        for (const b of rows) addStat(statsRow(b, countsDelta(null, { amountFen: b.amount_fen, paidFen: 0, ontimeFen: 0 })));
        // every billed unit's row is locked (in id order, as payments lock them): a payment that
        // ran before sees no new bill and leaves its surplus as a prepayment, which is applied here;
        // a payment after waits and then sees the new bill
        const balances0 = await repo.lockUnits(t, [...unitIds].sort((x, y) => x - y));
        const prepaid = [...balances0].filter(([, fen]) => fen > 0).map(([unit_id, prepaid_fen]) => ({ unit_id, prepaid_fen }));
        const billOf = new Map(rows.map((b, i) => [b.unit_id, { ...b, id: ids[i]! }]));
        const allocations: Parameters<typeof repo.insertAllocations>[1] = [];
        const updates: Parameters<typeof repo.applyToBills>[1] = [];
        const balances: { unitId: number; prepaidFen: number }[] = [];
        for (const p of prepaid) {
          const b = billOf.get(p.unit_id)!;
          const plan = allocationPlan([{ id: b.id, unit_id: b.unit_id, period: b.period, first_month: b.first_month, last_month: b.last_month, unit_kind: b.unit_kind, building_id: b.building_id, amount_fen: b.amount_fen, paid_fen: 0, ontime_fen: 0, due_on: dueOn }], p.prepaid_fen, issuedOn);
          for (const a of plan.allocations) allocations.push({ community_id: c.id, unit_id: p.unit_id, bill_id: a.billId, payment_id: null, run_id: run.id, source: 'prepayment', amount_fen: a.amountFen, allocated_on: issuedOn });
          updates.push(...plan.updates);
          for (const s of plan.stats) addStat(s);
          balances.push({ unitId: p.unit_id, prepaidFen: plan.prepaidFen });
        }
        const appliedFen = allocations.reduce((a, x) => a + x.amount_fen, 0);

        const entries: EntryInput[] = [
          {
            idempotencyKey: `bill-run:${run.id}`,
            date: issuedOn,
            memo: `${period.period} 物业服务费开账：${bills.length} 户，应收 ${formatFen(totalFen)}`,
            reason: 'fee_billed',
            refs: { billRun: run.id, period: period.period, bills: bills.length },
            lines: [
              { account: '1122', debitFen: totalFen, creditFen: 0 },
              { account: '4001', debitFen: 0, creditFen: totalFen },
            ],
            recordedBy: by,
          },
        ];
        if (appliedFen > 0) {
          entries.push({
            idempotencyKey: `bill-run:${run.id}:prepayments`,
            date: issuedOn,
            memo: `${period.period} 预收物业费抵扣应收：${allocations.length} 户，${formatFen(appliedFen)}`,
            reason: 'prepayment',
            refs: { billRun: run.id, period: period.period, units: allocations.length },
            lines: [
              { account: '2203', debitFen: appliedFen, creditFen: 0 },
              { account: '1122', debitFen: 0, creditFen: appliedFen },
            ],
            recordedBy: by,
          });
        }
        // the ledger's head lock is taken before any collection figure row: a payment does the same,
        // so the two never wait on each other in opposite orders
        const posted = await ledger.postBatch(l, entries, t);
        await repo.insertAllocations(t, allocations);
        await repo.applyToBills(t, updates);
        await repo.setPrepaidMany(t, balances);
        await repo.addStats(t, c.id, [...stats.values()]);
        await repo.setRunLedgerSeq(t, run.id, posted[0]!.seq);
        return { runId: run.id, period: period.period, billCount: bills.length, totalFen, appliedPrepaymentFen: appliedFen, ledgerSeq: posted[0]!.seq, created: true };
      });
    },

    async runs(c: Community) {
      return (await repo.runs(db, c.id)).map((r) => ({
        id: r.id,
        period: r.period,
        kind: r.period_kind,
        firstMonth: r.first_month,
        lastMonth: r.last_month,
        issuedOn: r.issued_on,
        dueOn: r.due_on,
        supplementary: r.supplementary,
        billCount: r.bill_count,
        totalFen: r.total_fen,
        ledgerSeq: r.ledger_seq,
      }));
    },

    /** Records a payment (idempotent by key), allocated oldest bill first; the rest is a prepayment. */
    async recordPayment(c: Community, p: PaymentInput, by: number | null, trx?: Db): Promise<PaymentResult> {
      validatePayment(p);
      const l = await ledgerOf(c);
      if (trx) return (await recordPaymentsIn(trx, c, l, [p], by))[0]!;
      return (await withRetry((t) => recordPaymentsIn(t, c, l, [p], by)))[0]!;
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
      return withRetry((t) => recordPaymentsIn(t, c, l, payments, by));
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
      return withRetry(async (t) => {
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
        const row = await repo.insertRefund(t, { community_id: c.id, unit_id: unit.id, idempotency_key: r.idempotencyKey, channel: r.channel, amount_fen: r.amountFen, refunded_on: r.refundedOn, reason, ledger_seq: posted.seq, recorded_by: by });
        await repo.setPrepaid(t, unit.id, prepaid_fen - r.amountFen);
        return { refundId: row.id, ledgerSeq: posted.seq, amountFen: r.amountFen, created: true };
      });
    },

    unitByCode: (c: Community, code: string) => repo.unitByCode(db, c.id, code),

    /** The community of a public route (no access hook resolved it). */
    async communityOrThrow(code: string): Promise<Community> {
      const c = await db.selectFrom('communities').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
      if (!c) throw new NotFoundError('community.not_found', { code });
      return c;
    },
  };
}

export type BillingService = ReturnType<typeof createBillingService>;

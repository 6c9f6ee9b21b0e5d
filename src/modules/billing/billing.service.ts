/**
 * Billing use cases (DESIGN §2.3): settings, fee schedules and bill runs here; payments and
 * refunds in payments.service.ts (the service returned here includes them). Each use case is one
 * transaction that also posts to the
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
import type { UnitKind } from '../../platform/db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { sha256Of, sniffVoucherType } from '../../platform/files.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { formatFen } from '../../platform/money.js';
import { isDate, isStorableText } from '../ledger/ledger.rules.js';
import type { EntryInput, LedgerService } from '../ledger/ledger.service.js';
import { UNIT_KINDS } from '../register/register.rules.js';
import './billing.messages.js';
import * as repo from './billing.repository.js';
import { allocationPlan, checkKey, createPaymentsService, statsRow, withRetry } from './payments.service.js';

export { CHANNELS, CHANNEL_LABEL, type PaymentInput, type PaymentResult } from './payments.service.js';
import { MAX_RATE_CF, billFor, countsDelta, defaultDueOn, isFirstOfMonth, parseBillingPeriod, scheduleFor } from './billing.rules.js';

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

type Community = Pick<CommunityRef, 'id' | 'code'>;

export function createBillingService(ctx: AppContext, ledger: LedgerService) {
  const { db, clock } = ctx;
  const payments = createPaymentsService(ctx, ledger);
  const today = () => shanghaiDay(clock.now());

  const ledgerOf = (c: Community) => ledger.ledgerOrThrow(c.code);

  /** Computes a run without writing: who is billed, how much, who is not and why. */
  async function computeRun(t: Db, c: Community, periodText: string, supplementary: boolean) {
    const period = parseBillingPeriod(periodText);
    if (!period) throw new ValidationError('billing.bad_period', { period: periodText });
    const existing = await repo.overlappingRuns(t, c.id, period.firstMonth, period.lastMonth);
    if (existing.length && !supplementary) throw new ConflictError('billing.period_billed', { period: periodText, existing: existing.map((r) => r.period).join('、') });
    const schedules = (await repo.schedules(t, c.id)).map((s) => ({ id: s.id, unitKind: s.unit_kind, rateCf: s.rate_cf_per_m2, effectiveFrom: s.effective_from }));
    // without an overlapping run no unit can have a bill for these months (runs bill every unit)
    const units = await repo.billableUnits(t, c.id, period.firstMonth, period.lastMonth, existing.length > 0);
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

  return {
    ...payments,
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
            created_at: clock.now(),
          });
        } catch (err) {
          if ((err as { code?: string }).code === '23505') throw new ConflictError('billing.schedule_exists', { kind: s.unitKind, from: s.effectiveFrom });
          throw err;
        }
      };
      return trx ? run(trx) : db.transaction().execute(run);
    },

    /** The owners' decision document of a fee schedule. */
    async scheduleDocument(c: Community, scheduleId: number) {
      const row = await repo.scheduleDocument(db, c.id, scheduleId);
      if (!row?.document_sha256) throw new NotFoundError('billing.document_not_found');
      const data = await ctx.files.get(row.document_sha256);
      if (!data) throw new Error(`decision document ${row.document_sha256} is missing from the file store`);
      return { data, mediaType: row.media_type ?? 'application/octet-stream', name: row.document_name ?? 'decision' };
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
      return withRetry(db, async (t) => {
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
          created_at: clock.now(),
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

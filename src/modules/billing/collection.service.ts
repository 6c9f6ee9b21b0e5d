/**
 * The collection side of billing (DESIGN §2.3): collection rates per period, building and unit
 * kind (full figures for the committee and trustee, aggregates with small groups suppressed for
 * the public), arrears aging, reminders on the polite legal path (Civil Code art. 944), and the
 * owner's own bills, payments and receipts.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { PaymentChannel } from '../../platform/db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { unitPseudonym } from '../register/register.service.js';
import * as repo from './billing.repository.js';
import type { BillingService } from './billing.service.js';
import {
  AGING_BUCKETS,
  type CollectionCounts,
  REMINDER_STAGES,
  ZERO_COUNTS,
  agingBucket,
  isSuppressed,
  nextReminderStage,
  ratesOf,
} from './billing.rules.js';
import * as crepo from './collection.repository.js';

type Community = Pick<CommunityRef, 'id' | 'code'>;

/** building names in the order people read them (2栋 before 10栋) */
const LABEL_ORDER = new Intl.Collator('zh-CN', { numeric: true });

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const countsOfRow = (r: { billed_units: number; billed_fen: number; paid_units: number; paid_fen: number; ontime_units: number; ontime_fen: number }): CollectionCounts => ({
  billedUnits: r.billed_units,
  billedFen: r.billed_fen,
  paidUnits: r.paid_units,
  paidFen: r.paid_fen,
  ontimeUnits: r.ontime_units,
  ontimeFen: r.ontime_fen,
});

export interface FigureRow extends CollectionCounts {
  suppressed: boolean;
  byUnitsBp: number | null;
  byAmountBp: number | null;
  ontimeByUnitsBp: number | null;
  ontimeByAmountBp: number | null;
}

/** Counts and rates of a group; for the public, a group under 5 units shows no figures. */
function figure(c: CollectionCounts, publicView: boolean): FigureRow {
  if (publicView && isSuppressed(c.billedUnits)) {
    return { ...ZERO_COUNTS, suppressed: true, byUnitsBp: null, byAmountBp: null, ontimeByUnitsBp: null, ontimeByAmountBp: null };
  }
  return { ...c, suppressed: false, ...ratesOf(c) };
}

export function createCollectionService(ctx: AppContext, billing: BillingService) {
  const { db } = ctx;

  async function arrearsByUnit(c: Community) {
    const today = billing.today();
    const rows = await crepo.arrearsUnits(db, c.id, today);
    const units = rows.map((r) => ({
      unitId: r.unit_id,
      code: r.code,
      building: r.building,
      unitKind: r.unit_kind,
      bills: r.bills,
      arrearsFen: r.arrears_fen,
      oldestMonth: r.oldest_month,
      daysOverdue: r.days_overdue,
      lastReminder: r.r_id === null ? null : { id: r.r_id, stage: r.r_stage!, issuedOn: r.r_issued!, replyBy: r.r_reply! },
    }));
    return { today, units };
  }

  /** Aging of overdue bills by the age of each bill (a unit counts once in each bucket it has a bill in). */
  async function aging(c: Community, today: string, publicView: boolean) {
    const rows = new Map((await crepo.agingBuckets(db, c.id, today)).map((r) => [r.bucket, r]));
    return AGING_BUCKETS.map((bucket) => {
      const a = rows.get(bucket) ?? { units: 0, bills: 0, arrears_fen: 0 };
      const suppressed = publicView && a.units > 0 && isSuppressed(a.units);
      return { bucket, units: suppressed ? null : a.units, bills: suppressed ? null : a.bills, arrearsFen: suppressed ? null : a.arrears_fen, suppressed };
    });
  }

  return {
    /**
     * Collection figures: the trend over periods (months, or quarters/years where billed so),
     * and for one period the breakdown by building and by unit kind. `publicView` suppresses
     * groups under 5 units (DESIGN §2.3).
     */
    async figures(c: Community, q: { from?: string; to?: string; period?: string }, publicView: boolean) {
      const to = q.to ?? '9999-12';
      const from = q.from ?? '0000-01';
      const today = billing.today();
      const periods = await crepo.periodTotals(db, c.id, from, to);
      const trend = periods.map((p) => ({ period: p.period, firstMonth: p.first_month, ...figure(countsOfRow(p), publicView) }));
      // the breakdown defaults to the latest period that has started
      const period = q.period ?? periods.filter((p) => p.first_month <= today.slice(0, 7)).at(-1)?.period ?? trend.at(-1)?.period ?? null;
      const group = async (by: 'building' | 'kind') =>
        period === null
          ? []
          : (await crepo.periodGroups(db, c.id, period, by))
              .map((g) => ({ key: g.key, label: g.label ?? g.key, ...figure(countsOfRow(g), publicView) }))
              .sort((a, b) => LABEL_ORDER.compare(a.label, b.label));
      const [byBuilding, byKind, agingRows] = await Promise.all([group('building'), group('kind'), aging(c, today, publicView)]);
      return {
        asOf: today,
        trend,
        period,
        byBuilding,
        byKind,
        aging: agingRows,
        minGroup: 5,
      };
    },

    /** Units with overdue bills (committee and trustee only: per-unit arrears are not public). */
    async arrears(c: Community) {
      const { units } = await arrearsByUnit(c);
      return units.map((u) => ({ ...u, bucket: agingBucket(u.daysOverdue) }));
    },

    /**
     * Issues the next reminder to each unit in arrears (or to the units named): stage 1 a friendly
     * reminder, 2 a written demand with a reasonable period, 3 a last notice before the legal path
     * (suit or arbitration). Idempotent per unit, stage and day.
     */
    async issueReminders(c: Community, q: { unitIds?: number[]; minDaysOverdue?: number }, by: number | null) {
      const { today, units } = await arrearsByUnit(c);
      const wanted = q.unitIds ? new Set(q.unitIds) : null;
      const chosen = units.filter((u) => (wanted ? wanted.has(u.unitId) : true) && u.daysOverdue >= (q.minDaysOverdue ?? 1));
      if (chosen.length === 0) throw new ValidationError('billing.no_arrears');
      // one reminder per unit and day: asking again the same day changes nothing
      const fresh = chosen.filter((u) => u.lastReminder?.issuedOn !== today);
      const rows = fresh.map((u) => {
        // stages only rise while the same arrears stay unpaid: the latest one since the oldest due date is the highest
        const stage = nextReminderStage(u.lastReminder ? [u.lastReminder.stage] : []);
        const replyDays = REMINDER_STAGES.find((s) => s.stage === stage)!.replyDays;
        return { community_id: c.id, unit_id: u.unitId, stage, issued_on: today, reply_by: addDays(today, replyDays), arrears_fen: u.arrearsFen, oldest_month: u.oldestMonth, bill_count: u.bills, created_by: by, created_at: ctx.clock.now() };
      });
      const created = await crepo.insertReminders(db, rows);
      return { issued: created.length, alreadyToday: chosen.length - created.length };
    },

    /** A reminder notice, for the staff of its community or the owners of its unit (read receipts for the latter). */
    async reminder(id: number, who: { accountId: number; communityId?: number }) {
      const r = await crepo.reminder(db, id);
      if (!r) throw new NotFoundError('billing.reminder_not_found');
      if (who.communityId !== undefined) {
        if (r.community_id !== who.communityId) throw new NotFoundError('billing.reminder_not_found');
      } else {
        if (!(await crepo.ownsUnit(db, who.accountId, r.unit_id))) throw new NotFoundError('billing.reminder_not_found');
        await crepo.markRead(db, id);
      }
      return { id: r.id, community: r.community, unitCode: r.code, stage: r.stage, issuedOn: r.issued_on, replyBy: r.reply_by, arrearsFen: r.arrears_fen, oldestMonth: r.oldest_month, billCount: r.bill_count, read: r.read_at !== null || who.communityId === undefined };
    },

    /** 我的账单: each owned unit's bills, payments, refunds, prepayment, reminders and pseudonym. */
    async mine(accountId: number) {
      const units = await crepo.ownedUnits(db, accountId);
      return Promise.all(
        units.map(async (u) => {
          const [bills, payments, refunds, reminders, settings] = await Promise.all([
            crepo.billsOfUnit(db, u.id, 60),
            crepo.paymentsOfUnit(db, u.id, 60),
            crepo.refundsOfUnit(db, u.id),
            crepo.remindersOfUnit(db, u.id),
            repo.settings(db, u.community_id),
          ]);
          const outstandingFen = await crepo.outstandingOfUnit(db, u.id);
          return {
            unitId: u.id,
            code: u.code,
            kind: u.kind,
            areaCm2: u.area_cm2,
            community: { code: u.community_code, name: u.community_name },
            pseudonym: unitPseudonym(ctx.secretKey, u.community_id, u.id),
            prepaidFen: u.prepaid_fen ?? 0,
            outstandingFen,
            onlinePayments: settings.online_payments,
            payee: settings.payee_account ? { name: settings.payee_name, bank: settings.payee_bank, account: settings.payee_account } : null,
            bills: bills.map((b) => ({
              id: b.id,
              period: b.period,
              firstMonth: b.first_month,
              lastMonth: b.last_month,
              months: b.months,
              areaCm2: b.area_cm2,
              amountFen: b.amount_fen,
              paidFen: b.paid_fen,
              detail: b.detail as { month: string; rateCf: number; amountFen: number }[],
              issuedOn: b.issued_on,
              dueOn: b.due_on,
              settledOn: b.settled_on,
            })),
            payments: payments.map((p) => ({ id: p.id, channel: p.channel, amountFen: p.amount_fen, paidOn: p.paid_on, receiptNo: p.receipt_no, ledgerSeq: p.ledger_seq })),
            refunds: refunds.map((r) => ({ id: r.id, channel: r.channel, amountFen: r.amount_fen, refundedOn: r.refunded_on, reason: r.reason, ledgerSeq: r.ledger_seq })),
            reminders: reminders.reverse().map((r) => ({ id: r.id, stage: r.stage, issuedOn: r.issued_on, replyBy: r.reply_by, arrearsFen: r.arrears_fen, read: r.read_at !== null })),
          };
        }),
      );
    },

    /** A receipt (收据): for the unit's owners, or the staff of its community. */
    async receipt(paymentId: number, who: { accountId: number; communityId?: number }) {
      const p = await crepo.payment(db, paymentId);
      if (!p) throw new NotFoundError('billing.payment_not_found');
      if (who.communityId !== undefined ? p.community_id !== who.communityId : !(await crepo.ownsUnit(db, who.accountId, p.unit_id))) throw new NotFoundError('billing.payment_not_found');
      const allocations = await repo.allocationsOfPayment(db, p.id);
      const allocated = allocations.reduce((a, x) => a + x.amount_fen, 0);
      return {
        paymentId: p.id,
        receiptNo: p.receipt_no,
        community: { code: p.community_code, name: p.community },
        unitCode: p.code,
        areaCm2: p.area_cm2,
        channel: p.channel,
        amountFen: p.amount_fen,
        paidOn: p.paid_on,
        recordedAt: p.recorded_at.toISOString(),
        ledgerSeq: p.ledger_seq,
        pseudonym: unitPseudonym(ctx.secretKey, p.community_id, p.unit_id),
        allocations: allocations.map((a) => ({ billId: a.bill_id, period: a.period, amountFen: a.amount_fen, billAmountFen: a.bill_amount_fen })),
        prepaidFen: p.amount_fen - allocated,
      };
    },

    /**
     * An owner pays online. Only where the community has a payment channel; the one built in is a
     * simulated checkout for demonstrations (it records the payment as if the provider had
     * confirmed it), shown as such in the interface.
     */
    async payOnline(accountId: number, unitId: number, p: { channel: Extract<PaymentChannel, 'wechat' | 'alipay'>; amountFen?: number; idempotencyKey?: string }) {
      if (!(await crepo.ownsUnit(db, accountId, unitId))) throw new ForbiddenError('billing.not_your_unit');
      const unit = await db.selectFrom('units as u').innerJoin('communities as c', 'c.id', 'u.community_id').select(['u.id', 'c.id as community_id', 'c.code']).where('u.id', '=', unitId).executeTakeFirstOrThrow();
      const community = { id: unit.community_id, code: unit.code };
      const key = p.idempotencyKey ?? randomUUID();
      // a retried checkout answers with the payment it made the first time
      const done = await billing.paymentByKey(community, `online:${key}`);
      if (done) {
        if (done.amountFen !== (p.amountFen ?? done.amountFen)) throw new ValidationError('billing.idempotency_conflict', { key });
        return done;
      }
      const settings = await repo.settings(db, unit.community_id);
      if (settings.online_payments !== 'simulated') throw new ValidationError('billing.online_off');
      const due = await crepo.outstandingOfUnit(db, unitId);
      const amountFen = p.amountFen ?? due;
      if (amountFen <= 0) throw new ValidationError('billing.nothing_due');
      return billing.recordPayment(
        community,
        { unitId, amountFen, channel: p.channel, paidOn: billing.today(), idempotencyKey: `online:${key}`, reference: `SIM-${key.slice(0, 8)}`, note: '在线缴费（模拟支付）' },
        accountId,
      );
    },
  };
}

export type CollectionService = ReturnType<typeof createCollectionService>;

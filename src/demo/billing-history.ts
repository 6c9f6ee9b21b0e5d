/**
 * 风华苑's property fees as bills and payments (DESIGN §2.3), driven by ledger-history.ts month
 * by month through the billing services, so that the demo's bills, payments, prepayments,
 * collection figures and arrears are the ones a real community would have:
 *
 *   - billing settings (the simulated online checkout, the owners' bank account) and the owners'
 *     fee standards: 0.80 yuan/m² from 2020-01-01 (the trust contract), 1.10 yuan/m² from
 *     2021-01-01 (the assembly's decision of December 2020); parking and storage are not billed;
 *   - a bill run on the 1st of every month (Dr 1122 / Cr 4001, prepayments applied: Dr 2203 /
 *     Cr 1122), the developer's unsold and undelivered homes included (物业管理条例 art. 41);
 *   - the month's payments as one batch (Dr 1001 / Cr 1122, the rest Cr 2203), a few refunds of
 *     prepayments (Dr 2203 / Cr 1001);
 *   - the current month left open: paid up to yesterday, except the demo owner's units (to pay
 *     online in the demo) and ~26 units whose bank transfers wait in a bank statement
 *     (`bankStatementCsv`, `xinyi demo bank-statement`, the committed demo/bank-statement.csv).
 *
 * `FeePaymentModel` decides who pays what, when and how. It keeps its own copy of each unit's open
 * bills and prepayment with the service's rules (one bill a month, prepayments applied by the run,
 * payments allocated oldest bill first), so it knows every amount without reading it back, and
 * `DemoBilling` checks the service's answers against it.
 *
 * Deterministic: the same register and the same current day give the same bills and payments.
 */
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import type { Services } from '../compose.js';
import { monthlyFeeFen } from '../modules/billing/billing.rules.js';
import type { PaymentInput } from '../modules/billing/billing.service.js';
import { lastDayOf, nextPeriod } from '../modules/ledger/ledger.rules.js';
import { type ManualClock, shanghaiDay } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import type { PaymentChannel, UnitKind } from '../platform/db/schema.js';
import { type Rng, prng } from './prng.js';

/** The owners' bank account for transfers (shown to owners; the account number is a placeholder). */
export const DEMO_PAYEE = { name: '风华苑业主大会（共有资金）', bank: '成都农村商业银行晋阳支行', account: '1234 5678 9012 3456 789' } as const;

/** The owners' fee standards, in centi-fen per m² per month (billing.rules.ts). */
export const FEE_SCHEDULES = [
  { effectiveFrom: '2020-01-01', rateCf: 8_000, decisionRef: '风华苑信托制物业服务合同（2020-01-01 起）约定的物业服务费标准：每月0.80元/平方米' },
  { effectiveFrom: '2021-01-01', rateCf: 11_000, decisionRef: '2020年12月业主大会决议：物业服务费由每月0.80元/平方米调整为1.10元/平方米' },
] as const;
const BILLED_KINDS: readonly UnitKind[] = ['residential', 'commercial'];

const rateCfOn = (month: string) => [...FEE_SCHEDULES].reverse().find((s) => s.effectiveFrom <= `${month}-01`)!.rateCf;
const pad2 = (n: number) => String(n).padStart(2, '0');
const dayOf = (period: string, d: number) => `${period}-${pad2(d)}`;
const monthOf = (period: string) => Number(period.slice(5, 7));
/** months since 2024-01, the start of the demo's history */
const monthIndex = (period: string) => (Number(period.slice(0, 4)) - 2024) * 12 + monthOf(period) - 1;
const daysIn = (period: string) => Number(lastDayOf(period).slice(8));

// ---------------------------------------------------------------------------------------------
// the payment model

export interface BillingUnit {
  id: number;
  code: string;
  kind: UnitKind;
  areaCm2: number;
  /** unsold or undelivered: the developer pays (物业管理条例 art. 41) */
  developer: boolean;
  /** a unit of the demo `owner` account: always paid on time, its current bill left to pay online */
  demoOwner: boolean;
}

type Style = 'monthly' | 'quarterly' | 'yearly';

interface UnitState {
  u: BillingUnit;
  /** the unit pays from the month the community's propensity exceeds this */
  threshold: number;
  style: Style;
  /** on starting to pay, settles its arrears at once (else pays a month at a time, staying behind) */
  settles: boolean;
  lagging: boolean;
  channel: PaymentChannel;
  /** the usual day of the month a monthly payer pays */
  payDay: number;
  wasPaying: boolean;
  open: { period: string; outstandingFen: number }[];
  prepaidFen: number;
}

export interface PlannedPayment extends PaymentInput {
  /** what the model expects the service to keep as a prepayment */
  expectPrepaidFen: number;
}

export interface PlannedRefund {
  unitId: number;
  amountFen: number;
  channel: PaymentChannel;
  refundedOn: string;
  reason: string;
  idempotencyKey: string;
}

/** Two sales of homes paid a year ahead (the remaining prepayment goes back to the seller), one double payment. */
const SALES = ['2024-08', '2025-06'];
const DOUBLE_PAYMENT = '2025-03';

/**
 * Who pays, when, how much and how. Each unit has a fixed threshold: it pays from the month the
 * community's propensity (75 % in 2024-01, rising to 99.2 % by 2025-07) exceeds it. Payers pay
 * monthly, a quarter ahead or a year ahead (the extra is a prepayment the next runs use up);
 * monthly payers now and then pay a month late together with the next (less often as trust
 * grows). A unit that starts paying with arrears mostly settles them at once; the others pay a
 * month at a time, which the oldest-first allocation puts on their oldest bill, so they stay
 * behind (and late every month) until they catch up. The developer pays its homes each January
 * for the year.
 */
export class FeePaymentModel {
  private readonly units: UnitState[];
  private readonly rng: Rng;
  private readonly events: { sales: Map<string, number>; doublePayer: number | null };

  /** recent arrears, by unit: from the month `from` on */
  private readonly stories = new Map<number, { kind: 'stopped' | 'lapsed' | 'behind'; from: number }>();

  /**
   * `until`: the current month, for three recent stories of arrears: one unit stopped paying five
   * months before it (a dispute), one missed last month and has not paid yet, one missed three
   * months eight months before it and has paid a month at a time since, so it stays three behind.
   */
  constructor(units: BillingUnit[], opts: { until?: string; seed?: number } = {}) {
    const seed = opts.seed ?? 2024_0101;
    this.rng = prng(seed);
    const r = this.rng;
    this.units = [...units]
      .filter((u) => BILLED_KINDS.includes(u.kind))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((u) => {
        const s = r.next();
        const c = r.next();
        const shop = u.kind === 'commercial';
        const state: UnitState = {
          u,
          threshold: r.next(),
          style: shop ? 'monthly' : s < 0.62 ? 'monthly' : s < 0.87 ? 'quarterly' : 'yearly',
          settles: r.chance(0.72),
          lagging: false,
          // WeChat Pay most, then bank transfers, Alipay, cash and POS at the service centre;
          // those who pay a year ahead transfer more often, shops pay by card or transfer
          channel: shop
            ? c < 0.35 ? 'bank' : c < 0.7 ? 'pos' : 'wechat'
            : s >= 0.87 && c < 0.45 ? 'bank' : c < 0.55 ? 'wechat' : c < 0.73 ? 'bank' : c < 0.88 ? 'alipay' : c < 0.96 ? 'cash' : 'pos',
          payDay: 1 + Math.floor(r.next() ** 1.7 * 25),
          wasPaying: false,
          open: [],
          prepaidFen: 0,
        };
        if (u.developer) Object.assign(state, { threshold: -1, style: 'yearly', channel: 'bank', payDay: 10 });
        if (u.demoOwner) Object.assign(state, { threshold: -1, style: 'monthly', channel: 'wechat', payDay: 6 });
        return state;
      });
    // the events' units: paying from the start, not the developer's nor the demo owner's
    const regular = (s: UnitState) => !s.u.developer && !s.u.demoOwner && s.u.kind === 'residential' && s.threshold < this.propensity(0) - 0.05;
    const yearly = this.units.filter((s) => regular(s) && s.style === 'yearly');
    const monthly = this.units.filter((s) => regular(s) && s.style === 'monthly' && s.channel === 'wechat');
    this.events = {
      sales: new Map(SALES.map((p, k) => [p, yearly[(k * 7 + 3) % yearly.length]!.u.id])),
      doublePayer: monthly[11 % monthly.length]?.u.id ?? null,
    };
    const until = opts.until ? monthIndex(opts.until) : -1;
    if (until >= 9) {
      const storyUnits = this.units.filter((s) => regular(s) && s.style === 'monthly' && s.u.id !== this.events.doublePayer);
      const pick = (k: number) => storyUnits[(k * 37 + 5) % storyUnits.length]!.u.id;
      this.stories.set(pick(1), { kind: 'stopped', from: until - 5 });
      this.stories.set(pick(2), { kind: 'lapsed', from: until - 1 });
      this.stories.set(pick(3), { kind: 'behind', from: until - 8 });
    }
  }

  /** The share of units paying in month i (from 2024-01): 75 % → 99.2 % by the 19th month (2025-07), then steady. */
  propensity(i: number): number {
    return 0.75 + 0.242 * Math.min(1, Math.max(0, i) / 18);
  }

  /** The chance that a monthly payer pays month i late, together with the next. */
  private skipChance(i: number): number {
    return Math.max(0.002, 0.045 * (1 - i / 20));
  }

  private fee(s: UnitState, month: string): number {
    return monthlyFeeFen(s.u.areaCm2, rateCfOn(month));
  }

  /** The fees of the months after `period` up to the end of the unit's quarter or year (paid ahead). */
  private ahead(s: UnitState, period: string): number {
    const last = s.style === 'monthly' ? monthOf(period) : s.style === 'quarterly' ? Math.ceil(monthOf(period) / 3) * 3 : 12;
    let fen = 0;
    for (let m = nextPeriod(period), k = monthOf(period) + 1; k <= last; m = nextPeriod(m), k++) fen += this.fee(s, m);
    return fen;
  }

  /** Applies a payment as the service does: open bills oldest first, the rest a prepayment. */
  private pay(s: UnitState, amountFen: number): number {
    let left = amountFen;
    for (const b of s.open) {
      const take = Math.min(left, b.outstandingFen);
      b.outstandingFen -= take;
      left -= take;
    }
    s.open = s.open.filter((b) => b.outstandingFen > 0);
    s.prepaidFen += left;
    return left;
  }

  /** The month's bill run: one bill per unit, its prepayment applied. Returns the totals the service must report. */
  billRun(period: string): { billCount: number; totalFen: number; appliedFen: number } {
    let totalFen = 0;
    let appliedFen = 0;
    for (const s of this.units) {
      const fee = this.fee(s, period);
      const take = Math.min(fee, s.prepaidFen);
      s.prepaidFen -= take;
      totalFen += fee;
      appliedFen += take;
      if (fee > take) s.open.push({ period, outstandingFen: fee - take });
    }
    return { billCount: this.units.length, totalFen, appliedFen };
  }

  /**
   * The ~`count` units whose transfers for the current month wait in the bank statement: paying
   * units with nothing open but this month's bill. Two shops first (their amounts are unique:
   * matched by amount alone), then two homes of one size (the same amount: an ambiguous transfer),
   * then homes of other sizes; none of the demo owner's sizes, so no amount equals theirs.
   */
  designateBankTransfers(period: string, count = 26): Set<number> {
    const i = monthIndex(period);
    const r = prng(20_000 + i);
    const ownerAreas = new Set(this.units.filter((s) => s.u.demoOwner).map((s) => s.u.areaCm2));
    const candidates = this.units.filter(
      (s) => !s.u.developer && !s.u.demoOwner && !s.lagging && s.threshold < this.propensity(i) && s.open.length === 1 && s.open[0]!.period === period && s.open[0]!.outstandingFen === this.fee(s, period),
    );
    const shuffled = candidates.map((s) => ({ s, k: r.next() })).sort((a, b) => a.k - b.k).map((x) => x.s);
    const chosen: UnitState[] = shuffled.filter((s) => s.u.code.startsWith('S-')).slice(0, 2);
    const homes = shuffled.filter((s) => s.u.kind === 'residential' && !ownerAreas.has(s.u.areaCm2));
    const pairArea = homes.find((s) => homes.filter((h) => h.u.areaCm2 === s.u.areaCm2).length >= 2)?.u.areaCm2;
    chosen.push(...homes.filter((s) => s.u.areaCm2 === pairArea).slice(0, 2));
    for (const s of homes) if (chosen.length < count && s.u.areaCm2 !== pairArea) chosen.push(s);
    return new Set(chosen.map((s) => s.u.id));
  }

  /**
   * The month's payments (and the refunds after them). `current`: the month in progress — only
   * days before today (`lastDay` = yesterday's day of the month, 0 on the 1st: nobody has paid
   * yet), nobody pays late on purpose, and the units in `hold` have not paid.
   */
  collect(period: string, opts: { current?: { lastDay: number }; hold?: ReadonlySet<number> } = {}): { payments: PlannedPayment[]; refunds: PlannedRefund[] } {
    const i = monthIndex(period);
    const r = this.rng;
    const p = this.propensity(i);
    const payments: PlannedPayment[] = [];
    const refunds: PlannedRefund[] = [];
    const lastDay = opts.current ? opts.current.lastDay : daysIn(period);
    const isQuarterStart = (monthOf(period) - 1) % 3 === 0;
    for (const s of this.units) {
      const paying = s.threshold < p;
      const joined = paying && !s.wasPaying && i > 0;
      s.wasPaying = paying;
      if (!paying || opts.hold?.has(s.u.id) || lastDay < 1) continue; // lastDay 0: the 1st of the current month, nothing paid yet
      const story = this.stories.get(s.u.id);
      if (story && i >= story.from) {
        if (story.kind !== 'behind' || i < story.from + 3) continue; // not paying
        s.lagging = true; // and pays a month at a time from the fourth month on
      }
      const dueFen = s.open.reduce((a, b) => a + b.outstandingFen, 0);
      if (dueFen === 0) continue; // paid ahead
      if (joined && s.open.some((b) => b.period < period) && !s.settles) s.lagging = true;
      let amountFen: number;
      let day: number;
      if (s.lagging) {
        if (!story && r.chance(0.25)) {
          s.lagging = false; // catches up: everything owed, and ahead as usual
          amountFen = dueFen + this.ahead(s, period);
        } else {
          amountFen = Math.min(dueFen, this.fee(s, period));
        }
        day = r.int(1, 28);
      } else {
        const onlyThisMonth = s.open.length === 1 && s.open[0]!.period === period;
        const skip = s.style === 'monthly' && onlyThisMonth && !opts.current && !s.u.demoOwner && this.events.doublePayer !== s.u.id && r.chance(this.skipChance(i));
        if (skip) continue; // paid with the next month
        amountFen = dueFen + this.ahead(s, period);
        day = !onlyThisMonth ? r.int(1, 28) : s.style === 'monthly' ? Math.min(28, Math.max(1, s.payDay + r.int(-2, 3))) : r.int(1, isQuarterStart || s.style === 'yearly' ? 15 : 28);
      }
      const paysTwice = !opts.current && period === DOUBLE_PAYMENT && this.events.doublePayer === s.u.id;
      if (paysTwice) day = Math.min(day, 15);
      if (opts.current) day = 1 + Math.floor(r.next() * lastDay); // spread over the days so far
      day = Math.min(day, lastDay);
      let channel = paysTwice ? 'wechat' : r.chance(0.88) ? s.channel : r.pick(['wechat', 'wechat', 'alipay', 'bank', 'cash'] as const);
      // this month's bank transfers are all in the statement still to import
      if (opts.current && channel === 'bank' && !s.u.developer) channel = 'wechat';
      const paidOn = dayOf(period, day);
      const prepaid = this.pay(s, amountFen);
      payments.push({
        unitId: s.u.id,
        amountFen,
        channel,
        paidOn,
        idempotencyKey: `demo:pay:${period}:${s.u.id}`,
        note: s.u.developer ? '建设单位成都华锦置业有限公司缴纳未售、未交付房屋物业服务费（物业管理条例第四十一条）' : null,
        expectPrepaidFen: prepaid,
      });

      if (paysTwice) {
        // the same month paid twice (WeChat Pay, then a transfer from another family member): the
        // second is a prepayment until the owner asks for it back
        const again = this.pay(s, amountFen);
        payments.push({ unitId: s.u.id, amountFen, channel: 'bank', paidOn: dayOf(period, day + 1), idempotencyKey: `demo:pay:${period}:${s.u.id}:2`, expectPrepaidFen: again });
        refunds.push({
          unitId: s.u.id,
          amountFen,
          channel: 'bank',
          refundedOn: dayOf(period, day + 7),
          reason: `${period} 物业服务费重复缴纳（微信支付与银行转账各一次），应业主申请退回`,
          idempotencyKey: `demo:refund:${period}:${s.u.id}`,
        });
        s.prepaidFen -= amountFen;
      }
    }
    // a home paid a year ahead is sold: what the seller paid for the rest of the year goes back to
    // them; the buyer pays monthly
    const sold = opts.current ? undefined : this.events.sales.get(period);
    const seller = sold === undefined ? undefined : this.units.find((s) => s.u.id === sold);
    if (seller && seller.prepaidFen > 0 && lastDay >= 25) {
      refunds.push({
        unitId: seller.u.id,
        amountFen: seller.prepaidFen,
        channel: 'bank',
        refundedOn: dayOf(period, 22),
        reason: `房屋已出售，退还原业主已预缴的 ${nextPeriod(period)} 至 ${period.slice(0, 4)}-12 物业服务费`,
        idempotencyKey: `demo:refund:${period}:${seller.u.id}`,
      });
      seller.prepaidFen = 0;
      seller.style = 'monthly';
    }
    return { payments, refunds };
  }

  /** What all units owe on open bills and hold as prepayments. */
  balances(): { openFen: number; prepaidFen: number } {
    let openFen = 0;
    let prepaidFen = 0;
    for (const s of this.units) {
      openFen += s.open.reduce((a, b) => a + b.outstandingFen, 0);
      prepaidFen += s.prepaidFen;
    }
    return { openFen, prepaidFen };
  }

  demoOwnerUnitIds(): number[] {
    return this.units.filter((s) => s.u.demoOwner).map((s) => s.u.id);
  }

  /** Units with this month's bill paid in full within the month (the on-time count), for checks. */
  ontimeUnits(period: string): number {
    return this.units.filter((s) => !s.open.some((b) => b.period === period)).length;
  }
}

// ---------------------------------------------------------------------------------------------
// driving the billing services

const at = (date: string, hh: number, mm = 0) => `${date}T${pad2(hh)}:${pad2(mm)}:00+08:00`;

/** What ledger-history.ts calls: settings and schedules once, then each month's run and payments. */
export class DemoBilling {
  bills = 0;
  payments = 0;
  refunds = 0;

  private constructor(
    private readonly s: Services,
    private readonly clock: ManualClock,
    private readonly community: { id: number; code: string },
    private readonly trusteeId: number | null,
    readonly model: FeePaymentModel,
  ) {}

  /**
   * The billing settings and the owners' fee standards (recorded by the committee), and the
   * model over the community's billable units.
   */
  static async setUp(ctx: AppContext, s: Services, clock: ManualClock, communityId: number, who: { trusteeId: number | null; committeeId: number | null }, opts: { until?: string } = {}): Promise<DemoBilling> {
    const community = await s.billing.communityOrThrow((await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code);
    await s.billing.saveSettings(community, { onlinePayments: 'simulated', payeeName: DEMO_PAYEE.name, payeeBank: DEMO_PAYEE.bank, payeeAccount: DEMO_PAYEE.account });
    const existing = await s.billing.schedules(community);
    for (const kind of BILLED_KINDS) {
      for (const f of FEE_SCHEDULES) {
        if (existing.some((x) => x.unitKind === kind && x.effectiveFrom === f.effectiveFrom)) continue;
        await s.billing.addSchedule(community, { unitKind: kind, rateCf: f.rateCf, effectiveFrom: f.effectiveFrom, decisionRef: f.decisionRef }, who.committeeId);
      }
    }
    const owned = new Set(await demoOwnerUnits(ctx, communityId));
    const units = await ctx.db.selectFrom('units').select(['id', 'code', 'kind', 'area_cm2', 'delivery_status']).where('community_id', '=', communityId).execute();
    const model = new FeePaymentModel(
      units.map((u) => ({ id: u.id, code: u.code, kind: u.kind, areaCm2: u.area_cm2, developer: u.delivery_status !== 'delivered', demoOwner: owned.has(u.id) })),
      { until: opts.until },
    );
    return new DemoBilling(s, clock, community, who.trusteeId, model);
  }

  /** The month's bill run, issued on its 1st at 08:30 (or now, if that is earlier: the demo created on the 1st). */
  async issue(period: string, now?: Date): Promise<void> {
    const issuedOn = dayOf(period, 1);
    const morning = new Date(at(issuedOn, 8, 30));
    this.clock.set(now && now < morning ? now : morning);
    const run = await this.s.billing.issueRun(this.community, { period, idempotencyKey: `demo:bill-run:${period}`, issuedOn }, this.trusteeId);
    const expected = this.model.billRun(period);
    if (run.created && (run.billCount !== expected.billCount || run.totalFen !== expected.totalFen || run.appliedPrepaymentFen !== expected.appliedFen)) {
      throw new Error(`demo bill run ${period}: the service billed ${run.billCount} units ${run.totalFen} fen (prepaid ${run.appliedPrepaymentFen}), the model ${JSON.stringify(expected)}`);
    }
    this.bills += run.billCount;
  }

  /** The month's payments in one batch, then its refunds. The clock must be at or after the last of their dates. */
  async collect(period: string, opts: Parameters<FeePaymentModel['collect']>[1] = {}): Promise<void> {
    const { payments, refunds } = this.model.collect(period, opts);
    const results = await this.s.billing.recordPayments(
      this.community,
      payments.map(({ expectPrepaidFen: _, ...p }) => p),
      this.trusteeId,
    );
    results.forEach((r, k) => {
      if (r.created && r.prepaidFen !== payments[k]!.expectPrepaidFen) throw new Error(`demo payment ${payments[k]!.idempotencyKey}: prepaid ${r.prepaidFen} fen, the model expected ${payments[k]!.expectPrepaidFen}`);
    });
    for (const f of refunds) await this.s.billing.refund(this.community, f, this.trusteeId);
    this.payments += payments.length;
    this.refunds += refunds.length;
  }

  /**
   * The months after the history: each billed on its 1st; a month already over (the last one
   * not yet disclosed, before the 10th) collected in full; the current month collected up to
   * yesterday, except the demo owner's units and the units whose transfers are in the bank
   * statement. None of these months is closed.
   */
  async openMonths(after: string, now: Date): Promise<void> {
    const today = shanghaiDay(now);
    const current = today.slice(0, 7);
    for (let period = nextPeriod(after); period <= current; period = nextPeriod(period)) {
      await this.issue(period, now);
      if (period < current) {
        this.clock.set(at(lastDayOf(period), 17, 30));
        await this.collect(period);
      } else {
        this.clock.set(now);
        const hold = new Set([...this.model.designateBankTransfers(period), ...this.model.demoOwnerUnitIds()]);
        await this.collect(period, { current: { lastDay: Number(today.slice(8)) - 1 }, hold });
      }
    }
  }
}

/** The units (billed kinds) of the demo `owner` account (DEMO_ACCOUNTS in fenghuayuan.ts). */
async function demoOwnerUnits(ctx: AppContext, communityId: number): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('accounts as a')
    .innerJoin('account_persons as ap', 'ap.account_id', 'a.id')
    .innerJoin('unit_owners as uo', 'uo.person_id', 'ap.person_id')
    .innerJoin('units as u', 'u.id', 'uo.unit_id')
    .select('u.id')
    .where('a.login', '=', 'owner')
    .where('u.community_id', '=', communityId)
    .where('u.kind', 'in', BILLED_KINDS)
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// the bank statement

const SUPPLIER = { name: '成都通达电梯工程有限公司', memo: (m: number) => `${m}月电梯维保费（14部×210元）`, fen: 294_000, day: 8 };
const NAME_SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜');
const NAME_GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩然欣怡子涵雨轩思远晓梅志德福淑珍海燕春俊峰嘉琪');

/** How residents write their unit in a transfer's memo (3-2-1201 → …). */
export function memoFor(code: string, month: number, k: number): string {
  if (code.startsWith('S-')) return [`商铺${code} ${month}月物业费`, `${code.replace('-', '')}物业费`, `风华苑商业街${code} 物业管理费`][k % 3]!;
  const [b, e, room] = code.split('-') as [string, string, string];
  const r = room.replace(/^0/, '');
  const styles = [
    `${b}-${e}-${room}物业费`,
    `${b}栋${e}单元${room}`,
    `物业费 ${b}幢${e}单元${r}室`,
    `风华苑${b}-${e}-${room} ${month}月物业费`,
    `交${b}号楼${e}单元${room}物业管理费`,
    `${b}栋${e}-${r} ${month}月份物业费`,
    `${b}#${e}单元${room}室物业费`,
    `物业费${b}-${e}-${r}`,
  ];
  return styles[k % styles.length]!;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** 123456 → "1,234.56" */
function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.trunc(a / 100).toLocaleString('en-US')}.${pad2(a % 100)}`;
}

export interface BankStatement {
  /** the CSV, GBK-encoded as Chinese online banking exports it */
  data: Buffer;
  from: string;
  to: string;
  /** incoming transfers for units: by memo code, by amount alone, ambiguous by amount */
  byCode: number;
  byAmount: number;
  ambiguous: number;
  /** incoming transfers that match no unit, and outgoing payments */
  unknown: number;
  outgoing: number;
}

/**
 * The community's bank statement for the current month up to `today`, as its bank would export
 * it (2–3 title lines, a header, one row per transaction, a 合计 row; GBK): the transfers of the
 * units whose current bill is still open (nothing older open, the demo owner's units left out;
 * at most 26) — most with the unit code in the memo written the ways residents write it, two
 * with no code and an amount no other unit owes (matched by amount), one with no code and an
 * amount two units owe (ambiguous) — one transfer from an unknown payer, one payment to a
 * supplier. Dates, names and serial numbers are deterministic for a given day.
 */
export async function bankStatementCsv(ctx: AppContext, communityId: number, today: string): Promise<BankStatement> {
  const month = today.slice(0, 7);
  const todayDay = Number(today.slice(8));
  const r = prng(Number(today.replaceAll('-', '')));
  const units = await ctx.db.selectFrom('units').select(['id', 'code', 'kind']).where('community_id', '=', communityId).orderBy('code').execute();
  const open = await ctx.db
    .selectFrom('bills')
    .select(['unit_id', 'period', 'amount_fen', 'paid_fen'])
    .where('community_id', '=', communityId)
    .whereRef('paid_fen', '<', 'amount_fen')
    .execute();
  // what bank.service.ts matches amounts against: each unit's total open balance
  const openFen = new Map<number, number>();
  const periods = new Map<number, string[]>();
  for (const b of open) {
    openFen.set(b.unit_id, (openFen.get(b.unit_id) ?? 0) + b.amount_fen - b.paid_fen);
    periods.set(b.unit_id, [...(periods.get(b.unit_id) ?? []), b.period]);
  }
  const holders = new Map<number, number>();
  for (const fen of openFen.values()) holders.set(fen, (holders.get(fen) ?? 0) + 1);
  const owner = new Set(await demoOwnerUnits(ctx, communityId));
  const candidates = units
    .filter((u) => !owner.has(u.id) && periods.get(u.id)?.length === 1 && periods.get(u.id)![0] === month)
    .map((u) => ({ ...u, fen: openFen.get(u.id)!, k: r.next() }))
    .sort((a, b) => a.k - b.k);
  const byAmount = candidates.filter((u) => holders.get(u.fen) === 1).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'commercial' ? -1 : 1)).slice(0, 2);
  const ambiguous = candidates.filter((u) => !byAmount.includes(u) && holders.get(u.fen)! >= 2).sort((a, b) => holders.get(a.fen)! - holders.get(b.fen)!).slice(0, 1);
  const byCode = candidates.filter((u) => !byAmount.includes(u) && !ambiguous.includes(u)).slice(0, 26 - byAmount.length - ambiguous.length);

  // the payers as the bank shows them: the registered owner, or someone of the family
  const ownerNames = new Map(
    (
      await ctx.db
        .selectFrom('unit_owners as uo')
        .innerJoin('persons as p', 'p.id', 'uo.person_id')
        .select(['uo.unit_id', 'p.name'])
        .where('uo.community_id', '=', communityId)
        .where('p.kind', '=', 'natural')
        .orderBy('p.id')
        .execute()
    ).map((x) => [x.unit_id, x.name]),
  );
  const invented = (surname?: string) => {
    const first = r.pick(NAME_GIVEN);
    const second = r.chance(0.7) ? r.pick(NAME_GIVEN) : '';
    return (surname ?? r.pick(NAME_SURNAMES)) + first + (second === first ? '' : second);
  };
  const payer = (unitId: number) => {
    const name = ownerNames.get(unitId);
    return name && r.chance(0.7) ? name : invented(name?.[0]);
  };
  const anyDay = () => r.int(1, todayDay);

  type Row = { day: number; counterparty: string; memo: string; creditFen: number; debitFen: number };
  const rows: Row[] = [];
  byCode.forEach((u, k) => rows.push({ day: anyDay(), counterparty: payer(u.id), memo: memoFor(u.code, monthOf(month), k + r.int(0, 7)), creditFen: u.fen, debitFen: 0 }));
  for (const u of byAmount) rows.push({ day: anyDay(), counterparty: payer(u.id), memo: r.pick(['物业费', `${monthOf(month)}月物业费`, '缴物业管理费']), creditFen: u.fen, debitFen: 0 });
  for (const u of ambiguous) rows.push({ day: anyDay(), counterparty: payer(u.id), memo: '物业费', creditFen: u.fen, debitFen: 0 });
  let unknownFen = 30_000;
  while (holders.has(unknownFen)) unknownFen += 1_000;
  rows.push({ day: anyDay(), counterparty: invented(), memo: '转账', creditFen: unknownFen, debitFen: 0 });
  rows.push({ day: Math.min(SUPPLIER.day, todayDay), counterparty: SUPPLIER.name, memo: SUPPLIER.memo(monthOf(month)), creditFen: 0, debitFen: SUPPLIER.fen });
  rows.sort((a, b) => a.day - b.day);

  // the balance carried in: the bank account's (1001) balance at the end of last month
  const { rows: carried } = await sql<{ fen: string | number }>`
    select coalesce(sum(l.debit_fen - l.credit_fen), 0)::int8 as fen
      from ledger_lines l join ledger_entries e on e.id = l.entry_id join ledgers g on g.id = e.ledger_id
     where g.community_id = ${communityId} and l.account_code = '1001' and e.entry_date < ${`${month}-01`}::date`.execute(ctx.db);
  let balance = Number(carried[0]?.fen ?? 0);

  const settings = await ctx.db.selectFrom('billing_settings').select(['payee_name', 'payee_account']).where('community_id', '=', communityId).executeTakeFirst();
  const lines = [
    `账号,${(settings?.payee_account ?? DEMO_PAYEE.account).replaceAll(' ', '')}`,
    `户名,${csvCell(settings?.payee_name ?? DEMO_PAYEE.name)}`,
    `起止日期,${month}-01 至 ${today}`,
    '交易日期,交易流水号,对方户名,附言,借方发生额,贷方发生额,余额',
  ];
  let seq = r.int(100_000, 400_000);
  for (const row of rows) {
    balance += row.creditFen - row.debitFen;
    seq += r.int(37, 2_900);
    const date = dayOf(month, row.day);
    lines.push(
      [date, `FH${date.replaceAll('-', '')}${String(seq).padStart(8, '0')}`, row.counterparty, row.memo, row.debitFen ? yuanText(row.debitFen) : '', row.creditFen ? yuanText(row.creditFen) : '', yuanText(balance)]
        .map(csvCell)
        .join(','),
    );
  }
  const credit = rows.reduce((a, x) => a + x.creditFen, 0);
  const debit = rows.reduce((a, x) => a + x.debitFen, 0);
  lines.push(['合计', '', '', `共${rows.length}笔`, yuanText(debit), yuanText(credit), ''].map(csvCell).join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  const data = iconv.encode(text, 'gbk');
  if (new TextDecoder('gb18030').decode(data) !== text) throw new Error('bank statement: text that GBK cannot encode');
  return { data, from: `${month}-01`, to: today, byCode: byCode.length, byAmount: byAmount.length, ambiguous: ambiguous.length, unknown: 1, outgoing: 1 };
}

/**
 * 风华苑's open budgets (DESIGN §2.4) and the spending under them (§2.2), driven through the
 * budget and spending services with a ManualClock, so that every version, comment, answer,
 * vote, approval and posting is one the services made:
 *
 *   - the 2025 budget: the trustee's draft of October 2024 (basis: fees at 1.10 yuan/m², 95 %
 *     expected collection, public revenue), published for consultation; owners and a tenant
 *     comment on its lines (support, objection), the committee hides one comment that named a
 *     neighbour; the trustee's revision answers them (more for greenery, less for office costs);
 *     the owners adopt version 2 by a written vote in December 2024 (an owners' decision, matter 9);
 *   - every budget year after it up to the current one adopted the same way in the December before
 *     (a single version, a short consultation), and, from October, next year's draft in
 *     consultation, open to the demo owner's comments;
 *   - execution: from 2025 every expense of ledger-history.ts is a spending proposal on its budget
 *     line, approved by one committee member up to 5,000 yuan and by a majority of the five members
 *     above it, and posted from the approval; in August 2025 a garage repair over the 20,000-yuan
 *     tender threshold with three quotes and the choice explained (not the cheapest); in July 2025,
 *     the storm month, an emergency pump replacement posted the same day, disclosed the next and
 *     ratified by the committee afterwards;
 *   - the final accounts (决算) of every closed year, published in February with the variances
 *     explained.
 *
 * Deterministic: the same register and the same current day give the same budgets and proposals.
 */
import { type Services, createServices } from '../compose.js';
import type { BudgetLine } from '../modules/budget/budget.rules.js';
import { needsExplanation } from '../modules/budget/budget.rules.js';
import type { LedgerRef } from '../modules/ledger/ledger.repository.js';
import { ManualClock, shanghaiDay } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { applyRateBp } from '../platform/money.js';
import { monthlyFeeFen } from '../modules/billing/billing.rules.js';
import { DEMO_COMMITTEE_MEMBERS, demoDecision } from './decisions-history.js';

export const FIRST_BUDGET_YEAR = 2025;

const at = (day: string, h: number, m = 0) => new Date(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Budget line codes by expense account: the same codes every year. */
export const LINE_OF_ACCOUNT: Readonly<Record<string, string>> = {
  '5001': 'L01',
  '5002': 'L02',
  '5003': 'L03',
  '5004': 'L04',
  '5005': 'L05',
  '5006': 'L06',
  '5007': 'L07',
  '5008': 'L08',
  '5009': 'L09',
  '5101': 'L10',
};

interface People {
  trustee: number;
  chair: number;
  members: number[];
  owner: number | null;
  tenant: number | null;
  supervisor: number | null;
}

async function people(ctx: AppContext): Promise<People> {
  const login = async (l: string) => (await ctx.db.selectFrom('accounts').select('id').where('login', '=', l).executeTakeFirst())?.id ?? null;
  const trustee = await login('trustee');
  const chair = await login('committee');
  const members = (await Promise.all(DEMO_COMMITTEE_MEMBERS.map((m) => login(m.login)))).filter((x): x is number => x !== null);
  if (trustee === null || chair === null || members.length !== DEMO_COMMITTEE_MEMBERS.length) throw new Error('the demo budgets need the trustee and the committee (seed the decisions history first)');
  return { trustee, chair, members, owner: await login('owner'), tenant: await login('tenant'), supervisor: await login('supervisor') };
}

// ---------------------------------------------------------------------------------------------
// the budgets

/** The year's fees if every bill were paid: the register's homes and shops at 1.10 yuan/m² (the 2020 decision), twelve months. */
async function feeIncomeOf(ctx: AppContext, communityId: number): Promise<number> {
  const units = await ctx.db.selectFrom('units').select('area_cm2').where('community_id', '=', communityId).where('kind', 'in', ['residential', 'commercial']).execute();
  return units.reduce((s, u) => s + monthlyFeeFen(u.area_cm2, 11_000), 0) * 12;
}

interface DraftLine {
  account: string;
  name: string;
  fen: number;
  basis: string;
  standard?: string;
}

/** Lines of a year as the trustee first drafts them (years after 2025: 3 % more a year on every line but the remuneration). */
function draftLines(year: number, remunerationFen: number): DraftLine[] {
  const g = (fen: number) => Math.round((fen * (100 + Math.max(0, year - 2025) * 3)) / 100 / 100) * 100;
  return [
    { account: '5001', name: '项目服务人员工资及社保', fen: g(19_800_000), basis: '7 名驻场人员（经理、客服、维修 2 名、综合 3 名），劳务派遣合同单价上调 3%，含社保及公积金' },
    { account: '5002', name: '保洁服务', fen: g(6_400_000), basis: '保洁外包合同每月 4,820.40 元 × 12，化粪池清掏 2 次', standard: 'CLN-01' },
    { account: '5003', name: '秩序维护服务', fen: g(10_400_000), basis: '门岗及巡逻外包合同每月 8,652 元 × 12', standard: 'SEC-01' },
    { account: '5004', name: '绿化养护', fen: g(2_800_000), basis: '绿化养护合同每月 1,905.50 元 × 12，春季补植、秋季修剪', standard: 'GRN-01' },
    { account: '5005', name: '设施设备维护', fen: g(13_500_000), basis: '电梯维保 14 部 × 210 元 × 12、电梯年检、消防检测；零星维修约 5 万元；计划修缮：地下车库地坪及排水沟约 3 万元' },
    { account: '5006', name: '公共能耗', fen: g(5_000_000), basis: '公共用电按 2024 年实际并考虑夏冬季电梯及照明负荷；公共用水' },
    { account: '5007', name: '办公管理', fen: g(900_000), basis: '物业服务中心宽带及电话每月 299 元，办公用品，公示材料印制' },
    { account: '5008', name: '保险', fen: g(760_000), basis: '公众责任险及公共部位财产险，按 2024 年保单续保' },
    { account: '5009', name: '审计', fen: g(850_000), basis: '上年度共有资金收支第三方审计' },
    { account: '5101', name: '受托人酬金', fen: remunerationFen, basis: '信托制物业服务合同：实收物业费及公共收益之和的 15.00%，按预计实收计算；当月服务质量评分低于 90 分按合同扣减' },
  ];
}

function linesOf(drafted: DraftLine[]): BudgetLine[] {
  return drafted.map((l) => ({ code: LINE_OF_ACCOUNT[l.account]!, account: l.account, name: l.name, amountFen: l.fen, basis: l.basis, standard: l.standard ?? null }));
}

/**
 * The budget years: 2025 with its full consultation, every later year up to the current one
 * adopted in the December before, and next year's draft in consultation from October on.
 */
export async function seedBudgets(ctx: AppContext, communityId: number, opts: { today?: string } = {}): Promise<{ budgets: number }> {
  const started = Date.now();
  const today = opts.today ?? shanghaiDay(ctx.clock.now());
  const code = (await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code;
  const who = await people(ctx);
  // the drafts' lines are checked against the common fund's chart of accounts
  await createServices(ctx).ledger.ensureLedger(communityId, code);
  const feeIncomeFen = await feeIncomeOf(ctx, communityId);
  const currentYear = Number(today.slice(0, 4));
  let budgets = 0;
  for (let year = FIRST_BUDGET_YEAR; year <= currentYear; year++) {
    await adoptedBudget(ctx, code, who, year, feeIncomeFen, year === FIRST_BUDGET_YEAR);
    budgets++;
  }
  if (Number(today.slice(5, 7)) >= 10) {
    await nextYearInConsultation(ctx, code, who, currentYear + 1, feeIncomeFen, today);
    budgets++;
  }
  ctx.log(`demo budgets: ${FIRST_BUDGET_YEAR}–${currentYear} adopted by the owners${budgets > currentYear - FIRST_BUDGET_YEAR + 1 ? `, ${currentYear + 1} in consultation` : ''}, in ${Date.now() - started} ms`);
  return { budgets };
}

function basisOf(year: number, feeIncomeFen: number) {
  const publicRevenueFen = 15_000_000 + (year - 2025) * 600_000;
  const basis = { feeIncomeFen, collectionRateBp: 9500, publicRevenueFen, otherIncomeFen: 60_000, reserveFen: 0 };
  const remunerationFen = applyRateBp(applyRateBp(feeIncomeFen, basis.collectionRateBp) + publicRevenueFen, 1500);
  return { basis, remunerationFen };
}

const BASIS_TEXT = (year: number) =>
  `${year} 年度共有资金预算编制依据：物业服务费按业主共同决定的每月 1.10 元/平方米（住宅及商业用房）全年应收计算，预计收缴率 95%（上年实际 99% 以上，留有余地）；公共收益按现有停车、广告、场地及通信基站合同测算；利息按活期估算。服务范围和标准按《风华苑物业服务质量标准》执行。以收定支：计划支出不超过预计可收收入。`;

async function adoptedBudget(ctx: AppContext, code: string, who: People, year: number, feeIncomeFen: number, full: boolean): Promise<void> {
  const prev = year - 1;
  const clock = new ManualClock(at(`${prev}-10-15`, 10));
  const s = createServices({ ...ctx, clock });
  const c = await s.decisions.communityOrThrow(code);
  const { basis, remunerationFen } = basisOf(year, feeIncomeFen);
  const drafted = draftLines(year, remunerationFen);

  await s.budget.create(c, { year, title: `风华苑 ${year} 年度共有资金预算` }, who.trustee);
  await s.budget.saveDraft(c, year, { basis, basisText: BASIS_TEXT(year), note: '受托人草案', lines: linesOf(drafted), answers: [] }, who.trustee);
  clock.set(at(`${prev}-10-20`, 9));
  await s.budget.publish(c, year, { consultationEndsOn: `${prev}-11-05` }, who.trustee);

  let number = 1;
  if (full) {
    // the consultation: owners (the committee members are owners too), a tenant, the supervisor
    const comments: { by: number | null; role: 'owner' | 'resident'; day: string; line: string | null; stance: 'support' | 'oppose' | 'comment'; body: string }[] = [
      { by: who.owner, role: 'owner', day: `${prev}-10-21`, line: 'L04', stance: 'oppose', body: '绿化预算偏少：去年 2 栋、5 栋之间草坪斑秃一直没补，建议增加补植和养护频次。' },
      { by: who.members[0]!, role: 'owner', day: `${prev}-10-22`, line: 'L07', stance: 'oppose', body: '办公管理 9,000 元比去年实际 6,221 元多出近一半，请说明用途，能否压缩？' },
      { by: who.tenant, role: 'resident', day: `${prev}-10-23`, line: 'L03', stance: 'support', body: '夜间巡逻这一年明显好了，支持保持现在的秩序维护标准。' },
      { by: who.members[1]!, role: 'owner', day: `${prev}-10-24`, line: 'L05', stance: 'comment', body: '地下车库地坪起砂、排水沟堵塞多年，计划修缮的 3 万元请按招标程序比价，结果公示。' },
      { by: who.members[2]!, role: 'owner', day: `${prev}-10-26`, line: 'L07', stance: 'oppose', body: '3 栋某某家（电话 138xxxx）天天占用消防通道，办公经费应该先用来管管他。' },
      { by: who.owner, role: 'owner', day: `${prev}-10-28`, line: null, stance: 'support', body: '预算逐项列明依据，比以前清楚多了，支持。' },
      { by: who.members[3]!, role: 'owner', day: `${prev}-10-30`, line: 'L06', stance: 'comment', body: '公共照明能否逐步换成感应 LED，省下的电费留在共有资金里？' },
    ];
    const ids: number[] = [];
    for (const [n, x] of comments.entries()) {
      if (x.by === null) continue;
      clock.set(at(x.day, 20, n * 3));
      const made = await s.budget.comment(c, year, 1, { accountId: x.by, roles: new Set([x.role]) }, { line: x.line, stance: x.stance, body: x.body, idempotencyKey: `demo:budget:${year}:comment:${n}` });
      ids[n] = made.id;
    }
    // the comment that names a neighbour and a phone number is hidden (kept, the hiding logged)
    clock.set(at(`${prev}-10-27`, 9, 15));
    if (ids[4]) await s.budget.hide(c, year, ids[4], '含他人个人信息（住址、电话），依据《个人信息保护法》隐藏；所涉消防通道问题已转物业处理', who.chair);

    // the revision: answers, more for greenery, less for office costs
    clock.set(at(`${prev}-11-07`, 15));
    await s.budget.newDraft(c, year, 'revision', who.trustee);
    const revised = drafted.map((l) =>
      l.account === '5004'
        ? { ...l, fen: 3_000_000, basis: `${l.basis}；采纳业主意见：增加 2 栋、5 栋之间草坪补植 2,000 元` }
        : l.account === '5007'
          ? { ...l, fen: 650_000, basis: '物业服务中心宽带及电话每月 299 元，办公用品，公示材料印制；采纳业主意见压缩至 6,500 元' }
          : l,
    );
    const answers = [
      { commentId: ids[0], body: '采纳。绿化预算由 28,000 元增加到 30,000 元，其中 2,000 元用于 2 栋、5 栋之间草坪补植，春季完成后公示照片。' },
      { commentId: ids[1], body: '采纳。原草案含更换打印机 2,500 元，经核实现有设备可继续使用，办公管理压缩到 6,500 元。' },
      { commentId: ids[3], body: '同意。该项目超过 2 万元招标限额，将取得至少 3 家报价，经业委会审批后实施，报价单和选择理由随支出一并公开。' },
      { commentId: ids[6], body: '感谢建议。2025 年先在 1、2 栋试点更换感应 LED 灯具（在设施设备维护零星维修中列支），节电效果纳入月度公示，效果好再推广。' },
    ].filter((a): a is { commentId: number; body: string } => a.commentId !== undefined);
    await s.budget.saveDraft(c, year, { basis, basisText: BASIS_TEXT(year), note: '根据征求意见修订：绿化增加 2,000 元（草坪补植），办公管理压缩 2,500 元；对意见逐条答复。', lines: linesOf(revised), answers }, who.trustee);
    clock.set(at(`${prev}-11-08`, 9));
    await s.budget.publish(c, year, { consultationEndsOn: `${prev}-11-20` }, who.trustee);
    number = 2;
  }

  // adoption: a written vote in December, the version submitted before the notice
  const vote = await demoDecision(ctx, c.id, {
    draftedOn: `${prev}-11-${full ? '10' : '06'}`,
    seed: year * 7919,
    input: {
      kind: 'written',
      title: `关于${year}年度共有资金预算的书面征求意见`,
      description: `${year} 年度共有资金预算（第 ${number} 版）已完成征求意见，受托人对意见逐条答复并修订。依据《民法典》第二百七十八条第一款第九项，提请全体业主表决。预算全文、各版本对比及意见答复见“开放式预算”。`,
      votingOpensOn: `${prev}-11-26`,
      votingClosesOn: `${prev}-12-09`,
      items: [{ matter: 9, title: `通过风华苑 ${year} 年度共有资金预算（第 ${number} 版）` }],
    },
    plan: { participation: full ? 0.86 : 0.78, agree: 0.84, oppose: 0.08 },
    beforeNotice: async (decisionId, s2, clock2) => {
      clock2.set(at(`${prev}-11-${full ? '10' : '06'}`, 10, 30));
      await s2.budget.submit(c, year, number, { decisionId, item: 1 }, who.chair);
    },
  });
  if (vote.state !== 'final') throw new Error(`demo budget vote ${year}: ${vote.state}`);
}

async function nextYearInConsultation(ctx: AppContext, code: string, who: People, year: number, feeIncomeFen: number, today: string): Promise<void> {
  const published = addDays(today, -8);
  const clock = new ManualClock(at(addDays(today, -12), 10));
  const s = createServices({ ...ctx, clock });
  const c = await s.decisions.communityOrThrow(code);
  const { basis, remunerationFen } = basisOf(year, feeIncomeFen);
  await s.budget.create(c, { year, title: `风华苑 ${year} 年度共有资金预算` }, who.trustee);
  await s.budget.saveDraft(c, year, { basis, basisText: BASIS_TEXT(year), note: '受托人草案', lines: linesOf(draftLines(year, remunerationFen)), answers: [] }, who.trustee);
  clock.set(at(published, 9));
  await s.budget.publish(c, year, { consultationEndsOn: addDays(today, 10) }, who.trustee);
  const comments = [
    { by: who.members[1]!, line: 'L05', stance: 'support' as const, body: '支持继续安排电梯部件更换，去年 3 号梯停梯次数明显减少。' },
    { by: who.members[3]!, line: 'L01', stance: 'comment' as const, body: '人员费用连续两年上调 3%，请公示驻场人员数量和岗位。' },
  ];
  for (const [n, x] of comments.entries()) {
    clock.set(at(addDays(published, 1 + n), 20, 10));
    await s.budget.comment(c, year, 1, { accountId: x.by, roles: new Set(['owner' as const]) }, { line: x.line, stance: x.stance, body: x.body, idempotencyKey: `demo:budget:${year}:comment:${n}` });
  }
}

// ---------------------------------------------------------------------------------------------
// spending: the ledger history's expenses as proposals, from the first budget year on

export interface DemoExpense {
  key: string;
  account: string;
  vendor: string;
  date: string;
  fen: number;
  memo: string;
  vouchers: { sha256: string; name: string }[];
}

/**
 * Turns the ledger history's expenses into spending proposals on the year's budget line: proposed
 * by the trustee in the morning, approved by the committee (one member up to the committee
 * threshold, three of five above it), posted in the afternoon.
 */
export class DemoSpending {
  private constructor(
    private readonly s: Services,
    private readonly clock: ManualClock,
    private readonly c: { id: number; code: string },
    private readonly who: People,
    private readonly years: Set<number>,
  ) {}

  /** null when the community has no adopted budget (the demo without its decisions). */
  static async setUp(ctx: AppContext, clock: ManualClock, communityId: number): Promise<DemoSpending | null> {
    const years = await ctx.db
      .selectFrom('budgets as b')
      .innerJoin('budget_versions as v', 'v.budget_id', 'b.id')
      .select('b.year')
      .distinct()
      .where('b.community_id', '=', communityId)
      .where('v.state', '=', 'adopted')
      .execute();
    if (years.length === 0) return null;
    const s = createServices({ ...ctx, clock });
    const code = (await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code;
    return new DemoSpending(s, clock, await s.decisions.communityOrThrow(code), await people(ctx), new Set(years.map((y) => y.year)));
  }

  /** proposals made and the time they took (the seed's log) */
  readonly made = { proposals: 0, ms: 0 };

  handles(date: string): boolean {
    return this.years.has(Number(date.slice(0, 4)));
  }

  private approvers(fen: number): number[] {
    // 5,000 yuan: one member; above it the majority of all five
    return fen > 500_000 ? [this.who.chair, this.who.members[0]!, this.who.members[1]!] : [this.who.members[(fen >> 3) % this.who.members.length]!];
  }

  async expense(x: DemoExpense, extra: { description?: string; quotes?: { vendor: string; amountFen: number; sha256: string; name: string; chosen: boolean }[]; choiceReason?: string } = {}): Promise<number> {
    const { s, c, who, clock } = this;
    const started = Date.now();
    const year = Number(x.date.slice(0, 4));
    clock.set(at(x.date, 9, 30));
    const p = await s.spending.propose(c, who.trustee, {
      idempotencyKey: `${x.key}:proposal`,
      year,
      line: LINE_OF_ACCOUNT[x.account]!,
      title: x.memo,
      description: extra.description ?? '',
      counterparty: x.vendor,
      amountFen: x.fen,
      quotes: extra.quotes ?? [],
      choiceReason: extra.choiceReason ?? null,
    });
    for (const [n, m] of this.approvers(x.fen).entries()) {
      clock.set(at(x.date, 11, n * 7));
      await s.spending.approve(c, p.id, m);
    }
    clock.set(at(x.date, 16, 30));
    const posted = await s.spending.post(c, p.id, who.trustee, { idempotencyKey: `${x.key}:post`, date: x.date, vouchers: x.vouchers });
    this.made.proposals++;
    this.made.ms += Date.now() - started;
    return posted.id;
  }

  /** An emergency: posted the same day, disclosed the next, ratified by the committee a week later. */
  async emergency(x: DemoExpense, reason: string): Promise<number> {
    const { s, c, who, clock } = this;
    clock.set(at(x.date, 7, 40));
    const p = await s.spending.propose(c, who.trustee, {
      idempotencyKey: `${x.key}:proposal`,
      year: Number(x.date.slice(0, 4)),
      line: LINE_OF_ACCOUNT[x.account]!,
      title: x.memo,
      description: reason,
      counterparty: x.vendor,
      amountFen: x.fen,
      emergency: true,
      emergencyReason: reason,
    });
    clock.set(at(x.date, 18));
    const posted = await s.spending.post(c, p.id, who.trustee, { idempotencyKey: `${x.key}:post`, date: x.date, vouchers: x.vouchers });
    clock.set(at(addDays(x.date, 1), 10));
    await s.spending.disclose(c, p.id, who.trustee);
    for (const [n, m] of [who.chair, ...who.members.slice(1, 3)].entries()) {
      clock.set(at(addDays(x.date, 6), 19, 30 + n * 5));
      await s.spending.ratify(c, p.id, m, { verdict: 'approve', note: n === 0 ? '暴雨夜间排污泵烧毁，不及时更换将淹没配电房，属紧急情况，同意追认' : '' });
    }
    return posted.id;
  }
}

// ---------------------------------------------------------------------------------------------
// final accounts

const EXPLANATIONS: Record<string, [over: string, under: string]> = {
  L01: ['社保缴费基数年中上调', '年中 1 名维修工离职，岗位空缺 2 个月'],
  L02: ['化粪池清掏增加 1 次', '保洁合同按月结算，未发生计划外支出'],
  L03: ['节假日增派临时岗', '秩序维护合同按月结算'],
  L04: ['补植面积增加', '秋季修剪费用低于预计'],
  L05: ['暴雨季紧急抢修及车库地坪修缮', '零星维修少于预计，计划修缮按招标价执行'],
  L06: ['夏季高温电梯及照明负荷增加', '1、2 栋感应 LED 试点节电'],
  L07: ['公示材料印制增加', '办公用品按需采购'],
  L08: ['续保保费上调', '续保保费低于预计'],
  L09: ['审计范围扩大', '审计费低于预计'],
  L10: ['实际收缴率 99% 以上（含清收往年欠费），高于预计 95%，酬金按实收 15% 计提', '7 月服务质量评分低于 90 分，酬金按合同扣减；实收低于预计'],
};

/** Final accounts of every budget year whose December is closed: published on 15 February with the variances explained. */
export async function seedFinalAccounts(ctx: AppContext, communityId: number, ledger: LedgerRef): Promise<number> {
  const code = (await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code;
  const closed = await ctx.db.selectFrom('ledger_periods').select('period').where('ledger_id', '=', ledger.id).where('period', 'like', '%-12').execute();
  const who = await people(ctx);
  let n = 0;
  for (const { period } of closed) {
    const year = Number(period.slice(0, 4));
    const clock = new ManualClock(at(`${year + 1}-02-15`, 10));
    if (clock.now() > ctx.clock.now()) continue;
    const s = createServices({ ...ctx, clock });
    const c = await s.decisions.communityOrThrow(code);
    const budget = await ctx.db.selectFrom('budgets').select('id').where('community_id', '=', c.id).where('year', '=', year).executeTakeFirst();
    if (!budget) continue;
    const e = await s.budget.execution(c, year, { accountId: who.trustee, roles: new Set(['trustee' as const]) });
    const explanations = e.rows
      .filter((r) => needsExplanation(r.budgetFen, r.actualFen))
      .map((r) => ({ line: r.code, text: EXPLANATIONS[r.code]?.[r.actualFen > r.budgetFen ? 0 : 1] ?? '据实结算' }));
    const saved = e.totals.budgetFen - e.totals.actualFen;
    await s.budget.finalAccounts(
      c,
      year,
      {
        summary: `${year} 年度共有资金预算执行完毕：预算支出 ${(e.totals.budgetFen / 100).toFixed(2)} 元，实际支出 ${(e.totals.actualFen / 100).toFixed(2)} 元，${saved >= 0 ? `结余 ${(saved / 100).toFixed(2)} 元` : `超支 ${(-saved / 100).toFixed(2)} 元`}，结余全部留存共有资金，归全体业主所有。各科目差异说明如下；逐笔支出、审批记录、报价单和凭证可在共有资金账中查阅。`,
        explanations,
      },
      who.trustee,
    );
    n++;
  }
  return n;
}

/**
 * 风华苑's owners' decisions (DESIGN §2.5), driven through the decisions services with a
 * ManualClock, so that every notice, ballot, count and result is one the services made:
 *
 *   - the owners' committee: the demo `committee` account (主任) and four members,
 *     `committee2` … `committee5` (password as every demo account), owners of their own homes;
 *     a committee meeting in November 2020 resolving to consult the owners on the fee;
 *   - December 2020, the fee vote of the reference community: a written consultation
 *     (书面征求意见) raising the fee from 0.80 to 1.10 yuan/m² a month (+0.30) for homes and shops
 *     from 2021-01-01, with the fee proposal attached; ballots online (owners with accounts), by
 *     a written proxy (the demo tenant for their landlord) and on paper (a building's sheets scanned
 *     a day at a time, each ballot entered by one committee member and confirmed by another); about
 *     70 % of all owners agree; counted, published, final after the objection period — and its two
 *     items are the fee schedules the billing history bills by (billing-history.ts skips those that
 *     exist);
 *   - May 2023, a decision that failed: advertising in the lifts (matter 8) missed the quorum;
 *   - today, a decision being voted on: an electric-bicycle charging shed (matter 8) and its
 *     funding from the maintenance fund (matter 5); about a third have voted, three paper
 *     ballots wait for a second committee member, and the demo `owner` has not voted yet.
 *
 * Deterministic: the same register and the same current day give the same ballots.
 */
import { type Services, createServices } from '../compose.js';
import type { ChoiceInput } from '../modules/decisions/ballots.service.js';
import { type DecisionInput, committee as asCommittee } from '../modules/decisions/decisions.service.js';
import { ManualClock, shanghaiDay } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { voucherPdf } from './ledger-history.js';
import { type Rng, prng } from './prng.js';
import { DEMO_PASSWORD } from './fenghuayuan.js';

/** The committee members besides `committee` (主任): their logins, and a home each owns. */
export const DEMO_COMMITTEE_MEMBERS = [
  { login: 'committee2', unitCode: '2-1-0302' },
  { login: 'committee3', unitCode: '3-2-0701' },
  { login: 'committee4', unitCode: '4-1-1102' },
  { login: 'committee5', unitCode: '6-1-0502' },
] as const;

type Choice = ChoiceInput['choice'];
interface Who {
  chair: number;
  members: number[];
  /** accounts that vote online for themselves: the committee, the supervisor, the demo owner */
  online: number[];
  tenant: number | null;
}

const at = (day: string, h: number, m = 0) => new Date(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const CHOICE_EN: Record<Choice, string> = { agree: 'AGREE', oppose: 'OPPOSE', abstain: 'ABSTAIN' };

/** Creates the committee members' accounts and the decisions. Returns the number of ballots cast. */
export async function seedDecisionsHistory(ctx: AppContext, communityId: number, opts: { today?: string } = {}): Promise<{ decisions: number; ballots: number }> {
  const today = opts.today ?? shanghaiDay(ctx.clock.now());
  const code = (await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code;
  const clock = new ManualClock(at('2020-11-01', 9));
  const s = createServices({ ...ctx, clock });
  const c = await s.decisions.communityOrThrow(code);
  const who = await committeeAccounts(ctx, s, communityId, code);
  const scene: Scene = { s, clock, c, who, today, now: ctx.clock.now(), votes: new DemoVotes(ctx, s, clock, c, who) };
  const started = Date.now();
  let ballots = 0;
  for (const vote of [feeVote, adsVote, shedVote]) ballots += await vote(scene);
  ctx.log(`demo decisions: 3 owners' decisions with ${ballots} ballots, in ${Date.now() - started} ms`);
  return { decisions: 3, ballots };
}

interface Scene {
  s: Services;
  clock: ManualClock;
  c: { id: number; code: string };
  who: Who;
  today: string;
  now: Date;
  votes: DemoVotes;
}

/** November 2020: the committee resolves to consult the owners; December: the fee vote, final, and its fee schedules. */
async function feeVote({ s, clock, c, who, votes }: Scene): Promise<number> {
  clock.set(at('2020-11-05', 19, 30));
  const meeting = await s.committee.create(c, who.chair, {
    title: '关于启动物业服务费标准调整书面征求意见的决定',
    motion: '根据2021年度公开预算草案与服务质量标准，提请全体业主以书面征求意见方式表决：住宅及商业用房物业服务费由每月0.80元/平方米调整为1.10元/平方米，自2021年1月1日起执行。',
    heldOn: '2020-11-05',
  });
  const members = [who.chair, ...who.members];
  for (const m of members) await s.committee.attend(c, meeting.id, m);
  for (const [i, m] of members.entries()) await s.committee.vote(c, meeting.id, m, i === 3 ? 'abstain' : 'agree');
  await s.committee.post(c, meeting.id, who.chair);

  clock.set(at('2020-11-06', 10));
  const proposal = await s.decisions.storeDocument(
    voucherPdf(
      'Fenghuayuan: proposal to adjust the property service fee',
      [
        ['Current fee', 'CNY 0.80 per m2 per month (trust contract, 2020)'],
        ['Proposed fee', 'CNY 1.10 per m2 per month (+0.30)'],
        ['From', '2021-01-01'],
        ['Units', 'homes and shops'],
        ['Basis', '2021 open budget draft, service quality standards'],
      ],
      "Owners' committee of Fenghuayuan - demo data",
      '2020-11-06',
    ),
  );
  const fee = await s.decisions.create(
    c,
    {
      kind: 'written',
      title: '关于调整物业服务费标准的书面征求意见（2020年12月）',
      description:
        '信托制物业实行一年来，全部物业费和公共收益进入全体业主共有资金，收支逐笔公开。为落实业主参与编制的2021年度公开预算和服务质量标准，业主委员会提请全体业主表决：物业服务费由每月0.80元/平方米调整为1.10元/平方米（上调0.30元），自2021年1月1日起执行。表决结果及投票记录将全部公开，业主可凭回执码核对本人选票。',
      votingOpensOn: '2020-11-23',
      votingClosesOn: '2020-12-06',
      items: [
        { matter: 9, title: '住宅物业服务费由每月0.80元/平方米调整为1.10元/平方米', fee: { unitKind: 'residential', rateCf: 11_000, effectiveFrom: '2021-01-01' } },
        { matter: 9, title: '商业用房物业服务费由每月0.80元/平方米调整为1.10元/平方米', fee: { unitKind: 'commercial', rateCf: 11_000, effectiveFrom: '2021-01-01' } },
      ],
      attachments: [{ kind: 'fee_proposal', sha256: proposal.sha256, name: '物业服务费调整方案.pdf' }],
    },
    who.chair,
  );
  await s.decisions.notice(c, fee.id, asCommittee(who.chair));
  clock.set(at('2020-11-23', 9));
  await s.decisions.open(c, fee.id, asCommittee(who.chair));
  const cast = await votes.vote(fee.id, prng(20201206), { participation: 0.9, agree: 0.78, oppose: 0.15, from: '2020-11-23', to: '2020-12-06', proxy: true });
  clock.set(at('2020-12-07', 10));
  await s.results.close(c, fee.id, asCommittee(who.chair));
  clock.set(at('2020-12-08', 10));
  await s.results.publish(c, fee.id, asCommittee(who.chair));
  clock.set(at('2020-12-16', 10));
  const done = await s.results.finish(c, fee.id, asCommittee(who.chair));
  if (done.state !== 'final' || done.feeSchedules.length !== 2) throw new Error(`demo fee vote: ${JSON.stringify(done)}`);
  return cast;
}

/** May 2023: advertising in the lifts (matter 8), quorum missed. */
async function adsVote({ s, clock, c, who, votes }: Scene): Promise<number> {
  clock.set(at('2023-05-08', 10));
  const ads = await s.decisions.create(
    c,
    {
      kind: 'written',
      title: '关于利用电梯轿厢设置广告位的书面征求意见',
      description: '拟在各栋电梯轿厢内设置广告位，广告收入全部进入业主共有资金，合同期2年。依据《民法典》第二百七十八条，利用共有部分从事经营活动须经参与表决业主四分之三以上同意。',
      votingOpensOn: '2023-05-25',
      votingClosesOn: '2023-06-07',
      items: [{ matter: 8, title: '同意利用电梯轿厢设置广告位，收入归全体业主共有' }],
    },
    who.chair,
  );
  await s.decisions.notice(c, ads.id, asCommittee(who.chair));
  clock.set(at('2023-05-25', 9));
  await s.decisions.open(c, ads.id, asCommittee(who.chair));
  const cast = await votes.vote(ads.id, prng(20230607), { participation: 0.52, agree: 0.6, oppose: 0.3, from: '2023-05-25', to: '2023-06-07' });
  clock.set(at('2023-06-08', 10));
  await s.results.close(c, ads.id, asCommittee(who.chair));
  clock.set(at('2023-06-09', 10));
  await s.results.publish(c, ads.id, asCommittee(who.chair));
  clock.set(at('2023-06-17', 10));
  const failed = await s.results.finish(c, ads.id, asCommittee(who.chair));
  if (failed.state !== 'failed') throw new Error(`demo ads vote: ${failed.state}`);
  return cast;
}

/** Today: the charging shed, being voted on; the demo owner has not voted, three paper ballots wait for a second member. */
async function shedVote({ s, clock, c, who, today, now, votes }: Scene): Promise<number> {
  const opened = addDays(today, -3);
  clock.set(at(addDays(today, -20), 10));
  const shed = await s.decisions.create(
    c,
    {
      kind: 'written',
      title: '关于增设电动自行车集中充电棚的书面征求意见',
      description: '为消除电动自行车入户充电的消防隐患，拟在3栋与4栋之间绿地边缘增设集中充电棚（约120个充电位），工程预算18.6万元，从专项维修资金列支；充电收费收入进入业主共有资金。',
      votingOpensOn: opened,
      votingClosesOn: addDays(today, 12),
      items: [
        { matter: 8, title: '同意利用3栋与4栋之间的共有场地建设电动自行车集中充电棚' },
        { matter: 5, title: '同意使用专项维修资金18.6万元用于充电棚建设' },
      ],
    },
    who.chair,
  );
  await s.decisions.notice(c, shed.id, asCommittee(who.chair));
  clock.set(at(opened, 9));
  await s.decisions.open(c, shed.id, asCommittee(who.chair));
  return votes.vote(shed.id, prng(Number(today.replaceAll('-', ''))), { participation: 0.34, agree: 0.82, oppose: 0.1, from: opened, to: today, until: now, pendingPaper: 3, skipDemoOwner: true });
}

/**
 * One more owners' decision run start to end by the demo's committee (made by
 * seedDecisionsHistory): drafted on `draftedOn`, `beforeNotice` (say, a budget version submitted
 * to it), noticed the same day, opened and voted on per `plan`, closed the day after voting
 * closes, published the day after, finished when the objection period is over.
 */
export async function demoDecision(
  ctx: AppContext,
  communityId: number,
  spec: { input: DecisionInput; draftedOn: string; seed: number; plan: Omit<Plan, 'from' | 'to' | 'until' | 'pendingPaper' | 'skipDemoOwner'>; beforeNotice?: (decisionId: number, s: Services, clock: ManualClock) => Promise<void> },
): Promise<{ id: number; state: string; ballots: number }> {
  const code = (await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code;
  const clock = new ManualClock(at(spec.draftedOn, 10));
  const s = createServices({ ...ctx, clock });
  const c = await s.decisions.communityOrThrow(code);
  const login = async (l: string) => (await ctx.db.selectFrom('accounts').select('id').where('login', '=', l).executeTakeFirst())?.id ?? null;
  const chair = await login('committee');
  const members = (await Promise.all(DEMO_COMMITTEE_MEMBERS.map((m) => login(m.login)))).filter((x): x is number => x !== null);
  if (chair === null || members.length !== DEMO_COMMITTEE_MEMBERS.length) throw new Error('the demo committee is missing: seed the decisions history first');
  const online = [chair, ...members, ...(await Promise.all(['supervisor', 'owner'].map(login))).filter((x): x is number => x !== null)];
  const who: Who = { chair, members, online, tenant: await login('tenant') };
  const d = await s.decisions.create(c, spec.input, chair);
  if (spec.beforeNotice) await spec.beforeNotice(d.id, s, clock);
  clock.set(at(spec.draftedOn, 11));
  await s.decisions.notice(c, d.id, asCommittee(chair));
  clock.set(at(spec.input.votingOpensOn, 9));
  await s.decisions.open(c, d.id, asCommittee(chair));
  const votes = new DemoVotes(ctx, s, clock, c, who);
  const ballots = await votes.vote(d.id, prng(spec.seed), { ...spec.plan, from: spec.input.votingOpensOn, to: spec.input.votingClosesOn });
  const closed = addDays(spec.input.votingClosesOn, 1);
  clock.set(at(closed, 10));
  await s.results.close(c, d.id, asCommittee(chair));
  const published = addDays(closed, 1);
  clock.set(at(published, 10));
  await s.results.publish(c, d.id, asCommittee(chair));
  clock.set(at(addDays(published, (spec.input.objectionDays ?? 7) + 1), 10));
  const done = await s.results.finish(c, d.id, asCommittee(chair));
  return { id: d.id, state: done.state, ballots };
}

/** The committee (主任 and the members' accounts, made here), and the accounts that vote online. */
async function committeeAccounts(ctx: AppContext, s: Services, communityId: number, code: string): Promise<Who> {
  const login = async (l: string) => (await ctx.db.selectFrom('accounts').select('id').where('login', '=', l).executeTakeFirst())?.id ?? null;
  const chair = await login('committee');
  if (chair === null) throw new Error('the demo committee account is missing');
  const members: number[] = [];
  for (const m of DEMO_COMMITTEE_MEMBERS) {
    const p = await ctx.db
      .selectFrom('unit_owners as uo')
      .innerJoin('units as u', 'u.id', 'uo.unit_id')
      .innerJoin('persons as p', 'p.id', 'uo.person_id')
      .select(['p.id', 'p.name'])
      .where('u.community_id', '=', communityId)
      .where('u.code', '=', m.unitCode)
      .orderBy('p.id')
      .executeTakeFirstOrThrow();
    const id = await s.accounts.createAccount({ login: m.login, displayName: p.name, password: DEMO_PASSWORD });
    await s.accounts.linkPerson(id, p.id);
    await s.accounts.grantRole({ accountId: id, role: 'committee', communityCode: code }, null);
    members.push(id);
  }
  const online = [chair, ...members];
  for (const l of ['supervisor', 'owner']) {
    const id = await login(l);
    if (id !== null) online.push(id);
  }
  return { chair, members, online, tenant: await login('tenant') };
}

interface Plan {
  participation: number;
  agree: number;
  oppose: number;
  /** the days ballots are cast on */
  from: string;
  to: string;
  /** no ballot after this instant (a vote still running) */
  until?: Date;
  /** one written proxy: the demo tenant for the owner of the unit they rent */
  proxy?: boolean;
  /** paper ballots entered and left for a second committee member */
  pendingPaper?: number;
  skipDemoOwner?: boolean;
}

class DemoVotes {
  constructor(
    private readonly ctx: AppContext,
    private readonly s: Services,
    private readonly clock: ManualClock,
    private readonly c: { id: number; code: string },
    private readonly who: Who,
  ) {}

  /**
   * Casts the ballots of one decision: who votes, how and when, from `r`; every step at its own
   * time, in time order (so the chain's order is the order of the days). Returns the ballots counted.
   */
  async vote(id: number, r: Rng, plan: Plan): Promise<number> {
    const { s, c, who } = this;
    const items = (await s.decisions.internalView(c, id)).items.map((i) => i.position);
    const roll = await s.decisions.roll(c, id);
    const pick = (): Choice => {
      const x = r.next();
      return x < plan.agree ? 'agree' : x < plan.agree + plan.oppose ? 'oppose' : 'abstain';
    };
    const days = Math.max(1, Math.round((Date.parse(plan.to) - Date.parse(plan.from)) / 86_400_000) + 1);
    const last = plan.until?.getTime() ?? Number.MAX_SAFE_INTEGER;
    const when = () => Math.min(at(addDays(plan.from, r.int(0, days - 1)), r.int(8, 21), r.int(0, 59)).getTime(), last - 60_000);
    // most owners vote the same way on every item of one proposal
    const choicesFor = (): ChoiceInput[] => {
      const first = pick();
      return items.map((item, n) => ({ item, choice: n === 0 || r.chance(0.85) ? first : pick() }));
    };
    const steps: { at: number; run: () => Promise<number> }[] = [];
    const taken = new Set<number>();

    // online: the owners with accounts (the demo owner is left to vote in the demo)
    for (const [n, account] of who.online.entries()) {
      const skip = plan.skipDemoOwner && n === who.online.length - 1;
      for (const v of (await s.ballots.mine(c, id, account)).voters) {
        if (taken.has(v.voterId)) continue;
        taken.add(v.voterId);
        if (skip || !r.chance(Math.max(plan.participation, 0.6))) continue;
        const choices = choicesFor();
        steps.push({ at: when(), run: async () => (await s.ballots.cast(c, id, account, { voterId: v.voterId, choices, idempotencyKey: `demo:vote:${id}:${v.voterId}` })).ballots.length });
      }
    }

    // a written proxy: the tenant for their landlord, on the first evening
    const rented = plan.proxy && who.tenant !== null ? await this.tenantUnit(who.tenant) : null;
    const landlord = rented ? roll.voters.find((x) => x.unitCodes.includes(rented)) : undefined;
    if (rented && landlord && !taken.has(landlord.voterId)) {
      taken.add(landlord.voterId);
      const choices = choicesFor();
      steps.push({
        at: at(plan.from, 19).getTime(),
        run: async () => {
          const letter = await s.decisions.storeDocument(voucherPdf('Written proxy (authorization letter)', [['Unit', rented], ['Decision', String(id)], ['Proxy', 'the tenant of the unit']], 'Signed by the owner - demo data', plan.from));
          await s.ballots.registerProxy(c, id, who.chair, { unitCode: rented, proxyLogin: 'tenant', authorizationSha256: letter.sha256, authorizationName: `${rented} 业主授权委托书.pdf` });
          return (await s.ballots.cast(c, id, who.tenant!, { voterId: landlord.voterId, choices, idempotencyKey: `demo:vote:${id}:${landlord.voterId}` })).ballots.length;
        },
      });
    }

    // paper: collected door to door and scanned a building's sheets a day at a time; each entered
    // by one member and confirmed by another
    const paper = roll.voters.filter((v) => v.castable && !taken.has(v.voterId) && r.chance(plan.participation));
    const entered = paper.map((v) => ({ v, at: when(), choices: choicesFor() })).sort((a, b) => a.at - b.at);
    const confirmedUpTo = entered.length - (plan.pendingPaper ?? 0);
    const scans = new Map<string, Promise<string>>();
    const scanOf = (unit: string, day: string) => {
      const building = unit.split('-')[0]!;
      const key = `${building}/${day}`;
      if (!scans.has(key)) {
        const sheets = entered.filter((e) => e.v.unitCodes[0]!.split('-')[0] === building && shanghaiDay(new Date(e.at)) === day);
        const pdf = voucherPdf(
          `Paper ballots: decision ${id}, building ${building}, ${day}`,
          sheets.slice(0, 30).map((e) => [`Unit ${e.v.unitCodes[0]}`, e.choices.map((x) => `item ${x.item} ${CHOICE_EN[x.choice]}`).join(', ')]),
          `${sheets.length} signed ballots scanned - demo data`,
          day,
        );
        scans.set(key, s.decisions.storeDocument(pdf).then((f) => f.sha256));
      }
      return scans.get(key)!;
    };
    for (const [n, e] of entered.entries()) {
      const enterer = n % 2 === 0 ? who.chair : who.members[n % who.members.length]!;
      const confirmer = enterer === who.chair ? who.members[n % who.members.length]! : who.chair;
      let entryId = 0;
      steps.push({
        at: e.at,
        run: async () => {
          const scan = await scanOf(e.v.unitCodes[0]!, shanghaiDay(new Date(e.at)));
          entryId = (await s.ballots.enterPaper(c, id, enterer, { voterId: e.v.voterId, choices: e.choices, scanSha256: scan, idempotencyKey: `demo:paper:${id}:${e.v.voterId}` })).entryId;
          return 0;
        },
      });
      if (n < confirmedUpTo) steps.push({ at: Math.min(e.at + 45 * 60_000, last - 1000), run: async () => (await s.ballots.confirmPaper(c, id, entryId, confirmer, { choices: e.choices })).ballots.length });
    }

    steps.sort((a, b) => a.at - b.at);
    let cast = 0;
    for (const step of steps) {
      this.clock.set(new Date(step.at));
      cast += await step.run();
    }
    return cast;
  }

  /** A unit the demo tenant rents. */
  private async tenantUnit(tenantAccount: number): Promise<string | null> {
    const row = await this.ctx.db
      .selectFrom('account_persons as ap')
      .innerJoin('unit_occupants as o', 'o.person_id', 'ap.person_id')
      .innerJoin('units as u', 'u.id', 'o.unit_id')
      .select('u.code')
      .where('ap.account_id', '=', tenantAccount)
      .where('o.relation', '=', 'tenant')
      .where('u.community_id', '=', this.c.id)
      .orderBy('u.code')
      .executeTakeFirst();
    return row?.code ?? null;
  }
}

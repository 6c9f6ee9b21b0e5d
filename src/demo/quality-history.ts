/**
 * 风华苑's service quality (DESIGN §2.6) from 2024-01 to today, driven through the quality services
 * with ManualClocks, so that every work order, inspection, survey answer and event is one the
 * services made at its own time:
 *
 *   - work orders (报修/投诉), 8–12 a month, filed by the residents who have accounts (`owner`
 *     for both homes, `tenant`, `committee`, `supervisor`, and `committee2` … `committee5` when the
 *     decisions history made them): leaks, lift noises, stairwell lights, pruning, noise… The
 *     trustee (`trustee`) assigns, starts and resolves almost all within their SLA on the default
 *     working calendar; residents confirm with mostly 5 stars; a few are reopened, cancelled or
 *     closed by the system after the reopen window; a few carry small generated photos. The last
 *     days' orders are still open, waiting for the trustee or the resident;
 *   - a monthly inspection by `committee` or `supervisor` scoring most catalogue items (88–98
 *     points), a finding now and then raised as a common-area work order;
 *   - a quarterly satisfaction survey (YYYY-Qn, open from the 20th of the quarter's second month
 *     to the 20th of its third) answered by those households. Only about nine households have an
 *     account (five without the committee members), so a quarter with fewer than five answers
 *     shows its figures suppressed in public — the rule working, not missing data. The current
 *     quarter's survey is left for the demo `owner` to answer;
 *   - July 2025 (暴雨季, LOW_QUALITY_PERIOD): a storm month of leaks and a flooded garage, many
 *     orders late, a poor inspection and low ratings: the month's score falls below the contract's
 *     90 points and its month close (ledger-history.ts, whose contract carries the quality rule
 *     from 2024) accrues a smaller remuneration, shown on the statement.
 *
 * It runs before the ledger history: a month close computes the month's score from what is here
 * (the score counts a quarter's survey answers in each of its months, so the seeded closes see
 * the whole quarter's answers). Orders run on a few lanes in parallel, each with its own clock and
 * services; the system's auto-close runs last, in time order. Deterministic: the same register
 * and the same current day give the same history.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { type Services, createServices } from '../compose.js';
import { lastDayOf, nextPeriod } from '../modules/ledger/ledger.rules.js';
import { CALENDAR_24X7, type Calendar, addWorkingMs, minutesToMs } from '../modules/quality/quality.calendar.js';
import { DEFAULT_CATALOGUE, type StandardCategory, workOrderSla } from '../modules/quality/quality.catalogue.js';
import { ManualClock, shanghaiDay } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { DEMO_COMMITTEE_MEMBERS } from './decisions-history.js';
import { type Rng, prng } from './prng.js';

export const QUALITY_FROM = '2024-01';
/** the storm month whose low score reduced the trustee's remuneration */
export const LOW_QUALITY_PERIOD = '2025-07';

const MIN = 60_000;
const HOUR = 60 * MIN;
const LANES = 4;
const at = (day: string, h: number, m = 0) => new Date(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`).getTime();
const dayOf = (period: string, d: number) => `${period}-${String(d).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// what residents report

type Where = 'home' | 'stair' | 'common';
interface Problem {
  category: 'cleaning' | 'security' | 'greening' | 'facilities' | 'service';
  kind: 'repair' | 'complaint';
  title: string;
  description: string;
  where: Where;
  place?: string;
  fix: string;
  urgent?: boolean;
}
const ASSIGNEE: Record<Problem['category'], string[]> = {
  facilities: ['维修工 张师傅', '维修工 刘师傅', '电梯维保 通达公司 王工'],
  cleaning: ['保洁主管 杨姐'],
  security: ['秩序维护队 何队长', '值班保安 小罗'],
  greening: ['绿化班 赵师傅'],
  service: ['客服 林小姐'],
};
const P = (category: Problem['category'], kind: Problem['kind'], where: Where, title: string, description: string, fix: string, place?: string): Problem => ({ category, kind, where, title, description, fix, place });
const EVERYDAY: Problem[] = [
  P('facilities', 'repair', 'home', '卫生间天花板漏水', '卫生间吊顶有水滴下，怀疑楼上下水管渗漏', '已更换楼上公共下水管接头并做闭水试验，无渗漏'),
  P('facilities', 'repair', 'home', '厨房墙面渗水', '厨房外墙一侧墙面返潮起皮', '外墙裂缝已注胶封堵，待墙面干燥后复查'),
  P('facilities', 'repair', 'stair', '楼道灯不亮', '楼道声控灯坏了，晚上看不见台阶', '已更换声控LED灯具'),
  P('facilities', 'repair', 'stair', '楼道灯不亮', '两层楼道灯都不亮', '线路接头松动，已重新接线并更换灯泡'),
  P('facilities', 'repair', 'stair', '电梯异响', '电梯运行时有咔咔的异响', '维保单位已调整门机导轨并润滑，运行正常'),
  P('facilities', 'repair', 'stair', '电梯按钮失灵', '电梯内楼层按钮按了没反应', '已更换按钮面板'),
  P('facilities', 'repair', 'stair', '单元门禁失灵', '刷卡开不了单元门', '门禁控制器已重启并更换读卡头'),
  P('facilities', 'repair', 'home', '水压不足', '早晚用水高峰水压很小', '二次供水泵压力参数已调整，已回访确认'),
  P('facilities', 'repair', 'common', '地下车库照明故障', '车库B区一排灯不亮', '已更换镇流器和灯管', '地下车库B区'),
  P('facilities', 'repair', 'common', '消防栓箱门损坏', '消防栓箱门合页脱落', '已更换合页并检查箱内设施', '商业街东侧'),
  P('cleaning', 'complaint', 'common', '垃圾桶满溢', '垃圾点垃圾桶满了没有及时清运', '已增加下午一次清运', '小区北门垃圾点'),
  P('cleaning', 'complaint', 'stair', '楼道垃圾未清扫', '楼道有住户装修留下的垃圾', '已清扫并提醒装修住户'),
  P('cleaning', 'complaint', 'stair', '电梯轿厢有异味', '电梯里有很重的异味', '轿厢已清洗消毒并放置除味剂'),
  P('greening', 'complaint', 'common', '绿化修剪', '楼下树枝挡住窗户，需要修剪', '已修剪遮挡枝条并清运', '楼前绿化带'),
  P('greening', 'complaint', 'common', '草坪杂草多', '中心花园草坪杂草太多', '已除草并修剪草坪', '中心花园'),
  P('greening', 'complaint', 'common', '绿化带枯死需补植', '花坛里一片麦冬枯死了', '已补植麦冬并浇水', '3栋东侧花坛'),
  P('security', 'complaint', 'common', '噪音投诉', '晚上十点后楼下广场舞音响声音太大', '已到场劝导，活动已结束并约定音量和时间', '中心广场'),
  P('security', 'complaint', 'stair', '噪音投诉', '楼上深夜装修电钻噪音', '已上门劝止，告知装修时间规定'),
  P('security', 'complaint', 'common', '车辆占用消防通道', '有外来车辆停在消防通道上', '已联系车主挪车并登记', '5栋消防通道'),
  P('security', 'complaint', 'common', '电动车乱停放', '单元门口电动车堵住通道', '已清理并引导停到非机动车棚', '单元门口'),
  P('service', 'complaint', 'common', '公示栏信息未更新', '公示栏上月收支还没有张贴', '已张贴并同步到小程序', '物业服务中心公示栏'),
  P('service', 'repair', 'home', '门禁卡补办', '门禁卡丢失，需要补办', '已补办门禁卡并注销旧卡'),
];
const URGENT: Problem[] = [
  { ...P('facilities', 'repair', 'home', '水管爆裂', '厨房进户水管爆裂，水流到客厅', '已关闭分户阀门，更换爆裂管段'), urgent: true },
  { ...P('facilities', 'repair', 'stair', '电梯困人', '电梯停在两层之间，里面有人', '救援人员已到场放人，维保单位已修复'), urgent: true },
];
const STORM: Problem[] = [
  P('facilities', 'repair', 'home', '暴雨后顶楼渗水', '连续暴雨后顶楼卧室天花板渗水', '屋面防水层局部修补，待晴天复查'),
  P('facilities', 'repair', 'home', '窗台渗水', '暴雨时窗台往屋里进水', '外窗周边打胶封堵'),
  P('facilities', 'repair', 'common', '地下车库积水', '暴雨后车库入口积水', '已抽水并清理排水沟', '地下车库入口'),
  P('facilities', 'repair', 'stair', '楼道漏水', '楼道顶上往下滴水', '已修补屋面排水口'),
  P('greening', 'complaint', 'common', '暴雨后树木倒伏', '大风暴雨后树木倒在路边', '已扶正加固并清理断枝', '2栋南侧道路'),
  P('cleaning', 'complaint', 'common', '暴雨后道路淤泥', '暴雨后路面都是淤泥', '已冲洗路面', '小区主干道'),
];
const THANKS = ['处理及时，谢谢师傅', '很满意', '师傅很专业', '响应很快', '', '', ''];
const MEH = ['等了好几天才来', '处理得还行，就是慢了点', '雨季漏水的问题希望彻底解决'];
const FINDINGS: Record<string, string> = {
  cleaning: '部分楼道拐角有积尘和杂物',
  security: '巡更记录有两个点位漏打卡',
  greening: '中心花园部分草坪超过10厘米未修剪',
  facilities: '地下车库两处照明灯不亮',
  service: '公示栏部分内容过期未更新',
};

// ---------------------------------------------------------------------------------------------

/** A small PNG of one colour (8 × 8): the demo's photos, each different, each a valid image. */
export function demoPng(rgb: readonly [number, number, number], size = 8): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, no interlace
  const row = Buffer.from([0, ...Array.from({ length: size }, () => rgb).flat()]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

interface Step {
  at: number;
  run: () => Promise<unknown>;
}
interface Lane {
  clock: ManualClock;
  s: Services;
  steps: Step[];
}
interface Resident {
  accountId: number;
  login: string;
  units: { id: number; code: string }[];
}

export interface QualityHistoryResult {
  orders: number;
  inspections: number;
  surveys: number;
  answers: number;
}

/** Seeds the quality history of 风华苑 up to now (ctx.clock); see the file comment. */
export async function seedQualityHistory(ctx: AppContext, communityId: number): Promise<QualityHistoryResult> {
  const started = Date.now();
  const now = ctx.clock.now().getTime();
  const today = shanghaiDay(new Date(now));
  const lanes: Lane[] = Array.from({ length: LANES + 2 }, () => {
    const clock = new ManualClock(new Date(at('2024-01-01', 8)));
    return { clock, s: createServices({ ...ctx, clock }), steps: [] };
  });
  const [inspectionLane, surveyLane] = [lanes[LANES]!, lanes[LANES + 1]!];
  const s = lanes[0]!.s;
  const code = (await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow()).code;
  const c = await s.workOrders.communityOrThrow(code);
  const working = await s.qualitySettings.calendarFor(communityId);
  const { residents, trustee, committee, supervisor } = await people(ctx, communityId);
  const photos = await Promise.all([[176, 190, 197], [121, 85, 72], [96, 125, 139], [139, 195, 74], [255, 193, 7], [84, 110, 122]].map((rgb) => s.workOrders.storePhoto(demoPng(rgb as [number, number, number]))));
  const photo = (r: Rng) => [r.pick(photos).sha256];
  const autoCloses: number[] = [];

  /**
   * The life of one order from its filing: times against its SLA (met, or late when `late`),
   * then confirmed with a rating, reopened once, or left for the system to close.
   */
  function lifecycle(lane: Lane, r: Rng, o: { filed: number; sla: ReturnType<typeof workOrderSla>; file: () => Promise<number>; by: number; problem: Problem; late: boolean; storm: boolean }) {
    let id = 0;
    const steps: Step[] = [{ at: o.filed, run: async () => (id = await o.file()) }];
    const add = (t: number, run: () => Promise<unknown>) => steps.push({ at: Math.max(t, steps.at(-1)!.at + MIN), run });
    const cal: Calendar = o.sla.calendar === '24x7' ? CALENDAR_24X7 : working;
    const responseDue = addWorkingMs(cal, new Date(o.filed), minutesToMs(o.sla.responseMinutes)).getTime();
    const completionDue = addWorkingMs(cal, new Date(o.filed), minutesToMs(o.sla.completionMinutes)).getTime();
    if (!o.late && o.problem.category !== 'security' && r.chance(0.02)) {
      add(o.filed + r.int(3, 9) * MIN, () => lane.s.workOrders.cancel(c, id, o.by, { note: '问题已自行解决，撤回' }));
      return steps;
    }
    const window = responseDue - o.filed;
    const assigned = o.late && o.storm && r.chance(0.6) ? responseDue + r.int(20, 300) * MIN : window > 2 * HOUR ? responseDue - r.int(4, 25) * MIN : o.filed + Math.round(window * (0.2 + 0.6 * r.next()));
    const startAt = Math.min(assigned + r.int(5, 45) * MIN, assigned + Math.max(MIN, (completionDue - assigned) / 3));
    const worker = r.pick(ASSIGNEE[o.problem.category]);
    add(assigned, () => lane.s.workOrders.assign(c, id, trustee, worker));
    add(startAt, () => lane.s.workOrders.start(c, id, trustee));
    const part = (f: number) => startAt + Math.round((completionDue - startAt) * f);
    const reopened = !o.late && o.problem.category === 'facilities' && r.chance(o.storm ? 0.15 : 0.05);
    let resolved = o.late ? Math.max(completionDue, startAt) + r.int(2, o.storm ? 40 : 20) * HOUR : part(reopened ? 0.3 : 0.25 + 0.6 * r.next());
    const withPhoto = r.chance(0.12);
    add(resolved, () => lane.s.workOrders.resolve(c, id, trustee, { note: o.problem.fix, photos: withPhoto ? photo(r) : undefined }));
    if (reopened) {
      add(part(0.5), () => lane.s.workOrders.reopen(c, id, o.by, { note: '下雨时还是有渗水' }));
      resolved = part(0.85);
      add(resolved, () => lane.s.workOrders.resolve(c, id, trustee, { note: `二次处理：${o.problem.fix}` }));
    }
    if (r.chance(0.07)) autoCloses.push(resolved + 7 * 24 * HOUR + r.int(1, 12) * HOUR);
    else {
      const rating = o.late ? r.pick([4, 3, 3, 2]) : o.storm ? r.pick([5, 5, 4, 4, 3]) : r.chance(0.82) ? 5 : 4;
      const comment = rating >= 4 ? r.pick(THANKS) : r.pick(MEH);
      add(resolved + r.int(1, 40) * HOUR, () => lane.s.workOrders.confirm(c, id, o.by, { rating, comment }));
    }
    return steps;
  }

  // residents' orders, month by month
  const orderRng = prng(2024_0707);
  const months: string[] = [];
  for (let p = QUALITY_FROM; p <= today.slice(0, 7); p = nextPeriod(p)) months.push(p);
  let orders = 0;
  for (const period of months) {
    const storm = period === LOW_QUALITY_PERIOD;
    const n = storm ? 16 : orderRng.int(8, 12);
    // in an ordinary month at most one order misses its SLA (parts on order); in the storm month many do
    const lateOne = !storm && n >= 10 && orderRng.chance(0.35) ? orderRng.int(0, n - 1) : -1;
    // the current month up to today, its last orders filed this morning and yesterday: still open
    const current = period === today.slice(0, 7);
    const days = current ? Number(today.slice(8)) : Number(lastDayOf(period).slice(8));
    for (let k = 0; k < n; k++) {
      const latest = current && k >= n - 3 ? days - (n - 1 - k) : 0;
      const day = latest >= 1 ? latest : storm ? orderRng.int(2, 24) : orderRng.int(1, days);
      const problem = storm && k < 11 ? orderRng.pick(STORM) : orderRng.chance(0.04) ? orderRng.pick(URGENT) : orderRng.pick(EVERYDAY);
      const filed = at(dayOf(period, day), latest >= 1 ? 8 : orderRng.int(7, 21), orderRng.int(0, 59));
      const who = orderRng.pick(residents);
      const unit = orderRng.pick(who.units);
      const late = (k === lateOne && day <= 24) || (storm && orderRng.chance(0.2));
      const withPhoto = orderRng.chance(0.12);
      const [b, e, room] = unit.code.split('-');
      const location = problem.where === 'home' ? `${b}栋${e}单元${room}` : problem.where === 'stair' ? `${b}栋${e}单元${Number(room!.slice(0, 2))}楼` : problem.place!;
      const category = DEFAULT_CATALOGUE.find((x) => x.code === problem.category)!;
      const lane = lanes[orders % LANES]!;
      const key = `demo:wo:${period}:${k}`;
      const steps = lifecycle(lane, orderRng, {
        filed,
        sla: workOrderSla(category, problem.urgent),
        by: who.accountId,
        problem,
        late,
        storm,
        file: async () =>
          (await lane.s.workOrders.file(c, who.accountId, { unitId: unit.id, kind: problem.kind, category: problem.category, urgent: problem.urgent, title: problem.title, description: problem.description, location, photos: withPhoto ? photo(orderRng) : undefined, idempotencyKey: key })).id,
      });
      lane.steps.push(...steps);
      orders++;
    }
  }

  // monthly inspections; findings become common-area orders
  const inspectRng = prng(2024_0808);
  let inspections = 0;
  for (const [i, period] of months.entries()) {
    const storm = period === LOW_QUALITY_PERIOD;
    const day = dayOf(period, storm ? 22 : inspectRng.int(8, 20));
    const start = at(day, 9, inspectRng.int(0, 40));
    if (start + 3 * HOUR > now) continue;
    const by = i % 2 === 0 ? committee : supervisor;
    const items = DEFAULT_CATALOGUE.flatMap((cat) => cat.items.map((item) => ({ cat, code: item.code }))).filter(() => inspectRng.chance(0.85));
    const flawed = new Set<string>();
    const findings = storm ? 3 : inspectRng.chance(0.5) ? 1 : 0;
    while (flawed.size < Math.min(findings, items.length)) flawed.add(inspectRng.pick(items).code);
    const scored = items.map(({ cat, code }) => ({ cat, code, scoreBp: flawed.has(code) ? inspectRng.int(storm ? 60 : 84, storm ? 75 : 87) * 100 : inspectRng.int(storm ? 78 : 88, storm ? 90 : 98) * 100 }));
    let id = 0;
    inspectionLane.steps.push({
      at: start,
      run: async () => {
        const q = inspectionLane.s.inspections;
        id = (await q.create(c, { inspectedOn: day, note: storm ? '暴雨后专项检查' : '月度例行巡查' }, by)).id;
        await Promise.all(scored.map((x) => q.scoreItem(c, id, x.code, { scoreBp: x.scoreBp, finding: flawed.has(x.code) ? FINDINGS[x.cat.code] : undefined, photos: flawed.has(x.code) ? photo(inspectRng) : undefined }, by)));
      },
    });
    inspectionLane.steps.push({ at: start + 2 * HOUR, run: () => inspectionLane.s.inspections.submit(c, id, by) });
    inspections++;
    for (const x of scored.filter((y) => flawed.has(y.code))) {
      if (!storm && !inspectRng.chance(0.7)) continue;
      const category: StandardCategory = x.cat;
      const raised = start + 2 * HOUR + 30 * MIN;
      inspectionLane.steps.push(
        ...lifecycle(inspectionLane, inspectRng, {
          filed: raised,
          sla: workOrderSla(category),
          by,
          problem: { category: category.code as Problem['category'], kind: 'repair', where: 'common', title: '', description: '', fix: '已按巡查意见整改完毕' },
          late: false,
          storm,
          file: async () => (await inspectionLane.s.inspections.raiseFinding(c, id, x.code, by)).workOrderId,
        }),
      );
      orders++;
    }
  }

  // quarterly surveys, answered by the households with accounts
  const surveyRng = prng(2024_0909);
  let surveys = 0;
  let answers = 0;
  for (const period of months.filter((p) => Number(p.slice(5, 7)) % 3 === 2)) {
    const opensOn = dayOf(period, 20);
    const closesOn = dayOf(nextPeriod(period), 20);
    const storm = period.slice(0, 4) === LOW_QUALITY_PERIOD.slice(0, 4) && Math.ceil(Number(period.slice(5, 7)) / 3) === Math.ceil(Number(LOW_QUALITY_PERIOD.slice(5, 7)) / 3);
    if (at(opensOn, 9) - 3 * 24 * HOUR > now) continue;
    let id = 0;
    surveyLane.steps.push({ at: at(opensOn, 9) - 3 * 24 * HOUR, run: async () => (id = (await surveyLane.s.surveys.create(c, { opensOn, closesOn }, committee)).id) });
    surveys++;
    const current = closesOn >= today;
    const span = at(closesOn, 21) - at(opensOn, 8);
    for (const who of residents) {
      for (const unit of who.units) {
        if (!surveyRng.chance(0.85) || (current && who.login === 'owner')) continue;
        const ratings = Object.fromEntries(DEFAULT_CATALOGUE.map((cat) => [cat.code, storm ? surveyRng.pick([5, 5, 5, 5, 4, 4, 3]) : surveyRng.chance(0.85) ? 5 : 4]));
        const t = at(opensOn, 8) + Math.round(span * surveyRng.next());
        if (t > now) continue;
        surveyLane.steps.push({ at: t, run: () => surveyLane.s.surveys.respond(c, id, who.accountId, { unitId: unit.id, ratings, comment: storm ? '希望雨季前做好屋面防水检查' : '' }) });
        answers++;
      }
    }
  }

  // every lane in its own time order, the lanes side by side; what lies after now has not happened yet
  await Promise.all(
    lanes.map(async (lane) => {
      lane.steps.sort((a, b) => a.at - b.at);
      for (const step of lane.steps) {
        if (step.at > now) continue;
        lane.clock.set(new Date(step.at));
        await step.run();
      }
    }),
  );
  // the system closes what nobody confirmed once the reopen window is over, in time order
  for (const t of autoCloses.sort((a, b) => a - b)) {
    if (t > now) continue;
    lanes[0]!.clock.set(new Date(t));
    await s.workOrders.autoClose();
  }
  ctx.log(`demo quality: ${orders} work orders, ${inspections} inspections, ${surveys} surveys with ${answers} answers (${months[0]} … ${months.at(-1)}), in ${Date.now() - started} ms`);
  return { orders, inspections, surveys, answers };
}

/** The residents with accounts and their homes (parking spaces left out), the trustee and the inspectors. */
async function people(ctx: AppContext, communityId: number) {
  const RESIDENTS = ['owner', 'tenant', 'committee', 'supervisor', ...DEMO_COMMITTEE_MEMBERS.map((m) => m.login)];
  const accounts = await ctx.db.selectFrom('accounts').select(['id', 'login']).where('login', 'in', [...RESIDENTS, 'trustee']).execute();
  const id = (login: string) => {
    const a = accounts.find((x) => x.login === login);
    if (!a) throw new Error(`the demo ${login} account is missing`);
    return a.id;
  };
  const homes = await ctx.db
    .selectFrom('account_persons as ap')
    .innerJoin('unit_owners as uo', 'uo.person_id', 'ap.person_id')
    .innerJoin('units as u', 'u.id', 'uo.unit_id')
    .select(['ap.account_id', 'u.id', 'u.code'])
    .where('u.community_id', '=', communityId)
    .where('u.kind', '!=', 'parking')
    .where('ap.account_id', 'in', accounts.map((a) => a.id))
    .unionAll((eb) =>
      eb
        .selectFrom('account_persons as ap')
        .innerJoin('unit_occupants as uc', 'uc.person_id', 'ap.person_id')
        .innerJoin('units as u', 'u.id', 'uc.unit_id')
        .select(['ap.account_id', 'u.id', 'u.code'])
        .where('u.community_id', '=', communityId)
        .where('ap.account_id', 'in', accounts.map((a) => a.id)),
    )
    .orderBy('code')
    .execute();
  const residents: Resident[] = RESIDENTS.flatMap((login) => {
    const a = accounts.find((x) => x.login === login);
    const units = a ? homes.filter((h) => h.account_id === a.id).map((h) => ({ id: h.id, code: h.code })) : [];
    return a && units.length ? [{ accountId: a.id, login, units }] : [];
  });
  return { residents, trustee: id('trustee'), committee: id('committee'), supervisor: id('supervisor') };
}

/**
 * Two years and more of the demo community's common fund (风华苑, from 2024-01 to the last month
 * whose disclosure was due): the trust contract (15.00 % of fees and public revenue received;
 * from 2024 with the service-quality rule: a month scored below 90 points is deducted 1 % of the
 * remuneration per point, at most 20 %, so the storm month of quality-history.ts is paid less
 * when the demo seeds its quality history), an opening balance, the monthly bill runs and the
 * units' payments under their pseudonyms, parking / advertising / venue revenue, expenses in
 * every service category with a voucher PDF each, the trustee's remuneration accrued at each
 * close and paid the next month, one reversal, and every month closed and published (one of
 * them late).
 *
 * Deterministic: the same register (and the same current day) gives the same ledger (amounts,
 * dates, vouchers, keys); each month is a bill run, one batch of payments and one batch of the
 * other entries (a transaction each). The times on the entries, closes and disclosures come from
 * a ManualClock moved through the months, not from the wall clock.
 *
 * Fees are real bills and payments (billing-history.ts): the owners' fee standards, a bill run on
 * the 1st of every month (Dr 1122 / Cr 4001, prepayments applied Dr 2203 / Cr 1122), the month's
 * payments as one batch before the month closes (Dr 1001 / Cr 1122, the rest Cr 2203), a few
 * refunds (Dr 2203 / Cr 1001); the remuneration's base, fees received, comes from those payments.
 * After the history, the months up to today are billed and collected but not closed: the current
 * one up to yesterday, leaving the demo owner's bills and the transfers of a bank statement open.
 *
 * All vendors and documents are invented for the demo (utilities excepted: every community
 * buys its power from the grid company); no person appears as a counterparty.
 */
import { createServices, type Services } from '../compose.js';
import type { LedgerRef } from '../modules/ledger/ledger.repository.js';
import { lastDayOf, nextPeriod } from '../modules/ledger/ledger.rules.js';
import type { EntryInput } from '../modules/ledger/ledger.service.js';
import { ManualClock, shanghaiDay } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { sha256Of } from '../platform/files.js';
import { DEFAULT_DEDUCTION_RULE } from '../modules/quality/quality.score.js';
import { DemoBilling } from './billing-history.js';
import { type DemoExpense, DemoSpending } from './budget-history.js';
import { type Rng, prng } from './prng.js';

export const HISTORY_FROM = '2024-01';
export const HISTORY_TO = '2025-12';
const OPENING_FEN = 31_248_650; // 312,486.50 yuan carried over from 2020–2023
/** the month whose statement was published late (National Day holiday): shows 'late' in the calendar */
export const LATE_PERIOD = '2024-09';
/** the month with the expense entered twice and reversed */
export const REVERSAL_PERIOD = '2024-06';

/** the trustee (受托人): the property company under the trust contract */
const TRUSTEE_COMPANY = '成都蓉和物业服务有限公司';
const TRUSTEE_COMPANY_EN = 'Chengdu Ronghe Property Services Co., Ltd.';


// ---------------------------------------------------------------------------------------------
// periods and dates

function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

const day = (period: string, d: number) => `${period}-${String(d).padStart(2, '0')}`;
const monthOf = (period: string) => Number(period.slice(5, 7));
const yearOf = (period: string) => Number(period.slice(0, 4));
/** an instant in Asia/Shanghai time */
const at = (date: string, hh: number, mm = 0) => `${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`;

function addDaysTo(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function yuan(fen: number): string {
  const s = String(Math.abs(fen) % 100).padStart(2, '0');
  return `${Math.trunc(fen / 100).toLocaleString('en-US')}.${s}`;
}

/** whole yuan between lo and hi, in fen */
const yuanBetween = (r: Rng, lo: number, hi: number) => r.int(lo, hi) * 100;

// ---------------------------------------------------------------------------------------------
// voucher PDFs

/**
 * A minimal valid PDF 1.4: one A4 page of ASCII text in Helvetica, a correct cross-reference
 * table, and no timestamps other than the ones given, so the same voucher has the same SHA-256.
 */
export function voucherPdf(title: string, rows: [label: string, value: string][], note: string, creationDate: string): Buffer {
  const ascii = (t: string) => {
    if (!/^[\x20-\x7e]*$/.test(t)) throw new Error(`voucher text must be printable ASCII: ${t}`);
    return t.replace(/[\\()]/g, (c) => `\\${c}`);
  };
  const y = (n: number) => 738 - 18 * n;
  const text = [
    'BT /F1 15 Tf 1 0 0 1 56 780 Tm',
    `(${ascii(title)}) Tj`,
    '/F1 10.5 Tf',
    ...rows.flatMap(([label, value], n) => [`1 0 0 1 56 ${y(n)} Tm (${ascii(label)}) Tj`, `1 0 0 1 170 ${y(n)} Tm (${ascii(value)}) Tj`]),
    `/F1 8.5 Tf 1 0 0 1 56 ${y(rows.length + 1)} Tm (${ascii(note)}) Tj`,
    'ET',
    `0.6 w 56 765 m 539 765 l S 56 ${y(rows.length) + 4} m 539 ${y(rows.length) + 4} l S`,
  ].join('\n');
  const stamp = `D:${creationDate.replaceAll('-', '')}090000+08'00'`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    `<< /Title (${ascii(title)}) /Producer (Xinyi demo data) /CreationDate (${stamp}) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// public revenue and interest

const PARKING_OPERATOR = '成都泊安智慧停车管理有限公司';
const AD_COMPANY = '成都楼宇视界传媒有限公司';
const TOWER_COMPANY = '中国铁塔股份有限公司成都市分公司';
const BANK = '成都农村商业银行股份有限公司晋阳支行';
const VENUE_TENANTS = [
  { name: '成都小橙子教育咨询有限公司', en: 'Chengdu Xiaochengzi Education Consulting Co., Ltd.' },
  { name: '成都鲜到家商贸有限公司', en: 'Chengdu Xiandaojia Trading Co., Ltd.' },
  { name: '成都晨曦文化传播有限公司', en: 'Chengdu Chenxi Culture Communication Co., Ltd.' },
  { name: '四川康宁医疗器械有限公司', en: 'Sichuan Kangning Medical Devices Co., Ltd.' },
  { name: '成都乐活健身服务有限公司', en: 'Chengdu Lehuo Fitness Services Co., Ltd.' },
];

interface Voucherable extends EntryInput {
  /** what the voucher PDF says, when the entry has one */
  voucher?: { vendorEn: string; description: string; account: string };
}

function publicRevenue(period: string, r: Rng): Voucherable[] {
  const m = monthOf(period);
  const out: Voucherable[] = [];
  const settled = m === 1 ? `${yearOf(period) - 1}-12` : `${yearOf(period)}-${String(m - 1).padStart(2, '0')}`;
  // temporary parking: the operator remits the previous month's takings, a little more each year
  const parking = yuanBetween(r, 6200, 8600) + (yearOf(period) - 2024) * 45_000;
  out.push({
    idempotencyKey: `demo:parking:${period}`,
    date: day(period, r.int(5, 8)),
    memo: `临时停车收费 ${settled} 结算`,
    reason: 'public_revenue',
    counterparty: PARKING_OPERATOR,
    lines: [
      { account: '1001', debitFen: parking, creditFen: 0 },
      { account: '4101', debitFen: 0, creditFen: parking },
    ],
    voucher: { vendorEn: 'Chengdu Bo-An Smart Parking Management Co., Ltd.', description: `Temporary parking takings, settlement for ${settled}`, account: '4101 Parking revenue' },
  });
  // elevator advertising: 14 elevators, paid quarterly in advance
  if (m % 3 === 1) {
    const ads = (yearOf(period) === 2024 ? 260 : 280) * 14 * 3 * 100;
    out.push({
      idempotencyKey: `demo:ads:${period}`,
      date: day(period, r.int(10, 15)),
      memo: `电梯广告位租金 ${yearOf(period)} 年第 ${(m + 2) / 3} 季度（14 部电梯）`,
      reason: 'public_revenue',
      counterparty: AD_COMPANY,
      lines: [
        { account: '1001', debitFen: ads, creditFen: 0 },
        { account: '4102', debitFen: 0, creditFen: ads },
      ],
      voucher: { vendorEn: 'Chengdu Louyu Shijie Media Co., Ltd.', description: `Elevator advertising, Q${(m + 2) / 3} ${yearOf(period)}, 14 elevators`, account: '4102 Advertising revenue' },
    });
  }
  // the community hall and the square, rented out now and then
  if (r.chance(0.4)) {
    const rent = yuanBetween(r, 6, 24) * 100;
    const tenant = r.pick(VENUE_TENANTS);
    const hall = r.chance(0.5);
    out.push({
      idempotencyKey: `demo:venue:${period}`,
      date: day(period, r.int(3, 27)),
      memo: hall ? '社区活动室场地租用（周末课程）' : '中心广场场地租用（商业推广活动）',
      reason: 'public_revenue',
      counterparty: tenant.name,
      lines: [
        { account: '1001', debitFen: rent, creditFen: 0 },
        { account: '4103', debitFen: 0, creditFen: rent },
      ],
      voucher: { vendorEn: tenant.en, description: hall ? 'Rental of the community hall (weekend classes)' : 'Rental of the central square (promotion event)', account: '4103 Venue rental revenue' },
    });
  }
  // the rooftop base station of building 4: yearly site rent
  if (m === 7) {
    const tower = 1_200_000;
    out.push({
      idempotencyKey: `demo:tower:${period}`,
      date: day(period, 16),
      memo: `4栋屋面通信基站场地使用费 ${yearOf(period)}-07至${yearOf(period) + 1}-06`,
      reason: 'public_revenue',
      counterparty: TOWER_COMPANY,
      lines: [
        { account: '1001', debitFen: tower, creditFen: 0 },
        { account: '4199', debitFen: 0, creditFen: tower },
      ],
      voucher: { vendorEn: 'China Tower Corp., Chengdu Branch', description: `Base station site rent, building 4 roof, ${yearOf(period)}-07 to ${yearOf(period) + 1}-06`, account: '4199 Other public revenue' },
    });
  }
  // the bank pays current-account interest on the 21st of the last month of each quarter
  if (m % 3 === 0) {
    const interest = r.int(13_000, 19_000);
    out.push({
      idempotencyKey: `demo:interest:${period}`,
      date: day(period, 21),
      memo: `活期存款结息 ${yearOf(period)} 年第 ${m / 3} 季度`,
      reason: 'interest',
      counterparty: BANK,
      lines: [
        { account: '1001', debitFen: interest, creditFen: 0 },
        { account: '4201', debitFen: 0, creditFen: interest },
      ],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// expenses: every service category 5001–5009, each with a voucher

const CATEGORY = {
  '5001': '人员费用',
  '5002': '保洁费用',
  '5003': '秩序维护费用',
  '5004': '绿化费用',
  '5005': '设施设备维护费用',
  '5006': '公共能耗费用',
  '5007': '办公管理费用',
  '5008': '保险费用',
  '5009': '审计费用',
} as const;
type ExpenseAccount = keyof typeof CATEGORY;
const CATEGORY_EN: Record<ExpenseAccount, string> = {
  '5001': 'Staff costs',
  '5002': 'Cleaning',
  '5003': 'Security and order',
  '5004': 'Greenery',
  '5005': 'Facilities and equipment maintenance',
  '5006': 'Common-area energy',
  '5007': 'Office and administration',
  '5008': 'Insurance',
  '5009': 'Audit',
};

interface Vendor {
  name: string;
  en: string;
}
const V = {
  staff: { name: '成都蓉信人力资源服务有限公司', en: 'Chengdu Rongxin Human Resources Service Co., Ltd.' },
  cleaning: { name: '成都洁美环境服务有限公司', en: 'Chengdu Jiemei Environmental Services Co., Ltd.' },
  security: { name: '四川锦盾保安服务有限公司', en: 'Sichuan Jindun Security Services Co., Ltd.' },
  greenery: { name: '成都青城园林绿化工程有限公司', en: 'Chengdu Qingcheng Landscaping Engineering Co., Ltd.' },
  elevator: { name: '成都通达电梯工程有限公司', en: 'Chengdu Tongda Elevator Engineering Co., Ltd.' },
  repairs: { name: '成都安居建筑修缮工程有限公司', en: 'Chengdu Anju Building Repair Engineering Co., Ltd.' },
  pumps: { name: '四川蜀水机电设备有限公司', en: 'Sichuan Shushui Electromechanical Equipment Co., Ltd.' },
  fire: { name: '成都明光消防工程有限公司', en: 'Chengdu Mingguang Fire Protection Engineering Co., Ltd.' },
  inspection: { name: '成都市特种设备检验检测研究院', en: 'Chengdu Special Equipment Inspection Institute' },
  power: { name: '国网四川省电力公司成都供电公司', en: 'State Grid Sichuan Electric Power, Chengdu Power Supply Co.' },
  water: { name: '成都市自来水有限责任公司', en: 'Chengdu Water Supply Co., Ltd.' },
  telecom: { name: '中国电信股份有限公司成都分公司', en: 'China Telecom Corp., Chengdu Branch' },
  stationery: { name: '成都文汇办公用品有限公司', en: 'Chengdu Wenhui Office Supplies Co., Ltd.' },
  insurer: { name: '蜀安财产保险股份有限公司成都中心支公司', en: 'Shu-An Property Insurance Co., Chengdu Central Sub-branch' },
  auditor: { name: '四川正衡会计师事务所有限公司', en: 'Sichuan Zhengheng Certified Public Accountants Co., Ltd.' },
} satisfies Record<string, Vendor>;

interface PlannedExpense {
  key: string;
  account: ExpenseAccount;
  vendor: Vendor;
  date: string;
  fen: number;
  memo: string;
  description: string;
}

const REPAIRS: { vendor: Vendor; memo: string; description: string; lo: number; hi: number }[] = [
  { vendor: V.repairs, memo: '单元门禁及防盗门维修', description: 'Entrance door and access control repair', lo: 600, hi: 2400 },
  { vendor: V.repairs, memo: '楼道照明灯具更换（声控LED）', description: 'Stairwell lighting replaced (LED, sound-activated)', lo: 800, hi: 2600 },
  { vendor: V.repairs, memo: '屋面防水局部修补', description: 'Roof waterproofing, partial repair', lo: 3800, hi: 9600 },
  { vendor: V.repairs, memo: '地下车库排水沟清理及盖板更换', description: 'Garage drainage cleared, grates replaced', lo: 1500, hi: 4200 },
  { vendor: V.repairs, memo: '外墙脱落瓷砖排险及修复', description: 'Loose facade tiles secured and repaired', lo: 4500, hi: 12_800 },
  { vendor: V.pumps, memo: '二次供水水泵检修', description: 'Booster pump overhaul (secondary water supply)', lo: 1800, hi: 5600 },
  { vendor: V.pumps, memo: '生活水箱清洗消毒', description: 'Drinking water tank cleaning and disinfection', lo: 2200, hi: 3200 },
  { vendor: V.elevator, memo: '电梯门机及钢丝绳更换', description: 'Elevator door operator and ropes replaced', lo: 3600, hi: 11_500 },
  { vendor: V.fire, memo: '消防栓及灭火器维护更换', description: 'Fire hydrants serviced, extinguishers replaced', lo: 1200, hi: 3800 },
];

function plannedExpenses(period: string, r: Rng): PlannedExpense[] {
  const y = yearOf(period);
  const m = monthOf(period);
  const raise = y >= 2025 ? 103 : 100; // contracts renewed in 2025 with 3 % more
  const out: PlannedExpense[] = [];
  const add = (key: string, account: ExpenseAccount, vendor: Vendor, d: number, fen: number, memo: string, description: string) =>
    out.push({ key: `demo:exp:${period}:${key}`, account, vendor, date: day(period, d), fen, memo, description });

  add('staff', '5001', V.staff, 10, Math.round((1_560_000 * raise) / 100) + yuanBetween(r, 0, 6) * 100, `${period} 项目服务人员工资及社保（劳务派遣结算，7 人）`, `On-site staff wages and social insurance, ${period} (7 staff, labour dispatch)`);
  add('cleaning', '5002', V.cleaning, 12, Math.round((468_000 * raise) / 100), `${period} 公共区域保洁服务费（合同月费）`, `Common-area cleaning service, ${period} (monthly contract fee)`);
  if (m === 5 || m === 11) add('septic', '5002', V.cleaning, 20, yuanBetween(r, 2200, 2800), '化粪池清掏及转运', 'Septic tank emptying and haulage');
  add('security', '5003', V.security, 12, Math.round((840_000 * raise) / 100), `${period} 秩序维护服务费（门岗及巡逻，合同月费）`, `Security and order service, ${period} (gates and patrols, monthly contract fee)`);
  add('greenery', '5004', V.greenery, 15, Math.round((185_000 * raise) / 100), `${period} 绿化养护服务费（合同月费）`, `Greenery upkeep, ${period} (monthly contract fee)`);
  if (m === 3) add('planting', '5004', V.greenery, 22, yuanBetween(r, 3200, 5200), '春季补植（桂花、麦冬）及施肥', 'Spring replanting (osmanthus, mondo grass) and fertilising');
  if (m === 10) add('pruning', '5004', V.greenery, 18, yuanBetween(r, 1400, 2200), '秋季乔木修剪及病虫害防治', 'Autumn tree pruning and pest control');
  add('elevator', '5005', V.elevator, 8, 294_000, `${period} 电梯维保费（14 部 × 210 元）`, `Elevator maintenance contract, ${period} (14 elevators x 210 yuan)`);
  if (m === 5) add('elevator-inspection', '5005', V.inspection, 24, 14 * 30_000, `${y} 年度电梯定期检验费（14 部）`, `Annual statutory elevator inspection ${y} (14 elevators)`);
  if (m === 11) add('fire-inspection', '5005', V.fire, 19, yuanBetween(r, 4600, 5200), `${y} 年度消防设施检测`, `Annual fire protection system inspection ${y}`);
  const repairs = r.chance(0.65) ? (r.chance(0.3) ? 2 : 1) : 0;
  for (let k = 0; k < repairs; k++) {
    const job = r.pick(REPAIRS);
    add(`repair-${k + 1}`, '5005', job.vendor, r.int(3, 27), yuanBetween(r, job.lo, job.hi), job.memo, job.description);
  }
  const seasonal = [1, 2, 7, 8, 12].includes(m) ? 1.35 : 1;
  add('power', '5006', V.power, 18, Math.round(yuanBetween(r, 2700, 3300) * seasonal), `${period} 公共区域用电（电梯、照明、水泵）`, `Common-area electricity, ${period} (elevators, lighting, pumps)`);
  add('water', '5006', V.water, 20, yuanBetween(r, 380, 720), `${period} 公共区域用水（绿化、保洁）`, `Common-area water, ${period} (greenery, cleaning)`);
  add('telecom', '5007', V.telecom, 6, 29_900, `${period} 物业服务中心宽带及电话费`, `Service office broadband and phone, ${period}`);
  if (m % 2 === 0) add('stationery', '5007', V.stationery, r.int(5, 25), yuanBetween(r, 180, 620), '办公用品及公示材料印制', 'Office supplies and printing of public notices');
  if (m === 3) add('insurance', '5008', V.insurer, 15, y === 2024 ? 736_000 : 752_000, `${y} 年度公众责任险及公共部位财产险`, `Public liability and common-parts property insurance, ${y}`);
  if (m === 4) add('audit', '5009', V.auditor, 26, y === 2024 ? 800_000 : 850_000, `${y - 1} 年度共有资金收支审计费`, `Audit of the common fund accounts for ${y - 1}`);
  return out;
}

/**
 * The two expenses of the 2025 budget's story (budget-history.ts): a repair over the tender
 * threshold with three quotes, and an emergency in the storm month.
 */
const SPECIAL_EXPENSES: Record<string, { key: string; date: string; vendor: Vendor; fen: number; memo: string; description: string; text: string; emergency?: string; quotes?: { name: string; en: string; fen: number; chosen: boolean }[]; choiceReason?: string }> = {
  '2025-07': {
    key: 'emergency-pump',
    date: '2025-07-14',
    vendor: V.pumps,
    fen: 685_000,
    memo: '暴雨抢险：地下车库集水坑排污泵烧毁紧急更换（2 台）',
    description: 'Emergency: two garage sump pumps burnt out in the storm, replaced overnight',
    text: '7 月 13 日夜间暴雨，地下车库集水坑两台排污泵烧毁，积水距配电房不足 20 厘米。',
    emergency: '7 月 13 日夜间暴雨，地下车库集水坑两台排污泵烧毁，积水逼近配电房，若不立即更换将导致全小区停电、电梯停运，按应急预案先行抢修，次日公示、事后提请业委会追认。',
  },
  '2025-08': {
    key: 'garage-floor',
    date: '2025-08-21',
    vendor: V.repairs,
    fen: 2_860_000,
    memo: '地下车库地坪起砂修复及排水沟改造（比价采购）',
    description: 'Garage floor resurfacing and drainage rebuilt (three quotations)',
    text: '地下车库约 1,200 平方米地坪起砂、排水沟堵塞，2025 年度预算“设施设备维护”计划修缮项目，超过 2 万元比价限额，取得 3 家报价。',
    quotes: [
      { name: '成都安居建筑修缮工程有限公司', en: 'Chengdu Anju Building Repair Engineering Co., Ltd.', fen: 2_860_000, chosen: true },
      { name: '四川蜀建防水工程有限公司', en: 'Sichuan Shujian Waterproofing Engineering Co., Ltd.', fen: 3_120_000, chosen: false },
      { name: '成都城南建筑劳务有限公司', en: 'Chengdu Chengnan Construction Labour Co., Ltd.', fen: 2_790_000, chosen: false },
    ],
    choiceReason: '城南报价最低（27,900 元）但无防水施工资质、质保仅 1 年；安居报价 28,600 元，具备资质、质保 3 年，且近两年在本小区维修无返修投诉，综合选择安居。',
  },
};

// ---------------------------------------------------------------------------------------------

export interface LedgerHistoryResult {
  ledger: LedgerRef;
  months: number;
  entries: number;
  vouchers: number;
  reversal: { original: number; reversal: number };
}

/**
 * Seeds 风华苑's common fund from 2024-01 to 2025-12 (or to `opts.to`), closed and published,
 * then bills and collects the months after it up to today (ctx.clock), left open; see the file
 * comment. Safe to run again on the same day: every entry, bill run, payment and refund has a
 * deterministic idempotency key, closes and disclosures are idempotent.
 */
export async function seedLedgerHistory(ctx: AppContext, services: Services, communityId: number, opts: { to?: string } = {}): Promise<LedgerHistoryResult> {
  const started = Date.now();
  const community = await ctx.db.selectFrom('communities').select('code').where('id', '=', communityId).executeTakeFirstOrThrow();
  const clock = new ManualClock(at('2024-01-01', 9));
  const s = createServices({ ...ctx, clock });
  const ledger = await services.ledger.ensureLedger(communityId, community.code);
  await services.close.setContract(communityId, {
    effectiveFrom: '2020-01-01',
    rateBp: 1500,
    base: 'received_fees_and_public_revenue',
    document: '风华苑信托制物业服务合同（2020-01-01 起）第七条：受托人酬金为当月实收物业费及公共收益之和的 15.00%',
  });
  // the months of the history close on the terms of 2024: the same rate, with the quality rule
  // (a month without a score, as when the demo skips its quality history, deducts nothing)
  await services.close.setContract(communityId, {
    effectiveFrom: `${HISTORY_FROM}-01`,
    rateBp: 1500,
    base: 'received_fees_and_public_revenue',
    qualityRule: DEFAULT_DEDUCTION_RULE,
    document: '风华苑信托制物业服务合同补充协议（2024-01-01 起）：受托人酬金仍为实收物业费及公共收益之和的 15.00%；当月服务质量评分低于 90 分的，每低 1 分扣减当月酬金的 1%，最多扣减 20%',
  });

  const staff = await ctx.db.selectFrom('accounts').select(['id', 'login']).where('login', 'in', ['trustee', 'committee']).execute();
  const trusteeId = staff.find((a) => a.login === 'trustee')?.id ?? null;
  const committeeId = staff.find((a) => a.login === 'committee')?.id ?? null;

  const periods = periodsBetween(HISTORY_FROM, opts.to ?? HISTORY_TO);
  const now = ctx.clock.now();
  const fees = await DemoBilling.setUp(ctx, s, clock, communityId, { trusteeId, committeeId }, { until: shanghaiDay(now).slice(0, 7) });
  // from the first adopted budget year on, every expense is a spending proposal (budget-history.ts)
  const spending = await DemoSpending.setUp(ctx, clock, communityId);
  const revenueRng = prng(2024_0202);
  const expenseRng = prng(2024_0303);
  const calendarRng = prng(2024_0404);

  let entries = 0;
  let vouchers = 0;
  let reversal = { original: 0, reversal: 0 };
  let payable: { period: string; fen: number; seq: number; deductionFen: number } | null = null;

  // vouchers are stored while the month's payments are recorded (they only need to be in the
  // store when the entries that carry them are posted): the hash is the file's own
  const storing: Promise<unknown>[] = [];
  const storeVoucher = (voucherNo: string, date: string, vendorEn: string, account: string, description: string, fen: number, kind: 'Payment' | 'Receipt') => {
    const pdf = voucherPdf(
      `Fenghuayuan Common Fund - ${kind} Voucher`,
      [
        ['Voucher no.', voucherNo],
        ['Date', date],
        [kind === 'Payment' ? 'Payee' : 'Payer', vendorEn],
        ['Account', account],
        ['Description', description],
        ['Amount', `CNY ${yuan(fen)}`],
        [kind === 'Payment' ? 'Paid from' : 'Received into', '1001 Common fund bank account'],
      ],
      'Demo data generated by Xinyi - not a real document.',
      date,
    );
    storing.push(s.ledger.storeVoucher(ledger, pdf));
    vouchers++;
    return { sha256: sha256Of(pdf), name: `${voucherNo}.pdf` };
  };

  for (const [i, period] of periods.entries()) {
    const month: EntryInput[] = [];
    let voucherNo = 0;
    const nextVoucherNo = () => `FHY-${period.replace('-', '')}-${String(++voucherNo).padStart(3, '0')}`;

    if (i === 0) {
      // first in the chain, before the first bill run
      clock.set(at(day(period, 1), 8));
      await s.ledger.post(ledger, {
        idempotencyKey: 'demo:opening',
        date: day(period, 1),
        memo: '期初余额：2020-01 至 2023-12 共有资金结余转入（经 2023 年度审计确认）',
        reason: 'opening',
        lines: [
          { account: '1001', debitFen: OPENING_FEN, creditFen: 0 },
          { account: '3001', debitFen: 0, creditFen: OPENING_FEN },
        ],
        recordedBy: trusteeId,
        approvedBy: committeeId,
      });
      entries++;
    }
    // the month's bills, issued on its 1st
    await fees.issue(period);

    for (const { voucher, ...e } of publicRevenue(period, revenueRng)) {
      const v = voucher ? [storeVoucher(nextVoucherNo(), e.date, voucher.vendorEn, voucher.account, voucher.description, e.lines[0]!.debitFen, 'Receipt')] : [];
      month.push({ ...e, vouchers: v, recordedBy: trusteeId });
    }

    let duplicateKey: string | null = null;
    const proposed: DemoExpense[] = [];
    for (const x of plannedExpenses(period, expenseRng)) {
      const v = storeVoucher(nextVoucherNo(), x.date, x.vendor.en, `${x.account} ${CATEGORY_EN[x.account]}`, x.description, x.fen, 'Payment');
      if (spending?.handles(x.date)) {
        proposed.push({ key: x.key, account: x.account, vendor: x.vendor.name, date: x.date, fen: x.fen, memo: x.memo, vouchers: [v] });
        continue;
      }
      const entry: EntryInput = {
        idempotencyKey: x.key,
        date: x.date,
        memo: x.memo,
        reason: 'expense',
        counterparty: x.vendor.name,
        budgetLine: `${yearOf(period)}年度预算·${CATEGORY[x.account]}`,
        lines: [
          { account: x.account, debitFen: x.fen, creditFen: 0 },
          { account: '1001', debitFen: 0, creditFen: x.fen },
        ],
        vouchers: [v],
        recordedBy: trusteeId,
        approvedBy: x.fen > 500_000 ? committeeId : null, // above the committee threshold (5,000 yuan)
      };
      month.push(entry);
      if (period === REVERSAL_PERIOD && x.key.endsWith(':cleaning')) {
        // the same invoice entered a second time: found at the month-end reconciliation and reversed
        duplicateKey = `${x.key}:duplicate`;
        month.push({ ...entry, idempotencyKey: duplicateKey, date: day(period, 14) });
      }
    }

    if (spending && proposed.length) {
      // proposed, approved and posted on their days, in the order of the days
      const special = SPECIAL_EXPENSES[period];
      // quotations arrive two weeks before the work
      const quoteFiles = special?.quotes?.map((q, n) => {
        const pdf = voucherPdf(
          'Quotation',
          [
            ['Quotation no.', `Q-${special.date.replaceAll('-', '')}-${n + 1}`],
            ['Date', addDaysTo(special.date, -14)],
            ['From', q.en],
            ['To', 'Fenghuayuan common fund (trustee: Chengdu Ronghe Property Services)'],
            ['Scope', special.description],
            ['Total', `CNY ${yuan(q.fen)}`],
          ],
          'Demo data generated by Xinyi - not a real document.',
          addDaysTo(special.date, -14),
        );
        storing.push(s.ledger.storeVoucher(ledger, pdf));
        return { ...q, sha256: sha256Of(pdf) };
      });
      const specialVoucher = special && storeVoucher(nextVoucherNo(), special.date, special.vendor.en, `5005 ${CATEGORY_EN['5005']}`, special.description, special.fen, 'Payment');
      await Promise.all(storing.splice(0));
      const todo: { date: string; run: () => Promise<unknown> }[] = proposed.map((x) => ({ date: x.date, run: () => spending.expense(x) }));
      if (special) {
        const x: DemoExpense = { key: `demo:exp:${period}:${special.key}`, account: '5005', vendor: special.vendor.name, date: special.date, fen: special.fen, memo: special.memo, vouchers: [specialVoucher!] };
        todo.push({
          date: special.date,
          run: () =>
            special.emergency
              ? spending.emergency(x, special.emergency)
              : spending.expense(x, {
                  description: special.text,
                  quotes: quoteFiles!.map((q) => ({ vendor: q.name, amountFen: q.fen, sha256: q.sha256, name: `${q.name} 报价单.pdf`, chosen: q.chosen })),
                  choiceReason: special.choiceReason!,
                }),
        });
      }
      for (const t of todo.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) await t.run();
      entries += todo.length;
    }

    if (payable) {
      const date = day(period, 10);
      const less = payable.deductionFen ? `, less CNY ${yuan(payable.deductionFen)} for the quality score` : '';
      const v = storeVoucher(nextVoucherNo(), date, TRUSTEE_COMPANY_EN, '2241 Trustee remuneration payable', `Trustee remuneration for ${payable.period} (15.00% of fees and public revenue received${less}), accrued in entry ${payable.seq}`, payable.fen, 'Payment');
      month.push({
        idempotencyKey: `demo:remuneration-payment:${payable.period}`,
        date,
        vouchers: [v],
        memo: `支付 ${payable.period} 受托人酬金（第 ${payable.seq} 号分录计提）`,
        reason: 'remuneration_payment',
        counterparty: TRUSTEE_COMPANY,
        refs: { period: payable.period, accrualSeq: payable.seq },
        lines: [
          { account: '2241', debitFen: payable.fen, creditFen: 0 },
          { account: '1001', debitFen: 0, creditFen: payable.fen },
        ],
        recordedBy: trusteeId,
        approvedBy: committeeId,
      });
    }

    // at the month's end: its payments (and refunds) as one batch, then the other entries in the
    // order of their dates
    clock.set(at(lastDayOf(period), 17, 30));
    await Promise.all([fees.collect(period), ...storing.splice(0)]);
    const ordered = month.map((e, n) => ({ e, n })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.n - b.n)).map((x) => x.e);
    const posted = await s.ledger.postBatch(ledger, ordered);
    entries += posted.length;

    if (duplicateKey) {
      const original = posted[ordered.findIndex((e) => e.idempotencyKey === duplicateKey!.replace(/:duplicate$/, ''))]!;
      const dup = posted[ordered.findIndex((e) => e.idempotencyKey === duplicateKey)]!;
      clock.set(at(lastDayOf(period), 18, 10));
      const r = await s.ledger.reverse(ledger, dup.seq, {
        idempotencyKey: `demo:reversal:${period}`,
        date: lastDayOf(period),
        memo: `冲销第 ${dup.seq} 号分录：${period} 保洁服务费同一张发票重复录入（已于第 ${original.seq} 号分录入账），月末对账发现，原分录保留备查`,
        recordedBy: trusteeId,
      });
      reversal = { original: dup.seq, reversal: r.seq };
      entries++;
    }

    // closed on the 1st or 2nd of the next month; published by the 9th (one month late)
    const next = nextPeriod(period);
    const late = period === LATE_PERIOD;
    clock.set(at(day(next, late ? 8 : calendarRng.int(1, 2)), 9, calendarRng.int(0, 59)));
    const closed = await s.close.closeMonth(ledger, period, trusteeId);
    let accrued = closed.remuneration?.amountFen ?? 0;
    if (closed.alreadyClosed) {
      const row = await ctx.db
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_lines as l', 'l.entry_id', 'e.id')
        .select(['e.seq', 'e.refs', 'l.credit_fen'])
        .where('e.ledger_id', '=', ledger.id)
        .where('e.idempotency_key', '=', `remuneration:${period}`)
        .where('l.account_code', '=', '2241')
        .executeTakeFirst();
      accrued = row?.credit_fen ?? 0;
      payable = row ? { period, fen: accrued, seq: row.seq, deductionFen: Number((row.refs as { deductionFen?: number } | null)?.deductionFen ?? 0) } : null;
    } else {
      // the accrual is the checkpoint entry
      payable = accrued > 0 ? { period, fen: accrued, seq: closed.seq, deductionFen: closed.remuneration?.deductionFen ?? 0 } : null;
      if (accrued > 0) entries++;
    }
    clock.set(at(day(next, late ? 12 : calendarRng.int(3, 9)), calendarRng.int(10, 16), calendarRng.int(0, 59)));
    await s.close.publish(ledger, period, trusteeId);
  }

  // the months since: billed and collected, open
  await fees.openMonths(periods.at(-1)!, now);

  ctx.log(
    `demo ledger: ${periods.length} months (${periods[0]} … ${periods.at(-1)}) closed and published, ${entries} entries and ` +
      `${fees.bills} bills, ${fees.payments} payments, ${fees.refunds} refunds, ${vouchers} vouchers, in ${Date.now() - started} ms` +
      (spending ? ` (${spending.made.proposals} spending proposals in ${spending.made.ms} ms)` : ''),
  );
  return { ledger, months: periods.length, entries, vouchers, reversal };
}

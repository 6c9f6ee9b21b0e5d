/**
 * The demo community 风华苑 (Chengdu, Wuhou District): a register shaped like the reference case
 * — 439 households in seven residential buildings, shops, 30 parking spaces, a few unsold
 * developer units, owners with two units, co-owners, tenants, grids — and one demo account for
 * every role, its owners' decisions (decisions-history.ts), its service quality — work orders,
 * inspections, surveys (quality-history.ts) — and two years and more of the common fund with its
 * bills and payments (ledger-history.ts, billing-history.ts). Deterministic: the same seed (and the same day) gives
 * the same community every time.
 *
 * All names, phones and ID numbers are generated; they belong to nobody.
 */
import type { AppContext } from '../platform/context.js';
import type { Role } from '../platform/db/schema.js';
import type { Services } from '../compose.js';
import { idNumberCheckChar } from '../modules/register/register.rules.js';
import { applyRoster, type RosterEntry } from '../modules/register/roster.service.js';
import type { RosterPerson } from '../modules/register/roster.xlsx.js';
import { seedBudgets, seedFinalAccounts } from './budget-history.js';
import { seedDecisionsHistory } from './decisions-history.js';
import { seedLedgerHistory } from './ledger-history.js';
import { seedQualityHistory } from './quality-history.js';
import { prng } from './prng.js';
import { shanghaiDay } from '../platform/clock.js';
import { disclosureDueDate, nextPeriod } from '../modules/ledger/ledger.rules.js';

export const DEMO_CODE = 'fenghuayuan';
export const DEMO_PASSWORD = 'xinyi2020';
const DEVELOPER: RosterPerson = { name: '成都华锦置业有限公司', phone: '028-85550000', idNumber: null };
const REGION = { district: '武侯区', street: '晋阳街道' };

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩然欣怡子涵雨轩思远晓梅志刚德福淑珍海燕春梅永红俊峰嘉琪');

/** Residential buildings: floors per building; two entrances, two homes per floor per entrance. */
const BUILDINGS = [18, 18, 16, 16, 15, 15, 12];
/** Home areas (centi-m²) by building and position (entrance, room): a stack shares its area. */
const AREA_TYPES = [5820, 6845, 7960, 8912, 9488, 10236, 11520, 12680, 14355, 15870];

export interface DemoPeople {
  owner: RosterPerson;
  committee: RosterPerson;
  supervisor: RosterPerson;
  tenant: RosterPerson;
}

export function buildDemoRoster(seed = 20200101): { entries: RosterEntry[]; people: DemoPeople } {
  const r = prng(seed);
  let phoneSeq = 0;
  const usedNames = new Set<string>();
  const person = (withId: boolean): RosterPerson => {
    let name = '';
    do name = r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.7) ? r.pick(GIVEN) : '');
    while (usedNames.has(name));
    usedNames.add(name);
    phoneSeq++;
    const phone = `1${r.pick(['39', '38', '37', '58', '59', '80', '86', '89'])}${String(20000000 + phoneSeq * 7919).slice(-8)}`;
    let idNumber: string | null = null;
    if (withId) {
      const birth = `${r.int(1950, 1995)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
      const first17 = `510107${birth}${String(r.int(1, 999)).padStart(3, '0')}`;
      idNumber = first17 + idNumberCheckChar(first17);
    }
    return { name, phone, idNumber };
  };

  const entries: RosterEntry[] = [];
  const gridOf = (b: number) => (b <= 3 ? '第一网格' : b <= 5 ? '第二网格' : '第三网格');
  for (let b = 1; b <= BUILDINGS.length; b++) {
    for (let e = 1; e <= 2; e++) {
      for (let f = 1; f <= BUILDINGS[b - 1]!; f++) {
        for (let room = 1; room <= 2; room++) {
          const code = `${b}-${e}-${String(f).padStart(2, '0')}${String(room).padStart(2, '0')}`;
          const area = AREA_TYPES[(b * 3 + e * 2 + room) % AREA_TYPES.length]!;
          // the ground-floor corner of building 1 is a shop: 440 positions, 439 homes
          const kind = code === '1-1-0101' ? 'commercial' : 'residential';
          entries.push({
            building: `${b}栋`,
            unitCode: code,
            kind,
            areaCm2: area,
            deliveryStatus: 'delivered',
            owners: [],
            tenants: [],
            grid: gridOf(b),
            microGrid: `${b}栋微网格`,
          });
        }
      }
    }
  }
  for (let s = 1; s <= 6; s++) {
    entries.push({ building: '商业街', unitCode: `S-${String(s).padStart(2, '0')}`, kind: 'commercial', areaCm2: r.int(4200, 12800), deliveryStatus: 'delivered', owners: [], tenants: [], grid: '第三网格', microGrid: '商业街微网格' });
  }
  for (let p = 1; p <= 30; p++) {
    entries.push({ building: '地下车库', unitCode: `P-${String(p).padStart(3, '0')}`, kind: 'parking', areaCm2: r.int(1150, 1380), deliveryStatus: 'delivered', owners: [], tenants: [], grid: '第三网格', microGrid: null });
  }

  // the developer still holds five homes unsold, two sold but not yet handed over, eight parking spaces
  const homes = entries.filter((e) => e.kind === 'residential');
  for (const code of ['7-2-1201', '7-2-1202', '7-1-1201', '6-2-1502', '6-1-1502']) {
    const u = entries.find((x) => x.unitCode === code)!;
    u.deliveryStatus = 'unsold';
    u.owners = [DEVELOPER];
  }
  for (const code of ['5-2-1501', '5-2-1502']) entries.find((x) => x.unitCode === code)!.deliveryStatus = 'undelivered';
  for (let p = 23; p <= 30; p++) {
    const u = entries.find((x) => x.unitCode === `P-${String(p).padStart(3, '0')}`)!;
    u.deliveryStatus = 'unsold';
    u.owners = [DEVELOPER];
  }

  const residentialOwners: RosterPerson[] = [];
  for (const e of entries) {
    if (e.owners.length) continue;
    if (e.kind === 'parking') continue;
    const first = person(true);
    e.owners = r.chance(0.3) ? [first, person(true)] : [first];
    if (e.kind === 'residential') residentialOwners.push(first);
    if (e.deliveryStatus === 'delivered' && r.chance(e.kind === 'commercial' ? 0.6 : 0.09)) e.tenants = [person(false)];
  }
  // eight owners hold a second home (one person, several units: they count once in votes)
  const seconds = homes.filter((h) => h.deliveryStatus === 'delivered' && h.owners.length === 1).slice(-8);
  for (let i = 0; i < seconds.length; i++) seconds[i]!.owners = [residentialOwners[i * 7]!];
  // most sold parking spaces belong to home owners
  for (let p = 1; p <= 22; p++) {
    entries.find((x) => x.unitCode === `P-${String(p).padStart(3, '0')}`)!.owners = [r.pick(residentialOwners)];
  }

  const withTenant = entries.find((e) => e.kind === 'residential' && e.tenants.length > 0)!;
  return {
    entries,
    people: {
      owner: residentialOwners[0]!, // also owns one of the second homes
      committee: residentialOwners[40]!,
      supervisor: residentialOwners[80]!,
      tenant: withTenant.tenants[0]!,
    },
  };
}

export interface DemoAccount {
  login: string;
  displayName: string;
  role: Role;
  person?: keyof DemoPeople;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { login: 'admin', displayName: '系统管理员', role: 'admin' },
  { login: 'trustee', displayName: '物业经理 李敏', role: 'trustee' },
  { login: 'committee', displayName: '业委会主任', role: 'committee', person: 'committee' },
  { login: 'supervisor', displayName: '监事', role: 'supervisor', person: 'supervisor' },
  { login: 'grid', displayName: '网格员 周静', role: 'grid_worker' },
  { login: 'community', displayName: '社区工作人员 陈刚', role: 'community_official' },
  { login: 'street', displayName: '晋阳街道 工作人员', role: 'street_official' },
  { login: 'district', displayName: '武侯区 工作人员', role: 'district_official' },
  { login: 'owner', displayName: '业主', role: 'owner', person: 'owner' },
  { login: 'tenant', displayName: '租户', role: 'resident', person: 'tenant' },
];

/**
 * The history runs from 2024-01 at least to 2025-12 and on to the last month whose disclosure
 * was due by today (the 10th of the next month), so that the demo's calendar is complete on
 * the day it is created.
 */
export function lastDisclosedMonth(now: Date): string {
  const today = shanghaiDay(now);
  let p = '2025-12';
  while (disclosureDueDate(nextPeriod(p)) <= today) p = nextPeriod(p);
  return p;
}

/**
 * Creates 风华苑 with its register, demo accounts, its owners' decisions (unless `decisions` is
 * false: tests of other modules skip their ballots — and with them the budgets, adopted by owners'
 * votes, and the spending under them), its service-quality history (unless `quality` is false),
 * and its common fund ledger, bills and payments up to today (ledger-history.ts; from 2025 every
 * expense a spending proposal on its budget line, budget-history.ts). Returns false when it
 * exists already.
 */
export async function seedDemo(ctx: AppContext, services: Services, opts: { decisions?: boolean; quality?: boolean } = {}): Promise<boolean> {
  const existing = await ctx.db.selectFrom('communities').select('id').where('code', '=', DEMO_CODE).executeTakeFirst();
  if (existing) return false;
  const { entries, people } = buildDemoRoster();
  const communityId = await services.register.createCommunity(
    {
      code: DEMO_CODE,
      name: '风华苑',
      nameEn: 'Fenghuayuan',
      province: '四川省',
      city: '成都市',
      ...REGION,
      address: '四川省成都市武侯区（演示数据）',
      trustSince: '2020-01-01',
    },
    null,
  );
  await ctx.db.transaction().execute((trx) => applyRoster(trx, ctx, communityId, entries, false));

  const ids = await Promise.all(
    DEMO_ACCOUNTS.map((a) => services.accounts.createAccount({ login: a.login, displayName: a.person ? people[a.person].name : a.displayName, password: DEMO_PASSWORD })),
  );
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    const accountId = ids[i]!;
    if (a.person) {
      const p = people[a.person];
      const row = await ctx.db.selectFrom('persons').select('id').where('community_id', '=', communityId).where('name', '=', p.name).where('phone', '=', p.phone).executeTakeFirstOrThrow();
      await services.accounts.linkPerson(accountId, row.id);
    }
    if (a.role === 'owner' || a.role === 'resident') continue; // follows from the register
    const region = a.role === 'district_official' ? REGION.district : a.role === 'street_official' ? `${REGION.district}/${REGION.street}` : null;
    await services.accounts.grantRole({ accountId, role: a.role, communityCode: region || a.role === 'admin' ? null : DEMO_CODE, region }, null);
  }
  // the owners' decisions first: the December 2020 fee vote makes the fee schedules the bills use
  if (opts.decisions !== false) await seedDecisionsHistory(ctx, communityId);
  // the quality history before the ledger's: each month close deducts on the month's score
  if (opts.quality !== false) await seedQualityHistory(ctx, communityId);
  // the budgets before the ledger's history: from 2025 its expenses are proposals on their lines
  if (opts.decisions !== false) await seedBudgets(ctx, communityId);
  const { ledger } = await seedLedgerHistory(ctx, services, communityId, { to: lastDisclosedMonth(ctx.clock.now()) });
  if (opts.decisions !== false) await seedFinalAccounts(ctx, communityId, ledger);
  return true;
}

/**
 * Billing benchmarks (part of `npm run bench`, see run.ts):
 *
 *   bill run         — services.billing.issueRun for one month of BENCH_BILLING_UNITS units
 *                      (default 100,000: the demo roster repeated, inserted with bulk SQL) vs a
 *                      plain multi-row INSERT of the same bill rows (the columns the run writes,
 *                      as many rows per statement as the 65,535 parameters allow, one
 *                      transaction) into a scratch table `like bills` (no constraints, indexes or
 *                      foreign keys). The issue's aim: within 3× the raw INSERT. The same rows in
 *                      1,000-row INSERTs are also timed, for reference: they are faster.
 *   collection rate  — the same community brought to 24 billed months, ~95 % of the bills paid;
 *                      collection.figures (committee and public views) and collection.arrears,
 *                      median of 20 calls after a warm-up, vs the same counts computed straight
 *                      from the bills with one GROUP BY (collection.repository countsFromBills).
 *                      The issue's aim: under 200 ms.
 *
 * The 24 months: the first and the last are issued through the service (both timed), the 22 in
 * between are generated with INSERT … SELECT from the units and fee schedules (with
 * session_replication_role = replica, i.e. without foreign-key checks, where the role is a
 * superuser: the embedded server). The first month
 * is also paid through services.billing.recordPayments (5,000 payments per batch); the other
 * months are paid in the same INSERT (and, for the last month, an UPDATE), by the same rule. The
 * generator is checked against the service: run for the first month it must give exactly the
 * bills the service wrote and paid (every column but id and run_id), and the maintained
 * collection figures must equal the counts recomputed from all 24 months' bills.
 */
import { type Kysely, sql } from 'kysely';
import type { createServices } from '../src/compose.js';
import { buildDemoRoster } from '../src/demo/fenghuayuan.js';
import { defaultDueOn, parseBillingPeriod } from '../src/modules/billing/billing.rules.js';
import { countsFromBills } from '../src/modules/billing/collection.repository.js';
import { nextPeriod } from '../src/modules/ledger/ledger.rules.js';
import type { RosterEntry } from '../src/modules/register/roster.service.js';
import type { AppContext } from '../src/platform/context.js';

type Services = ReturnType<typeof createServices>;
type Community = { id: number; code: string };

/** `count` roster entries: the demo roster repeated with distinct buildings, codes and people. */
export function benchRoster(count: number): RosterEntry[] {
  const demo = buildDemoRoster().entries;
  return Array.from({ length: count }, (_, i) => {
    const e = demo[i % demo.length]!;
    const round = Math.floor(i / demo.length);
    const person = (p: (typeof e.owners)[number]) => ({ ...p, name: round ? `${p.name}${round}` : p.name });
    return { ...e, building: `${e.building}-${round}`, unitCode: `${round}-${e.unitCode}`, owners: e.owners.map(person), tenants: e.tenants.map(person) };
  });
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}

export async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn))[0]);
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export const n = (x: number) => Math.round(x).toLocaleString('en-US');
export const ratio = (x: number) => (x >= 0.01 ? `${x.toFixed(2)}×` : `${x.toPrecision(2)}×`);
export const row = (label: string, value: string, note = '') => console.log(`${label.padEnd(28)}${value.padStart(18)}   ${note}`.trimEnd());
export const msText = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

/** Fee standards of the bench communities (centi-fen per m² per month), from 2020-01. */
const SCHEDULES = [
  { unitKind: 'residential', rateCf: 11_000 },
  { unitKind: 'commercial', rateCf: 35_000 },
  { unitKind: 'parking', rateCf: 52_000 },
] as const;

/** The columns a bill run writes (billing.repository insertBills). */
const BILL_COLUMNS = ['community_id', 'run_id', 'unit_id', 'building_id', 'unit_kind', 'period', 'first_month', 'last_month', 'months', 'area_cm2', 'amount_fen', 'detail', 'issued_on', 'due_on'] as const;

/**
 * Who pays, by a rule the SQL generator repeats (`paySql`): units with id ≡ 7 (mod 50) never pay
 * (2 %); of the others a share leaves the month unpaid — 12 % of the newest month, 6 % and 4 % of
 * the two before, 1.5 % of older months — and 10 % pay 20 days after the due date (not on time,
 * 当期); the rest pay on the 20th of the month.
 */
const unpaidPermille = (age: number) => (age === 0 ? 120 : age === 1 ? 60 : age === 2 ? 40 : 15);
function payment(unitId: number, monthIndex: number, age: number): 'unpaid' | 'late' | 'ontime' {
  if (unitId % 50 === 7) return 'unpaid';
  const r = (unitId * 7919 + monthIndex * 104_729) % 1000;
  if (r < unpaidPermille(age)) return 'unpaid';
  return r >= 900 ? 'late' : 'ontime';
}
const minDate = (a: string, b: string) => (a < b ? a : b);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface MonthPlan {
  month: string;
  index: number;
  age: number;
  issuedOn: string;
  dueOn: string;
  ontimeOn: string;
  lateOn: string;
}

/**
 * The bill rows of months as the service would write them for the units of community `c`, paid
 * by the rule above: a SELECT with columns BILL_COLUMNS (run_id from `runIds`, by month) and
 * paid_fen, ontime_fen, settled_on, in the service's order (unit code).
 */
function billsSql(c: Community, plans: MonthPlan[], runIds: number[]) {
  return sql`
    select ${c.id}::int8 as community_id, p.run_id, u.id as unit_id, u.building_id, u.kind as unit_kind,
           p.month as period, p.month as first_month, p.month as last_month, 1 as months, u.area_cm2, f.amount_fen,
           jsonb_build_array(jsonb_build_object('month', p.month, 'scheduleId', s.id, 'rateCf', s.rate_cf_per_m2, 'amountFen', f.amount_fen)) as detail,
           p.issued_on, p.due_on,
           case when w.pay = 'unpaid' then 0 else f.amount_fen end as paid_fen,
           case when w.pay = 'ontime' then f.amount_fen else 0 end as ontime_fen,
           case w.pay when 'ontime' then p.ontime_on when 'late' then p.late_on end as settled_on
      from units u
      cross join unnest(${plans.map((p) => p.month)}::text[], ${plans.map((p) => p.index)}::int4[], ${plans.map((p) => unpaidPermille(p.age))}::int4[],
                        ${plans.map((p) => p.issuedOn)}::date[], ${plans.map((p) => p.dueOn)}::date[], ${plans.map((p) => p.ontimeOn)}::date[],
                        ${plans.map((p) => p.lateOn)}::date[], ${runIds}::int8[])
                 as p(month, idx, unpaid_pm, issued_on, due_on, ontime_on, late_on, run_id)
      join lateral (select id, rate_cf_per_m2 from fee_schedules
                     where community_id = ${c.id} and unit_kind = u.kind and effective_from <= (p.month || '-01')::date
                     order by effective_from desc limit 1) s on true
      cross join lateral (select (u.area_cm2 * s.rate_cf_per_m2 + 5000) / 10000 as amount_fen) f
      cross join lateral (select case when u.id % 50 = 7 then 'unpaid'
                                      when (u.id * 7919 + p.idx * 104729) % 1000 < p.unpaid_pm then 'unpaid'
                                      when (u.id * 7919 + p.idx * 104729) % 1000 >= 900 then 'late'
                                      else 'ontime' end as pay) w
     where u.community_id = ${c.id}
     order by p.month, u.code`;
}

/** Units of the community with buildings, in two statements (setup, not measured). */
async function insertUnits(db: Kysely<any>, c: Community, entries: RosterEntry[]) {
  await sql`
    with b as (insert into buildings (community_id, name) select ${c.id}, unnest(${[...new Set(entries.map((e) => e.building))]}::text[]) returning id, name)
    insert into units (community_id, building_id, code, kind, area_cm2, delivery_status)
    select ${c.id}, b.id, x.code, x.kind, x.area, x.status
      from unnest(${entries.map((e) => e.unitCode)}::text[], ${entries.map((e) => e.building)}::text[], ${entries.map((e) => e.kind)}::text[],
                  ${entries.map((e) => e.areaCm2)}::int8[], ${entries.map((e) => e.deliveryStatus)}::text[]) as x(code, building, kind, area, status)
      join b on b.name = x.building`.execute(db);
}

export async function billingBench(ctx: AppContext, services: Services, community: (code: string) => Promise<Community>, units: number) {
  const db = ctx.db as unknown as Kysely<any>; // the scratch table is not in the schema
  const today = services.billing.today();
  // 24 months up to the last finished one
  const months: string[] = [];
  for (let m = `${Number(today.slice(0, 4)) - 2}-${today.slice(5, 7)}`; months.length < 24; m = nextPeriod(m)) months.push(m);
  const plans: MonthPlan[] = months.map((month, index) => {
    const issuedOn = `${month}-01`;
    const dueOn = defaultDueOn(parseBillingPeriod(month)!, issuedOn);
    return { month, index, age: months.length - 1 - index, issuedOn, dueOn, ontimeOn: `${month}-20`, lateOn: minDate(addDays(dueOn, 20), today) };
  });

  const setUp = async (code: string, count: number) => {
    const c = await community(code);
    await insertUnits(db, c, benchRoster(count));
    for (const s of SCHEDULES) await services.billing.addSchedule(c, { ...s, effectiveFrom: '2020-01-01', decisionRef: '业主大会决议（基准测试）' }, null);
    await services.ledger.ensureLedger(c.id, c.code);
    await sql`analyze units, buildings`.execute(db);
    return c;
  };
  const issue = (c: Community, p: MonthPlan) => services.billing.issueRun(c, { period: p.month, idempotencyKey: `run:${p.month}`, issuedOn: p.issuedOn }, null);

  // (a) one bill run vs a raw INSERT of its bills ------------------------------------------
  await sql`drop table if exists bench_bills`.execute(db);
  await sql`create table bench_bills (like bills including defaults including identity)`.execute(db);
  const perStatement = Math.floor(65_535 / BILL_COLUMNS.length);
  const rawInsert = async (runId: number, perStatement: number) => {
    await sql`truncate bench_bills`.execute(db);
    const rows = (await db.selectFrom('bills').select([...BILL_COLUMNS]).where('run_id', '=', runId).orderBy('id').execute()).map((r) => ({ ...r, detail: JSON.stringify(r.detail) }));
    const [ms] = await time(() =>
      db.transaction().execute(async (t) => {
        for (let i = 0; i < rows.length; i += perStatement) await t.insertInto('bench_bills').values(rows.slice(i, i + perStatement)).execute();
      }),
    );
    return ms;
  };

  // warm-up of both paths, not measured
  const wc = await setUp('billing-warmup', Math.min(units, 2000));
  const warmRun = await issue(wc, plans[0]!);
  await rawInsert(warmRun.runId, perStatement);
  await rawInsert(warmRun.runId, 1000);

  const [setupMs, c] = await time(() => setUp('billing', units));
  const [runMs, run] = await time(() => issue(c, plans[0]!));
  const rawMs = await rawInsert(run.runId, perStatement);
  // for reference: statements near the 65,535-parameter limit cost more per row (to compile in
  // Kysely and to parse and plan in PostgreSQL) than 1,000-row ones
  const raw1000Ms = await rawInsert(run.runId, 1000);
  await sql`drop table bench_bills`.execute(db);
  console.log(`\nbilling: a bill run for ${n(run.billCount)} units (${months[0]}; ${n(units)} units with buildings inserted by SQL in ${msText(setupMs)})`);
  row('raw INSERT (baseline)', msText(rawMs), `${n((run.billCount / rawMs) * 1000)} bills/s; ${n(perStatement)} rows per INSERT, one transaction, no constraints or indexes`);
  row('raw INSERT, 1,000 rows', msText(raw1000Ms), `${n((run.billCount / raw1000Ms) * 1000)} bills/s; the same in 1,000-row INSERTs, for reference`);
  row('bill run (issueRun)', msText(runMs), `${n((run.billCount / runMs) * 1000)} bills/s; ${ratio(runMs / rawMs)} the raw INSERT   (aim: within 3×; ${ratio(runMs / raw1000Ms)} the 1,000-row INSERTs)`);

  // (b) 24 months, ~95 % paid --------------------------------------------------------------
  const t0 = process.hrtime.bigint();
  // the first month paid through the service
  const first = plans[0]!;
  const billed = await db.selectFrom('bills').select(['unit_id', 'amount_fen']).where('run_id', '=', run.runId).orderBy('unit_id').execute();
  const pays = billed.flatMap((b) => {
    const how = payment(b.unit_id, first.index, first.age);
    if (how === 'unpaid') return [];
    return [{ unitId: b.unit_id as number, amountFen: b.amount_fen as number, channel: 'bank' as const, paidOn: how === 'ontime' ? first.ontimeOn : first.lateOn, idempotencyKey: `pay:${first.month}:${b.unit_id}` }];
  });
  const [payMs] = await time(async () => {
    for (let i = 0; i < pays.length; i += 5000) await services.billing.recordPayments(c, pays.slice(i, i + 5000), null);
  });

  // the months in between generated, paid by the same rule
  const middle = plans.slice(1, -1);
  // without the foreign-key triggers where the role may (superuser): 3× faster, and checked below
  const { rows: su } = await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(db);
  const noTriggers = su[0]?.s === true;
  const [genMs] = await time(async () => {
    for (const p of middle) {
      await db.transaction().execute(async (t) => {
        if (noTriggers) await sql`set local session_replication_role = replica`.execute(t);
        const r = await t
          .insertInto('bill_runs')
          .values({ community_id: c.id, idempotency_key: `run:${p.month}`, period: p.month, period_kind: 'month', first_month: p.month, last_month: p.month, issued_on: p.issuedOn, due_on: p.dueOn, bill_count: 0, total_fen: 0 })
          .returning('id')
          .executeTakeFirstOrThrow();
        await sql`insert into bills (${sql.join([...BILL_COLUMNS, 'paid_fen', 'ontime_fen', 'settled_on'].map((x) => sql.ref(x)))}) ${billsSql(c, [p], [r.id])}`.execute(t);
        await sql`update bill_runs set (bill_count, total_fen) = (select count(*), sum(amount_fen) from bills where run_id = ${r.id}) where id = ${r.id}`.execute(t);
        await sql`insert into unit_billing (unit_id, community_id) select unit_id, community_id from bills where run_id = ${r.id} on conflict do nothing`.execute(t);
        await sql`insert into collection_stats (community_id, period, first_month, building_id, unit_kind, billed_units, billed_fen, paid_units, paid_fen, ontime_units, ontime_fen)
                  select community_id, period, first_month, building_id, unit_kind, count(*), sum(amount_fen), count(*) filter (where paid_fen = amount_fen), sum(paid_fen),
                         count(*) filter (where ontime_fen = amount_fen), sum(ontime_fen)
                    from bills where run_id = ${r.id} group by community_id, period, first_month, building_id, unit_kind`.execute(t);
      });
    }
  });

  // the last month through the service, paid by the rule with one UPDATE (and its figures recounted)
  const last = plans.at(-1)!;
  const [lastRunMs, lastRun] = await time(() => issue(c, last));
  await db.transaction().execute(async (t) => {
    await sql`update bills b set paid_fen = g.paid_fen, ontime_fen = g.ontime_fen, settled_on = g.settled_on
                from (${billsSql(c, [last], [lastRun.runId])}) g
               where b.unit_id = g.unit_id and b.first_month = g.first_month and g.paid_fen > 0`.execute(t);
    await sql`delete from collection_stats where community_id = ${c.id} and period = ${last.month}`.execute(t);
    await sql`insert into collection_stats (community_id, period, first_month, building_id, unit_kind, billed_units, billed_fen, paid_units, paid_fen, ontime_units, ontime_fen)
              select community_id, period, first_month, building_id, unit_kind, count(*), sum(amount_fen), count(*) filter (where paid_fen = amount_fen), sum(paid_fen),
                     count(*) filter (where ontime_fen = amount_fen), sum(ontime_fen)
                from bills where run_id = ${lastRun.runId} group by community_id, period, first_month, building_id, unit_kind`.execute(t);
  });

  // the generator gives exactly the first month's bills as the service wrote and paid them …
  const cols = sql.join([...BILL_COLUMNS.filter((x) => x !== 'run_id'), 'paid_fen', 'ontime_fen', 'settled_on'].map((x) => sql.ref(x)));
  const { rows: diff } = await sql<{ n: number }>`
    with g as (select ${cols} from (${billsSql(c, [first], [run.runId])}) x), b as (select ${cols} from bills where run_id = ${run.runId})
    select ((select count(*) from (table g except all table b) d) + (select count(*) from (table b except all table g) d))::int8 as n`.execute(db);
  if (diff[0]!.n !== 0) throw new Error(`the bill generator differs from the service in ${diff[0]!.n} rows of ${first.month}`);
  // … and the maintained figures equal the counts recomputed from the bills
  const recounted = new Map((await countsFromBills(ctx.db, c.id)).map((r) => [`${r.period}|${r.building_id}|${r.unit_kind}`, r]));
  const stats = await db.selectFrom('collection_stats').selectAll().where('community_id', '=', c.id).execute();
  const fields = ['billed_units', 'billed_fen', 'paid_units', 'paid_fen', 'ontime_units', 'ontime_fen'] as const;
  const bad = stats.filter((s) => {
    const r = recounted.get(`${s.period}|${s.building_id}|${s.unit_kind}`);
    return !r || fields.some((f) => r[f] !== s[f]);
  });
  if (bad.length || stats.length !== recounted.size) throw new Error(`collection_stats differ from the bills: ${JSON.stringify(bad.slice(0, 3))}`);
  await sql`vacuum analyze bills, collection_stats, unit_billing`.execute(db);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;

  const totals = (await sql<{ bills: number; paid: number; open: number; overdue_units: number }>`
    select count(*)::int8 as bills, count(*) filter (where paid_fen = amount_fen)::int8 as paid, count(*) filter (where paid_fen < amount_fen)::int8 as open,
           count(distinct unit_id) filter (where paid_fen < amount_fen and due_on < ${today}::date)::int8 as overdue_units
      from bills where community_id = ${c.id}`.execute(db)).rows[0]!;

  // warm-up, then the medians
  const figures = (publicView: boolean) => services.collection.figures(c, {}, publicView);
  const shape = await figures(false);
  const arrears = await services.collection.arrears(c);
  await figures(true);
  await countsFromBills(ctx.db, c.id);
  const groupMs = await median(5, () => countsFromBills(ctx.db, c.id));
  const figuresMs = await median(20, () => figures(false));
  const publicMs = await median(20, () => figures(true));
  const arrearsMs = await median(20, () => services.collection.arrears(c));

  console.log(
    `\ncollection over ${months.length} months × ${n(run.billCount)} units: ${n(totals.bills)} bills, ${((totals.paid / totals.bills) * 100).toFixed(1)} % paid, ${n(totals.overdue_units)} units in arrears; built in ${msText(buildMs)}`,
  );
  row('  first month paid', msText(payMs), `${n(pays.length)} payments through recordPayments (5,000 per batch): ${n((pays.length / payMs) * 1000)} payments/s`);
  row(`  ${middle.length} months generated`, msText(genMs), `INSERT … SELECT${noTriggers ? ' (foreign-key triggers off)' : ''}, checked against the service-made month`);
  row('  24th month (issueRun)', msText(lastRunMs), `${n((lastRun.billCount / lastRunMs) * 1000)} bills/s with ${months.length - 1} months billed before; ${ratio(lastRunMs / rawMs)} the raw INSERT (${ratio(lastRunMs / raw1000Ms)} the 1,000-row INSERTs)`);
  row('GROUP BY bills (baseline)', msText(groupMs), `countsFromBills: ${n(recounted.size)} groups`);
  row('collection figures', msText(figuresMs), `${ratio(figuresMs / groupMs)} the GROUP BY   (aim: under 200 ms); ${shape.trend.length} periods, ${n(shape.byBuilding.length)} buildings`);
  row('collection figures (public)', msText(publicMs), `${ratio(publicMs / groupMs)} the GROUP BY   (aim: under 200 ms)`);
  row('arrears', msText(arrearsMs), `${ratio(arrearsMs / groupMs)} the GROUP BY   (aim: under 200 ms); ${n(arrears.length)} units`);
}

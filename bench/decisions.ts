/**
 * Owners' decisions benchmarks (part of `npm run bench`, see run.ts):
 *
 *   tally            — a community of BENCH_VOTERS units (default 100,000: the demo roster
 *                      repeated through applyRoster, so with co-owners, owners of several units
 *                      and the developer's unsold units, all counted as one voter each), parking
 *                      included; a written decision with 2 items, noticed and opened (the roll
 *                      frozen at opening: timed). 80 % of the voters (voter id ≢ 0 mod 5) vote on
 *                      both items, inserted by SQL with the very chain, receipts and pseudonyms the
 *                      service writes (ballots.service.ts appendBallots: one receipt per voter, its
 *                      two ballots in turn, hashed by recount.rules.ts ballotHash). Measured:
 *                      results.close (reads the roll and the ballots, counts both items, keeps the
 *                      count, in one transaction), the same count again through upholdObjection
 *                      (median of 3), and the pure tally() of both items on arrays in memory
 *                      (median of 5), vs one SQL GROUP BY item, choice over the ballots joined to
 *                      the roll (median of 5), whose sums must equal the count's. Then the
 *                      `xinyi vote export` equivalent (results.exportDecision, JSON written as the
 *                      CLI writes it) vs a plain SELECT of the exported ballot rows, and the
 *                      `xinyi vote recount` equivalent (file read, JSON.parse, recountExport: chain,
 *                      roll and both tallies), which must agree with the count.
 *   casting (HTTP)   — the real HTTP app in-process on a free loopback port, with its own pool
 *                      of 10 connections (what the server gets: openDatabase's default, used by
 *                      main.ts's openRuntime), over a community of BENCH_CONCURRENT units (default
 *                      200), one owner each, every owner with an account, signed in
 *                      (POST /api/auth/login: session cookie and CSRF token). Per round a new
 *                      decision in voting; all BENCH_CONCURRENT owners
 *                      POST …/decisions/:id/ballots at once (2 items, one receipt each): ballots/s
 *                      and p50/p99 latency, vs the same owners' GET …/decisions/:id/mine at once
 *                      (the same sign-in, routing and decision lookup, a read) just before. Checked
 *                      after each round: exactly one ballot per owner and item, the chain verifies,
 *                      and the same requests again (same idempotency keys) create 0 ballots. The
 *                      clients run in the server's process and event loop: the figures include
 *                      their cost.
 *
 * The clock is the system clock shifted by whole days (notice 20 days back, open today, close 11
 * days ahead), so that sessions, ballots and the audit carry ordinary times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createHttpApp, createServices } from '../src/compose.js';
import { receiptCode, receiptHash } from '../src/modules/decisions/ballots.service.js';
import { type DecisionInput, SYSTEM, committee, rollOf } from '../src/modules/decisions/decisions.service.js';
import { type ChainedBallot, GENESIS_HASH, type PublicBallot, ballotHash, recountExport, verifyBallotChain } from '../src/modules/decisions/recount.rules.js';
import { type Ballot, type Choice, tally } from '../src/modules/decisions/tally.rules.js';
import { type RosterEntry, applyRoster } from '../src/modules/register/roster.service.js';
import { type Clock, shanghaiDay } from '../src/platform/clock.js';
import type { AppContext } from '../src/platform/context.js';
import { type Db, createKysely } from '../src/platform/db/database.js';
import { hashPassword } from '../src/platform/security.js';
import { benchRoster, median, msText, n, ratio, row, time } from './billing.js';

type Community = { id: number; code: string };
type Services = ReturnType<typeof createServices>;

/** openDatabase's default pool, which main.ts's openRuntime gives the server (src/platform/db/database.ts). */
const SERVER_POOL = 10;
const ROUNDS = 3;
const PASSWORD = 'bench-voter-2026';
const DAY_MS = 86_400_000;

/** The system clock moved by whole days. */
class ShiftedClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  shiftDays(days: number): void {
    this.offsetMs = days * DAY_MS;
  }
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Who votes and how, by voter id: 80 % vote; item 1 ~70 % agree, item 2 ~80 % agree. */
const votes = (voterId: number) => voterId % 5 !== 0;
function choiceOf(voterId: number, item: number): Choice {
  const r = (voterId * 7919 + item * 104_729) % 100;
  const agree = item === 1 ? 70 : 80;
  return r < agree ? 'agree' : r < agree + 15 ? 'oppose' : 'abstain';
}

/** p-th percentile (nearest rank) of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export async function decisionsBench(ctx: AppContext, community: (code: string) => Promise<Community>, opts: { voters: number; concurrent: number; databaseUrl: string; engine: 'embedded' | 'external' }) {
  const clock = new ShiftedClock();
  const bctx: AppContext = { ...ctx, clock };
  const services = createServices(bctx);

  /** A committee member of the community (the actor of notice and open, for the audit log). */
  const member = async (c: Community) => {
    const id = await services.accounts.createAccount({ login: `bench-cm-${c.code}`, displayName: `委员 ${c.code}`, password: PASSWORD });
    await services.accounts.grantRole({ accountId: id, role: 'committee', communityCode: c.code }, null);
    return committee(id);
  };

  /** A written decision with 2 items, noticed 20 days ago, open today for 10 days. Returns its id and the time opening took. */
  const openDecision = async (c: Community, actor: ReturnType<typeof committee>, title: string, includeParking: boolean) => {
    const today = shanghaiDay(new Date());
    const input: DecisionInput = {
      kind: 'written',
      title,
      votingOpensOn: today,
      votingClosesOn: addDays(today, 10),
      includeParking,
      items: [
        { matter: 9, title: '增设电动自行车充电桩（基准测试）' },
        { matter: 6, title: '筹集专项维修资金（基准测试）' },
      ],
    };
    clock.shiftDays(-20);
    const { id } = await services.decisions.create(c, input, actor.accountId ?? null);
    await services.decisions.notice(c, id, actor);
    clock.shiftDays(0);
    const [openMs, opened] = await time(() => services.decisions.open(c, id, actor));
    return { id, openMs, opened };
  };

  await tallyBench(bctx, services, clock, community, member, openDecision, opts.voters);
  await httpBench(bctx, services, community, member, openDecision, opts);
}

type OpenDecision = (c: Community, actor: ReturnType<typeof committee>, title: string, includeParking: boolean) => Promise<{ id: number; openMs: number; opened: { roll: { totalHeadcount: number; totalAreaCm2: number; excludedUnits: number } } }>;
type Member = (c: Community) => Promise<ReturnType<typeof committee>>;

/**
 * The ballots of the voting voters, chained and inserted as ballots.service.ts appendBallots
 * would have written them, one voter after the other (setup, not measured). Returns their number.
 */
async function insertChainedBallots(db: Db, secretKey: Buffer, c: Community, decisionId: number, castAt: Date) {
  const voters = await db.selectFrom('decision_voters').select(['voter_id', 'pseudonym', 'kind']).where('decision_id', '=', decisionId).orderBy('voter_id').execute();
  const items = await db.selectFrom('decision_items').select(['id', 'position']).where('decision_id', '=', decisionId).orderBy('position').execute();
  const voting = voters.filter((v) => v.kind !== 'unowned' && votes(v.voter_id));
  const label = `${c.code}/${decisionId}`;
  const at = castAt.toISOString();
  let prev = GENESIS_HASH;
  let seq = 0;
  for (let i = 0; i < voting.length; i += 10_000) {
    const chunk = voting.slice(i, i + 10_000);
    const keys = chunk.map((v) => `client:bench-${v.voter_id}`);
    const receipts = await sql<{ id: number; voter_id: number }>`
      insert into ballot_receipts (decision_id, voter_id, idempotency_key, receipt_hash, cast_by, created_at)
      select ${decisionId}, x.voter_id, x.key, x.hash, null, ${castAt}
        from unnest(${chunk.map((v) => v.voter_id)}::int4[], ${keys}::text[], ${chunk.map((v, k) => receiptHash(receiptCode(secretKey, decisionId, v.voter_id, keys[k]!)))}::text[]) as x(voter_id, key, hash)
      returning id, voter_id`.execute(db);
    const receiptOf = new Map(receipts.rows.map((r) => [r.voter_id, r.id]));
    const rows: { item_id: number; voter_id: number; choice: Choice; receipt_id: number; seq: number; prev_hash: string; hash: string }[] = [];
    for (const v of chunk) {
      for (const it of items) {
        const pub: PublicBallot = { decision: label, item: it.position, voter: v.pseudonym, choice: choiceOf(v.voter_id, it.position), channel: 'online', seq: ++seq, castAt: at };
        const hash = ballotHash(prev, pub);
        rows.push({ item_id: it.id, voter_id: v.voter_id, choice: pub.choice, receipt_id: receiptOf.get(v.voter_id)!, seq, prev_hash: prev, hash });
        prev = hash;
      }
    }
    await sql`
      insert into ballots (decision_id, item_id, voter_id, choice, channel, receipt_id, seq, prev_hash, hash, cast_at)
      select ${decisionId}, x.item_id, x.voter_id, x.choice, 'online', x.receipt_id, x.seq, x.prev_hash, x.hash, ${castAt}
        from unnest(${rows.map((r) => r.item_id)}::int8[], ${rows.map((r) => r.voter_id)}::int4[], ${rows.map((r) => r.choice)}::text[], ${rows.map((r) => r.receipt_id)}::int8[],
                    ${rows.map((r) => r.seq)}::int4[], ${rows.map((r) => r.prev_hash)}::text[], ${rows.map((r) => r.hash)}::text[]) as x(item_id, voter_id, choice, receipt_id, seq, prev_hash, hash)`.execute(db);
  }
  return { voters: voting.length, ballots: seq };
}

async function tallyBench(ctx: AppContext, services: Services, clock: ShiftedClock, community: (code: string) => Promise<Community>, member: Member, openDecision: OpenDecision, units: number) {
  const { db } = ctx;
  const c = await community('vote-tally');
  const actor = await member(c);
  const entries = benchRoster(units);
  const [rosterMs] = await time(() => db.transaction().execute((trx) => applyRoster(trx, ctx, c.id, entries, false)));
  await sql`analyze units, unit_owners, persons`.execute(db);

  const { id, openMs, opened } = await openDecision(c, actor, '关于增设充电桩及筹集维修资金的书面征求意见（基准测试）', true);
  const voters = opened.roll.totalHeadcount;
  const multi = (await sql<{ n: number; units: number }>`
    select count(*)::int8 as n, coalesce(sum(cardinality(unit_ids)), 0)::int8 as units from decision_voters where decision_id = ${id} and cardinality(unit_ids) > 1`.execute(db)).rows[0]!;

  const [ballotMs, cast] = await time(() => insertChainedBallots(db, ctx.secretKey, c, id, clock.now()));
  await sql`analyze ballots, ballot_receipts, decision_voters`.execute(db);

  // (c) baseline: one GROUP BY over the ballots joined to the roll
  const groupBy = () =>
    sql<{ position: number; choice: Choice; area_cm2: number; headcount: number }>`
      select i.position, b.choice, sum(v.area_cm2)::int8 as area_cm2, count(*)::int8 as headcount
        from ballots b
        join decision_voters v on v.decision_id = b.decision_id and v.voter_id = b.voter_id
        join decision_items i on i.id = b.item_id
       where b.decision_id = ${id}
       group by i.position, b.choice`.execute(db);
  await groupBy();
  const groupMs = await median(5, groupBy);
  const grouped = (await groupBy()).rows;

  // (a) the close, and the same count again through an upheld objection
  clock.shiftDays(11);
  const [closeMs, closed] = await time(() => services.results.close(c, id, SYSTEM));
  const recountMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    await services.results.publish(c, id, actor);
    recountMs.push((await time(() => services.results.upholdObjection(c, id, actor, `基准测试：第 ${k + 1} 次复核`)))[0]);
  }
  clock.shiftDays(0);
  recountMs.sort((a, b) => a - b);
  const upholdMs = recountMs[1]!;
  // the count must be the GROUP BY's sums
  for (const r of closed.results) {
    for (const ch of ['agree', 'oppose', 'abstain'] as const) {
      const g = grouped.find((x) => x.position === r.item && x.choice === ch);
      if ((g?.area_cm2 ?? 0) !== r.tally[ch].areaCm2 || (g?.headcount ?? 0) !== r.tally[ch].headcount) throw new Error(`item ${r.item} ${ch}: the count differs from the GROUP BY`);
    }
  }

  // (b) the pure tally on arrays in memory
  const d = (await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const roll = rollOf(d, await db.selectFrom('decision_voters').selectAll().where('decision_id', '=', id).orderBy('voter_id').execute());
  const items = await db.selectFrom('decision_items').select(['id', 'position', 'matter']).where('decision_id', '=', id).orderBy('position').execute();
  const stored = await db.selectFrom('ballots').select(['item_id', 'voter_id', 'choice']).where('decision_id', '=', id).orderBy('seq').execute();
  const byItem = items.map((i) => ({ matter: i.matter as 6 | 9, ballots: stored.filter((b) => b.item_id === i.id).map((b): Ballot => ({ voterId: b.voter_id, choice: b.choice })) }));
  const tallyBoth = async () => byItem.map((x) => tally(roll, x.ballots, x.matter));
  await tallyBoth();
  const tallyMs = await median(5, tallyBoth);

  // the `xinyi vote export` and `xinyi vote recount` equivalents
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-vote-'));
  const file = path.join(dir, 'vote.json');
  const exportRows = () =>
    sql`select i.position, v.pseudonym, b.choice, b.channel, b.seq, b.cast_at, b.prev_hash, b.hash
          from ballots b join decision_items i on i.id = b.item_id join decision_voters v on v.decision_id = b.decision_id and v.voter_id = b.voter_id
         where b.decision_id = ${id} order by b.seq`.execute(db);
  await exportRows();
  const selectMs = await median(3, exportRows);
  const [exportMs, data] = await time(() => services.results.exportDecision(c, id, true));
  const [writeMs] = await time(async () => fs.writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`));
  const size = fs.statSync(file).size;
  const [readMs, parsed] = await time(async () => JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
  const [recountMs2, recount] = await time(async () => recountExport(parsed));
  const [verifyMs, broken] = await time(async () => verifyBallotChain(data.decision, data.ballots as ChainedBallot[]));
  fs.rmSync(dir, { recursive: true, force: true });
  if (!recount.ok) throw new Error(`the recount of the export fails: ${recount.problem} (ballot ${recount.seq})`);
  if (broken) throw new Error(`the ballot chain does not verify: ${JSON.stringify(broken)}`);
  if (recount.results.some((r) => !r.stated)) throw new Error('the export carries no count');

  const passed = closed.results.map((r) => `item ${r.item} ${r.tally.passed ? 'passed' : `not passed (${r.tally.reasons.join(', ')})`}`).join('; ');
  console.log(`\ndecisions: a written decision with 2 items over ${n(units)} units (applyRoster in ${msText(rosterMs)}), parking included`);
  row('  roll frozen at opening', msText(openMs), `decisions.open: ${n(voters)} voters (${n(multi.n)} of them hold ${n(multi.units)} units between them), ${n((voters / openMs) * 1000)} voters/s`);
  row('  ballots inserted by SQL', msText(ballotMs), `${n(cast.ballots)} ballots of ${n(cast.voters)} voters (${((cast.voters / voters) * 100).toFixed(1)} %), chained in JS as appendBallots does (setup)`);
  row('GROUP BY (baseline)', msText(groupMs), `sum(area), count(*) by item and choice, ballots joined to the roll`);
  row('results.close', msText(closeMs), `${ratio(closeMs / groupMs)} the GROUP BY; reads the roll and ${n(cast.ballots)} ballots, counts 2 items, keeps the count; ${passed}`);
  row('  count again (objection)', msText(upholdMs), `${ratio(upholdMs / groupMs)} the GROUP BY; results.upholdObjection, median of 3`);
  row('tally() in memory', msText(tallyMs), `${ratio(tallyMs / groupMs)} the GROUP BY; both items, ${n(voters)} voters, ${n(cast.ballots)} ballots`);
  row('SELECT export rows (base)', msText(selectMs), `the ${n(cast.ballots)} ballot rows of the export, in chain order`);
  row('vote export', msText(exportMs + writeMs), `${ratio((exportMs + writeMs) / selectMs)} the SELECT; exportDecision ${msText(exportMs)} + JSON written ${msText(writeMs)}, ${(size / 1024 / 1024).toFixed(1)} MiB`);
  row('vote recount', msText(readMs + recountMs2), `read + JSON.parse ${msText(readMs)}, recountExport ${msText(recountMs2)} (of which the chain: ${msText(verifyMs)}, ${n((cast.ballots / verifyMs) * 1000)} ballots/s); same results as the count`);
}

interface Session {
  cookie: string;
  csrfToken: string;
}

interface Answer {
  ms: number;
  status: number;
  json: unknown;
}

async function signIn(base: string, login: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((x) => x.split(';')[0]!)
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function call(base: string, s: Session, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Answer> {
  const t0 = performance.now();
  const r = await fetch(`${base}${url}`, {
    method,
    headers: { cookie: s.cookie, ...(method === 'POST' ? { 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json()) as unknown;
  return { ms: performance.now() - t0, status: r.status, json };
}

/** All requests at once: wall time, throughput and latencies; refuses any answer but 200 that `ok` accepts. */
async function burst(sessions: Session[], fire: (s: Session, k: number) => Promise<Answer>, ok: (json: unknown) => boolean, what: string) {
  const t0 = performance.now();
  const answers = await Promise.all(sessions.map(fire));
  const wallMs = performance.now() - t0;
  const bad = answers.find((a) => a.status !== 200 || !ok(a.json));
  if (bad) throw new Error(`${what}: ${bad.status} ${JSON.stringify(bad.json)}`);
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  return { wallMs, perS: (answers.length / wallMs) * 1000, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function httpBench(ctx: AppContext, services: Services, community: (code: string) => Promise<Community>, member: Member, openDecision: OpenDecision, opts: { concurrent: number; databaseUrl: string; engine: 'embedded' | 'external' }) {
  const { db } = ctx;
  const count = opts.concurrent;
  const c = await community('vote-http');
  const actor = await member(c);
  // one owner per unit, each with an account (one password hash for all: setup, not measured)
  const entries: RosterEntry[] = Array.from({ length: count }, (_, i) => ({
    building: `${1 + Math.floor(i / 100)}栋`,
    unitCode: `H-${String(i + 1).padStart(5, '0')}`,
    kind: 'residential',
    areaCm2: 7000 + (i % 60) * 100,
    deliveryStatus: 'delivered',
    owners: [{ name: `投票业主${i + 1}`, phone: `139${String(i + 1).padStart(8, '0')}`, idNumber: null }],
    tenants: [],
    grid: null,
    microGrid: null,
  }));
  await db.transaction().execute((trx) => applyRoster(trx, ctx, c.id, entries, false));
  const passwordHash = await hashPassword(PASSWORD);
  const persons = await db.selectFrom('persons').select(['id', 'name']).where('community_id', '=', c.id).orderBy('id').execute();
  const accounts = await db
    .insertInto('accounts')
    .values(persons.map((p) => ({ login: `bench-v${p.id}`, display_name: p.name, password_hash: passwordHash })))
    .returning(['id', 'login'])
    .execute();
  await db
    .insertInto('account_persons')
    .values(accounts.map((a) => ({ account_id: a.id, person_id: Number(a.login.slice('bench-v'.length)) })))
    .execute();

  // the server: its own pool, as main.ts opens it
  const appDb = createKysely(opts.databaseUrl, SERVER_POOL);
  const appCtx: AppContext = { ...ctx, db: appDb };
  const app = await createHttpApp(appCtx, createServices(appCtx), { engine: opts.engine, serveWeb: false, logLevel: 'silent' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

    // sign-in, 4 at a time (scrypt runs on libuv's 4 threads)
    const sessions: Session[] = new Array<Session>(accounts.length);
    let next = 0;
    const [signInMs] = await time(() =>
      Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < accounts.length) {
            const k = next++;
            sessions[k] = await signIn(base, accounts[k]!.login);
          }
        }),
      ),
    );

    type Round = { cast: Awaited<ReturnType<typeof burst>>; mine: Awaited<ReturnType<typeof burst>>; replay: Awaited<ReturnType<typeof burst>>; openMs: number };
    const rounds: Round[] = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const { id, openMs } = await openDecision(c, actor, `并发投票基准测试 第 ${r} 轮`, false);
      const D = `/api/communities/${c.code}/decisions/${id}`;
      const body = (k: number) => ({ choices: [{ item: 1, choice: 'agree' }, { item: 2, choice: 'oppose' }], idempotencyKey: `bench-${id}-${k}` });
      const mine = await burst(sessions, (s) => call(base, s, 'GET', `${D}/mine`), (j) => (j as { voters: unknown[] }).voters.length === 1, 'GET mine');
      const cast = await burst(sessions, (s, k) => call(base, s, 'POST', `${D}/ballots`, body(k)), (j) => (j as { created: boolean }).created === true, 'POST ballots');

      // exactly one ballot per owner and item, and the chain verifies
      const perItem = async () =>
        (await sql<{ position: number; n: number; voters: number }>`
          select i.position, count(*)::int8 as n, count(distinct b.voter_id)::int8 as voters
            from decision_items i left join ballots b on b.item_id = i.id where i.decision_id = ${id} group by i.position order by i.position`.execute(db)).rows;
      const after = await perItem();
      if (after.length !== 2 || after.some((x) => x.n !== count || x.voters !== count)) throw new Error(`round ${r}: ballots per item ${JSON.stringify(after)}, expected ${count} each`);
      const exported = await services.results.exportDecision(c, id, true);
      const broken = verifyBallotChain(exported.decision, exported.ballots);
      if (broken || exported.ballots.length !== 2 * count || exported.ballots.at(-1)!.seq !== 2 * count) throw new Error(`round ${r}: the chain does not verify: ${JSON.stringify(broken)}`);

      // the same requests again: the same receipts, nothing new
      const replay = await burst(sessions, (s, k) => call(base, s, 'POST', `${D}/ballots`, body(k)), (j) => (j as { created: boolean }).created === false, 'POST ballots again');
      const again = await perItem();
      if (again.some((x, i) => x.n !== after[i]!.n)) throw new Error(`round ${r}: the replay created ballots: ${JSON.stringify(again)}`);
      if (r > 0) rounds.push({ cast, mine, replay, openMs });
    }

    const mid = (f: (x: Round) => number) => rounds.map(f).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
    console.log(`\ndecisions over HTTP: ${n(count)} owners signed in (${msText(signInMs)}), all at once, ${ROUNDS} rounds after a warm-up, a new decision each; server pool ${SERVER_POOL} connections`);
    for (const [k, x] of rounds.entries()) {
      row(`  round ${k + 1}: mine (base)`, `${n(x.mine.perS)} req/s`, `p50 ${msText(x.mine.p50)}, p99 ${msText(x.mine.p99)}, all in ${msText(x.mine.wallMs)}`);
      row(`  round ${k + 1}: cast`, `${n(x.cast.perS)} ballots/s`, `p50 ${msText(x.cast.p50)}, p99 ${msText(x.cast.p99)}, all in ${msText(x.cast.wallMs)}; ${ratio(x.cast.perS / x.mine.perS)} the reads' rate`);
      row(`  round ${k + 1}: cast again`, `${n(x.replay.perS)} req/s`, `p50 ${msText(x.replay.p50)}, p99 ${msText(x.replay.p99)}; same keys: same receipts, 0 new ballots`);
    }
    row('GET mine (baseline)', `${n(mid((x) => x.mine.perS))} req/s`, `p50 ${msText(mid((x) => x.mine.p50))}, p99 ${msText(mid((x) => x.mine.p99))} (medians of the rounds)`);
    row('POST ballots', `${n(mid((x) => x.cast.perS))} ballots/s`, `${ratio(mid((x) => x.cast.perS) / mid((x) => x.mine.perS))} the reads' rate; p50 ${msText(mid((x) => x.cast.p50))} (${ratio(mid((x) => x.cast.p50) / mid((x) => x.mine.p50))}), p99 ${msText(mid((x) => x.cast.p99))} (${ratio(mid((x) => x.cast.p99) / mid((x) => x.mine.p99))}); 2 items per ballot`);
    row('POST ballots, same keys', `${n(mid((x) => x.replay.perS))} req/s`, `${ratio(mid((x) => x.replay.perS) / mid((x) => x.mine.perS))} the reads' rate; 0 new ballots in every round`);
    row('  checked', `${n(count)} per item`, `every round: one ballot per owner and item, chain of ${n(2 * count)} verified; roll of ${n(count)} frozen in ${msText(mid((x) => x.openMs))}`);
  } finally {
    await app.close();
    await appDb.destroy();
  }
}

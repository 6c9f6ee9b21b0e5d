/**
 * `npm run bench`: benchmarks that print ratios against baselines measured in the same run, on
 * the same database (the embedded PostgreSQL in a temporary directory, or DATABASE_URL).
 *
 *   roster import   — importing N units (buildings, persons, ownership) vs a plain multi-row
 *                     INSERT of the same N unit rows: what the register's bookkeeping costs
 *   re-import       — the same file again (nothing changes) vs the first import
 *   register search — one page of the unit register with a name search vs `select count(*)`
 *
 *   ledger posting  — entries of 3 lines through postBatch (1,000 per batch) and through single
 *                     post calls, vs a plain multi-row INSERT of the same entry and line rows into
 *                     scratch tables made `like ledger_entries` / `like ledger_lines` (no
 *                     triggers, constraints or indexes), 1,000 entries per statement
 *   statements      — statements.monthly and statements.trialBalance over a ledger of
 *                     BENCH_LINES lines (default 1,000,000) built with postBatch, vs `hledger
 *                     balance` and `ledger balance` (ledger-cli) on its exported hledger journal,
 *                     where those programs are installed
 *   chain verify    — verifyChain over the exported entries (entries/s)
 *
 *   bill run        — services.billing.issueRun for one month of BENCH_BILLING_UNITS units vs a
 *                     plain multi-row INSERT of the same bill rows into a scratch table made
 *                     `like bills` (aim: within 3×)
 *   collection rate — collection.figures and collection.arrears over 24 billed months of those
 *                     units, ~95 % paid, vs one GROUP BY over the bills (aim: under 200 ms);
 *                     details in bench/billing.ts
 *
 *   decision tally  — opening a decision (the roll frozen), results.close and the pure tally() of
 *                     2 items over BENCH_VOTERS units, ~80 % voting, vs one SQL GROUP BY of its
 *                     ballots; `vote export` and `vote recount` of it
 *   casting (HTTP)  — BENCH_CONCURRENT signed-in owners casting at once over HTTP (ballots/s,
 *                     p50/p99) vs the same owners' GET …/mine at once; checked for one ballot per
 *                     owner and item, a chain that verifies and idempotent replays; details in
 *                     bench/decisions.ts
 *
 *   budget vs actual — budget.queries.ts executionOf over a year of BENCH_BUDGET_ENTRIES fee receipts
 *                     and BENCH_BUDGET_EXPENSES expenses on 20 lines vs one GROUP BY over the
 *                     year's expense lines; details in bench/budget.ts
 *
 * Sizes: BENCH_UNITS (5,000), BENCH_POST (20,000 entries), BENCH_SINGLE (1,000 entries),
 * BENCH_LINES (1,000,000), BENCH_BILLING_UNITS (100,000), BENCH_VOTERS (100,000 units),
 * BENCH_CONCURRENT (200), BENCH_BUDGET_ENTRIES (100,000), BENCH_BUDGET_EXPENSES (2,000).
 * BENCH_SKIP=roster|ledger|billing|budget|decisions (comma-separated) skips
 * parts.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { createServices } from '../src/compose.js';
import { createExportService } from '../src/modules/ledger/export.service.js';
import type { LedgerRef } from '../src/modules/ledger/ledger.repository.js';
import { type ChainedEntry, verifyChain } from '../src/modules/ledger/ledger.rules.js';
import type { EntryInput } from '../src/modules/ledger/ledger.service.js';
import { applyRoster } from '../src/modules/register/roster.service.js';
import { systemClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { createKysely, embeddedUrl } from '../src/platform/db/database.js';
import { acquireEmbeddedServer } from '../src/platform/db/embedded-server.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { LocalFileStore } from '../src/platform/files.js';
import { benchRoster, billingBench } from './billing.js';
import { budgetBench } from './budget.js';
import { decisionsBench } from './decisions.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 5000);
const POST = Number(process.env.BENCH_POST ?? 20_000);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 1000);
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const BILLING_UNITS = Number(process.env.BENCH_BILLING_UNITS ?? 100_000);
const VOTERS = Number(process.env.BENCH_VOTERS ?? 100_000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 200);
const BUDGET_ENTRIES = Number(process.env.BENCH_BUDGET_ENTRIES ?? 100_000);
const BUDGET_EXPENSES = Number(process.env.BENCH_BUDGET_EXPENSES ?? 2_000);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn))[0]);
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-bench-'));
fs.chmodSync(dataDir, 0o755);
const server = process.env.DATABASE_URL ? null : await acquireEmbeddedServer(dataDir);
const adminUrl = process.env.DATABASE_URL ?? embeddedUrl(server!, 'postgres');
const dbName = `xinyi_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const u = new URL(adminUrl);
u.pathname = `/${dbName}`;
const db = createKysely(u.toString(), 4);

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ratio = (x: number) => (x >= 0.01 ? `${x.toFixed(2)}×` : `${x.toPrecision(2)}×`);
const row = (label: string, value: string, note = '') => console.log(`${label.padEnd(28)}${value.padStart(18)}   ${note}`.trimEnd());
const msText = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

try {
  await migrateToLatest(db);
  const ctx: AppContext = {
    config: loadConfig({ XINYI_DATA_DIR: dataDir }),
    db,
    clock: systemClock,
    secretKey: randomBytes(32),
    log: () => undefined,
    files: new LocalFileStore(path.join(dataDir, 'files')),
  };
  const services = createServices(ctx);
  const { rows: v } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
  console.log(`PostgreSQL ${v[0]!.v} (${server ? 'embedded' : 'external'}); ${os.cpus().length} cores`);

  const community = async (code: string) => {
    await services.register.createCommunity({ code, name: code }, null);
    return (await services.accounts.authenticator.findCommunity(code))!;
  };

  if (!SKIP.has('roster')) {
    console.log(`\nregister: ${UNITS} units`);
    // a roster of UNITS units: the demo roster repeated with distinct codes and people
    const entries = benchRoster(UNITS);

    // baseline: the same unit rows, one multi-row INSERT per 1,000 (buildings made beforehand)
    const base = await community('baseline');
    const buildingIds = new Map<string, number>();
    for (const name of new Set(entries.map((e) => e.building))) {
      const r = await db.insertInto('buildings').values({ community_id: base.id, name }).returning('id').executeTakeFirstOrThrow();
      buildingIds.set(name, r.id);
    }
    const [rawMs] = await time(async () => {
      for (let i = 0; i < entries.length; i += 1000) {
        await db
          .insertInto('units')
          .values(
            entries.slice(i, i + 1000).map((e) => ({ community_id: base.id, building_id: buildingIds.get(e.building)!, code: e.unitCode, kind: e.kind, area_cm2: e.areaCm2, delivery_status: e.deliveryStatus })),
          )
          .execute();
      }
    });

    const c = await community('bench');
    const [importMs] = await time(() => db.transaction().execute((trx) => applyRoster(trx, ctx, c.id, entries, false)));
    const [reimportMs, again] = await time(() => db.transaction().execute((trx) => applyRoster(trx, ctx, c.id, entries, false)));
    if (again.unchanged !== entries.length) throw new Error('re-import changed something');

    const countMs = await median(9, () => sql`select count(*) from units where community_id = ${c.id}`.execute(db));
    const searchMs = await median(9, () => services.register.searchUnits(c, new Set(['trustee']), { q: '王', page: 1, pageSize: 20 }));

    const rate = (ms: number) => Math.round((entries.length / ms) * 1000);
    console.log(`raw INSERT (baseline)   ${rawMs.toFixed(0).padStart(7)} ms  ${rate(rawMs)} units/s`);
    console.log(`roster import           ${importMs.toFixed(0).padStart(7)} ms  ${rate(importMs)} units/s   ${(rawMs / importMs).toFixed(2)}× the raw INSERT rate`);
    console.log(`re-import (no change)   ${reimportMs.toFixed(0).padStart(7)} ms  ${(reimportMs / importMs).toFixed(2)}× the first import's time`);
    console.log(`count(*) (baseline)     ${countMs.toFixed(1).padStart(7)} ms`);
    console.log(`register search page    ${searchMs.toFixed(1).padStart(7)} ms  ${(searchMs / countMs).toFixed(1)}× count(*)`);
  }

  if (!SKIP.has('ledger')) await ledgerBench(ctx, services, community);
  if (!SKIP.has('billing')) await billingBench(ctx, services, community, BILLING_UNITS);
  if (!SKIP.has('budget')) await budgetBench(ctx, services, community, { receipts: BUDGET_ENTRIES, expenses: BUDGET_EXPENSES });
  if (!SKIP.has('decisions')) await decisionsBench(ctx, community, { voters: VOTERS, concurrent: CONCURRENT, databaseUrl: u.toString(), engine: server ? 'embedded' : 'external' });
} finally {
  await db.destroy();
  await admin.query(`drop database ${dbName} with (force)`);
  await admin.end();
  await server?.release();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Entry k of a benchmark ledger: three lines (Dr 1001 / Cr 4001 / Cr 4101), a pseudonymous
 * counterparty and a memo of ordinary length, dated across `months` months from 2015-01 in
 * chain order.
 */
function benchEntry(prefix: string, k: number, total: number, months = 120): EntryInput {
  const m = Math.min(months - 1, Math.floor((k * months) / total));
  const period = `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  const fee = 8_000 + ((k * 7919) % 20_000);
  const parking = 500 + ((k * 104_729) % 3_000);
  return {
    idempotencyKey: `${prefix}:${k}`,
    date: `${period}-${String(1 + (k % 28)).padStart(2, '0')}`,
    memo: `物业服务费及停车费 ${period}（基准测试分录 ${k}）`,
    reason: 'fee_income',
    counterparty: `U-${String(k % 100_000).padStart(8, '0')}`,
    lines: [
      { account: '1001', debitFen: fee + parking, creditFen: 0 },
      { account: '4001', debitFen: 0, creditFen: fee },
      { account: '4101', debitFen: 0, creditFen: parking },
    ],
  };
}

/** Runs a program, returns its wall time and output (null when it is not installed). */
function runTool(cmd: string, args: string[]): { ms: number; out: string } | null {
  if (!fs.existsSync(cmd)) return null;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return { ms, out: r.stdout };
}

/** account code → balance in fen (debit positive) from `hledger/ledger balance --flat` output. */
function parseBalances(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of out.split('\n')) {
    const x = /^\s*(-?)¥?(-?)([\d,]+)\.(\d\d)\s+\S+?:(\d{4})\b/.exec(line);
    if (!x) continue;
    const fen = Number(x[3]!.replaceAll(',', '')) * 100 + Number(x[4]);
    m.set(x[5]!, x[1] || x[2] ? -fen : fen);
  }
  return m;
}

async function ledgerBench(ctx: AppContext, services: ReturnType<typeof createServices>, community: (code: string) => Promise<{ id: number; code: string }>) {
  const { db } = ctx;

  // (a) posting throughput -----------------------------------------------------------------
  // baseline: the very rows postBatch wrote, into tables of the same columns without triggers,
  // constraints or indexes; one INSERT for 1,000 entries and one for their 3,000 lines
  await sql`drop table if exists bench_raw_lines, bench_raw_entries`.execute(db);
  await sql`create table bench_raw_entries (like ledger_entries)`.execute(db);
  await sql`create table bench_raw_lines (like ledger_lines)`.execute(db);
  const rawInsert = async (ledger: LedgerRef) => {
    const entryRows = (await db.selectFrom('ledger_entries').selectAll().where('ledger_id', '=', ledger.id).orderBy('seq').execute()).map((r) => ({ ...r, refs: JSON.stringify(r.refs) }));
    const lineRows = await db.selectFrom('ledger_lines').selectAll().where('ledger_id', '=', ledger.id).orderBy('entry_id').orderBy('line_no').execute();
    const [ms] = await time(async () => {
      for (let i = 0; i < entryRows.length; i += 1000) {
        await db.transaction().execute(async (t) => {
          const tt = t as unknown as Kysely<any>; // the scratch tables are not in the schema
          await tt.insertInto('bench_raw_entries').values(entryRows.slice(i, i + 1000)).execute();
          await tt.insertInto('bench_raw_lines').values(lineRows.slice(i * 3, (i + 1000) * 3)).execute();
        });
      }
    });
    return ms;
  };
  const postBatches = async (ledger: LedgerRef, inputs: EntryInput[]) => {
    for (let i = 0; i < inputs.length; i += 1000) await services.ledger.postBatch(ledger, inputs.slice(i, i + 1000));
  };

  // warm-up of both paths (JIT, connections, catalog caches), not measured
  const wc = await community('ledger-warmup');
  const warmLedger = await services.ledger.ensureLedger(wc.id, wc.code);
  await postBatches(warmLedger, Array.from({ length: 3000 }, (_, k) => benchEntry('warm', k, 3000)));
  await rawInsert(warmLedger);
  await sql`truncate bench_raw_entries, bench_raw_lines`.execute(db);

  const pc = await community('ledger-post');
  const postLedger = await services.ledger.ensureLedger(pc.id, pc.code);
  const batchInputs = Array.from({ length: POST }, (_, k) => benchEntry('batch', k, POST));
  const [batchMs] = await time(() => postBatches(postLedger, batchInputs));
  const rawMs = await rawInsert(postLedger);
  const sc = await community('ledger-single');
  const singleLedger = await services.ledger.ensureLedger(sc.id, sc.code);
  const singleInputs = Array.from({ length: SINGLE }, (_, k) => benchEntry('single', k, SINGLE));
  const [singleMs] = await time(async () => {
    for (const e of singleInputs) await services.ledger.post(singleLedger, e);
  });
  await sql`drop table bench_raw_lines, bench_raw_entries`.execute(db);
  const rawRate = (POST / rawMs) * 1000;
  const batchRate = (POST / batchMs) * 1000;
  const singleRate = (SINGLE / singleMs) * 1000;
  console.log(`\nledger posting: entries of 3 lines (${n(POST)} in batches, ${n(SINGLE)} single)`);
  row('raw INSERT (baseline)', `${n(rawRate)} entries/s`, '1,000 entries + 3,000 lines per transaction, no constraints');
  row('posting (batch 1000)', `${n(batchRate)} entries/s`, `${ratio(batchRate / rawRate)} raw INSERT`);
  row('posting (single post)', `${n(singleRate)} entries/s`, `${ratio(singleRate / rawRate)} raw INSERT`);

  // (b) statements over a large ledger ----------------------------------------------------
  const big = Math.ceil(LINES / 3);
  const bc = await community('ledger-big');
  const bigLedger = await services.ledger.ensureLedger(bc.id, bc.code);
  const [buildMs] = await time(async () => {
    for (let i = 0; i < big; i += 5000) {
      const chunk = Array.from({ length: Math.min(5000, big - i) }, (_, k) => benchEntry('big', i + k, big));
      await services.ledger.postBatch(bigLedger, chunk);
    }
  });
  console.log(`\nledger of ${n(big * 3)} lines (${n(big)} entries over 120 months), built with postBatch (5,000 per batch) in ${msText(buildMs)}: ${n((big / buildMs) * 1000)} entries/s`);

  const monthlyMs = await median(9, () => services.statements.monthly(bigLedger, '2024-06'));
  const trialMs = await median(9, () => services.statements.trialBalance(bigLedger));
  const smallMonthlyMs = await median(9, () => services.statements.monthly(postLedger, '2024-06'));
  const smallTrialMs = await median(9, () => services.statements.trialBalance(postLedger));
  const tb = await services.statements.trialBalance(bigLedger);

  const journal = path.join(dataDir, 'big.journal');
  const exports = createExportService(ctx);
  const [exportMs] = await time(() => pipeline(Readable.from(exports.hledgerChunks(bigLedger)), fs.createWriteStream(journal)));
  const hledger = runTool('/usr/bin/hledger', ['-f', journal, 'balance', '--flat', '--no-total']);
  const ledgerCli = runTool('/usr/bin/ledger', ['-f', journal, 'balance', '--flat', '--no-total']);
  // their balances must be ours: the same journal, the same numbers
  const agrees = (r: { out: string } | null) => {
    if (!r) return '';
    const theirs = parseBalances(r.out);
    const ours = tb.accounts.filter((a) => a.debitFen !== a.creditFen);
    return ours.length === theirs.size && ours.every((a) => theirs.get(a.code) === a.debitFen - a.creditFen) ? 'same balances as our trial balance' : `!! DIFFERENT balances from our trial balance:\n${r.out}`;
  };
  const version = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!.replace(/, (linux|the).*/, '');
  const vs = (ms: number) =>
    [hledger && `${ratio(ms / hledger.ms)} hledger balance`, ledgerCli && `${ratio(ms / ledgerCli.ms)} ledger balance`].filter(Boolean).join(', ') || '(hledger, ledger not installed)';
  row('statements.monthly', msText(monthlyMs), `${vs(monthlyMs)}   (${msText(smallMonthlyMs)} on ${n(POST * 3)} lines)`);
  row('statements.trialBalance', msText(trialMs), `${vs(trialMs)}   (${msText(smallTrialMs)} on ${n(POST * 3)} lines)`);
  row('hledger balance', hledger ? msText(hledger.ms) : 'not installed', hledger ? `${version('/usr/bin/hledger')}: ${agrees(hledger)}` : '');
  row('ledger balance', ledgerCli ? msText(ledgerCli.ms) : 'not installed', ledgerCli ? `${version('/usr/bin/ledger')}: ${agrees(ledgerCli)}` : '');
  row('hledger journal export', msText(exportMs), `${n((big / exportMs) * 1000)} entries/s, ${n(fs.statSync(journal).size / 1024 / 1024)} MiB`);

  // (c) chain verification -------------------------------------------------------------------
  const chain: ChainedEntry[] = [];
  const [readMs] = await time(async () => {
    for await (const e of services.statements.chained(bigLedger)) chain.push(e);
  });
  const [verifyMs, bad] = await time(async () => verifyChain(chain));
  if (bad) throw new Error(`the benchmark ledger does not verify: ${JSON.stringify(bad)}`);
  row('chain read (chained)', `${n((chain.length / readMs) * 1000)} entries/s`, `${msText(readMs)} for ${n(chain.length)} entries`);
  row('chain verification', `${n((chain.length / verifyMs) * 1000)} entries/s`, `${msText(verifyMs)}, verifyChain (SHA-256 over RFC 8785 JSON)`);
  fs.rmSync(journal, { force: true });
}

/**
 * `npm run bench`: benchmarks that print ratios against baselines measured in the same run, on
 * the same database (the embedded PostgreSQL in a temporary directory, or DATABASE_URL).
 *
 *   roster import   — importing N units (buildings, persons, ownership) vs a plain multi-row
 *                     INSERT of the same N unit rows: what the register's bookkeeping costs
 *   re-import       — the same file again (nothing changes) vs the first import
 *   register search — one page of the unit register with a name search vs `select count(*)`
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createServices } from '../src/compose.js';
import { buildDemoRoster } from '../src/demo/fenghuayuan.js';
import { applyRoster } from '../src/modules/register/roster.service.js';
import { systemClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { createKysely, embeddedUrl } from '../src/platform/db/database.js';
import { acquireEmbeddedServer } from '../src/platform/db/embedded-server.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { LocalFileStore } from '../src/platform/files.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 5000);

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
  console.log(`PostgreSQL ${v[0]!.v} (${server ? 'embedded' : 'external'}); ${UNITS} units; ${os.cpus().length} cores`);

  // a roster of UNITS units: the demo roster repeated with distinct codes and people
  const demo = buildDemoRoster().entries;
  const entries = Array.from({ length: UNITS }, (_, i) => {
    const e = demo[i % demo.length]!;
    const round = Math.floor(i / demo.length);
    const person = (p: (typeof e.owners)[number]) => ({ ...p, name: round ? `${p.name}${round}` : p.name });
    return { ...e, building: `${e.building}-${round}`, unitCode: `${round}-${e.unitCode}`, owners: e.owners.map(person), tenants: e.tenants.map(person) };
  });

  const community = async (code: string) => {
    await services.register.createCommunity({ code, name: code }, null);
    return (await services.accounts.authenticator.findCommunity(code))!;
  };

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
} finally {
  await db.destroy();
  await admin.query(`drop database ${dbName} with (force)`);
  await admin.end();
  await server?.release();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

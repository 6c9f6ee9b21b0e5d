/**
 * One PostgreSQL for the whole run — the embedded server (its own data directory under the OS
 * temp dir) or the one named by DATABASE_URL — and one migrated template database. Each test
 * file clones its own database from the template (see test-db.ts), as Immich does.
 */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { embeddedUrl } from '../../src/platform/db/database.js';
import { acquireEmbeddedServer, type EmbeddedServer } from '../../src/platform/db/embedded-server.js';
import { createKysely } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    /** prefix of this run's databases: two runs may share one server */
    runPrefix: string;
    engine: 'embedded' | 'external';
  }
}

let server: EmbeddedServer | null = null;

export const TEST_PG_DIR = path.join(os.tmpdir(), `xinyi-test-pg-${process.getuid?.() ?? 0}`);

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let engine: 'embedded' | 'external';
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    engine = 'external';
  } else {
    server = await acquireEmbeddedServer(TEST_PG_DIR);
    adminUrl = embeddedUrl(server, 'postgres');
    engine = 'embedded';
  }
  const runPrefix = `xinyi_t${process.pid}_`;
  const templateDb = `${runPrefix}template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDb}`);
  await admin.query(`create database ${templateDb}`);
  const db = createKysely(urlFor(adminUrl, templateDb), 2);
  await migrateToLatest(db);
  await db.destroy();
  const { rows } = await admin.query<{ v: string }>(`select current_setting('server_version') as v`);
  console.log(`[test] PostgreSQL ${rows[0]!.v} (${engine})`);
  await admin.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runPrefix', runPrefix);
  project.provide('engine', engine);

  return async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`drop database if exists ${templateDb}`);
    // this run's databases whose test file crashed before its own cleanup
    const left = await a.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [runPrefix]);
    for (const { datname } of left.rows) await a.query(`drop database if exists ${datname} with (force)`);
    await a.end();
    await server?.release();
  };
}

export function urlFor(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

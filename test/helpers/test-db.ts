/**
 * A fresh database for one test file, cloned from the migrated template, with the same
 * services the server uses.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createServices, type Services } from '../../src/compose.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { createKysely, type Db } from '../../src/platform/db/database.js';
import { LocalFileStore } from '../../src/platform/files.js';
import { urlFor } from './global-setup.js';

export interface TestDb {
  db: Db;
  url: string;
  ctx: AppContext;
  clock: ManualClock;
  services: Services;
  engine: 'embedded' | 'external';
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('adminUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Call at the top level of a test file; the database is dropped after the file's tests. */
export async function createTestDb(opts: { clock?: string; config?: Record<string, string> } = {}): Promise<TestDb> {
  const name = `${inject('runPrefix')}${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('templateDb')}`));
  const url = urlFor(inject('adminUrl'), name);
  const db = createKysely(url, 5);
  const clock = new ManualClock(opts.clock ?? '2026-01-15T02:00:00Z');
  const config = loadConfig({ XINYI_DATA_DIR: '/nonexistent-test-data', LOG_LEVEL: 'silent', ...opts.config });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-files-'));
  const files = new LocalFileStore(filesDir);
  const ctx: AppContext = { config, db, clock, secretKey: randomBytes(32), log: () => undefined, files };
  afterAll(async () => {
    await db.destroy();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    fs.rmSync(filesDir, { recursive: true, force: true });
  });
  return { db, url, ctx, clock, services: createServices(ctx), engine: inject('engine') };
}

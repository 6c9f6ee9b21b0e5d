/**
 * Opening the database: the server named by DATABASE_URL, or the embedded one under the data
 * directory. Same migrations, same queries, one Kysely instance over a `pg` pool.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { acquireEmbeddedServer, type EmbeddedServer } from './embedded-server.js';
import { installPgTypeParsers } from './pg-types.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  /** 'embedded' or 'external' — reported by /api/health and in test output. */
  engine: 'embedded' | 'external';
  /** The connection string (password included): for CLI sub-processes and tests only. */
  url: string;
  serverVersion: string;
  close(): Promise<void>;
}

/**
 * Runs `fn` inside a savepoint of the transaction `t`: when it throws, what it wrote is rolled
 * back and the transaction stays usable (PostgreSQL aborts the whole transaction on an error
 * otherwise); the error is passed on to the caller to decide.
 */
export async function inSavepoint<T>(t: Db, name: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  await sql.raw(`savepoint ${name}`).execute(t);
  try {
    const out = await fn();
    await sql.raw(`release savepoint ${name}`).execute(t);
    return out;
  } catch (err) {
    await sql.raw(`rollback to savepoint ${name}`).execute(t);
    throw err;
  }
}

export function createKysely(connectionString: string, poolSize = 10): Db {
  installPgTypeParsers();
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // an idle client's error (server restart) must not crash the process; the next query reconnects
  pool.on('error', () => undefined);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

export function embeddedUrl(server: Pick<EmbeddedServer, 'user' | 'password' | 'host' | 'port'>, database: string): string {
  return `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${encodeURIComponent(database)}`;
}

/** The application database inside the embedded cluster. */
export const EMBEDDED_DATABASE = 'xinyi';

async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`create database ${client.escapeIdentifier(name)}`);
      } catch (err) {
        // 42P04 duplicate_database: another process created it at the same moment
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

export async function openDatabase(config: Config, log: (m: string) => void = () => undefined, poolSize = 10): Promise<Database> {
  let url: string;
  let server: EmbeddedServer | null = null;
  if (config.DATABASE_URL) {
    url = config.DATABASE_URL;
  } else {
    server = await acquireEmbeddedServer(config.dataDir, log);
    try {
      await ensureDatabaseExists(embeddedUrl(server, 'postgres'), EMBEDDED_DATABASE);
    } catch (err) {
      await server.release();
      throw err;
    }
    url = embeddedUrl(server, EMBEDDED_DATABASE);
  }
  const db = createKysely(url, poolSize);
  let serverVersion: string;
  try {
    const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
    serverVersion = rows[0]!.v;
  } catch (err) {
    await db.destroy();
    await server?.release();
    throw new Error(`Cannot connect to PostgreSQL (${config.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}): ${(err as Error).message}`);
  }
  return {
    db,
    engine: server ? 'embedded' : 'external',
    url,
    serverVersion,
    async close() {
      await db.destroy();
      await server?.release();
    },
  };
}

/**
 * Every migration's down undoes its up: from the latest schema, each is taken down in reverse
 * order and brought up again, on a database of its own.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { MIGRATIONS } from './migrate.js';

const t = await createTestDb();

describe('migrations', () => {
  it('the newest ones go down and up again to the same tables', async () => {
    const tables = async () =>
      (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' order by 1`.execute(t.db)).rows.map((r) => r.t);
    const before = await tables();
    const newest = Object.keys(MIGRATIONS).sort().slice(-2).reverse();
    for (const name of newest) await MIGRATIONS[name]!.down!(t.db as never);
    expect(await tables()).not.toContain('work_orders');
    for (const name of [...newest].reverse()) await MIGRATIONS[name]!.up(t.db as never);
    expect(await tables()).toEqual(before);
  });
});

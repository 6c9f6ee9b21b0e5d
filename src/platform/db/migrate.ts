/**
 * Numbered migrations, listed here (no directory scanning: the list is the order). Run at
 * start by the server and the CLI; Kysely's migration lock makes concurrent runs safe.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-register-and-auth.js';
import * as m0002 from './migrations/0002-ledger.js';
import * as m0003 from './migrations/0003-billing.js';
import * as m0004 from './migrations/0004-decisions.js';
import * as m0005 from './migrations/0005-quality.js';
import * as m0006 from './migrations/0006-budget.js';

/** Every migration by name, in order (exported for the down/up test). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-register-and-auth': m0001,
  '0002-ledger': m0002,
  '0003-billing': m0003,
  '0004-decisions': m0004,
  '0005-quality': m0005,
  '0006-budget': m0006,
};

class ListProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...MIGRATIONS };
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ListProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

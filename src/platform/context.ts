/** What every service is built from: no hidden globals, no base class injecting everything. */
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { FileStore } from './files.js';

export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  /** The deployment key (security.ts): encrypts ID numbers, keys pseudonyms. */
  secretKey: Buffer;
  log: (message: string) => void;
  /** vouchers, scans and photos by SHA-256 */
  files: FileStore;
}

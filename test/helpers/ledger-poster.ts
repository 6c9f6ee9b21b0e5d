/**
 * Child process of the crash test (test/reliability/ledger-crash.test.ts): connects to
 * DATABASE_URL, posts to the common fund of community POSTER_COMMUNITY one entry at a time with
 * the idempotency keys crash:1, crash:2, crash:3 … and prints `committed N` once post() has
 * returned (the transaction committed). Always starts again from N = 1: keys already posted are
 * no-ops. Runs until killed, or up to POSTER_UNTIL and then exits 0.
 */
import { randomBytes } from 'node:crypto';
import { createLedgerService } from '../../src/modules/ledger/ledger.service.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { createKysely } from '../../src/platform/db/database.js';
import { LocalFileStore } from '../../src/platform/files.js';

const url = process.env.DATABASE_URL;
const community = process.env.POSTER_COMMUNITY;
if (!url || !community) throw new Error('DATABASE_URL and POSTER_COMMUNITY are required');
const until = Number(process.env.POSTER_UNTIL ?? Number.MAX_SAFE_INTEGER);

const db = createKysely(url, 1);
const ctx: AppContext = {
  config: loadConfig({ XINYI_DATA_DIR: '/nonexistent-test-data', LOG_LEVEL: 'silent' }),
  db,
  clock: systemClock,
  secretKey: randomBytes(32),
  log: () => undefined,
  files: new LocalFileStore('/nonexistent-poster-files'), // no vouchers are posted
};
const ledgers = createLedgerService(ctx);
const ledger = await ledgers.ledgerOrThrow(community);
process.stdout.write('ready\n');

for (let n = 1; n <= until; n++) {
  const fen = 100 + ((n * 7919) % 90_000);
  const r = await ledgers.post(ledger, {
    idempotencyKey: `crash:${n}`,
    date: '2025-06-15',
    memo: `崩溃测试分录 ${n}`,
    reason: n % 2 ? 'expense' : 'public_revenue',
    counterparty: n % 2 ? '成都洁美环境服务有限公司' : '成都泊安智慧停车管理有限公司',
    lines: n % 2
      ? [
          { account: '5002', debitFen: fen, creditFen: 0 },
          { account: '1001', debitFen: 0, creditFen: fen },
        ]
      : [
          { account: '1001', debitFen: fen, creditFen: 0 },
          { account: '4101', debitFen: 0, creditFen: fen - 1 },
          { account: '4199', debitFen: 0, creditFen: 1 },
        ],
  });
  // pipes are written synchronously on Linux: once this returns, the parent can read the line
  process.stdout.write(`committed ${n} seq ${r.seq} ${r.created ? 'new' : 'again'}\n`);
}
await db.destroy();

/**
 * The `xinyi` command. Every command has --help, exits non-zero with a one-line reason on bad
 * input, and attaches to the embedded PostgreSQL safely while the server runs.
 */
import { Command, CommanderError } from 'commander';
import { sql } from 'kysely';
import { VERSION } from '../compose.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bankStatementCsv } from '../demo/billing-history.js';
import { DEMO_ACCOUNTS, DEMO_CODE, DEMO_PASSWORD, seedDemo } from '../demo/fenghuayuan.js';
import { shanghaiDay } from '../platform/clock.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { accountCommands } from './accounts.js';
import { billingCommands } from './billing.js';
import { ledgerCommands } from './ledger.js';
import { registerCommands } from './register.js';
import { exitWith, fail, withRuntime } from './runtime.js';
import { trustCommands } from './trust.js';
import { voteCommands } from './vote.js';

/** The copy in the repository (demo/bank-statement.csv), regenerated for the running demo's current month. */
const DEFAULT_STATEMENT = path.relative(process.cwd(), fileURLToPath(new URL('../../demo/bank-statement.csv', import.meta.url))) || 'bank-statement.csv';

const program = new Command('xinyi')
  .description('信义 Xinyi — trust-based property management and community fiduciary governance')
  .version(VERSION)
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

program
  .command('serve')
  .description('start the server (same as npm start) / 启动服务')
  .action(async () => {
    await import('../main.js');
  });

program
  .command('migrate')
  .description('apply database migrations / 执行数据库迁移')
  .action(async () => {
    await withRuntime(async () => console.log('database is up to date'));
  });

const demo = program
  .command('demo')
  .description(`rebuild the demo community ${DEMO_CODE} (风华苑): empties the database first / 重建演示小区`)
  .option('--force', 'also when the database holds other communities (they are deleted)')
  .action(async (opts: { force?: boolean }) => {
    await withRuntime(async (rt) => {
      const others = await rt.ctx.db.selectFrom('communities').select('code').where('code', '!=', DEMO_CODE).execute();
      if (others.length && !opts.force) fail(`the database holds other communities (${others.map((o) => o.code).join(', ')}); add --force to delete everything`);
      process.stderr.write('emptying the database…\n');
      await sql`drop schema public cascade; create schema public`.execute(rt.ctx.db);
      await migrateToLatest(rt.ctx.db);
      process.stderr.write('creating 风华苑…\n');
      await seedDemo(rt.ctx, rt.services);
      console.log(`demo ${DEMO_CODE} rebuilt; sign in with ${DEMO_ACCOUNTS.map((a) => a.login).join(', ')} — password ${DEMO_PASSWORD}`);
    });
  });

demo
  .command('bank-statement')
  .description('write a bank statement (GBK CSV) of the transfers for the demo’s unpaid bills of this month, to import / 生成演示小区本月银行对账单')
  .option('-o, --out <file>', 'output file', DEFAULT_STATEMENT)
  .action(async (opts: { out: string }) => {
    await withRuntime(async (rt) => {
      const community = await rt.ctx.db.selectFrom('communities').select('id').where('code', '=', DEMO_CODE).executeTakeFirst();
      if (!community) fail(`there is no demo community ${DEMO_CODE}: run \`xinyi demo\` (or start the server on an empty database) first`);
      const st = await bankStatementCsv(rt.ctx, community.id, shanghaiDay(rt.ctx.clock.now()));
      fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
      fs.writeFileSync(opts.out, st.data);
      console.log(
        `${opts.out}: ${st.from} … ${st.to}, ${st.byCode} transfers with a unit code, ${st.byAmount} matching by amount only, ${st.ambiguous} ambiguous, ` +
          `${st.unknown} from an unknown payer, ${st.outgoing} outgoing (GBK)`,
      );
    });
  });

registerCommands(program);
accountCommands(program);
ledgerCommands(program);
trustCommands(program);
billingCommands(program);
voteCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  exitWith(err);
}

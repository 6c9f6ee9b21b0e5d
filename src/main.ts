/**
 * Starts the server: configuration, database (embedded PostgreSQL unless DATABASE_URL is set),
 * migrations, the demo community on an empty database, HTTP. Stops cleanly on SIGINT/SIGTERM
 * (the embedded PostgreSQL is stopped when no other process uses it).
 */
import type { FastifyInstance } from 'fastify';
import { createHttpApp, openRuntime, type Runtime } from './compose.js';
import { DEMO_COMMITTEE_MEMBERS } from './demo/decisions-history.js';
import { DEMO_ACCOUNTS, DEMO_CODE, DEMO_PASSWORD, seedDemo } from './demo/fenghuayuan.js';
import { autoCloseMonths } from './modules/ledger/close.jobs.js';
import { loadConfig } from './platform/config.js';
import { type JobRunner, startJobs } from './platform/jobs.js';

const started = Date.now();
const log = (m: string) => console.log(`[xinyi] ${m}`);
const state: { runtime: Runtime | null; app: FastifyInstance | null; jobs: JobRunner | null; closing: boolean } = { runtime: null, app: null, jobs: null, closing: false };

async function stop(code: number): Promise<never> {
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  try {
    await state.app?.close();
    await state.jobs?.stop();
  } finally {
    await state.runtime?.close();
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (state.closing) return;
    state.closing = true;
    log(`${signal}: shutting down`);
    void stop(0);
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = (state.runtime = await openRuntime(config, log));
  if (config.XINYI_DEMO === 'auto') {
    const { count } = await runtime.ctx.db.selectFrom('communities').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) === 0) {
      log('empty database: creating the demo community 风华苑 …');
      await seedDemo(runtime.ctx, runtime.services);
    }
  }
  const app = (state.app = await createHttpApp(runtime.ctx, runtime.services, { engine: runtime.database.engine }));
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  if (config.XINYI_JOBS === 'on') {
    const { ctx, services } = runtime;
    state.jobs = await startJobs(
      runtime.database.url,
      [
        { name: 'ledger-month-close', cron: '15 2 * * *', run: async () => void (await autoCloseMonths(ctx, services.ledger, services.close)) },
        // owners' decisions: open voting on its day, close it after its last day, end objection periods
        { name: 'decisions-clock', cron: '5 0 * * *', run: async () => void (await services.results.advance()) },
        // work orders: close resolved orders the resident neither confirmed nor reopened within the window
        { name: 'quality-work-orders-auto-close', cron: '20 0 * * *', run: async () => void (await services.workOrders.autoClose()) },
      ],
      log,
    );
  }
  log(`PostgreSQL ${runtime.database.serverVersion} (${runtime.database.engine})`);
  log(`ready in ${Date.now() - started} ms: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
  const demo = await runtime.ctx.db.selectFrom('communities').select('id').where('code', '=', DEMO_CODE).executeTakeFirst();
  if (demo) {
    log(`demo community ${DEMO_CODE} (风华苑); demo sign-ins, password "${DEMO_PASSWORD}":`);
    log(`  ${DEMO_ACCOUNTS.map((a) => `${a.login} (${a.role})`).join(', ')}`);
    log(`  committee members for two-person paper ballots: ${DEMO_COMMITTEE_MEMBERS.map((m) => m.login).join(', ')}`);
  }
}

main().catch(async (err) => {
  console.error(`[xinyi] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  state.closing = true;
  await stop(1);
});

/**
 * Starts the server: configuration, database (embedded PostgreSQL unless DATABASE_URL is set),
 * migrations, the demo community on an empty database, HTTP. Stops cleanly on SIGINT/SIGTERM
 * (the embedded PostgreSQL is stopped when no other process uses it).
 */
import { createHttpApp, openRuntime } from './compose.js';
import { DEMO_ACCOUNTS, DEMO_CODE, DEMO_PASSWORD, seedDemo } from './demo/fenghuayuan.js';
import { loadConfig } from './platform/config.js';

const started = Date.now();
const log = (m: string) => console.log(`[xinyi] ${m}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config, log);
  let app: Awaited<ReturnType<typeof createHttpApp>> | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    try {
      await app?.close();
    } finally {
      await runtime.close();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await serve();
  } catch (err) {
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw err;
  }

  async function serve(): Promise<void> {
  if (config.XINYI_DEMO === 'auto') {
    const { count } = await runtime.ctx.db.selectFrom('communities').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) === 0) {
      log('empty database: creating the demo community 风华苑 …');
      await seedDemo(runtime.ctx, runtime.services);
    }
  }
  app = await createHttpApp(runtime.ctx, runtime.services, { engine: runtime.database.engine });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log(`PostgreSQL ${runtime.database.serverVersion} (${runtime.database.engine})`);
  log(`ready in ${Date.now() - started} ms: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
  const demo = await runtime.ctx.db.selectFrom('communities').select('id').where('code', '=', DEMO_CODE).executeTakeFirst();
  if (demo) {
    log(`demo community ${DEMO_CODE} (风华苑); demo sign-ins, password "${DEMO_PASSWORD}":`);
    log(`  ${DEMO_ACCOUNTS.map((a) => `${a.login} (${a.role})`).join(', ')}`);
  }
  }
}

main().catch((err) => {
  console.error(`[xinyi] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

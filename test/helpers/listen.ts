/** Serves the full app (API and built web) on a free loopback port, for browser tests. */
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../src/compose.js';
import type { TestDb } from './test-db.js';

export async function listenApp(t: TestDb): Promise<{ app: FastifyInstance; base: string }> {
  const app = await createHttpApp(t.ctx, t.services, { engine: t.engine, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
}

/** Child process for lifecycle tests: attaches to the embedded server, reports, holds until SIGTERM. */
import { acquireEmbeddedServer } from '../../src/platform/db/embedded-server.js';

const server = await acquireEmbeddedServer(process.argv[2]!);
console.log(JSON.stringify({ pid: server.pid, port: server.port, started: server.started }));
process.on('SIGTERM', () => {
  void server.release().then(() => process.exit(0));
});
setInterval(() => undefined, 1000);

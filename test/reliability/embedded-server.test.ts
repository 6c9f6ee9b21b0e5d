/**
 * The embedded PostgreSQL managed like a real server (DESIGN §3): start and clean stop,
 * SIGTERM of the app, restart after SIGKILL of the app (the orphaned postmaster is reused, never
 * a second one), and a second process (the CLI) attaching while the server runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireEmbeddedServer, processAlive as alive } from '../../src/platform/db/embedded-server.js';

const external = !!process.env.DATABASE_URL;
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-lifecycle-'));
  dirs.push(d);
  return d;
}

async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * postmasters whose command line names this data directory (a backend forked a moment ago
 * still shows its parent's command line: processes whose parent matches are not postmasters)
 */
function postmastersFor(dataDir: string): number[] {
  const matching = processesNaming(path.join(dataDir, 'pg'));
  const ppid = (pid: number) => Number(/^PPid:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return matching.filter((pid) => {
    try {
      return !matching.includes(ppid(pid));
    } catch {
      return false;
    }
  });
}

function processesNaming(pg: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        const comm = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        return cmd[0]?.endsWith('/postgres') && cmd.includes(pg) && !comm.includes(') Z ');
      } catch {
        return false;
      }
    })
    .map(Number);
}

function startChild(args: string[], env: Record<string, string>, until: RegExp): Promise<{ child: ChildProcess; output: () => string; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not print ${until}: ${out}`)), 60_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = out.match(until);
      if (m) {
        clearTimeout(timer);
        resolve({ child, output: () => out, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!out.match(until)) reject(new Error(`child exited ${code}: ${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (code) => r(code))));
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) {
    for (const pid of postmastersFor(d)) process.kill(pid, 'SIGQUIT');
    await waitFor(() => postmastersFor(d).length === 0).catch(() => undefined);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

describe.skipIf(external)('embedded PostgreSQL lifecycle (skipped with DATABASE_URL: no embedded server then)', () => {
  it('starts on a free loopback port, and stops when released', async () => {
    const dir = tempDir();
    const s = await acquireEmbeddedServer(dir);
    expect(s.started).toBe(true);
    expect(s.host).toBe('127.0.0.1');
    expect(postmastersFor(dir)).toEqual([s.pid]);
    if (process.getuid?.() === 0) {
      // initdb refuses root: the cluster belongs to the unprivileged system user
      expect(fs.statSync(path.join(dir, 'pg')).uid).not.toBe(0);
    }
    await s.release();
    await waitFor(() => !alive(s.pid));
    expect(postmastersFor(dir)).toEqual([]);
  });

  it('the app stops PostgreSQL on SIGTERM; after SIGKILL the next start reuses the orphan', async () => {
    const dir = tempDir();
    const env = { XINYI_DATA_DIR: dir, PORT: '0', XINYI_DEMO: 'off', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
    const first = await startChild(['src/main.ts'], env, /ready in \d+ ms: http:\/\/localhost:(\d+)/);
    const [pm1] = postmastersFor(dir);
    expect(pm1).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${first.match[1]}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', engine: 'embedded' });
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    await waitFor(() => !alive(pm1!));

    const second = await startChild(['src/main.ts'], env, /ready in \d+ ms/);
    const [pm2] = postmastersFor(dir);
    second.child.kill('SIGKILL');
    await exited(second.child);
    expect(alive(pm2!)).toBe(true); // the orphan

    const third = await startChild(['src/main.ts'], env, /ready in \d+ ms/);
    expect(third.output()).toMatch(/reusing the embedded PostgreSQL/);
    expect(postmastersFor(dir)).toEqual([pm2]); // never a second server
    third.child.kill('SIGINT');
    expect(await exited(third.child)).toBe(0);
    await waitFor(() => !alive(pm2!));
  }, 120_000);

  it('a second process (the CLI) attaches while the server runs and leaves it running', async () => {
    const dir = tempDir();
    const holder = await startChild(['test/helpers/hold-embedded.ts', dir], {}, /\{.*\}/);
    const held = JSON.parse(holder.match[0]) as { pid: number; started: boolean };
    expect(held.started).toBe(true);
    const cli = await acquireEmbeddedServer(dir);
    expect(cli).toMatchObject({ started: false, pid: held.pid });
    await cli.release();
    expect(alive(held.pid)).toBe(true);
    holder.child.kill('SIGTERM');
    await exited(holder.child);
    await waitFor(() => !alive(held.pid));
  }, 60_000);

  it('two processes starting at once share one server', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([startChild(['test/helpers/hold-embedded.ts', dir], {}, /\{.*\}/), startChild(['test/helpers/hold-embedded.ts', dir], {}, /\{.*\}/)]);
    const pa = JSON.parse(a.match[0]);
    const pb = JSON.parse(b.match[0]);
    expect(pa.pid).toBe(pb.pid);
    expect([pa.started, pb.started].sort()).toEqual([false, true]);
    expect(postmastersFor(dir)).toHaveLength(1);
    a.child.kill('SIGTERM');
    await exited(a.child);
    expect(alive(pa.pid)).toBe(true);
    b.child.kill('SIGTERM');
    await exited(b.child);
    await waitFor(() => !alive(pa.pid));
  }, 60_000);
});

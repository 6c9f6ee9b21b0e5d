/**
 * Crash safety of posting (issue 3): a child process (test/helpers/ledger-poster.ts) posts
 * entries one by one with idempotency keys crash:1, crash:2 … and reports each commit; it is
 * killed with SIGKILL at random points, several times, and restarted from crash:1 each time.
 * Afterwards every entry it reported committed exists exactly once, the keys and sequence
 * numbers run 1…M without gaps, the head is the last entry and the chain verifies. Runs against
 * whatever server the suite uses (embedded, or external via DATABASE_URL): the child gets t.url.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChainedEntry, verifyChain } from '../../src/modules/ledger/ledger.rules.js';
import { buildCommunity } from '../helpers/factories.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

interface Round {
  delayMs: number;
  from: 'ready' | 'new commit';
  /** the highest N reported before this round */
  before: number;
  reported: number[];
  exit: string;
}

/**
 * Starts the poster; calls `onLine` for each stdout line. Resolves when the process has exited
 * and its output is fully read (lines already in the pipe when it was killed are still read).
 */
function startPoster(env: Record<string, string>, onLine: (line: string, child: ChildProcess) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/ledger-poster.ts'], {
    env: { ...process.env, DATABASE_URL: t.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  let buf = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      onLine(line, child);
    }
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let closed = false;
    const finish = () => exit && closed && resolve({ ...exit, stderr });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      finish();
    });
    child.stdout!.on('close', () => {
      closed = true;
      finish();
    });
  });
  return { child, done };
}

const committed = (line: string) => {
  const m = /^committed (\d+) seq (\d+) (new|again)$/.exec(line);
  return m ? { n: Number(m[1]), seq: Number(m[2]), created: m[3] === 'new' } : null;
};

describe('posting survives SIGKILL of the poster', () => {
  it('every entry reported committed exists exactly once, without gaps, and the chain verifies', async () => {
    const c = await buildCommunity(t.services);
    const ledger = await t.services.ledger.ensureLedger(c.id, c.code);
    const reported = new Set<number>();
    const problems: string[] = [];
    const rounds: Round[] = [];
    let highest = 0;

    for (let round = 0; round < 6; round++) {
      // half the kills are timed from the first new entry (mid-posting), half from start-up
      // (they may land in the replay of keys already posted)
      const from: Round['from'] = round % 2 === 0 ? 'new commit' : 'ready';
      const delayMs = 50 + Math.floor(Math.random() * 351);
      const before = highest;
      const r: Round = { delayMs, from, before, reported: [], exit: '' };
      rounds.push(r);
      let armed = false;
      const arm = (child: ChildProcess) => {
        if (armed) return;
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      };
      const { done } = startPoster({ POSTER_COMMUNITY: c.code }, (line, child) => {
        if (line === 'ready' && from === 'ready') arm(child);
        const x = committed(line);
        if (!x) return;
        // one process posts in key order onto an otherwise idle ledger: key N is entry N
        if (x.seq !== x.n) problems.push(`crash:${x.n} posted as entry ${x.seq}`);
        // a key reported committed before is never written again (a higher one may have been
        // committed unreported: killed between the commit and the line)
        if (x.n <= before && x.created) problems.push(`crash:${x.n} written a second time in round ${round}`);
        reported.add(x.n);
        r.reported.push(x.n);
        highest = Math.max(highest, x.n);
        if (x.n > before && from === 'new commit') arm(child);
      });
      const exit = await done;
      r.exit = exit.signal ?? `exit ${exit.code}`;
      expect(exit.signal, `round ${round}: the poster died by itself: ${exit.stderr}`).toBe('SIGKILL');
    }

    // a last run to completion: restart, replay, continue past the last kill, exit cleanly
    const target = highest + 5;
    const last = startPoster({ POSTER_COMMUNITY: c.code, POSTER_UNTIL: String(target) }, (line) => {
      const x = committed(line);
      if (!x) return;
      if (x.seq !== x.n) problems.push(`crash:${x.n} posted as entry ${x.seq}`);
      if (x.n <= highest && x.created) problems.push(`crash:${x.n} written a second time in the last run`);
      reported.add(x.n);
    });
    const exit = await last.done;
    expect(exit.code, exit.stderr).toBe(0);

    expect(problems).toEqual([]);
    const summary = rounds.map((r) => `${r.delayMs} ms after ${r.from}: ${r.reported.length ? `${r.reported[0]}…${r.reported.at(-1)}` : 'nothing'} (${r.exit})`).join('; ');
    const rows = await t.db.selectFrom('ledger_entries').select(['seq', 'idempotency_key']).where('ledger_id', '=', ledger.id).orderBy('seq').execute();
    // keys crash:1 … crash:M each exactly once, entry N carrying key crash:N: no gap, no double
    expect(rows.map((x) => x.idempotency_key), summary).toEqual(rows.map((_, i) => `crash:${i + 1}`));
    expect(rows.map((x) => x.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.length).toBe(target);
    for (const n of reported) expect(n, summary).toBeLessThanOrEqual(rows.length);
    const { rows: dup } = await sql<{ n: number }>`
      select count(*)::int8 as n from (select idempotency_key from ledger_entries where ledger_id = ${ledger.id} group by 1 having count(*) > 1) d`.execute(t.db);
    expect(dup[0]!.n).toBe(0);

    const head = await t.db.selectFrom('ledger_heads').select(['last_seq', 'last_hash']).where('ledger_id', '=', ledger.id).executeTakeFirstOrThrow();
    const chain: ChainedEntry[] = [];
    for await (const e of t.services.statements.chained(ledger)) chain.push(e);
    expect(verifyChain(chain)).toBeNull();
    expect(head).toEqual({ last_seq: target, last_hash: chain.at(-1)!.hash });
    const tb = await t.services.statements.trialBalance(ledger);
    expect(tb.debitFen).toBe(tb.creditFen);
    // the maintained balances equal the sums of the lines: no half-applied posting
    const { rows: drift } = await sql<{ n: number }>`
      select count(*)::int8 as n from (
        select account_code, sum(debit_fen) d, sum(credit_fen) c from ledger_lines where ledger_id = ${ledger.id} group by 1
        except select account_code, sum(debit_fen), sum(credit_fen) from ledger_balances where ledger_id = ${ledger.id} group by 1) x`.execute(t.db);
    expect(drift[0]!.n).toBe(0);
    // the kills mostly landed while new entries were being posted
    expect(rounds.filter((r) => r.reported.some((n) => n > r.before)).length, summary).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

/** The `xinyi` command as a user runs it: --help, one-line reasons and exit codes, roster round trip. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCommunity, buildUnit, editWorkbook, rosterWorkbook } from '../helpers/factories.js';
import { runXinyi } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb();
const c = await buildCommunity(t.services, 'clitest');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const xinyi = (...args: string[]) => runXinyi(t.url, ...args);

describe('xinyi CLI', () => {
  it('has --help everywhere', async () => {
    for (const cmd of [[], ['import', 'roster'], ['export', 'roster'], ['demo'], ['account', 'grant']]) {
      const r = await xinyi(...cmd, '--help');
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: xinyi/);
    }
  }, 120_000);

  it('imports, re-imports unchanged, exports; a bad file changes nothing and exits non-zero with a reason', async () => {
    const good = path.join(tmp, 'good.xlsx');
    fs.writeFileSync(good, await rosterWorkbook([buildUnit({ unitCode: '1-1-0101' }), buildUnit({ unitCode: '1-1-0102' })]));
    expect((await xinyi('import', 'roster', good, '--community', 'clitest')).stdout).toMatch(/created 2, updated 0, unchanged 0/);
    expect((await xinyi('import', 'roster', good, '--community', 'clitest')).stdout).toMatch(/created 0, updated 0, unchanged 2/);
    const out = path.join(tmp, 'out.xlsx');
    expect((await xinyi('export', 'roster', '--community', 'clitest', '--out', out)).code).toBe(0);
    expect((await xinyi('import', 'roster', out, '--community', 'clitest')).stdout).toMatch(/unchanged 2/);

    const bad = path.join(tmp, 'bad.xlsx');
    fs.writeFileSync(bad, await editWorkbook(await rosterWorkbook([buildUnit({ unitCode: '1-1-0103' })]), (ws) => (ws.getCell('D2').value = -1)));
    const r = await xinyi('import', 'roster', bad, '--community', 'clitest');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/row 2/);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^xinyi: 1 errors; nothing was imported/);
    expect(await t.db.selectFrom('units').select('code').where('community_id', '=', c.id).execute()).toHaveLength(2);
  }, 120_000);

  it('sets and shows the trust contract terms; adds an account to the chart', async () => {
    await t.services.ledger.ensureLedger(c.id, c.code);
    expect((await xinyi('contract', 'set', '-c', 'clitest', '--from', '2026-01-01', '--rate', '15.00')).stdout).toMatch(/15\.00 %/);
    expect((await xinyi('contract', 'set', '-c', 'clitest', '--from', '2026-01-01', '--rate', '15.001')).code).toBe(1);
    expect((await xinyi('contract', 'show', '-c', 'clitest')).stdout).toMatch(/2026-01-01\s+15\.00 %\s+received_fees_and_public_revenue/);
    expect((await xinyi('chart', 'add', '-c', 'clitest', '--code', '4104', '--name', '充电桩收益', '--name-en', 'EV charging', '--type', 'income')).code).toBe(0);
    expect(await t.db.selectFrom('ledger_accounts').select('code').where('code', '=', '4104').execute()).toHaveLength(1);
  }, 120_000);

  it('bad input: unknown community, missing file, unknown option', async () => {
    expect(await xinyi('import', 'roster', 'nope.xlsx', '--community', 'clitest')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^xinyi: no such file/) });
    const good = path.join(tmp, 'g.xlsx');
    fs.writeFileSync(good, await rosterWorkbook([buildUnit()]));
    expect((await xinyi('import', 'roster', good, '--community', 'nowhere')).stderr).toMatch(/community nowhere does not exist/);
    expect((await xinyi('import', 'roster', good)).code).not.toBe(0);
    expect((await xinyi('frobnicate')).code).not.toBe(0);
  }, 120_000);
});

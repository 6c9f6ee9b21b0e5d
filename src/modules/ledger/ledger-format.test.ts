/**
 * docs/ledger-format.md cannot drift from the code: its worked example is recomputed from the
 * doc's own text, its hledger sample is what the exporter writes, and its Python verifier is run
 * on an export of the example (good and tampered) where python3 is installed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, type LedgerExport, hledgerAccountName, hledgerTransaction, verifyJsonExport } from './export.rules.js';
import { type ChainedEntry, DEFAULT_CHART, GENESIS_HASH, type PublicEntry, canonicalEntry, chainHash } from './ledger.rules.js';

const doc = fs.readFileSync(new URL('../../../docs/ledger-format.md', import.meta.url), 'utf8');
const blocks = (info: string) => [...doc.matchAll(new RegExp('```' + info + '\\n([\\s\\S]*?)\\n```', 'g'))].map((m) => m[1]!);
const canonicals = blocks('json example-canonical');
const hashes = blocks('text example-hash').map((h) => h.trim());

function exampleChain(): ChainedEntry[] {
  let prev = GENESIS_HASH;
  return canonicals.map((c, i) => {
    const e = { ...(JSON.parse(c) as PublicEntry), prevHash: prev, hash: hashes[i]! };
    prev = e.hash;
    return e;
  });
}

function exampleExport(): LedgerExport {
  const entries = exampleChain();
  const sums = new Map<string, { account: string; debit: number; credit: number }>();
  for (const l of entries.flatMap((e) => e.lines)) {
    const s = sums.get(l.account) ?? { account: l.account, debit: 0, credit: 0 };
    s.debit += l.debit;
    s.credit += l.credit;
    sums.set(l.account, s);
  }
  return {
    format: EXPORT_FORMAT,
    ledger: 'fenghuayuan/common-fund',
    exportedAt: '2026-02-03T08:00:00.000Z',
    chart: DEFAULT_CHART,
    checkpoints: [{ period: '2026-01', seq: 3, hash: hashes[2]! }],
    balances: DEFAULT_CHART.map((a) => sums.get(a.code) ?? { account: a.code, debit: 0, credit: 0 }),
    entries,
  };
}

describe('docs/ledger-format.md', () => {
  it('has a worked example of three entries whose canonical forms and hashes follow from the text', () => {
    expect(canonicals).toHaveLength(3);
    expect(hashes).toHaveLength(3);
    let prev = GENESIS_HASH;
    canonicals.forEach((c, i) => {
      const entry = JSON.parse(c) as PublicEntry;
      expect(entry.seq).toBe(i + 1);
      // the block is the JCS of its own content, and the stated byte count is right
      expect(canonicalEntry(entry)).toBe(c);
      expect(doc).toContain(`canonical form (${Buffer.byteLength(c, 'utf8')} bytes`);
      expect(chainHash(prev, c)).toBe(hashes[i]);
      prev = hashes[i]!;
    });
    const voucherText = '%PDF-1.4\n% 保洁服务合同 2026年1月 发票\n';
    const sha = createHash('sha256').update(voucherText, 'utf8').digest('hex');
    expect(doc).toContain(`the ${Buffer.byteLength(voucherText)} bytes of the UTF-8 text`);
    expect(doc).toContain(`its SHA-256 is\n\`${sha}\``);
    expect((JSON.parse(canonicals[1]!) as PublicEntry).vouchers[0]!.sha256).toBe(sha);
  });

  it('states the checkpoint and balances of the example as the verifier computes them', () => {
    const r = verifyJsonExport(exampleExport());
    expect(r).toMatchObject({ ok: true, entries: 3, lastHash: hashes[2] });
    expect(doc).toContain(`{"period":"2026-01","seq":3,"hash":"${hashes[2]}"}`);
    if (!r.ok) return;
    const stated = r.balances.map((b) => `${b.account}: debit ${b.debit}, credit ${b.credit}`).join('; ');
    expect(doc.replace(/\s+/g, ' ')).toContain(stated);
  });

  it('lists the entry keys in canonical order', () => {
    const keys = Object.keys(JSON.parse(canonicals[0]!) as object).join(', ');
    expect(doc.replace(/\s+/g, ' ')).toContain(`Entry keys therefore appear in this order: \`${keys}\``);
  });

  it("shows the hledger transaction the exporter writes for entry 1", () => {
    const names = new Map(DEFAULT_CHART.map((a) => [a.code, hledgerAccountName(a)]));
    expect(doc).toContain(hledgerTransaction(exampleChain()[0]!, names).trim());
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  describe.skipIf(!python)('the Python verifier in the doc (skipped: python3 is not installed)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-pyverify-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const script = path.join(dir, 'verify.py');
    const run = (data: LedgerExport) => {
      const file = path.join(dir, 'export.json');
      fs.writeFileSync(file, JSON.stringify(data));
      return spawnSync('python3', [script, file], { encoding: 'utf8' });
    };

    it('is about 20 lines and accepts the example', () => {
      const [source] = blocks('python verifier');
      expect(source!.split('\n').length).toBeLessThanOrEqual(26);
      fs.writeFileSync(script, source!);
      const ok = run(exampleExport());
      expect(ok.stderr).toBe('');
      expect(ok.stdout.trim()).toBe(`OK fenghuayuan/common-fund: 3 entries, last hash ${hashes[2]}`);
    });

    it('rejects a changed memo, a changed balance and a wrong checkpoint', () => {
      const memo = exampleExport();
      memo.entries[1]!.memo += '。';
      expect(run(memo)).toMatchObject({ status: 1, stderr: expect.stringMatching(/^entry 2: /) });
      const balance = exampleExport();
      balance.balances[0]!.debit += 1;
      expect(run(balance)).toMatchObject({ status: 1, stderr: expect.stringMatching(/balances differ/) });
      const checkpoint = exampleExport();
      checkpoint.checkpoints[0]!.seq = 2;
      expect(run(checkpoint)).toMatchObject({ status: 1, stderr: expect.stringMatching(/^checkpoint 2026-01/) });
    });
  });
});

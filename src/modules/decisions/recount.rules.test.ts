/**
 * The vote format, pure: docs/vote-format.md cannot drift from the code — its worked export is
 * recounted, its canonical form and hash recomputed, its words and tampering examples are what
 * the code says, and its Python recount is run on the example where python3 is installed. Then
 * property tests: a chain built by ballotHash always verifies, and any change to any public field
 * of any ballot is caught.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash } from '../ledger/ledger.rules.js';
import { type ChainedBallot, type PublicBallot, type VoteExport, ballotHash, canonicalBallot, recountExport, verifyBallotChain } from './recount.rules.js';
import { explainTally } from './tally.rules.js';

const doc = fs.readFileSync(new URL('../../../docs/vote-format.md', import.meta.url), 'utf8');
const blocks = (info: string) => [...doc.matchAll(new RegExp('```' + info + '\\n([\\s\\S]*?)\\n```', 'g'))].map((m) => m[1]!);
const example = (): VoteExport => JSON.parse(blocks('json example-export')[0]!) as VoteExport;

/** Recomputes every hash from the first changed ballot on (a forger who rebuilds the chain). */
function rechain(e: VoteExport): VoteExport {
  let prev = GENESIS_HASH;
  const ballots = e.ballots.map((b) => {
    const hash = ballotHash(prev, b);
    const out = { ...b, prevHash: prev, hash };
    prev = hash;
    return out;
  });
  return { ...e, ballots, count: e.count && { ...e.count, lastHash: prev } };
}

describe('docs/vote-format.md', () => {
  it('its worked export recounts: chain intact, both items as published', () => {
    const r = recountExport(example());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ballots).toBe(5);
    expect(r.results.map((x) => [x.item, x.tally.passed, x.tally.reasons])).toEqual([
      [1, true, ['passed']],
      [2, false, ['quorum_area_short', 'approval_area_short', 'approval_headcount_short']],
    ]);
    for (const x of r.results) expect(doc).toContain(`> ${explainTally(x.tally).en}`);
  });

  it('states the first ballot’s canonical form, its length and its hash as the code computes them', () => {
    const [canonical] = blocks('json example-canonical');
    const [hash] = blocks('text example-hash');
    const first = example().ballots[0]!;
    expect(canonicalBallot(first)).toBe(canonical);
    expect(doc).toContain(`canonical form (${Buffer.byteLength(canonical!, 'utf8')} bytes of UTF-8)`);
    expect(chainHash(GENESIS_HASH, canonical!)).toBe(hash!.trim());
    expect(first.hash).toBe(hash!.trim());
  });

  it('the tampering it describes fails as it says', () => {
    const e = example();
    e.ballots[2] = { ...e.ballots[2]!, choice: 'agree' };
    expect(recountExport(e)).toMatchObject({ ok: false, seq: 3, problem: 'hash does not match the content' });
    expect(doc).toContain('`ballot 3: hash does not match the content`');
    const forged = recountExport(rechain(e));
    expect(forged.ok).toBe(false);
    expect(forged.ok).toBe(false);
    if (!forged.ok) expect(doc).toContain(`\`${forged.problem}\``);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  describe.skipIf(!python)('the Python recount in the doc (skipped: python3 is not installed)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-pyrecount-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const script = path.join(dir, 'recount.py');
    fs.writeFileSync(script, blocks('python recount')[0]!);
    const run = (data: VoteExport) => {
      const file = path.join(dir, 'vote.json');
      fs.writeFileSync(file, JSON.stringify(data));
      return spawnSync('python3', [script, file], { encoding: 'utf8' });
    };

    it('prints what the doc says on the example', () => {
      const ok = run(example());
      expect(ok.stderr).toBe('');
      expect(ok.stdout.trim()).toBe(blocks('text recount-output')[0]!.trim());
    });

    it('fails on a changed ballot, a rebuilt chain with a changed ballot, and a second ballot of a voter', () => {
      const e = example();
      e.ballots[2] = { ...e.ballots[2]!, choice: 'agree' };
      expect(run(e)).toMatchObject({ status: 1, stderr: 'ballot 3: chain broken\n' });
      expect(run(rechain(e))).toMatchObject({ status: 1, stderr: 'item 1: differs from the published result\n' });
      const twice = example();
      twice.ballots.push({ ...twice.ballots[4]!, seq: 6, choice: 'oppose' });
      expect(run(rechain(twice)).status).toBe(1);
      expect(recountExport(rechain(twice))).toMatchObject({ ok: false, problem: 'voter V-C9H1RZ5E voted twice on item 1' });
    });
  });
});

describe('the ballot chain', () => {
  const ballot = fc.record({
    item: fc.integer({ min: 1, max: 5 }),
    voter: fc.stringMatching(/^V-[0-9A-HJKMNP-TV-Z]{8}$/),
    choice: fc.constantFrom('agree' as const, 'oppose' as const, 'abstain' as const),
    channel: fc.constantFrom('online' as const, 'paper' as const, 'proxy' as const),
    castAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  });

  function chain(decision: string, bs: Omit<PublicBallot, 'decision' | 'seq'>[]): ChainedBallot[] {
    let prev = GENESIS_HASH;
    return bs.map((b, i) => {
      const pub = { ...b, decision, seq: i + 1 };
      const hash = ballotHash(prev, pub);
      const out = { ...pub, prevHash: prev, hash };
      prev = hash;
      return out;
    });
  }

  it('verifies as built, and any changed field of any ballot is caught at that ballot', () => {
    fc.assert(
      fc.property(fc.array(ballot, { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom('item', 'voter', 'choice', 'channel', 'castAt', 'decision'), (bs, at, field) => {
        const c = chain('demo/1', bs);
        expect(verifyBallotChain('demo/1', c)).toBeNull();
        const i = at % c.length;
        const b = c[i]!;
        const changed: Record<string, unknown> = {
          item: b.item + 1,
          voter: b.voter === 'V-00000000' ? 'V-00000001' : 'V-00000000',
          choice: b.choice === 'agree' ? 'oppose' : 'agree',
          channel: b.channel === 'online' ? 'paper' : 'online',
          castAt: new Date(Date.parse(b.castAt) + 1).toISOString(),
          decision: 'demo/2',
        };
        const tampered = c.map((x, j) => (j === i ? { ...x, [field]: changed[field] } : x));
        expect(verifyBallotChain('demo/1', tampered)?.seq).toBe(b.seq);
      }),
    );
  });

  it('refuses a gap, a reordering and a ballot left out', () => {
    const c = chain('demo/1', [
      { item: 1, voter: 'V-00000001', choice: 'agree', channel: 'online', castAt: '2026-01-01T00:00:00.000Z' },
      { item: 1, voter: 'V-00000002', choice: 'oppose', channel: 'online', castAt: '2026-01-01T00:00:01.000Z' },
      { item: 1, voter: 'V-00000003', choice: 'abstain', channel: 'paper', castAt: '2026-01-01T00:00:02.000Z' },
    ]);
    expect(verifyBallotChain('demo/1', [c[0]!, c[2]!])).toEqual({ seq: 3, problem: 'sequence: expected 2' });
    expect(verifyBallotChain('demo/1', [c[1]!, c[0]!, c[2]!])).toEqual({ seq: 2, problem: 'sequence: expected 1' });
    expect(verifyBallotChain('demo/1', [{ ...c[1]!, seq: 1 }])).toMatchObject({ seq: 1 });
  });

  it('canonical form: only the seven public fields, keys sorted', () => {
    const b = { decision: 'demo/1', item: 1, voter: 'V-00000001', choice: 'agree' as const, channel: 'online' as const, seq: 1, castAt: '2026-01-01T00:00:00.000Z', secret: 'x' };
    expect(canonicalBallot(b)).toBe('{"castAt":"2026-01-01T00:00:00.000Z","channel":"online","choice":"agree","decision":"demo/1","item":1,"seq":1,"voter":"V-00000001"}');
  });
});

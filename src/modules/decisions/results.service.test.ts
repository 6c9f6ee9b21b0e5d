/**
 * Counting, publishing and recounting on the real database: the count at close from the stored
 * ballots (pending paper ballots left out), results public only once published, an upheld
 * objection counted again, final after the objection period; the export recounted from the file
 * alone equals the published result, a tampered export does not — by the pure recount and by the
 * `xinyi vote` command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runXinyi } from '../../../test/helpers/cli.js';
import { accountOf, decisionInput, person, voteCommunity, type VoteSetup } from '../../../test/helpers/decisions.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { committee } from './decisions.service.js';
import { ballotHash, GENESIS_HASH, recountExport, type VoteExport } from './recount.rules.js';
import { rejects } from '../../../test/helpers/rejects.js';

const t = await createTestDb({ clock: '2026-01-15T02:00:00Z' });
const { decisions, ballots, results } = t.services;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-vote-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));


const NAMES = ['甲一', '乙二', '丙三', '丁四', '戊五', '己六', '庚七', '辛八', '壬九', '癸十'];
let s: VoteSetup;
let id: number;
const owners: number[] = [];
const receipts: string[] = [];
let scan: string;

/** The worked example of tally.rules.ts: 10 voters of 100.00 m²; 7 vote, 4 agree, 3 oppose; one paper ballot left unconfirmed. */
beforeAll(async () => {
  s = await voteCommunity(
    t,
    NAMES.map((n, i) => ({ unitCode: `5-1-${String(101 + i)}`, areaCm2: 10000, owners: [person(n)] })),
  );
  for (const n of NAMES) owners.push(await accountOf(t, s.c, n));
  const cm = committee(s.committee[0]);
  ({ id } = await decisions.create(s.c, decisionInput('2026-01-15'), s.committee[0]));
  await decisions.notice(s.c, id, cm);
  t.clock.set('2026-01-30T02:00:00Z');
  await decisions.open(s.c, id, cm);
  for (let i = 0; i < 7; i++) {
    const choice = i < 4 ? 'agree' : 'oppose';
    const r = await ballots.cast(s.c, id, owners[i]!, { choices: [{ item: 1, choice }, { item: 2, choice }], idempotencyKey: `k${i}` });
    receipts.push(r.receiptCode);
  }
  scan = (await decisions.storeDocument(Buffer.from('%PDF-1.4\n表决票 5-1-108\n'))).sha256;
  await ballots.enterPaper(s.c, id, s.committee[0], { unitCode: '5-1-108', choices: [{ item: 1, choice: 'agree' }], scanSha256: scan, idempotencyKey: 'paper-8' });
}, 60_000);

describe('the count', () => {
  it('is made at close from the stored ballots; the result stays internal until published', async () => {
    await rejects(results.results(s.c, id, false), ConflictError, 'decisions.not_published');
    t.clock.set('2026-02-10T02:00:00Z');
    const closed = await results.close(s.c, id, committee(s.committee[1]));
    expect(closed).toMatchObject({ state: 'counted', round: 1, pendingPaper: 1 });
    const [i1, i2] = closed.results;
    // matter 9: quorum 700·3 ≥ 1000·2 and 7·3 ≥ 10·2; approval 400·2 > 700, 4·2 > 7 → passed
    expect(i1!.tally).toMatchObject({ participating: { areaCm2: 70000, headcount: 7 }, agree: { areaCm2: 40000, headcount: 4 }, passed: true });
    expect(i1!.explanation['zh-CN']).toContain('占总面积 1,000.00 平方米的 70.00%');
    expect(i1!.explanation['zh-CN']).toContain('结果：通过');
    // matter 6 needs three quarters: 4 of 7 is not
    expect(i2!.tally).toMatchObject({ rule: 'three_quarters', passed: false, reasons: ['approval_area_short', 'approval_headcount_short'] });
    expect((await decisions.publicView(s.c, id)).count).toBeNull();
    expect((await decisions.internalView(s.c, id)).count).toMatchObject({ round: 1, ballots: 14, pendingPaper: 1 });
    // the unconfirmed paper ballot was not counted and can no longer be confirmed
    const entry = (await ballots.paperEntries(s.c, id))[0]!;
    expect(entry).toMatchObject({ unitCodes: ['5-1-108'], status: 'pending' });
    await rejects(ballots.confirmPaper(s.c, id, entry.id, s.committee[1], { choices: [{ item: 1, choice: 'agree' }] }), ConflictError, 'decisions.not_voting');
    expect((await ballots.lookup(s.c, id, receipts[0]!)).ballots.every((b) => b.counted)).toBe(true);
  });

  it('is published by the committee; an upheld objection counts again and publishes again; then final', async () => {
    t.clock.set('2026-02-11T02:00:00Z');
    const pub = await results.publish(s.c, id, committee(s.committee[0]));
    expect(pub).toMatchObject({ publishedOn: '2026-02-11', objectionEndsOn: '2026-02-18' });
    const shown = await results.results(s.c, id, false);
    expect(shown).toMatchObject({ round: 1, ballots: 14, lastSeq: 14, items: [{ item: 1, tally: { passed: true } }, { item: 2, tally: { passed: false } }] });
    expect((await decisions.list(s.c, false)).find((d) => d.id === id)!.items.map((i) => i.passed)).toEqual([true, false]);

    t.clock.set('2026-02-13T02:00:00Z');
    const again = await results.upholdObjection(s.c, id, committee(s.committee[1]), '业主反映 5-1-108 的纸质选票未计入，经核查已逾期，维持原结果');
    expect(again).toMatchObject({ state: 'counted', round: 2 });
    await rejects(results.results(s.c, id, false), ConflictError, 'decisions.not_published');
    await results.publish(s.c, id, committee(s.committee[1]));
    t.clock.set('2026-02-20T02:00:00Z');
    await rejects(results.finish(s.c, id, committee(s.committee[0])), ConflictError, 'decisions.objection_period_running');
    t.clock.set('2026-02-21T02:00:00Z');
    const done = await results.finish(s.c, id, committee(s.committee[0]));
    expect(done).toMatchObject({ state: 'final', finishedOn: '2026-02-21', feeSchedulesNotApplied: [] });
    expect(await results.results(s.c, id, false)).toMatchObject({ state: 'final', round: 2 });
    // the passed fee-standard item (item 1) is now the residential fee schedule, naming the decision
    expect(done.feeSchedules).toEqual([{ item: 1, scheduleId: expect.any(Number) }]);
    const schedule = (await t.services.billing.schedules(s.c)).find((x) => x.id === done.feeSchedules[0]!.scheduleId)!;
    expect(schedule).toMatchObject({ unitKind: 'residential', rateCf: 11000, effectiveFrom: '2026-03-01', decisionId: id });
    expect(schedule.decisionRef).toContain(`业主共同决定第${id}号`);
    expect((await decisions.publicView(s.c, id)).items.map((i) => i.fee?.scheduleId ?? null)).toEqual([schedule.id, null]);
  });
});

describe('consequences', () => {
  it('a passed fee standard whose month already has a schedule is reported, and the decision is final all the same', async () => {
    t.clock.set('2026-02-21T03:00:00Z');
    const cm = committee(s.committee[1]);
    const input = decisionInput('2026-02-21', { title: '关于自 2026 年 5 月起调整物业服务费的决定', items: [{ matter: 9, title: '每月 1.20 元/平方米', fee: { unitKind: 'residential', rateCf: 12000, effectiveFrom: '2026-05-01' } }] });
    await rejects(decisions.create(s.c, { ...input, items: [{ ...input.items[0]!, fee: { unitKind: 'residential', rateCf: 12000, effectiveFrom: '2026-03-01' } }] }, s.committee[1]), ValidationError, 'decisions.fee_before_vote');
    const second = (await decisions.create(s.c, input, s.committee[1])).id;
    await decisions.notice(s.c, second, cm);
    t.clock.set('2026-03-08T02:00:00Z');
    await decisions.open(s.c, second, cm);
    for (let i = 0; i < 8; i++) await ballots.cast(s.c, second, owners[i]!, { choices: [{ item: 1, choice: 'agree' }], idempotencyKey: `second-${i}` });
    // meanwhile the same month's standard was entered in billing by hand
    await t.services.billing.addSchedule(s.c, { unitKind: 'residential', rateCf: 12000, effectiveFrom: '2026-05-01', decisionRef: '手工录入' }, s.committee[0]);
    t.clock.set('2026-03-19T02:00:00Z');
    await results.close(s.c, second, cm);
    await results.publish(s.c, second, cm);
    t.clock.set('2026-03-27T02:00:00Z');
    const done = await results.finish(s.c, second, cm);
    expect(done).toMatchObject({ state: 'final', feeSchedules: [], feeSchedulesNotApplied: [{ item: 1, code: 'billing.schedule_exists' }] });
    expect((await decisions.publicView(s.c, second)).items[0]!.fee).toMatchObject({ scheduleId: null });
    const may = (await t.services.billing.schedules(s.c)).filter((x) => x.effectiveFrom === '2026-05-01');
    expect(may).toEqual([expect.objectContaining({ decisionRef: '手工录入', decisionId: null })]);
  });
});

describe('export and recount', () => {
  let exported: VoteExport;

  it('the export recounts to the published result, and names nobody', async () => {
    exported = await results.exportDecision(s.c, id, false);
    const r = recountExport(exported);
    expect(r.ok).toBe(true);
    const published = await results.results(s.c, id, false);
    if (r.ok) expect(r.results.map((x) => x.tally)).toEqual(published.items.map((i) => i.tally));
    expect(exported.roll).toMatchObject({ totalAreaCm2: 100000, totalHeadcount: 10 });
    expect(exported.ballots).toHaveLength(14);
    const text = JSON.stringify(exported);
    for (const n of NAMES) expect(text).not.toContain(n);
    for (const code of s.entries.map((e) => e.unitCode)) expect(text).not.toContain(code);
    for (const phone of s.entries.flatMap((e) => e.owners.map((o) => o.phone))) expect(text).not.toContain(phone);
    // the owner finds their own ballot in the export by their pseudonym and hash
    const mine = await ballots.lookup(s.c, id, receipts[2]!);
    expect(exported.ballots.filter((b) => b.voter === mine.voter).map((b) => b.hash)).toEqual(mine.ballots.map((b) => b.hash));
  });

  it('a tampered export fails the recount: a changed choice, a rebuilt chain, a dropped ballot, a padded roll', () => {
    const changed = structuredClone(exported);
    changed.ballots[5]!.choice = changed.ballots[5]!.choice === 'agree' ? 'oppose' : 'agree';
    expect(recountExport(changed)).toMatchObject({ ok: false, seq: 6, problem: 'hash does not match the content' });
    let prev = GENESIS_HASH;
    for (const b of changed.ballots) {
      b.prevHash = prev;
      b.hash = prev = ballotHash(prev, b);
    }
    changed.count!.lastHash = prev;
    expect(recountExport(changed)).toMatchObject({ ok: false, problem: expect.stringMatching(/^item \d: the recount differs from the published result/) });
    const dropped = structuredClone(exported);
    dropped.ballots.pop();
    expect(recountExport(dropped)).toMatchObject({ ok: false, problem: expect.stringMatching(/^the count covers the chain up to 14/) });
    const padded = structuredClone(exported);
    padded.roll.voters.push({ voter: 'V-ZZZZZZZZ', kind: 'owners', areaCm2: 10000 });
    expect(recountExport(padded)).toMatchObject({ ok: false, problem: expect.stringMatching(/total area 100000 is not the sum/) });
  });

  it('`xinyi vote export` writes it and `xinyi vote recount` checks it; a tampered file exits 1 with the reason', async () => {
    const file = path.join(tmp, 'vote.json');
    const ex = await runXinyi(t.url, 'vote', 'export', '--community', s.c.code, '--decision', String(id), '--out', file);
    expect(ex.stderr.split('\n').filter((l) => l.startsWith('xinyi:'))).toEqual([]);
    expect(ex).toMatchObject({ code: 0, stdout: expect.stringContaining(`wrote ${file}: ${s.c.code}/${id}, 10 voters, 14 ballots, count round 2`) });
    const ok = await runXinyi('postgres://nobody@127.0.0.1:1/none', 'vote', 'recount', file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`OK ${s.c.code}/${id}: 14 ballots, chain intact, every item as published`);
    expect(ok.stdout).toContain('item 1: 依据《民法典》第二百七十八条第一款第9项');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as VoteExport;
    data.ballots[0]!.voter = data.ballots[1]!.voter === data.ballots[0]!.voter ? data.ballots[2]!.voter : data.ballots[1]!.voter;
    fs.writeFileSync(file, JSON.stringify(data));
    const bad = await runXinyi('postgres://nobody@127.0.0.1:1/none', 'vote', 'recount', file);
    expect(bad).toMatchObject({ code: 1, stderr: 'xinyi: ballot 1: hash does not match the content\n' });
  }, 60_000);
});

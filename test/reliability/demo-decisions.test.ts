/**
 * The demo's owners' decisions as a new user meets them on 2026-11-28: the December 2020 fee vote
 * final with about 70 % of all owners agreeing, its two fee schedules the ones the bills use, its
 * export recounting to the published result; the 2023 advertising vote failed for want of a
 * quorum; and the charging-shed vote open, with the demo owner yet to vote — run here to the end
 * as a user would: the owner votes online, a second committee member confirms a paper ballot, the
 * clock closes the vote, the committee publishes, the objection period passes, and it is final.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CODE, seedDemo } from '../../src/demo/fenghuayuan.js';
import { committee } from '../../src/modules/decisions/decisions.service.js';
import { recountExport } from '../../src/modules/decisions/recount.rules.js';
import { ConflictError } from '../../src/platform/errors.js';
import { rejects } from '../helpers/rejects.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb({ clock: '2026-11-28T02:00:00Z' });
const { decisions, ballots, results, billing } = t.services;
let c: { id: number; code: string };
const account = async (login: string) => (await t.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
const byTitle = async (part: string) => (await decisions.list(c, true)).find((d) => d.title.includes(part))!;

beforeAll(async () => {
  const started = Date.now();
  await seedDemo(t.ctx, t.services, { quality: false });
  console.log(`[demo] seeded in ${Date.now() - started} ms`);
  c = await decisions.communityOrThrow(DEMO_CODE);
}, 600_000);

describe('the demo decisions', () => {
  it('the December 2020 fee vote: final, about 70 % agree, its fee schedules bill the community, and the export recounts', async () => {
    const fee = await byTitle('2020年12月');
    expect(fee.state).toBe('final');
    const shown = await results.results(c, fee.id, false);
    for (const item of shown.items) {
      const { total, participating, agree } = item.tally;
      expect(item.tally.passed).toBe(true);
      expect(participating.headcount * 3).toBeGreaterThanOrEqual(total.headcount * 2);
      const share = agree.headcount / total.headcount;
      expect(share).toBeGreaterThan(0.62);
      expect(share).toBeLessThan(0.78);
    }
    const schedules = (await billing.schedules(c)).filter((s) => s.effectiveFrom === '2021-01-01');
    expect(schedules.map((s) => [s.unitKind, s.rateCf, s.decisionId]).sort()).toEqual([
      ['commercial', 11000, fee.id],
      ['residential', 11000, fee.id],
    ]);
    expect((await decisions.publicView(c, fee.id)).items.map((i) => i.fee?.scheduleId)).toEqual(schedules.sort((a, b) => (a.unitKind < b.unitKind ? 1 : -1)).map((s) => s.id));
    // the bills of 2026 are at 1.10 yuan/m²: a 100.00 m² home pays 110.00 yuan
    const bill = await t.db.selectFrom('bills as b').innerJoin('units as u', 'u.id', 'b.unit_id').select(['b.amount_fen', 'u.area_cm2']).where('u.community_id', '=', c.id).where('b.period', '=', '2026-01').executeTakeFirstOrThrow();
    expect(bill.amount_fen).toBe(Math.round((bill.area_cm2 * 11000) / 10000));
    const r = recountExport(await results.exportDecision(c, fee.id, false));
    expect(r.ok).toBe(true);
    // online, by proxy and on paper (each paper ballot with its scan, confirmed by a second member)
    const channels = new Set((await results.exportDecision(c, fee.id, false)).ballots.map((b) => b.channel));
    expect([...channels].sort()).toEqual(['online', 'paper', 'proxy']);
    const paper = await ballots.paperEntries(c, fee.id);
    expect(paper.length).toBeGreaterThan(200);
    expect(paper.every((p) => p.status === 'confirmed' && p.decidedBy !== p.enteredBy)).toBe(true);
  });

  it('the 2023 advertising vote failed: quorum missed', async () => {
    const ads = await byTitle('广告位');
    expect(ads.state).toBe('failed');
    const [item] = (await results.results(c, ads.id, false)).items;
    expect(item!.tally.quorum.met).toBe(false);
    expect(item!.explanation['zh-CN']).toContain('未通过');
  });

  it('the charging-shed vote runs to the end: the owner votes, a paper ballot is confirmed, counted, published, final', async () => {
    const shed = await byTitle('充电棚');
    expect(shed.state).toBe('voting');
    const owner = await account('owner');
    const mine = await ballots.mine(c, shed.id, owner);
    expect(mine.canVote).toBe(true);
    expect(mine.voters.flatMap((v) => v.items.map((i) => i.choice))).toEqual([null, null]);
    const cast = await ballots.cast(c, shed.id, owner, { choices: [{ item: 1, choice: 'agree' }, { item: 2, choice: 'agree' }], idempotencyKey: 'demo-owner-votes' });
    expect(cast.ballots).toHaveLength(2);
    await rejects(ballots.cast(c, shed.id, owner, { choices: [{ item: 1, choice: 'oppose' }], idempotencyKey: 'again' }), ConflictError, 'decisions.ballot_twice');

    const pending = (await ballots.paperEntries(c, shed.id)).filter((p) => p.status === 'pending');
    expect(pending).toHaveLength(3);
    const second = await account('committee2');
    const chair = await account('committee');
    const entry = pending[0]!;
    const confirmer = entry.enteredBy === (await t.db.selectFrom('accounts').select('display_name').where('id', '=', second).executeTakeFirstOrThrow()).display_name ? chair : second;
    const entered = await t.db.selectFrom('paper_entries').select(['choices']).where('id', '=', entry.id).executeTakeFirstOrThrow();
    await ballots.confirmPaper(c, shed.id, entry.id, confirmer, { choices: entered.choices as { item: number; choice: 'agree' | 'oppose' | 'abstain' }[] });

    // the day after voting closes the clock counts; the committee publishes; after 7 days it is final
    t.clock.set(`${addDays(shed.votingClosesOn, 1)}T02:00:00Z`);
    await results.advance();
    expect((await decisions.internalView(c, shed.id)).state).toBe('counted');
    await results.publish(c, shed.id, committee(chair));
    t.clock.set(`${addDays(shed.votingClosesOn, 9)}T02:00:00Z`);
    await results.advance();
    const end = await decisions.publicView(c, shed.id);
    expect(['final', 'failed']).toContain(end.state);
    expect(recountExport(await results.exportDecision(c, shed.id, false)).ok).toBe(true);
  });
});

function addDays(day: string, n: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

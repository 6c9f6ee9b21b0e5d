/**
 * A vote end to end through HTTP (every answer through its response schema): the committee
 * drafts with an attachment, notices and opens; an owner votes on a phone and gets a receipt
 * that anyone can look up; two devices at once give one ballot and a clear refusal; a paper
 * ballot is keyed in by one member and confirmed by another; the count is published and the
 * public export recounts; a committee meeting votes and posts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf, PASSWORD, person, voteCommunity, type VoteSetup } from '../../../test/helpers/decisions.js';
import { type Caller, anonymous, multipartFile, signIn } from '../../../test/helpers/http.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createHttpApp } from '../../compose.js';
import { recountExport } from './recount.rules.js';

const t = await createTestDb({ clock: '2026-01-15T02:00:00Z' });
let app: FastifyInstance;
let s: VoteSetup;
const who: Record<string, Caller> = {};
let D: string;

const login = async (accountId: number) => {
  const a = await t.db.selectFrom('accounts').select('login').where('id', '=', accountId).executeTakeFirstOrThrow();
  return signIn(app, a.login, PASSWORD);
};

const accounts: Record<string, number> = {};
/** Sessions expire: sign everyone in again after the clock moves. */
async function signInAll() {
  for (const [k, a] of Object.entries(accounts)) who[k] = await login(a);
  who.anon = anonymous(app);
}

beforeAll(async () => {
  s = await voteCommunity(t, [
    { unitCode: '1-1-0101', areaCm2: 10000, owners: [person('业主甲')] },
    { unitCode: '1-1-0102', areaCm2: 10000, owners: [person('业主乙')] },
    { unitCode: '1-1-0201', areaCm2: 10000, owners: [person('业主丙')] },
  ]);
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  Object.assign(accounts, { c1: s.committee[0], c2: s.committee[1], a: await accountOf(t, s.c, '业主甲'), b: await accountOf(t, s.c, '业主乙') });
  await signInAll();
  D = `/api/communities/${s.c.code}/decisions`;
}, 60_000);
afterAll(() => app?.close());

let id: number;
let receipt: string;

describe('a vote through HTTP', () => {
  it('the committee drafts with an attachment, notices, and opens on the day', async () => {
    const up = await who.c1!.call({ method: 'POST', url: `${D}/documents`, ...multipartFile('file', 'proposal.pdf', Buffer.from('%PDF-1.4\n调价方案\n')) });
    expect(up.statusCode).toBe(200);
    const created = await who.c1!.call({
      method: 'POST',
      url: D,
      payload: {
        kind: 'written',
        title: '物业服务费调整',
        votingOpensOn: '2026-01-30',
        votingClosesOn: '2026-02-09',
        items: [{ matter: 9, title: '上调 0.30 元/平方米/月', fee: { unitKind: 'residential', rateCf: 11000, effectiveFrom: '2026-03-01' } }],
        attachments: [{ kind: 'fee_proposal', sha256: up.json().sha256, name: '调价方案.pdf' }],
      },
    });
    expect(created.statusCode).toBe(200);
    id = created.json().id;
    expect((await who.anon!.call({ method: 'GET', url: `${D}/${id}` })).statusCode).toBe(404);
    expect((await who.c1!.call({ method: 'POST', url: `${D}/${id}/notice` })).json()).toMatchObject({ state: 'noticed', noticedOn: '2026-01-15' });
    const notice = (await who.anon!.call({ method: 'GET', url: `${D}/${id}` })).json();
    expect(notice).toMatchObject({ state: 'noticed', earliestOpeningOn: '2026-01-30', items: [{ matter: 9, rule: 'majority', fee: { rateCf: 11000 } }], attachments: [{ kind: 'fee_proposal' }], count: null });
    const early = await who.c1!.call({ method: 'POST', url: `${D}/${id}/open` });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('投票将于 2026-01-30 开始，尚未到开始日期');
    t.clock.set('2026-01-30T02:00:00Z');
    await signInAll();
    expect((await who.c1!.call({ method: 'POST', url: `${D}/${id}/open` })).json()).toMatchObject({ state: 'voting', roll: { totalHeadcount: 3, totalAreaCm2: 30000 } });
  });

  it('an owner votes and gets a receipt anyone holding it can look up', async () => {
    const mine = (await who.a!.call({ method: 'GET', url: `${D}/${id}/mine` })).json();
    expect(mine).toMatchObject({ canVote: true, voters: [{ unitCodes: ['1-1-0101'], items: [{ item: 1, choice: null }] }] });
    const cast = await who.a!.call({ method: 'POST', url: `${D}/${id}/ballots`, payload: { choices: [{ item: 1, choice: 'agree' }], idempotencyKey: 'phone-1' } });
    expect(cast.statusCode).toBe(200);
    receipt = cast.json().receiptCode;
    expect(cast.json()).toMatchObject({ created: true, voter: { pseudonym: mine.voters[0].pseudonym }, ballots: [{ item: 1, choice: 'agree', channel: 'online', seq: 1 }] });
    const again = await who.a!.call({ method: 'POST', url: `${D}/${id}/ballots`, payload: { choices: [{ item: 1, choice: 'agree' }], idempotencyKey: 'phone-1' } });
    expect(again.json()).toMatchObject({ created: false, receiptCode: receipt });
    const looked = (await who.anon!.call({ method: 'GET', url: `${D}/${id}/receipts/${receipt}` })).json();
    expect(looked).toMatchObject({ voter: mine.voters[0].pseudonym, ballots: [{ item: 1, choice: 'agree', counted: false }] });
    expect((await who.b!.call({ method: 'POST', url: `${D}/${id}/ballots`, payload: { voterId: mine.voters[0].voterId, choices: [{ item: 1, choice: 'oppose' }], idempotencyKey: 'x' } })).json().error.code).toBe('decisions.not_your_voter');
  });

  it('two devices of one owner at once: one ballot, the other told plainly', async () => {
    const both = await Promise.all(
      ['agree', 'oppose'].map((choice, i) => who.b!.call({ method: 'POST', url: `${D}/${id}/ballots`, payload: { choices: [{ item: 1, choice }], idempotencyKey: `device-${i}` } })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = both.find((r) => r.statusCode === 409)!.json().error;
    expect(refused).toMatchObject({ code: 'decisions.ballot_twice', message: '该投票人（1-1-0102）已经就第 1 项投过票，选票投出后不能更改或重复投票' });
  });

  it('a paper ballot: keyed in by one member, confirmed by another, never by the same', async () => {
    const scan = (await who.c1!.call({ method: 'POST', url: `${D}/documents`, ...multipartFile('file', 'ballot.pdf', Buffer.from('%PDF-1.4\n表决票 1-1-0201\n')) })).json().sha256;
    const entry = await who.c1!.call({ method: 'POST', url: `${D}/${id}/paper`, payload: { unitCode: '1-1-0201', choices: [{ item: 1, choice: 'agree' }], scanSha256: scan, idempotencyKey: 'paper-1' } });
    expect(entry.json()).toMatchObject({ status: 'pending', unitCodes: ['1-1-0201'] });
    const same = await who.c1!.call({ method: 'POST', url: `${D}/${id}/paper/${entry.json().entryId}/confirm`, payload: { choices: [{ item: 1, choice: 'agree' }] } });
    expect([same.statusCode, same.json().error.code]).toEqual([403, 'decisions.paper_same_member']);
    const ok = await who.c2!.call({ method: 'POST', url: `${D}/${id}/paper/${entry.json().entryId}/confirm`, payload: { choices: [{ item: 1, choice: 'agree' }] } });
    expect(ok.json()).toMatchObject({ ballots: [{ channel: 'paper', choice: 'agree' }] });
    expect((await who.c1!.call({ method: 'GET', url: `${D}/${id}/paper` })).json()).toMatchObject([{ status: 'confirmed', unitCodes: ['1-1-0201'] }]);
    expect((await who.c2!.call({ method: 'GET', url: `${D}/${id}/ballot-documents/${scan}` })).statusCode).toBe(200);
    const turnout = (await who.c1!.call({ method: 'GET', url: `${D}/${id}/turnout` })).json();
    expect(turnout).toMatchObject({ items: [{ participating: { headcount: 3 }, headcountPercent: '100.00%', byChannel: { online: 2, paper: 1 } }], notVoted: [] });
    expect((await who.c1!.call({ method: 'GET', url: `${D}/${id}/roll` })).json()).toMatchObject({ totalHeadcount: 3, voters: [{ unitCodes: ['1-1-0101'] }, { unitCodes: ['1-1-0102'] }, { unitCodes: ['1-1-0201'] }] });
  });

  it('closed early (everyone voted), published, recounted from the public export', async () => {
    const closed = await who.c2!.call({ method: 'POST', url: `${D}/${id}/close` });
    expect(closed.json()).toMatchObject({ state: 'counted', round: 1, results: [{ item: 1, tally: { participating: { headcount: 3 } } }] });
    expect((await who.anon!.call({ method: 'GET', url: `${D}/${id}/results` })).statusCode).toBe(409);
    expect((await who.c1!.call({ method: 'POST', url: `${D}/${id}/publish` })).json()).toMatchObject({ state: 'objection', objectionEndsOn: '2026-02-06' });
    const res = (await who.anon!.call({ method: 'GET', url: `${D}/${id}/results` })).json();
    // 业主甲 and the paper ballot agree (2 of 3), whichever of 业主乙's devices won
    expect(res.items[0].explanation['zh-CN']).toContain('结果：通过');
    const exported = (await who.anon!.call({ method: 'GET', url: `${D}/${id}/export.json` })).json();
    expect(recountExport(exported)).toMatchObject({ ok: true, ballots: 3 });
    expect((await who.anon!.call({ method: 'GET', url: `${D}/${id}/receipts/${receipt}` })).json().ballots[0].counted).toBe(true);
    expect((await who.anon!.call({ method: 'GET', url: D })).json()).toMatchObject([{ id, state: 'objection', items: [{ passed: true }] }]);
  });

  it('a committee meeting votes and posts', async () => {
    const M = `/api/communities/${s.c.code}/committee/meetings`;
    const m = (await who.c1!.call({ method: 'POST', url: M, payload: { title: '审议维修方案', motion: '同意外墙维修方案', heldOn: '2026-01-30' } })).json();
    expect(m.memberCount).toBe(2);
    expect((await who.c1!.call({ method: 'POST', url: `${M}/${m.id}/votes`, payload: { choice: 'agree' } })).json()).toEqual({ id: m.id, choice: 'agree' });
    expect((await who.c2!.call({ method: 'POST', url: `${M}/${m.id}/attend` })).json().members).toHaveLength(2);
    expect((await who.anon!.call({ method: 'GET', url: `${M}/${m.id}` })).statusCode).toBe(404);
    expect((await who.c2!.call({ method: 'POST', url: `${M}/${m.id}/post` })).json()).toMatchObject({ result: { present: 2, agree: 1, passed: false } });
    expect((await who.anon!.call({ method: 'GET', url: `${M}/${m.id}` })).json()).toMatchObject({ state: 'posted', members: [], result: { passed: false } });
    expect((await who.c1!.call({ method: 'GET', url: `${M}/${m.id}/internal` })).json().members.map((x: { choice: string | null }) => x.choice)).toEqual(['agree', null]);
  });
});

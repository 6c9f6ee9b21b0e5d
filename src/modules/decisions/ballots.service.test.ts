/**
 * Ballots on the real database: online ballots by an owner or a co-owner, idempotent by the
 * client's key and refused a second time; the same owner on two devices at once; paper ballots
 * keyed in by two different committee members; written proxies; receipts; live turnout; and no
 * ballot ever changed, whoever asks.
 */
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountOf, committeeMember, decisionInput, person, voteCommunity, type VoteSetup } from '../../../test/helpers/decisions.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { translate } from '../../platform/i18n.js';
import { normalizeReceipt } from './ballots.service.js';
import { committee } from './decisions.service.js';
import { verifyBallotChain } from './recount.rules.js';
import { rejects } from '../../../test/helpers/rejects.js';

const NOW = '2026-01-15T02:00:00Z';
const t = await createTestDb({ clock: NOW });
const { decisions, ballots, results } = t.services;
const VOTING_DAY = '2026-02-02T02:00:00Z';
afterEach(() => t.clock.set(VOTING_DAY));


const DEV = { name: '成都华锦置业有限公司', phone: '', idNumber: null };
const REGISTER = [
  { unitCode: '1-1-0101', areaCm2: 9000, owners: [person('张三')] },
  { unitCode: '1-1-0102', areaCm2: 6000, owners: [person('张三')] },
  { unitCode: '1-1-0201', areaCm2: 8000, owners: [person('李四'), person('王五')] },
  { unitCode: '1-1-0202', areaCm2: 10000, owners: [DEV], deliveryStatus: 'unsold' as const },
  { unitCode: '1-2-0101', areaCm2: 9500, owners: [person('赵六')] },
  { unitCode: '1-2-0102', areaCm2: 9500, owners: [person('钱七')] },
  { unitCode: '1-2-0201', areaCm2: 9500, owners: [person('孙八')] },
  { unitCode: '1-2-0202', areaCm2: 9500, owners: [person('周九')] },
  { unitCode: '1-2-0301', areaCm2: 9500, owners: [person('吴十')] },
];

let s: VoteSetup;
let id: number;
const acc: Record<string, number> = {};
let scan: string;
let auth: string;

const choices = (...cs: ('agree' | 'oppose' | 'abstain')[]) => cs.map((choice, i) => ({ item: i + 1, choice }));
let keySeq = 0;
const key = () => `device-${++keySeq}`;

beforeAll(async () => {
  s = await voteCommunity(t, REGISTER);
  for (const name of ['张三', '李四', '王五', '赵六', '孙八', '周九', DEV.name]) acc[name] = await accountOf(t, s.c, name);
  acc.outsider = await t.services.accounts.createAccount({ login: 'outsider-ballots', displayName: '外人', password: 'xinyi2020' });
  const cm = committee(s.committee[0]);
  ({ id } = await decisions.create(s.c, decisionInput('2026-01-15'), s.committee[0]));
  await decisions.notice(s.c, id, cm);
  t.clock.set(VOTING_DAY);
  // a gap in the register (the roster import never leaves one, but data arrives by other ways): the unit still counts
  await sql`delete from unit_owners where unit_id = ${s.unitIds.get('1-2-0301')!}`.execute(t.db);
  await decisions.open(s.c, id, cm);
  scan = (await decisions.storeDocument(Buffer.from('%PDF-1.4\n纸质表决票扫描件 1-2-0101\n'))).sha256;
  auth = (await decisions.storeDocument(Buffer.from('%PDF-1.4\n授权委托书 孙八 → 周九\n'))).sha256;
}, 60_000);

const ballotCount = async (voterUnit: string) =>
  (
    await sql<{ n: number }>`select count(*)::int4 as n from ballots b join decision_voters v on v.decision_id = b.decision_id and v.voter_id = b.voter_id
                              where b.decision_id = ${id} and ${voterUnit} = any(v.unit_codes)`.execute(t.db)
  ).rows[0]!.n;

describe('online ballots', () => {
  it('one per voter and item: the same key gives the same receipt, another key is refused with a clear message', async () => {
    const k = key();
    const first = await ballots.cast(s.c, id, acc['张三']!, { choices: choices('agree', 'oppose'), idempotencyKey: k });
    expect(first).toMatchObject({ created: true, voter: { unitCodes: ['1-1-0101', '1-1-0102'] } });
    expect(first.receiptCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(first.ballots.map((b) => [b.item, b.choice, b.channel])).toEqual([
      [1, 'agree', 'online'],
      [2, 'oppose', 'online'],
    ]);
    const again = await ballots.cast(s.c, id, acc['张三']!, { choices: choices('agree', 'oppose'), idempotencyKey: k });
    expect(again).toMatchObject({ created: false, receiptCode: first.receiptCode, ballots: first.ballots });
    const err = await rejects(ballots.cast(s.c, id, acc['张三']!, { choices: choices('oppose', 'oppose'), idempotencyKey: key() }), ConflictError, 'decisions.ballot_twice');
    expect(translate('zh-CN', err.code, err.params)).toBe('该投票人（1-1-0101、1-1-0102）已经就第 1、2 项投过票，选票投出后不能更改或重复投票');
    await rejects(ballots.cast(s.c, id, acc['张三']!, { choices: choices('oppose', 'oppose'), idempotencyKey: k }), ConflictError, 'decisions.idempotency_conflict');
    expect(await ballotCount('1-1-0101')).toBe(2);
  });

  it('items may be cast one at a time; an item cast once is refused after', async () => {
    await ballots.cast(s.c, id, acc['赵六']!, { choices: [{ item: 2, choice: 'abstain' }], idempotencyKey: key() });
    await ballots.cast(s.c, id, acc['赵六']!, { choices: [{ item: 1, choice: 'agree' }], idempotencyKey: key() });
    await rejects(ballots.cast(s.c, id, acc['赵六']!, { choices: [{ item: 2, choice: 'agree' }], idempotencyKey: key() }), ConflictError, 'decisions.ballot_twice');
    await rejects(ballots.cast(s.c, id, acc['赵六']!, { choices: [{ item: 3, choice: 'agree' }], idempotencyKey: key() }), ValidationError, 'decisions.unknown_item');
    await rejects(ballots.cast(s.c, id, acc['赵六']!, { choices: [], idempotencyKey: key() }), ValidationError, 'decisions.no_choices');
    const mine = await ballots.mine(s.c, id, acc['赵六']!);
    expect(mine.voters[0]!.items.map((i) => i.choice)).toEqual(['agree', 'abstain']);
  });

  it('co-owners cast one vote together: whichever comes first', async () => {
    await ballots.cast(s.c, id, acc['王五']!, { choices: choices('oppose', 'oppose'), idempotencyKey: key() });
    await rejects(ballots.cast(s.c, id, acc['李四']!, { choices: choices('agree', 'agree'), idempotencyKey: key() }), ConflictError, 'decisions.ballot_twice');
    expect(await ballotCount('1-1-0201')).toBe(2);
    expect((await ballots.mine(s.c, id, acc['李四']!)).voters[0]!.items.map((i) => i.choice)).toEqual(['oppose', 'oppose']);
  });

  it('only for one’s own voter: others, outsiders and the unowned unit are refused; the developer casts for its units', async () => {
    await rejects(ballots.cast(s.c, id, acc.outsider!, { choices: choices('agree'), idempotencyKey: key() }), ForbiddenError, 'decisions.not_your_voter');
    const other = (await ballots.mine(s.c, id, acc['周九']!)).voters[0]!.voterId;
    await rejects(ballots.cast(s.c, id, acc['张三']!, { voterId: other, choices: choices('agree'), idempotencyKey: key() }), ForbiddenError, 'decisions.not_your_voter');
    const dev = await ballots.cast(s.c, id, acc[DEV.name]!, { choices: choices('agree', 'agree'), idempotencyKey: key() });
    expect(dev.voter.unitCodes).toEqual(['1-1-0202']);
    await rejects(ballots.enterPaper(s.c, id, s.committee[0], { unitCode: '1-2-0301', choices: choices('agree'), scanSha256: scan, idempotencyKey: key() }), ValidationError, 'decisions.voter_unowned');
  });

  it('the same owner on two devices at once: one ballot, the other told it voted already (or, same key, the same receipt)', async () => {
    const d2 = await decisions.create(s.c, decisionInput('2026-02-02'), s.committee[0]);
    t.clock.set('2026-02-02T02:00:00Z');
    await decisions.notice(s.c, d2.id, committee(s.committee[0]));
    t.clock.set('2026-02-17T02:00:00Z');
    await decisions.open(s.c, d2.id, committee(s.committee[1]));
    // the same owner, two devices, two different submissions at the same moment
    for (const [owner, item] of [
      [acc['周九']!, 1],
      [acc['张三']!, 1],
      [acc['周九']!, 2],
      [acc['张三']!, 2],
    ] as const) {
      const out = await Promise.allSettled([
        ballots.cast(s.c, d2.id, owner, { choices: [{ item, choice: 'agree' }], idempotencyKey: key() }),
        ballots.cast(s.c, d2.id, owner, { choices: [{ item, choice: 'oppose' }], idempotencyKey: key() }),
      ]);
      expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const failed = out.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toMatchObject({ code: 'decisions.ballot_twice' });
    }
    // the same submission sent twice at once (a retry racing the original)
    const same = key();
    const twice = await Promise.all([0, 1].map(() => ballots.cast(s.c, d2.id, acc['赵六']!, { choices: choices('agree', 'agree'), idempotencyKey: same })));
    expect(twice[0]!.receiptCode).toBe(twice[1]!.receiptCode);
    expect(twice.map((x) => x.created).sort()).toEqual([false, true]);
    const per = await sql<{ voter_id: number; item_id: number; n: number }>`select voter_id, item_id, count(*)::int4 as n from ballots where decision_id = ${d2.id} group by 1, 2 having count(*) > 1`.execute(t.db);
    expect(per.rows).toEqual([]);
    const exp = await results.exportDecision(s.c, d2.id, true);
    expect(exp.ballots).toHaveLength(6);
    expect(verifyBallotChain(exp.decision, exp.ballots)).toBeNull();
  });
});

describe('paper ballots', () => {
  it('keyed in by one committee member, confirmed by a different one with the same choices, the scan attached', async () => {
    const [a, b] = s.committee;
    await rejects(ballots.enterPaper(s.c, id, acc['张三']!, { unitCode: '1-2-0102', choices: choices('agree', 'agree'), scanSha256: scan, idempotencyKey: key() }), ForbiddenError, 'decisions.not_committee');
    await rejects(ballots.enterPaper(s.c, id, a, { unitCode: '1-2-0102', choices: choices('agree', 'agree'), scanSha256: 'f'.repeat(64), idempotencyKey: key() }), ValidationError, 'decisions.document_unknown');
    const k = key();
    const e = await ballots.enterPaper(s.c, id, a, { unitCode: '1-2-0102', choices: choices('agree', 'oppose'), scanSha256: scan, idempotencyKey: k });
    expect(e).toMatchObject({ status: 'pending', unitCodes: ['1-2-0102'], created: true });
    expect(await ballots.enterPaper(s.c, id, a, { unitCode: '1-2-0102', choices: choices('agree', 'oppose'), scanSha256: scan, idempotencyKey: k })).toMatchObject({ entryId: e.entryId, created: false });
    await rejects(ballots.enterPaper(s.c, id, b, { unitCode: '1-2-0102', choices: choices('agree', 'oppose'), scanSha256: scan, idempotencyKey: key() }), ConflictError, 'decisions.paper_pending');
    // a pending paper ballot does not count
    expect(await ballotCount('1-2-0102')).toBe(0);
    await rejects(ballots.confirmPaper(s.c, id, e.entryId, a, { choices: choices('agree', 'oppose') }), ForbiddenError, 'decisions.paper_same_member');
    await rejects(ballots.confirmPaper(s.c, id, e.entryId, b, { choices: choices('agree', 'agree') }), ConflictError, 'decisions.paper_mismatch');
    const ok = await ballots.confirmPaper(s.c, id, e.entryId, b, { choices: choices('agree', 'oppose') });
    expect(ok.ballots.map((x) => x.channel)).toEqual(['paper', 'paper']);
    await rejects(ballots.confirmPaper(s.c, id, e.entryId, s.committee[1], { choices: choices('agree', 'oppose') }), ConflictError, 'decisions.paper_decided');
    const rows = await t.db.selectFrom('ballots').select(['entered_by', 'confirmed_by', 'scan_sha256', 'cast_by']).where('paper_entry_id', '=', e.entryId).execute();
    expect(rows).toEqual([
      { entered_by: a, confirmed_by: b, scan_sha256: scan, cast_by: null },
      { entered_by: a, confirmed_by: b, scan_sha256: scan, cast_by: null },
    ]);
    // the owner who also voted on paper cannot vote online
    await rejects(ballots.cast(s.c, id, (await accountOf(t, s.c, '钱七'))!, { choices: choices('oppose', 'oppose'), idempotencyKey: key() }), ConflictError, 'decisions.ballot_twice');
    expect((await ballots.lookup(s.c, id, ok.receiptCode)).ballots.map((x) => x.channel)).toEqual(['paper', 'paper']);
  });

  it('the database itself refuses a paper ballot confirmed by the member who entered it', async () => {
    const receipt = await t.db.selectFrom('ballots').select(['receipt_id', 'paper_entry_id', 'voter_id', 'item_id', 'entered_by']).where('decision_id', '=', id).where('channel', '=', 'paper').executeTakeFirstOrThrow();
    await expect(
      sql`insert into ballots (decision_id, item_id, voter_id, choice, channel, receipt_id, entered_by, confirmed_by, scan_sha256, paper_entry_id, seq, prev_hash, hash, cast_at)
          values (${id}, ${receipt.item_id}, ${receipt.voter_id}, 'agree', 'paper', ${receipt.receipt_id}, ${receipt.entered_by}, ${receipt.entered_by}, ${scan}, ${receipt.paper_entry_id}, 9999, ${'0'.repeat(64)}, ${'0'.repeat(64)}, now())`.execute(t.db),
    ).rejects.toThrow(/check constraint/);
  });

  it('a rejected entry is set aside; an online ballot in the meantime wins over a pending paper one', async () => {
    const [a, b] = s.committee;
    const e = await ballots.enterPaper(s.c, id, a, { unitCode: '1-2-0202', choices: choices('agree', 'agree'), scanSha256: scan, idempotencyKey: key() });
    await ballots.rejectPaper(s.c, id, e.entryId, a, '录错了房号');
    await rejects(ballots.confirmPaper(s.c, id, e.entryId, b, { choices: choices('agree', 'agree') }), ConflictError, 'decisions.paper_decided');
    const e2 = await ballots.enterPaper(s.c, id, a, { unitCode: '1-2-0202', choices: choices('agree', 'agree'), scanSha256: scan, idempotencyKey: key() });
    await ballots.cast(s.c, id, acc['周九']!, { choices: choices('oppose', 'oppose'), idempotencyKey: key() });
    await rejects(ballots.confirmPaper(s.c, id, e2.entryId, b, { choices: choices('agree', 'agree') }), ConflictError, 'decisions.ballot_twice');
    expect((await ballots.paperEntries(s.c, id)).map((p) => p.status)).toEqual(['confirmed', 'rejected', 'pending']);
    await expect(sql`update paper_entries set choices = '[]'::jsonb where id = ${e.entryId}`.execute(t.db)).rejects.toThrow(/decided once/);
    await expect(sql`delete from paper_entries where id = ${e2.entryId}`.execute(t.db)).rejects.toThrow(/decided once/);
  });
});

describe('written proxies', () => {
  it('the registered proxy casts online with the authorization attached; the owner then cannot', async () => {
    const proxy = await t.services.accounts.createAccount({ login: 'proxy-ballots', displayName: '受托人', password: 'xinyi2020' });
    await rejects(ballots.registerProxy(s.c, id, acc['张三']!, { unitCode: '1-2-0201', proxyLogin: 'proxy-ballots', authorizationSha256: auth, authorizationName: '委托书.pdf' }), ForbiddenError, 'decisions.not_committee');
    await ballots.registerProxy(s.c, id, s.committee[0], { unitCode: '1-2-0201', proxyLogin: 'proxy-ballots', authorizationSha256: auth, authorizationName: '委托书.pdf' });
    await rejects(ballots.registerProxy(s.c, id, s.committee[0], { unitCode: '1-2-0201', proxyLogin: 'proxy-ballots', authorizationSha256: auth, authorizationName: '委托书.pdf' }), ConflictError, 'decisions.proxy_exists');
    expect(await ballots.proxies(s.c, id)).toEqual([expect.objectContaining({ unitCodes: ['1-2-0201'], authorizationSha256: auth, authorizationName: '委托书.pdf' })]);
    const mine = await ballots.mine(s.c, id, proxy);
    expect(mine.voters).toMatchObject([{ unitCodes: ['1-2-0201'], asProxy: true }]);
    const r = await ballots.cast(s.c, id, proxy, { choices: choices('agree', 'abstain'), idempotencyKey: key() });
    expect(r.ballots.map((b) => b.channel)).toEqual(['proxy', 'proxy']);
    expect(await t.db.selectFrom('ballots').select('authorization_sha256').where('receipt_id', '=', (await t.db.selectFrom('ballot_receipts').select('id').where('cast_by', '=', proxy).executeTakeFirstOrThrow()).id).execute()).toEqual([
      { authorization_sha256: auth },
      { authorization_sha256: auth },
    ]);
    await rejects(ballots.cast(s.c, id, acc['孙八']!, { choices: choices('oppose', 'oppose'), idempotencyKey: key() }), ConflictError, 'decisions.ballot_twice');
  });
});

describe('receipts, turnout and immutability', () => {
  it('an owner looks up their ballot by receipt code, however they type it; an unknown code finds nothing', async () => {
    const owner = acc['张三']!;
    const r = await ballots.cast(s.c, (await newVotingDecision()).id, owner, { choices: choices('abstain', 'agree'), idempotencyKey: key() });
    const did = (await t.db.selectFrom('ballot_receipts').select('decision_id').orderBy('id', 'desc').executeTakeFirstOrThrow()).decision_id;
    const found = await ballots.lookup(s.c, did, r.receiptCode.toLowerCase().replace(/-/g, ' '));
    expect(found.voter).toBe(r.voter.pseudonym);
    expect(found.ballots.map((b) => [b.item, b.choice, b.counted])).toEqual([
      [1, 'abstain', false],
      [2, 'agree', false],
    ]);
    expect(normalizeReceipt('abcd efgh ijkl mnop')).toBe('ABCDEFGH1JK1MN0P'); // I and L read as 1, O as 0
    expect(normalizeReceipt('ABCD-EFGH-JKMN-PQRU')).toBeNull(); // no U in Crockford base32
    await rejects(ballots.lookup(s.c, did, '0000-0000-0000-0000'), NotFoundError, 'decisions.receipt_not_found');
    await rejects(ballots.lookup(s.c, id, r.receiptCode), NotFoundError, 'decisions.receipt_not_found'); // another decision's
  });

  it('turnout: participation so far per item and who has not voted, by unit code', async () => {
    const tu = await ballots.turnout(s.c, id);
    expect(tu.total).toEqual({ areaCm2: 80500, headcount: 8 });
    expect(tu.pendingPaper).toBe(1);
    // voted on item 1: 张三 150, 赵六 95, 李四/王五 80, developer 100, 钱七 paper 95, 周九 95, 孙八 by proxy 95
    expect(tu.items[0]).toMatchObject({ item: 1, participating: { areaCm2: 71000, headcount: 7 }, byChannel: { online: 5, paper: 1, proxy: 1 } });
    expect(tu.notVoted).toEqual([{ unitCodes: ['1-2-0301'], kind: 'unowned', areaCm2: 9500, itemsCast: 0 }]);
  });

  it('nobody can change or delete a ballot or a receipt: the database refuses', async () => {
    for (const q of [
      sql`update ballots set choice = 'agree' where decision_id = ${id}`,
      sql`delete from ballots where decision_id = ${id}`,
      sql`truncate ballots cascade`,
      sql`update ballot_receipts set cast_by = null where decision_id = ${id}`,
      sql`delete from ballot_receipts where decision_id = ${id}`,
    ]) {
      await expect(q.execute(t.db)).rejects.toThrow(/append-only/);
    }
    const exp = await results.exportDecision(s.c, id, true);
    expect(verifyBallotChain(exp.decision, exp.ballots)).toBeNull();
  });

  it('no ballot outside the voting period', async () => {
    const d = await decisions.create(s.c, decisionInput('2026-02-02'), s.committee[0]);
    await rejects(ballots.cast(s.c, d.id, acc['张三']!, { choices: choices('agree'), idempotencyKey: key() }), ConflictError, 'decisions.not_voting');
    t.clock.set('2026-02-09T16:00:00Z'); // 2026-02-10 00:00 in Shanghai: the day after the last day (2026-02-09)
    await rejects(ballots.cast(s.c, id, acc['张三']!, { choices: choices('agree'), idempotencyKey: key() }), ConflictError, 'decisions.voting_closed');
    await rejects(ballots.enterPaper(s.c, id, s.committee[0], { unitCode: '1-2-0202', choices: choices('agree'), scanSha256: scan, idempotencyKey: key() }), ConflictError, 'decisions.voting_closed');
  });
});

let extra: { id: number } | null = null;
async function newVotingDecision() {
  if (extra) return extra;
  const cm = committee(await committeeMember(t, s.c));
  t.clock.set('2026-01-01T02:00:00Z');
  const d = await decisions.create(s.c, decisionInput('2026-01-01', { votingClosesOn: '2026-02-20', items: [{ matter: 9, title: '物业服务费上调 0.30 元/平方米/月' }, { matter: 6, title: '筹集维修资金' }] }), s.committee[0]);
  await decisions.notice(s.c, d.id, cm);
  t.clock.set(VOTING_DAY);
  await decisions.open(s.c, d.id, cm);
  extra = d;
  return d;
}

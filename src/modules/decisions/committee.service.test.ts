/**
 * Committee meetings on the real database: the members as at the meeting, each present member
 * voting for themselves once (no proxies), quorum of more than half present, passing by more
 * than half of all members, the result posted (late after 3 days), nothing changed afterwards.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { committeeMember, voteCommunity } from '../../../test/helpers/decisions.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.js';
import { rejects } from '../../../test/helpers/rejects.js';

const t = await createTestDb({ clock: '2026-01-15T02:00:00Z' });
const { committee } = t.services;


async function fiveMembers() {
  const s = await voteCommunity(t, [{ unitCode: '1-1-0101' }]);
  const members = [...s.committee, await committeeMember(t, s.c), await committeeMember(t, s.c), await committeeMember(t, s.c)];
  return { c: s.c, members };
}

describe('committee meetings', () => {
  it('3 of 5 present and agreeing pass (more than half of all members); the roll-call is kept, the public sees the figures', async () => {
    const { c, members } = await fiveMembers();
    const m = await committee.create(c, members[0]!, { title: '关于更换电梯维保单位', motion: '同意与某某公司签订电梯维保合同', heldOn: '2026-01-15' });
    expect(m.memberCount).toBe(5);
    for (const a of members.slice(0, 3)) await committee.vote(c, m.id, a, 'agree');
    await committee.attend(c, m.id, members[3]!);
    await committee.attend(c, m.id, members[3]!); // idempotent
    const posted = await committee.post(c, m.id, members[3]!);
    expect(posted).toMatchObject({ postedOn: '2026-01-15', late: false, result: { memberCount: 5, present: 4, agree: 3, notVoting: 1, quorumMet: true, passed: true } });
    const internal = await committee.view(c, m.id, true);
    expect(internal.members.map((x) => [x.present, x.choice])).toEqual([
      [true, 'agree'],
      [true, 'agree'],
      [true, 'agree'],
      [true, null],
      [false, null],
    ]);
    const pub = await committee.view(c, m.id, false);
    expect(pub.members).toEqual([]);
    expect(pub.result).toMatchObject({ passed: true });
    expect((await committee.list(c, false)).map((x) => x.id)).toEqual([m.id]);
    expect((await committee.list(c, false))[0]!.members).toEqual([]);
    // the committee's and officials' list carries the roll-call, as the meeting's own view does
    expect((await committee.list(c, true))[0]!.members).toEqual((await committee.view(c, m.id, true)).members);
  });

  it('a majority of those present is not enough: 4 present, 2 agree of 5 members fails', async () => {
    const { c, members } = await fiveMembers();
    const m = await committee.create(c, members[0]!, { title: '议题', motion: '动议', heldOn: '2026-01-10' });
    await committee.vote(c, m.id, members[0]!, 'agree');
    await committee.vote(c, m.id, members[1]!, 'agree');
    await committee.vote(c, m.id, members[2]!, 'abstain');
    await committee.attend(c, m.id, members[3]!);
    const r = await committee.post(c, m.id, members[0]!);
    // held on the 10th, due by the 13th, posted on the 15th
    expect(r).toMatchObject({ late: true, result: { present: 4, agree: 2, passed: false, reasons: ['short_of_all_members'] } });
  });

  it('no proxies, no second vote, no vote after posting, no member of another time; the database keeps votes as cast', async () => {
    const { c, members } = await fiveMembers();
    const m = await committee.create(c, members[0]!, { title: '议题', motion: '动议', heldOn: '2026-01-15' });
    // a member added after the meeting was called is not a member of it
    const late = await committeeMember(t, c);
    await rejects(committee.vote(c, m.id, late, 'agree'), ForbiddenError, 'decisions.not_meeting_member');
    await committee.vote(c, m.id, members[0]!, 'agree');
    await rejects(committee.vote(c, m.id, members[0]!, 'oppose'), ConflictError, 'decisions.committee_vote_twice');
    await rejects(committee.vote(c, m.id, members[1]!, 'maybe' as 'agree'), ValidationError, 'decisions.bad_choice');
    await expect(sql`update committee_votes set choice = 'oppose' where meeting_id = ${m.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from committee_votes where meeting_id = ${m.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    const r = await committee.post(c, m.id, members[0]!);
    expect(r.result).toMatchObject({ present: 1, quorumMet: false, passed: false, reasons: ['no_quorum', 'short_of_all_members'] });
    await rejects(committee.vote(c, m.id, members[1]!, 'agree'), ConflictError, 'decisions.meeting_posted');
    await rejects(committee.post(c, m.id, members[0]!), ConflictError, 'decisions.meeting_posted');
    const outsider = await t.services.accounts.createAccount({ login: 'not-a-member', displayName: '外人', password: 'xinyi2020' });
    await rejects(committee.create(c, outsider, { title: '议题', motion: '动议', heldOn: '2026-01-15' }), ForbiddenError, 'decisions.not_committee');
  });
});

/**
 * Committee decisions (DESIGN §2.5; 业主大会和业主委员会指导规则 art. 34): a meeting of the owners'
 * committee votes on a motion. The members are the accounts holding the committee role when the
 * meeting is created (kept with the meeting). A member present votes for themselves only — there
 * are no proxies, so the service never takes a member id from the request: the caller is the
 * voter. Quorum: more than half of the members present; passing: more than half of ALL members
 * agreeing (decisions.rules.ts tallyCommittee). The result is posted, due within 3 days.
 */
import type { AppContext } from '../../platform/context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { BallotChoice } from '../../platform/db/schema.js';
import { isDate } from '../ledger/ledger.rules.js';
import { type CommitteeTally, addDays, tallyCommittee } from './decisions.rules.js';
import './decisions.messages.js';
import * as repo from './committee.repository.js';
import { type Community, checkText, today } from './decisions.service.js';
import { CHOICES } from './tally.rules.js';

/** The result is posted within 3 days of the meeting (DESIGN §2.5). */
export const POST_WITHIN_DAYS = 3;

export function createCommitteeService(ctx: AppContext) {
  const { db, clock } = ctx;

  async function meetingOrThrow(c: Community, id: number) {
    const m = await repo.meeting(db, c.id, id);
    if (!m) throw new NotFoundError('decisions.meeting_not_found', { id });
    return m;
  }

  async function out(m: NonNullable<Awaited<ReturnType<typeof repo.meeting>>>, withVotes: boolean) {
    const [members, present, votes] = await Promise.all([repo.members(db, m.id), repo.attendance(db, m.id), repo.votes(db, m.id)]);
    return {
      id: m.id,
      title: m.title,
      motion: m.motion,
      heldOn: m.held_on,
      state: m.state,
      memberCount: m.member_count,
      postBy: addDays(m.held_on, POST_WITHIN_DAYS),
      postedOn: m.posted_on,
      result: (m.result as CommitteeTally | null) ?? null,
      // how each member voted is part of the posted minutes (members act in office, by name)
      members: withVotes
        ? members.map((x) => ({ accountId: x.account_id, name: x.name, present: present.some((p) => p.account_id === x.account_id), choice: votes.find((v) => v.account_id === x.account_id)?.choice ?? null }))
        : [],
    };
  }

  return {
    /** The committee's members now: accounts holding the committee role in the community. */
    members: (c: Community) => repo.currentMembers(db, c.id),

    async create(c: Community, by: number, input: { title: string; motion: string; heldOn: string }) {
      const title = checkText(input.title, 200, 'decisions.bad_title', true);
      const motion = checkText(input.motion, 10000, 'decisions.bad_text', true);
      if (!isDate(input.heldOn)) throw new ValidationError('decisions.bad_date', { what: 'heldOn', value: String(input.heldOn) });
      return db.transaction().execute(async (t) => {
        const members = await repo.currentMembers(t, c.id);
        if (!members.some((m) => m.accountId === by)) throw new ForbiddenError('decisions.not_committee');
        const id = await repo.insertMeeting(t, { community_id: c.id, title, motion, held_on: input.heldOn, member_count: members.length, created_by: by, created_at: clock.now() });
        await repo.insertMembers(t, members.map((m) => ({ meeting_id: id, account_id: m.accountId, name: m.name })));
        return { id, memberCount: members.length };
      });
    },

    /** The caller, a member of the meeting, is present (idempotent). */
    async attend(c: Community, id: number, accountId: number) {
      const m = await meetingOrThrow(c, id);
      if (m.state !== 'open') throw new ConflictError('decisions.meeting_posted');
      if (!(await repo.isMember(db, m.id, accountId))) throw new ForbiddenError('decisions.not_meeting_member');
      await repo.attend(db, m.id, accountId, clock.now());
      return out((await repo.meeting(db, c.id, id))!, true);
    },

    /** The caller votes for themselves (present by voting); once. */
    async vote(c: Community, id: number, accountId: number, choice: BallotChoice) {
      if (!CHOICES.includes(choice)) throw new ValidationError('decisions.bad_choice', { choice: String(choice) });
      return db.transaction().execute(async (t) => {
        const m = await repo.lockMeeting(t, c.id, id);
        if (!m) throw new NotFoundError('decisions.meeting_not_found', { id });
        if (m.state !== 'open') throw new ConflictError('decisions.meeting_posted');
        if (!(await repo.isMember(t, m.id, accountId))) throw new ForbiddenError('decisions.not_meeting_member');
        if ((await repo.votes(t, m.id)).some((v) => v.account_id === accountId)) throw new ConflictError('decisions.committee_vote_twice', { memberId: accountId });
        await repo.attend(t, m.id, accountId, clock.now());
        await repo.insertVote(t, { meeting_id: m.id, account_id: accountId, choice, cast_at: clock.now() });
        return { id: m.id, choice };
      });
    },

    /** Counts and posts the result (any member); says whether it was posted late. */
    async post(c: Community, id: number, by: number) {
      return db.transaction().execute(async (t) => {
        const m = await repo.lockMeeting(t, c.id, id);
        if (!m) throw new NotFoundError('decisions.meeting_not_found', { id });
        if (m.state !== 'open') throw new ConflictError('decisions.meeting_posted');
        if (!(await repo.isMember(t, m.id, by))) throw new ForbiddenError('decisions.not_meeting_member');
        const [present, votes] = await Promise.all([repo.attendance(t, m.id), repo.votes(t, m.id)]);
        const result = tallyCommittee(
          m.member_count,
          present.map((p) => p.account_id),
          votes.map((v) => ({ memberId: v.account_id, choice: v.choice })),
        );
        const on = today(ctx);
        await repo.postMeeting(t, m.id, { result: JSON.stringify(result), posted_on: on, posted_by: by });
        return { id: m.id, result, postedOn: on, late: on > addDays(m.held_on, POST_WITHIN_DAYS) };
      });
    },

    /** Posted meetings (public), or all of them (`internal`: committee and overseers). */
    async list(c: Community, internal: boolean) {
      const rows = await repo.meetings(db, c.id, internal ? undefined : 'posted');
      return Promise.all(rows.map((m) => out(m, internal)));
    },

    async view(c: Community, id: number, internal: boolean) {
      const m = await meetingOrThrow(c, id);
      if (!internal && m.state !== 'posted') throw new NotFoundError('decisions.meeting_not_found', { id });
      // the public sees the posted figures; the roll-call with names is for the committee and overseers
      return out(m, internal);
    },
  };
}

export type CommitteeService = ReturnType<typeof createCommitteeService>;

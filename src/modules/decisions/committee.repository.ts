/** SQL of committee meetings: members as at the meeting, attendance and votes (only ever inserted). */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { BallotChoice } from '../../platform/db/schema.js';

/** Accounts holding the committee role in the community (explicit grants), by name. */
export async function currentMembers(db: Db, communityId: number): Promise<{ accountId: number; name: string }[]> {
  const rows = await db
    .selectFrom('role_grants as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(['a.id', 'a.display_name'])
    .where('g.role', '=', 'committee')
    .where('g.community_id', '=', communityId)
    .where('a.disabled_at', 'is', null)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ accountId: r.id, name: r.display_name }));
}

export async function insertMeeting(db: Db, m: { community_id: number; title: string; motion: string; held_on: string; member_count: number; created_by: number; created_at: Date }): Promise<number> {
  return (await db.insertInto('committee_meetings').values(m).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertMembers(db: Db, rows: { meeting_id: number; account_id: number; name: string }[]) {
  if (rows.length) await db.insertInto('committee_meeting_members').values(rows).execute();
}

export function meeting(db: Db, communityId: number, id: number) {
  return db.selectFrom('committee_meetings').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}

export function lockMeeting(db: Db, communityId: number, id: number) {
  return db.selectFrom('committee_meetings').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function meetings(db: Db, communityId: number, state?: 'open' | 'posted') {
  let q = db.selectFrom('committee_meetings').selectAll().where('community_id', '=', communityId);
  if (state) q = q.where('state', '=', state);
  return q.orderBy('held_on', 'desc').orderBy('id', 'desc').execute();
}

export function members(db: Db, meetingId: number) {
  return db.selectFrom('committee_meeting_members').selectAll().where('meeting_id', '=', meetingId).orderBy('account_id').execute();
}

export async function isMember(db: Db, meetingId: number, accountId: number): Promise<boolean> {
  return !!(await db.selectFrom('committee_meeting_members').select('account_id').where('meeting_id', '=', meetingId).where('account_id', '=', accountId).executeTakeFirst());
}

export function attendance(db: Db, meetingId: number) {
  return db.selectFrom('committee_attendance').select(['account_id', 'at']).where('meeting_id', '=', meetingId).orderBy('account_id').execute();
}

export async function attend(db: Db, meetingId: number, accountId: number, at: Date) {
  await sql`insert into committee_attendance (meeting_id, account_id, at) values (${meetingId}, ${accountId}, ${at}) on conflict do nothing`.execute(db);
}

export function votes(db: Db, meetingId: number) {
  return db.selectFrom('committee_votes').select(['account_id', 'choice', 'cast_at']).where('meeting_id', '=', meetingId).orderBy('account_id').execute();
}

export async function insertVote(db: Db, v: { meeting_id: number; account_id: number; choice: BallotChoice; cast_at: Date }) {
  await db.insertInto('committee_votes').values(v).execute();
}

export async function postMeeting(db: Db, id: number, p: { result: string; posted_on: string; posted_by: number }) {
  await db.updateTable('committee_meetings').set({ state: 'posted', ...p }).where('id', '=', id).execute();
}

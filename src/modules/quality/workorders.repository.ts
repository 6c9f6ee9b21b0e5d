/** The only code touching Kysely for work orders (报修/投诉) and their events. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { WorkOrderStateDb, WorkOrdersTable } from '../../platform/db/schema.js';
import type { Insertable } from 'kysely';

export function findCommunity(db: Db, code: string) {
  return db.selectFrom('communities').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

/**
 * The caller's link to a unit: the first of their persons who owns it ('owner') or lives in it
 * ('tenant' or 'family'), with the person's name and phone for the contact; undefined when none.
 */
export async function householdLink(db: Db, accountId: number, unitId: number) {
  const { rows } = await sql<{ person_id: number; name: string; phone: string; relation: 'owner' | 'tenant' | 'family'; community_id: number }>`
    select p.id as person_id, p.name, p.phone, 'owner' as relation, uo.community_id
      from account_persons ap join unit_owners uo on uo.person_id = ap.person_id join persons p on p.id = ap.person_id
     where ap.account_id = ${accountId} and uo.unit_id = ${unitId}
    union all
    select p.id, p.name, p.phone, uc.relation, uc.community_id
      from account_persons ap join unit_occupants uc on uc.person_id = ap.person_id join persons p on p.id = ap.person_id
     where ap.account_id = ${accountId} and uc.unit_id = ${unitId}
    order by relation desc
    limit 1`.execute(db);
  return rows[0];
}

/** Units whose household the account belongs to (owner or occupant). */
export async function householdUnitIds(db: Db, accountId: number): Promise<number[]> {
  const { rows } = await sql<{ unit_id: number }>`
    select uo.unit_id from account_persons ap join unit_owners uo on uo.person_id = ap.person_id where ap.account_id = ${accountId}
    union
    select uc.unit_id from account_persons ap join unit_occupants uc on uc.person_id = ap.person_id where ap.account_id = ${accountId}`.execute(db);
  return rows.map((r) => r.unit_id);
}

export function unitInCommunity(db: Db, communityId: number, unitId: number) {
  return db.selectFrom('units').select(['id', 'code']).where('community_id', '=', communityId).where('id', '=', unitId).executeTakeFirst();
}

export async function insertFile(db: Db, f: { sha256: string; sizeBytes: number; mediaType: string }) {
  await db.insertInto('files').values({ sha256: f.sha256, size_bytes: f.sizeBytes, media_type: f.mediaType }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

export async function imageShas(db: Db, shas: readonly string[]): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const rows = await db.selectFrom('files').select('sha256').where('sha256', 'in', [...shas]).where('media_type', 'in', ['image/jpeg', 'image/png']).execute();
  return new Set(rows.map((r) => r.sha256));
}

export function mediaTypeOf(db: Db, sha256: string) {
  return db.selectFrom('files').select('media_type').where('sha256', '=', sha256).executeTakeFirst();
}

/** Inserts the order unless the filer already used the key; undefined when they had. */
export function insertOrder(db: Db, o: Insertable<WorkOrdersTable>) {
  return db.insertInto('work_orders').values(o).onConflict((oc) => oc.columns(['filed_by', 'idempotency_key']).doNothing()).returningAll().executeTakeFirst();
}

export function orderByKey(db: Db, filedBy: number, key: string) {
  return db.selectFrom('work_orders').selectAll().where('filed_by', '=', filedBy).where('idempotency_key', '=', key).executeTakeFirst();
}

export function order(db: Db, communityId: number, id: number) {
  return db.selectFrom('work_orders').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}

export function orderForUpdate(db: Db, communityId: number, id: number) {
  return db.selectFrom('work_orders').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export type WorkOrderRow = NonNullable<Awaited<ReturnType<typeof order>>>;

export async function updateOrder(
  db: Db,
  id: number,
  set: Partial<{ state: WorkOrderStateDb; assignee: string; assigned_at: Date; resolved_at: Date | null; closed_at: Date; cancelled_at: Date; rating: number | null; rating_comment: string | null }>,
) {
  return db.updateTable('work_orders').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertEvent(
  db: Db,
  e: { workOrderId: number; at: Date; actorId: number | null; actorRole: 'resident' | 'trustee' | 'system'; from: string | null; to: string; note?: string; photos?: string[] },
) {
  await db
    .insertInto('work_order_events')
    .values({ work_order_id: e.workOrderId, at: e.at, actor_id: e.actorId, actor_role: e.actorRole, from_state: e.from, to_state: e.to, note: e.note ?? '', photos: e.photos ?? [] })
    .execute();
}

export function events(db: Db, workOrderId: number) {
  return db.selectFrom('work_order_events').selectAll().where('work_order_id', '=', workOrderId).orderBy('id').execute();
}

export async function isPhotoOf(db: Db, workOrderId: number, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('work_order_events').select('id').where('work_order_id', '=', workOrderId).where(sql<boolean>`${sha256} = any(photos)`).executeTakeFirst();
  return !!row;
}

/** A community's orders, newest first; `open` leaves out closed and cancelled ones. */
export function list(db: Db, communityId: number, f: { state?: WorkOrderStateDb; open?: boolean; limit: number }) {
  let q = db.selectFrom('work_orders as w').leftJoin('units as u', 'u.id', 'w.unit_id').selectAll('w').select('u.code as unit_code').where('w.community_id', '=', communityId);
  if (f.state) q = q.where('w.state', '=', f.state);
  if (f.open) q = q.where('w.state', 'not in', ['closed', 'cancelled']);
  return q.orderBy('w.submitted_at', 'desc').orderBy('w.id', 'desc').limit(f.limit).execute();
}

/** Orders of the household's units (any community), newest first. */
export function ofUnits(db: Db, unitIds: readonly number[], limit: number) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('work_orders as w')
    .innerJoin('units as u', 'u.id', 'w.unit_id')
    .innerJoin('communities as c', 'c.id', 'w.community_id')
    .selectAll('w')
    .select(['u.code as unit_code', 'c.code as community_code', 'c.name as community_name'])
    .where('w.unit_id', 'in', [...unitIds])
    .orderBy('w.submitted_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
}

/** Orders submitted in [from, to), every state. */
export function submittedBetween(db: Db, communityId: number, from: Date, to: Date) {
  return db
    .selectFrom('work_orders')
    .select(['id', 'category', 'state', 'sla', 'submitted_at', 'assigned_at', 'resolved_at'])
    .where('community_id', '=', communityId)
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .execute();
}

/** Resolved orders waiting for the resident (for the system's auto-close), all communities. */
export function resolvedOrders(db: Db) {
  return db.selectFrom('work_orders').select(['id', 'community_id', 'resolved_at']).where('state', '=', 'resolved').orderBy('id').execute();
}

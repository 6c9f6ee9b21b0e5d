/** The only code of inspections that touches SQL. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { DEFAULT_CATALOGUE, type StandardCategory } from './quality.catalogue.js';

export function communityByCode(db: Db, code: string) {
  return db.selectFrom('communities').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

/** The catalogue an inspection was made against, by its version (0: the built-in default). */
export async function catalogueVersion(db: Db, communityId: number, version: number): Promise<readonly StandardCategory[]> {
  if (version === 0) return DEFAULT_CATALOGUE;
  const row = await db.selectFrom('quality_catalogues').select('catalogue').where('community_id', '=', communityId).where('version', '=', version).executeTakeFirstOrThrow();
  return row.catalogue as StandardCategory[];
}

/** Of these SHA-256s, the stored images (JPEG, PNG). */
export async function linkWorkOrder(db: Db, itemId: number, workOrderId: number) {
  await db.updateTable('inspection_items').set({ work_order_id: workOrderId }).where('id', '=', itemId).where('work_order_id', 'is', null).execute();
}

export async function insertInspection(db: Db, i: { communityId: number; catalogueVersion: number; inspectedOn: string; inspectorId: number; note: string; at: Date }): Promise<number> {
  const row = await db
    .insertInto('inspections')
    .values({ community_id: i.communityId, catalogue_version: i.catalogueVersion, inspected_on: i.inspectedOn, inspector_id: i.inspectorId, note: i.note, created_at: i.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const INSPECTION_COLUMNS = ['i.id', 'i.catalogue_version', 'i.inspected_on', 'i.inspector_id', 'a.display_name as inspector', 'i.state', 'i.score_bp', 'i.note', 'i.created_at', 'i.submitted_at'] as const;

function inspectionsOf(db: Db, communityId: number) {
  return db.selectFrom('inspections as i').innerJoin('accounts as a', 'a.id', 'i.inspector_id').select(INSPECTION_COLUMNS).where('i.community_id', '=', communityId);
}

export function inspection(db: Db, communityId: number, id: number) {
  return inspectionsOf(db, communityId).where('i.id', '=', id).executeTakeFirst();
}

/** The row every change of an inspection locks (items, submission). */
export function lockInspection(db: Db, communityId: number, id: number) {
  return db.selectFrom('inspections').select(['id', 'state', 'inspector_id', 'catalogue_version']).where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Inspections of a day range, newest first. */
export function inspections(db: Db, communityId: number, from: string, to: string) {
  return inspectionsOf(db, communityId).where('i.inspected_on', '>=', from).where('i.inspected_on', '<=', to).orderBy('i.inspected_on', 'desc').orderBy('i.id', 'desc').execute();
}

export function items(db: Db, inspectionId: number) {
  return db.selectFrom('inspection_items').select(['id', 'item_code', 'score_bp', 'finding', 'photos', 'work_order_id']).where('inspection_id', '=', inspectionId).orderBy('item_code').execute();
}

export async function upsertItem(db: Db, inspectionId: number, it: { itemCode: string; scoreBp: number; finding: string; photos: string[] }) {
  await db
    .insertInto('inspection_items')
    .values({ inspection_id: inspectionId, item_code: it.itemCode, score_bp: it.scoreBp, finding: it.finding, photos: it.photos })
    .onConflict((oc) => oc.columns(['inspection_id', 'item_code']).doUpdateSet({ score_bp: it.scoreBp, finding: it.finding, photos: it.photos }))
    .execute();
}

export async function deleteItem(db: Db, inspectionId: number, itemCode: string): Promise<boolean> {
  const r = await db.deleteFrom('inspection_items').where('inspection_id', '=', inspectionId).where('item_code', '=', itemCode).where('work_order_id', 'is', null).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function markSubmitted(db: Db, id: number, scoreBp: number, at: Date) {
  await db.updateTable('inspections').set({ state: 'submitted', score_bp: scoreBp, submitted_at: at }).where('id', '=', id).where('state', '=', 'draft').execute();
}

/** Does a photo belong to an item of the inspection? */
export async function inspectionHasPhoto(db: Db, inspectionId: number, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('inspection_items').select('id').where('inspection_id', '=', inspectionId).where(sql<boolean>`${sha256} = any(photos)`).executeTakeFirst();
  return !!row;
}

/**
 * Submitted inspections per month of their submission (Asia/Shanghai, as the monthly score counts
 * them): how many and the mean score, rounded half up to a whole bp (scores are non-negative, so
 * PostgreSQL's round() of the numeric mean is half up).
 */
export async function monthlyAverages(db: Db, communityId: number, fromMonth: string, toMonth: string) {
  const { rows } = await sql<{ month: string; count: number; average_bp: number }>`
    select to_char(submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int4 as count, round(avg(score_bp))::int4 as average_bp
      from inspections
     where community_id = ${communityId} and state = 'submitted'
       and to_char(submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM') between ${fromMonth} and ${toMonth}
     group by 1 order by 1`.execute(db);
  return rows;
}

/** The scores of the inspections submitted in [from, to). */
export async function scoresSubmitted(db: Db, communityId: number, from: Date, to: Date): Promise<number[]> {
  const { rows } = await sql<{ score_bp: number }>`
    select score_bp from inspections
     where community_id = ${communityId} and state = 'submitted' and submitted_at >= ${from} and submitted_at < ${to}
     order by id`.execute(db);
  return rows.map((r) => r.score_bp);
}

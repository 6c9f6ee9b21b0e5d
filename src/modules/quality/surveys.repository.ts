/** The only code of satisfaction surveys that touches SQL. */
import type { Db } from '../../platform/db/database.js';
import { householdUnitIds } from './workorders.repository.js';

export async function insertSurvey(db: Db, s: { communityId: number; period: string; opensOn: string; closesOn: string; categories: string[]; by: number; at: Date }): Promise<number | null> {
  const row = await db
    .insertInto('surveys')
    .values({ community_id: s.communityId, period: s.period, opens_on: s.opensOn, closes_on: s.closesOn, categories: s.categories, created_by: s.by, created_at: s.at })
    .onConflict((oc) => oc.columns(['community_id', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

const SURVEY_COLUMNS = ['s.id', 's.period', 's.opens_on', 's.closes_on', 's.categories', 's.created_at'] as const;

export function survey(db: Db, communityId: number, id: number) {
  return db.selectFrom('surveys as s').select(SURVEY_COLUMNS).where('s.community_id', '=', communityId).where('s.id', '=', id).executeTakeFirst();
}

/** Surveys newest first, with how many households answered. */
export function surveys(db: Db, communityId: number) {
  return db
    .selectFrom('surveys as s')
    .leftJoin('survey_responses as r', 'r.survey_id', 's.id')
    .select(SURVEY_COLUMNS)
    .select((eb) => eb.fn.count<number>('r.unit_id').as('households'))
    .where('s.community_id', '=', communityId)
    .groupBy('s.id')
    .orderBy('s.opens_on', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

/** Responses of surveys, by submission time (dedupeResponses keeps the last of a household). */
export function responses(db: Db, surveyIds: readonly number[]) {
  if (surveyIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('survey_responses').select(['survey_id', 'unit_id', 'ratings', 'submitted_at']).where('survey_id', 'in', [...surveyIds]).orderBy('submitted_at').orderBy('unit_id').execute();
}

export async function upsertResponse(db: Db, r: { surveyId: number; unitId: number; accountId: number; ratings: Record<string, number>; comment: string; at: Date }) {
  const ratings = JSON.stringify(r.ratings);
  await db
    .insertInto('survey_responses')
    .values({ survey_id: r.surveyId, unit_id: r.unitId, account_id: r.accountId, ratings, comment: r.comment, submitted_at: r.at })
    .onConflict((oc) => oc.columns(['survey_id', 'unit_id']).doUpdateSet({ account_id: r.accountId, ratings, comment: r.comment, submitted_at: r.at }))
    .execute();
}

export function responsesOfUnits(db: Db, surveyId: number, unitIds: readonly number[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('survey_responses').select(['unit_id', 'ratings', 'comment', 'submitted_at']).where('survey_id', '=', surveyId).where('unit_id', 'in', [...unitIds]).execute();
}

/**
 * The households an account may answer for in a community: the units whose owner or occupant
 * (tenant or family) is a person linked to the account.
 */
export async function householdsOf(db: Db, accountId: number, communityId: number) {
  const ids = await householdUnitIds(db, accountId);
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'code']).where('community_id', '=', communityId).where('id', 'in', ids).orderBy('code').execute();
}

/** Surveys about a month: the month itself (YYYY-MM) or its quarter (YYYY-Qn). */
export function surveysCovering(db: Db, communityId: number, month: string) {
  const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  return db.selectFrom('surveys').select(['id', 'categories']).where('community_id', '=', communityId).where('period', 'in', [month, quarter]).execute();
}

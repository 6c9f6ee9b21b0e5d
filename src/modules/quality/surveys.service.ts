/**
 * Satisfaction surveys (DESIGN §2.6): the committee runs one per period (by default a quarter,
 * `YYYY-Qn`, the quarter the survey opens in; a month `YYYY-MM` is allowed) asking about service
 * categories of the catalogue (by default all of them). One response per household: an owner or
 * an occupant (tenant, family) answers for a unit of theirs with a 1–5 rating per category and a
 * comment; answering again while the survey is open replaces the household's answer; before it
 * opens and after it closes (Asia/Shanghai days, both bounds included) answers are refused.
 * Results are public aggregates per category, groups under MIN_SURVEY_GROUP households suppressed
 * (quality.score.ts aggregateSurvey); comments and who answered are never shown.
 */
import { audit } from '../../platform/audit.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { type Community, checkDate, checkText } from './inspections.service.js';
import './quality.messages.js';
import type { QualitySettings } from './quality.settings.js';
import { assertRating } from './quality.rules.js';
import { type SurveyResponse, aggregateSurvey } from './quality.score.js';
import * as repo from './surveys.repository.js';

export const isSurveyPeriod = (p: string) => /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/.test(p);

/** The quarter a day falls in: 2026-05-20 → 2026-Q2. */
export const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;

export type SurveyState = 'upcoming' | 'open' | 'closed';

export function surveyState(s: { opens_on: string; closes_on: string }, today: string): SurveyState {
  return today < s.opens_on ? 'upcoming' : today <= s.closes_on ? 'open' : 'closed';
}

/** The answers of surveys as the pure helpers take them: one per household (unit) and category. */
export function flattenResponses(rows: readonly { unit_id: number; ratings: unknown }[]): SurveyResponse[] {
  return rows.flatMap((r) => Object.entries(r.ratings as Record<string, number>).map(([category, rating]) => ({ category, householdKey: String(r.unit_id), rating })));
}

export interface SurveyInput {
  period?: string;
  opensOn: string;
  closesOn: string;
  categories?: string[];
}

export function createSurveysService(ctx: AppContext, settings: Pick<QualitySettings, 'catalogueFor'>) {
  const { db, clock } = ctx;
  const today = () => shanghaiDay(clock.now());

  async function surveyOrThrow(c: Community, id: number) {
    const s = await repo.survey(db, c.id, id);
    if (!s) throw new NotFoundError('quality.survey_not_found', { id });
    return s;
  }

  return {
    async create(c: Community, input: SurveyInput, by: number) {
      const opensOn = checkDate(input.opensOn);
      const closesOn = checkDate(input.closesOn);
      if (closesOn < opensOn) throw new ValidationError('quality.survey_bad_dates', { opensOn, closesOn });
      const period = input.period ?? quarterOf(opensOn);
      if (!isSurveyPeriod(period)) throw new ValidationError('quality.bad_survey_period', { value: period });
      const { categories: catalogue } = await settings.catalogueFor(c.id, opensOn);
      const categories = input.categories ?? catalogue.map((cat) => cat.code);
      if (categories.length === 0 || new Set(categories).size !== categories.length) throw new ValidationError('quality.survey_no_categories');
      for (const code of categories) if (!catalogue.some((cat) => cat.code === code)) throw new ValidationError('quality.unknown_category', { category: code, known: catalogue.map((cat) => cat.code).join(', ') });
      return db.transaction().execute(async (t) => {
        const id = await repo.insertSurvey(t, { communityId: c.id, period, opensOn, closesOn, categories, by, at: clock.now() });
        if (id === null) throw new ConflictError('quality.survey_exists', { period });
        await audit(t, { accountId: by, communityId: c.id, action: 'quality.survey_created', subject: `survey:${id}`, details: { period, opensOn, closesOn, categories }, at: clock.now() });
        return { id, period, opensOn, closesOn, categories };
      });
    },

    async list(c: Community) {
      const rows = await repo.surveys(db, c.id);
      const day = today();
      return rows.map((s) => ({ id: s.id, period: s.period, opensOn: s.opens_on, closesOn: s.closes_on, categories: s.categories, state: surveyState(s, day), households: Number(s.households) }));
    },

    /** Public: per category, how many households answered and, from MIN_SURVEY_GROUP on, the figures. */
    async results(c: Community, id: number) {
      const s = await surveyOrThrow(c, id);
      const rows = await repo.responses(db, [s.id]);
      const aggregates = aggregateSurvey(flattenResponses(rows));
      const households = rows.length;
      return {
        id: s.id,
        period: s.period,
        opensOn: s.opens_on,
        closesOn: s.closes_on,
        state: surveyState(s, today()),
        households,
        categories: s.categories.map((category) => aggregates.find((a) => a.category === category) ?? { category, responses: 0, suppressed: true, meanRatingX100: null, scoreBp: null, counts: null }),
      };
    },

    /** The caller's households and what each answered. */
    async mine(c: Community, id: number, accountId: number) {
      const s = await surveyOrThrow(c, id);
      const units = await repo.householdsOf(db, accountId, c.id);
      const answers = await repo.responsesOfUnits(db, s.id, units.map((u) => u.id));
      return {
        id: s.id,
        period: s.period,
        categories: s.categories,
        state: surveyState(s, today()),
        households: units.map((u) => {
          const a = answers.find((x) => x.unit_id === u.id);
          return { unitId: u.id, unitCode: u.code, answer: a ? { ratings: a.ratings as Record<string, number>, comment: a.comment, submittedAt: a.submitted_at.toISOString() } : null };
        }),
      };
    },

    /** A household's answer (again while open: replaces the earlier one). */
    async respond(c: Community, id: number, accountId: number, input: { unitId: number; ratings: Record<string, number>; comment?: string }) {
      const s = await surveyOrThrow(c, id);
      const state = surveyState(s, today());
      if (state === 'upcoming') throw new ConflictError('quality.survey_not_open', { opensOn: s.opens_on });
      if (state === 'closed') throw new ConflictError('quality.survey_closed', { closesOn: s.closes_on });
      const entries = Object.entries(input.ratings);
      if (entries.length === 0) throw new ValidationError('quality.survey_no_ratings');
      for (const [code, rating] of entries) {
        if (!s.categories.includes(code)) throw new ValidationError('quality.survey_bad_category', { code });
        assertRating(rating);
      }
      const comment = checkText(input.comment, 2000);
      const units = await repo.householdsOf(db, accountId, c.id);
      if (!units.some((u) => u.id === input.unitId)) throw new ForbiddenError('quality.not_your_household', { unitId: input.unitId });
      await repo.upsertResponse(db, { surveyId: s.id, unitId: input.unitId, accountId, ratings: Object.fromEntries(entries), comment, at: clock.now() });
      return { id: s.id, unitId: input.unitId, ratings: Object.fromEntries(entries) };
    },
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;

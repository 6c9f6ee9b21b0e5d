/** Zod schemas of the satisfaction survey routes. */
import { z } from 'zod';
import { date } from './inspections.schemas.js';

const rating = z.number().int().min(1).max(5);
const state = z.enum(['upcoming', 'open', 'closed']);
const period = z.string().regex(/^\d{4}-(Q[1-4]|\d{2})$/);

export const SurveyBody = z.object({
  period: period.optional().describe('YYYY-Qn (default: the quarter it opens in) or YYYY-MM'),
  opensOn: date,
  closesOn: date,
  categories: z.array(z.string().min(1).max(40)).min(1).max(20).optional().describe('catalogue category codes; default all'),
});
export const ResponseBody = z.object({
  unitId: z.number().int().positive().describe('a unit the caller owns or occupies'),
  ratings: z.record(z.string().min(1).max(40), rating).describe('category code → 1–5 (5 = 非常满意)'),
  comment: z.string().max(2000).optional(),
});

export const SurveyCreatedOut = z.object({ id: z.number().int(), period: z.string(), opensOn: date, closesOn: date, categories: z.array(z.string()) });
export const SurveysOut = z.array(z.object({ id: z.number().int(), period: z.string(), opensOn: date, closesOn: date, categories: z.array(z.string()), state, households: z.number().int() }));
export const ResultsOut = z.object({
  id: z.number().int(),
  period: z.string(),
  opensOn: date,
  closesOn: date,
  state,
  households: z.number().int(),
  categories: z.array(
    z.object({
      category: z.string(),
      responses: z.number().int(),
      suppressed: z.boolean().describe('fewer than 5 households: no figures'),
      meanRatingX100: z.number().int().nullable(),
      scoreBp: z.number().int().nullable(),
      counts: z.array(z.number().int()).length(5).nullable(),
    }),
  ),
});
export const MineOut = z.object({
  id: z.number().int(),
  period: z.string(),
  categories: z.array(z.string()),
  state,
  households: z.array(z.object({ unitId: z.number().int(), unitCode: z.string(), answer: z.object({ ratings: z.record(z.string(), rating), comment: z.string(), submittedAt: z.string() }).nullable() })),
});
export const RespondedOut = z.object({ id: z.number().int(), unitId: z.number().int(), ratings: z.record(z.string(), rating) });

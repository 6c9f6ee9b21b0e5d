/** Zod schemas of the monthly score routes. */
import { z } from 'zod';
import { month } from './inspections.schemas.js';

const part = z.object({ bp: z.number().int(), count: z.number().int(), weightBp: z.number().int() }).nullable();

export const ComputeBody = z.object({ period: month });
export const ScoreOut = z.object({
  period: month,
  scoreBp: z.number().int().nullable().describe('null: nothing to score in the month'),
  sla: part,
  inspection: part,
  satisfaction: part,
  deductionBp: z.number().int().describe('bp of the remuneration deducted at the month close'),
  computedAt: z.string(),
});
export const ScoresOut = z.array(ScoreOut);

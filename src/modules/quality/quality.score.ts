/**
 * The monthly performance score, the remuneration deduction it drives (DESIGN §2.6, §2.2:
 * "optional deduction from the service-quality score") and survey figures, pure and in integers.
 *
 * Scores are basis points of a 100-point score: 86.50 points = 8650 bp, 100 points = 10000 bp.
 *
 * MONTHLY SCORE
 *   Three parts, each rounded half-up to a whole bp:
 *     sla          = met / due × 10000          orders due in the month meeting both SLAs
 *                                               (slaCompliance); no order due → missing
 *     inspection   = Σ scores / n               inspections of the month, each 0–10000 bp;
 *                                               none → missing
 *     satisfaction = Σ (rating − 1) × 2500 / n  survey answers and work-order ratings of the
 *                                               month pooled, 1–5 mapped linearly to 0–10000
 *                                               (1 → 0, 3 → 5000, 5 → 10000); none → missing
 *   score = round_half_up( Σ weight_i × part_i / Σ weight_i )   over the parts present
 *   Weights default to 4000 / 3000 / 3000 bp (40 / 30 / 30 %) and must sum to 10000. A missing
 *   part is left out and the remaining weights re-normalised (a month without inspections is
 *   scored on SLA and satisfaction alone, in their 40 : 30 proportion). No part present, or
 *   only parts of weight 0 → no score (null), and no deduction.
 *   The score is computed from the rounded parts, as published, so that anyone can recompute it
 *   from the monthly disclosure.
 *   Worked example (tested): 45 of 50 orders met → 9000; inspections 82.50 and 88.00 → 8525;
 *   ratings 5 5 4 3 5 4 → 20 × 2500 / 6 = 8333.3 → 8333;
 *   score = (4000 × 9000 + 3000 × 8525 + 3000 × 8333) / 10000 = 8657.4 → 8657 (86.57 points).
 *   Without the inspections: (4000 × 9000 + 3000 × 8333) / 7000 = 8714.1 → 8714.
 *
 * DEDUCTION (the trust contract's rule)
 *   score ≥ threshold, or no score → 0
 *   rate      = min( (threshold − score) × perPoint / 100 , cap )   bp of the remuneration
 *               (one score point is 100 bp of score, so perPoint 100 = 1 % per point below)
 *   deduction = round_half_up( remuneration × rate / 10000 )         fen
 *   The rate is kept as an exact fraction and rounded once, on the fen. Defaults: threshold
 *   9000 (90 points), perPoint 100 (1 % per point), cap 2000 (20 %). The cap is at most 100 %,
 *   so the remuneration never goes negative.
 *   Worked examples (tested), remuneration 12,345.67 yuan = 1,234,567 fen:
 *     score 86.50 → gap 350 → rate 350 bp (3.5 %) → 1,234,567 × 350 / 10000 = 43,209.845
 *                 → 43,210 fen deducted (¥432.10), ¥11,913.57 paid
 *     score 89.99 → gap 1 → rate 1 bp → 123.4567 → 123 fen
 *     score 90.00 → 0;   score 60.00 → gap 3000 → 30 % capped at 20 % → 246,913.4 → 246,913 fen
 */
import './quality.messages.js';
import { divRoundHalfUp } from '../../platform/money.js';
import { ValidationError } from '../../platform/errors.js';
import { type SlaCompliance, assertRating } from './quality.rules.js';

export const FULL_BP = 10_000;

const roundDiv = (numerator: number, denominator: number) => Number(divRoundHalfUp(BigInt(numerator), BigInt(denominator)));

// ---------------------------------------------------------------------------------------------
// the monthly score

export interface ScoreWeights {
  slaBp: number;
  inspectionBp: number;
  satisfactionBp: number;
}

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { slaBp: 4000, inspectionBp: 3000, satisfactionBp: 3000 };

export function assertWeights(w: ScoreWeights): ScoreWeights {
  const parts = [w.slaBp, w.inspectionBp, w.satisfactionBp];
  if (!parts.every((p) => Number.isInteger(p) && p >= 0) || parts.reduce((a, b) => a + b, 0) !== FULL_BP) {
    throw new ValidationError('quality.bad_weights', { value: parts.join(' / ') });
  }
  return w;
}

export interface MonthInputs {
  sla: Pick<SlaCompliance, 'dueCount' | 'metCount'>;
  /** each inspection's score in bp (0–10000) */
  inspectionScoresBp: readonly number[];
  /** survey answers of the month (one per household and category, see dedupeResponses), 1–5 */
  surveyRatings: readonly number[];
  /** ratings given when residents confirmed work orders this month, 1–5 */
  workOrderRatings: readonly number[];
}

export interface ScorePart {
  bp: number;
  /** orders due, inspections, or ratings the part is computed from */
  count: number;
  weightBp: number;
}

export interface MonthlyScore {
  /** null when no part is present (no deduction) */
  scoreBp: number | null;
  sla: ScorePart | null;
  inspection: ScorePart | null;
  satisfaction: ScorePart | null;
}

/** A rating 1–5 on the 0–10000 scale: (rating − 1) × 2500. */
export const ratingToBp = (rating: number) => (assertRating(rating) - 1) * 2500;

/** The month's score and its parts; see the header for the formula. */
export function monthlyScore(inputs: MonthInputs, weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS): MonthlyScore {
  assertWeights(weights);
  const { dueCount, metCount } = inputs.sla;
  if (!Number.isSafeInteger(dueCount) || !Number.isSafeInteger(metCount) || metCount < 0 || metCount > dueCount) {
    throw new ValidationError('quality.bad_sla_counts', { due: String(dueCount), met: String(metCount) });
  }
  for (const s of inputs.inspectionScoresBp) {
    if (!Number.isInteger(s) || s < 0 || s > FULL_BP) throw new ValidationError('quality.bad_inspection_score', { value: String(s) });
  }
  const ratingsBp = [...inputs.surveyRatings, ...inputs.workOrderRatings].map(ratingToBp);
  const mean = (values: readonly number[]) => roundDiv(values.reduce((a, b) => a + b, 0), values.length);

  const sla = dueCount > 0 ? { bp: roundDiv(metCount * FULL_BP, dueCount), count: dueCount, weightBp: weights.slaBp } : null;
  const inspection = inputs.inspectionScoresBp.length > 0 ? { bp: mean(inputs.inspectionScoresBp), count: inputs.inspectionScoresBp.length, weightBp: weights.inspectionBp } : null;
  const satisfaction = ratingsBp.length > 0 ? { bp: mean(ratingsBp), count: ratingsBp.length, weightBp: weights.satisfactionBp } : null;

  const present = [sla, inspection, satisfaction].filter((p): p is ScorePart => p !== null);
  const weightSum = present.reduce((a, p) => a + p.weightBp, 0);
  const scoreBp = weightSum === 0 ? null : roundDiv(present.reduce((a, p) => a + p.weightBp * p.bp, 0), weightSum);
  return { scoreBp, sla, inspection, satisfaction };
}

// ---------------------------------------------------------------------------------------------
// the remuneration deduction

export interface DeductionRule {
  /** no deduction at or above this score (bp of the score) */
  thresholdBp: number;
  /** bp of the remuneration deducted per whole point (100 bp of score) below the threshold */
  perPointBp: number;
  /** the most that is ever deducted, bp of the remuneration (≤ 10000) */
  capBp: number;
}

export const DEFAULT_DEDUCTION_RULE: DeductionRule = { thresholdBp: 9000, perPointBp: 100, capBp: 2000 };

export function assertDeductionRule(rule: DeductionRule): DeductionRule {
  const ok = [rule.thresholdBp, rule.perPointBp, rule.capBp].every((v) => Number.isInteger(v) && v >= 0 && v <= FULL_BP);
  if (!ok) throw new ValidationError('quality.bad_deduction_rule', { threshold: String(rule.thresholdBp), perPoint: String(rule.perPointBp), cap: String(rule.capBp) });
  return rule;
}

/** The fen deducted from a month's remuneration for its score; see the header for the rule. */
export function remunerationDeductionFen(remunerationFen: number, scoreBp: number | null, rule: DeductionRule = DEFAULT_DEDUCTION_RULE): number {
  assertDeductionRule(rule);
  if (!Number.isSafeInteger(remunerationFen) || remunerationFen < 0) throw new RangeError(`remuneration must be a non-negative whole number of fen, got ${remunerationFen}`);
  if (scoreBp === null) return 0;
  if (!Number.isInteger(scoreBp) || scoreBp < 0 || scoreBp > FULL_BP) throw new RangeError(`score must be 0–10000 bp, got ${scoreBp}`);
  if (scoreBp >= rule.thresholdBp) return 0;
  // rate × 100, to keep the per-point fraction exact until the single rounding
  const rateX100 = Math.min((rule.thresholdBp - scoreBp) * rule.perPointBp, rule.capBp * 100);
  return Number(divRoundHalfUp(BigInt(remunerationFen) * BigInt(rateX100), 100n * BigInt(FULL_BP)));
}

// ---------------------------------------------------------------------------------------------
// surveys

/** Survey figures of groups with fewer respondents are not shown (as DESIGN §2.3 for statistics). */
export const MIN_SURVEY_GROUP = 5;

export interface SurveyResponse {
  category: string;
  /** the dedupe key: one answer per household and category (a unit id, say) */
  householdKey: string;
  rating: number;
}

/**
 * One answer per household and category: a later answer (in input order — the service passes
 * them by submission time) replaces an earlier one, as a household may change its mind while
 * the survey is open.
 */
export function dedupeResponses(responses: readonly SurveyResponse[]): SurveyResponse[] {
  const latest = new Map<string, SurveyResponse>();
  for (const r of responses) {
    assertRating(r.rating);
    const key = JSON.stringify([r.category, r.householdKey]);
    latest.delete(key);
    latest.set(key, r);
  }
  return [...latest.values()];
}

export interface CategorySurvey {
  category: string;
  /** households that answered (shown even when suppressed: it says how many, not what) */
  responses: number;
  suppressed: boolean;
  /** mean rating × 100, half up (4.27 → 427); null when suppressed */
  meanRatingX100: number | null;
  /** the mean on the 0–10000 scale of the score; null when suppressed */
  scoreBp: number | null;
  /** answers per rating 1–5; null when suppressed */
  counts: [number, number, number, number, number] | null;
}

/** Per-category figures after deduplication, categories in the order they appear among the kept answers. */
export function aggregateSurvey(responses: readonly SurveyResponse[], minGroup = MIN_SURVEY_GROUP): CategorySurvey[] {
  const byCategory = new Map<string, number[]>();
  for (const r of dedupeResponses(responses)) {
    const list = byCategory.get(r.category) ?? [];
    list.push(r.rating);
    byCategory.set(r.category, list);
  }
  return [...byCategory].map(([category, ratings]) => {
    const n = ratings.length;
    if (n < minGroup) return { category, responses: n, suppressed: true, meanRatingX100: null, scoreBp: null, counts: null };
    const sum = ratings.reduce((a, b) => a + b, 0);
    const count = (v: number) => ratings.filter((r) => r === v).length;
    const counts: CategorySurvey['counts'] = [count(1), count(2), count(3), count(4), count(5)];
    return { category, responses: n, suppressed: false, meanRatingX100: roundDiv(sum * 100, n), scoreBp: roundDiv((sum - n) * 2500, n), counts };
  });
}

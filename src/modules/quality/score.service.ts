/**
 * The monthly performance score (DESIGN §2.6) and the remuneration deduction it drives (§2.2),
 * from what the month recorded (the formula is quality.score.ts monthlyScore):
 *   sla           work orders (not cancelled) whose completion is due in the month, judged with
 *                 the SLA fixed when each was filed and the community's working calendar
 *                 (slaStatus / slaCompliance): met = both the response and the completion met
 *   inspection    the scores of the inspections submitted in the month (Asia/Shanghai)
 *   satisfaction  the answers to the surveys about the month (its quarter YYYY-Qn, or the month
 *                 itself), one per household and category, pooled with the ratings residents gave
 *                 on work orders closed in the month
 * A month is scored once it has ended, and the first score computed is kept (quality_scores): the
 * month close deducts on it, the statement and the public figures show it, so later answers to a
 * survey still open cannot change a remuneration already accrued.
 *
 * THE DEDUCTION RATE (what the ledger's month close applies, in whole bp of the remuneration)
 *   rate_bp = round_half_up( min((threshold − score) × perPoint, cap × 100) / 100 )
 *   — the rate of quality.score.ts remunerationDeductionFen, rounded half up to a whole bp; none
 *   (0) without a score or at or above the threshold. The ledger then deducts
 *   round_half_up(gross × rate_bp / 10000) fen (ledger.rules.ts remuneration, applyRateBp): the
 *   same fen as remunerationDeductionFen whenever the exact rate is a whole bp (perPoint a
 *   multiple of 100, as the default 1 % per point, or a capped rate); otherwise the rate differs
 *   from the exact one by at most 0.5 bp, and the fen by at most gross × 0.5 / 10000 + 1.
 *   Worked example (tested): gross 1,234,567 fen, score 86.50 (8650 bp), the default rule
 *   (threshold 9000, 100 bp per point, cap 2000) → rate (9000 − 8650) × 100 / 100 = 350 bp
 *   → 1,234,567 × 350 / 10000 = 43,209.845 → 43,210 fen deducted.
 *   With perPoint 150 and score 89.99: 1 × 150 / 100 = 1.5 → 2 bp.
 */
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { ValidationError } from '../../platform/errors.js';
import { divRoundHalfUp } from '../../platform/money.js';
import { isPeriod, lastDayOf, nextPeriod } from '../ledger/ledger.rules.js';
import type { QualityDeduction } from '../ledger/close.service.js';
import { type Community, checkMonthRange } from './inspections.service.js';
import { scoresSubmitted } from './inspections.repository.js';
import './quality.messages.js';
import { type SlaTarget, slaCompliance, slaStatus } from './quality.rules.js';
import { type DeductionRule, type MonthlyScore, type ScorePart, assertDeductionRule, dedupeResponses, monthlyScore } from './quality.score.js';
import type { QualitySettings } from './quality.settings.js';
import * as repo from './score.repository.js';
import { flattenResponses } from './surveys.service.js';
import { responses, surveysCovering } from './surveys.repository.js';

/**
 * How far before the month an order may have been filed and still be due in it: completion
 * targets are hours to a few working days, so a quarter leaves room for long holidays.
 */
const SLA_LOOKBACK_DAYS = 92;

const RuleJson = z.object({ thresholdBp: z.number().int(), perPointBp: z.number().int(), capBp: z.number().int() });

/** The trust contract's quality rule (trust_contracts.quality_rule) as a DeductionRule, or a ValidationError. */
export function parseDeductionRule(raw: unknown): DeductionRule {
  const parsed = RuleJson.safeParse(raw);
  if (!parsed.success) {
    const r = (raw ?? {}) as Record<string, unknown>;
    throw new ValidationError('quality.bad_deduction_rule', { threshold: String(r.thresholdBp), perPoint: String(r.perPointBp), cap: String(r.capBp) });
  }
  return assertDeductionRule(parsed.data);
}

/** The deduction rate in whole bp of the remuneration; see the header. */
export function deductionRateBp(scoreBp: number | null, rule: DeductionRule): number {
  assertDeductionRule(rule);
  if (scoreBp === null || scoreBp >= rule.thresholdBp) return 0;
  const rateX100 = Math.min((rule.thresholdBp - scoreBp) * rule.perPointBp, rule.capBp * 100);
  return Number(divRoundHalfUp(BigInt(rateX100), 100n));
}

/** The instants a month begins and ends at in Asia/Shanghai, [from, to). */
export function monthBounds(period: string): { from: Date; to: Date } {
  return { from: new Date(`${period}-01T00:00:00+08:00`), to: new Date(`${nextPeriod(period)}-01T00:00:00+08:00`) };
}

interface StoredParts {
  sla: ScorePart | null;
  inspection: ScorePart | null;
  satisfaction: ScorePart | null;
  /** orders due in the month still open when it was scored (none once the month is over) */
  slaPending: number;
}

function scoreOut(r: { period: string; score_bp: number | null; parts: unknown; deduction_bp: number; computed_at: Date }) {
  const p = r.parts as StoredParts;
  return { period: r.period, scoreBp: r.score_bp, sla: p.sla, inspection: p.inspection, satisfaction: p.satisfaction, deductionBp: r.deduction_bp, computedAt: r.computed_at.toISOString() };
}

export function createScoreService(ctx: AppContext, settings: Pick<QualitySettings, 'calendarFor' | 'weightsFor'>) {
  const { db, clock } = ctx;

  /** What the month recorded, as monthlyScore takes it. */
  async function monthInputs(communityId: number, period: string) {
    const { from, to } = monthBounds(period);
    const now = clock.now();
    const [calendar, orders, inspectionScoresBp, covering, workOrderRatings] = await Promise.all([
      settings.calendarFor(communityId),
      repo.ordersForSla(db, communityId, from, to, SLA_LOOKBACK_DAYS),
      scoresSubmitted(db, communityId, from, to),
      surveysCovering(db, communityId, period),
      repo.workOrderRatings(db, communityId, from, to),
    ]);
    const statuses = orders.map((o) => {
      // a reopened order is no longer resolved: its completion is judged on the final resolution
      const resolved = o.state === 'resolved' || o.state === 'closed';
      return slaStatus({ submittedAt: o.submitted_at, respondedAt: o.assigned_at, resolvedAt: resolved ? o.resolved_at : null }, o.sla as SlaTarget, calendar, now);
    });
    const answers = dedupeResponses(flattenResponses(await responses(db, covering.map((s) => s.id))));
    return { sla: slaCompliance(statuses, period), inspectionScoresBp, surveyRatings: answers.map((a) => a.rating), workOrderRatings };
  }

  /** The month's score: computed and stored the first time (after the month has ended), then as stored. */
  async function scoreMonth(communityId: number, period: string, by: number | null = null) {
    if (!isPeriod(period)) throw new ValidationError('quality.bad_month', { value: period });
    if (shanghaiDay(clock.now()) <= lastDayOf(period)) throw new ValidationError('quality.month_not_over', { period });
    const stored = await repo.storedScore(db, communityId, period);
    if (stored) return stored;
    const inputs = await monthInputs(communityId, period);
    const score: MonthlyScore = monthlyScore(inputs, await settings.weightsFor(communityId));
    const parts: StoredParts = { sla: score.sla, inspection: score.inspection, satisfaction: score.satisfaction, slaPending: inputs.sla.pendingCount };
    await db.transaction().execute(async (t) => {
      await repo.insertScore(t, { communityId, period, scoreBp: score.scoreBp, parts, at: clock.now() });
      await audit(t, { accountId: by, communityId, action: 'quality.score_computed', subject: `quality_score:${period}`, details: { scoreBp: score.scoreBp, ...parts }, at: clock.now() });
    });
    return (await repo.storedScore(db, communityId, period))!;
  }

  /**
   * The ledger's month-close hook (close.service.ts QualityDeduction): the contract's rule
   * applied to the month's score, in whole bp of the remuneration, kept with the score.
   */
  const qualityDeduction: QualityDeduction = async (communityId, period, rule) => {
    const parsed = parseDeductionRule(rule);
    const stored = await scoreMonth(communityId, period);
    const rateBp = deductionRateBp(stored.score_bp, parsed);
    await repo.setDeduction(db, communityId, period, rateBp);
    return rateBp;
  };

  return {
    qualityDeduction,

    /** Scores a month that has ended (the committee, supervisors or the trustee ask; the month close does too). */
    async compute(c: Community, period: string, by: number | null) {
      return scoreOut(await scoreMonth(c.id, period, by));
    },

    /** Public: the stored monthly scores of a range of months, aggregates only. */
    async list(c: Community, range: { from: string; to: string }) {
      const { from, to } = checkMonthRange(range.from, range.to);
      return (await repo.scores(db, c.id, from, to)).map(scoreOut);
    },
  };
}

export type ScoreService = ReturnType<typeof createScoreService>;

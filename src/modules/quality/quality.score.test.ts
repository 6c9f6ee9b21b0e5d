/** The monthly score, the remuneration deduction and survey figures: worked examples and properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.js';
import {
  DEFAULT_DEDUCTION_RULE,
  type DeductionRule,
  type MonthInputs,
  type SurveyResponse,
  aggregateSurvey,
  dedupeResponses,
  monthlyScore,
  ratingToBp,
  remunerationDeductionFen,
} from './quality.score.js';

const EXAMPLE: MonthInputs = {
  sla: { dueCount: 50, metCount: 45 },
  inspectionScoresBp: [8250, 8800],
  surveyRatings: [5, 5, 4, 3],
  workOrderRatings: [5, 4],
};

describe('monthly score (the worked example of the header)', () => {
  it('parts rounded to the bp, score from the rounded parts with weights 40/30/30', () => {
    expect(monthlyScore(EXAMPLE)).toEqual({
      scoreBp: 8657,
      sla: { bp: 9000, count: 50, weightBp: 4000 },
      inspection: { bp: 8525, count: 2, weightBp: 3000 },
      satisfaction: { bp: 8333, count: 6, weightBp: 3000 },
    });
  });

  it('a missing part is left out and the other weights re-normalised', () => {
    expect(monthlyScore({ ...EXAMPLE, inspectionScoresBp: [] })).toMatchObject({ scoreBp: 8714, inspection: null });
    expect(monthlyScore({ ...EXAMPLE, sla: { dueCount: 0, metCount: 0 }, surveyRatings: [], workOrderRatings: [] }).scoreBp).toBe(8525);
    expect(monthlyScore({ sla: { dueCount: 0, metCount: 0 }, inspectionScoresBp: [], surveyRatings: [], workOrderRatings: [] }).scoreBp).toBeNull();
  });

  it('only parts of weight 0 present → no score', () => {
    const w = { slaBp: 0, inspectionBp: 5000, satisfactionBp: 5000 };
    expect(monthlyScore({ ...EXAMPLE, inspectionScoresBp: [], surveyRatings: [], workOrderRatings: [] }, w).scoreBp).toBeNull();
  });

  it('ratings map linearly: 1 → 0, 3 → 5000, 5 → 10000; half a bp rounds up', () => {
    expect([1, 2, 3, 4, 5].map(ratingToBp)).toEqual([0, 2500, 5000, 7500, 10000]);
    expect(monthlyScore({ sla: { dueCount: 3, metCount: 2 }, inspectionScoresBp: [1, 2], surveyRatings: [], workOrderRatings: [] })).toMatchObject({
      sla: { bp: 6667 }, // 6666.67
      inspection: { bp: 2 }, // 1.5
      scoreBp: 3811, // (4000 × 6667 + 3000 × 2) / 7000 = 3810.57
    });
  });

  it('refuses weights not summing to 10000, bad counts, scores and ratings', () => {
    expect(() => monthlyScore(EXAMPLE, { slaBp: 4000, inspectionBp: 3000, satisfactionBp: 2000 })).toThrow('quality.bad_weights');
    expect(() => monthlyScore(EXAMPLE, { slaBp: -1, inspectionBp: 5001, satisfactionBp: 5000 })).toThrow(ValidationError);
    expect(() => monthlyScore({ ...EXAMPLE, sla: { dueCount: 1, metCount: 2 } })).toThrow('quality.bad_sla_counts');
    expect(() => monthlyScore({ ...EXAMPLE, inspectionScoresBp: [10001] })).toThrow('quality.bad_inspection_score');
    expect(() => monthlyScore({ ...EXAMPLE, surveyRatings: [6] })).toThrow('quality.bad_rating');
  });
});

const ratings = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 20 });
const monthArb: fc.Arbitrary<MonthInputs> = fc.record({
  sla: fc.integer({ min: 0, max: 200 }).chain((due) => fc.record({ dueCount: fc.constant(due), metCount: fc.integer({ min: 0, max: due }) })),
  inspectionScoresBp: fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 6 }),
  surveyRatings: ratings,
  workOrderRatings: ratings,
});
const weightsArb = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
  .map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const)
  .map(([x, y]) => ({ slaBp: x, inspectionBp: y - x, satisfactionBp: 10_000 - y }));

describe('score properties', () => {
  it('is a whole number within 0–10000, or null only when no weighted part is present', () => {
    fc.assert(
      fc.property(monthArb, weightsArb, (m, w) => {
        const s = monthlyScore(m, w);
        if (s.scoreBp === null) {
          expect([s.sla, s.inspection, s.satisfaction].every((p) => p === null || p.weightBp === 0)).toBe(true);
        } else {
          expect(Number.isInteger(s.scoreBp) && s.scoreBp >= 0 && s.scoreBp <= 10_000).toBe(true);
        }
      }),
    );
  });

  it('never falls when one more order meets its SLA, an inspection scores higher, or a rating rises', () => {
    fc.assert(
      fc.property(monthArb, weightsArb, fc.nat(), (m, w, pick) => {
        const before = monthlyScore(m, w).scoreBp ?? 0;
        const better: MonthInputs[] = [];
        if (m.sla.metCount < m.sla.dueCount) better.push({ ...m, sla: { ...m.sla, metCount: m.sla.metCount + 1 } });
        if (m.inspectionScoresBp.length > 0) {
          const i = pick % m.inspectionScoresBp.length;
          better.push({ ...m, inspectionScoresBp: m.inspectionScoresBp.map((s, j) => (j === i ? Math.min(10_000, s + 1 + (pick % 500)) : s)) });
        }
        if (m.surveyRatings.length > 0) {
          const i = pick % m.surveyRatings.length;
          better.push({ ...m, surveyRatings: m.surveyRatings.map((r, j) => (j === i ? Math.min(5, r + 1) : r)) });
        }
        if (m.workOrderRatings.length > 0) {
          const i = pick % m.workOrderRatings.length;
          better.push({ ...m, workOrderRatings: m.workOrderRatings.map((r, j) => (j === i ? Math.min(5, r + 1) : r)) });
        }
        for (const b of better) expect(monthlyScore(b, w).scoreBp ?? 0).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});

describe('remuneration deduction (the worked examples of the header)', () => {
  const REMUNERATION = 1_234_567; // 12,345.67 yuan

  it('score 86.50 on 12,345.67 yuan: 3.5 % = 43,209.845 fen → 43,210 fen deducted', () => {
    expect(remunerationDeductionFen(REMUNERATION, 8650)).toBe(43_210);
    expect(REMUNERATION - remunerationDeductionFen(REMUNERATION, 8650)).toBe(1_191_357);
  });

  it('nothing at or above 90 points, or without a score; a hundredth of a point below is 1 bp', () => {
    expect(remunerationDeductionFen(REMUNERATION, 9000)).toBe(0);
    expect(remunerationDeductionFen(REMUNERATION, 10_000)).toBe(0);
    expect(remunerationDeductionFen(REMUNERATION, null)).toBe(0);
    expect(remunerationDeductionFen(REMUNERATION, 8999)).toBe(123); // 123.4567
  });

  it('capped at 20 %: score 60 would be 30 %, deducts 246,913 fen (246,913.4)', () => {
    expect(remunerationDeductionFen(REMUNERATION, 6000)).toBe(246_913);
    expect(remunerationDeductionFen(REMUNERATION, 0)).toBe(246_913);
    expect(remunerationDeductionFen(REMUNERATION, 7000)).toBe(246_913); // exactly at the cap
  });

  it('the per-point fraction is rounded once, on the fen', () => {
    const rule: DeductionRule = { thresholdBp: 9000, perPointBp: 33, capBp: 10_000 };
    // gap 351 → 351 × 33 / 100 = 115.83 bp; 100,000 fen × 115.83 / 10000 = 1158.3 → 1158
    expect(remunerationDeductionFen(100_000, 8649, rule)).toBe(1158);
    // half a fen rounds up: 1 fen × 50 % = 0.5 → 1
    expect(remunerationDeductionFen(1, 0, { thresholdBp: 10_000, perPointBp: 50, capBp: 10_000 })).toBe(1);
  });

  it('refuses a rule outside 0–10000 and bad amounts or scores', () => {
    expect(() => remunerationDeductionFen(100, 8000, { ...DEFAULT_DEDUCTION_RULE, capBp: 10_001 })).toThrow('quality.bad_deduction_rule');
    expect(() => remunerationDeductionFen(100, 8000, { ...DEFAULT_DEDUCTION_RULE, perPointBp: 1.5 })).toThrow(ValidationError);
    expect(() => remunerationDeductionFen(-1, 8000)).toThrow(RangeError);
    expect(() => remunerationDeductionFen(100, 10_001)).toThrow(RangeError);
  });
});

describe('deduction properties', () => {
  const ruleArb = fc.record({ thresholdBp: fc.integer({ min: 0, max: 10_000 }), perPointBp: fc.integer({ min: 0, max: 10_000 }), capBp: fc.integer({ min: 0, max: 10_000 }) });
  const score = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null });
  const fen = fc.integer({ min: 0, max: 10_000_000_000 });

  it('is whole fen, never negative, never above the capped share, never above the remuneration', () => {
    fc.assert(
      fc.property(fen, score, ruleArb, (r, s, rule) => {
        const d = remunerationDeductionFen(r, s, rule);
        expect(Number.isSafeInteger(d) && d >= 0 && d <= r).toBe(true);
        // d ≤ round_half_up(r × cap / 10000)
        expect(BigInt(d) * 10_000n).toBeLessThanOrEqual(BigInt(r) * BigInt(rule.capBp) + 5_000n);
      }),
    );
  });

  it('never rises as the score rises', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), ruleArb, (r, a, b, rule) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(remunerationDeductionFen(r, hi, rule)).toBeLessThanOrEqual(remunerationDeductionFen(r, lo, rule));
      }),
    );
  });
});

describe('survey aggregation', () => {
  const answers = (category: string, ratingsList: number[], prefix = 'u'): SurveyResponse[] => ratingsList.map((rating, i) => ({ category, householdKey: `${prefix}${i}`, rating }));

  it('per category: mean × 100 and on the score scale, answers per rating', () => {
    const [cleaning] = aggregateSurvey(answers('cleaning', [5, 5, 4, 3, 5, 4]));
    expect(cleaning).toEqual({ category: 'cleaning', responses: 6, suppressed: false, meanRatingX100: 433, scoreBp: 8333, counts: [0, 0, 1, 2, 3] });
  });

  it('fewer than 5 households: the count is shown, the figures are not', () => {
    const result = aggregateSurvey([...answers('greening', [1, 2, 1, 1]), ...answers('security', [4, 4, 4, 4, 5])]);
    expect(result).toEqual([
      { category: 'greening', responses: 4, suppressed: true, meanRatingX100: null, scoreBp: null, counts: null },
      { category: 'security', responses: 5, suppressed: false, meanRatingX100: 420, scoreBp: 8000, counts: [0, 0, 0, 4, 1] },
    ]);
    expect(aggregateSurvey(answers('greening', [1, 2, 1, 1]), 4)[0]!.suppressed).toBe(false);
  });

  it('one answer per household and category: the later replaces the earlier', () => {
    const kept = dedupeResponses([
      { category: 'cleaning', householdKey: '3-2-1201', rating: 1 },
      { category: 'security', householdKey: '3-2-1201', rating: 2 },
      { category: 'cleaning', householdKey: '3-2-1201', rating: 5 },
      { category: 'cleaning', householdKey: '3-2-1202', rating: 4 },
    ]);
    expect(kept.map((r) => [r.category, r.householdKey, r.rating])).toEqual([
      ['security', '3-2-1201', 2],
      ['cleaning', '3-2-1201', 5],
      ['cleaning', '3-2-1202', 4],
    ]);
    const many = aggregateSurvey([...answers('cleaning', [1, 1, 1, 1, 1]), ...answers('cleaning', [5, 5, 5, 5, 5])]);
    expect(many[0]).toMatchObject({ responses: 5, meanRatingX100: 500 });
    expect(() => dedupeResponses([{ category: 'x', householdKey: 'y', rating: 0 }])).toThrow('quality.bad_rating');
  });
});

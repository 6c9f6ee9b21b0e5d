import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRateBp, divRoundHalfUp, formatFen, parseYuan } from './money.js';

describe('money', () => {
  it('the documented examples', () => {
    expect(applyRateBp(10_000, 1500)).toBe(1500);
    expect(applyRateBp(3, 1500)).toBe(0);
    expect(applyRateBp(10, 1500)).toBe(2);
    expect(applyRateBp(-10, 1500)).toBe(-2);
    expect(applyRateBp(123_456_789, 1234)).toBe(15_234_568);
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(-5)).toBe('-¥0.05');
    expect(parseYuan('1234.5')).toBe(123450);
  });
  it('half-up division agrees with the exact rational and is within half a unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const q = divRoundHalfUp(n, d);
        // |n/d − q| ≤ 1/2, and exactly 1/2 only when rounding away from zero
        const diff2 = (n - q * d) * 2n; // = 2d(n/d − q)
        expect(diff2 <= d && diff2 >= -d).toBe(true);
        if (diff2 === d || diff2 === -d) expect(q === 0n ? false : (q > 0n) === (n > 0n)).toBe(true);
      }),
    );
  });
  it('formatFen and parseYuan round-trip', () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (fen) => {
        expect(parseYuan(formatFen(fen).replace('¥', '').replaceAll(',', ''))).toBe(fen);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { billStatus, fenToYuanText, formatBp, formatRateCf, parseRateYuanToCf, stageKey } from './billingUtil';

describe('billing display helpers', () => {
  it('parses a rate in yuan to centi-fen exactly, at most four decimals', () => {
    expect(parseRateYuanToCf('1.10')).toBe(11000);
    expect(parseRateYuanToCf('1.1')).toBe(11000);
    expect(parseRateYuanToCf('2.3456')).toBe(23456);
    expect(parseRateYuanToCf(' ¥0.0001 ')).toBe(1);
    expect(parseRateYuanToCf('3')).toBe(30000);
    // 0.1 + 0.2 style float trouble cannot happen: parsed as text
    expect(parseRateYuanToCf('0.29')).toBe(2900);
    for (const bad of ['', '0', '0.0000', '1.23456', '-1', '1,10', 'abc', '10000.0001']) expect(parseRateYuanToCf(bad), bad).toBeNull();
  });

  it('formats rates, basis points and yuan from integers', () => {
    expect(formatRateCf(11000)).toBe('1.10');
    expect(formatRateCf(23456)).toBe('2.3456');
    expect(formatRateCf(23450)).toBe('2.345');
    expect(formatBp(9950)).toBe('99.50%');
    expect(formatBp(10000)).toBe('100.00%');
    expect(formatBp(5)).toBe('0.05%');
    expect(formatBp(null)).toBeNull();
    expect(fenToYuanText(10980)).toBe('109.80');
    expect(fenToYuanText(5)).toBe('0.05');
  });

  it('tells a bill’s status', () => {
    const b = { amountFen: 10000, dueOn: '2026-05-31' };
    expect(billStatus({ ...b, paidFen: 10000 }, '2026-07-01')).toBe('settled');
    expect(billStatus({ ...b, paidFen: 0 }, '2026-05-31')).toBe('due');
    expect(billStatus({ ...b, paidFen: 500 }, '2026-05-31')).toBe('partial');
    expect(billStatus({ ...b, paidFen: 500 }, '2026-06-01')).toBe('overdue');
    expect(billStatus({ ...b, paidFen: 0 }, '2026-06-01')).toBe('overdue');
  });

  it('names the reminder stages', () => {
    expect([1, 2, 3, 4].map(stageKey)).toEqual(['s1', 's2', 's3', 's3']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatAreaCm2, formatPercent } from './format';

describe('display formats', () => {
  it('shows areas in m² with two decimals from integer centi-m²', () => {
    expect(formatAreaCm2(8532)).toBe('85.32 m²');
    expect(formatAreaCm2(5)).toBe('0.05 m²');
    expect(formatAreaCm2(123456789)).toBe('1,234,567.89 m²');
    expect(formatAreaCm2(9007199254740993n)).toBe('90,071,992,547,409.93 m²');
  });

  it('truncates percentages, never overstating a share', () => {
    expect(formatPercent(2, 3)).toBe('66.66%');
    expect(formatPercent(1, 3)).toBe('33.33%');
    expect(formatPercent(3, 4)).toBe('75.00%');
    expect(formatPercent(5, 5)).toBe('100.00%');
    expect(formatPercent(0, 7)).toBe('0.00%');
    // 2/3 of a large area stays exact (no float): 66.66%, not 66.67%
    expect(formatPercent(2_000_000_000_002, 3_000_000_000_003)).toBe('66.66%');
    expect(formatPercent(1, 0)).toBe('—');
  });
});

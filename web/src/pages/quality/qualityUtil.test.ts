import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { bpText } from '../../format';
import { ageParts, lastMonths, nextDue, pointsToBp, slaSpan } from './qualityUtil';

const sla = { responseMinutes: 30, completionMinutes: 960, calendar: 'working' as const, responseDueAt: 'R', completionDueAt: 'C', responseMet: null, completionMet: null, overdue: false };

describe('quality helpers', () => {
  it('the due time that matters: response before assignment, completion while worked, none after', () => {
    expect(nextDue({ state: 'submitted', sla })).toBe('R');
    expect(nextDue({ state: 'assigned', sla })).toBe('C');
    expect(nextDue({ state: 'in_progress', sla })).toBe('C');
    for (const state of ['resolved', 'closed', 'cancelled'] as const) expect(nextDue({ state, sla })).toBeNull();
  });

  it('age in days, hours and minutes, to the end once closed', () => {
    const submittedAt = '2026-01-01T00:00:00Z';
    expect(ageParts({ submittedAt, closedAt: null, cancelledAt: null }, dayjs('2026-01-03T05:07:00Z'))).toEqual({ days: 2, hours: 5, minutes: 7 });
    expect(ageParts({ submittedAt, closedAt: '2026-01-01T01:30:00Z', cancelledAt: null }, dayjs('2027-01-01T00:00:00Z'))).toEqual({ days: 0, hours: 1, minutes: 30 });
  });

  it('the last months, oldest first, across a year end', () => {
    expect(lastMonths(3, dayjs('2026-02-10T12:00:00'))).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('inspection points to basis points, 0–100 only', () => {
    expect(pointsToBp(86.5)).toBe(8650);
    expect(pointsToBp(100)).toBe(10_000);
    expect(pointsToBp(0)).toBe(0);
    expect(pointsToBp(100.01)).toBeNull();
    expect(pointsToBp(-1)).toBeNull();
    expect(pointsToBp(null)).toBeNull();
  });

  it('an SLA in whole hours when it divides, else in minutes', () => {
    expect(slaSpan(30)).toEqual({ unit: 'minutes', n: 30 });
    expect(slaSpan(960)).toEqual({ unit: 'hours', n: 16 });
    expect(slaSpan(90)).toEqual({ unit: 'minutes', n: 90 });
    expect(slaSpan(60)).toEqual({ unit: 'hours', n: 1 });
  });
});

describe('bpText', () => {
  it('writes basis points with two exact decimals', () => {
    expect(bpText(8063)).toBe('80.63');
    expect(bpText(937)).toBe('9.37');
    expect(bpText(10000)).toBe('100.00');
    expect(bpText(5)).toBe('0.05');
  });
});

/** Working-hour calendars: examples of SLA due times, properties against a day-by-day reference. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.js';
import { CALENDAR_24X7, type Calendar, type WorkingCalendarConfig, addWorkingMs, isWorkingDay, dayOfDate, workingCalendar, workingMsBetween } from './quality.calendar.js';

const MIN = 60_000;
const HOUR = 3_600_000;
/** A Shanghai wall-clock time 'YYYY-MM-DD HH:MM' as an instant. */
const sh = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
/** An instant as Shanghai wall-clock time 'YYYY-MM-DD HH:MM'. */
const wall = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

/** The test's own holiday table (the shape of the State Council's annual notice, not a copy of it). */
const NATIONAL_DAY_2026: WorkingCalendarConfig = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdaysExtra: ['2026-09-27', '2026-10-10'],
};

describe('SLA due times (default hours 08:30–12:00, 13:30–18:00, Monday–Friday)', () => {
  const cal = workingCalendar(NATIONAL_DAY_2026);
  const due = (filed: string, minutes: number, c: Calendar = cal) => wall(addWorkingMs(c, sh(filed), minutes * MIN));

  it('filed Friday 17:30 with 30 minutes: all 30 fit before closing, due Friday 18:00', () => {
    expect(due('2026-11-27 17:30', 30)).toBe('2026-11-27 18:00');
  });

  it('filed Friday 17:50: 10 minutes on Friday, 20 on Monday, due Monday 08:50', () => {
    expect(due('2026-11-27 17:50', 30)).toBe('2026-11-30 08:50');
    expect(workingMsBetween(cal, sh('2026-11-27 17:50'), sh('2026-11-30 08:50'))).toBe(30 * MIN);
  });

  it('filed on a Saturday or at lunch: counting starts at the next working instant', () => {
    expect(due('2026-11-28 10:00', 30)).toBe('2026-11-30 09:00');
    expect(due('2026-11-30 12:10', 30)).toBe('2026-11-30 14:00');
    expect(due('2026-11-30 07:00', 30)).toBe('2026-11-30 09:00');
    expect(due('2026-11-30 11:45', 30)).toBe('2026-11-30 13:45');
  });

  it('over 国庆: Wednesday 30 September 17:00 with two hours is due Thursday 8 October 09:30', () => {
    expect(due('2026-09-30 17:00', 120)).toBe('2026-10-08 09:30');
    expect(workingMsBetween(cal, sh('2026-10-01 00:00'), sh('2026-10-08 00:00'))).toBe(0);
  });

  it('on the 调休 Saturday 10 October and Sunday 27 September: normal working hours', () => {
    expect(due('2026-10-09 17:45', 30)).toBe('2026-10-10 08:45');
    expect(due('2026-09-27 10:00', 60)).toBe('2026-09-27 11:00');
    expect(isWorkingDay(cal, dayOfDate('2026-10-10'))).toBe(true);
    expect(isWorkingDay(cal, dayOfDate('2026-10-11'))).toBe(false);
    expect(isWorkingDay(cal, dayOfDate('2026-10-05'))).toBe(false);
  });

  it('a 16-working-hour completion target spans two working days', () => {
    expect(due('2026-11-30 10:00', 960)).toBe('2026-12-02 10:00');
  });

  it('24x7 counts every minute', () => {
    expect(due('2026-11-27 17:50', 30, CALENDAR_24X7)).toBe('2026-11-27 18:20');
    expect(due('2026-10-01 23:50', 15, CALENDAR_24X7)).toBe('2026-10-02 00:05');
  });

  it('ms = 0 is due at once; nothing is counted backwards', () => {
    expect(addWorkingMs(cal, sh('2026-11-28 10:00'), 0)).toEqual(sh('2026-11-28 10:00'));
    expect(workingMsBetween(cal, sh('2026-11-30 10:00'), sh('2026-11-30 09:00'))).toBe(0);
  });

  it('two years in one step: equals the day-by-day count, and is fast', () => {
    const plain = workingCalendar();
    const [a, b] = [sh('2026-01-01 00:00'), sh('2028-01-01 00:00')];
    expect(workingMsBetween(plain, a, b)).toBe(referenceBetween({}, a.getTime(), b.getTime()));
    expect(workingMsBetween(plain, a, b)).toBe(522 * 8 * HOUR); // 2026 and 2027 have 261 weekdays each
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) addWorkingMs(cal, a, 522 * 8 * HOUR + i);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(wall(addWorkingMs(plain, a, 522 * 8 * HOUR))).toBe('2027-12-31 18:00');
  });
});

describe('validation', () => {
  const bad = (config: WorkingCalendarConfig, key: string) => {
    expect(() => workingCalendar(config)).toThrow(ValidationError);
    expect(() => workingCalendar(config)).toThrow(key);
  };
  it('refuses overlapping, inverted and malformed hours', () => {
    bad({ hours: [{ from: '08:30', to: '12:00' }, { from: '11:30', to: '18:00' }] }, 'quality.calendar_overlapping_intervals');
    bad({ hours: [{ from: '12:00', to: '08:30' }] }, 'quality.calendar_inverted_interval');
    bad({ hours: [{ from: '09:00', to: '09:00' }] }, 'quality.calendar_inverted_interval');
    bad({ hours: [{ from: '8:30', to: '12:00' }] }, 'quality.calendar_bad_time');
    bad({ hours: [{ from: '08:60', to: '12:00' }] }, 'quality.calendar_bad_time');
    bad({ hours: [{ from: '20:00', to: '24:01' }] }, 'quality.calendar_bad_time');
    bad({ hours: [] }, 'quality.calendar_no_hours');
  });
  it('refuses bad weekdays and dates, and a day both holiday and make-up day', () => {
    bad({ workdays: [0] }, 'quality.calendar_bad_weekday');
    bad({ workdays: [8] }, 'quality.calendar_bad_weekday');
    bad({ workdays: [] }, 'quality.calendar_no_workdays');
    bad({ holidays: ['2026-02-30'] }, 'quality.calendar_bad_date');
    bad({ workdaysExtra: ['2026/10/10'] }, 'quality.calendar_bad_date');
    bad({ holidays: ['2026-10-10'], workdaysExtra: ['2026-10-10'] }, 'quality.calendar_holiday_and_workday');
  });
  it('accepts touching intervals, hours to 24:00, and intervals in any order', () => {
    const c = workingCalendar({ hours: [{ from: '13:00', to: '24:00' }, { from: '00:00', to: '13:00' }], workdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(workingMsBetween(c, sh('2026-11-27 17:30'), sh('2026-11-29 17:30'))).toBe(48 * HOUR);
  });
  it('refuses a negative or fractional working time and an invalid date', () => {
    expect(() => addWorkingMs(CALENDAR_24X7, sh('2026-11-27 17:30'), -1)).toThrow(RangeError);
    expect(() => addWorkingMs(CALENDAR_24X7, sh('2026-11-27 17:30'), 0.5)).toThrow(RangeError);
    expect(() => workingMsBetween(CALENDAR_24X7, new Date(Number.NaN), new Date())).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// properties, against a slow reference that walks day by day and finds weekdays through Date

function referenceBetween(config: WorkingCalendarConfig, a: number, b: number): number {
  const workdays = config.workdays ?? [1, 2, 3, 4, 5];
  const hours = (config.hours ?? [{ from: '08:30', to: '12:00' }, { from: '13:30', to: '18:00' }]).map(({ from, to }) => {
    const ms = (t: string) => (Number(t.slice(0, 2)) * 60 + Number(t.slice(3))) * MIN;
    return [ms(from), ms(to)] as const;
  });
  let total = 0;
  for (let dayStart = Math.floor((a + 8 * HOUR) / 86_400_000) * 86_400_000 - 8 * HOUR; dayStart < b; dayStart += 86_400_000) {
    const local = new Date(dayStart + 8 * HOUR);
    const date = local.toISOString().slice(0, 10);
    const iso = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
    const working = !config.holidays?.includes(date) && (config.workdaysExtra?.includes(date) || workdays.includes(iso));
    if (!working) continue;
    for (const [from, to] of hours) total += Math.max(0, Math.min(b, dayStart + to) - Math.max(a, dayStart + from));
  }
  return total;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const dateIn2026 = fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));

const configArb: fc.Arbitrary<WorkingCalendarConfig> = fc
  .record({
    workdays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    bounds: fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 6 }),
    holidays: fc.uniqueArray(dateIn2026, { maxLength: 20 }),
    extras: fc.uniqueArray(dateIn2026, { maxLength: 10 }),
  })
  .filter((r) => r.bounds.length % 2 === 0)
  .map((r) => {
    const sorted = [...r.bounds].sort((x, y) => x - y);
    const hours = [];
    for (let i = 0; i < sorted.length; i += 2) hours.push({ from: hhmm(sorted[i]!), to: hhmm(sorted[i + 1]!) });
    return { workdays: r.workdays, hours, holidays: r.holidays, workdaysExtra: r.extras.filter((d) => !r.holidays.includes(d)) };
  });

const anyConfig = fc.oneof(configArb, fc.constant<WorkingCalendarConfig>({}), fc.constant(NATIONAL_DAY_2026));
/** instants over 2025–2027 at ms precision, so both minute boundaries and odd ms are hit */
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 1, 1) }),
  fc.integer({ min: Date.UTC(2025, 11, 1) / MIN, max: Date.UTC(2027, 1, 1) / MIN }).map((m) => m * MIN),
);

describe('properties', () => {
  it('agrees with the day-by-day reference', () => {
    fc.assert(
      fc.property(anyConfig, instant, fc.integer({ min: 0, max: 60 * 86_400_000 }), (config, a, span) => {
        expect(workingMsBetween(workingCalendar(config), new Date(a), new Date(a + span))).toBe(referenceBetween(config, a, a + span));
      }),
    );
  });

  it('is monotonic in the end and additive over a split', () => {
    fc.assert(
      fc.property(anyConfig, fc.array(instant, { minLength: 3, maxLength: 3 }), (config, xs) => {
        const cal = workingCalendar(config);
        const [a, b, c] = [...xs].sort((x, y) => x - y).map((t) => new Date(t)) as [Date, Date, Date];
        expect(workingMsBetween(cal, a, b)).toBeLessThanOrEqual(workingMsBetween(cal, a, c));
        expect(workingMsBetween(cal, a, c)).toBe(workingMsBetween(cal, a, b) + workingMsBetween(cal, b, c));
      }),
    );
  });

  it('addWorkingMs is the earliest instant at which exactly ms has elapsed', () => {
    fc.assert(
      fc.property(anyConfig, instant, fc.integer({ min: 0, max: 400 * 8 * HOUR }), (config, s, ms) => {
        const cal = workingCalendar(config);
        const due = addWorkingMs(cal, new Date(s), ms);
        expect(due.getTime()).toBeGreaterThanOrEqual(s);
        expect(workingMsBetween(cal, new Date(s), due)).toBe(ms);
        if (ms > 0) expect(workingMsBetween(cal, new Date(s), new Date(due.getTime() - 1))).toBe(ms - 1);
      }),
    );
  });

  it('24x7, and a working calendar of every day 00:00–24:00, equal the plain difference', () => {
    const allDay = workingCalendar({ workdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ from: '00:00', to: '24:00' }] });
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 10 ** 11 }), (a, b, ms) => {
        for (const cal of [CALENDAR_24X7, allDay]) {
          expect(workingMsBetween(cal, new Date(a), new Date(b))).toBe(Math.max(0, b - a));
          expect(addWorkingMs(cal, new Date(a), ms).getTime()).toBe(a + ms);
        }
      }),
    );
  });
});

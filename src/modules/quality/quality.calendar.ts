/**
 * Working-hour calendars for SLA timers (DESIGN §2.6), pure. A work order's "30 working minutes"
 * count only the trustee's service hours; security and emergency categories run on the '24x7'
 * calendar, where working time is plain elapsed time.
 *
 * Time zone: every community is in Asia/Shanghai, which has been UTC+8 with no daylight saving
 * since 1991. The calendar therefore converts between instants and local wall-clock time by the
 * fixed offset SHANGHAI_OFFSET_MS instead of a time-zone database: every local day is exactly
 * 86,400,000 ms, and local day n (days since 1970-01-01) starts at n × DAY_MS − SHANGHAI_OFFSET_MS.
 * (Instants before 1991 would be off by the hour of the old summer time; no SLA starts then.)
 *
 * Everything is integer milliseconds. Both functions go through one cumulative function
 *
 *     W(t) = working ms from local 1970-01-01 00:00 up to t   (negative before it)
 *
 * computed in O(log holidays): whole weeks by arithmetic, holidays and make-up days
 * (调休) by binary search over a sorted list, the day itself interval by interval. Then
 * workingMsBetween(a, b) = W(b) − W(a), which makes it exactly additive, and addWorkingMs
 * searches (galloping, then bisection over days) for the first day whose end reaches
 * W(start) + ms — a two-year span costs a few dozen evaluations, never a loop over minutes.
 */
import './quality.messages.js';
import { ValidationError } from '../../platform/errors.js';
import { isDate } from '../ledger/ledger.rules.js';

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export type CalendarKind = 'working' | '24x7';

export interface WorkingInterval {
  /** local time 'HH:MM', inclusive */
  from: string;
  /** local time 'HH:MM' (up to '24:00'), exclusive */
  to: string;
}

export interface WorkingCalendarConfig {
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are working days; default Monday–Friday */
  workdays?: readonly number[];
  /** service hours of a working day; default 08:30–12:00 and 13:30–18:00 (8 hours) */
  hours?: readonly WorkingInterval[];
  /** public holidays (YYYY-MM-DD), e.g. 国庆 2026-10-01 … 2026-10-07: no working time */
  holidays?: readonly string[];
  /** make-up working days (调休, YYYY-MM-DD): a Saturday or Sunday worked with the normal hours */
  workdaysExtra?: readonly string[];
}

export const DEFAULT_WORKDAYS: readonly number[] = [1, 2, 3, 4, 5];
export const DEFAULT_HOURS: readonly WorkingInterval[] = [
  { from: '08:30', to: '12:00' },
  { from: '13:30', to: '18:00' },
];

/** A validated calendar; build it with workingCalendar() or use CALENDAR_24X7. */
export type Calendar =
  | { readonly kind: '24x7' }
  | {
      readonly kind: 'working';
      /** index 0–6 = ISO weekday 1–7 */
      readonly weekday: readonly boolean[];
      /** [from, to) in ms after local midnight, sorted, not overlapping */
      readonly intervals: readonly (readonly [number, number])[];
      readonly dayMs: number;
      /** local day numbers whose working status differs from their weekday's, sorted */
      readonly exceptionDays: readonly number[];
      /** +1 (extra working day) or −1 (holiday on a working weekday), by exceptionDays index */
      readonly exceptionDelta: readonly number[];
      /** Σ exceptionDelta[0..i) (length exceptionDays.length + 1) */
      readonly exceptionPrefix: readonly number[];
      /** for each d in 0..6: how many of local days 0..d−1 fall on a working weekday */
      readonly weekPrefix: readonly number[];
    };

export const CALENDAR_24X7: Calendar = { kind: '24x7' };

const floorDiv = (a: number, b: number) => Math.floor(a / b);
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** ISO weekday (1–7) of local day n; day 0 (1970-01-01) was a Thursday. */
export const isoWeekdayOfDay = (day: number) => mod(day + 3, 7) + 1;

/** Local day number of a YYYY-MM-DD date. */
export const dayOfDate = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Local day number of an instant. */
export const dayOfInstant = (ms: number) => floorDiv(ms + SHANGHAI_OFFSET_MS, DAY_MS);

/** The instant local day n starts (00:00 Asia/Shanghai). */
export const startOfDay = (day: number) => day * DAY_MS - SHANGHAI_OFFSET_MS;

function parseClock(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return (h * 60 + min) * MINUTE_MS;
}

/**
 * Validates a configuration and builds the calendar. Refused (ValidationError): a weekday outside
 * 1–7 or no working weekday at all (a timer would never run out); no hours, a time that is not
 * HH:MM, an interval whose end is not after its start, intervals that overlap (touching is fine:
 * 12:00–12:00 adds nothing); a date that is not a real YYYY-MM-DD date; a date both a holiday
 * and a make-up day.
 */
export function workingCalendar(config: WorkingCalendarConfig = {}): Calendar {
  const workdays = config.workdays ?? DEFAULT_WORKDAYS;
  const hours = config.hours ?? DEFAULT_HOURS;
  for (const d of workdays) if (!Number.isInteger(d) || d < 1 || d > 7) throw new ValidationError('quality.calendar_bad_weekday', { value: String(d) });
  if (workdays.length === 0) throw new ValidationError('quality.calendar_no_workdays');
  if (hours.length === 0) throw new ValidationError('quality.calendar_no_hours');

  const intervals: [number, number][] = [];
  for (const h of hours) {
    const [from, to] = [parseClock(h.from), parseClock(h.to)];
    if (from === null || to === null) throw new ValidationError('quality.calendar_bad_time', { value: `${h.from}–${h.to}` });
    if (to <= from) throw new ValidationError('quality.calendar_inverted_interval', { value: `${h.from}–${h.to}` });
    intervals.push([from, to]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < intervals.length; i++) {
    if (intervals[i]![0] < intervals[i - 1]![1]) {
      throw new ValidationError('quality.calendar_overlapping_intervals', { value: hours.map((h) => `${h.from}–${h.to}`).join(', ') });
    }
  }

  const weekday = Array.from({ length: 7 }, (_, i) => workdays.includes(i + 1));
  const holidays = new Set(datesToDays(config.holidays ?? []));
  const extras = new Set(datesToDays(config.workdaysExtra ?? []));
  for (const d of extras) if (holidays.has(d)) throw new ValidationError('quality.calendar_holiday_and_workday', { date: dateOfDay(d) });

  const exceptions: [number, number][] = [];
  for (const d of holidays) if (weekday[isoWeekdayOfDay(d) - 1]) exceptions.push([d, -1]);
  for (const d of extras) if (!weekday[isoWeekdayOfDay(d) - 1]) exceptions.push([d, +1]);
  exceptions.sort((a, b) => a[0] - b[0]);
  const exceptionPrefix = [0];
  for (const [, delta] of exceptions) exceptionPrefix.push(exceptionPrefix.at(-1)! + delta);
  const weekPrefix = [0];
  for (let d = 0; d < 7; d++) weekPrefix.push(weekPrefix.at(-1)! + (weekday[isoWeekdayOfDay(d) - 1] ? 1 : 0));

  return {
    kind: 'working',
    weekday,
    intervals,
    dayMs: intervals.reduce((sum, [from, to]) => sum + to - from, 0),
    exceptionDays: exceptions.map(([d]) => d),
    exceptionDelta: exceptions.map(([, delta]) => delta),
    exceptionPrefix,
    weekPrefix,
  };
}

function datesToDays(dates: readonly string[]): number[] {
  return dates.map((date) => {
    if (!isDate(date)) throw new ValidationError('quality.calendar_bad_date', { value: date });
    return dayOfDate(date);
  });
}

const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

type WorkingCalendar = Extract<Calendar, { kind: 'working' }>;

/** Index of the first exception day ≥ day. */
function exceptionIndex(cal: WorkingCalendar, day: number): number {
  let [lo, hi] = [0, cal.exceptionDays.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cal.exceptionDays[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Is local day n a working day (its weekday, unless a holiday or a make-up day says otherwise)? */
export function isWorkingDay(cal: Calendar, day: number): boolean {
  if (cal.kind === '24x7') return true;
  const i = exceptionIndex(cal, day);
  if (cal.exceptionDays[i] === day) return cal.exceptionDelta[i] === 1;
  return cal.weekday[isoWeekdayOfDay(day) - 1]!;
}

/** Working days among local days [0, day) (negative for day < 0, so differences are counts). */
function workingDaysBefore(cal: WorkingCalendar, day: number): number {
  const perWeek = cal.weekPrefix[7]!;
  return floorDiv(day, 7) * perWeek + cal.weekPrefix[mod(day, 7)]! + cal.exceptionPrefix[exceptionIndex(cal, day)]!;
}

/** W(t): working ms from local 1970-01-01 00:00 to the instant t. */
function cumulative(cal: WorkingCalendar, t: number): number {
  const day = dayOfInstant(t);
  let ms = workingDaysBefore(cal, day) * cal.dayMs;
  if (isWorkingDay(cal, day)) {
    const sinceMidnight = t - startOfDay(day);
    for (const [from, to] of cal.intervals) ms += Math.max(0, Math.min(to, sinceMidnight) - from);
  }
  return ms;
}

function instant(at: Date, what: string): number {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${what} is not a valid date`);
  return t;
}

/** Working time in [start, end), in ms; 0 when end ≤ start. */
export function workingMsBetween(cal: Calendar, start: Date, end: Date): number {
  const [a, b] = [instant(start, 'start'), instant(end, 'end')];
  if (b <= a) return 0;
  if (cal.kind === '24x7') return b - a;
  return cumulative(cal, b) - cumulative(cal, a);
}

/**
 * The earliest instant at which `ms` of working time has elapsed since `start`. Outside working
 * time the count starts at the next working instant, and a target reached exactly at the end of
 * a working interval is due at that end (17:30 + 30 working minutes = 18:00 the same day, not
 * 08:30 the next working day). ms = 0 gives `start` itself: nothing needs to elapse.
 */
export function addWorkingMs(cal: Calendar, start: Date, ms: number): Date {
  const s = instant(start, 'start');
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`working time must be a non-negative whole number of ms, got ${ms}`);
  if (ms === 0) return new Date(s);
  if (cal.kind === '24x7') return new Date(s + ms);
  const target = cumulative(cal, s) + ms;
  const reachedBy = (day: number) => workingDaysBefore(cal, day + 1) * cal.dayMs >= target;
  // the due day is the first day d ≥ the start's whose end reaches the target
  let lo = dayOfInstant(s);
  let step = 1;
  let hi = lo;
  while (!reachedBy(hi)) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  while (lo < hi) {
    const mid = floorDiv(lo + hi, 2);
    if (reachedBy(mid)) hi = mid;
    else lo = mid + 1;
  }
  let remaining = target - workingDaysBefore(cal, lo) * cal.dayMs;
  for (const [from, to] of cal.intervals) {
    if (remaining <= to - from) return new Date(startOfDay(lo) + from + remaining);
    remaining -= to - from;
  }
  throw new Error('unreachable: the due day holds the remaining working time');
}

/** Working minutes → ms, for SLA targets written in minutes. */
export const minutesToMs = (minutes: number) => minutes * MINUTE_MS;

/**
 * Billing rules (DESIGN §2.3), pure: fee amounts, billing periods, allocation of payments,
 * collection figures, arrears aging, small-group suppression and the reminder path.
 *
 * Rates are **centi-fen per m² per month** (the DESIGN's "fen per m² with two decimals"):
 * 1.10 yuan/m² = 110.00 fen/m² = 11000 cf. Areas are centi-m² (cm2). A month's fee is
 *
 *     amount_fen = round_half_up(area_cm2 × rate_cf / 10000)
 *
 * in integer arithmetic, once per unit and month (a quarterly or yearly bill is the sum of its
 * months, so it always equals the monthly bills it replaces). Worked examples (tested):
 *   89.37 m² × 1.10 yuan   → 8937 × 11000 / 10000 = 9830.7    → 9831 fen  (98.31 yuan)
 *   100.00 m² × 1.10 yuan  → 10000 × 11000 / 10000 = 11000    → 11000 fen (110.00 yuan)
 *   75.45 m² × 1.40 yuan   → 7545 × 14000 / 10000 = 10563     → 10563 fen (105.63 yuan)
 *   0.01 m² × 0.50 yuan    → 1 × 5000 / 10000 = 0.5            → 1 fen (half rounds up)
 *   0.01 m² × 0.49 yuan    → 1 × 4900 / 10000 = 0.49           → 0 fen
 *   123.45 m² × 2.3456 yuan (234.56 fen) → 12345 × 23456 / 10000 = 28956.432 → 28956 fen
 *   a quarter of 89.37 m² × 1.10 → 3 × 9831 = 29493 fen (not round(3 × 9830.7) = 29492)
 */
import { divRoundHalfUp } from '../../platform/money.js';
import { isDate, isPeriod, lastDayOf, nextPeriod } from '../ledger/ledger.rules.js';

export const MAX_RATE_CF = 100_000_000; // 10,000 yuan per m² per month: anything above is a typo

/** One month's fee: round_half_up(area_cm2 × rate_cf / 10000). */
export function monthlyFeeFen(areaCm2: number, rateCf: number): number {
  if (!Number.isSafeInteger(areaCm2) || areaCm2 <= 0) throw new RangeError(`area must be positive centi-m², got ${areaCm2}`);
  if (!Number.isSafeInteger(rateCf) || rateCf <= 0) throw new RangeError(`rate must be positive centi-fen, got ${rateCf}`);
  return Number(divRoundHalfUp(BigInt(areaCm2) * BigInt(rateCf), 10_000n));
}

/** "1.10" (yuan per m², up to four decimals) → 11000 cf; null when not such a number. */
export function parseRateYuan(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return null;
  const cf = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return cf > 0 && cf <= MAX_RATE_CF ? cf : null;
}

/** 11000 → "1.10", 23456 → "2.3456" (yuan per m², at least two decimals). */
export function formatRateCf(cf: number): string {
  let frac = String(cf % 10_000).padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${Math.trunc(cf / 10_000)}.${frac}`;
}

// ---------------------------------------------------------------------------------------------
// periods

export type PeriodKind = 'month' | 'quarter' | 'year';
export interface BillingPeriod {
  period: string;
  kind: PeriodKind;
  months: string[];
  firstMonth: string;
  lastMonth: string;
}

/** "2025-03" (a month), "2025-Q1" (a quarter) or "2025" (a year); null when none of those. */
export function parseBillingPeriod(text: string): BillingPeriod | null {
  let first: string;
  let count: number;
  let kind: PeriodKind;
  if (isPeriod(text)) {
    [first, count, kind] = [text, 1, 'month'];
  } else if (/^\d{4}-Q[1-4]$/.test(text)) {
    const q = Number(text.slice(6));
    [first, count, kind] = [`${text.slice(0, 4)}-${String(q * 3 - 2).padStart(2, '0')}`, 3, 'quarter'];
  } else if (/^\d{4}$/.test(text) && text >= '2000' && text <= '2099') {
    [first, count, kind] = [`${text}-01`, 12, 'year'];
  } else {
    return null;
  }
  const months = [first];
  while (months.length < count) months.push(nextPeriod(months.at(-1)!));
  return { period: text, kind, months, firstMonth: first, lastMonth: months.at(-1)! };
}

/** Do two month ranges share a month? */
export const rangesOverlap = (a: { firstMonth: string; lastMonth: string }, b: { firstMonth: string; lastMonth: string }) =>
  a.firstMonth <= b.lastMonth && b.firstMonth <= a.lastMonth;

// ---------------------------------------------------------------------------------------------
// schedules and bills

export interface Schedule {
  id: number;
  unitKind: string;
  rateCf: number;
  /** the first day of a month: a month is billed at the rate in effect on its first day */
  effectiveFrom: string;
}

export const isFirstOfMonth = (d: string) => isDate(d) && d.endsWith('-01');

/** The schedule in effect for a kind of unit in a month (latest effective date on or before the 1st). */
export function scheduleFor(schedules: readonly Schedule[], unitKind: string, month: string): Schedule | null {
  let best: Schedule | null = null;
  for (const s of schedules) {
    if (s.unitKind !== unitKind || s.effectiveFrom > `${month}-01`) continue;
    if (!best || s.effectiveFrom > best.effectiveFrom) best = s;
  }
  return best;
}

export interface BillMonth {
  month: string;
  scheduleId: number;
  rateCf: number;
  amountFen: number;
}

/**
 * A unit's bill for a period: every month at its own rate, summed. null when some month has no
 * schedule for the unit's kind, or the fee rounds to 0 fen (the unit is not billable for this
 * period; the preview says why).
 */
export function billFor(unit: { areaCm2: number; kind: string }, period: BillingPeriod, schedules: readonly Schedule[]): { amountFen: number; detail: BillMonth[] } | null {
  const detail: BillMonth[] = [];
  for (const month of period.months) {
    const s = scheduleFor(schedules, unit.kind, month);
    if (!s) return null;
    detail.push({ month, scheduleId: s.id, rateCf: s.rateCf, amountFen: monthlyFeeFen(unit.areaCm2, s.rateCf) });
  }
  const amountFen = detail.reduce((a, m) => a + m.amountFen, 0);
  // a fee that rounds to nothing is not a bill (a tiny storage room at a tiny rate)
  return amountFen > 0 ? { amountFen, detail } : null;
}

/** Days an owner has at least between a bill's issue and its due date. */
export const MIN_DAYS_TO_PAY = 15;

/**
 * The default due date of a run: the last day of its first month, but never less than
 * MIN_DAYS_TO_PAY days after the issue date (a run issued late in the month, or a supplementary run).
 */
export function defaultDueOn(period: BillingPeriod, issuedOn?: string): string {
  const end = lastDayOf(period.firstMonth);
  if (!issuedOn) return end;
  const earliest = new Date(Date.parse(`${issuedOn}T00:00:00Z`) + MIN_DAYS_TO_PAY * 86_400_000).toISOString().slice(0, 10);
  return earliest > end ? earliest : end;
}

// ---------------------------------------------------------------------------------------------
// allocation

export interface OpenBill {
  id: number;
  firstMonth: string;
  outstandingFen: number;
}

/**
 * Allocates an amount to open bills, oldest first (by first month, then id); what is left over
 * is a prepayment (2203). Never loses or creates a fen: Σ allocations + prepaid = amount.
 */
export function allocate(bills: readonly OpenBill[], amountFen: number): { allocations: { billId: number; amountFen: number }[]; prepaidFen: number } {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`amount must be a non-negative whole number of fen, got ${amountFen}`);
  const ordered = [...bills].filter((b) => b.outstandingFen > 0).sort((a, b) => (a.firstMonth < b.firstMonth ? -1 : a.firstMonth > b.firstMonth ? 1 : a.id - b.id));
  let left = amountFen;
  const allocations: { billId: number; amountFen: number }[] = [];
  for (const b of ordered) {
    if (left === 0) break;
    const take = Math.min(left, b.outstandingFen);
    allocations.push({ billId: b.id, amountFen: take });
    left -= take;
  }
  return { allocations, prepaidFen: left };
}

// ---------------------------------------------------------------------------------------------
// collection figures

export interface BillState {
  amountFen: number;
  paidFen: number;
  /** paid by the last day of the bill's period (当期) */
  ontimeFen: number;
}

export interface CollectionCounts {
  billedUnits: number;
  billedFen: number;
  paidUnits: number;
  paidFen: number;
  ontimeUnits: number;
  ontimeFen: number;
}

export const ZERO_COUNTS: CollectionCounts = { billedUnits: 0, billedFen: 0, paidUnits: 0, paidFen: 0, ontimeUnits: 0, ontimeFen: 0 };

/** What one bill contributes to the collection counts of its period (a unit has one bill per period). */
export function countsOf(b: BillState | null): CollectionCounts {
  if (!b) return ZERO_COUNTS;
  return {
    billedUnits: 1,
    billedFen: b.amountFen,
    paidUnits: b.paidFen === b.amountFen ? 1 : 0,
    paidFen: b.paidFen,
    ontimeUnits: b.ontimeFen === b.amountFen ? 1 : 0,
    ontimeFen: b.ontimeFen,
  };
}

/** The change in counts when a bill goes from `before` to `after` (null = not yet issued). */
export function countsDelta(before: BillState | null, after: BillState): CollectionCounts {
  const a = countsOf(after);
  const b = countsOf(before);
  return {
    billedUnits: a.billedUnits - b.billedUnits,
    billedFen: a.billedFen - b.billedFen,
    paidUnits: a.paidUnits - b.paidUnits,
    paidFen: a.paidFen - b.paidFen,
    ontimeUnits: a.ontimeUnits - b.ontimeUnits,
    ontimeFen: a.ontimeFen - b.ontimeFen,
  };
}

export function addCounts(a: CollectionCounts, b: CollectionCounts): CollectionCounts {
  return {
    billedUnits: a.billedUnits + b.billedUnits,
    billedFen: a.billedFen + b.billedFen,
    paidUnits: a.paidUnits + b.paidUnits,
    paidFen: a.paidFen + b.paidFen,
    ontimeUnits: a.ontimeUnits + b.ontimeUnits,
    ontimeFen: a.ontimeFen + b.ontimeFen,
  };
}

/**
 * part / whole in basis points (99.50 % = 9950), rounded **down**: a collection rate is never
 * overstated (19,999 of 20,000 units paid is 99.99 %, not 100.00 %); null when nothing was billed.
 */
export function rateBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number((BigInt(part) * 10_000n) / BigInt(whole));
}

export interface CollectionRates {
  /** fully paid units / billed units (as of now) */
  byUnitsBp: number | null;
  /** paid amount / billed amount (as of now) */
  byAmountBp: number | null;
  /** the same, counting only what was paid by the end of the period (当期收缴率) */
  ontimeByUnitsBp: number | null;
  ontimeByAmountBp: number | null;
}

export function ratesOf(c: CollectionCounts): CollectionRates {
  return {
    byUnitsBp: rateBp(c.paidUnits, c.billedUnits),
    byAmountBp: rateBp(c.paidFen, c.billedFen),
    ontimeByUnitsBp: rateBp(c.ontimeUnits, c.billedUnits),
    ontimeByAmountBp: rateBp(c.ontimeFen, c.billedFen),
  };
}

// ---------------------------------------------------------------------------------------------
// arrears

export const AGING_BUCKETS = ['0-30', '31-90', '91-180', '180+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Days past the due date → bucket (a bill is in arrears from the day after it was due). */
export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 30) return '0-30';
  if (daysOverdue <= 90) return '31-90';
  if (daysOverdue <= 180) return '91-180';
  return '180+';
}

/** Whole days from `from` to `to` (YYYY-MM-DD calendar days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Public statistics: groups under this many units are not shown (DESIGN §2.3). */
export const MIN_PUBLIC_GROUP = 5;

/** Is a group too small to publish (its figures could point at one household)? */
export function isSuppressed(units: number, min = MIN_PUBLIC_GROUP): boolean {
  return units < min;
}

// ---------------------------------------------------------------------------------------------
// reminders: the polite legal path of Civil Code art. 944

/**
 * Stage 1 a friendly reminder; stage 2 a written demand (催告) with a reasonable period to pay
 * (art. 944 ¶2); stage 3 a last notice that, after the period, the trustee may sue or apply for
 * arbitration as the owners' assembly authorised. Never a cut of water, power, heating or gas
 * (art. 944 ¶3): no feature of the product does that.
 */
export const REMINDER_STAGES = [
  { stage: 1, replyDays: 15 },
  { stage: 2, replyDays: 30 },
  { stage: 3, replyDays: 30 },
] as const;

/** The next stage for a unit given the stages already sent for its current arrears. */
export function nextReminderStage(sentStages: readonly number[]): 1 | 2 | 3 {
  const top = Math.max(0, ...sentStages);
  return (top >= 3 ? 3 : top + 1) as 1 | 2 | 3;
}

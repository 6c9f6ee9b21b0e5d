/** Billing rules, pure: fee rounding, rates, periods, schedules, allocation, collection counts, aging. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGING_BUCKETS,
  type BillState,
  type CollectionCounts,
  MAX_RATE_CF,
  type OpenBill,
  type Schedule,
  ZERO_COUNTS,
  addCounts,
  agingBucket,
  allocate,
  billFor,
  countsDelta,
  countsOf,
  daysBetween,
  defaultDueOn,
  formatRateCf,
  isFirstOfMonth,
  isSuppressed,
  monthlyFeeFen,
  nextReminderStage,
  parseBillingPeriod,
  parseRateYuan,
  rangesOverlap,
  rateBp,
  ratesOf,
  scheduleFor,
} from './billing.rules.js';

/** round_half_up(a × b / 10000) computed another way (BigInt floor of (2ab + 10000) / 20000). */
const feeOracle = (areaCm2: number, rateCf: number) => Number((2n * BigInt(areaCm2) * BigInt(rateCf) + 10_000n) / 20_000n);

describe('monthly fee: the worked examples of the header comment', () => {
  it.each([
    ['89.37 m² × 1.10 yuan', 8937, '1.10', 11000, 9831],
    ['100.00 m² × 1.10 yuan', 10000, '1.10', 11000, 11000],
    ['75.45 m² × 1.40 yuan', 7545, '1.40', 14000, 10563],
    ['0.01 m² × 0.50 yuan (half rounds up)', 1, '0.50', 5000, 1],
    ['0.01 m² × 0.49 yuan', 1, '0.49', 4900, 0],
    ['123.45 m² × 2.3456 yuan', 12345, '2.3456', 23456, 28956],
  ])('%s', (_name, areaCm2, rateText, rateCf, fen) => {
    expect(parseRateYuan(rateText)).toBe(rateCf);
    expect(monthlyFeeFen(areaCm2, rateCf)).toBe(fen);
  });

  it('a quarter of 89.37 m² × 1.10 is 3 × 9831 = 29493 fen, not round(3 × 9830.7) = 29492', () => {
    const q = parseBillingPeriod('2025-Q1')!;
    const bill = billFor({ areaCm2: 8937, kind: 'residential' }, q, [{ id: 1, unitKind: 'residential', rateCf: 11000, effectiveFrom: '2024-01-01' }]);
    expect(bill!.amountFen).toBe(29493);
    expect(bill!.detail.map((m) => m.amountFen)).toEqual([9831, 9831, 9831]);
    expect(feeOracle(3 * 8937, 11000)).toBe(29492); // what one rounding of the quarter would give
  });

  it('equals round_half_up(area × rate / 10000) for any area and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: MAX_RATE_CF }), (a, r) => {
        expect(monthlyFeeFen(a, r)).toBe(feeOracle(a, r));
      }),
    );
  });

  it('refuses non-positive or fractional areas and rates', () => {
    for (const [a, r] of [
      [0, 11000],
      [-1, 11000],
      [1.5, 11000],
      [100, 0],
      [100, -5],
      [100, 1.5],
    ] as const) {
      expect(() => monthlyFeeFen(a, r)).toThrow(RangeError);
    }
  });
});

describe('rates in yuan', () => {
  it('parses up to four decimals, refuses everything else', () => {
    expect(parseRateYuan('1.1')).toBe(11000);
    expect(parseRateYuan(' 2 ')).toBe(20000);
    expect(parseRateYuan('0.0001')).toBe(1);
    expect(parseRateYuan('10000')).toBe(MAX_RATE_CF);
    for (const bad of ['', '0', '0.00', '-1.10', '1.23456', '1,10', 'abc', '1.', '.5', '10000.0001', '999999', '1e3', '１.10']) {
      expect(parseRateYuan(bad), bad).toBeNull();
    }
  });

  it('formats with at least two decimals', () => {
    expect(formatRateCf(11000)).toBe('1.10');
    expect(formatRateCf(23456)).toBe('2.3456');
    expect(formatRateCf(23450)).toBe('2.345');
    expect(formatRateCf(1)).toBe('0.0001');
    expect(formatRateCf(MAX_RATE_CF)).toBe('10000.00');
  });

  it('round trip: parseRateYuan(formatRateCf(cf)) = cf for every valid rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_RATE_CF }), (cf) => {
        expect(parseRateYuan(formatRateCf(cf))).toBe(cf);
      }),
    );
  });

  it('round trip from text: any yuan amount with up to 4 decimals formats back to the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.stringMatching(/^\d{0,4}$/), (yuan, frac) => {
        const text = frac ? `${yuan}.${frac}` : String(yuan);
        const cf = parseRateYuan(text);
        const expected = yuan * 10_000 + Number(frac.padEnd(4, '0'));
        if (expected === 0) {
          expect(cf).toBeNull();
          return;
        }
        expect(cf).toBe(expected);
        expect(parseRateYuan(formatRateCf(cf!))).toBe(cf);
      }),
    );
  });
});

describe('billing periods', () => {
  it('months, quarters and years', () => {
    expect(parseBillingPeriod('2025-03')).toEqual({ period: '2025-03', kind: 'month', months: ['2025-03'], firstMonth: '2025-03', lastMonth: '2025-03' });
    expect(parseBillingPeriod('2025-Q1')).toEqual({ period: '2025-Q1', kind: 'quarter', months: ['2025-01', '2025-02', '2025-03'], firstMonth: '2025-01', lastMonth: '2025-03' });
    expect(parseBillingPeriod('2024-Q4')!.months).toEqual(['2024-10', '2024-11', '2024-12']);
    expect(parseBillingPeriod('2025-Q2')!.months).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(parseBillingPeriod('2025-Q3')!.months).toEqual(['2025-07', '2025-08', '2025-09']);
    const y = parseBillingPeriod('2025')!;
    expect(y.kind).toBe('year');
    expect(y.months).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']);
    expect([y.firstMonth, y.lastMonth]).toEqual(['2025-01', '2025-12']);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '2025-13', '2025-00', '2025-3', '25-03', '2025/03', '2025-Q0', '2025-Q5', '2025-q1', '2025Q1', '2025-Q12', '1999', '2100', '20255', ' 2025', '2025-03-01', 'abcd']) {
      expect(parseBillingPeriod(bad), bad).toBeNull();
    }
  });

  it('overlap of month ranges', () => {
    const p = (s: string) => parseBillingPeriod(s)!;
    expect(rangesOverlap(p('2025-01'), p('2025-Q1'))).toBe(true);
    expect(rangesOverlap(p('2025-Q1'), p('2025-03'))).toBe(true);
    expect(rangesOverlap(p('2025-Q1'), p('2025-04'))).toBe(false);
    expect(rangesOverlap(p('2025'), p('2025-Q4'))).toBe(true);
    expect(rangesOverlap(p('2024'), p('2025-01'))).toBe(false);
  });

  it('the default due date is the last day of the first month', () => {
    expect(defaultDueOn(parseBillingPeriod('2025-02')!)).toBe('2025-02-28');
    expect(defaultDueOn(parseBillingPeriod('2024-Q1')!)).toBe('2024-01-31');
    expect(defaultDueOn(parseBillingPeriod('2024')!)).toBe('2024-01-31');
  });

  it('a schedule takes effect on the first of a month', () => {
    expect(isFirstOfMonth('2025-03-01')).toBe(true);
    expect(isFirstOfMonth('2025-03-02')).toBe(false);
    expect(isFirstOfMonth('2025-13-01')).toBe(false);
    expect(isFirstOfMonth('2025-3-01')).toBe(false);
  });
});

describe('schedules', () => {
  const schedules: Schedule[] = [
    { id: 1, unitKind: 'residential', rateCf: 11000, effectiveFrom: '2020-01-01' },
    { id: 2, unitKind: 'residential', rateCf: 14000, effectiveFrom: '2025-02-01' },
    { id: 3, unitKind: 'commercial', rateCf: 30000, effectiveFrom: '2021-06-01' },
    { id: 4, unitKind: 'residential', rateCf: 12000, effectiveFrom: '2023-07-01' },
  ];

  it('the latest schedule effective on or before the first of the month, of the unit kind', () => {
    expect(scheduleFor(schedules, 'residential', '2019-12')).toBeNull();
    expect(scheduleFor(schedules, 'residential', '2020-01')!.id).toBe(1);
    expect(scheduleFor(schedules, 'residential', '2023-06')!.id).toBe(1);
    expect(scheduleFor(schedules, 'residential', '2023-07')!.id).toBe(4);
    expect(scheduleFor(schedules, 'residential', '2025-01')!.id).toBe(4);
    expect(scheduleFor(schedules, 'residential', '2025-02')!.id).toBe(2);
    expect(scheduleFor(schedules, 'commercial', '2021-05')).toBeNull();
    expect(scheduleFor(schedules, 'commercial', '2030-01')!.id).toBe(3);
    expect(scheduleFor(schedules, 'parking', '2030-01')).toBeNull();
  });

  it('property: equals the maximum effective date ≤ the month among schedules of the kind, whatever their order', () => {
    const months = Array.from({ length: 36 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ kind: fc.constantFrom('residential', 'parking'), month: fc.constantFrom(...months) }), { selector: (s) => `${s.kind}|${s.month}`, maxLength: 10 }),
        fc.constantFrom(...months),
        (specs, month) => {
          const list: Schedule[] = specs.map((s, i) => ({ id: i + 1, unitKind: s.kind, rateCf: 1000 + i, effectiveFrom: `${s.month}-01` }));
          const eligible = list.filter((s) => s.unitKind === 'residential' && s.effectiveFrom <= `${month}-01`).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
          expect(scheduleFor(list, 'residential', month)?.id ?? null).toBe(eligible[0]?.id ?? null);
          expect(scheduleFor([...list].reverse(), 'residential', month)?.id ?? null).toBe(eligible[0]?.id ?? null);
        },
      ),
    );
  });

  it('a bill sums its months, each at its own rate, across a rate change inside the quarter', () => {
    const bill = billFor({ areaCm2: 8937, kind: 'residential' }, parseBillingPeriod('2025-Q1')!, schedules)!;
    expect(bill.detail).toEqual([
      { month: '2025-01', scheduleId: 4, rateCf: 12000, amountFen: 10724 }, // 10724.4
      { month: '2025-02', scheduleId: 2, rateCf: 14000, amountFen: 12512 }, // 12511.8
      { month: '2025-03', scheduleId: 2, rateCf: 14000, amountFen: 12512 },
    ]);
    expect(bill.amountFen).toBe(10724 + 12512 + 12512);
    // a year across two changes
    const year = billFor({ areaCm2: 10000, kind: 'residential' }, parseBillingPeriod('2023')!, schedules)!;
    expect(year.amountFen).toBe(6 * 11000 + 6 * 12000);
  });

  it('no bill when some month of the period has no schedule for the kind', () => {
    expect(billFor({ areaCm2: 8937, kind: 'commercial' }, parseBillingPeriod('2021-Q2')!, schedules)).toBeNull(); // from June only
    expect(billFor({ areaCm2: 8937, kind: 'commercial' }, parseBillingPeriod('2021-Q3')!, schedules)).not.toBeNull();
    expect(billFor({ areaCm2: 8937, kind: 'storage' }, parseBillingPeriod('2025-01')!, schedules)).toBeNull();
  });

  it('property: a quarterly or yearly bill equals the monthly bills it replaces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.constantFrom('2023', '2024-Q3', '2025-Q1', '2025-Q2', '2025'), (areaCm2, p) => {
        const period = parseBillingPeriod(p)!;
        const whole = billFor({ areaCm2, kind: 'residential' }, period, schedules)!;
        const monthly = period.months.map((m) => billFor({ areaCm2, kind: 'residential' }, parseBillingPeriod(m)!, schedules)!.amountFen);
        expect(whole.amountFen).toBe(monthly.reduce((a, b) => a + b, 0));
      }),
    );
  });
});

describe('allocation of a payment to open bills', () => {
  const months = ['2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];
  const billsArb = fc.uniqueArray(
    fc.record({ id: fc.integer({ min: 1, max: 1000 }), firstMonth: fc.constantFrom(...months), outstandingFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })) }),
    { selector: (b) => b.id, maxLength: 8 },
  );
  const oldestFirst = (bills: readonly OpenBill[]) =>
    bills.filter((b) => b.outstandingFen > 0).sort((a, b) => (a.firstMonth < b.firstMonth ? -1 : a.firstMonth > b.firstMonth ? 1 : a.id - b.id));

  it('example: oldest bill first, the rest prepaid', () => {
    const bills: OpenBill[] = [
      { id: 7, firstMonth: '2025-03', outstandingFen: 9831 },
      { id: 3, firstMonth: '2025-01', outstandingFen: 9831 },
      { id: 5, firstMonth: '2025-02', outstandingFen: 4000 },
    ];
    expect(allocate(bills, 12000)).toEqual({ allocations: [{ billId: 3, amountFen: 9831 }, { billId: 5, amountFen: 2169 }], prepaidFen: 0 });
    expect(allocate(bills, 30000)).toEqual({
      allocations: [
        { billId: 3, amountFen: 9831 },
        { billId: 5, amountFen: 4000 },
        { billId: 7, amountFen: 9831 },
      ],
      prepaidFen: 30000 - 23662,
    });
    expect(allocate([], 500)).toEqual({ allocations: [], prepaidFen: 500 });
    expect(allocate(bills, 0)).toEqual({ allocations: [], prepaidFen: 0 });
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => allocate([], -1)).toThrow(RangeError);
    expect(() => allocate([], 1.5)).toThrow(RangeError);
    expect(() => allocate([], Number.NaN)).toThrow(RangeError);
  });

  it('property: never loses or creates a fen (Σ allocations + prepaid = amount)', () => {
    fc.assert(
      fc.property(billsArb, fc.integer({ min: 0, max: 500_000 }), (bills, amount) => {
        const { allocations, prepaidFen } = allocate(bills, amount);
        expect(allocations.reduce((a, x) => a + x.amountFen, 0) + prepaidFen).toBe(amount);
        expect(prepaidFen).toBeGreaterThanOrEqual(0);
        const open = bills.reduce((a, b) => a + b.outstandingFen, 0);
        expect(prepaidFen).toBe(Math.max(0, amount - open));
      }),
    );
  });

  it('property: never over-allocates a bill, each bill at most once, only positive amounts', () => {
    fc.assert(
      fc.property(billsArb, fc.integer({ min: 0, max: 500_000 }), (bills, amount) => {
        const { allocations } = allocate(bills, amount);
        const byId = new Map(bills.map((b) => [b.id, b]));
        expect(new Set(allocations.map((a) => a.billId)).size).toBe(allocations.length);
        for (const a of allocations) {
          expect(a.amountFen).toBeGreaterThan(0);
          expect(a.amountFen).toBeLessThanOrEqual(byId.get(a.billId)!.outstandingFen);
        }
      }),
    );
  });

  it('property: oldest first — a later bill gets money only when every earlier bill is full; prepaid only when all are full', () => {
    fc.assert(
      fc.property(billsArb, fc.integer({ min: 0, max: 500_000 }), (bills, amount) => {
        const { allocations, prepaidFen } = allocate(bills, amount);
        const got = new Map(allocations.map((a) => [a.billId, a.amountFen]));
        const ordered = oldestFirst(bills);
        ordered.forEach((b, i) => {
          if ((got.get(b.id) ?? 0) > 0) for (const earlier of ordered.slice(0, i)) expect(got.get(earlier.id)).toBe(earlier.outstandingFen);
        });
        if (prepaidFen > 0) for (const b of ordered) expect(got.get(b.id)).toBe(b.outstandingFen);
        // and allocations come in that order
        expect(allocations.map((a) => a.billId)).toEqual(ordered.slice(0, allocations.length).map((b) => b.id));
      }),
    );
  });

  it('property: paying in two parts allocates the same as paying at once', () => {
    fc.assert(
      fc.property(billsArb, fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 200_000 }), (bills, x, y) => {
        const once = allocate(bills, x + y);
        const first = allocate(bills, x);
        const paid = new Map(first.allocations.map((a) => [a.billId, a.amountFen]));
        const second = allocate(
          bills.map((b) => ({ ...b, outstandingFen: b.outstandingFen - (paid.get(b.id) ?? 0) })),
          y,
        );
        const total = new Map<number, number>();
        for (const a of [...first.allocations, ...second.allocations]) total.set(a.billId, (total.get(a.billId) ?? 0) + a.amountFen);
        expect(total).toEqual(new Map(once.allocations.map((a) => [a.billId, a.amountFen])));
        expect(first.prepaidFen + second.prepaidFen).toBe(once.prepaidFen);
      }),
    );
  });
});

describe('collection counts', () => {
  it('countsOf: one bill, paid or not, on time or not', () => {
    expect(countsOf(null)).toEqual(ZERO_COUNTS);
    expect(countsOf({ amountFen: 100, paidFen: 0, ontimeFen: 0 })).toEqual({ billedUnits: 1, billedFen: 100, paidUnits: 0, paidFen: 0, ontimeUnits: 0, ontimeFen: 0 });
    expect(countsOf({ amountFen: 100, paidFen: 100, ontimeFen: 40 })).toEqual({ billedUnits: 1, billedFen: 100, paidUnits: 1, paidFen: 100, ontimeUnits: 0, ontimeFen: 40 });
    expect(countsOf({ amountFen: 100, paidFen: 100, ontimeFen: 100 })).toEqual({ billedUnits: 1, billedFen: 100, paidUnits: 1, paidFen: 100, ontimeUnits: 1, ontimeFen: 100 });
  });

  type Op = { kind: 'issue'; bill: number; amountFen: number } | { kind: 'pay'; bill: number; fraction: number; ontime: boolean };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('issue' as const), bill: fc.integer({ min: 0, max: 7 }), amountFen: fc.integer({ min: 1, max: 100_000 }) }),
    fc.record({ kind: fc.constant('pay' as const), bill: fc.integer({ min: 0, max: 7 }), fraction: fc.double({ min: 0, max: 1, noNaN: true }), ontime: fc.boolean() }),
  );

  it('property: the deltas of any sequence of bill changes, added to zero, equal the counts of the final states (by units and by amount)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const states = new Map<number, BillState>();
        let maintained: CollectionCounts = ZERO_COUNTS;
        for (const op of ops) {
          const before = states.get(op.bill) ?? null;
          let after: BillState;
          if (op.kind === 'issue') {
            if (before) continue; // a unit has one bill per period
            after = { amountFen: op.amountFen, paidFen: 0, ontimeFen: 0 };
          } else {
            if (!before || before.paidFen === before.amountFen) continue;
            const open = before.amountFen - before.paidFen;
            const pay = Math.max(1, Math.min(open, Math.round(open * op.fraction)));
            after = { amountFen: before.amountFen, paidFen: before.paidFen + pay, ontimeFen: before.ontimeFen + (op.ontime ? pay : 0) };
          }
          maintained = addCounts(maintained, countsDelta(before, after));
          states.set(op.bill, after);
        }
        const final = [...states.values()];
        const recomputed = final.map(countsOf).reduce(addCounts, ZERO_COUNTS);
        expect(maintained).toEqual(recomputed);
        // and against the definitions directly, not through countsOf
        expect(maintained).toEqual({
          billedUnits: final.length,
          billedFen: final.reduce((a, b) => a + b.amountFen, 0),
          paidUnits: final.filter((b) => b.paidFen === b.amountFen).length,
          paidFen: final.reduce((a, b) => a + b.paidFen, 0),
          ontimeUnits: final.filter((b) => b.ontimeFen === b.amountFen).length,
          ontimeFen: final.reduce((a, b) => a + b.ontimeFen, 0),
        });
        const rates = ratesOf(maintained);
        expect(rates).toEqual(ratesOf(recomputed));
        if (final.length === 0) {
          expect(rates).toEqual({ byUnitsBp: null, byAmountBp: null, ontimeByUnitsBp: null, ontimeByAmountBp: null });
        } else {
          const paidUnits = final.filter((b) => b.paidFen === b.amountFen).length;
          // rounded down: never overstated
          expect(rates.byUnitsBp).toBe(Math.floor((paidUnits * 10_000) / final.length));
          expect(rates.ontimeByUnitsBp!).toBeLessThanOrEqual(rates.byUnitsBp!);
          expect(rates.ontimeByAmountBp!).toBeLessThanOrEqual(rates.byAmountBp!);
        }
      }),
    );
  });
});

describe('rates in basis points', () => {
  it('rounds down (never overstated); null when nothing was billed', () => {
    expect(rateBp(1, 3)).toBe(3333); // 3333.33
    expect(rateBp(2, 3)).toBe(6666); // 6666.67, rounded down: never overstated
    expect(rateBp(1, 8)).toBe(1250);
    expect(rateBp(199, 200)).toBe(9950);
    expect(rateBp(1, 20_000)).toBe(0); // 0.5 bp → 0 (rounded down)
    expect(rateBp(19_999, 20_000)).toBe(9999); // one unit unpaid is not 100.00 %
    expect(rateBp(1, 20_001)).toBe(0); // 0.49998 bp → 0
    expect(rateBp(3, 3)).toBe(10_000);
    expect(rateBp(0, 7)).toBe(0);
    expect(rateBp(0, 0)).toBeNull();
    expect(rateBp(5, 0)).toBeNull();
  });
});

describe('arrears aging', () => {
  it('bucket boundaries: 0–30, 31–90, 91–180, over 180 days', () => {
    expect(AGING_BUCKETS).toEqual(['0-30', '31-90', '91-180', '180+']);
    expect(agingBucket(0)).toBe('0-30');
    expect(agingBucket(1)).toBe('0-30');
    expect(agingBucket(30)).toBe('0-30');
    expect(agingBucket(31)).toBe('31-90');
    expect(agingBucket(90)).toBe('31-90');
    expect(agingBucket(91)).toBe('91-180');
    expect(agingBucket(180)).toBe('91-180');
    expect(agingBucket(181)).toBe('180+');
    expect(agingBucket(5000)).toBe('180+');
  });

  it('calendar days between dates', () => {
    expect(daysBetween('2025-01-31', '2025-01-31')).toBe(0);
    expect(daysBetween('2025-01-31', '2025-03-02')).toBe(30);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-12-31', '2025-12-31')).toBe(365);
  });
});

describe('small groups and reminders', () => {
  it('groups under 5 units are suppressed', () => {
    expect(isSuppressed(0)).toBe(true);
    expect(isSuppressed(4)).toBe(true);
    expect(isSuppressed(5)).toBe(false);
  });

  it('reminder stages go 1, 2, 3 and stay at 3', () => {
    expect(nextReminderStage([])).toBe(1);
    expect(nextReminderStage([1])).toBe(2);
    expect(nextReminderStage([1, 2])).toBe(3);
    expect(nextReminderStage([1, 2, 3])).toBe(3);
    expect(nextReminderStage([3, 3, 3])).toBe(3);
  });
});

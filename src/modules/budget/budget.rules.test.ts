/** Open budget, pure: the income check, the diff of two versions, budget vs actual, final-accounts explanations, the version lifecycle. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../platform/db/schema.js';
import { ConflictError, ForbiddenError } from '../../platform/errors.js';
import { applyRateBp } from '../../platform/money.js';
import {
  type Actual,
  type Basis,
  type BudgetActor,
  type BudgetLine,
  EXPLAIN_VARIANCE_BP,
  MAX_AMOUNT_FEN,
  VERSION_STATES,
  VERSION_TRANSITIONS,
  type VersionState,
  basisProblems,
  canMoveVersion,
  diffLines,
  execution,
  incomeCheck,
  lineProblems,
  needsExplanation,
  yearOver,
} from './budget.rules.js';
import { assertVersionMove } from './budget.service.js';
import { budgetState } from './budget.views.js';

// ---------------------------------------------------------------------------------------------
// generators

const amount = fc.integer({ min: 0, max: 1_000_000_000_00 });
const basis: fc.Arbitrary<Basis> = fc.record({
  feeIncomeFen: amount,
  collectionRateBp: fc.integer({ min: 0, max: 10_000 }),
  publicRevenueFen: amount,
  otherIncomeFen: amount,
  reserveFen: amount,
});
const code = fc.constantFrom('L01', 'L02', 'L03', 'L04', 'L05', 'L06', 'L07', 'L08');
const line = (c: fc.Arbitrary<string> = code): fc.Arbitrary<BudgetLine> =>
  fc.record({
    code: c,
    account: fc.constantFrom('5001', '5002', '5003', '5101'),
    name: fc.constantFrom('人员费用', '保洁', '秩序维护', '酬金'),
    amountFen: fc.integer({ min: 0, max: 10_000_000_00 }),
    basis: fc.constantFrom('', '按合同', '按上年实际'),
    standard: fc.constantFrom(null, 'CLN-01', 'SEC-02'),
  });
/** Lines with distinct codes, in any order. */
const lines = fc.uniqueArray(line(), { selector: (l) => l.code, maxLength: 8 });
const total = (ls: readonly BudgetLine[]) => ls.reduce((s, l) => s + l.amountFen, 0);

// ---------------------------------------------------------------------------------------------

describe('以收定支: the income check', () => {
  it('difference = available − planned, in whole fen; within income exactly when it is not negative', () => {
    fc.assert(
      fc.property(basis, lines, (b, ls) => {
        const r = incomeCheck(b, ls);
        expect(r.expectedFeesFen).toBe(applyRateBp(b.feeIncomeFen, b.collectionRateBp));
        expect(r.availableFen).toBe(r.expectedFeesFen + b.publicRevenueFen + b.otherIncomeFen + b.reserveFen);
        expect(r.plannedFen).toBe(total(ls));
        expect(r.differenceFen).toBe(r.availableFen - r.plannedFen);
        for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isSafeInteger(v)).toBe(true);
        expect(r.withinIncome).toBe(r.differenceFen >= 0);
        // the expected fees are the exact product rounded once: within half a fen of it
        const exact = (BigInt(b.feeIncomeFen) * BigInt(b.collectionRateBp) * 2n) / 10_000n;
        expect(BigInt(r.expectedFeesFen) * 2n - exact <= 1n && exact - BigInt(r.expectedFeesFen) * 2n <= 1n).toBe(true);
      }),
    );
  });

  it('a worked example: ¥1,000,000.00 of fees at 92.50 %, ¥80,000 public revenue, ¥1,000,000 planned → ¥5,000 short', () => {
    const r = incomeCheck({ feeIncomeFen: 100_000_000, collectionRateBp: 9250, publicRevenueFen: 8_000_000, otherIncomeFen: 0, reserveFen: 0 }, [{ amountFen: 60_000_000 }, { amountFen: 40_000_000 }]);
    expect(r).toMatchObject({ expectedFeesFen: 92_500_000, availableFen: 100_500_000, plannedFen: 100_000_000, differenceFen: 500_000, withinIncome: true });
    expect(incomeCheck({ feeIncomeFen: 100_000_000, collectionRateBp: 9250, publicRevenueFen: 0, otherIncomeFen: 0, reserveFen: 0 }, [{ amountFen: 93_000_000 }])).toMatchObject({ differenceFen: -500_000, withinIncome: false });
  });

  it('basis and line problems are named', () => {
    expect(basisProblems({ feeIncomeFen: -1, collectionRateBp: 10_001, publicRevenueFen: 0.5, otherIncomeFen: 0, reserveFen: MAX_AMOUNT_FEN + 1 })).toEqual(['budget.bad_basis', 'budget.bad_collection_rate']);
    const ok: BudgetLine = { code: 'L01', account: '5002', name: '保洁', amountFen: 1, basis: '', standard: null };
    expect(lineProblems([ok], new Set(['5002']))).toEqual([]);
    expect(lineProblems([ok, { ...ok, account: '5099' }, { ...ok, code: 'bad code', name: ' ', amountFen: -1, standard: '' }], new Set(['5002']))).toEqual([
      { code: 'budget.duplicate_line', line: 'L01' },
      { code: 'budget.bad_account', line: 'L01' },
      { code: 'budget.bad_line_code', line: 'bad code' },
      { code: 'budget.bad_line_name', line: 'bad code' },
      { code: 'budget.bad_amount', line: 'bad code' },
      { code: 'budget.bad_standard', line: 'bad code' },
    ]);
  });
});

describe('the diff of two versions', () => {
  it('applying the diff to `before` gives `after`; unchanged lines have delta 0; the deltas add up to the change of the total', () => {
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const d = diffLines(before, after);
        // apply: drop the removed, take `after` of the rest, in the diff's order
        const applied = d.filter((x) => x.change !== 'removed').map((x) => x.after!);
        expect(applied).toEqual(after);
        // and every line of `before` is accounted for once, as it was
        expect(d.filter((x) => x.before).map((x) => x.before).sort((a, b) => a!.code.localeCompare(b!.code))).toEqual([...before].sort((a, b) => a.code.localeCompare(b.code)));
        for (const x of d) {
          if (x.change === 'unchanged') expect(x.deltaFen).toBe(0);
          if (x.change === 'unchanged') expect(x.after).toEqual(x.before);
          if (x.change === 'changed') expect(x.fields.length).toBeGreaterThan(0);
          if (x.change === 'added') expect(x.deltaFen).toBe(x.after!.amountFen);
          if (x.change === 'removed') expect(x.deltaFen).toBe(-x.before!.amountFen);
          if (x.before && x.after) expect(x.fields.includes('amountFen')).toBe(x.before.amountFen !== x.after.amountFen);
        }
        expect(d.reduce((s, x) => s + x.deltaFen, 0)).toBe(total(after) - total(before));
      }),
    );
  });

  it('a renamed line keeps its code and shows as changed, with the field named', () => {
    const a: BudgetLine = { code: 'L02', account: '5002', name: '保洁', amountFen: 100, basis: '', standard: null };
    const [d] = diffLines([a], [{ ...a, name: '保洁服务', amountFen: 120 }]);
    expect(d).toMatchObject({ change: 'changed', deltaFen: 20, fields: ['amountFen', 'name'] });
  });
});

describe('budget vs actual', () => {
  const year = 2026;
  const actual: fc.Arbitrary<Actual> = fc.record({
    line: fc.constantFrom(null, 'L01', 'L02', 'L03', 'L04', 'L05', 'L06', 'L07', 'L08', 'ZZ9'),
    period: fc.tuple(fc.integer({ min: 2024, max: 2028 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    fen: fc.integer({ min: -1_000_000, max: 10_000_000 }),
  });
  const committedMap = fc.dictionary(code, fc.integer({ min: 0, max: 1_000_000 })).map((d) => new Map(Object.entries(d)));

  it('totals are the sums of the rows; remaining = budget − actual − committed; actuals of other years are ignored', () => {
    fc.assert(
      fc.property(lines, fc.array(actual, { maxLength: 60 }), committedMap, (ls, as, committed) => {
        const e = execution(year, ls, as, committed);
        const inYear = as.filter((a) => a.period.startsWith(`${year}-`));
        const known = new Set(ls.map((l) => l.code));
        expect(e.rows.map((r) => r.code)).toEqual(ls.map((l) => l.code));
        for (const r of e.rows) {
          expect(r.budgetFen).toBe(ls.find((l) => l.code === r.code)!.amountFen);
          expect(r.actualFen).toBe(inYear.filter((a) => a.line === r.code).reduce((s, a) => s + a.fen, 0));
          expect(r.committedFen).toBe(committed.get(r.code) ?? 0);
          expect(r.remainingFen).toBe(r.budgetFen - r.actualFen - r.committedFen);
          expect(r.months.reduce((s, m) => s + m, 0)).toBe(r.actualFen);
        }
        const sum = (k: 'budgetFen' | 'actualFen' | 'committedFen' | 'remainingFen') => e.rows.reduce((s, r) => s + r[k], 0);
        expect(e.totals).toMatchObject({ budgetFen: sum('budgetFen'), actualFen: sum('actualFen'), committedFen: sum('committedFen'), remainingFen: sum('remainingFen') });
        expect(e.totals.months).toEqual(Array.from({ length: 12 }, (_, i) => e.rows.reduce((s, r) => s + r.months[i]!, 0)));
        // what no line of the budget claims is unbudgeted; nothing is lost or counted twice
        expect(e.unbudgeted.actualFen).toBe(inYear.filter((a) => a.line === null || !known.has(a.line)).reduce((s, a) => s + a.fen, 0));
        expect(e.totals.actualFen + e.unbudgeted.actualFen).toBe(inYear.reduce((s, a) => s + a.fen, 0));
        // adding actuals of other years changes nothing
        expect(execution(year, ls, [...as, { line: ls[0]?.code ?? null, period: `${year + 1}-01`, fen: 123 }, { line: null, period: `${year - 1}-12`, fen: 7 }], committed)).toEqual(e);
      }),
    );
  });
});

describe('final accounts: which variances must be explained', () => {
  it('overspending always; underspending beyond 10 % of the line, not at exactly 10 %', () => {
    expect(EXPLAIN_VARIANCE_BP).toBe(1000);
    expect(needsExplanation(10_000, 9_000)).toBe(false); // exactly 10 % under
    expect(needsExplanation(10_000, 8_999)).toBe(true); // just beyond
    expect(needsExplanation(10_000, 10_000)).toBe(false);
    expect(needsExplanation(10_000, 10_001)).toBe(true); // one fen over
    expect(needsExplanation(0, 0)).toBe(false);
    expect(needsExplanation(0, 1)).toBe(true);
    expect(needsExplanation(1, 0)).toBe(true); // 100 % under
    expect(needsExplanation(9, 9)).toBe(false);
    expect(needsExplanation(10, 9)).toBe(false); // 10 % of 10 fen
  });

  it('agrees with the exact rational rule for any amounts and thresholds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_FEN }), fc.integer({ min: 0, max: MAX_AMOUNT_FEN }), fc.integer({ min: 0, max: 10_000 }), (budget, actual, bp) => {
        const expected = actual > budget || (budget - actual) * 10_000 > budget * bp;
        // the float comparison is exact only for small amounts: compare in BigInt
        const exact = actual > budget || BigInt(budget - actual) * 10_000n > BigInt(budget) * BigInt(bp);
        expect(needsExplanation(budget, actual, bp)).toBe(exact);
        if (budget < 1e10) expect(exact).toBe(expected);
      }),
    );
  });

  it('the year is over the day after 31 December (Asia/Shanghai days)', () => {
    expect(yearOver(2025, '2025-12-31')).toBe(false);
    expect(yearOver(2025, '2026-01-01')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// lifecycle

const ROLES = {
  owner: true,
  resident: true,
  committee: true,
  supervisor: true,
  trustee: true,
  grid_worker: true,
  community_official: true,
  street_official: true,
  district_official: true,
  admin: true,
} satisfies Record<Role, true>;
const ACTORS: BudgetActor[] = [...(Object.keys(ROLES) as Role[]), 'system'];

/** The allowed moves, written out once more by hand. */
const ALLOWED = new Set([
  'draft>consultation:trustee',
  'consultation>superseded:system',
  'consultation>voting:committee',
  'voting>adopted:system',
  'voting>rejected:system',
]);

describe('the version lifecycle', () => {
  it('allows exactly the moves of the table, each only to its actors; every other move for every actor is refused', () => {
    let allowed = 0;
    for (const from of VERSION_STATES)
      for (const to of VERSION_STATES)
        for (const actor of ACTORS) {
          const expected = ALLOWED.has(`${from}>${to}:${actor}`);
          expect(canMoveVersion(from, to, actor), `${from} → ${to} by ${actor}`).toBe(expected);
          if (expected) {
            allowed += 1;
            expect(() => assertVersionMove(from, to, actor)).not.toThrow();
          } else {
            // a move the lifecycle lacks is a conflict; one it has, by the wrong actor, is forbidden
            const Err = VERSION_TRANSITIONS[from][to] ? ForbiddenError : ConflictError;
            expect(() => assertVersionMove(from, to, actor), `${from} → ${to} by ${actor}`).toThrow(Err);
          }
        }
    expect(allowed).toBe(ALLOWED.size);
  });

  it('nobody adopts by hand: only the system, when a decision passes the item', () => {
    for (const actor of ACTORS) for (const from of VERSION_STATES) expect(canMoveVersion(from, 'adopted', actor)).toBe(actor === 'system' && from === 'voting');
  });

  it('superseded, adopted and rejected are final; every state is reachable from a draft', () => {
    const terminal = VERSION_STATES.filter((s) => Object.keys(VERSION_TRANSITIONS[s]).length === 0);
    expect(terminal.sort()).toEqual(['adopted', 'rejected', 'superseded']);
    const seen = new Set<VersionState>(['draft']);
    for (const s of seen) for (const to of Object.keys(VERSION_TRANSITIONS[s]) as VersionState[]) seen.add(to);
    expect([...seen].sort()).toEqual([...VERSION_STATES].sort());
  });

  it('the budget state follows its versions: closed, adopted while a version is in force, else what the latest is going through', () => {
    const v = (...states: VersionState[]) => states.map((state) => ({ state }));
    expect(budgetState(v('draft'), false)).toBe('drafting');
    expect(budgetState(v('consultation'), false)).toBe('consultation');
    expect(budgetState(v('superseded', 'consultation', 'draft'), false)).toBe('consultation');
    expect(budgetState(v('superseded', 'voting'), false)).toBe('voting');
    expect(budgetState(v('rejected'), false)).toBe('drafting');
    expect(budgetState(v('superseded', 'adopted', 'consultation'), false)).toBe('adopted');
    expect(budgetState(v('adopted', 'voting'), false)).toBe('adopted');
    expect(budgetState(v('adopted'), true)).toBe('closed');
  });
});

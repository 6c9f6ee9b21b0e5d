/** Owners' decisions, pure: matter types, the voter roll, the tally, the lifecycle, dates, committee votes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../platform/db/schema.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import {
  DECISION_STATES,
  DECISION_TRANSITIONS,
  DEFAULT_MATTER,
  type DecisionActor,
  type DecisionState,
  MATTER_TYPES,
  type MatterCode,
  TERMINAL_DECISION_STATES,
  canTransition,
  closingState,
  earliestOpeningOn,
  inObjectionPeriod,
  isTerminal,
  matterType,
  noticePeriodMet,
  objectionEndsOn,
  objectionPeriodOver,
  tallyCommittee,
} from './decisions.rules.js';
import { type RegisterUnit, type RollOptions, buildRoll, votersOf } from './roll.rules.js';
import { type Ballot, type Choice, areaText, explainTally, percentText, tally } from './tally.rules.js';

// ---------------------------------------------------------------------------------------------
// helpers

const DEV = 99;
const home = (unitId: number, owners: number[], areaCm2 = 10_000, extra: Partial<RegisterUnit> = {}): RegisterUnit => ({
  unitId,
  kind: 'residential',
  areaCm2,
  deliveryStatus: 'delivered',
  owners: owners.map((personId) => ({ personId, isDeveloper: personId === DEV })),
  ...extra,
});
const NO_PARKING: RollOptions = { includeParking: false };

/** Ballots by the smallest unit id of each voter (unit id → choice). */
function ballotsByUnit(roll: ReturnType<typeof buildRoll>, choices: Record<number, Choice>): Ballot[] {
  return roll.voters.flatMap((v) => {
    const c = choices[v.unitIds[0]!];
    return c ? [{ voterId: v.voterId, choice: c }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// matter types

describe('matter types of Civil Code art. 278 ¶1', () => {
  it('has items 1–9 in order, with names in both languages', () => {
    expect(MATTER_TYPES.map((m) => m.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const m of MATTER_TYPES) {
      expect(m.name).toMatch(/[\u4e00-\u9fff]/);
      expect(m.nameEn.length).toBeGreaterThan(10);
      expect(matterType(m.code)).toBe(m);
    }
  });

  it('items 6–8 need three quarters, the others a majority; budgets, fees and spending default to 9', () => {
    expect(MATTER_TYPES.filter((m) => m.rule === 'three_quarters').map((m) => m.code)).toEqual([6, 7, 8]);
    expect(DEFAULT_MATTER).toEqual({ budget: 9, fee_standard: 9, large_spending: 9 });
  });

  it('refuses an unknown item', () => {
    for (const bad of [0, 10, 1.5, -1]) expect(() => matterType(bad as MatterCode)).toThrow(ValidationError);
  });
});

// ---------------------------------------------------------------------------------------------
// the roll

describe('voter roll (SPC interpretation arts. 8–9)', () => {
  it('the worked example of the header comment', () => {
    const units: RegisterUnit[] = [
      home(1, [1], 9_000),
      home(2, [1], 6_000),
      home(3, [1, 2], 8_000),
      home(4, [DEV], 10_000, { deliveryStatus: 'unsold' }),
      home(5, [3], 7_000, { deliveryStatus: 'undelivered' }),
      home(6, [1], 1_200, { kind: 'parking' }),
    ];
    const roll = buildRoll(units, NO_PARKING);
    expect(roll.voters).toEqual([
      { voterId: 1, kind: 'owners', unitIds: [1, 2], areaCm2: 15_000, personIds: [1] },
      { voterId: 2, kind: 'owners', unitIds: [3], areaCm2: 8_000, personIds: [1, 2] },
      { voterId: 3, kind: 'developer', unitIds: [4, 5], areaCm2: 17_000, personIds: [DEV] },
    ]);
    expect([roll.totalAreaCm2, roll.totalHeadcount, roll.excludedUnitIds]).toEqual([40_000, 3, [6]]);
    // the parking space joins its owner's voter: more area, not one more head
    const withParking = buildRoll(units, { includeParking: true });
    expect(withParking.voters[0]).toMatchObject({ unitIds: [1, 2, 6], areaCm2: 16_200 });
    expect([withParking.totalAreaCm2, withParking.totalHeadcount]).toEqual([41_200, 3]);
  });

  it('co-owners are one voter per owner set; a co-owner owning another unit alone is a second voter', () => {
    const roll = buildRoll([home(10, [2, 1]), home(11, [1]), home(12, [1, 2, 2]), home(13, [2])], NO_PARKING);
    expect(roll.voters.map((v) => [v.unitIds, v.personIds])).toEqual([
      [[10, 12], [1, 2]],
      [[11], [1]],
      [[13], [2]],
    ]);
    expect(votersOf(roll, 1).map((v) => v.voterId)).toEqual([1, 2]);
    expect(votersOf(roll, 3)).toEqual([]);
  });

  it('the developer: unsold, undelivered and self-held units are one voter; developers flagged anywhere cast for it', () => {
    const roll = buildRoll(
      [
        home(1, [DEV], 10_000, { deliveryStatus: 'unsold' }),
        home(2, [], 10_000, { deliveryStatus: 'unsold' }),
        home(3, [7], 10_000, { deliveryStatus: 'undelivered' }), // a buyer named, not yet handed over
        home(4, [DEV], 10_000), // kept by the developer: still the developer's
        home(5, [DEV, 7], 10_000), // co-owned with a buyer: that pair is its own voter
        home(6, [7], 10_000),
      ],
      NO_PARKING,
    );
    expect(roll.voters.map((v) => [v.kind, v.unitIds, v.personIds])).toEqual([
      ['developer', [1, 2, 3, 4], [DEV]],
      ['owners', [5], [7, DEV]],
      ['owners', [6], [7]],
    ]);
  });

  it('a unit with no registered owner stays in the denominators, alone, with nobody to cast', () => {
    const roll = buildRoll([home(1, []), home(2, []), home(3, [1])], NO_PARKING);
    expect(roll.voters.map((v) => [v.kind, v.unitIds, v.personIds])).toEqual([
      ['unowned', [1], []],
      ['unowned', [2], []],
      ['owners', [3], [1]],
    ]);
  });

  it('storage follows parking unless set', () => {
    const units = [home(1, [1]), home(2, [2], 500, { kind: 'storage' }), home(3, [3], 1_200, { kind: 'parking' })];
    expect(buildRoll(units, { includeParking: false }).totalHeadcount).toBe(1);
    expect(buildRoll(units, { includeParking: true }).totalHeadcount).toBe(3);
    expect(buildRoll(units, { includeParking: false, includeStorage: true }).voters.map((v) => v.unitIds)).toEqual([[1], [2]]);
    expect(buildRoll(units, { includeParking: true, includeStorage: false }).excludedUnitIds).toEqual([2]);
  });

  it('refuses a duplicate unit and a non-positive or fractional area', () => {
    expect(() => buildRoll([home(1, [1]), home(1, [2])], NO_PARKING)).toThrow(ValidationError);
    expect(() => buildRoll([home(1, [1], 0)], NO_PARKING)).toThrow(ValidationError);
    expect(() => buildRoll([home(1, [1], 10.5)], NO_PARKING)).toThrow(ValidationError);
  });
});

// ---------------------------------------------------------------------------------------------
// random registers and an independent counter

const PEOPLE = [1, 2, 3, 4, 5, DEV];
const unitArb = (unitId: number) =>
  fc.record({
    kind: fc.constantFrom('residential', 'residential', 'residential', 'commercial', 'parking', 'storage'),
    // equal areas often, so that exact thresholds (2/3, 1/2, 3/4) come up by area as well as by head
    areaCm2: fc.oneof({ arbitrary: fc.constantFrom(10_000, 20_000, 30_000), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 10_000_000 }), weight: 1 }),
    deliveryStatus: fc.constantFrom('delivered', 'delivered', 'delivered', 'undelivered', 'unsold'),
    owners: fc.uniqueArray(fc.constantFrom(...PEOPLE), { maxLength: 3 }),
    flagDeveloper: fc.boolean(),
  }).map(
    (u): RegisterUnit => ({
      unitId,
      kind: u.kind as RegisterUnit['kind'],
      areaCm2: u.areaCm2,
      deliveryStatus: u.deliveryStatus as RegisterUnit['deliveryStatus'],
      owners: u.owners.map((personId) => (personId === DEV && u.flagDeveloper ? { personId, isDeveloper: true } : { personId })),
    }),
  );
const registerArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 24 })
  .chain((ids) => (ids.length ? fc.tuple(...ids.map(unitArb)) : fc.constant([] as RegisterUnit[])));
const optsArb = fc.record({ includeParking: fc.boolean(), includeStorage: fc.option(fc.boolean(), { nil: undefined }) });
const choiceArb = fc.option(fc.constantFrom<Choice>('agree', 'agree', 'agree', 'oppose', 'abstain'), { nil: null, freq: 3 });

/**
 * The law read unit by unit, without keys or maps: is two units' vote the same buyer's? Then walk
 * the units, one head per unit that has no earlier unit of the same buyer; the buyer's choice is
 * the choice drawn for its first unit.
 */
function bruteForce(units: readonly RegisterUnit[], opts: RollOptions, drawn: readonly (Choice | null)[], matter: MatterCode) {
  const isDeveloperPerson = (p: number) => units.some((u) => u.owners.some((o) => o.personId === p && o.isDeveloper === true));
  const counted = (u: RegisterUnit) => (u.kind === 'parking' ? opts.includeParking : u.kind === 'storage' ? (opts.includeStorage ?? opts.includeParking) : true);
  const developers = (u: RegisterUnit) => u.deliveryStatus !== 'delivered' || (u.owners.length > 0 && u.owners.every((o) => isDeveloperPerson(o.personId)));
  const sameSet = (a: RegisterUnit, b: RegisterUnit) =>
    a.owners.every((o) => b.owners.some((p) => p.personId === o.personId)) && b.owners.every((o) => a.owners.some((p) => p.personId === o.personId));
  const sameBuyer = (a: RegisterUnit, b: RegisterUnit) =>
    developers(a) || developers(b) ? developers(a) && developers(b) : a.owners.length > 0 && b.owners.length > 0 && sameSet(a, b);
  const ordered = units.map((u, i) => ({ u, c: drawn[i] ?? null })).filter((x) => counted(x.u)).sort((a, b) => a.u.unitId - b.u.unitId);
  const f = { totalArea: 0n, totalHead: 0n, partArea: 0n, partHead: 0n, agreeArea: 0n, agreeHead: 0n, abstainArea: 0n, abstainHead: 0n };
  for (const x of ordered) {
    const first = ordered.find((y) => y === x || sameBuyer(y.u, x.u))!; // the lowest-id unit of that buyer
    const head = first === x ? 1n : 0n;
    const area = BigInt(x.u.areaCm2);
    f.totalArea += area;
    f.totalHead += head;
    if (first.c === null) continue;
    f.partArea += area;
    f.partHead += head;
    if (first.c === 'agree') [f.agreeArea, f.agreeHead] = [f.agreeArea + area, f.agreeHead + head];
    if (first.c === 'abstain') [f.abstainArea, f.abstainHead] = [f.abstainArea + area, f.abstainHead + head];
  }
  // thresholds as the smallest sufficient whole number, by division (the implementation multiplies)
  const atLeastTwoThirds = (p: bigint, t: bigint) => p >= (2n * t + 2n) / 3n;
  const moreThanHalf = (a: bigint, p: bigint) => p > 0n && a >= p / 2n + 1n;
  const threeQuarters = (a: bigint, p: bigint) => p > 0n && a >= (3n * p + 3n) / 4n;
  const approve = matter >= 6 && matter <= 8 ? threeQuarters : moreThanHalf;
  const quorum = f.totalHead > 0n && atLeastTwoThirds(f.partArea, f.totalArea) && atLeastTwoThirds(f.partHead, f.totalHead);
  const passed = quorum && approve(f.agreeArea, f.partArea) && approve(f.agreeHead, f.partHead);
  return { ...f, quorum, passed };
}

describe('tally against a brute-force counter over random registers', () => {
  it('agrees on every figure, the quorum and the result', () => {
    fc.assert(
      fc.property(registerArb, optsArb, fc.array(choiceArb, { minLength: 24, maxLength: 24 }), fc.integer({ min: 1, max: 9 }), (units, opts, drawn, m) => {
        const matter = m as MatterCode;
        const roll = buildRoll(units, opts);
        const choiceOf = new Map(units.map((u, i) => [u.unitId, drawn[i] ?? null]));
        const ballots = roll.voters.flatMap((v) => {
          const c = choiceOf.get(v.unitIds[0]!);
          return c ? [{ voterId: v.voterId, choice: c }] : [];
        });
        const t = tally(roll, ballots, matter);
        const b = bruteForce(units, opts, drawn, matter);
        expect(BigInt(t.total.areaCm2)).toBe(b.totalArea);
        expect(BigInt(t.total.headcount)).toBe(b.totalHead);
        expect(BigInt(t.participating.areaCm2)).toBe(b.partArea);
        expect(BigInt(t.participating.headcount)).toBe(b.partHead);
        expect(BigInt(t.agree.areaCm2)).toBe(b.agreeArea);
        expect(BigInt(t.agree.headcount)).toBe(b.agreeHead);
        expect(BigInt(t.abstain.areaCm2)).toBe(b.abstainArea);
        expect(BigInt(t.abstain.headcount)).toBe(b.abstainHead);
        expect(t.agree.areaCm2 + t.oppose.areaCm2 + t.abstain.areaCm2).toBe(t.participating.areaCm2);
        expect(t.quorum.met).toBe(b.quorum);
        expect(t.passed).toBe(b.passed);
        expect(t.reasons.includes('passed')).toBe(t.passed);
      }),
      { numRuns: 1000 },
    );
  });

  it('every counted unit is in exactly one voter; the roll does not depend on row order', () => {
    fc.assert(
      fc.property(registerArb, optsArb, fc.nat(), (units, opts, k) => {
        const roll = buildRoll(units, opts);
        const inRoll = roll.voters.flatMap((v) => v.unitIds).sort((a, b) => a - b);
        const all = units.map((u) => u.unitId).sort((a, b) => a - b);
        expect([...inRoll, ...roll.excludedUnitIds].sort((a, b) => a - b)).toEqual(all);
        expect(new Set(inRoll).size).toBe(inRoll.length);
        expect(roll.voters.map((v) => v.voterId)).toEqual(roll.voters.map((_, i) => i + 1));
        expect(roll.totalAreaCm2).toBe(roll.voters.reduce((s, v) => s + v.areaCm2, 0));
        const rotated = [...units.slice(k % (units.length || 1)), ...units.slice(0, k % (units.length || 1))].reverse();
        expect(buildRoll(rotated, opts)).toEqual(roll);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// edge cases

/** n homes of 100.00 m², one owner each (unit i, person i). */
const homes = (n: number, areaCm2 = 10_000) => Array.from({ length: n }, (_, i) => home(i + 1, [i + 1], areaCm2));
const agreeOppose = (agree: number[], oppose: number[] = [], abstain: number[] = []) =>
  Object.fromEntries([...agree.map((u) => [u, 'agree']), ...oppose.map((u) => [u, 'oppose']), ...abstain.map((u) => [u, 'abstain'])]) as Record<number, Choice>;

describe('edge cases', () => {
  const cases: { name: string; units: RegisterUnit[]; opts?: RollOptions; choices: Record<number, Choice>; matter: MatterCode; quorum: boolean; passed: boolean; reasons: string[] }[] = [
    { name: 'exactly 2/3 participation passes the quorum', units: homes(3), choices: agreeOppose([1, 2]), matter: 9, quorum: true, passed: true, reasons: ['passed'] },
    { name: 'one voter short of 2/3 misses it', units: homes(10), choices: agreeOppose([1, 2, 3, 4, 5, 6]), matter: 9, quorum: false, passed: false, reasons: ['quorum_area_short', 'quorum_headcount_short'] },
    {
      name: 'exactly 2/3 of the area but not of the heads',
      units: [home(1, [1], 20_000), home(2, [2], 20_000), home(3, [3], 10_000), home(4, [4], 10_000)],
      choices: agreeOppose([1, 2]),
      matter: 9,
      quorum: false,
      passed: false,
      reasons: ['quorum_headcount_short'],
    },
    { name: 'exactly 1/2 approval fails', units: homes(4), choices: agreeOppose([1, 2], [3, 4]), matter: 9, quorum: true, passed: false, reasons: ['approval_area_short', 'approval_headcount_short'] },
    { name: 'exactly 3/4 on an item-6 matter passes', units: homes(4), choices: agreeOppose([1, 2, 3], [4]), matter: 6, quorum: true, passed: true, reasons: ['passed'] },
    { name: 'two thirds agreeing fails item 7', units: homes(6), choices: agreeOppose([1, 2, 3, 4], [5, 6]), matter: 7, quorum: true, passed: false, reasons: ['approval_area_short', 'approval_headcount_short'] },
    { name: '… and passes item 9', units: homes(6), choices: agreeOppose([1, 2, 3, 4], [5, 6]), matter: 9, quorum: true, passed: true, reasons: ['passed'] },
    {
      name: 'area passes but headcount fails',
      units: [home(1, [1], 70_000), ...[2, 3, 4].map((i) => home(i, [i]))],
      choices: agreeOppose([1], [2, 3, 4]),
      matter: 9,
      quorum: true,
      passed: false,
      reasons: ['approval_headcount_short'],
    },
    {
      name: 'a multi-unit owner swings the area but counts once: 2 of 4 heads is not more than half',
      units: [home(1, [1]), home(2, [1]), home(3, [1]), home(4, [2]), home(5, [3]), home(6, [4])],
      choices: agreeOppose([1, 4], [5, 6]),
      matter: 9,
      quorum: true,
      passed: false,
      reasons: ['approval_headcount_short'],
    },
    { name: 'all abstain: quorum met, not passed', units: homes(5), choices: agreeOppose([], [], [1, 2, 3, 4, 5]), matter: 9, quorum: true, passed: false, reasons: ['approval_area_short', 'approval_headcount_short'] },
    {
      name: 'developer units merged: the developer is one head of six, so 2 of 5 participants agreeing fails',
      units: [...homes(5), ...[6, 7, 8, 9].map((i) => home(i, [DEV], 10_000, { deliveryStatus: 'unsold' })), home(10, [10], 10_000, { deliveryStatus: 'undelivered' })],
      choices: agreeOppose([6, 1], [2, 3], [4]),
      matter: 9,
      quorum: true,
      passed: false,
      reasons: ['approval_headcount_short'],
    },
    { name: 'parking excluded: 3 of 4 homes vote, quorum met', units: [...homes(4), ...[5, 6, 7].map((i) => home(i, [5], 1_200, { kind: 'parking' }))], opts: { includeParking: false }, choices: agreeOppose([1, 2], [3]), matter: 9, quorum: true, passed: true, reasons: ['passed'] },
    {
      name: 'parking included: the parking owner is a fifth head, 3 of 5 misses the quorum',
      units: [...homes(4), ...[5, 6, 7].map((i) => home(i, [5], 1_200, { kind: 'parking' }))],
      opts: { includeParking: true },
      choices: agreeOppose([1, 2], [3]),
      matter: 9,
      quorum: false,
      passed: false,
      reasons: ['quorum_headcount_short'],
    },
    { name: 'an empty roll never passes', units: [], choices: {}, matter: 9, quorum: false, passed: false, reasons: ['empty_roll'] },
  ];
  it.each(cases)('$name', (c) => {
    const roll = buildRoll(c.units, c.opts ?? NO_PARKING);
    const t = tally(roll, ballotsByUnit(roll, c.choices), c.matter);
    expect({ quorum: t.quorum.met, passed: t.passed, reasons: t.reasons }).toEqual({ quorum: c.quorum, passed: c.passed, reasons: c.reasons });
  });

  it('the multi-unit owner would have passed if each unit were a head (what art. 9 rules out)', () => {
    const split = [home(1, [1]), home(2, [11]), home(3, [12]), home(4, [2]), home(5, [3]), home(6, [4])];
    const roll = buildRoll(split, NO_PARKING);
    expect(tally(roll, ballotsByUnit(roll, agreeOppose([1, 2, 3, 4], [5, 6])), 9).passed).toBe(true);
  });

  it('the developer merged: one voter of 500.00 m² among six', () => {
    const roll = buildRoll([...homes(5), ...[6, 7, 8, 9].map((i) => home(i, [DEV], 10_000, { deliveryStatus: 'unsold' })), home(10, [10], 10_000, { deliveryStatus: 'undelivered' })], NO_PARKING);
    expect([roll.totalHeadcount, roll.voters.find((v) => v.kind === 'developer')?.areaCm2]).toEqual([6, 50_000]);
  });

  it('refuses a second ballot for the same voter, a voter not on the roll and an unknown choice', () => {
    const roll = buildRoll(homes(3), NO_PARKING);
    expect(() => tally(roll, [{ voterId: 1, choice: 'agree' }, { voterId: 1, choice: 'agree' }], 9)).toThrow(ConflictError);
    expect(() => tally(roll, [{ voterId: 1, choice: 'agree' }, { voterId: 1, choice: 'oppose' }], 9)).toThrow(ConflictError);
    expect(() => tally(roll, [{ voterId: 4, choice: 'agree' }], 9)).toThrow(ValidationError);
    expect(() => tally(roll, [{ voterId: 1, choice: 'maybe' as Choice }], 9)).toThrow(ValidationError);
  });
});

// ---------------------------------------------------------------------------------------------
// plain words

describe('the rule in plain words', () => {
  it('the worked example: 7 of 10 vote, 4 agree', () => {
    const roll = buildRoll(homes(10), NO_PARKING);
    const t = tally(roll, ballotsByUnit(roll, agreeOppose([1, 2, 3, 4], [5, 6, 7])), 9);
    expect(t.passed).toBe(true);
    const words = explainTally(t);
    expect(words['zh-CN']).toContain('参与表决的专有部分面积 700.00 平方米，占总面积 1,000.00 平方米的 70.00%');
    expect(words['zh-CN']).toContain('占参与表决人数的 57.14%');
    expect(words['zh-CN']).toContain('结果：通过。');
    expect(words.en).toContain('700.00 m² of 1,000.00 m² of exclusive area (70.00%)');
    expect(words.en).toContain('4 owners, 57.14% of the participating owners; more than half of each is required');
    expect(words.en).toContain('Result: passed.');
  });

  it('a failure says why; exactly two thirds shows 66.66% and is met', () => {
    const roll = buildRoll(homes(3), NO_PARKING);
    const t = tally(roll, ballotsByUnit(roll, agreeOppose([], [], [1, 2])), 6);
    const words = explainTally(t);
    expect(words['zh-CN']).toContain('66.66%');
    expect(words['zh-CN']).toContain('达到参与表决的法定要求');
    expect(words['zh-CN']).toContain('均须达到四分之三以上');
    expect(words['zh-CN']).toContain('未通过（同意的专有部分面积未达到要求；同意人数未达到要求）');
    expect(words.en).toContain('the quorum is met');
    expect(words.en).toContain('Result: not passed (agreeing area is short of the threshold; agreeing owners are short of the threshold)');
  });

  it('percentages are truncated, never overstated', () => {
    expect([percentText(2, 3), percentText(1, 3), percentText(19_999, 20_000), percentText(1, 1), percentText(0, 0)]).toEqual(['66.66%', '33.33%', '99.99%', '100.00%', '—']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 45 }), fc.integer({ min: 0, max: 2 ** 45 }), (whole, p) => {
        const part = p % (whole + 1);
        const m = /^(\d+)\.(\d\d)%$/.exec(percentText(part, whole))!;
        const bp = BigInt(m[1]!) * 100n + BigInt(m[2]!);
        expect(bp * BigInt(whole) <= BigInt(part) * 10_000n).toBe(true);
        expect((bp + 1n) * BigInt(whole) > BigInt(part) * 10_000n).toBe(true);
      }),
    );
  });

  it('areas in m² from cm²', () => {
    expect([areaText(123_456), areaText(5), areaText(100_000_000)]).toEqual(['1,234.56', '0.05', '1,000,000.00']);
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
const ACTORS: DecisionActor[] = [...(Object.keys(ROLES) as Role[]), 'system'];

/** The allowed moves, written out once more by hand. */
const ALLOWED = new Set([
  'draft>noticed:committee',
  'draft>withdrawn:committee',
  'noticed>voting:committee',
  'noticed>voting:system',
  'noticed>withdrawn:committee',
  'voting>counted:committee',
  'voting>counted:system',
  'counted>objection:committee',
  'objection>final:committee',
  'objection>final:system',
  'objection>failed:committee',
  'objection>failed:system',
  'objection>counted:committee',
]);

describe('decision lifecycle', () => {
  it('allows exactly the listed moves, over every state × state × actor', () => {
    let allowed = 0;
    for (const from of DECISION_STATES)
      for (const to of DECISION_STATES)
        for (const actor of ACTORS) {
          const expected = ALLOWED.has(`${from}>${to}:${actor}`);
          expect(canTransition(from, to, actor), `${from} → ${to} by ${actor}`).toBe(expected);
          if (expected) allowed += 1;
        }
    expect(allowed).toBe(ALLOWED.size);
  });

  it('terminal states have no exits; the others lead to one; every state is reachable from draft', () => {
    expect(TERMINAL_DECISION_STATES).toEqual(['final', 'failed', 'withdrawn']);
    for (const s of DECISION_STATES) expect(Object.keys(DECISION_TRANSITIONS[s]).length === 0).toBe(isTerminal(s));
    const reach = (start: DecisionState) => {
      const seen = new Set<DecisionState>([start]);
      for (const s of seen) for (const to of Object.keys(DECISION_TRANSITIONS[s]) as DecisionState[]) seen.add(to);
      return seen;
    };
    expect([...reach('draft')].sort()).toEqual([...DECISION_STATES].sort());
    for (const s of DECISION_STATES) expect([...reach(s)].some(isTerminal)).toBe(true);
  });

  it('withdrawal only before voting opens; nobody but the committee and the clock moves a decision', () => {
    expect(DECISION_STATES.filter((s) => canTransition(s, 'withdrawn', 'committee'))).toEqual(['draft', 'noticed']);
    for (const actor of ACTORS.filter((a) => a !== 'committee' && a !== 'system'))
      for (const from of DECISION_STATES) for (const to of DECISION_STATES) expect(canTransition(from, to, actor)).toBe(false);
  });

  it('closes as final when some item passed, failed when none did', () => {
    expect([closingState([true, false]), closingState([false]), closingState([])]).toEqual(['final', 'failed', 'failed']);
  });
});

describe('notice and objection dates', () => {
  it('voting opens 15 days after the notice at the earliest: 15 ok, 14 refused', () => {
    expect(earliestOpeningOn('2025-03-01')).toBe('2025-03-16');
    expect(noticePeriodMet('2025-03-01', '2025-03-16')).toBe(true);
    expect(noticePeriodMet('2025-03-01', '2025-03-15')).toBe(false);
    expect(noticePeriodMet('2024-12-20', '2025-01-04')).toBe(true);
    expect(noticePeriodMet('2024-12-20', '2025-01-03')).toBe(false);
    expect(earliestOpeningOn('2024-02-20')).toBe('2024-03-06'); // leap year
    expect(earliestOpeningOn('2025-03-01', 20)).toBe('2025-03-21');
    expect(noticePeriodMet('2025-03-01', '2025-03-20', 20)).toBe(false);
  });

  it('refuses less notice than the law allows and malformed dates', () => {
    expect(() => earliestOpeningOn('2025-03-01', 14)).toThrow(ValidationError);
    expect(() => noticePeriodMet('2025-02-30', '2025-03-20')).toThrow(ValidationError);
    expect(() => objectionEndsOn('2025-3-1')).toThrow(ValidationError);
  });

  it('objections through the 7th day after publication, final from the 8th', () => {
    expect(objectionEndsOn('2025-03-31')).toBe('2025-04-07');
    expect(objectionEndsOn('2025-12-28', 10)).toBe('2026-01-07');
    expect(inObjectionPeriod('2025-03-31', '2025-03-31')).toBe(true);
    expect(inObjectionPeriod('2025-03-31', '2025-04-07')).toBe(true);
    expect(inObjectionPeriod('2025-03-31', '2025-04-08')).toBe(false);
    expect(inObjectionPeriod('2025-03-31', '2025-03-30')).toBe(false);
    expect(objectionPeriodOver('2025-03-31', '2025-04-07')).toBe(false);
    expect(objectionPeriodOver('2025-03-31', '2025-04-08')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// committee

describe('committee decisions', () => {
  const votes = (agree: number[], oppose: number[] = [], abstain: number[] = []) => [
    ...agree.map((memberId) => ({ memberId, choice: 'agree' as const })),
    ...oppose.map((memberId) => ({ memberId, choice: 'oppose' as const })),
    ...abstain.map((memberId) => ({ memberId, choice: 'abstain' as const })),
  ];

  it('exactly half present fails the quorum', () => {
    const t = tallyCommittee(6, [1, 2, 3], votes([1, 2, 3]));
    expect([t.quorumMet, t.passed, t.reasons]).toEqual([false, false, ['no_quorum', 'short_of_all_members']]);
  });

  it('a majority of those present but not of all members fails', () => {
    const t = tallyCommittee(7, [1, 2, 3, 4, 5], votes([1, 2, 3], [4, 5]));
    expect([t.quorumMet, t.passed, t.reasons]).toEqual([true, false, ['short_of_all_members']]);
  });

  it('more than half of all members agreeing passes; abstentions and silence are not agreement', () => {
    expect(tallyCommittee(7, [1, 2, 3, 4], votes([1, 2, 3, 4])).passed).toBe(true);
    const t = tallyCommittee(7, [1, 2, 3, 4, 5, 6], votes([1, 2, 3], [], [4]));
    expect([t.passed, t.notVoting, t.abstain]).toEqual([false, 2, 1]);
    expect(tallyCommittee(6, [1, 2, 3, 4], votes([1, 2, 3])).passed).toBe(false); // half of six is not more than half
  });

  it('no proxies, no double votes, no more present than members', () => {
    expect(() => tallyCommittee(7, [1, 2, 3, 4], votes([1, 2, 3, 5]))).toThrow(ValidationError);
    expect(() => tallyCommittee(7, [1, 2, 3, 4], votes([1, 2, 3, 3]))).toThrow(ValidationError);
    expect(() => tallyCommittee(3, [1, 2, 3, 4], [])).toThrow(ValidationError);
    expect(() => tallyCommittee(3, [1, 1], [])).toThrow(ValidationError);
  });

  it('passes exactly when present and agreeing are each above half of all members', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.nat(), fc.array(fc.constantFrom('agree', 'oppose', 'abstain', null), { maxLength: 25 }), (n, p, drawn) => {
        const present = Array.from({ length: p % (n + 1) }, (_, i) => i + 1);
        const vs = present.flatMap((memberId, i) => (drawn[i] ? [{ memberId, choice: drawn[i] }] : []));
        const t = tallyCommittee(n, present, vs);
        const agree = vs.filter((v) => v.choice === 'agree').length;
        expect(t.quorumMet).toBe(present.length >= Math.floor(n / 2) + 1);
        expect(t.passed).toBe(agree >= Math.floor(n / 2) + 1);
      }),
    );
  });
});

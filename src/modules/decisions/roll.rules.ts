/**
 * The voter roll of an owners' decision (DESIGN §2.5), pure: computed from the register, frozen
 * by the service when voting opens. Counting follows the Supreme People's Court interpretation on
 * building compartmentalised ownership (最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释):
 *
 * - art. 8: a voter's area is the registered area of their exclusive parts (专有部分), summed.
 * - art. 9 ¶1: "业主人数，按照专有部分的数量计算，一个专有部分按一人计算" — headcount counts units;
 * - art. 9 ¶2: "但建设单位尚未出卖和虽已出卖但尚未交付的部分，以及同一买受人拥有一个以上专有部分的，
 *   按一人计算" — except that all of the developer's unsold or sold-but-undelivered units count
 *   as one person, and several units of the same buyer count as one person.
 *
 * How that reads in data (each choice tested in decisions.rules.test.ts):
 * 1. **Same buyer = exactly the same owner set.** Units are grouped by their set of registered
 *    owners: {张三} owning 1-101 and 1-102 is one voter with both areas; {张三, 李四} co-owning
 *    2-201 is one voter for that unit (co-owners cast one vote together, any one of them may cast
 *    it). If 张三 also owns 3-301 alone, {张三} and {张三, 李四} are different buyers: two voters,
 *    and 张三 may cast for both. {张三, 李四} co-owning two units is one voter.
 * 2. **The developer is one voter** for every unit that is `unsold` or `undelivered` (whoever the
 *    register already names as buyer: before delivery the buyer has not taken possession and is
 *    not yet an owner, interpretation art. 1 ¶2), plus any unit owned by developer persons only
 *    (a developer cannot deliver to itself: a unit it keeps is still unsold). Developer persons
 *    are those flagged `isDeveloper` anywhere in the register; they cast for the developer voter.
 *    A delivered unit co-owned by the developer and a buyer follows rule 1.
 * 3. **A unit with no registered owner** still counts (its area and one head stay in the
 *    denominators, so a gap in the register never makes a quorum easier); it is its own voter,
 *    kind `unowned`, and nobody can cast for it until the register is completed.
 * 4. **Parking and storage** are in or out by configuration (`includeParking`; `includeStorage`
 *    follows `includeParking` unless given). An excluded unit is in neither area nor headcount.
 *
 * Voter ids are 1..n in the order of each voter's smallest unit id, so the same register gives
 * the same roll whatever order its rows come in. Worked example (tested):
 *   units 1 {A} 90 m², 2 {A} 60 m², 3 {A,B} 80 m², 4 unsold {Dev} 100 m², 5 undelivered {C} 70 m²,
 *   6 parking {A} 12 m² → without parking: voter 1 {A} units 1,2 150 m²; voter 2 {A,B} unit 3
 *   80 m²; voter 3 developer units 4,5 170 m² → total 400 m², headcount 3.
 */
import './decisions.messages.js';
import { ValidationError } from '../../platform/errors.js';

export type RollUnitKind = 'residential' | 'commercial' | 'parking' | 'storage';
export type RollDeliveryStatus = 'delivered' | 'undelivered' | 'unsold';

export interface RegisterUnit {
  unitId: number;
  kind: RollUnitKind;
  areaCm2: number;
  deliveryStatus: RollDeliveryStatus;
  owners: readonly { personId: number; isDeveloper?: boolean }[];
}

export interface RollOptions {
  includeParking: boolean;
  /** default: the value of includeParking (ancillary spaces are counted alike unless said otherwise) */
  includeStorage?: boolean;
}

export type VoterKind = 'owners' | 'developer' | 'unowned';

export interface Voter {
  voterId: number;
  kind: VoterKind;
  /** ascending */
  unitIds: number[];
  areaCm2: number;
  /** who may cast this voter's one ballot (ascending; empty for `unowned`, or a developer not flagged) */
  personIds: number[];
}

export interface Roll {
  voters: Voter[];
  totalAreaCm2: number;
  totalHeadcount: number;
  includeParking: boolean;
  includeStorage: boolean;
  /** units left out by the parking/storage setting (ascending) */
  excludedUnitIds: number[];
}

/** Is this unit counted under these options? */
export function countsInRoll(kind: RollUnitKind, opts: RollOptions): boolean {
  if (kind === 'parking') return opts.includeParking;
  if (kind === 'storage') return opts.includeStorage ?? opts.includeParking;
  return true;
}

const byNumber = (a: number, b: number) => a - b;

/** The voter roll of a register (see the header for the counting rules). */
export function buildRoll(units: readonly RegisterUnit[], opts: RollOptions): Roll {
  const seen = new Set<number>();
  const developers = new Set<number>();
  for (const u of units) {
    if (!Number.isSafeInteger(u.unitId)) throw new ValidationError('decisions.roll_bad_unit', { unitId: String(u.unitId) });
    if (seen.has(u.unitId)) throw new ValidationError('decisions.roll_duplicate_unit', { unitId: u.unitId });
    seen.add(u.unitId);
    if (!Number.isSafeInteger(u.areaCm2) || u.areaCm2 <= 0) throw new ValidationError('decisions.roll_bad_area', { unitId: u.unitId });
    for (const o of u.owners) if (o.isDeveloper) developers.add(o.personId);
  }

  const groups = new Map<string, { kind: VoterKind; unitIds: number[]; areaCm2: number; personIds: number[] }>();
  const excludedUnitIds: number[] = [];
  for (const u of units) {
    if (!countsInRoll(u.kind, opts)) {
      excludedUnitIds.push(u.unitId);
      continue;
    }
    const owners = [...new Set(u.owners.map((o) => o.personId))].sort(byNumber);
    let key: string;
    let kind: VoterKind;
    if (u.deliveryStatus !== 'delivered' || (owners.length > 0 && owners.every((p) => developers.has(p)))) {
      [key, kind] = ['developer', 'developer'];
    } else if (owners.length === 0) {
      [key, kind] = [`unowned:${u.unitId}`, 'unowned'];
    } else {
      [key, kind] = [`owners:${owners.join(',')}`, 'owners'];
    }
    const g = groups.get(key);
    if (g) {
      g.unitIds.push(u.unitId);
      g.areaCm2 += u.areaCm2;
    } else {
      const personIds = kind === 'developer' ? [...developers].sort(byNumber) : kind === 'owners' ? owners : [];
      groups.set(key, { kind, unitIds: [u.unitId], areaCm2: u.areaCm2, personIds });
    }
  }

  const ordered = [...groups.values()].map((g) => ({ ...g, unitIds: g.unitIds.sort(byNumber) })).sort((a, b) => a.unitIds[0]! - b.unitIds[0]!);
  const voters: Voter[] = ordered.map((g, i) => ({ voterId: i + 1, kind: g.kind, unitIds: g.unitIds, areaCm2: g.areaCm2, personIds: g.personIds }));
  const totalAreaCm2 = voters.reduce((s, v) => s + v.areaCm2, 0);
  if (!Number.isSafeInteger(totalAreaCm2)) throw new ValidationError('decisions.roll_too_large');
  return {
    voters,
    totalAreaCm2,
    totalHeadcount: voters.length,
    includeParking: opts.includeParking,
    includeStorage: opts.includeStorage ?? opts.includeParking,
    excludedUnitIds: excludedUnitIds.sort(byNumber),
  };
}

/** The voters a person may cast for (their own units alone, each co-owned set, the developer's). */
export function votersOf(roll: Roll, personId: number): Voter[] {
  return roll.voters.filter((v) => v.personIds.includes(personId));
}

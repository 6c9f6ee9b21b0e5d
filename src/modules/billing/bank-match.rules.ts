/**
 * Matching a bank transfer to the unit it pays for (pure): the unit code residents write in the
 * memo (附言) or the payer field, in their many spellings, else an amount equal to exactly one
 * unit's open balance. Indexed once per import, so 100,000 units match in milliseconds.
 */
import type { BankLine } from './bank.rules.js';

// ---------------------------------------------------------------------------------------------
// Matching a transfer to a unit
// ---------------------------------------------------------------------------------------------

export interface OpenUnit {
  unitId: number;
  /** normalized register code like '3-2-1201' (building-entrance-room) or '12-0101' or 'S-001' */
  code: string;
  /** total outstanding of its open bills, 0 if none */
  openFen: number;
}
export type MatchResult =
  | { status: 'matched'; unitId: number; rule: 'code' | 'amount' }
  | { status: 'ambiguous'; candidates: number[]; rule: 'code' | 'amount' }
  | { status: 'unmatched' };
export interface UnitIndex {
  readonly byCode: ReadonlyMap<string, readonly number[]>;
  /** leading zeros of numeric parts dropped: 12-0101 and 12-101 meet here */
  readonly byLooseCode: ReadonlyMap<string, readonly number[]>;
  /** building|room of three-part codes, for memos without the entrance (3栋1201) */
  readonly byBuildingRoom: ReadonlyMap<string, readonly number[]>;
  readonly byOpenFen: ReadonlyMap<number, readonly number[]>;
}

const MAX_CANDIDATES = 20;
const DASHES = /[\u2010-\u2015\u2212\u30fc\ufe58\ufe63\uff0d_]/g;

const loosePart = (part: string) => (/^\d+$/.test(part) ? part.replace(/^0+(?=\d)/, '') : part);
/** 12-0101 → 12-101, S-001 and S001 → S-1: spellings residents use for the same unit. */
const looseCode = (code: string) =>
  code
    .split('-')
    .flatMap((part) => /^([A-Z]+)(\d+)$/.exec(part)?.slice(1) ?? [part])
    .map(loosePart)
    .join('-');

/**
 * Unit codes written in free text, normalized like the register's codes (3栋2单元1201室 →
 * 3-2-1201, 车位P001 → P-001), in order of appearance. A candidate has a dash, or letters and
 * digits (S001); bare numbers are left out: in a memo they are months, years and amounts.
 */
export function unitCodesInMemo(text: string): string[] {
  const s = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(DASHES, '-')
    .replace(/车位\s*(?:P\s*-?\s*)?(?=\d)/g, ' P-')
    .replace(/\s*(?:号楼|#楼|栋|幢|座|#|单元)\s*/g, '-')
    .replace(/号(?=[A-Z0-9])/g, '-')
    .replace(/-{2,}/g, '-');
  const codes = new Set<string>();
  for (const [token] of s.matchAll(/[A-Z0-9]+(?:-[A-Z0-9]+)*/g)) {
    const parking = /^P-?(\d[0-9A-Z-]*)$/.exec(token);
    const code = parking ? `P-${parking[1]}` : token;
    if (code.includes('-') || (/[A-Z]/.test(code) && /\d/.test(code))) codes.add(code);
  }
  return [...codes];
}

function pushTo<K>(map: Map<K, number[]>, key: K, unitId: number): void {
  const list = map.get(key);
  if (list) list.push(unitId);
  else map.set(key, [unitId]);
}

export function buildUnitIndex(units: OpenUnit[]): UnitIndex {
  const byCode = new Map<string, number[]>();
  const byLooseCode = new Map<string, number[]>();
  const byBuildingRoom = new Map<string, number[]>();
  const byOpenFen = new Map<number, number[]>();
  for (const unit of units) {
    const code = unit.code.toUpperCase();
    pushTo(byCode, code, unit.unitId);
    pushTo(byLooseCode, looseCode(code), unit.unitId);
    const parts = code.split('-');
    if (parts.length >= 3) pushTo(byBuildingRoom, `${loosePart(parts[0]!)}|${loosePart(parts[parts.length - 1]!)}`, unit.unitId);
    if (unit.openFen > 0) pushTo(byOpenFen, unit.openFen, unit.unitId);
  }
  for (const list of byOpenFen.values()) list.sort((a, b) => a - b);
  return { byCode, byLooseCode, byBuildingRoom, byOpenFen };
}

function unitsForCodes(codes: string[], index: UnitIndex): Set<number> {
  const ids = new Set<number>();
  for (const code of codes) {
    let hits = index.byCode.get(code) ?? index.byLooseCode.get(looseCode(code));
    if (!hits) {
      const parts = code.split('-');
      const sameBuildingAndRoom = parts.length === 2 ? index.byBuildingRoom.get(`${loosePart(parts[0]!)}|${loosePart(parts[1]!)}`) : undefined;
      // Without the entrance only an unambiguous building and room counts (spec: exactly one unit).
      if (sameBuildingAndRoom?.length === 1) hits = sameBuildingAndRoom;
    }
    for (const id of hits ?? []) ids.add(id);
  }
  return ids;
}

/**
 * (1) unit codes in the memo, else in the counterparty name, that name known units: one unit →
 * matched, several → ambiguous; (2) else the units whose outstanding total equals the amount:
 * one → matched, several → ambiguous (by unitId, at most 20); (3) else unmatched.
 */
export function matchLineIndexed(line: Pick<BankLine, 'memo' | 'counterparty' | 'amountFen'>, index: UnitIndex): MatchResult {
  let byCode = unitsForCodes(unitCodesInMemo(line.memo), index);
  if (byCode.size === 0) byCode = unitsForCodes(unitCodesInMemo(line.counterparty), index);
  if (byCode.size === 1) return { status: 'matched', unitId: [...byCode][0]!, rule: 'code' };
  if (byCode.size > 1) {
    return { status: 'ambiguous', candidates: [...byCode].sort((a, b) => a - b).slice(0, MAX_CANDIDATES), rule: 'code' };
  }
  const byAmount = line.amountFen > 0 ? (index.byOpenFen.get(line.amountFen) ?? []) : [];
  if (byAmount.length === 1) return { status: 'matched', unitId: byAmount[0]!, rule: 'amount' };
  if (byAmount.length > 1) return { status: 'ambiguous', candidates: byAmount.slice(0, MAX_CANDIDATES), rule: 'amount' };
  return { status: 'unmatched' };
}

export function matchLine(line: Pick<BankLine, 'memo' | 'counterparty' | 'amountFen'>, units: OpenUnit[]): MatchResult {
  return matchLineIndexed(line, buildUnitIndex(units));
}

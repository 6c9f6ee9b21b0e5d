/**
 * The public record of an owners' decision, pure: the canonical form of a ballot, the hash chain
 * per decision, and the recount of an export from the file alone (docs/vote-format.md). The chain
 * is the ledger's (ledger.rules.ts: GENESIS_HASH, chainHash, RFC 8785 canonical JSON), applied to
 * the ballot's public fields:
 *
 *   hash_n = SHA-256( ASCII(hex hash_{n-1}) ‖ UTF-8(JCS({castAt, channel, choice, decision, item, seq, voter})) )
 *
 * with hash_0 = 64 zeros. A voter is named only by a keyed pseudonym ('V-' and 8 Crockford
 * base32 characters), new for every decision, so that exports of two decisions cannot be joined.
 */
import canonicalize from 'canonicalize';
import { GENESIS_HASH, chainHash } from '../ledger/ledger.rules.js';
import { type MatterCode, isMatterCode } from './decisions.rules.js';
import type { Roll, VoterKind } from './roll.rules.js';
import { CHOICES, type Choice, type Tally, tally } from './tally.rules.js';

export const VOTE_EXPORT_FORMAT = 'xinyi-vote/1';
export const BALLOT_CHANNELS = ['online', 'paper', 'proxy'] as const;
export type BallotChannel = (typeof BALLOT_CHANNELS)[number];

/** What the chain covers and what the export carries of a ballot: no name, no unit, no account. */
export interface PublicBallot {
  /** `<community code>/<decision id>`, the same in every ballot of a decision */
  decision: string;
  /** the item's position in the decision, 1… */
  item: number;
  /** the voter's pseudonym in this decision */
  voter: string;
  choice: Choice;
  channel: BallotChannel;
  seq: number;
  /** UTC, `YYYY-MM-DDTHH:mm:ss.sssZ` */
  castAt: string;
}

export interface ChainedBallot extends PublicBallot {
  prevHash: string;
  hash: string;
}

/** RFC 8785 of exactly the seven public fields (anything else on the object is left out). */
export function canonicalBallot(b: PublicBallot): string {
  const { decision, item, voter, choice, channel, seq, castAt } = b;
  const out = canonicalize({ decision, item, voter, choice, channel, seq, castAt });
  if (out === undefined) throw new Error('ballot cannot be canonicalized');
  return out;
}

export const ballotHash = (prevHash: string, b: PublicBallot) => chainHash(prevHash, canonicalBallot(b));

export { GENESIS_HASH };

/**
 * Checks a decision's chain: seq 1, 2, 3 … without gaps, each prevHash the previous hash (the
 * genesis hash first), each hash recomputed, every ballot of this decision. The first bad ballot,
 * or null.
 */
export function verifyBallotChain(decision: string, ballots: readonly ChainedBallot[]): { seq: number; problem: string } | null {
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const b of ballots) {
    if (b.seq !== seq + 1) return { seq: b.seq, problem: `sequence: expected ${seq + 1}` };
    if (b.decision !== decision) return { seq: b.seq, problem: `ballot of another decision (${String(b.decision)})` };
    if (b.prevHash !== prev) return { seq: b.seq, problem: 'prevHash does not match the previous ballot' };
    if (ballotHash(prev, b) !== b.hash) return { seq: b.seq, problem: 'hash does not match the content' };
    prev = b.hash;
    seq = b.seq;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// the export file

export interface ExportVoter {
  voter: string;
  kind: VoterKind;
  areaCm2: number;
}

export interface ExportItem {
  item: number;
  matter: MatterCode;
  title: string;
}

export interface ExportResult {
  item: number;
  tally: Tally;
}

export interface VoteExport {
  format: typeof VOTE_EXPORT_FORMAT;
  decision: string;
  title: string;
  kind: 'meeting' | 'written';
  state: string;
  exportedAt: string;
  roll: {
    includeParking: boolean;
    includeStorage: boolean;
    totalAreaCm2: number;
    totalHeadcount: number;
    /** sorted by pseudonym (the order says nothing about the units) */
    voters: ExportVoter[];
  };
  items: ExportItem[];
  ballots: ChainedBallot[];
  /** the published count: the chain head it covers and the tally of every item; null before the count */
  count: { round: number; countedAt: string; lastSeq: number; lastHash: string; results: ExportResult[] } | null;
}

export type RecountOutcome =
  | { ok: true; decision: string; ballots: number; lastHash: string; results: { item: number; tally: Tally; stated: Tally | null }[] }
  | { ok: false; decision: string | null; seq: number | null; problem: string };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/**
 * Recounts an export from the file alone: the roll's totals from its voters, the chain, each
 * ballot's voter on the roll and item in the decision, and each item's tally recomputed with
 * tally.rules.ts and compared, figure by figure, with the published count in the file.
 */
export function recountExport(data: unknown): RecountOutcome {
  const bad = (problem: string, seq: number | null = null, decision: string | null = null): RecountOutcome => ({ ok: false, decision, seq, problem });
  if (!isObject(data)) return bad('not a vote export (a JSON object is expected)');
  if (data.format !== VOTE_EXPORT_FORMAT) return bad(`unknown format ${String(data.format)} (expected ${VOTE_EXPORT_FORMAT})`);
  const decision = data.decision;
  if (typeof decision !== 'string') return bad('decision is missing');
  const fail = (problem: string, seq: number | null = null) => bad(problem, seq, decision);
  const r = data.roll;
  if (!isObject(r) || !Array.isArray(r.voters)) return fail('roll is missing');
  const items = data.items;
  if (!Array.isArray(items) || items.length === 0) return fail('items are missing');
  if (!Array.isArray(data.ballots)) return fail('ballots are missing');

  // the roll: every voter once, a positive whole area, totals that add up
  const voterIds = new Map<string, number>();
  const voters: Roll['voters'] = [];
  for (const v of r.voters as unknown[]) {
    if (!isObject(v) || typeof v.voter !== 'string' || !Number.isSafeInteger(v.areaCm2) || (v.areaCm2 as number) <= 0) return fail('a roll entry is malformed');
    if (voterIds.has(v.voter)) return fail(`voter ${v.voter} is on the roll twice`);
    voterIds.set(v.voter, voters.length + 1);
    voters.push({ voterId: voters.length + 1, kind: (v.kind as VoterKind) ?? 'owners', unitIds: [], areaCm2: v.areaCm2 as number, personIds: [] });
  }
  const totalAreaCm2 = voters.reduce((s, v) => s + v.areaCm2, 0);
  if (r.totalAreaCm2 !== totalAreaCm2) return fail(`the roll's total area ${String(r.totalAreaCm2)} is not the sum of its voters' areas ${totalAreaCm2}`);
  if (r.totalHeadcount !== voters.length) return fail(`the roll's headcount ${String(r.totalHeadcount)} is not its ${voters.length} voters`);
  const roll: Roll = { voters, totalAreaCm2, totalHeadcount: voters.length, includeParking: r.includeParking === true, includeStorage: r.includeStorage === true, excludedUnitIds: [] };

  const matters = new Map<number, MatterCode>();
  for (const it of items as unknown[]) {
    if (!isObject(it) || !Number.isSafeInteger(it.item) || !isMatterCode(it.matter)) return fail('an item is malformed');
    if (matters.has(it.item as number)) return fail(`item ${String(it.item)} is listed twice`);
    matters.set(it.item as number, it.matter);
  }

  const ballots: ChainedBallot[] = [];
  for (const b of data.ballots as unknown[]) {
    if (!isObject(b)) return fail('a ballot is malformed');
    const seq = Number.isSafeInteger(b.seq) ? (b.seq as number) : null;
    for (const k of ['decision', 'voter', 'castAt', 'prevHash', 'hash'] as const) if (typeof b[k] !== 'string') return fail(`ballot field ${k} is missing`, seq);
    if (!isCount(b.seq) || !isCount(b.item)) return fail('ballot seq or item is not a whole number', seq);
    if (!CHOICES.includes(b.choice as Choice)) return fail(`unknown choice ${String(b.choice)}`, seq);
    if (!BALLOT_CHANNELS.includes(b.channel as BallotChannel)) return fail(`unknown channel ${String(b.channel)}`, seq);
    ballots.push(b as unknown as ChainedBallot);
  }
  const broken = verifyBallotChain(decision, ballots);
  if (broken) return fail(broken.problem, broken.seq);
  const lastHash = ballots.at(-1)?.hash ?? GENESIS_HASH;

  const byItem = new Map<number, { voterId: number; choice: Choice }[]>([...matters.keys()].map((k) => [k, []]));
  const seen = new Set<string>();
  for (const b of ballots) {
    const voterId = voterIds.get(b.voter);
    if (voterId === undefined) return fail(`voter ${b.voter} is not on the roll`, b.seq);
    const list = byItem.get(b.item);
    if (!list) return fail(`item ${b.item} is not an item of the decision`, b.seq);
    if (seen.has(`${b.item}|${b.voter}`)) return fail(`voter ${b.voter} voted twice on item ${b.item}`, b.seq);
    seen.add(`${b.item}|${b.voter}`);
    list.push({ voterId, choice: b.choice });
  }

  const count = data.count;
  const stated = new Map<number, Tally>();
  if (count !== null && count !== undefined) {
    if (!isObject(count) || !Array.isArray(count.results)) return fail('count is malformed');
    if (count.lastSeq !== (ballots.at(-1)?.seq ?? 0) || count.lastHash !== lastHash) return fail(`the count covers the chain up to ${String(count.lastSeq)} (${String(count.lastHash)}), the file holds up to ${ballots.at(-1)?.seq ?? 0} (${lastHash})`);
    for (const x of count.results as unknown[]) {
      if (!isObject(x) || !Number.isSafeInteger(x.item) || !isObject(x.tally)) return fail('a result is malformed');
      stated.set(x.item as number, x.tally as unknown as Tally);
    }
  }

  const results: { item: number; tally: Tally; stated: Tally | null }[] = [];
  for (const [item, matter] of matters) {
    const t = tally(roll, byItem.get(item)!, matter);
    const s = stated.get(item) ?? null;
    if (count && !s) return fail(`the count has no result for item ${item}`);
    if (s && canonicalize(s) !== canonicalize(t)) return fail(`item ${item}: the recount differs from the published result (${describeDifference(s, t)})`);
    results.push({ item, tally: t, stated: s });
  }
  return { ok: true, decision, ballots: ballots.length, lastHash, results };
}

function describeDifference(stated: Tally, recount: Tally): string {
  const diffs: string[] = [];
  for (const k of ['total', 'participating', 'agree', 'oppose', 'abstain'] as const) {
    const a = stated[k] as Tally['total'] | undefined;
    const b = recount[k];
    if (a?.areaCm2 !== b.areaCm2 || a?.headcount !== b.headcount) diffs.push(`${k}: published ${a?.areaCm2}/${a?.headcount}, recounted ${b.areaCm2}/${b.headcount} (cm²/voters)`);
  }
  if (stated.passed !== recount.passed) diffs.push(`passed: published ${String(stated.passed)}, recounted ${recount.passed}`);
  return diffs.join('; ') || 'the rule or the reasons differ';
}

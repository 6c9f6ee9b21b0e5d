/**
 * The count of an owners' decision item (Civil Code art. 278 ¶2, DESIGN §2.5), pure and exact.
 *
 * Participation = every voter with a ballot, whatever its choice: abstaining participates, so it
 * counts toward the quorum and in the denominator of approval (an abstention weighs like an
 * opposition for approval, and like a yes for the quorum). Each figure is kept twice, in area
 * (cm², the registered area of the voter's units) and in headcount (voters). Comparisons are
 * cross-multiplications in bigint (see decisions.rules.ts); nothing is ever divided but the
 * percentages shown to people, which are truncated to 0.01 % so that a figure is never overstated.
 *
 * Worked examples (tested), roll of 10 voters of 100.00 m² each (1,000.00 m²):
 *   7 ballots, 4 agree 3 oppose, matter 9 → quorum 700·3 ≥ 1000·2 and 7·3 ≥ 10·2; approval
 *     400·2 > 700 and 4·2 > 7 → passed ("70.00 %", "70.00 %", "57.14 %", "57.14 %")
 *   6 ballots → 600·3 = 1800 < 2000 → quorum missed, not passed ("60.00 %")
 *   8 ballots, 4 agree → 4·2 = 8, not > 8 → exactly half fails
 *   8 ballots, 6 agree, matter 6 → 6·4 = 24 ≥ 8·3 = 24 → exactly three quarters passes
 */
import './decisions.messages.js';
import type { Locale } from '../../platform/i18n.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { type ApprovalRule, type MatterCode, matterType } from './decisions.rules.js';
import type { Roll } from './roll.rules.js';

export const CHOICES = ['agree', 'oppose', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export interface Ballot {
  voterId: number;
  choice: Choice;
}

export interface Figure {
  areaCm2: number;
  headcount: number;
}

export type TallyReason = 'passed' | 'empty_roll' | 'quorum_area_short' | 'quorum_headcount_short' | 'approval_area_short' | 'approval_headcount_short';

export interface Tally {
  matter: MatterCode;
  rule: ApprovalRule;
  total: Figure;
  participating: Figure;
  agree: Figure;
  oppose: Figure;
  abstain: Figure;
  quorum: { area: boolean; headcount: boolean; met: boolean };
  /** judged on the participants even when the quorum is missed (shown, but it cannot pass) */
  approval: { area: boolean; headcount: boolean; met: boolean };
  passed: boolean;
  /** ['passed'], or every condition that was not met, in the order of the law */
  reasons: TallyReason[];
}

const big = BigInt;

/** part ≥ 2/3 of whole (以上: the bound included). */
export const meetsQuorum = (part: number, whole: number) => big(part) * 3n >= big(whole) * 2n;

/** agree meets the rule among participating: > 1/2 (过半数) or ≥ 3/4 (以上); nothing of nothing never passes. */
export function meetsApproval(rule: ApprovalRule, agree: number, participating: number): boolean {
  if (participating <= 0) return false;
  return rule === 'three_quarters' ? big(agree) * 4n >= big(participating) * 3n : big(agree) * 2n > big(participating);
}

/**
 * Counts one item. Refuses (throws) a ballot for a voter not on the roll, an unknown choice, and
 * a second ballot for the same voter: the service prevents those, the count must never absorb one.
 */
export function tally(roll: Roll, ballots: readonly Ballot[], matter: MatterCode): Tally {
  const { rule } = matterType(matter);
  const areaOf = new Map(roll.voters.map((v) => [v.voterId, v.areaCm2]));
  const sums: Record<Choice, Figure> = { agree: { areaCm2: 0, headcount: 0 }, oppose: { areaCm2: 0, headcount: 0 }, abstain: { areaCm2: 0, headcount: 0 } };
  const seen = new Set<number>();
  for (const b of ballots) {
    const area = areaOf.get(b.voterId);
    if (area === undefined) throw new ValidationError('decisions.voter_not_on_roll', { voterId: String(b.voterId) });
    if (!CHOICES.includes(b.choice)) throw new ValidationError('decisions.bad_choice', { choice: String(b.choice) });
    if (seen.has(b.voterId)) throw new ConflictError('decisions.tally_voter_twice', { voterId: b.voterId });
    seen.add(b.voterId);
    sums[b.choice].areaCm2 += area;
    sums[b.choice].headcount += 1;
  }
  const participating: Figure = {
    areaCm2: sums.agree.areaCm2 + sums.oppose.areaCm2 + sums.abstain.areaCm2,
    headcount: seen.size,
  };
  const total: Figure = { areaCm2: roll.totalAreaCm2, headcount: roll.totalHeadcount };
  const empty = total.headcount === 0;
  const quorum = { area: !empty && meetsQuorum(participating.areaCm2, total.areaCm2), headcount: !empty && meetsQuorum(participating.headcount, total.headcount), met: false };
  quorum.met = quorum.area && quorum.headcount;
  const approval = {
    area: meetsApproval(rule, sums.agree.areaCm2, participating.areaCm2),
    headcount: meetsApproval(rule, sums.agree.headcount, participating.headcount),
    met: false,
  };
  approval.met = approval.area && approval.headcount;
  const passed = quorum.met && approval.met;
  const reasons: TallyReason[] = [];
  if (passed) reasons.push('passed');
  else if (empty) reasons.push('empty_roll');
  else {
    if (!quorum.area) reasons.push('quorum_area_short');
    if (!quorum.headcount) reasons.push('quorum_headcount_short');
    if (!approval.area) reasons.push('approval_area_short');
    if (!approval.headcount) reasons.push('approval_headcount_short');
  }
  return { matter, rule, total, participating, ...sums, quorum, approval, passed, reasons };
}

// ---------------------------------------------------------------------------------------------
// the rule in plain words

/** part / whole as a percentage truncated to two decimals: 2/3 → "66.66%", 1/3 → "33.33%"; "—" for 0/0. */
export function percentText(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const bp = (big(part) * 10_000n) / big(whole);
  return `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}%`;
}

/** 123456 cm² → "1,234.56" (m²). */
export function areaText(areaCm2: number): string {
  const whole = String(Math.trunc(areaCm2 / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(areaCm2 % 100).padStart(2, '0')}`;
}

const RULE_WORDS: Record<ApprovalRule, Record<Locale, string>> = {
  majority: { 'zh-CN': '均须过半数', en: 'more than half of each is required' },
  three_quarters: { 'zh-CN': '均须达到四分之三以上', en: 'at least three quarters of each is required' },
};

const REASON_WORDS: Record<Exclude<TallyReason, 'passed'>, Record<Locale, string>> = {
  empty_roll: { 'zh-CN': '表决名册为空', en: 'the voter roll is empty' },
  quorum_area_short: { 'zh-CN': '参与表决的专有部分面积不足三分之二', en: 'participating area is below two thirds' },
  quorum_headcount_short: { 'zh-CN': '参与表决人数不足三分之二', en: 'participating owners are below two thirds' },
  approval_area_short: { 'zh-CN': '同意的专有部分面积未达到要求', en: 'agreeing area is short of the threshold' },
  approval_headcount_short: { 'zh-CN': '同意人数未达到要求', en: 'agreeing owners are short of the threshold' },
};

/**
 * The result in one paragraph per language, with the four figures (participating area and
 * headcount against the totals, agreeing area and headcount against the participants), the rule
 * applied and why it passed or failed. Percentages are truncated, so "66.66%" may be exactly two
 * thirds (met); the exact integers are given beside them for anyone to check.
 */
const owners = (n: number) => `${n} ${n === 1 ? 'owner' : 'owners'}`;

export function explainTally(t: Tally): Record<Locale, string> {
  const m = matterType(t.matter);
  const pa = percentText(t.participating.areaCm2, t.total.areaCm2);
  const ph = percentText(t.participating.headcount, t.total.headcount);
  const aa = percentText(t.agree.areaCm2, t.participating.areaCm2);
  const ah = percentText(t.agree.headcount, t.participating.headcount);
  const why = t.reasons.filter((r): r is Exclude<TallyReason, 'passed'> => r !== 'passed');
  const zh =
    `依据《民法典》第二百七十八条第一款第${t.matter}项（${m.name}）。` +
    `参与表决的专有部分面积 ${areaText(t.participating.areaCm2)} 平方米，占总面积 ${areaText(t.total.areaCm2)} 平方米的 ${pa}；` +
    `参与表决人数 ${t.participating.headcount} 人，占总人数 ${t.total.headcount} 人的 ${ph}（均须达到三分之二以上）：` +
    `${t.quorum.met ? '达到' : '未达到'}参与表决的法定要求。` +
    `同意的面积 ${areaText(t.agree.areaCm2)} 平方米，占参与表决面积的 ${aa}；同意 ${t.agree.headcount} 人，占参与表决人数的 ${ah}（${RULE_WORDS[t.rule]['zh-CN']}）。` +
    (t.passed ? '结果：通过。' : `结果：未通过（${why.map((r) => REASON_WORDS[r]['zh-CN']).join('；')}）。`) +
    '百分比截尾保留两位小数。';
  const en =
    `Civil Code art. 278 ¶1 item ${t.matter} (${m.nameEn}). ` +
    `Participation: ${areaText(t.participating.areaCm2)} m² of ${areaText(t.total.areaCm2)} m² of exclusive area (${pa}) ` +
    `and ${t.participating.headcount} of ${owners(t.total.headcount)} (${ph}); at least two thirds of each is required: ` +
    `the quorum is ${t.quorum.met ? 'met' : 'not met'}. ` +
    `Agree: ${areaText(t.agree.areaCm2)} m², ${aa} of the participating area, and ${owners(t.agree.headcount)}, ${ah} of the participating owners; ${RULE_WORDS[t.rule].en}. ` +
    (t.passed ? 'Result: passed.' : `Result: not passed (${why.map((r) => REASON_WORDS[r].en).join('; ')}).`) +
    ' Percentages are truncated to two decimals.';
  return { 'zh-CN': zh, en };
}

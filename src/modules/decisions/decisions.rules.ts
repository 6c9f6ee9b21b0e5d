/**
 * Owners' decisions (DESIGN §2.5), pure: the matter types of Civil Code art. 278 and their
 * thresholds, the lifecycle of a decision as data, its notice and objection dates, and committee
 * votes. The voter roll is in roll.rules.ts, the count of ballots in tally.rules.ts.
 *
 * Civil Code art. 278 ¶2: participation needs owners holding 三分之二以上 of the exclusive area
 * AND 三分之二以上 of the headcount; items 6–8 need 四分之三以上 of the participating area AND
 * headcount; the other items 过半数 of each. Art. 1259: 以上 includes the bound (≥), 过半数 does
 * not (>). Every comparison is made by cross-multiplication of integers, never by division:
 *   quorum      participating × 3 ≥ total × 2
 *   majority    agree × 2 > participating
 *   3/4         agree × 4 ≥ participating × 3
 */
import './decisions.messages.js';
import type { Role } from '../../platform/db/schema.js';
import { ValidationError } from '../../platform/errors.js';
import { daysBetween } from '../billing/billing.rules.js';
import { isDate } from '../ledger/ledger.rules.js';

// ---------------------------------------------------------------------------------------------
// matter types (art. 278 ¶1)

export type MatterCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
/** 'majority': > 1/2 of participating area and headcount; 'three_quarters': ≥ 3/4 of each. */
export type ApprovalRule = 'majority' | 'three_quarters';

export interface MatterType {
  code: MatterCode;
  name: string;
  nameEn: string;
  rule: ApprovalRule;
}

export const MATTER_TYPES: readonly MatterType[] = [
  { code: 1, name: '制定和修改业主大会议事规则', nameEn: "Make or amend the owners' assembly rules of procedure", rule: 'majority' },
  { code: 2, name: '制定和修改管理规约', nameEn: 'Make or amend the management covenant', rule: 'majority' },
  { code: 3, name: '选举业主委员会或者更换业主委员会成员', nameEn: "Elect the owners' committee or replace its members", rule: 'majority' },
  { code: 4, name: '选聘和解聘物业服务企业或者其他管理人', nameEn: 'Hire or dismiss the property service company or other manager', rule: 'majority' },
  { code: 5, name: '使用建筑物及其附属设施的维修资金', nameEn: 'Use the maintenance fund of the buildings and their facilities', rule: 'majority' },
  { code: 6, name: '筹集建筑物及其附属设施的维修资金', nameEn: 'Raise the maintenance fund of the buildings and their facilities', rule: 'three_quarters' },
  { code: 7, name: '改建、重建建筑物及其附属设施', nameEn: 'Alter or rebuild the buildings and their facilities', rule: 'three_quarters' },
  { code: 8, name: '改变共有部分的用途或者利用共有部分从事经营活动', nameEn: 'Change the use of common parts or use them for business', rule: 'three_quarters' },
  { code: 9, name: '有关共有和共同管理权利的其他重大事项', nameEn: 'Other major matters of common ownership and joint management', rule: 'majority' },
];

export function isMatterCode(n: unknown): n is MatterCode {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 9;
}

export function matterType(code: MatterCode): MatterType {
  const m = MATTER_TYPES[code - 1];
  if (!m || !isMatterCode(code)) throw new ValidationError('decisions.unknown_matter', { code: String(code) });
  return m;
}

export const approvalRuleOf = (code: MatterCode): ApprovalRule => matterType(code).rule;

/**
 * The matter type of the product's own proposals. A budget, a fee standard and large spending
 * are "other major matters" (item 9, majority) unless the committee files them under a more
 * specific item (spending the maintenance fund is item 5; raising it is item 6).
 */
export const DEFAULT_MATTER: Readonly<Record<'budget' | 'fee_standard' | 'large_spending', MatterCode>> = {
  budget: 9,
  fee_standard: 9,
  large_spending: 9,
};

// ---------------------------------------------------------------------------------------------
// lifecycle (CONVENTIONS 8: a state machine as data)

export const DECISION_STATES = ['draft', 'noticed', 'voting', 'counted', 'objection', 'final', 'failed', 'withdrawn'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];
/** Who moves a decision: a person's role, or the clock ('system') for the dated steps. */
export type DecisionActor = Role | 'system';

/**
 * Who may move a decision from one state to another. Choices:
 * - Only the owners' committee convenes and runs a vote (Civil Code art. 277; 物业管理条例 art. 15):
 *   no trustee, official or admin moves it — the trustee is the party the owners supervise.
 * - 'system' (the clock) may take the dated steps the notice already announced: open voting on
 *   the opening day, close it on the closing day, and close the objection period once it has
 *   ended. The service checks the dates (and that no objection is pending) before it does.
 * - A notice cannot be edited: to change it the committee withdraws it and notices anew, and the
 *   15 days start again. Withdrawal is possible only before voting opens (draft, noticed): once
 *   ballots exist, the vote is counted and its result published, whatever it is.
 * - counted → objection publishes the result (committee only: someone signs it).
 * - objection → counted: an objection is upheld and the count is redone, then published again
 *   (a new objection period).
 * - objection → final when at least one item passed (those items take effect); → failed when no
 *   item passed (quorum missed or rejected). See closingState.
 */
export const DECISION_TRANSITIONS: Readonly<Record<DecisionState, Partial<Record<DecisionState, readonly DecisionActor[]>>>> = {
  draft: { noticed: ['committee'], withdrawn: ['committee'] },
  noticed: { voting: ['committee', 'system'], withdrawn: ['committee'] },
  voting: { counted: ['committee', 'system'] },
  counted: { objection: ['committee'] },
  objection: { final: ['committee', 'system'], failed: ['committee', 'system'], counted: ['committee'] },
  final: {},
  failed: {},
  withdrawn: {},
};

export const TERMINAL_DECISION_STATES: readonly DecisionState[] = ['final', 'failed', 'withdrawn'];

export const isTerminal = (s: DecisionState) => TERMINAL_DECISION_STATES.includes(s);

export function canTransition(from: DecisionState, to: DecisionState, actor: DecisionActor): boolean {
  return DECISION_TRANSITIONS[from]?.[to]?.includes(actor) ?? false;
}

/** After the objection period: final when some item passed, failed when none did. */
export function closingState(itemsPassed: readonly boolean[]): 'final' | 'failed' {
  return itemsPassed.some(Boolean) ? 'final' : 'failed';
}

// ---------------------------------------------------------------------------------------------
// dates (YYYY-MM-DD Asia/Shanghai calendar days; the clock gives "today")

/**
 * 物业管理条例 art. 14: owners are notified "15日以前" before the meeting. A community's rules may
 * ask for more notice, never less.
 */
export const MIN_NOTICE_DAYS = 15;
export const DEFAULT_OBJECTION_DAYS = 7;

function assertDate(d: string, what: string): void {
  if (!isDate(d)) throw new ValidationError('decisions.bad_date', { what, value: d });
}

function assertDays(n: number, min: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < min) throw new ValidationError('decisions.bad_days', { what, value: String(n), min });
}

export function addDays(date: string, days: number): string {
  assertDate(date, 'date');
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The first day voting may open: the notice date plus noticeDays. Noticed on 2025-03-01, voting
 * may open on 2025-03-16 (15 days later), not on 2025-03-15.
 */
export function earliestOpeningOn(noticedOn: string, noticeDays = MIN_NOTICE_DAYS): string {
  assertDays(noticeDays, MIN_NOTICE_DAYS, 'noticeDays');
  return addDays(noticedOn, noticeDays);
}

/** Does voting opening on opensOn respect the notice period? (calendar days, the bound included) */
export function noticePeriodMet(noticedOn: string, opensOn: string, noticeDays = MIN_NOTICE_DAYS): boolean {
  assertDate(noticedOn, 'noticedOn');
  assertDate(opensOn, 'opensOn');
  assertDays(noticeDays, MIN_NOTICE_DAYS, 'noticeDays');
  return daysBetween(noticedOn, opensOn) >= noticeDays;
}

/**
 * The last day objections are accepted. Civil Code art. 201: the day of publication is not
 * counted, the period starts the next day; art. 203: it ends at 24:00 of its last day. Published
 * on 2025-03-31 with 7 days: objections through 2025-04-07, final from 2025-04-08. (Art. 203's
 * extension past a public holiday is not applied: the product keeps no holiday calendar, and a
 * community wanting it sets a longer period.)
 */
export function objectionEndsOn(publishedOn: string, objectionDays = DEFAULT_OBJECTION_DAYS): string {
  assertDays(objectionDays, 1, 'objectionDays');
  return addDays(publishedOn, objectionDays);
}

/** May objections still be filed today? */
export function inObjectionPeriod(publishedOn: string, today: string, objectionDays = DEFAULT_OBJECTION_DAYS): boolean {
  assertDate(today, 'today');
  return today >= publishedOn && today <= objectionEndsOn(publishedOn, objectionDays);
}

/** Has the objection period ended (the result may become final today)? */
export function objectionPeriodOver(publishedOn: string, today: string, objectionDays = DEFAULT_OBJECTION_DAYS): boolean {
  assertDate(today, 'today');
  return today > objectionEndsOn(publishedOn, objectionDays);
}

// ---------------------------------------------------------------------------------------------
// committee decisions

export type CommitteeChoice = 'agree' | 'oppose' | 'abstain';

export interface CommitteeTally {
  memberCount: number;
  present: number;
  quorumMet: boolean;
  agree: number;
  oppose: number;
  abstain: number;
  /** present but cast no vote */
  notVoting: number;
  passed: boolean;
  reasons: ('passed' | 'no_quorum' | 'short_of_all_members')[];
}

/**
 * A committee meeting's vote (DESIGN §2.5; 业主大会和业主委员会指导规则 art. 34): more than half
 * of the members present, and the decision needs more than half of ALL members agreeing — not of
 * those present. Members cannot send a proxy: only a member present votes, once, for themselves.
 * (The national 指导规则 says 全体委员"半数以上", which by art. 1259 would include exactly half;
 * DESIGN chose the stricter 过半数 of many local regulations: anything passing it passes both.)
 *   7 members, 4 present, 4 agree → passes; 7 members, 5 present, 3 agree 2 oppose → fails
 *   (a majority of those present, not of all members); 6 members, 3 present → no quorum.
 */
export function tallyCommittee(memberCount: number, present: readonly number[], votes: readonly { memberId: number; choice: CommitteeChoice }[]): CommitteeTally {
  if (!Number.isSafeInteger(memberCount) || memberCount < 1) throw new ValidationError('decisions.committee_no_members', { value: String(memberCount) });
  const here = new Set(present);
  if (here.size !== present.length) throw new ValidationError('decisions.committee_present_twice');
  if (here.size > memberCount) throw new ValidationError('decisions.committee_too_many_present', { memberCount });
  const counts = { agree: 0, oppose: 0, abstain: 0 };
  const voted = new Set<number>();
  for (const v of votes) {
    if (!here.has(v.memberId)) throw new ValidationError('decisions.committee_not_present', { memberId: v.memberId });
    if (voted.has(v.memberId)) throw new ValidationError('decisions.committee_vote_twice', { memberId: v.memberId });
    if (!(v.choice in counts)) throw new ValidationError('decisions.bad_choice', { choice: String(v.choice) });
    voted.add(v.memberId);
    counts[v.choice] += 1;
  }
  const quorumMet = here.size * 2 > memberCount;
  const majorityOfAll = counts.agree * 2 > memberCount;
  const reasons: CommitteeTally['reasons'] = [];
  if (!quorumMet) reasons.push('no_quorum');
  if (!majorityOfAll) reasons.push('short_of_all_members');
  const passed = quorumMet && majorityOfAll;
  return { memberCount, present: here.size, quorumMet, ...counts, notVoting: here.size - voted.size, passed, reasons: passed ? ['passed'] : reasons };
}

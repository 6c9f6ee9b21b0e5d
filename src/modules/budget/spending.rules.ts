/**
 * Spending controls (DESIGN §2.2), pure: what an expense proposal needs before it may be posted
 * to the ledger, and the proposal's lifecycle as data.
 *
 * - 无预算不支出: a proposal names a line of the year's adopted budget, unless it is an emergency
 *   (then it is disclosed within `discloseWithinDays` days and ratified afterwards).
 * - Approval by amount ("above" is strictly more than the threshold):
 *     ≤ committee threshold           one committee member ('member')
 *     > committee threshold           a committee decision: more than half of ALL members approve
 *                                     (DESIGN §2.5 committee decisions) ('committee')
 *     > owners threshold, or beyond   an owners' decision (§2.5, matter 9) that passed and is
 *       the line's remaining amount   final ('owners')
 * - > tender threshold: at least `minQuotes` quotes attached, one chosen, the choice explained.
 * - Separation of duties: the proposer never approves, rejects or ratifies their own proposal.
 * - Only an approved proposal is posted (an emergency may be posted before it is ratified), once,
 *   and a line's remaining amount is checked again when approving (an approval commits the
 *   amount) and when posting.
 * - An emergency is not approved beforehand: the committee ratifies it (or refuses to) by the same
 *   majority, or an owners' decision does at the owners level, before or after it is posted.
 * - 'decision': the committee rests a proposal that needs the owners (or an emergency awaiting
 *   ratification at that level) on an owners' decision, once, before its voting opens, on an item
 *   that approves nothing else (decisionLinkRefusal), and — over the tender threshold — with the
 *   quotes in order, so that the owners vote knowing what they approve.
 * - 'cancel': an approved proposal not yet posted is cancelled by its proposer or a committee
 *   member, with a reason; it then no longer commits the line (state 'withdrawn': the schema has
 *   no state of its own for it, the trail says 'cancelled').
 * - Nothing is proposed, approved or put to a decision on a budget year whose final accounts are
 *   published.
 */
import type { ApprovalLevel } from '../../platform/db/schema.js';

export interface Thresholds {
  committeeFen: number;
  ownersFen: number;
  tenderFen: number;
  minQuotes: number;
  discloseWithinDays: number;
}

/** DESIGN §2.2 defaults: 5,000 / 50,000 / 20,000 yuan, 3 quotes, disclosure within 3 days. */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = {
  committeeFen: 500_000,
  ownersFen: 5_000_000,
  tenderFen: 2_000_000,
  minQuotes: 3,
  discloseWithinDays: 3,
};

export function thresholdProblems(t: Thresholds): string[] {
  const out: string[] = [];
  for (const k of ['committeeFen', 'ownersFen', 'tenderFen'] as const) if (!Number.isSafeInteger(t[k]) || t[k] <= 0) out.push('spending.bad_threshold');
  if (t.committeeFen > t.ownersFen) out.push('spending.threshold_order');
  if (!Number.isInteger(t.minQuotes) || t.minQuotes < 2 || t.minQuotes > 10) out.push('spending.bad_min_quotes');
  if (!Number.isInteger(t.discloseWithinDays) || t.discloseWithinDays < 1 || t.discloseWithinDays > 30) out.push('spending.bad_disclose_days');
  return [...new Set(out)];
}

export interface Requirements {
  level: ApprovalLevel;
  /** quotes to attach (0 when under the tender threshold) */
  quotes: number;
  /** why: 'committee_threshold', 'owners_threshold', 'beyond_remaining', 'tender_threshold' */
  reasons: string[];
}

/**
 * What an amount needs. `remainingFen` is what is left on the line (budget − posted − approved
 * and not yet posted); null for an emergency without a line (judged by amount alone).
 */
export function requirements(amountFen: number, remainingFen: number | null, t: Thresholds): Requirements {
  const reasons: string[] = [];
  let level: ApprovalLevel = 'member';
  if (amountFen > t.committeeFen) {
    level = 'committee';
    reasons.push('committee_threshold');
  }
  if (amountFen > t.ownersFen) {
    level = 'owners';
    reasons.push('owners_threshold');
  }
  if (remainingFen !== null && amountFen > remainingFen) {
    level = 'owners';
    reasons.push('beyond_remaining');
  }
  const quotes = amountFen > t.tenderFen ? t.minQuotes : 0;
  if (quotes) reasons.push('tender_threshold');
  return { level, quotes, reasons };
}

/** More than half of all members (DESIGN §2.5): 5 members → 3, 4 → 3. */
export function committeeMajority(members: number): number {
  return Math.floor(members / 2) + 1;
}

// ---------------------------------------------------------------------------------------------
// the proposal's lifecycle

export const PROPOSAL_STATES = ['pending', 'approved', 'rejected', 'withdrawn', 'posted'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export type ProposalAction = 'approve' | 'reject' | 'withdraw' | 'post' | 'disclose' | 'ratify' | 'refuse_ratification' | 'decision' | 'cancel';
export const PROPOSAL_ACTIONS: readonly ProposalAction[] = ['approve', 'reject', 'withdraw', 'post', 'disclose', 'ratify', 'refuse_ratification', 'decision', 'cancel'];

export interface Verdict {
  accountId: number;
  verdict: 'approve' | 'reject';
}

export interface ProposalSnapshot {
  state: ProposalState;
  emergency: boolean;
  level: ApprovalLevel;
  proposedBy: number;
  /**
   * verdicts for the purpose at hand (approval, or ratification of an emergency) of those who are
   * committee members now: a former member's verdict no longer counts (the trail still shows it)
   */
  verdicts: readonly Verdict[];
  /** committee members now */
  committeeSize: number;
  /** the owners' decision linked: null when none; passed only when final with the item passed */
  decision: { passed: boolean; ended: boolean } | null;
  quotesRequired: number;
  quotes: number;
  chosenQuote: boolean;
  choiceExplained: boolean;
  disclosed: boolean;
  ratification: 'pending' | 'ratified' | 'refused' | null;
  /** the final accounts of the proposal's budget year are published (false without a line) */
  yearClosed: boolean;
}

/**
 * Where the verdicts stand: approved once enough approve (one member; a majority of all
 * members; a passed owners' decision), rejected once approval can no longer be reached.
 */
export function approvalOutcome(p: Pick<ProposalSnapshot, 'level' | 'verdicts' | 'committeeSize' | 'decision'>): 'approved' | 'rejected' | 'pending' {
  if (p.level === 'owners') {
    if (!p.decision) return 'pending';
    if (p.decision.passed) return 'approved';
    return p.decision.ended ? 'rejected' : 'pending';
  }
  const approvals = p.verdicts.filter((v) => v.verdict === 'approve').length;
  const rejections = p.verdicts.filter((v) => v.verdict === 'reject').length;
  const needed = p.level === 'member' ? 1 : committeeMajority(p.committeeSize);
  if (approvals >= needed) return 'approved';
  // a member-level proposal is rejected by one rejection; a committee one once the rest cannot carry it
  if (p.level === 'member' ? rejections > 0 : p.committeeSize - rejections < needed) return 'rejected';
  return 'pending';
}

/** Are the quotes in order: enough of them, one chosen, the choice explained? */
export function quotesInOrder(p: Pick<ProposalSnapshot, 'quotesRequired' | 'quotes' | 'chosenQuote' | 'choiceExplained'>): boolean {
  if (p.quotesRequired === 0) return true;
  return p.quotes >= p.quotesRequired && p.chosenQuote && p.choiceExplained;
}

export type Refusal =
  | 'spending.bad_transition'
  | 'spending.self_approval'
  | 'spending.already_voted'
  | 'spending.not_committee'
  | 'spending.quotes_missing'
  | 'spending.not_approved'
  | 'spending.beyond_remaining'
  | 'spending.not_proposer'
  | 'spending.not_emergency'
  | 'spending.already_disclosed'
  | 'spending.needs_decision'
  | 'spending.emergency_ratification'
  | 'spending.no_decision_needed'
  | 'spending.decision_linked'
  | 'spending.not_canceller'
  | 'spending.year_closed';

export interface ActionContext {
  /** the account acting */
  accountId: number;
  /** its role in the community */
  role: string;
  /**
   * approving and posting: what the line would have left after it — budget − posted − approved
   * and not yet posted, this proposal counted once (null: an emergency without a line)
   */
  remainingFen?: number | null;
}

/**
 * May this action be taken on this proposal now? null when it may, the refusal's message code
 * otherwise. The services call this before every write, so every forbidden transition in the
 * state-machine tests is refused here first.
 */
export function refusal(p: ProposalSnapshot, action: ProposalAction, a: ActionContext): Refusal | null {
  switch (action) {
    case 'approve':
    case 'reject': {
      if (p.state !== 'pending') return 'spending.bad_transition';
      // emergency spending is not approved beforehand: the committee ratifies it (before or after posting)
      if (p.emergency) return 'spending.emergency_ratification';
      if (a.accountId === p.proposedBy) return 'spending.self_approval';
      if (a.role !== 'committee') return 'spending.not_committee';
      if (p.level === 'owners') return 'spending.needs_decision';
      if (p.verdicts.some((v) => v.accountId === a.accountId)) return 'spending.already_voted';
      // a year whose final accounts are published is closed; rejecting stays possible
      if (action === 'approve' && p.yearClosed) return 'spending.year_closed';
      if (action === 'approve' && !quotesInOrder(p)) return 'spending.quotes_missing';
      // an approval commits the amount: the line may have been spent or committed since proposing
      if (action === 'approve' && a.remainingFen != null && a.remainingFen < 0) return 'spending.beyond_remaining';
      return null;
    }
    case 'withdraw':
      if (p.state !== 'pending') return 'spending.bad_transition';
      if (a.accountId !== p.proposedBy) return 'spending.not_proposer';
      return null;
    case 'post': {
      if (p.state === 'posted') return 'spending.bad_transition';
      if (p.emergency) {
        if (p.state !== 'pending' && p.state !== 'approved') return 'spending.bad_transition';
      } else if (p.state !== 'approved') {
        return p.state === 'pending' ? 'spending.not_approved' : 'spending.bad_transition';
      }
      // approving and linking already ask for them; posting does too, whatever approved it
      if (!p.emergency && !quotesInOrder(p)) return 'spending.quotes_missing';
      // a line's remaining amount may have been spent since approval: beyond it needs the owners
      if (a.remainingFen != null && a.remainingFen < 0 && p.level !== 'owners') return 'spending.beyond_remaining';
      return null;
    }
    case 'disclose':
      if (!p.emergency) return 'spending.not_emergency';
      if (p.disclosed) return 'spending.already_disclosed';
      if (p.state === 'withdrawn' || p.state === 'rejected') return 'spending.bad_transition';
      return null;
    case 'ratify':
    case 'refuse_ratification': {
      if (!p.emergency) return 'spending.not_emergency';
      if (p.ratification !== 'pending') return 'spending.bad_transition';
      if (p.state === 'withdrawn' || p.state === 'rejected') return 'spending.bad_transition';
      if (a.accountId === p.proposedBy) return 'spending.self_approval';
      if (a.role !== 'committee') return 'spending.not_committee';
      if (p.level === 'owners') return 'spending.needs_decision';
      if (p.verdicts.some((v) => v.accountId === a.accountId)) return 'spending.already_voted';
      return null;
    }
    case 'decision': {
      // an owners' decision approves a proposal (or ratifies an emergency) that needs the owners
      if (p.emergency ? p.ratification !== 'pending' || p.state === 'withdrawn' || p.state === 'rejected' : p.state !== 'pending') return 'spending.bad_transition';
      if (a.role !== 'committee') return 'spending.not_committee';
      if (p.level !== 'owners') return 'spending.no_decision_needed';
      if (p.decision !== null) return 'spending.decision_linked';
      if (p.yearClosed) return 'spending.year_closed';
      // the owners vote on what the item approves: over the tender threshold, with the quotes in order
      if (!p.emergency && !quotesInOrder(p)) return 'spending.quotes_missing';
      return null;
    }
    case 'cancel':
      // approved and not yet posted: what was approved need not be spent (it stops committing the line)
      if (p.state !== 'approved') return 'spending.bad_transition';
      if (a.accountId !== p.proposedBy && a.role !== 'committee') return 'spending.not_canceller';
      return null;
  }
}

/** Decision states in which an item may still become the basis of a proposal: voting not yet open. */
export const LINKABLE_DECISION_STATES: readonly string[] = ['draft', 'noticed'];

export type DecisionLinkRefusal = 'spending.decision_withdrawn' | 'spending.decision_started' | 'spending.item_taken' | 'spending.item_budget';

/**
 * May a proposal rest on this item of an owners' decision? Only before its voting opens (so that
 * the notice owners receive already names what the item approves, as a budget's submission
 * requires), and only an item that is the basis of nothing else: one proposal per item, and no
 * item a budget version was submitted to. `taken` is what already rests on the item, if anything.
 */
export function decisionLinkRefusal(decisionState: string, taken: { proposal: number } | { budgetYear: number; version: number } | null): DecisionLinkRefusal | null {
  if (decisionState === 'withdrawn') return 'spending.decision_withdrawn';
  if (!LINKABLE_DECISION_STATES.includes(decisionState)) return 'spending.decision_started';
  if (taken) return 'proposal' in taken ? 'spending.item_taken' : 'spending.item_budget';
  return null;
}

/**
 * A posting's date: in the budget year (when the proposal names one) and not before the day the
 * proposal was made — an emergency too may be posted the day it is proposed, not before.
 */
export function postingDateRefusal(date: string, proposedOn: string, year: number | null): 'spending.date_outside_year' | 'spending.date_before_proposal' | null {
  if (year !== null && !date.startsWith(`${year}-`)) return 'spending.date_outside_year';
  if (date < proposedOn) return 'spending.date_before_proposal';
  return null;
}

/**
 * Over the tender threshold the chosen quote is what is spent: its amount must be the proposal's.
 * null when in order (or no quote is chosen yet: that is quotesInOrder's concern at approval).
 */
export function chosenQuoteRefusal(amountFen: number, quotesRequired: number, quotes: readonly { amountFen: number; chosen: boolean }[]): 'spending.chosen_amount' | null {
  if (quotesRequired === 0) return null;
  const chosen = quotes.find((q) => q.chosen);
  return chosen && chosen.amountFen !== amountFen ? 'spending.chosen_amount' : null;
}

/** The state after a verdict is recorded (approve/reject move a pending proposal once the outcome is reached). */
export function stateAfterVerdict(p: ProposalSnapshot, added: Verdict): ProposalState {
  const outcome = approvalOutcome({ ...p, verdicts: [...p.verdicts, added] });
  if (outcome === 'approved') return 'approved';
  if (outcome === 'rejected') return 'rejected';
  return 'pending';
}

/** The last day an emergency must be disclosed by: `days` calendar days after it was proposed. */
export function discloseBy(proposedOn: string, days: number): string {
  return new Date(Date.parse(`${proposedOn}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function disclosureOverdue(proposedOn: string, days: number, disclosedOn: string | null, today: string): boolean {
  const by = discloseBy(proposedOn, days);
  return disclosedOn === null ? today > by : disclosedOn > by;
}

/**
 * Spending controls, pure: the proposal's lifecycle as a table — every action from every state,
 * for member, committee and owners levels, emergency and not — then each forbidden move on its
 * own (skipping approval, self-approval, posting unapproved or beyond the remaining amount, a
 * second verdict, approving without the quotes the tender threshold asks, a non-member
 * approving), and property tests of what an amount needs and of the majority of all members.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalLevel } from '../../platform/db/schema.js';
import { DECISION_STATES } from '../decisions/decisions.rules.js';
import {
  DEFAULT_THRESHOLDS,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATES,
  type ProposalAction,
  type ProposalSnapshot,
  type ProposalState,
  type Refusal,
  type Thresholds,
  type Verdict,
  approvalOutcome,
  chosenQuoteRefusal,
  committeeMajority,
  decisionLinkRefusal,
  discloseBy,
  disclosureOverdue,
  postingDateRefusal,
  quotesInOrder,
  refusal,
  requirements,
  stateAfterVerdict,
  thresholdProblems,
} from './spending.rules.js';

const PROPOSER = 1;
const MEMBER = 2;
const LEVELS: readonly ApprovalLevel[] = ['member', 'committee', 'owners'];

function snap(over: Partial<ProposalSnapshot> = {}): ProposalSnapshot {
  return {
    state: 'pending',
    emergency: false,
    level: 'member',
    proposedBy: PROPOSER,
    verdicts: [],
    committeeSize: 5,
    decision: null,
    quotesRequired: 0,
    quotes: 0,
    chosenQuote: false,
    choiceExplained: false,
    disclosed: false,
    ratification: null,
    yearClosed: false,
    ...over,
  };
}

/** Who acts for each action in the table: a committee member who is not the proposer, or the proposing trustee. */
function actor(action: ProposalAction) {
  return ['withdraw', 'post', 'disclose'].includes(action) ? { accountId: PROPOSER, role: 'trustee', remainingFen: 1_000_000 } : { accountId: MEMBER, role: 'committee', remainingFen: 1_000_000 };
}

type Row = Record<ProposalState, [member: Refusal | null, committee: Refusal | null, owners: Refusal | null]>;
const ok: [null, null, null] = [null, null, null];
const all = (r: Refusal): [Refusal, Refusal, Refusal] => [r, r, r];
const BAD = all('spending.bad_transition');

/**
 * The lifecycle, written out: for each action, from each state, at each level, null when it is
 * allowed and the refusal otherwise. Emergencies carry ratification 'pending' and are not yet
 * disclosed; the quotes are in order; the line has room.
 */
const TABLE: Record<'normal' | 'emergency', Record<ProposalAction, Row>> = {
  normal: {
    approve: { pending: [null, null, 'spending.needs_decision'], approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    reject: { pending: [null, null, 'spending.needs_decision'], approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    withdraw: { pending: ok, approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    post: { pending: all('spending.not_approved'), approved: ok, rejected: BAD, withdrawn: BAD, posted: BAD },
    disclose: { pending: all('spending.not_emergency'), approved: all('spending.not_emergency'), rejected: all('spending.not_emergency'), withdrawn: all('spending.not_emergency'), posted: all('spending.not_emergency') },
    ratify: { pending: all('spending.not_emergency'), approved: all('spending.not_emergency'), rejected: all('spending.not_emergency'), withdrawn: all('spending.not_emergency'), posted: all('spending.not_emergency') },
    refuse_ratification: { pending: all('spending.not_emergency'), approved: all('spending.not_emergency'), rejected: all('spending.not_emergency'), withdrawn: all('spending.not_emergency'), posted: all('spending.not_emergency') },
    decision: { pending: ['spending.no_decision_needed', 'spending.no_decision_needed', null], approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    // an approved proposal not yet posted may be cancelled (a pending one is withdrawn instead)
    cancel: { pending: BAD, approved: ok, rejected: BAD, withdrawn: BAD, posted: BAD },
  },
  emergency: {
    approve: { pending: all('spending.emergency_ratification'), approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    reject: { pending: all('spending.emergency_ratification'), approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    withdraw: { pending: ok, approved: BAD, rejected: BAD, withdrawn: BAD, posted: BAD },
    // posted before it is ratified, or once ratified (approved)
    post: { pending: ok, approved: ok, rejected: BAD, withdrawn: BAD, posted: BAD },
    disclose: { pending: ok, approved: ok, rejected: BAD, withdrawn: BAD, posted: ok },
    ratify: { pending: [null, null, 'spending.needs_decision'], approved: [null, null, 'spending.needs_decision'], rejected: BAD, withdrawn: BAD, posted: [null, null, 'spending.needs_decision'] },
    refuse_ratification: { pending: [null, null, 'spending.needs_decision'], approved: [null, null, 'spending.needs_decision'], rejected: BAD, withdrawn: BAD, posted: [null, null, 'spending.needs_decision'] },
    decision: { pending: ['spending.no_decision_needed', 'spending.no_decision_needed', null], approved: ['spending.no_decision_needed', 'spending.no_decision_needed', null], rejected: BAD, withdrawn: BAD, posted: ['spending.no_decision_needed', 'spending.no_decision_needed', null] },
    // ratified before it was posted (approved): it need not be spent after all
    cancel: { pending: BAD, approved: ok, rejected: BAD, withdrawn: BAD, posted: BAD },
  },
};

describe('the proposal lifecycle, every action from every state', () => {
  for (const kind of ['normal', 'emergency'] as const) {
    for (const [action, rows] of Object.entries(TABLE[kind]) as [ProposalAction, Row][]) {
      it(`${kind}: ${action}`, () => {
        for (const state of PROPOSAL_STATES) {
          LEVELS.forEach((level, i) => {
            const p = snap({ state, level, emergency: kind === 'emergency', ratification: kind === 'emergency' ? 'pending' : null });
            expect(refusal(p, action, actor(action)), `${kind} ${action} from ${state} at ${level}`).toBe(rows[state][i]);
          });
        }
      });
    }
  }

  it('covers every action and every state', () => {
    for (const kind of ['normal', 'emergency'] as const) {
      expect(Object.keys(TABLE[kind]).sort()).toEqual([...PROPOSAL_ACTIONS].sort());
      for (const rows of Object.values(TABLE[kind])) expect(Object.keys(rows).sort()).toEqual([...PROPOSAL_STATES].sort());
    }
  });

  it('where a verdict leads: one member decides a member-level proposal; a committee one needs a majority of all members', () => {
    const v = (accountId: number, verdict: Verdict['verdict']): Verdict => ({ accountId, verdict });
    expect(stateAfterVerdict(snap({ level: 'member' }), v(2, 'approve'))).toBe('approved');
    expect(stateAfterVerdict(snap({ level: 'member' }), v(2, 'reject'))).toBe('rejected');
    const committee = snap({ level: 'committee', committeeSize: 5 });
    expect(stateAfterVerdict(committee, v(2, 'approve'))).toBe('pending');
    expect(stateAfterVerdict({ ...committee, verdicts: [v(2, 'approve'), v(3, 'approve')] }, v(4, 'approve'))).toBe('approved');
    expect(stateAfterVerdict({ ...committee, verdicts: [v(2, 'reject'), v(3, 'reject')] }, v(4, 'approve'))).toBe('pending');
    // 5 − 3 rejections = 2 members left: less than the 3 needed
    expect(stateAfterVerdict({ ...committee, verdicts: [v(2, 'reject'), v(3, 'reject')] }, v(4, 'reject'))).toBe('rejected');
  });

  it('an owners-level proposal is approved only by a final decision whose item passed, rejected once it ended otherwise', () => {
    const owners = snap({ level: 'owners' });
    expect(approvalOutcome(owners)).toBe('pending');
    expect(approvalOutcome({ ...owners, decision: { passed: false, ended: false } })).toBe('pending');
    expect(approvalOutcome({ ...owners, decision: { passed: true, ended: true } })).toBe('approved');
    expect(approvalOutcome({ ...owners, decision: { passed: false, ended: true } })).toBe('rejected');
    // committee verdicts do not approve what needs the owners
    expect(approvalOutcome({ ...owners, verdicts: [2, 3, 4, 5, 6].map((a) => ({ accountId: a, verdict: 'approve' as const })) })).toBe('pending');
  });
});

describe('forbidden moves', () => {
  const member = { accountId: MEMBER, role: 'committee' };

  it('skipping approval: an unapproved proposal is not posted, at any level', () => {
    for (const level of LEVELS) expect(refusal(snap({ level }), 'post', { accountId: PROPOSER, role: 'trustee', remainingFen: 10 ** 9 })).toBe('spending.not_approved');
  });

  it('self-approval: the proposer never approves, rejects or ratifies, even as a committee member', () => {
    const self = { accountId: PROPOSER, role: 'committee' };
    expect(refusal(snap(), 'approve', self)).toBe('spending.self_approval');
    expect(refusal(snap(), 'reject', self)).toBe('spending.self_approval');
    const emergency = snap({ emergency: true, ratification: 'pending', state: 'posted' });
    expect(refusal(emergency, 'ratify', self)).toBe('spending.self_approval');
    expect(refusal(emergency, 'refuse_ratification', self)).toBe('spending.self_approval');
  });

  it('posting beyond the remaining amount needs the owners; exactly the remaining amount is fine', () => {
    const approved = (level: ApprovalLevel) => snap({ state: 'approved', level });
    const trustee = (remainingFen: number | null) => ({ accountId: PROPOSER, role: 'trustee', remainingFen });
    expect(refusal(approved('member'), 'post', trustee(-1))).toBe('spending.beyond_remaining');
    expect(refusal(approved('committee'), 'post', trustee(-1))).toBe('spending.beyond_remaining');
    expect(refusal(approved('owners'), 'post', trustee(-1))).toBeNull();
    expect(refusal(approved('member'), 'post', trustee(0))).toBeNull();
    expect(refusal(approved('member'), 'post', trustee(null))).toBeNull();
    expect(refusal(snap({ state: 'pending', emergency: true, ratification: 'pending' }), 'post', trustee(-1))).toBe('spending.beyond_remaining');
  });

  it('approving beyond the remaining amount is refused too (an approval commits the amount)', () => {
    expect(refusal(snap({ level: 'committee' }), 'approve', { ...member, remainingFen: -1 })).toBe('spending.beyond_remaining');
    expect(refusal(snap({ level: 'committee' }), 'approve', { ...member, remainingFen: 0 })).toBeNull();
    // rejecting is always possible
    expect(refusal(snap({ level: 'committee' }), 'reject', { ...member, remainingFen: -1 })).toBeNull();
  });

  it('a second verdict by the same member is refused', () => {
    const voted = snap({ level: 'committee', verdicts: [{ accountId: MEMBER, verdict: 'reject' }] });
    expect(refusal(voted, 'approve', member)).toBe('spending.already_voted');
    expect(refusal(voted, 'reject', member)).toBe('spending.already_voted');
    const ratifying = snap({ emergency: true, ratification: 'pending', state: 'posted', verdicts: [{ accountId: MEMBER, verdict: 'approve' }], level: 'committee' });
    expect(refusal(ratifying, 'ratify', member)).toBe('spending.already_voted');
  });

  it('over the tender threshold: enough quotes, one chosen, the choice explained — or no approval (rejection stays possible)', () => {
    const tender = (over: Partial<ProposalSnapshot>) => snap({ level: 'committee', quotesRequired: 3, quotes: 3, chosenQuote: true, choiceExplained: true, ...over });
    expect(refusal(tender({}), 'approve', member)).toBeNull();
    expect(refusal(tender({ quotes: 2 }), 'approve', member)).toBe('spending.quotes_missing');
    expect(refusal(tender({ chosenQuote: false }), 'approve', member)).toBe('spending.quotes_missing');
    expect(refusal(tender({ choiceExplained: false }), 'approve', member)).toBe('spending.quotes_missing');
    expect(refusal(tender({ quotes: 0 }), 'reject', member)).toBeNull();
    expect(quotesInOrder({ quotesRequired: 0, quotes: 0, chosenQuote: false, choiceExplained: false })).toBe(true);
  });

  it('only committee members approve, reject, ratify or link a decision', () => {
    for (const role of ['trustee', 'supervisor', 'owner']) {
      const who = { accountId: MEMBER, role };
      expect(refusal(snap(), 'approve', who)).toBe('spending.not_committee');
      expect(refusal(snap(), 'reject', who)).toBe('spending.not_committee');
      expect(refusal(snap({ emergency: true, ratification: 'pending' }), 'ratify', who)).toBe('spending.not_committee');
      expect(refusal(snap({ level: 'owners' }), 'decision', who)).toBe('spending.not_committee');
    }
  });

  it('only the proposer withdraws; an emergency is disclosed once; a decision is linked once', () => {
    expect(refusal(snap(), 'withdraw', { accountId: 9, role: 'trustee' })).toBe('spending.not_proposer');
    expect(refusal(snap({ emergency: true, ratification: 'pending', disclosed: true }), 'disclose', { accountId: PROPOSER, role: 'trustee' })).toBe('spending.already_disclosed');
    expect(refusal(snap({ level: 'owners', decision: { passed: false, ended: false } }), 'decision', member)).toBe('spending.decision_linked');
    // ratification decided: no more ratifying
    expect(refusal(snap({ emergency: true, ratification: 'ratified', state: 'posted' }), 'ratify', member)).toBe('spending.bad_transition');
  });
});

describe('review fixes: linking, cancelling, closed years, dates and quotes', () => {
  const member = { accountId: MEMBER, role: 'committee' };
  const owners = (over: Partial<ProposalSnapshot> = {}) => snap({ level: 'owners', ...over });

  it('an owners’ decision is linked only before its voting opens, on an item nothing else rests on', () => {
    const expected: Record<(typeof DECISION_STATES)[number], string | null> = {
      draft: null,
      noticed: null,
      voting: 'spending.decision_started',
      counted: 'spending.decision_started',
      objection: 'spending.decision_started',
      final: 'spending.decision_started',
      failed: 'spending.decision_started',
      withdrawn: 'spending.decision_withdrawn',
    };
    for (const state of DECISION_STATES) expect(decisionLinkRefusal(state, null), state).toBe(expected[state]);
    // one item, one thing: not a second proposal, not an item a budget version rests on
    expect(decisionLinkRefusal('noticed', { proposal: 7 })).toBe('spending.item_taken');
    expect(decisionLinkRefusal('draft', { budgetYear: 2025, version: 2 })).toBe('spending.item_budget');
    // whose voting opened: refused as started, whatever rests on the item
    expect(decisionLinkRefusal('voting', { proposal: 7 })).toBe('spending.decision_started');
  });

  it('over the tender threshold a proposal is linked (and posted) only with its quotes in order; an emergency needs none', () => {
    const bare = { quotesRequired: 3, quotes: 0, chosenQuote: false, choiceExplained: false };
    expect(refusal(owners(bare), 'decision', member)).toBe('spending.quotes_missing');
    expect(refusal(owners({ ...bare, quotes: 3, chosenQuote: true }), 'decision', member)).toBe('spending.quotes_missing');
    expect(refusal(owners({ quotesRequired: 3, quotes: 3, chosenQuote: true, choiceExplained: true }), 'decision', member)).toBeNull();
    expect(refusal(owners({ ...bare, emergency: true, ratification: 'pending' }), 'decision', member)).toBeNull();
    const trustee = { accountId: PROPOSER, role: 'trustee', remainingFen: 10 ** 9 };
    expect(refusal(snap({ ...bare, state: 'approved', level: 'owners' }), 'post', trustee)).toBe('spending.quotes_missing');
    expect(refusal(snap({ ...bare, state: 'pending', emergency: true, ratification: 'pending' }), 'post', trustee)).toBeNull();
  });

  it('an approved proposal is cancelled by its proposer or a committee member, nobody else', () => {
    const approved = snap({ state: 'approved' });
    expect(refusal(approved, 'cancel', { accountId: PROPOSER, role: 'trustee' })).toBeNull();
    expect(refusal(approved, 'cancel', member)).toBeNull();
    // the proposer on the committee, too: cancelling spends nothing
    expect(refusal(approved, 'cancel', { accountId: PROPOSER, role: 'committee' })).toBeNull();
    for (const role of ['trustee', 'supervisor', 'owner']) expect(refusal(approved, 'cancel', { accountId: 9, role }), role).toBe('spending.not_canceller');
    expect(refusal(snap({ state: 'approved', level: 'owners', decision: { passed: true, ended: true } }), 'cancel', member)).toBeNull();
  });

  it('a year whose final accounts are published: no approving, no linking; rejecting, ratifying and cancelling stay possible', () => {
    expect(refusal(snap({ yearClosed: true }), 'approve', member)).toBe('spending.year_closed');
    expect(refusal(snap({ yearClosed: true }), 'reject', member)).toBeNull();
    expect(refusal(owners({ yearClosed: true }), 'decision', member)).toBe('spending.year_closed');
    expect(refusal(snap({ yearClosed: true, state: 'approved' }), 'cancel', member)).toBeNull();
    expect(refusal(snap({ yearClosed: true, emergency: true, ratification: 'pending', state: 'posted' }), 'ratify', member)).toBeNull();
  });

  it('a posting date lies in the budget year and not before the day the proposal was made', () => {
    expect(postingDateRefusal('2025-06-16', '2025-06-16', 2025)).toBeNull();
    expect(postingDateRefusal('2025-06-20', '2025-06-16', 2025)).toBeNull();
    expect(postingDateRefusal('2025-06-15', '2025-06-16', 2025)).toBe('spending.date_before_proposal');
    expect(postingDateRefusal('2026-01-02', '2025-06-16', 2025)).toBe('spending.date_outside_year');
    // without a line (an emergency) only the day counts
    expect(postingDateRefusal('2026-01-02', '2025-06-16', null)).toBeNull();
    expect(postingDateRefusal('2025-06-15', '2025-06-16', null)).toBe('spending.date_before_proposal');
  });

  it('over the tender threshold the chosen quote’s amount is the proposal’s', () => {
    const quotes = (chosen: number) => [
      { amountFen: chosen, chosen: true },
      { amountFen: chosen + 1, chosen: false },
    ];
    expect(chosenQuoteRefusal(2_500_000, 3, quotes(2_500_000))).toBeNull();
    expect(chosenQuoteRefusal(2_500_000, 3, quotes(2_400_000))).toBe('spending.chosen_amount');
    // none chosen yet: approval asks for it (quotesInOrder); under the threshold quotes are not required
    expect(chosenQuoteRefusal(2_500_000, 3, [{ amountFen: 1, chosen: false }])).toBeNull();
    expect(chosenQuoteRefusal(100_000, 0, quotes(90_000))).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// properties

const RANK: Record<ApprovalLevel, number> = { member: 0, committee: 1, owners: 2 };
const fenArb = fc.integer({ min: 1, max: 1_000_000_000 });
const thresholdsArb: fc.Arbitrary<Thresholds> = fc
  .record({ committeeFen: fenArb, extra: fc.integer({ min: 0, max: 1_000_000_000 }), tenderFen: fenArb, minQuotes: fc.integer({ min: 2, max: 10 }), discloseWithinDays: fc.integer({ min: 1, max: 30 }) })
  .map(({ extra, ...t }) => ({ ...t, ownersFen: t.committeeFen + extra }));
const remainingArb = fc.option(fc.integer({ min: -1_000_000, max: 2_000_000_000 }), { nil: null });

describe('requirements()', () => {
  it('is monotone in the amount: more money never needs less approval or fewer quotes', () => {
    fc.assert(
      fc.property(thresholdsArb, remainingArb, fenArb, fenArb, (t, remaining, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const ra = requirements(a, remaining, t);
        const rb = requirements(b, remaining, t);
        expect(RANK[ra.level]).toBeLessThanOrEqual(RANK[rb.level]);
        expect(ra.quotes).toBeLessThanOrEqual(rb.quotes);
      }),
      { numRuns: 500 },
    );
  });

  it('beyond the line’s remaining amount needs the owners; above the tender threshold needs minQuotes quotes', () => {
    fc.assert(
      fc.property(thresholdsArb, remainingArb, fenArb, (t, remaining, amount) => {
        const r = requirements(amount, remaining, t);
        if (remaining !== null && amount > remaining) {
          expect(r.level).toBe('owners');
          expect(r.reasons).toContain('beyond_remaining');
        }
        if (amount > t.ownersFen) expect(r.level).toBe('owners');
        expect(r.quotes).toBe(amount > t.tenderFen ? t.minQuotes : 0);
        expect(r.reasons.includes('tender_threshold')).toBe(amount > t.tenderFen);
        // one member suffices exactly when the amount is within the committee threshold and the line
        expect(r.level === 'member').toBe(amount <= t.committeeFen && (remaining === null || amount <= remaining));
      }),
      { numRuns: 500 },
    );
  });

  it('the defaults of DESIGN §2.2, at and just above each bound ("above" is strictly more)', () => {
    const d = DEFAULT_THRESHOLDS;
    expect(requirements(500_000, null, d)).toEqual({ level: 'member', quotes: 0, reasons: [] });
    expect(requirements(500_001, null, d)).toEqual({ level: 'committee', quotes: 0, reasons: ['committee_threshold'] });
    expect(requirements(2_000_001, null, d)).toEqual({ level: 'committee', quotes: 3, reasons: ['committee_threshold', 'tender_threshold'] });
    expect(requirements(5_000_001, null, d).level).toBe('owners');
    expect(requirements(100, 99, d)).toEqual({ level: 'owners', quotes: 0, reasons: ['beyond_remaining'] });
    expect(thresholdProblems(d)).toEqual([]);
    expect(thresholdProblems({ ...d, committeeFen: d.ownersFen + 1 })).toEqual(['spending.threshold_order']);
    expect(thresholdProblems({ ...d, minQuotes: 1, discloseWithinDays: 0, tenderFen: 0 })).toEqual(['spending.bad_threshold', 'spending.bad_min_quotes', 'spending.bad_disclose_days']);
  });
});

describe('approvalOutcome()', () => {
  const verdictsArb = (size: number) =>
    fc.array(fc.constantFrom<'approve' | 'reject' | 'absent'>('approve', 'reject', 'absent'), { minLength: size, maxLength: size }).map((vs) =>
      vs.flatMap((v, i) => (v === 'absent' ? [] : [{ accountId: 100 + i, verdict: v }])),
    );

  it('a committee decision needs more than half of ALL members, present or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }).chain((size) => fc.tuple(fc.constant(size), verdictsArb(size))),
        ([size, verdicts]) => {
          const approvals = verdicts.filter((v) => v.verdict === 'approve').length;
          const rejections = verdicts.length - approvals;
          const out = approvalOutcome({ level: 'committee', verdicts, committeeSize: size, decision: null });
          expect(out === 'approved').toBe(approvals * 2 > size);
          // rejected once the members who have not rejected can no longer make a majority
          expect(out === 'rejected').toBe(approvals * 2 <= size && (size - rejections) * 2 <= size);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('committeeMajority: 5 → 3, 4 → 3, 1 → 1', () => {
    expect([1, 2, 3, 4, 5, 6].map(committeeMajority)).toEqual([1, 2, 2, 3, 3, 4]);
  });
});

describe('disclosure of an emergency', () => {
  it('is due the configured days after it was proposed; overdue only after that day', () => {
    expect(discloseBy('2025-07-30', 3)).toBe('2025-08-02');
    expect(disclosureOverdue('2025-07-30', 3, null, '2025-08-02')).toBe(false);
    expect(disclosureOverdue('2025-07-30', 3, null, '2025-08-03')).toBe(true);
    expect(disclosureOverdue('2025-07-30', 3, '2025-08-02', '2025-09-01')).toBe(false);
    expect(disclosureOverdue('2025-07-30', 3, '2025-08-03', '2025-09-01')).toBe(true);
  });
});

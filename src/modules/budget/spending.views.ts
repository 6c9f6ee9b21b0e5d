/**
 * Reading spending proposals (DESIGN §2.2): the reads the spending service judges a proposal by —
 * thresholds, the decision it rests on, its budget year, its snapshot for spending.rules.ts, its
 * line with the remaining amount — and the list and the view with what the viewer may do now.
 * Writes are in spending.service.ts.
 *
 * Names (proposer, members' verdicts, the trail) are shown in full to the trustee, the committee
 * and the supervisor, masked (王**) to everyone else.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { Role } from '../../platform/db/schema.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { decisionStanding } from '../decisions/decisions.service.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import { maskName } from '../register/register.rules.js';
import { inForce, remainingOn } from './budget.queries.js';
import * as repo from './spending.repository.js';
import { DEFAULT_THRESHOLDS, type ProposalSnapshot, type Thresholds, discloseBy, disclosureOverdue, refusal } from './spending.rules.js';

export type Community = Pick<CommunityRef, 'id' | 'code'>;
export type LedgerRef = Awaited<ReturnType<LedgerService['ledgerOrThrow']>>;
export type Purpose = 'approval' | 'ratification';

/** Who looks at a proposal: an account with its roles in the community, or the public. */
export interface Viewer {
  accountId: number | null;
  roles: ReadonlySet<Role>;
}
export const PUBLIC_VIEWER: Viewer = { accountId: null, roles: new Set() };
/** They see names in full; everyone else sees them masked (王**). */
const INTERNAL: readonly Role[] = ['trustee', 'committee', 'supervisor'];

export function thresholdsOf(row: Awaited<ReturnType<typeof repo.settings>>): Thresholds {
  return {
    committeeFen: row?.committee_threshold_fen ?? DEFAULT_THRESHOLDS.committeeFen,
    ownersFen: row?.owners_threshold_fen ?? DEFAULT_THRESHOLDS.ownersFen,
    tenderFen: row?.tender_threshold_fen ?? DEFAULT_THRESHOLDS.tenderFen,
    minQuotes: row?.min_quotes ?? DEFAULT_THRESHOLDS.minQuotes,
    discloseWithinDays: row?.disclose_within_days ?? DEFAULT_THRESHOLDS.discloseWithinDays,
  };
}

/** The reads both the writes and the views use, and the list and the view. */
export function createSpendingViews(ctx: AppContext, ledgers: LedgerService) {
  const { db, clock } = ctx;
  const today = () => shanghaiDay(clock.now());

  async function thresholdsFor(t: Db, communityId: number): Promise<Thresholds> {
    return thresholdsOf(await repo.settings(t, communityId));
  }

  /** Where the decision a proposal rests on stands: passed once final with the item passed. */
  async function decisionOf(t: Db, c: Community, row: repo.ProposalRow) {
    if (row.decision_id === null || row.decision_item === null) return null;
    const d = await decisionStanding(t, c.id, row.decision_id);
    if (!d) return null;
    return { ...d, item: row.decision_item, passed: d.state === 'final' && d.passedItems.includes(row.decision_item) };
  }

  /** The proposal's budget year and whether its final accounts are published (null: no line). */
  async function yearOf(t: Db, row: Pick<repo.ProposalRow, 'budget_id'>) {
    if (row.budget_id === null) return null;
    const [budget, closed] = await Promise.all([repo.budgetById(t, row.budget_id), repo.yearClosed(t, row.budget_id)]);
    return { year: budget.year, closed };
  }

  /**
   * The proposal as spending.rules.ts judges it, with the verdicts given for `purpose` by those
   * who are committee members now (a former member's verdict no longer counts; `verdicts`, which
   * the trail and the view show, keeps them all).
   */
  async function snapshotOf(t: Db, c: Community, row: repo.ProposalRow, purpose: Purpose) {
    const [verdicts, members, quotes, decision, year] = await Promise.all([repo.verdicts(t, row.id), repo.committeeMembers(t, c.id), repo.quotes(t, [row.id]), decisionOf(t, c, row), yearOf(t, row)]);
    const snap: ProposalSnapshot = {
      state: row.state,
      emergency: row.emergency,
      level: row.approval_level,
      proposedBy: row.proposed_by,
      verdicts: verdicts.filter((v) => v.purpose === purpose && members.includes(v.account_id)).map((v) => ({ accountId: v.account_id, verdict: v.verdict })),
      committeeSize: members.length,
      decision: decision && { passed: decision.passed, ended: decision.ended },
      quotesRequired: row.quotes_required,
      quotes: quotes.length,
      chosenQuote: quotes.some((q) => q.chosen),
      choiceExplained: !!row.choice_reason?.trim(),
      disclosed: row.disclosed_at !== null,
      ratification: row.ratification,
      yearClosed: year?.closed ?? false,
    };
    return { snap, members, verdicts, quotes, decision, year: year?.year ?? null };
  }

  /**
   * The proposal's line in the budget in force and what is left on it now (budget − posted −
   * committed). `lock` holds the budget row, so that two approvals or postings on one budget
   * cannot both spend the same remaining amount. A line no longer in force is refused.
   */
  async function lineOf(t: Db, ledger: LedgerRef, row: Pick<repo.ProposalRow, 'budget_id' | 'line_code'>, lock = false) {
    if (row.budget_id === null || row.line_code === null) return null;
    const budget = lock ? await repo.lockBudget(t, row.budget_id) : await repo.budgetById(t, row.budget_id);
    const force = await inForce(t, budget.id);
    const line = force?.lines.find((l) => l.code === row.line_code);
    if (!force || !line) throw new ConflictError('spending.line_gone', { line: row.line_code });
    return { year: budget.year, line, remainingFen: await remainingOn(t, ledger.id, budget.id, budget.year, force.lines, line.code) };
  }

  /** The same for reading: a line no longer in force has no remaining amount. */
  async function lineForView(ledger: LedgerRef, row: repo.ProposalRow) {
    try {
      return await lineOf(db, ledger, row);
    } catch (err) {
      if (!(err instanceof ConflictError) || row.budget_id === null) throw err;
      return { year: (await repo.budgetById(db, row.budget_id)).year, line: null, remainingFen: null };
    }
  }

  return {
    thresholdsFor,
    decisionOf,
    yearOf,
    snapshotOf,
    lineOf,

    /** A page of proposals, newest first (anyone: names are not in the brief). */
    async list(c: Community, q: { year?: number; line?: string; state?: repo.ProposalRow['state']; page: number; pageSize: number }) {
      const { total, rows } = await repo.list(db, c.id, q);
      const [names, proposed] = await Promise.all([repo.lineNames(db, rows.map((r) => r.budget_id).filter((x): x is number => x !== null)), repo.proposedDetails(db, rows.map((r) => r.id))]);
      const days = (await thresholdsFor(db, c.id)).discloseWithinDays;
      const on = today();
      return {
        total,
        items: rows.map((r) => brief(r, r.year, r.budget_id === null ? null : (names.get(`${r.budget_id}|${r.line_code}`) ?? null), Number(proposed.get(r.id)?.discloseWithinDays ?? days), on)),
      };
    },

    /** One proposal with its quotes, verdicts, decision, trail and what the viewer may do now. */
    async view(c: Community, id: number, viewer: Viewer) {
      const row = await repo.proposal(db, c.id, id);
      if (!row) throw new NotFoundError('spending.not_found');
      const ledger = await ledgers.ledgerOrThrow(c.code);
      const [approval, ratification, line, events, members] = await Promise.all([
        snapshotOf(db, c, row, 'approval'),
        snapshotOf(db, c, row, 'ratification'),
        lineForView(ledger, row),
        repo.events(db, row.id),
        repo.committeeMembers(db, c.id),
      ]);
      const internal = INTERNAL.some((r) => viewer.roles.has(r));
      const name = (n: string | null) => (n === null ? null : internal ? n : maskName(n));
      const proposed = (events.find((e) => e.action === 'proposed')?.detail ?? {}) as { reasons?: string[]; discloseWithinDays?: number };
      const days = proposed.discloseWithinDays ?? (await thresholdsFor(db, c.id)).discloseWithinDays;
      const on = today();
      const proposedOn = shanghaiDay(row.proposed_at);
      const disclosedOn = row.disclosed_at ? shanghaiDay(row.disclosed_at) : null;
      const lineName = line?.line?.name ?? (row.budget_id === null ? null : ((await repo.lineNames(db, [row.budget_id])).get(`${row.budget_id}|${row.line_code}`) ?? null));
      const d = approval.decision;
      const proposer = (await repo.displayNames(db, [row.proposed_by])).get(row.proposed_by) ?? '';
      return {
        ...brief(row, line?.year ?? null, lineName, days, on),
        description: row.description,
        emergencyReason: row.emergency_reason,
        reasons: proposed.reasons ?? [],
        quotesRequired: row.quotes_required,
        quotes: approval.quotes.map((q) => ({ position: q.position, vendor: q.vendor, amountFen: q.amount_fen, sha256: q.sha256, name: q.file_name, chosen: q.chosen })),
        choiceReason: row.choice_reason,
        approvalsNeeded: row.approval_level === 'member' ? 1 : row.approval_level === 'committee' ? Math.floor(members.length / 2) + 1 : 0,
        committeeSize: members.length,
        verdicts: approval.verdicts.map((v) => ({ purpose: v.purpose, by: name(v.display_name)!, verdict: v.verdict, note: v.note, at: v.at.toISOString() })),
        decision: d && { id: d.id, item: d.item, title: d.state === 'draft' && !internal ? '' : d.title, state: d.state, passed: d.passed },
        disclosure: row.emergency ? { dueBy: discloseBy(proposedOn, days), at: row.disclosed_at?.toISOString() ?? null, overdue: disclosureOverdue(proposedOn, days, disclosedOn, on) } : null,
        remainingFen: line?.remainingFen ?? null,
        trail: events.map((e) => ({ at: e.at.toISOString(), by: name(e.display_name), action: e.action, detail: (e.detail ?? {}) as Record<string, unknown> })),
        proposedBy: name(proposer)!,
        mayAct: mayAct(viewer, row, approval.snap, ratification.snap, line),
      };
    },
  };
}

/** The list's row of a proposal. */
export function brief(row: repo.ProposalRow, year: number | null, lineName: string | null, discloseDays: number, today: string) {
  const spent = row.state !== 'withdrawn' && row.state !== 'rejected';
  const disclosedOn = row.disclosed_at ? shanghaiDay(row.disclosed_at) : null;
  return {
    id: row.id,
    title: row.title,
    year,
    line: row.line_code,
    lineName,
    account: row.account_code,
    counterparty: row.counterparty,
    amountFen: row.amount_fen,
    state: row.state,
    level: row.approval_level,
    emergency: row.emergency,
    ratification: row.ratification,
    disclosureOverdue: row.emergency && spent && disclosureOverdue(shanghaiDay(row.proposed_at), discloseDays, disclosedOn, today),
    proposedAt: row.proposed_at.toISOString(),
    ledgerSeq: row.ledger_seq,
  };
}

/** What the viewer may do now: each action the rules would let them take (committee or trustee). */
export function mayAct(viewer: Viewer, row: repo.ProposalRow, approval: ProposalSnapshot, ratification: ProposalSnapshot, line: { line: unknown; remainingFen: number | null } | null): string[] {
  const accountId = viewer.accountId;
  if (accountId === null) return [];
  const out: string[] = [];
  const lineGone = line !== null && line.line === null;
  if (viewer.roles.has('committee')) {
    const as = { accountId, role: 'committee' };
    const afterApproval = line?.remainingFen == null ? null : line.remainingFen - row.amount_fen;
    if (!lineGone && !refusal(approval, 'approve', { ...as, remainingFen: afterApproval })) out.push('approve');
    if (!refusal(approval, 'reject', as)) out.push('reject');
    if (!refusal(ratification, 'ratify', as)) out.push('ratify');
    if (!refusal(row.emergency ? ratification : approval, 'decision', as)) out.push('decision');
    if (!refusal(approval, 'cancel', as)) out.push('cancel');
  }
  if (viewer.roles.has('trustee')) {
    const as = { accountId, role: 'trustee' };
    if (!refusal(approval, 'withdraw', as)) out.push('withdraw');
    if (!lineGone && !refusal(row.emergency ? ratification : approval, 'post', { ...as, remainingFen: line?.remainingFen ?? null })) out.push('post');
    if (!refusal(ratification, 'disclose', as)) out.push('disclose');
    if (!out.includes('cancel') && !refusal(approval, 'cancel', as)) out.push('cancel');
  }
  return out;
}


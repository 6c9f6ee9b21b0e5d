/**
 * Spending controls (DESIGN §2.2, issue 6): the trustee proposes an expense against a line of the
 * budget in force (无预算不支出) or as an emergency; what it needs is fixed when proposed from the
 * amount, the line's remaining amount and the community's thresholds (spending.rules.ts
 * requirements) — one committee member, a majority of all members, or an owners' decision
 * (matter 9) — with quotes above the tender threshold. Only an approved proposal is posted to the
 * ledger, once, as one entry that names its budget line, the proposal and the decision it rests
 * on. An emergency is posted at once, disclosed within the configured days and ratified
 * afterwards by the committee or the owners: ratified before posting it is approved, refused
 * before posting it is rejected; refused after posting, the refusal stays on the record.
 *
 * An approved proposal not yet posted may be cancelled (by its proposer or a committee member),
 * and then no longer commits the line.
 *
 * Who may do what on a proposal is spending.rules.ts's refusal(); every write locks the
 * proposal's row (and the budget's, where the line's remaining amount is at stake), runs in one
 * transaction, appends an expense_events row and writes the audit log.
 */
import { audit } from '../../platform/audit.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { formatFen } from '../../platform/money.js';
import { type DecisionOutcome, type OnDecisionEnded, decisionStanding } from '../decisions/decisions.service.js';
import { isDate, isStorableText } from '../ledger/ledger.rules.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import { REMUNERATION_ACCOUNT, budgetOf, inForce, remainingOn } from './budget.queries.js';
import * as repo from './spending.repository.js';
import {
  DEFAULT_THRESHOLDS,
  type Refusal,
  type Thresholds,
  approvalOutcome,
  chosenQuoteRefusal,
  decisionLinkRefusal,
  discloseBy,
  disclosureOverdue,
  postingDateRefusal,
  refusal,
  requirements,
  stateAfterVerdict,
  thresholdProblems,
} from './spending.rules.js';
import './spending.messages.js';
import { type Community, createSpendingViews, thresholdsOf } from './spending.views.js';

export { type Community, type Viewer, PUBLIC_VIEWER } from './spending.views.js';

/** Owners' decisions approve spending as "other major matters" (DESIGN §2.5). */
const SPENDING_MATTER = 9;
const MAX_QUOTES = 20;
const MAX_AMOUNT_FEN = 100_000_000_000_000;

export interface QuoteInput {
  vendor: string;
  amountFen: number;
  sha256: string;
  name: string;
  chosen: boolean;
}

export interface ProposalInput {
  idempotencyKey: string;
  year: number | null;
  line: string | null;
  title: string;
  description?: string;
  counterparty: string;
  amountFen: number;
  emergency?: boolean;
  emergencyReason?: string | null;
  quotes?: QuoteInput[];
  choiceReason?: string | null;
  /** an emergency without a line only: the expense account (5xxx) it is booked on */
  account?: string | null;
}

export type SettingsInput = Partial<Record<keyof Thresholds, number | null>>;

function text(value: string | null | undefined, max: number, what: string, required: boolean): string {
  const s = (value ?? '').trim();
  if ((required && s.length === 0) || s.length > max || !isStorableText(s)) throw new ValidationError('spending.bad_text', { what, max });
  return s;
}

const FORBIDDEN: ReadonlySet<Refusal> = new Set(['spending.self_approval', 'spending.not_committee', 'spending.not_proposer', 'spending.not_canceller']);

/** A refusal of spending.rules.ts as an error: who may not → 403, what may not happen now → 409. */
function check(r: Refusal | null, params: Record<string, string | number>): void {
  if (r === null) return;
  throw FORBIDDEN.has(r) ? new ForbiddenError(r, params) : new ConflictError(r, params);
}

/** What makes two proposals "the same" for an idempotency key: everything the trustee entered. */
function fingerprint(p: { year: number | null; line: string | null; account: string | null; title: string; description: string; counterparty: string; amountFen: number; emergencyReason: string | null; choiceReason: string | null; quotes: readonly QuoteInput[] }) {
  return JSON.stringify({ ...p, quotes: p.quotes.map((q) => [q.vendor, q.amountFen, q.sha256, q.name, q.chosen]) });
}

export function createSpendingService(ctx: AppContext, ledgers: LedgerService) {
  const { db, clock } = ctx;
  const today = () => shanghaiDay(clock.now());
  const views = createSpendingViews(ctx, ledgers);
  const { thresholdsFor, decisionOf, snapshotOf, lineOf } = views;

  async function settingsOf(communityId: number) {
    return { ...(await thresholdsFor(db, communityId)), defaults: { ...DEFAULT_THRESHOLDS } };
  }

  async function lockedOrThrow(t: Db, c: Community, id: number) {
    const row = await repo.proposalForUpdate(t, c.id, id);
    if (!row) throw new NotFoundError('spending.not_found');
    return row;
  }

  /** Ratification decided: an unposted emergency becomes approved or rejected with it. */
  function ratified(row: repo.ProposalRow, granted: boolean, now: Date): Parameters<typeof repo.updateProposal>[2] {
    const set: Parameters<typeof repo.updateProposal>[2] = { ratification: granted ? 'ratified' : 'refused', ratified_at: now };
    if (row.state === 'pending') Object.assign(set, granted ? { state: 'approved', approved_at: now } : { state: 'rejected' });
    else if (row.state === 'approved' && !granted) set.state = 'rejected';
    return set;
  }

  /** An owners' decision has ended (or was found ended when linked): approve or reject what rests on it. */
  async function applyDecision(t: Db, c: Community, row: repo.ProposalRow, d: { decisionId: number; state: string; passed: boolean }) {
    const now = clock.now();
    const set: Parameters<typeof repo.updateProposal>[2] = row.emergency ? ratified(row, d.passed, now) : d.passed ? { state: 'approved', approved_at: now } : { state: 'rejected' };
    const after = await repo.updateProposal(t, row.id, set);
    const detail = { decisionId: d.decisionId, item: row.decision_item, decisionState: d.state, passed: d.passed, state: after.state, ratification: after.ratification };
    await repo.insertEvent(t, { proposalId: row.id, at: now, by: null, action: 'decision_ended', detail });
    await audit(t, { accountId: null, communityId: c.id, action: 'spending.decision_applied', subject: `expense_proposal:${row.id}`, details: detail, at: now });
    return after;
  }

  /** approve / reject: a committee member's verdict on a pending proposal. */
  async function verdict(c: Community, id: number, by: number, verdict: 'approve' | 'reject', note: string) {
    const ledger = await ledgers.ledgerOrThrow(c.code);
    return db.transaction().execute(async (t) => {
      const row = await lockedOrThrow(t, c, id);
      const { snap, members, year } = await snapshotOf(t, c, row, 'approval');
      const as = { accountId: by, role: members.includes(by) ? 'committee' : 'other' };
      check(refusal(snap, verdict, as), { state: row.state, min: row.quotes_required, year: year ?? '' });
      // approving commits the amount: what the line has left once it is approved (the budget row
      // is locked only now, once nothing else refuses the verdict)
      const line = verdict === 'approve' ? await lineOf(t, ledger, row, true) : null;
      if (line) check(refusal(snap, verdict, { ...as, remainingFen: line.remainingFen - row.amount_fen }), { state: row.state, remaining: formatFen(line.remainingFen) });
      const now = clock.now();
      const added = { accountId: by, verdict };
      await repo.insertVerdict(t, { proposalId: row.id, accountId: by, verdict, note, purpose: 'approval', at: now });
      const to = stateAfterVerdict(snap, added);
      if (to !== row.state) await repo.updateProposal(t, row.id, to === 'approved' ? { state: to, approved_at: now } : { state: to });
      await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: verdict, detail: { note, state: to } });
      await audit(t, { accountId: by, communityId: c.id, action: `spending.${verdict}`, subject: `expense_proposal:${row.id}`, details: { note, from: row.state, to }, at: now });
      return { id: row.id, state: to };
    });
  }

  async function replay(c: Community, existing: repo.ProposalRow, candidate: string) {
    const [quotes, budget] = await Promise.all([repo.quotes(db, [existing.id]), existing.budget_id === null ? null : repo.budgetById(db, existing.budget_id)]);
    const stored = fingerprint({
      year: budget?.year ?? null,
      line: existing.line_code,
      account: existing.line_code === null ? existing.account_code : null,
      title: existing.title,
      description: existing.description,
      counterparty: existing.counterparty,
      amountFen: existing.amount_fen,
      emergencyReason: existing.emergency_reason,
      choiceReason: existing.choice_reason,
      quotes: quotes.map((q) => ({ vendor: q.vendor, amountFen: q.amount_fen, sha256: q.sha256, name: q.file_name, chosen: q.chosen })),
    });
    if (stored !== candidate) throw new ConflictError('spending.idempotency_conflict');
    return { id: existing.id, state: existing.state };
  }

  return {
    list: views.list,
    view: views.view,

    async communityOrThrow(code: string): Promise<Community> {
      const c = await repo.findCommunity(db, code);
      if (!c) throw new NotFoundError('community.not_found', { code });
      return c;
    },

    thresholds: (communityId: number) => thresholdsFor(db, communityId),

    settings: settingsOf,

    /** The committee sets the thresholds (null: back to the DESIGN default); checked whole. */
    async updateSettings(c: Community, input: SettingsInput, by: number) {
      await db.transaction().execute(async (t) => {
        const row = await repo.settings(t, c.id);
        const pick = (k: keyof Thresholds, col: keyof NonNullable<typeof row>) => (input[k] === undefined ? ((row?.[col] as number | null | undefined) ?? null) : input[k]);
        const stored = {
          committee_threshold_fen: pick('committeeFen', 'committee_threshold_fen'),
          owners_threshold_fen: pick('ownersFen', 'owners_threshold_fen'),
          tender_threshold_fen: pick('tenderFen', 'tender_threshold_fen'),
          min_quotes: pick('minQuotes', 'min_quotes'),
          disclose_within_days: pick('discloseWithinDays', 'disclose_within_days'),
        };
        const before = thresholdsOf(row);
        const after = thresholdsOf({ ...stored, community_id: c.id, updated_by: by, updated_at: new Date() });
        const problems = thresholdProblems(after);
        if (problems.length) throw new ValidationError(problems[0]!, {}, { problems });
        const now = clock.now();
        await repo.saveSettings(t, c.id, stored, by, now);
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.settings_updated', subject: `community:${c.id}`, details: { before, after }, at: now });
      });
      return settingsOf(c.id);
    },

    /** A quote (PDF, JPEG, PNG) stored as a file of the community's common fund ledger, like a voucher. */
    async storeQuote(c: Community, data: Buffer) {
      return ledgers.storeVoucher(await ledgers.ledgerOrThrow(c.code), data);
    },

    /** A quote's file, for those who may inspect the fund's vouchers; every view is in the audit log. */
    async quoteFile(c: Community, id: number, sha256: string, accountId: number) {
      const row = await repo.proposal(db, c.id, id);
      if (!row) throw new NotFoundError('spending.not_found');
      const q = await repo.quoteFile(db, row.id, sha256);
      if (!q) throw new NotFoundError('spending.quote_not_found');
      const data = await ctx.files.get(sha256);
      if (!data) throw new Error(`quote ${sha256} of proposal ${row.id} is missing from the file store`);
      await audit(db, { accountId, communityId: c.id, action: 'spending.quote_viewed', subject: `expense_proposal:${row.id}`, details: { sha256 }, at: clock.now() });
      return { data, mediaType: q.media_type, name: q.file_name };
    },

    /** The trustee proposes an expense. The same key with the same content: the same proposal. */
    async propose(c: Community, by: number, input: ProposalInput) {
      const key = text(input.idempotencyKey, 200, 'idempotencyKey', true);
      const emergency = input.emergency ?? false;
      const title = text(input.title, 200, '事由 title', true);
      const description = text(input.description, 5000, '说明 description', false);
      const counterparty = text(input.counterparty, 200, '收款单位 counterparty', true);
      const amountFen = input.amountFen;
      if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > MAX_AMOUNT_FEN) throw new ValidationError('spending.bad_amount');
      const emergencyReason = emergency ? text(input.emergencyReason, 1000, '紧急原因 emergency reason', false) || null : null;
      if (emergency && !emergencyReason) throw new ValidationError('spending.emergency_reason');
      const choiceReason = text(input.choiceReason, 2000, '选定理由 choice reason', false) || null;
      const quotes = (input.quotes ?? []).map((q) => ({
        vendor: text(q.vendor, 200, '报价单位 vendor', true),
        amountFen: q.amountFen,
        sha256: q.sha256,
        name: text(q.name, 200, '文件名 file name', true),
        chosen: q.chosen,
      }));
      if (quotes.length > MAX_QUOTES) throw new ValidationError('spending.too_many_quotes', { max: MAX_QUOTES });
      if (quotes.some((q) => !Number.isSafeInteger(q.amountFen) || q.amountFen <= 0 || q.amountFen > MAX_AMOUNT_FEN)) throw new ValidationError('spending.bad_amount');
      if (quotes.filter((q) => q.chosen).length > 1) throw new ValidationError('spending.one_chosen');
      if (new Set(quotes.map((q) => q.vendor)).size < quotes.length || new Set(quotes.map((q) => q.sha256)).size < quotes.length) throw new ValidationError('spending.duplicate_quote');
      const year = input.year ?? null;
      const lineCode = input.line?.trim() || null;
      if ((year === null) !== (lineCode === null) || (!emergency && lineCode === null)) throw new ValidationError('spending.needs_line');
      const account = lineCode === null ? (input.account ?? null) : null;
      const candidate = fingerprint({ year, line: lineCode, account, title, description, counterparty, amountFen, emergencyReason, choiceReason, quotes });

      const existing = await repo.proposalByKey(db, c.id, key);
      if (existing) return replay(c, existing, candidate);
      const ledger = await ledgers.ledgerOrThrow(c.code);
      const made = await db.transaction().execute(async (t) => {
        let budgetId: number | null = null;
        let accountCode: string;
        let remainingFen: number | null = null;
        if (year !== null && lineCode !== null) {
          const budget = await budgetOf(t, c.id, year);
          const force = budget ? await inForce(t, (await repo.lockBudget(t, budget.id)).id) : null;
          if (!budget || !force) throw new ValidationError('spending.no_budget', { year });
          if (await repo.yearClosed(t, budget.id)) throw new ConflictError('spending.year_closed', { year });
          const line = force.lines.find((l) => l.code === lineCode);
          if (!line) throw new ValidationError('spending.unknown_line', { year, line: lineCode });
          if (input.account && input.account !== line.account) throw new ValidationError('spending.account_with_line', { line: line.code, account: line.account });
          // the trustee's remuneration is accrued by the month close under the contract, never proposed
          if (line.account === REMUNERATION_ACCOUNT) throw new ValidationError('spending.remuneration_line', { line: line.code, account: line.account });
          budgetId = budget.id;
          accountCode = line.account;
          remainingFen = await remainingOn(t, ledger.id, budget.id, year, force.lines, line.code);
        } else {
          if (!account) throw new ValidationError('spending.needs_account');
          if (account === REMUNERATION_ACCOUNT) throw new ValidationError('spending.remuneration_line', { line: '', account });
          if (!(await repo.expenseAccounts(t, ledger.id)).has(account)) throw new ValidationError('spending.bad_account', { account });
          accountCode = account;
        }
        const known = await repo.ledgerFiles(t, ledger.id, quotes.map((q) => q.sha256));
        const missing = quotes.find((q) => !known.has(q.sha256));
        if (missing) throw new ValidationError('spending.quote_unknown', { sha256: missing.sha256 });
        const thresholds = await thresholdsFor(t, c.id);
        const needs = requirements(amountFen, remainingFen, thresholds);
        if (chosenQuoteRefusal(amountFen, needs.quotes, quotes)) {
          throw new ValidationError('spending.chosen_amount', { amount: formatFen(amountFen), chosen: formatFen(quotes.find((q) => q.chosen)!.amountFen) });
        }
        const now = clock.now();
        const row = await repo.insertProposal(t, {
          community_id: c.id,
          budget_id: budgetId,
          line_code: lineCode,
          account_code: accountCode,
          title,
          description,
          counterparty,
          amount_fen: amountFen,
          emergency,
          emergency_reason: emergencyReason,
          state: 'pending',
          approval_level: needs.level,
          quotes_required: needs.quotes,
          choice_reason: choiceReason,
          proposed_by: by,
          proposed_at: now,
          ratification: emergency ? 'pending' : null,
          idempotency_key: key,
        });
        if (!row) return null; // the same key at the same moment: the other request made it
        await repo.insertQuotes(t, row.id, quotes);
        // what was fixed when proposed: the views read the reasons and the disclosure period from here
        const detail = { amountFen, level: needs.level, quotesRequired: needs.quotes, reasons: needs.reasons, remainingFen, emergency, discloseWithinDays: thresholds.discloseWithinDays, thresholds };
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: 'proposed', detail });
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.proposed', subject: `expense_proposal:${row.id}`, details: detail, at: now });
        return { id: row.id, state: row.state };
      });
      return made ?? replay(c, (await repo.proposalByKey(db, c.id, key))!, candidate);
    },

    approve: (c: Community, id: number, by: number, note?: string) => verdict(c, id, by, 'approve', text(note, 1000, '意见 note', false)),
    reject: (c: Community, id: number, by: number, note: string) => verdict(c, id, by, 'reject', text(note, 1000, '意见 note', true)),

    /** The proposer takes back a pending proposal. */
    async withdraw(c: Community, id: number, by: number, reason: string) {
      const why = text(reason, 500, '撤回原因 reason', true);
      return db.transaction().execute(async (t) => {
        const row = await lockedOrThrow(t, c, id);
        const { snap } = await snapshotOf(t, c, row, 'approval');
        check(refusal(snap, 'withdraw', { accountId: by, role: 'trustee' }), { state: row.state });
        const now = clock.now();
        await repo.updateProposal(t, row.id, { state: 'withdrawn' });
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: 'withdrawn', detail: { reason: why } });
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.withdrawn', subject: `expense_proposal:${row.id}`, details: { reason: why, from: row.state }, at: now });
        return { id: row.id, state: 'withdrawn' as const };
      });
    },

    /**
     * An approved proposal not yet posted is cancelled — by its proposer or a committee member,
     * with a reason — and stops committing the line's amount. The schema has no state of its own
     * for it: the state is 'withdrawn', the trail and the audit log say 'cancelled'.
     */
    async cancel(c: Community, id: number, by: number, reason: string) {
      const why = text(reason, 500, '撤销原因 reason', true);
      return db.transaction().execute(async (t) => {
        const row = await lockedOrThrow(t, c, id);
        const { snap, members } = await snapshotOf(t, c, row, row.emergency ? 'ratification' : 'approval');
        check(refusal(snap, 'cancel', { accountId: by, role: members.includes(by) ? 'committee' : 'other' }), { state: row.state });
        const now = clock.now();
        await repo.updateProposal(t, row.id, { state: 'withdrawn' });
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: 'cancelled', detail: { reason: why, from: row.state } });
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.cancelled', subject: `expense_proposal:${row.id}`, details: { reason: why, from: row.state, amountFen: row.amount_fen }, at: now });
        return { id: row.id, state: 'withdrawn' as const };
      });
    },

    /**
     * The committee rests a proposal that needs the owners on an item (matter 9) of an owners'
     * decision whose voting has not opened (draft or noticed: the owners vote knowing what the
     * item approves), an item nothing else rests on — no other proposal, no budget version — and,
     * over the tender threshold, with the quotes in order. onDecisionEnded decides it when the
     * decision ends.
     */
    async linkDecision(c: Community, id: number, by: number, input: { decisionId: number; item: number }) {
      return db.transaction().execute(async (t) => {
        const row = await lockedOrThrow(t, c, id);
        const { snap, members, year } = await snapshotOf(t, c, row, row.emergency ? 'ratification' : 'approval');
        check(refusal(snap, 'decision', { accountId: by, role: members.includes(by) ? 'committee' : 'other' }), { state: row.state, min: row.quotes_required, year: year ?? '' });
        // the decision's row is held exclusively until this commits (budget submit takes it the same
        // way): its end, which runs the hook, waits for the link, and the item found free below
        // stays free — a unique partial index across proposals and budget versions would need a
        // schema change; this lock is the guard instead
        if (!(await repo.lockDecision(t, c.id, input.decisionId))) throw new NotFoundError('spending.decision_not_found', { id: input.decisionId });
        const d = (await decisionStanding(t, c.id, input.decisionId))!;
        const item = d.items.find((i) => i.position === input.item);
        if (!item) throw new ValidationError('spending.decision_item', { item: input.item });
        if (item.matter !== SPENDING_MATTER) throw new ValidationError('spending.decision_matter', { item: input.item });
        const taken = await repo.itemTaken(t, d.id, item.position);
        const refused = decisionLinkRefusal(d.state, taken);
        if (refused) {
          const params = { id: d.id, state: d.state, item: item.position, ...(taken && 'proposal' in taken ? { proposal: taken.proposal } : taken ? { year: taken.budgetYear, number: taken.version } : {}) };
          throw new ConflictError(refused, params);
        }
        const now = clock.now();
        await repo.updateProposal(t, row.id, { decision_id: d.id, decision_item: item.position });
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: 'decision_linked', detail: { decisionId: d.id, item: item.position, decisionState: d.state } });
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.decision_linked', subject: `expense_proposal:${row.id}`, details: { decisionId: d.id, item: item.position }, at: now });
        return { id: row.id, state: row.state };
      });
    },

    /** The trustee discloses an emergency (due within the days in force when it was proposed). */
    async disclose(c: Community, id: number, by: number) {
      return db.transaction().execute(async (t) => {
        const row = await lockedOrThrow(t, c, id);
        const { snap } = await snapshotOf(t, c, row, 'ratification');
        check(refusal(snap, 'disclose', { accountId: by, role: 'trustee' }), { state: row.state });
        const now = clock.now();
        const days = Number((await repo.proposedDetails(t, [row.id])).get(row.id)?.discloseWithinDays ?? (await thresholdsFor(t, c.id)).discloseWithinDays);
        const proposedOn = shanghaiDay(row.proposed_at);
        const detail = { dueBy: discloseBy(proposedOn, days), overdue: disclosureOverdue(proposedOn, days, shanghaiDay(now), shanghaiDay(now)) };
        await repo.updateProposal(t, row.id, { disclosed_at: now, disclosed_by: by });
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: 'disclosed', detail });
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.disclosed', subject: `expense_proposal:${row.id}`, details: detail, at: now });
        return { id: row.id, state: row.state };
      });
    },

    /** A committee member ratifies an emergency, or refuses to; the same majority rules as approval. */
    async ratify(c: Community, id: number, by: number, input: { verdict: 'approve' | 'reject'; note?: string | null }) {
      const note = text(input.note, 1000, '意见 note', input.verdict === 'reject');
      return db.transaction().execute(async (t) => {
        const row = await lockedOrThrow(t, c, id);
        const { snap, members } = await snapshotOf(t, c, row, 'ratification');
        check(refusal(snap, input.verdict === 'approve' ? 'ratify' : 'refuse_ratification', { accountId: by, role: members.includes(by) ? 'committee' : 'other' }), { state: row.state });
        const now = clock.now();
        const added = { accountId: by, verdict: input.verdict };
        await repo.insertVerdict(t, { proposalId: row.id, accountId: by, verdict: input.verdict, note, purpose: 'ratification', at: now });
        const outcome = approvalOutcome({ ...snap, verdicts: [...snap.verdicts, added] });
        const after = outcome === 'pending' ? row : await repo.updateProposal(t, row.id, ratified(row, outcome === 'approved', now));
        const detail = { verdict: input.verdict, note, state: after.state, ratification: after.ratification };
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: input.verdict === 'approve' ? 'ratify' : 'refuse_ratification', detail });
        await audit(t, { accountId: by, communityId: c.id, action: `spending.${input.verdict === 'approve' ? 'ratify' : 'refuse_ratification'}`, subject: `expense_proposal:${row.id}`, details: detail, at: now });
        return { id: row.id, state: after.state };
      });
    },

    /**
     * Posts an approved proposal (an emergency also before it is ratified) as one ledger entry,
     * in the same transaction: Dr the line's account / Cr 1001, reason expense. The ledger's key
     * is the proposal's, so it is posted once whatever the client sends; the same request again
     * returns the posted proposal.
     */
    async post(c: Community, id: number, by: number, input: { idempotencyKey: string; date: string; vouchers?: { sha256: string; name: string }[] }) {
      const key = text(input.idempotencyKey, 200, 'idempotencyKey', true);
      if (!isDate(input.date)) throw new ValidationError('spending.bad_date', { date: input.date });
      const vouchers = (input.vouchers ?? []).map((v) => ({ sha256: v.sha256, name: text(v.name, 200, '凭证文件名 voucher name', true) }));
      // what was paid is shown by its invoice: no posting without a voucher
      if (vouchers.length === 0) throw new ValidationError('spending.needs_voucher');
      const ledger = await ledgers.ledgerOrThrow(c.code);
      return db.transaction().execute(async (t) => {
        const row = await lockedOrThrow(t, c, id);
        if (row.state === 'posted') {
          const posted = (await repo.events(t, row.id)).find((e) => e.action === 'posted');
          if ((posted?.detail as { idempotencyKey?: string } | undefined)?.idempotencyKey === key) return { id: row.id, state: row.state };
        }
        const { snap, verdicts, decision } = await snapshotOf(t, c, row, row.emergency ? 'ratification' : 'approval');
        check(refusal(snap, 'post', { accountId: by, role: 'trustee' }), { state: row.state, min: row.quotes_required });
        // approved (or an unposted emergency) is already committed: posting moves it to the actuals,
        // so what the line has now is what it has after this posting
        const line = await lineOf(t, ledger, row, true);
        if (line) check(refusal(snap, 'post', { accountId: by, role: 'trustee', remainingFen: line.remainingFen }), { state: row.state, remaining: formatFen(line.remainingFen) });
        const proposedOn = shanghaiDay(row.proposed_at);
        const badDate = postingDateRefusal(input.date, proposedOn, line?.year ?? null);
        if (badDate) throw new ValidationError(badDate, { date: input.date, year: line?.year ?? '', proposedOn });
        // the last member whose verdict approved it (or ratified an emergency), in the order of the trail
        const approving = new Set(verdicts.filter((v) => v.purpose === (row.emergency ? 'ratification' : 'approval') && v.verdict === 'approve').map((v) => v.account_id));
        const approvedBy = (await repo.events(t, row.id)).filter((e) => e.action === (row.emergency ? 'ratify' : 'approve') && e.by_account !== null && approving.has(e.by_account)).at(-1)?.by_account ?? null;
        const refs: Record<string, string | number> = { proposal: row.id };
        if (line) Object.assign(refs, { budgetYear: line.year, budgetLine: line.line.code });
        if (decision) refs.decision = decision.id;
        const entry = await ledgers.post(
          ledger,
          {
            idempotencyKey: `expense-proposal:${row.id}`,
            date: input.date,
            memo: row.title,
            reason: 'expense',
            counterparty: row.counterparty,
            budgetLine: line ? `${line.year}年度预算 ${line.line.code} ${line.line.name}` : null,
            refs,
            lines: [
              { account: row.account_code, debitFen: row.amount_fen, creditFen: 0 },
              { account: '1001', debitFen: 0, creditFen: row.amount_fen },
            ],
            vouchers,
            recordedBy: by,
            approvedBy,
          },
          t,
        );
        const now = clock.now();
        await repo.updateProposal(t, row.id, { state: 'posted', ledger_seq: entry.seq, posted_at: now, posted_by: by });
        const detail = { seq: entry.seq, hash: entry.hash, date: input.date, idempotencyKey: key, vouchers: vouchers.length, approvedBy };
        await repo.insertEvent(t, { proposalId: row.id, at: now, by, action: 'posted', detail });
        await audit(t, { accountId: by, communityId: c.id, action: 'spending.posted', subject: `expense_proposal:${row.id}`, details: { ...detail, from: row.state }, at: now });
        return { id: row.id, state: 'posted' as const };
      });
    },

    /**
     * The decisions module's hook (decisions.service.ts OnDecisionEnded), in the transaction that
     * ends the decision: what rests on it is approved (or ratified) when its item passed and the
     * decision is final; rejected (or refused) when it failed, did not pass or was withdrawn.
     */
    onDecisionEnded: (async (t: Db, c: Community, outcome: DecisionOutcome) => {
      const out = { proposalsApproved: [] as number[], proposalsRejected: [] as number[], emergenciesRatified: [] as number[], emergenciesRefused: [] as number[] };
      for (const row of await repo.awaitingDecision(t, c.id, outcome.decisionId)) {
        const passed = outcome.state === 'final' && outcome.passedItems.includes(row.decision_item!);
        await applyDecision(t, c, row, { decisionId: outcome.decisionId, state: outcome.state, passed });
        if (row.emergency) (passed ? out.emergenciesRatified : out.emergenciesRefused).push(row.id);
        else (passed ? out.proposalsApproved : out.proposalsRejected).push(row.id);
      }
      return out;
    }) satisfies OnDecisionEnded,

  };
}

export type SpendingService = ReturnType<typeof createSpendingService>;
export type ProposalView = Awaited<ReturnType<SpendingService['view']>>;

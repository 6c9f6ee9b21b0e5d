/**
 * Open budget, writes (DESIGN §2.4): the trustee drafts a budget year and publishes it for
 * consultation; owners and residents comment on lines with support or objection; the committee
 * hides comments (never deletes them; every hiding is logged); the trustee revises — each revision
 * a new version that answers comments and supersedes the one in consultation; the committee
 * submits the final version to an owners' decision (matter 9), which alone adopts it
 * (onDecisionEnded); supplementary budgets go the same way; after the year the trustee publishes
 * the final accounts. Reading is budget.views.ts.
 *
 * Who moves a version is budget.rules.ts's VERSION_TRANSITIONS. Every write runs in one
 * transaction that holds the budget's row, and is written to the audit log.
 */
import { audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { formatFen } from '../../platform/money.js';
import type { Actor as DecisionActor, DecisionOutcome } from '../decisions/decisions.service.js';
import { decisionStanding } from '../decisions/decisions.service.js';
import { COMMON_FUND } from '../ledger/ledger.service.js';
import { isDate, isStorableText } from '../ledger/ledger.rules.js';
import type { QualitySettings } from '../quality/quality.settings.js';
import { executionOf } from './budget.queries.js';
import * as repo from './budget.repository.js';
import {
  type Basis,
  type BudgetActor,
  type BudgetLine,
  type VersionState,
  VERSION_TRANSITIONS,
  basisProblems,
  canMoveVersion,
  incomeCheck,
  lineProblems,
  needsExplanation,
  yearOver,
} from './budget.rules.js';
import { type Community, type FinalFigure, type Viewer, basisOf, createBudgetViews, inForceOf, viewerAs } from './budget.views.js';
import './budget.messages.js';

export type { Community, Viewer } from './budget.views.js';

/** The matter of Civil Code art. 278 ¶1 a budget is voted on as (decisions.rules.ts MATTER_TYPES). */
export const BUDGET_MATTER = 9;

export interface DraftInput {
  basis: Basis;
  basisText: string;
  note: string;
  lines: BudgetLine[];
  answers: { commentId: number; body: string }[];
}

export interface CommentInput {
  line: string | null;
  stance: 'support' | 'oppose' | 'comment';
  body: string;
  idempotencyKey: string;
}

function text(value: string | null | undefined, max: number, what: string, required = false): string {
  const s = (value ?? '').trim();
  if ((required && !s) || s.length > max || !isStorableText(s)) throw new ValidationError('budget.bad_field', { what, max });
  return s;
}

/** Refuses a move the lifecycle does not have, or an actor who may not make it. */
export function assertVersionMove(from: VersionState, to: VersionState, actor: BudgetActor) {
  if (!VERSION_TRANSITIONS[from]?.[to]) throw new ConflictError('budget.bad_transition', { from, to });
  if (!canMoveVersion(from, to, actor)) throw new ForbiddenError('budget.actor_not_allowed', { from, to });
}

export function createBudgetService(ctx: AppContext, quality: QualitySettings) {
  const { db, clock } = ctx;
  const views = createBudgetViews(ctx, quality);
  const today = views.today;
  const subject = (year: number, number?: number) => (number === undefined ? `budget:${year}` : `budget:${year}/${number}`);

  /** The budget's row locked for this write, its versions, and whether its final accounts are out. */
  async function locked(t: Db, c: Community, year: number) {
    const budget = await repo.lockBudget(t, c.id, year);
    if (!budget) throw new NotFoundError('budget.not_found', { year });
    const [versions, finals] = await Promise.all([repo.versions(t, [budget.id]), repo.finalAccounts(t, [budget.id])]);
    return { budget, versions, closed: finals.length > 0 };
  }

  function open(b: { year: number }, closed: boolean) {
    if (closed) throw new ConflictError('budget.closed', { year: b.year });
  }

  function noneInVoting(versions: readonly repo.VersionRow[]) {
    const voting = versions.find((v) => v.state === 'voting');
    if (voting) throw new ConflictError('budget.version_in_voting', { number: voting.number });
  }

  /** Validates a draft's lines, basis, texts and answers; returns them ready to store. */
  async function checkDraft(t: Db, c: Community, budgetId: number, draft: repo.VersionRow, input: DraftInput) {
    const fund = await repo.commonFund(t, c.id, COMMON_FUND);
    if (!fund) throw new ConflictError('budget.no_ledger');
    const basisProblem = basisProblems(input.basis)[0];
    if (basisProblem) throw new ValidationError(basisProblem);
    const lines: BudgetLine[] = input.lines.map((l) => ({
      code: l.code,
      account: l.account,
      name: text(l.name, 100, '预算行名称 line name'),
      amountFen: l.amountFen,
      basis: text(l.basis, 2000, '测算依据 basis'),
      standard: l.standard === null ? null : l.standard.trim(),
    }));
    const problems = lineProblems(lines, new Set(fund.expenseAccounts.keys()));
    if (problems.length) {
      const first = problems[0]!;
      throw new ValidationError(first.code, { line: first.line }, { problems });
    }
    const withStandard = lines.filter((l) => l.standard !== null);
    if (withStandard.length) {
      const catalogue = await quality.catalogueToday(c.id);
      const known = new Set(catalogue.categories.flatMap((x) => x.items.map((i) => i.code)));
      const unknown = withStandard.find((l) => !known.has(l.standard!));
      if (unknown) throw new ValidationError('budget.unknown_standard', { line: unknown.code, standard: unknown.standard! });
    }
    const answers = input.answers.map((a) => ({ commentId: a.commentId, body: text(a.body, 2000, '答复 answer', true) }));
    const seen = new Set<number>();
    for (const a of answers) {
      if (seen.has(a.commentId)) throw new ValidationError('budget.answer_twice', { commentId: a.commentId });
      seen.add(a.commentId);
    }
    const comments = await Promise.all(answers.map((a) => repo.commentInBudget(t, budgetId, a.commentId)));
    const missing = answers.find((_, i) => !comments[i] || comments[i]!.version_number >= draft.number);
    if (missing) throw new ValidationError('budget.answer_unknown_comment', { commentId: missing.commentId });
    const given = await repo.answersOf(t, answers.map((a) => a.commentId));
    const taken = given.find((g) => g.version_id !== draft.id);
    if (taken) throw new ConflictError('budget.answer_exists', { commentId: taken.comment_id, version: taken.version_number });
    return {
      lines,
      answers,
      basis: input.basis,
      basisText: text(input.basisText, 5000, '编制依据说明 basis text'),
      note: text(input.note, 5000, '修订说明 note'),
    };
  }

  async function moderate(c: Community, year: number, commentId: number, action: 'hide' | 'unhide', reason: string, by: number) {
    const why = text(reason, 500, '原因 reason', true);
    await db.transaction().execute(async (t) => {
      const budget = await repo.budgetByYear(t, c.id, year);
      const row = budget && (await repo.commentInBudget(t, budget.id, commentId, true));
      if (!row) throw new NotFoundError('budget.comment_not_found', { id: commentId });
      if (action === 'hide' && row.hidden_at) throw new ConflictError('budget.comment_hidden');
      if (action === 'unhide' && !row.hidden_at) throw new ConflictError('budget.comment_not_hidden');
      const at = clock.now();
      await repo.setHidden(t, row.id, action === 'hide' ? { at, by, reason: why } : null);
      await repo.insertModeration(t, { commentId: row.id, action, reason: why, by, at });
      await audit(t, { accountId: by, communityId: c.id, action: `budget.comment_${action}`, subject: `budget_comment:${row.id}`, details: { year, version: row.version_number, reason: why }, at });
    });
    return views.comment(c, year, commentId, viewerAs(by, 'committee'));
  }

  return {
    ...views,

    /** A budget year (by the trustee): version 1, an empty original draft, comes with it. */
    async create(c: Community, input: { year: number; title: string }, by: number) {
      if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new ValidationError('budget.bad_year', { year: String(input.year) });
      const title = text(input.title, 200, '标题 title', true);
      await db.transaction().execute(async (t) => {
        const at = clock.now();
        const budget = await repo.insertBudget(t, { community_id: c.id, year: input.year, title, created_by: by, created_at: at });
        if (!budget) throw new ConflictError('budget.exists', { year: input.year });
        await repo.insertVersion(t, { budget_id: budget.id, number: 1, kind: 'original', state: 'draft', created_by: by, created_at: at });
        await audit(t, { accountId: by, communityId: c.id, action: 'budget.create', subject: subject(input.year), details: { title }, at });
      });
      return views.budget(c, input.year, viewerAs(by, 'trustee'));
    },

    /**
     * A new draft copied (lines and basis) from the latest published version: a revision while
     * nothing is adopted (of the version in consultation, or of a rejected one), a supplementary
     * budget once a version is in force (of the version in force, or of the supplementary under
     * consultation or rejected after it). Refused while a draft exists or a version is in voting.
     */
    async newDraft(c: Community, year: number, kind: 'revision' | 'supplementary', by: number) {
      const number = await db.transaction().execute(async (t) => {
        const { budget, versions, closed } = await locked(t, c, year);
        open(budget, closed);
        const draft = versions.find((v) => v.state === 'draft');
        if (draft) throw new ConflictError('budget.draft_exists', { number: draft.number });
        noneInVoting(versions);
        const force = inForceOf(versions);
        if (kind === 'revision' && force) throw new ConflictError('budget.already_adopted', { number: force.number });
        if (kind === 'supplementary' && !force) throw new ConflictError('budget.nothing_in_force');
        const source = versions.filter((v) => v.state !== 'draft').at(-1);
        if (!source) throw new ConflictError('budget.nothing_published');
        const at = clock.now();
        const v = await repo.insertVersion(t, {
          budget_id: budget.id,
          number: versions.at(-1)!.number + 1,
          kind: kind === 'revision' ? 'original' : 'supplementary',
          state: 'draft',
          fee_income_fen: source.fee_income_fen,
          collection_rate_bp: source.collection_rate_bp,
          public_revenue_fen: source.public_revenue_fen,
          other_income_fen: source.other_income_fen,
          reserve_fen: source.reserve_fen,
          basis: source.basis,
          created_by: by,
          created_at: at,
        });
        await repo.replaceLines(t, v.id, (await repo.linesOf(t, [source.id])).get(source.id)!);
        await audit(t, { accountId: by, communityId: c.id, action: 'budget.draft', subject: subject(year, v.number), details: { kind, from: source.number }, at });
        return v.number;
      });
      return views.version(c, year, number, viewerAs(by, 'trustee'));
    },

    /** Replaces the draft's basis, texts, lines and answers, all validated. */
    async saveDraft(c: Community, year: number, input: DraftInput, by: number) {
      const number = await db.transaction().execute(async (t) => {
        const { budget, versions, closed } = await locked(t, c, year);
        open(budget, closed);
        const draft = versions.find((v) => v.state === 'draft');
        if (!draft) throw new NotFoundError('budget.no_draft');
        const d = await checkDraft(t, c, budget.id, draft, input);
        const at = clock.now();
        await repo.updateVersion(t, draft.id, {
          fee_income_fen: d.basis.feeIncomeFen,
          collection_rate_bp: d.basis.collectionRateBp,
          public_revenue_fen: d.basis.publicRevenueFen,
          other_income_fen: d.basis.otherIncomeFen,
          reserve_fen: d.basis.reserveFen,
          basis: d.basisText,
          note: d.note,
        });
        await repo.replaceLines(t, draft.id, d.lines);
        await repo.replaceAnswers(t, draft.id, d.answers, by, at);
        const income = incomeCheck(d.basis, d.lines);
        await audit(t, { accountId: by, communityId: c.id, action: 'budget.draft_saved', subject: subject(year, draft.number), details: { lines: d.lines.length, plannedFen: income.plannedFen, availableFen: income.availableFen, answers: d.answers.length }, at });
        return draft.number;
      });
      return views.version(c, year, number, viewerAs(by, 'trustee'));
    },

    /**
     * Publishes the draft for consultation (its answers become public); the version in
     * consultation, if any, is superseded in the same transaction. Comments are taken until
     * `consultationEndsOn` (inclusive) when given.
     */
    async publish(c: Community, year: number, input: { consultationEndsOn?: string | null }, by: number) {
      const endsOn = input.consultationEndsOn ?? null;
      const on = today();
      if (endsOn !== null && (!isDate(endsOn) || endsOn < on)) throw new ValidationError('budget.bad_consultation_end', { date: String(endsOn), today: on });
      const number = await db.transaction().execute(async (t) => {
        const { budget, versions, closed } = await locked(t, c, year);
        open(budget, closed);
        const draft = versions.find((v) => v.state === 'draft');
        if (!draft) throw new NotFoundError('budget.no_draft');
        noneInVoting(versions);
        assertVersionMove('draft', 'consultation', 'trustee');
        const force = inForceOf(versions);
        if (draft.kind === 'original' && force) throw new ConflictError('budget.already_adopted', { number: force.number });
        const lines = (await repo.linesOf(t, [draft.id])).get(draft.id)!;
        if (lines.length === 0) throw new ValidationError('budget.no_lines');
        const superseded: number[] = [];
        for (const v of versions.filter((x) => x.state === 'consultation')) {
          assertVersionMove(v.state, 'superseded', 'system');
          await repo.updateVersion(t, v.id, { state: 'superseded' });
          superseded.push(v.number);
        }
        const at = clock.now();
        await repo.updateVersion(t, draft.id, { state: 'consultation', published_at: at, published_by: by, consultation_ends_on: endsOn });
        await audit(t, { accountId: by, communityId: c.id, action: 'budget.published', subject: subject(year, draft.number), details: { consultationEndsOn: endsOn, superseded, plannedFen: lines.reduce((s, l) => s + l.amountFen, 0) }, at });
        return draft.number;
      });
      return views.version(c, year, number, viewerAs(by, 'trustee'));
    },

    /**
     * A comment by an owner or resident on a line (or the whole, `line` null) of a version in
     * consultation. The same idempotency key with the same content returns the first comment;
     * with other content it is refused.
     */
    async comment(c: Community, year: number, number: number, viewer: Viewer & { accountId: number }, input: CommentInput) {
      const authorRole = viewer.roles.has('owner') ? 'owner' : viewer.roles.has('resident') ? 'resident' : null;
      if (!authorRole) throw new ForbiddenError('budget.comment_role');
      const key = text(input.idempotencyKey, 200, '提交编号 idempotency key', true);
      const body = text(input.body, 2000, '意见 comment', true);
      if (!['support', 'oppose', 'comment'].includes(input.stance)) throw new ValidationError('budget.bad_field', { what: 'stance', max: 10 });
      const budget = await repo.budgetByYear(db, c.id, year);
      if (!budget) throw new NotFoundError('budget.not_found', { year });
      const same = (r: { budget_id: number; version_number: number; line_code: string | null; stance: string; body: string }) =>
        r.budget_id === budget.id && r.version_number === number && r.line_code === input.line && r.stance === input.stance && r.body === body;
      const replay = async () => {
        const first = await repo.commentByKey(db, viewer.accountId, key);
        if (!first) return null;
        if (!same(first)) throw new ConflictError('budget.comment_conflict');
        return views.comment(c, year, first.id, viewer);
      };
      const earlier = await replay();
      if (earlier) return earlier;
      const id = await db.transaction().execute(async (t) => {
        const v = (await repo.versions(t, [budget.id])).find((x) => x.number === number && x.state !== 'draft');
        if (!v) throw new NotFoundError('budget.version_not_found', { number });
        // the version's row, shared: a publish that supersedes it waits for this comment
        const row = await repo.lockVersion(t, v.id, 'share');
        if (row.state !== 'consultation') throw new ConflictError('budget.not_in_consultation', { number, state: row.state });
        if ((await repo.finalAccounts(t, [budget.id])).length) throw new ConflictError('budget.closed', { year });
        if (row.consultation_ends_on && today() > row.consultation_ends_on) throw new ConflictError('budget.consultation_over', { endsOn: row.consultation_ends_on });
        if (input.line !== null && !(await repo.linesOf(t, [v.id])).get(v.id)!.some((l) => l.code === input.line)) throw new ValidationError('budget.unknown_line', { number, line: input.line });
        const at = clock.now();
        const made = await repo.insertComment(t, { versionId: v.id, line: input.line, authorId: viewer.accountId, authorRole, stance: input.stance, body, key, at });
        if (!made) return null; // the same key at the same moment: the other request made it
        await audit(t, { accountId: viewer.accountId, communityId: c.id, action: 'budget.comment', subject: `budget_comment:${made.id}`, details: { year, version: number, line: input.line, stance: input.stance }, at });
        return made.id;
      });
      return id === null ? (await replay())! : views.comment(c, year, id, viewer);
    },

    /** The committee hides a comment, with the reason the public sees; logged, never deleted. */
    hide: (c: Community, year: number, commentId: number, reason: string, by: number) => moderate(c, year, commentId, 'hide', reason, by),
    unhide: (c: Community, year: number, commentId: number, reason: string, by: number) => moderate(c, year, commentId, 'unhide', reason, by),

    /**
     * The committee puts the latest published version to an owners' decision: an item of matter 9
     * of a decision whose voting has not opened, one version per item (and no item an expense
     * proposal rests on), and only a plan within the income realistically collectable (以收定支).
     */
    async submit(c: Community, year: number, number: number, input: { decisionId: number; item: number }, by: number) {
      await db.transaction().execute(async (t) => {
        const { budget, versions, closed } = await locked(t, c, year);
        open(budget, closed);
        const v = versions.find((x) => x.number === number);
        if (!v) throw new NotFoundError('budget.version_not_found', { number });
        assertVersionMove(v.state, 'voting', 'committee');
        const latest = versions.filter((x) => x.state !== 'draft').at(-1)!;
        if (latest.id !== v.id) throw new ConflictError('budget.not_latest', { number, latest: latest.number });
        const draft = versions.find((x) => x.state === 'draft');
        if (draft) throw new ConflictError('budget.draft_pending', { number: draft.number });
        // the decision's row is held exclusively (also against spending's linkDecision) until this
        // commits: the item checks below hold only under it (no unique index spans both tables)
        if (!(await repo.lockDecision(t, c.id, input.decisionId))) throw new NotFoundError('budget.decision_not_found', { id: input.decisionId });
        const d = (await decisionStanding(t, c.id, input.decisionId))!;
        if (d.state !== 'draft' && d.state !== 'noticed') throw new ConflictError('budget.decision_started', { id: d.id, state: d.state });
        const item = d.items.find((i) => i.position === input.item);
        if (!item) throw new ValidationError('budget.decision_item_not_found', { id: d.id, item: input.item });
        if (item.matter !== BUDGET_MATTER) throw new ValidationError('budget.decision_item_matter', { id: d.id, item: input.item, matter: item.matter });
        const taken = await repo.versionOnItem(t, d.id, input.item);
        if (taken) throw new ConflictError('budget.item_taken', { id: d.id, item: input.item, year: taken.year, number: taken.number });
        // an item is the basis of one thing: not of a budget and an expense at once
        const spending = await repo.proposalOnItem(t, d.id, input.item);
        if (spending) throw new ConflictError('budget.item_spending', { id: d.id, item: input.item, proposal: spending.id });
        const income = incomeCheck(basisOf(v), (await repo.linesOf(t, [v.id])).get(v.id)!);
        if (!income.withinIncome) throw new ConflictError('budget.over_income', { planned: formatFen(income.plannedFen), available: formatFen(income.availableFen), shortfall: formatFen(-income.differenceFen) });
        const at = clock.now();
        await repo.updateVersion(t, v.id, { state: 'voting', decision_id: d.id, decision_item: input.item, submitted_at: at, submitted_by: by });
        await audit(t, { accountId: by, communityId: c.id, action: 'budget.submitted', subject: subject(year, number), details: { decisionId: d.id, item: input.item, plannedFen: income.plannedFen, differenceFen: income.differenceFen }, at });
      });
      return views.version(c, year, number, viewerAs(by, 'committee'));
    },

    /**
     * The decisions module's hook, in the transaction that ends the decision: the versions in
     * voting on it are adopted when the decision is final and their item passed, rejected
     * otherwise (failed, withdrawn, or their item did not pass). Nothing else adopts a version.
     */
    async onDecisionEnded(t: Db, c: Community, outcome: DecisionOutcome, actor: DecisionActor) {
      const adopted: string[] = [];
      const rejected: string[] = [];
      const at = clock.now();
      for (const v of await repo.versionsOnDecision(t, c.id, outcome.decisionId, 'voting')) {
        const passed = outcome.state === 'final' && v.decision_item !== null && outcome.passedItems.includes(v.decision_item);
        const to = passed ? 'adopted' : 'rejected';
        assertVersionMove(v.state, to, 'system');
        await repo.updateVersion(t, v.id, passed ? { state: to, adopted_at: at } : { state: to });
        await audit(t, { accountId: actor.accountId ?? null, communityId: c.id, action: `budget.${to}`, subject: subject(v.year, v.number), details: { decisionId: outcome.decisionId, item: v.decision_item, decisionState: outcome.state }, at });
        (passed ? adopted : rejected).push(`${v.year}/${v.number}`);
      }
      return { budgetVersionsAdopted: adopted, budgetVersionsRejected: rejected };
    },

    /**
     * Final accounts (决算) by the trustee, once: after the year, with the ledger's December
     * closed; budget vs actual of every line of the version in force frozen as published, and an
     * explanation for every line whose variance needs one (needsExplanation).
     */
    async finalAccounts(c: Community, year: number, input: { summary: string; explanations: { line: string; text: string }[] }, by: number) {
      const summary = text(input.summary, 5000, '决算说明 summary', true);
      await db.transaction().execute(async (t) => {
        const { budget, versions, closed } = await locked(t, c, year);
        if (closed) throw new ConflictError('budget.final_exists', { year });
        if (!yearOver(year, today())) throw new ConflictError('budget.year_not_over', { year });
        const fund = await repo.commonFund(t, c.id, COMMON_FUND);
        if (!fund) throw new ConflictError('budget.no_ledger');
        if (!(await repo.periodClosed(t, fund.ledgerId, `${year}-12`))) throw new ConflictError('budget.december_open', { period: `${year}-12` });
        noneInVoting(versions);
        const force = inForceOf(versions);
        if (!force) throw new ConflictError('budget.nothing_in_force');
        const lines = (await repo.linesOf(t, [force.id])).get(force.id)!;
        const explained = new Map<string, string>();
        for (const e of input.explanations) {
          if (!lines.some((l) => l.code === e.line)) throw new ValidationError('budget.explanation_unknown_line', { line: e.line });
          if (explained.has(e.line)) throw new ValidationError('budget.explanation_twice', { line: e.line });
          explained.set(e.line, text(e.text, 2000, '差异说明 explanation', true));
        }
        const e = await executionOf(t, fund.ledgerId, budget.id, year, lines);
        const missing = e.rows.filter((r) => needsExplanation(r.budgetFen, r.actualFen) && !explained.has(r.code));
        if (missing.length) throw new ValidationError('budget.explanations_missing', { lines: missing.map((r) => `${r.code} ${r.name}`).join('、') }, { lines: missing.map((r) => r.code) });
        const figures: FinalFigure[] = e.rows.map((r) => ({ line: r.code, name: r.name, budgetFen: r.budgetFen, actualFen: r.actualFen, varianceFen: r.budgetFen - r.actualFen, explanation: explained.get(r.code) ?? null }));
        const at = clock.now();
        await repo.insertFinalAccounts(t, { budgetId: budget.id, summary, figures, at, by });
        await audit(t, { accountId: by, communityId: c.id, action: 'budget.final_accounts', subject: subject(year), details: { version: force.number, budgetFen: e.totals.budgetFen, actualFen: e.totals.actualFen, unbudgetedFen: e.unbudgeted.actualFen }, at });
      });
      return views.budget(c, year, viewerAs(by, 'trustee'));
    },
  };
}

export type BudgetService = ReturnType<typeof createBudgetService>;

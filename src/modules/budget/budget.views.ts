/**
 * Reading the open budget (DESIGN §2.4): the list of budget years, a year with its versions, one
 * version with its lines, income check, comments, stances and answers, the diff of two versions
 * with the comments the newer one answered, budget vs actual, the moderation log. Writes are in
 * budget.service.ts.
 *
 * Who sees what:
 * - The public (anyone, signed in or not) never sees a draft: a draft version is 404, a budget
 *   with nothing but a draft is 404 and left out of the list. Authors of comments appear as
 *   "业主 王**" (to others than themselves); a hidden comment shows only that it was hidden, when
 *   and why.
 * - INTERNAL (trustee, committee, supervisor) sees drafts with the answers they will publish,
 *   authors' full names and the bodies of hidden comments.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { Role } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { COMMON_FUND } from '../ledger/ledger.service.js';
import type { QualitySettings } from '../quality/quality.settings.js';
import { maskName } from '../register/register.rules.js';
import { executionOf } from './budget.queries.js';
import * as repo from './budget.repository.js';
import { type Basis, type BudgetLine, type VersionState, diffLines, execution, incomeCheck } from './budget.rules.js';
import './budget.messages.js';

export type Community = Pick<CommunityRef, 'id' | 'code'>;
export type BudgetState = 'drafting' | 'consultation' | 'voting' | 'adopted' | 'closed';

/** Who reads: their account (for `mine`) and their roles in the community. */
export interface Viewer {
  accountId: number | null;
  roles: ReadonlySet<Role>;
}
export const PUBLIC_VIEWER: Viewer = { accountId: null, roles: new Set() };
/** Those who see drafts, full author names and hidden comments' bodies. */
export const INTERNAL_ROLES: readonly Role[] = ['trustee', 'committee', 'supervisor'];
export const isInternal = (v: Viewer) => INTERNAL_ROLES.some((r) => v.roles.has(r));
export const viewerAs = (accountId: number, role: Role): Viewer => ({ accountId, roles: new Set([role]) });

const ROLE_LABEL = { owner: '业主', resident: '住户' } as const;

/**
 * closed once the final accounts are published; adopted while a version is in force (also when a
 * supplementary budget is in consultation or voting: the versions show it); otherwise what the
 * latest published version is going through, or drafting.
 */
export function budgetState(versions: readonly { state: VersionState }[], closed: boolean): BudgetState {
  if (closed) return 'closed';
  if (versions.some((v) => v.state === 'adopted')) return 'adopted';
  if (versions.some((v) => v.state === 'voting')) return 'voting';
  if (versions.some((v) => v.state === 'consultation')) return 'consultation';
  return 'drafting';
}

export const basisOf = (v: repo.VersionRow): Basis => ({
  feeIncomeFen: v.fee_income_fen,
  collectionRateBp: v.collection_rate_bp,
  publicRevenueFen: v.public_revenue_fen,
  otherIncomeFen: v.other_income_fen,
  reserveFen: v.reserve_fen,
});

/** The last adopted version: the one in force. */
export const inForceOf = (versions: readonly repo.VersionRow[]) => versions.filter((v) => v.state === 'adopted').at(-1) ?? null;

export interface FinalFigure {
  line: string;
  name: string;
  budgetFen: number;
  actualFen: number;
  /** budget − actual: negative when overspent */
  varianceFen: number;
  explanation: string | null;
}

export function createBudgetViews(ctx: AppContext, quality: QualitySettings) {
  const { db } = ctx;
  const today = () => shanghaiDay(ctx.clock.now());

  /** The expense accounts' names and the standards in force today, to show lines with. */
  async function labels(communityId: number) {
    const [fund, catalogue] = await Promise.all([repo.commonFund(db, communityId, COMMON_FUND), quality.catalogueToday(communityId)]);
    const standards = new Map(catalogue.categories.flatMap((c) => c.items.map((i) => [i.code, i.commitment] as const)));
    return { fund, accounts: fund?.expenseAccounts ?? new Map<string, string>(), standards };
  }
  type Labels = Awaited<ReturnType<typeof labels>>;

  const lineOut = (l: BudgetLine, lb: Labels) => ({ ...l, accountName: lb.accounts.get(l.account) ?? '', standardText: l.standard === null ? null : (lb.standards.get(l.standard) ?? null) });

  function brief(v: repo.VersionRow, lines: readonly BudgetLine[]) {
    return {
      number: v.number,
      kind: v.kind,
      state: v.state,
      publishedAt: v.published_at?.toISOString() ?? null,
      consultationEndsOn: v.consultation_ends_on,
      decisionId: v.decision_id,
      decisionItem: v.decision_item,
      adoptedAt: v.adopted_at?.toISOString() ?? null,
      note: v.note,
      plannedFen: lines.reduce((s, l) => s + l.amountFen, 0),
    };
  }

  /** A comment as this viewer sees it; an answer given by a draft only for INTERNAL. */
  function commentOut(r: repo.CommentRow, answer: repo.AnswerRow | undefined, viewer: Viewer) {
    const inside = isInternal(viewer);
    const shownAnswer = answer && (inside || answer.version_state !== 'draft') ? answer : undefined;
    const mine = viewer.accountId !== null && viewer.accountId === r.author_id;
    return {
      id: r.id,
      version: r.version_number,
      line: r.line_code,
      stance: r.stance,
      body: r.hidden_at && !inside ? null : r.body,
      hidden: r.hidden_at ? { at: r.hidden_at.toISOString(), reason: r.hidden_reason ?? '' } : null,
      // the author sees their own name; the public a masked one
      author: `${ROLE_LABEL[r.author_role]} ${inside || mine ? r.author_name : maskName(r.author_name)}`,
      authorRole: r.author_role,
      mine,
      createdAt: r.created_at.toISOString(),
      answer: shownAnswer ? { body: shownAnswer.body, version: shownAnswer.version_number, at: (shownAnswer.version_published_at ?? shownAnswer.answered_at).toISOString() } : null,
    };
  }
  type CommentOut = ReturnType<typeof commentOut>;

  async function commentsOut(rows: readonly repo.CommentRow[], viewer: Viewer, t: Db = db): Promise<CommentOut[]> {
    const answers = new Map((await repo.answersOf(t, rows.map((r) => r.id))).map((a) => [a.comment_id, a]));
    return rows.map((r) => commentOut(r, answers.get(r.id), viewer));
  }

  /** The budget of a year and the versions this viewer may see (404 for the public when only a draft exists). */
  async function budgetFor(c: Community, year: number, viewer: Viewer) {
    const budget = await repo.budgetByYear(db, c.id, year);
    if (!budget) throw new NotFoundError('budget.not_found', { year });
    const all = await repo.versions(db, [budget.id]);
    const visible = isInternal(viewer) ? all : all.filter((v) => v.state !== 'draft');
    if (visible.length === 0) throw new NotFoundError('budget.not_found', { year });
    return { budget, all, visible };
  }

  function versionIn(visible: readonly repo.VersionRow[], number: number) {
    const v = visible.find((x) => x.number === number);
    if (!v) throw new NotFoundError('budget.version_not_found', { number });
    return v;
  }

  function finalOut(f: Awaited<ReturnType<typeof repo.finalAccounts>>[number] | undefined) {
    if (!f) return null;
    const figures = f.figures as FinalFigure[];
    return { summary: f.summary, publishedAt: f.published_at.toISOString(), lines: figures.map((x) => ({ code: x.line, name: x.name, budgetFen: x.budgetFen, actualFen: x.actualFen, varianceFen: x.varianceFen, explanation: x.explanation })) };
  }

  const views = {
    today,
    labels,

    /** The community's budget years, newest first; the public does not see a year that has only a draft. */
    async list(c: Community, viewer: Viewer) {
      const rows = await repo.budgets(db, c.id);
      const [all, finals] = await Promise.all([repo.versions(db, rows.map((b) => b.id)), repo.finalAccounts(db, rows.map((b) => b.id))]);
      const forceIds = rows.map((b) => inForceOf(all.filter((v) => v.budget_id === b.id))?.id).filter((x): x is number => x !== undefined);
      const lines = await repo.linesOf(db, forceIds);
      const inside = isInternal(viewer);
      return {
        items: rows.flatMap((b) => {
          const vs = all.filter((v) => v.budget_id === b.id);
          const visible = inside ? vs : vs.filter((v) => v.state !== 'draft');
          if (visible.length === 0) return [];
          const force = inForceOf(vs);
          return [
            {
              year: b.year,
              title: b.title,
              state: budgetState(vs, finals.some((f) => f.budget_id === b.id)),
              inForce: force?.number ?? null,
              latest: visible.at(-1)!.number,
              plannedFen: force ? lines.get(force.id)!.reduce((s, l) => s + l.amountFen, 0) : null,
            },
          ];
        }),
      };
    },

    /** A budget year: its versions (drafts for INTERNAL only), the version in force, the final accounts. */
    async budget(c: Community, year: number, viewer: Viewer) {
      const { budget, all, visible } = await budgetFor(c, year, viewer);
      const [lines, finals] = await Promise.all([repo.linesOf(db, visible.map((v) => v.id)), repo.finalAccounts(db, [budget.id])]);
      return {
        year: budget.year,
        title: budget.title,
        state: budgetState(all, finals.length > 0),
        inForce: inForceOf(all)?.number ?? null,
        versions: visible.map((v) => brief(v, lines.get(v.id)!)),
        finalAccounts: finalOut(finals[0]),
      };
    },

    /** One version in full (a draft: INTERNAL only, 404 for anyone else). */
    async version(c: Community, year: number, number: number, viewer: Viewer) {
      const { budget, visible } = await budgetFor(c, year, viewer);
      const v = versionIn(visible, number);
      const [lines, comments, given, lb] = await Promise.all([repo.linesOf(db, [v.id]), repo.comments(db, [v.id]), repo.answersBy(db, v.id), labels(c.id)]);
      const mine = lines.get(v.id)!;
      const stances = [...mine.map((l) => l.code), null].map((line) => {
        const on = comments.filter((x) => x.line_code === line);
        return { line, support: on.filter((x) => x.stance === 'support').length, oppose: on.filter((x) => x.stance === 'oppose').length, comment: on.filter((x) => x.stance === 'comment').length };
      });
      const basis = basisOf(v);
      return {
        ...brief(v, mine),
        year: budget.year,
        basis,
        basisText: v.basis,
        lines: mine.map((l) => lineOut(l, lb)),
        income: incomeCheck(basis, mine),
        comments: await commentsOut(comments, viewer),
        stances,
        answers: given.map((a) => ({ commentId: a.comment_id, body: a.body })),
      };
    },

    /**
     * Line by line from version `from` to version `to` (defaults: the latest version the viewer
     * sees and the one before it), with the comments `to` answered, per line and on the whole.
     */
    async diff(c: Community, year: number, q: { from?: number; to?: number }, viewer: Viewer) {
      const { budget, visible } = await budgetFor(c, year, viewer);
      const to = versionIn(visible, q.to ?? visible.at(-1)!.number);
      const from = versionIn(visible, q.from ?? visible.filter((v) => v.number < to.number).at(-1)?.number ?? to.number);
      const [lines, given, lb] = await Promise.all([repo.linesOf(db, [from.id, to.id]), repo.answersBy(db, to.id), labels(c.id)]);
      const answeredIds = new Set(given.map((a) => a.comment_id));
      const commentRows = (await repo.comments(db, visible.map((v) => v.id))).filter((r) => answeredIds.has(r.id));
      const answered = await commentsOut(commentRows, viewer);
      const before = lines.get(from.id)!;
      const after = lines.get(to.id)!;
      return {
        year: budget.year,
        from: from.number,
        to: to.number,
        lines: diffLines(before, after).map((d) => ({
          ...d,
          before: d.before && lineOut(d.before, lb),
          after: d.after && lineOut(d.after, lb),
          fields: d.fields as string[],
          answered: answered.filter((x) => x.line === d.code),
        })),
        answeredGeneral: answered.filter((x) => x.line === null || !diffCodes(before, after).has(x.line)),
        incomeBefore: incomeCheck(basisOf(from), before),
        incomeAfter: incomeCheck(basisOf(to), after),
        note: to.note,
      };
    },

    /** Budget vs actual of the year against the version in force (none: every expense is unbudgeted). */
    async execution(c: Community, year: number, viewer: Viewer) {
      const { budget, all } = await budgetFor(c, year, viewer);
      const force = inForceOf(all);
      const lines = force ? (await repo.linesOf(db, [force.id])).get(force.id)! : [];
      const fund = await repo.commonFund(db, c.id, COMMON_FUND);
      const e = fund ? await executionOf(db, fund.ledgerId, budget.id, year, lines) : execution(year, lines, []);
      return { year: budget.year, version: force?.number ?? null, rows: e.rows, unbudgeted: e.unbudgeted, totals: e.totals, asOf: today() };
    },

    /** Every hiding and unhiding of the year's comments (committee and supervisor). */
    async moderation(c: Community, year: number) {
      const budget = await repo.budgetByYear(db, c.id, year);
      if (!budget) throw new NotFoundError('budget.not_found', { year });
      const rows = await repo.moderationLog(db, budget.id);
      return { items: rows.map((r) => ({ commentId: r.comment_id, action: r.action, reason: r.reason, by: r.by_name, at: r.at.toISOString() })) };
    },

    /** One comment as this viewer sees it (after a write). */
    async comment(c: Community, year: number, commentId: number, viewer: Viewer) {
      const budget = await repo.budgetByYear(db, c.id, year);
      const row = budget && (await repo.commentInBudget(db, budget.id, commentId));
      if (!row) throw new NotFoundError('budget.comment_not_found', { id: commentId });
      return (await commentsOut([row], viewer))[0]!;
    },
  };
  return views;
}

/** Codes of lines in either version: a comment on a line neither has is shown with the general ones. */
function diffCodes(before: readonly BudgetLine[], after: readonly BudgetLine[]) {
  return new Set([...before, ...after].map((l) => l.code));
}

export type BudgetViews = ReturnType<typeof createBudgetViews>;

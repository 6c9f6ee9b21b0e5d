/**
 * The only code of the budget service touching Kysely: budgets, versions, lines, comments and
 * their moderation, answers, final accounts. It also reads (never writes) what the budget rests
 * on elsewhere: the common fund ledger's chart and closed months, the decision row it locks
 * while a version is submitted to it, and the expense proposal that may already rest on the item. The shared reads of the version in force and the ledger's
 * actuals are budget.queries.ts.
 */
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { BudgetLinesTable, BudgetVersionState, BudgetVersionsTable, BudgetsTable } from '../../platform/db/schema.js';
import type { BudgetLine } from './budget.rules.js';

export type BudgetRow = NonNullable<Awaited<ReturnType<typeof budgetByYear>>>;
export type VersionRow = Awaited<ReturnType<typeof versions>>[number];
export type CommentRow = Awaited<ReturnType<typeof comments>>[number];
export type AnswerRow = Awaited<ReturnType<typeof answersOf>>[number];

// --- budgets -----------------------------------------------------------------------------------

export function budgets(db: Db, communityId: number) {
  return db.selectFrom('budgets').selectAll().where('community_id', '=', communityId).orderBy('year', 'desc').execute();
}

export function budgetByYear(db: Db, communityId: number, year: number) {
  return db.selectFrom('budgets').selectAll().where('community_id', '=', communityId).where('year', '=', year).executeTakeFirst();
}

/** The budget's row locked for the write: one write of a budget at a time. */
export function lockBudget(db: Db, communityId: number, year: number) {
  return db.selectFrom('budgets').selectAll().where('community_id', '=', communityId).where('year', '=', year).forUpdate().executeTakeFirst();
}

/** undefined when the community has a budget for that year already. */
export function insertBudget(db: Db, b: Insertable<BudgetsTable>) {
  return db.insertInto('budgets').values(b).onConflict((oc) => oc.columns(['community_id', 'year']).doNothing()).returningAll().executeTakeFirst();
}

// --- versions and lines ------------------------------------------------------------------------

export function versions(db: Db, budgetIds: readonly number[]) {
  if (budgetIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('budget_versions').selectAll().where('budget_id', 'in', [...budgetIds]).orderBy('budget_id').orderBy('number').execute();
}

export function lockVersion(db: Db, versionId: number, mode: 'share' | 'update') {
  const q = db.selectFrom('budget_versions').selectAll().where('id', '=', versionId);
  return (mode === 'share' ? q.forShare() : q.forUpdate()).executeTakeFirstOrThrow();
}

export function insertVersion(db: Db, v: Insertable<BudgetVersionsTable>) {
  return db.insertInto('budget_versions').values(v).returningAll().executeTakeFirstOrThrow();
}

export async function updateVersion(db: Db, id: number, set: Updateable<BudgetVersionsTable>) {
  await db.updateTable('budget_versions').set(set).where('id', '=', id).execute();
}

/** Lines of several versions, in each version's order. */
export async function linesOf(db: Db, versionIds: readonly number[]): Promise<Map<number, BudgetLine[]>> {
  const out = new Map<number, BudgetLine[]>(versionIds.map((id) => [id, []]));
  if (versionIds.length === 0) return out;
  const rows = await db.selectFrom('budget_lines').selectAll().where('version_id', 'in', [...versionIds]).orderBy('version_id').orderBy('position').execute();
  for (const r of rows) out.get(r.version_id)!.push({ code: r.code, account: r.account_code, name: r.name, amountFen: r.amount_fen, basis: r.basis, standard: r.standard_code });
  return out;
}

export async function replaceLines(db: Db, versionId: number, lines: readonly BudgetLine[]) {
  await db.deleteFrom('budget_lines').where('version_id', '=', versionId).execute();
  if (lines.length === 0) return;
  const rows: Insertable<BudgetLinesTable>[] = lines.map((l, i) => ({
    version_id: versionId,
    code: l.code,
    position: i + 1,
    account_code: l.account,
    name: l.name,
    amount_fen: l.amountFen,
    basis: l.basis,
    standard_code: l.standard,
  }));
  await db.insertInto('budget_lines').values(rows).execute();
}

/** Versions of the community's budgets in `state` that rest on a decision, locked. */
export function versionsOnDecision(db: Db, communityId: number, decisionId: number, state: BudgetVersionState) {
  return db
    .selectFrom('budget_versions as v')
    .innerJoin('budgets as b', 'b.id', 'v.budget_id')
    .selectAll('v')
    .select('b.year')
    .where('b.community_id', '=', communityId)
    .where('v.decision_id', '=', decisionId)
    .where('v.state', '=', state)
    .orderBy('v.id')
    .forUpdate()
    .execute();
}

/** The version (any budget, any state) already submitted to this item of the decision. */
export function versionOnItem(db: Db, decisionId: number, item: number) {
  return db
    .selectFrom('budget_versions as v')
    .innerJoin('budgets as b', 'b.id', 'v.budget_id')
    .select(['b.year', 'v.number'])
    .where('v.decision_id', '=', decisionId)
    .where('v.decision_item', '=', item)
    .executeTakeFirst();
}

// --- comments, moderation, answers -------------------------------------------------------------

const commentColumns = [
  'c.id',
  'c.version_id',
  'v.number as version_number',
  'c.line_code',
  'c.author_id',
  'c.author_role',
  'c.stance',
  'c.body',
  'c.idempotency_key',
  'c.created_at',
  'c.hidden_at',
  'c.hidden_reason',
  'a.display_name as author_name',
] as const;

/** Comments on these versions, oldest first, with their author's name. */
export function comments(db: Db, versionIds: readonly number[]) {
  if (versionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('budget_comments as c')
    .innerJoin('budget_versions as v', 'v.id', 'c.version_id')
    .innerJoin('accounts as a', 'a.id', 'c.author_id')
    .select(commentColumns)
    .where('c.version_id', 'in', [...versionIds])
    .orderBy('c.id')
    .execute();
}

/** A comment on some version of this budget; `lock` takes its row for the moderation. */
export function commentInBudget(db: Db, budgetId: number, commentId: number, lock = false) {
  const q = db
    .selectFrom('budget_comments as c')
    .innerJoin('budget_versions as v', 'v.id', 'c.version_id')
    .innerJoin('accounts as a', 'a.id', 'c.author_id')
    .select(commentColumns)
    .where('v.budget_id', '=', budgetId)
    .where('c.id', '=', commentId);
  return (lock ? q.forUpdate('c') : q).executeTakeFirst();
}

export function commentByKey(db: Db, authorId: number, key: string) {
  return db
    .selectFrom('budget_comments as c')
    .innerJoin('budget_versions as v', 'v.id', 'c.version_id')
    .innerJoin('accounts as a', 'a.id', 'c.author_id')
    .select([...commentColumns, 'v.budget_id'])
    .where('c.author_id', '=', authorId)
    .where('c.idempotency_key', '=', key)
    .executeTakeFirst();
}

/** undefined when the author has used the key before (the caller reads that comment back). */
export function insertComment(db: Db, c: { versionId: number; line: string | null; authorId: number; authorRole: 'owner' | 'resident'; stance: 'support' | 'oppose' | 'comment'; body: string; key: string; at: Date }) {
  return db
    .insertInto('budget_comments')
    .values({ version_id: c.versionId, line_code: c.line, author_id: c.authorId, author_role: c.authorRole, stance: c.stance, body: c.body, idempotency_key: c.key, created_at: c.at })
    .onConflict((oc) => oc.columns(['author_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function setHidden(db: Db, commentId: number, hidden: { at: Date; by: number; reason: string } | null) {
  await db
    .updateTable('budget_comments')
    .set(hidden ? { hidden_at: hidden.at, hidden_by: hidden.by, hidden_reason: hidden.reason } : { hidden_at: null, hidden_by: null, hidden_reason: null })
    .where('id', '=', commentId)
    .execute();
}

export async function insertModeration(db: Db, m: { commentId: number; action: 'hide' | 'unhide'; reason: string; by: number; at: Date }) {
  await db.insertInto('budget_comment_moderation').values({ comment_id: m.commentId, action: m.action, reason: m.reason, by_account: m.by, at: m.at }).execute();
}

/** Every hiding and unhiding of the budget's comments, oldest first, with who did it. */
export function moderationLog(db: Db, budgetId: number) {
  return db
    .selectFrom('budget_comment_moderation as m')
    .innerJoin('budget_comments as c', 'c.id', 'm.comment_id')
    .innerJoin('budget_versions as v', 'v.id', 'c.version_id')
    .innerJoin('accounts as a', 'a.id', 'm.by_account')
    .select(['m.comment_id', 'm.action', 'm.reason', 'a.display_name as by_name', 'm.at'])
    .where('v.budget_id', '=', budgetId)
    .orderBy('m.id')
    .execute();
}

const answerColumns = ['an.comment_id', 'an.version_id', 'an.body', 'an.answered_at', 'v.number as version_number', 'v.state as version_state', 'v.published_at as version_published_at'] as const;

/** The answers to these comments, with the version that gives them (published or the draft). */
export function answersOf(db: Db, commentIds: readonly number[]) {
  if (commentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('budget_answers as an').innerJoin('budget_versions as v', 'v.id', 'an.version_id').select(answerColumns).where('an.comment_id', 'in', [...commentIds]).orderBy('an.comment_id').execute();
}

/** The answers a version gives. */
export function answersBy(db: Db, versionId: number) {
  return db.selectFrom('budget_answers as an').innerJoin('budget_versions as v', 'v.id', 'an.version_id').select(answerColumns).where('an.version_id', '=', versionId).orderBy('an.comment_id').execute();
}

export async function replaceAnswers(db: Db, versionId: number, answers: readonly { commentId: number; body: string }[], by: number, at: Date) {
  await db.deleteFrom('budget_answers').where('version_id', '=', versionId).execute();
  if (answers.length === 0) return;
  await db
    .insertInto('budget_answers')
    .values(answers.map((a) => ({ comment_id: a.commentId, version_id: versionId, body: a.body, answered_by: by, answered_at: at })))
    .execute();
}

// --- final accounts ----------------------------------------------------------------------------

export function finalAccounts(db: Db, budgetIds: readonly number[]) {
  if (budgetIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('budget_final_accounts').selectAll().where('budget_id', 'in', [...budgetIds]).execute();
}

export async function insertFinalAccounts(db: Db, f: { budgetId: number; summary: string; figures: unknown; at: Date; by: number }) {
  await db.insertInto('budget_final_accounts').values({ budget_id: f.budgetId, summary: f.summary, figures: JSON.stringify(f.figures), published_at: f.at, published_by: f.by }).execute();
}

// --- what the budget rests on (read only) ------------------------------------------------------

/** The community's common fund ledger and its expense accounts (code → name). */
export async function commonFund(db: Db, communityId: number, ledgerCode: string) {
  const ledger = await db.selectFrom('ledgers').select('id').where('community_id', '=', communityId).where('code', '=', ledgerCode).executeTakeFirst();
  if (!ledger) return null;
  const rows = await db.selectFrom('ledger_accounts').select(['code', 'name']).where('ledger_id', '=', ledger.id).where('type', '=', 'expense').orderBy('code').execute();
  return { ledgerId: ledger.id, expenseAccounts: new Map(rows.map((r) => [r.code, r.name])) };
}

export async function periodClosed(db: Db, ledgerId: number, period: string): Promise<boolean> {
  return !!(await db.selectFrom('ledger_periods').select('period').where('ledger_id', '=', ledgerId).where('period', '=', period).executeTakeFirst());
}

/**
 * Holds the decision's row while a version is submitted to it: a withdrawal (which takes the row
 * for update) waits, and then finds the version in voting, instead of missing it. Exclusive among
 * those who rest something on an item (FOR NO KEY UPDATE, as spending.repository.ts lockDecision
 * takes it to link a proposal): the check that an item is free (versionOnItem, proposalOnItem)
 * holds only under it — a shared lock would let two of them find the same item free.
 */
export async function lockDecision(db: Db, communityId: number, decisionId: number): Promise<boolean> {
  return !!(await db.selectFrom('decisions').select('id').where('community_id', '=', communityId).where('id', '=', decisionId).forNoKeyUpdate().executeTakeFirst());
}

/** The expense proposal (any state) resting on this item of the decision: an item approves one thing. */
export function proposalOnItem(db: Db, decisionId: number, item: number) {
  return db.selectFrom('expense_proposals').select('id').where('decision_id', '=', decisionId).where('decision_item', '=', item).orderBy('id').executeTakeFirst();
}

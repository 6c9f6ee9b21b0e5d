/**
 * The only code touching Kysely for spending controls: thresholds, expense proposals with their
 * quotes, verdicts and events. It reads a few tables of other modules where a proposal rests on
 * them (the committee's grants, the ledger's files and chart, the decision row it locks); it
 * never writes to them — the ledger is written through the ledger service.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ExpenseProposalsTable, ProposalState } from '../../platform/db/schema.js';
import { versionOnItem } from './budget.repository.js';

export type ProposalRow = Selectable<ExpenseProposalsTable>;

export function findCommunity(db: Db, code: string) {
  return db.selectFrom('communities').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

export function settings(db: Db, communityId: number) {
  return db.selectFrom('budget_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst();
}

export async function saveSettings(
  db: Db,
  communityId: number,
  v: { committee_threshold_fen: number | null; owners_threshold_fen: number | null; tender_threshold_fen: number | null; min_quotes: number | null; disclose_within_days: number | null },
  by: number,
  at: Date,
) {
  await db
    .insertInto('budget_settings')
    .values({ community_id: communityId, ...v, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('community_id').doUpdateSet({ ...v, updated_by: by, updated_at: at }))
    .execute();
}

/** Committee members now: accounts (not disabled) holding the committee role in the community. */
export async function committeeMembers(db: Db, communityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('role_grants as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select('g.account_id')
    .distinct()
    .where('g.role', '=', 'committee')
    .where('g.community_id', '=', communityId)
    .where('a.disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.account_id);
}

export function lockBudget(db: Db, budgetId: number) {
  return db.selectFrom('budgets').select(['id', 'year']).where('id', '=', budgetId).forUpdate().executeTakeFirstOrThrow();
}

export function budgetById(db: Db, budgetId: number) {
  return db.selectFrom('budgets').select(['id', 'year', 'title']).where('id', '=', budgetId).executeTakeFirstOrThrow();
}

/** Files among `shas` uploaded to this ledger (quotes are stored as the ledger's files). */
export async function ledgerFiles(db: Db, ledgerId: number, shas: readonly string[]): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const rows = await db.selectFrom('ledger_files').select('sha256').where('ledger_id', '=', ledgerId).where('sha256', 'in', [...shas]).execute();
  return new Set(rows.map((r) => r.sha256));
}

export async function expenseAccounts(db: Db, ledgerId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('ledger_accounts').select('code').where('ledger_id', '=', ledgerId).where('type', '=', 'expense').execute();
  return new Set(rows.map((r) => r.code));
}

/**
 * Holds the decision row while a proposal is linked to it. Its end (which runs the hook, taking
 * the row for update) waits for the link. The lock is exclusive among linkers (FOR NO KEY UPDATE,
 * as budget.repository.ts lockDecision takes it for a budget's submission): with a shared lock two
 * links, or a link and a submission, could each find the item free and both take it. It does not
 * block the key-share locks of rows that merely reference the decision.
 */
export function lockDecision(db: Db, communityId: number, decisionId: number) {
  return db.selectFrom('decisions').select('id').where('community_id', '=', communityId).where('id', '=', decisionId).forNoKeyUpdate().executeTakeFirst();
}

/**
 * What already rests on an item of an owners' decision: a proposal (any state: the owners were
 * told the item approves it), or a budget version submitted to it. Read under lockDecision —
 * without a unique index across both tables (a schema change), that lock is the guard.
 */
export async function itemTaken(db: Db, decisionId: number, item: number): Promise<{ proposal: number } | { budgetYear: number; version: number } | null> {
  const p = await db.selectFrom('expense_proposals').select('id').where('decision_id', '=', decisionId).where('decision_item', '=', item).orderBy('id').executeTakeFirst();
  if (p) return { proposal: p.id };
  const v = await versionOnItem(db, decisionId, item);
  return v ? { budgetYear: v.year, version: v.number } : null;
}

/** Are the final accounts of this budget year published (the year closed)? */
export async function yearClosed(db: Db, budgetId: number): Promise<boolean> {
  return !!(await db.selectFrom('budget_final_accounts').select('budget_id').where('budget_id', '=', budgetId).executeTakeFirst());
}

/** Inserts the proposal unless the community already has the key; undefined when it had. */
export function insertProposal(db: Db, p: Insertable<ExpenseProposalsTable>) {
  return db.insertInto('expense_proposals').values(p).onConflict((oc) => oc.columns(['community_id', 'idempotency_key']).doNothing()).returningAll().executeTakeFirst();
}

export function proposalByKey(db: Db, communityId: number, key: string) {
  return db.selectFrom('expense_proposals').selectAll().where('community_id', '=', communityId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function proposal(db: Db, communityId: number, id: number) {
  return db.selectFrom('expense_proposals').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}

export function proposalForUpdate(db: Db, communityId: number, id: number) {
  return db.selectFrom('expense_proposals').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Proposals awaiting this owners' decision: pending ones, and emergencies awaiting ratification. */
export function awaitingDecision(db: Db, communityId: number, decisionId: number) {
  return db
    .selectFrom('expense_proposals')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('decision_id', '=', decisionId)
    .where((eb) =>
      eb.or([eb.and([eb('emergency', '=', false), eb('state', '=', 'pending')]), eb.and([eb('emergency', '=', true), eb('ratification', '=', 'pending'), eb('state', 'not in', ['withdrawn', 'rejected'])])]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function updateProposal(
  db: Db,
  id: number,
  set: Partial<{
    state: ProposalState;
    approved_at: Date;
    decision_id: number;
    decision_item: number;
    disclosed_at: Date;
    disclosed_by: number;
    ratification: 'ratified' | 'refused';
    ratified_at: Date;
    ledger_seq: number;
    posted_at: Date;
    posted_by: number;
  }>,
) {
  return db.updateTable('expense_proposals').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertQuotes(db: Db, proposalId: number, quotes: readonly { vendor: string; amountFen: number; sha256: string; name: string; chosen: boolean }[]) {
  if (quotes.length === 0) return;
  await db
    .insertInto('expense_quotes')
    .values(quotes.map((q, i) => ({ proposal_id: proposalId, position: i + 1, vendor: q.vendor, amount_fen: q.amountFen, sha256: q.sha256, file_name: q.name, chosen: q.chosen })))
    .execute();
}

export function quotes(db: Db, proposalIds: readonly number[]) {
  if (proposalIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('expense_quotes').selectAll().where('proposal_id', 'in', [...proposalIds]).orderBy('proposal_id').orderBy('position').execute();
}

export function quoteFile(db: Db, proposalId: number, sha256: string) {
  return db
    .selectFrom('expense_quotes as q')
    .innerJoin('files as f', 'f.sha256', 'q.sha256')
    .select(['q.file_name', 'f.media_type'])
    .where('q.proposal_id', '=', proposalId)
    .where('q.sha256', '=', sha256)
    .executeTakeFirst();
}

export async function insertVerdict(db: Db, v: { proposalId: number; accountId: number; verdict: 'approve' | 'reject'; note: string; purpose: 'approval' | 'ratification'; at: Date }) {
  await db.insertInto('expense_approvals').values({ proposal_id: v.proposalId, account_id: v.accountId, verdict: v.verdict, note: v.note, purpose: v.purpose, at: v.at }).execute();
}

/** Verdicts in the order given, with the member's display name. */
export function verdicts(db: Db, proposalId: number) {
  return db
    .selectFrom('expense_approvals as v')
    .innerJoin('accounts as a', 'a.id', 'v.account_id')
    .select(['v.account_id', 'v.verdict', 'v.note', 'v.purpose', 'v.at', 'a.display_name'])
    .where('v.proposal_id', '=', proposalId)
    .orderBy('v.at')
    .orderBy('v.account_id')
    .execute();
}

export async function insertEvent(db: Db, e: { proposalId: number; at: Date; by: number | null; action: string; detail?: Record<string, unknown> }) {
  await db.insertInto('expense_events').values({ proposal_id: e.proposalId, at: e.at, by_account: e.by, action: e.action, detail: JSON.stringify(e.detail ?? {}) }).execute();
}

export function events(db: Db, proposalId: number) {
  return db
    .selectFrom('expense_events as e')
    .leftJoin('accounts as a', 'a.id', 'e.by_account')
    .select(['e.id', 'e.at', 'e.by_account', 'e.action', 'e.detail', 'a.display_name'])
    .where('e.proposal_id', '=', proposalId)
    .orderBy('e.id')
    .execute();
}

/** The first event of each proposal (what was fixed when it was proposed). */
export async function proposedDetails(db: Db, proposalIds: readonly number[]): Promise<Map<number, Record<string, unknown>>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('expense_events')
    .select(['proposal_id', 'detail'])
    .where('proposal_id', 'in', [...proposalIds])
    .where('action', '=', 'proposed')
    .execute();
  return new Map(rows.map((r) => [r.proposal_id, (r.detail ?? {}) as Record<string, unknown>]));
}

export async function displayNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('accounts').select(['id', 'display_name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The names of lines as the latest adopted version of each budget has them (for lists). */
export async function lineNames(db: Db, budgetIds: readonly number[]): Promise<Map<string, string>> {
  if (budgetIds.length === 0) return new Map();
  const { rows } = await sql<{ budget_id: number; code: string; name: string }>`
    select distinct on (v.budget_id, l.code) v.budget_id, l.code, l.name
      from budget_versions v join budget_lines l on l.version_id = v.id
     where v.budget_id in (${sql.join([...new Set(budgetIds)])}) and v.state = 'adopted'
     order by v.budget_id, l.code, v.number desc`.execute(db);
  return new Map(rows.map((r) => [`${r.budget_id}|${r.code}`, r.name]));
}

export async function list(db: Db, communityId: number, f: { year?: number; line?: string; state?: ProposalState; page: number; pageSize: number }) {
  let q = db.selectFrom('expense_proposals as p').leftJoin('budgets as b', 'b.id', 'p.budget_id').where('p.community_id', '=', communityId);
  if (f.year !== undefined) q = q.where('b.year', '=', f.year);
  if (f.line !== undefined) q = q.where('p.line_code', '=', f.line);
  if (f.state !== undefined) q = q.where('p.state', '=', f.state);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    q
      .selectAll('p')
      .select('b.year')
      .orderBy('p.proposed_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

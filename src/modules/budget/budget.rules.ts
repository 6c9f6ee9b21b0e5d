/**
 * Open budget (DESIGN §2.4), pure: the lifecycle of a budget version as data, the check of
 * planned spending against realistically collectable income (以收定支), the line-by-line diff of
 * two versions, budget vs actual per line and month, and which variances the final accounts must
 * explain. No I/O; the services call these and store what they decide.
 *
 * A budget year has versions. Version 1 is the trustee's draft; each revision during
 * consultation is a new version (the one before it is superseded, never edited); the committee
 * submits the final draft to an owners' decision (matter 9); only a passed and final decision
 * adopts it. A supplementary budget (追加预算) is a new version of the adopted budget that goes
 * the same way; while it is in consultation or voting the adopted version stays in force.
 */
import type { Role } from '../../platform/db/schema.js';
import { applyRateBp } from '../../platform/money.js';

export const VERSION_STATES = ['draft', 'consultation', 'superseded', 'voting', 'adopted', 'rejected'] as const;
export type VersionState = (typeof VERSION_STATES)[number];
/** Who moves a version: a person's role, or 'system' for the moves an owners' decision makes. */
export type BudgetActor = Role | 'system';

/**
 * Who may move a version from one state to another. Choices:
 * - The trustee drafts and publishes (DESIGN §1.2: trustee staff draft budgets). Publishing a
 *   revision supersedes the version in consultation ('system': it follows from the publishing).
 * - The committee submits the final draft to the owners (it convenes votes, §2.5). Whatever ends
 *   the vote — final, failed, or withdrawn by the committee — moves the version through the
 *   decisions module's hook ('system'); nobody takes a version back by hand.
 * - Only an owners' decision adopts ('system', when the decision becomes final with the item
 *   passed); nobody adopts by hand.
 * - A rejected version can be revised (the trustee publishes a new version) — it is not reopened.
 */
export const VERSION_TRANSITIONS: Readonly<Record<VersionState, Partial<Record<VersionState, readonly BudgetActor[]>>>> = {
  draft: { consultation: ['trustee'] },
  consultation: { superseded: ['system'], voting: ['committee'] },
  voting: { adopted: ['system'], rejected: ['system'] },
  superseded: {},
  adopted: {},
  rejected: {},
};

export function canMoveVersion(from: VersionState, to: VersionState, actor: BudgetActor): boolean {
  return VERSION_TRANSITIONS[from]?.[to]?.includes(actor) ?? false;
}

/** States in which residents see a version (a draft is the trustee's own until published). */
export const PUBLIC_VERSION_STATES: readonly VersionState[] = ['consultation', 'superseded', 'voting', 'adopted', 'rejected'];

/** Comments are taken while a version is in consultation (not once it is put to the vote). */
export const COMMENTABLE_STATES: readonly VersionState[] = ['consultation'];

// ---------------------------------------------------------------------------------------------
// lines and the income check

export interface BudgetLine {
  /** stable from version to version: how comments, the diff and the ledger find the line */
  code: string;
  account: string;
  name: string;
  amountFen: number;
  basis: string;
  /** a standards catalogue item code (quality module), where the line pays for one */
  standard: string | null;
}

export interface Basis {
  /** the year's fees if every bill were paid (register × fee schedules) */
  feeIncomeFen: number;
  /** the collection rate realistically expected, basis points */
  collectionRateBp: number;
  publicRevenueFen: number;
  otherIncomeFen: number;
  /** surplus of earlier years drawn on (动用历年结余), stated openly */
  reserveFen: number;
}

export const LINE_CODE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/;
export const MAX_LINES = 200;
/** Amounts up to 1e14 fen: sums of a few hundred lines stay safe integers. */
export const MAX_AMOUNT_FEN = 100_000_000_000_000;

/**
 * Problems of a version's lines, as message codes with the line they concern: codes unique and
 * well-formed, expense accounts (5xxx) known to the chart, names present, amounts integer fen.
 */
export function lineProblems(lines: readonly BudgetLine[], expenseAccounts: ReadonlySet<string>): { code: string; line: string }[] {
  const out: { code: string; line: string }[] = [];
  const seen = new Set<string>();
  if (lines.length > MAX_LINES) out.push({ code: 'budget.too_many_lines', line: '' });
  for (const l of lines) {
    if (!LINE_CODE.test(l.code)) out.push({ code: 'budget.bad_line_code', line: l.code });
    else if (seen.has(l.code)) out.push({ code: 'budget.duplicate_line', line: l.code });
    seen.add(l.code);
    if (!/^5\d{3}$/.test(l.account) || !expenseAccounts.has(l.account)) out.push({ code: 'budget.bad_account', line: l.code });
    if (!l.name.trim() || l.name.length > 100) out.push({ code: 'budget.bad_line_name', line: l.code });
    if (!Number.isSafeInteger(l.amountFen) || l.amountFen < 0 || l.amountFen > MAX_AMOUNT_FEN) out.push({ code: 'budget.bad_amount', line: l.code });
    if (l.basis.length > 2000) out.push({ code: 'budget.bad_text', line: l.code });
    if (l.standard !== null && (l.standard.length === 0 || l.standard.length > 40)) out.push({ code: 'budget.bad_standard', line: l.code });
  }
  return out;
}

export function basisProblems(b: Basis): string[] {
  const out: string[] = [];
  for (const k of ['feeIncomeFen', 'publicRevenueFen', 'otherIncomeFen', 'reserveFen'] as const) {
    if (!Number.isSafeInteger(b[k]) || b[k] < 0 || b[k] > MAX_AMOUNT_FEN) out.push('budget.bad_basis');
  }
  if (!Number.isInteger(b.collectionRateBp) || b.collectionRateBp < 0 || b.collectionRateBp > 10_000) out.push('budget.bad_collection_rate');
  return [...new Set(out)];
}

export interface IncomeCheck {
  /** fees × expected collection rate, rounded half-up to the fen once */
  expectedFeesFen: number;
  publicRevenueFen: number;
  otherIncomeFen: number;
  reserveFen: number;
  /** what the year can realistically spend */
  availableFen: number;
  plannedFen: number;
  /** available − planned: negative when the plan spends more than can be collected */
  differenceFen: number;
  withinIncome: boolean;
}

/** 以收定支: planned spending against the income realistically collectable. */
export function incomeCheck(b: Basis, lines: readonly Pick<BudgetLine, 'amountFen'>[]): IncomeCheck {
  const expectedFeesFen = applyRateBp(b.feeIncomeFen, b.collectionRateBp);
  const availableFen = expectedFeesFen + b.publicRevenueFen + b.otherIncomeFen + b.reserveFen;
  const plannedFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const differenceFen = availableFen - plannedFen;
  return { expectedFeesFen, publicRevenueFen: b.publicRevenueFen, otherIncomeFen: b.otherIncomeFen, reserveFen: b.reserveFen, availableFen, plannedFen, differenceFen, withinIncome: differenceFen >= 0 };
}

// ---------------------------------------------------------------------------------------------
// the diff of two versions

export type LineChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface LineDiff {
  code: string;
  change: LineChange;
  before: BudgetLine | null;
  after: BudgetLine | null;
  /** after − before (0 for unchanged, the whole amount for added, minus it for removed) */
  deltaFen: number;
  /** which fields differ: amountFen, name, account, basis, standard */
  fields: (keyof Omit<BudgetLine, 'code'>)[];
}

/**
 * Line by line, in the order of the newer version with removed lines after it in the older
 * version's order. Codes identify lines: a renamed line keeps its code and shows as changed.
 */
export function diffLines(before: readonly BudgetLine[], after: readonly BudgetLine[]): LineDiff[] {
  const old = new Map(before.map((l) => [l.code, l]));
  const now = new Set(after.map((l) => l.code));
  const out: LineDiff[] = after.map((a) => {
    const b = old.get(a.code) ?? null;
    if (!b) return { code: a.code, change: 'added', before: null, after: a, deltaFen: a.amountFen, fields: [] };
    const fields = (['amountFen', 'name', 'account', 'basis', 'standard'] as const).filter((k) => a[k] !== b[k]);
    return { code: a.code, change: fields.length ? 'changed' : 'unchanged', before: b, after: a, deltaFen: a.amountFen - b.amountFen, fields: [...fields] };
  });
  for (const b of before) if (!now.has(b.code)) out.push({ code: b.code, change: 'removed', before: b, after: null, deltaFen: -b.amountFen, fields: [] });
  return out;
}

// ---------------------------------------------------------------------------------------------
// execution: budget vs actual

export interface Actual {
  line: string | null;
  /** 'YYYY-MM' */
  period: string;
  /** net expense: debits − credits on expense accounts (a reversal nets out its original) */
  fen: number;
}

export interface ExecutionRow {
  code: string;
  name: string;
  account: string;
  budgetFen: number;
  actualFen: number;
  /** approved, not yet posted: spoken for */
  committedFen: number;
  /** budget − actual − committed; negative when overspent */
  remainingFen: number;
  /** actual per month 1–12 */
  months: number[];
}

export interface Execution {
  year: number;
  rows: ExecutionRow[];
  /** expenses of the year posted without a line of this budget (emergencies not yet assigned, history) */
  unbudgeted: { actualFen: number; months: number[] };
  totals: { budgetFen: number; actualFen: number; committedFen: number; remainingFen: number; months: number[] };
}

/** Budget vs actual per line and month. Actuals outside the year are ignored. */
export function execution(year: number, lines: readonly BudgetLine[], actuals: readonly Actual[], committed: ReadonlyMap<string, number> = new Map()): Execution {
  const zero = () => Array.from({ length: 12 }, () => 0);
  const rows: ExecutionRow[] = lines.map((l) => ({ code: l.code, name: l.name, account: l.account, budgetFen: l.amountFen, actualFen: 0, committedFen: committed.get(l.code) ?? 0, remainingFen: 0, months: zero() }));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const unbudgeted = { actualFen: 0, months: zero() };
  for (const a of actuals) {
    if (Number(a.period.slice(0, 4)) !== year) continue;
    const m = Number(a.period.slice(5, 7)) - 1;
    const row = a.line === null ? undefined : byCode.get(a.line);
    const target = row ?? unbudgeted;
    target.actualFen += a.fen;
    target.months[m]! += a.fen;
  }
  for (const r of rows) r.remainingFen = r.budgetFen - r.actualFen - r.committedFen;
  const totals = { budgetFen: 0, actualFen: 0, committedFen: 0, remainingFen: 0, months: zero() };
  for (const r of rows) {
    totals.budgetFen += r.budgetFen;
    totals.actualFen += r.actualFen;
    totals.committedFen += r.committedFen;
    totals.remainingFen += r.remainingFen;
    r.months.forEach((v, i) => (totals.months[i]! += v));
  }
  return { year, rows, unbudgeted, totals };
}

// ---------------------------------------------------------------------------------------------
// final accounts

/** A variance above this share of the line's budget (or any overspending) must be explained. */
export const EXPLAIN_VARIANCE_BP = 1000;

/** Must the final accounts explain this line's variance? Overspending always; underspending beyond 10 %. */
export function needsExplanation(budgetFen: number, actualFen: number, thresholdBp = EXPLAIN_VARIANCE_BP): boolean {
  if (actualFen > budgetFen) return true;
  // (budget − actual) × 10000 > budget × threshold, in exact integers
  return BigInt(budgetFen - actualFen) * 10_000n > BigInt(budgetFen) * BigInt(thresholdBp);
}

/** Years close at the end of December: final accounts only once the year and its last month are over. */
export function yearOver(year: number, today: string): boolean {
  return today > `${year}-12-31`;
}

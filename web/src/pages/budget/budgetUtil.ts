import dayjs from 'dayjs';
import type {
  Basis,
  BudgetState,
  BudgetView,
  CommentView,
  DraftBody,
  IncomeCheck,
  Me,
  ProposalState,
  Role,
  StanceCount,
  Thresholds,
  VersionBrief,
  VersionState,
  VersionView,
} from '../../api';
import { formatFen } from '../../format';
import { communitiesWith, holds, type Place } from '../billing/billingUtil';

/**
 * Pure helpers of the budget and spending pages: paths, who sees what, exact yuan/percent parsing,
 * the client-side mirrors of the server's income check and approval requirements (for a live
 * preview only — the server decides), and which versions a page shows by default.
 */

// ---------------------------------------------------------------------------------------------
// paths

const enc = encodeURIComponent;
export const budgetsPath = (code: string) => `/c/${enc(code)}/budgets`;
export function budgetPath(code: string, year: number, tab?: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  if (tab) params.set('tab', tab);
  for (const [k, v] of Object.entries(query)) params.set(k, String(v));
  const s = params.toString();
  return `${budgetsPath(code)}/${year}${s ? `?${s}` : ''}`;
}
export const spendingPath = (code: string) => `/c/${enc(code)}/spending`;
export const proposalPath = (code: string, id: number) => `${spendingPath(code)}/${id}`;
export const newProposalPath = (code: string) => `${spendingPath(code)}/new`;

// ---------------------------------------------------------------------------------------------
// who may do what (the server enforces, see budget.routes.ts and spending.routes.ts; this only decides what to show)

const TRUSTEE: ReadonlySet<Role> = new Set<Role>(['trustee']);
const COMMITTEE: ReadonlySet<Role> = new Set<Role>(['committee']);
const MODERATION_READERS: ReadonlySet<Role> = new Set<Role>(['committee', 'supervisor']);
const INTERNAL: ReadonlySet<Role> = new Set<Role>(['trustee', 'committee', 'supervisor']);
const COMMENTERS: ReadonlySet<Role> = new Set<Role>(['owner', 'resident']);
const ANYONE: ReadonlySet<Role> = new Set<Role>(['owner', 'resident', 'committee', 'supervisor', 'trustee', 'grid_worker', 'community_official', 'street_official', 'district_official']);
/** spending.routes.ts VOUCHER_READERS (as the ledger's): who may open a quote's file */
const VOUCHER_READERS: ReadonlySet<Role> = new Set<Role>(['owner', 'committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official']);

export const canDraftBudget = (me: Me | null | undefined, c: Place) => holds(me, TRUSTEE, c);
export const canModerate = (me: Me | null | undefined, c: Place) => holds(me, COMMITTEE, c);
export const canReadModeration = (me: Me | null | undefined, c: Place) => holds(me, MODERATION_READERS, c);
export const isBudgetInternal = (me: Me | null | undefined, c: Place) => holds(me, INTERNAL, c);
export const canCommentBudget = (me: Me | null | undefined, c: Place) => holds(me, COMMENTERS, c);
export const canPropose = (me: Me | null | undefined, c: Place) => holds(me, TRUSTEE, c);
export const canEditThresholds = (me: Me | null | undefined, c: Place) => holds(me, COMMITTEE, c);
export const canOpenQuoteFiles = (me: Me | null | undefined, c: Place) => holds(me, VOUCHER_READERS, c);

/** Communities whose budget the header links to: any community where the user has a role. */
export const budgetCommunities = (me: Me | null | undefined) => communitiesWith(me, ANYONE);

// ---------------------------------------------------------------------------------------------
// colours

export const BUDGET_STATE_COLORS: Record<BudgetState, string> = { drafting: 'default', consultation: 'blue', voting: 'purple', adopted: 'green', closed: 'cyan' };
export const VERSION_STATE_COLORS: Record<VersionState, string> = { draft: 'default', consultation: 'blue', superseded: 'default', voting: 'purple', adopted: 'green', rejected: 'red' };
export const PROPOSAL_STATE_COLORS: Record<ProposalState, string> = { pending: 'gold', approved: 'blue', rejected: 'red', withdrawn: 'default', posted: 'green' };
export const CHANGE_COLORS = { added: 'green', removed: 'red', changed: 'orange', unchanged: 'default' } as const;

// ---------------------------------------------------------------------------------------------
// exact amounts

/**
 * Yuan as typed → integer fen, zero allowed: "1,234.5" → 123450, "0" → 0. Parsed as text
 * (never through a float), at most two decimals; anything else (empty, negative, three decimals) null.
 */
export function parseYuanToFenOrZero(text: string | null | undefined): number | null {
  const s = (text ?? '').trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Integer fen → the yuan text a person would type: 10980 → "109.80", -5 → "-0.05". */
export function fenToYuanInput(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** A percentage as typed → basis points, exactly: "95.5" → 9550, "100" → 10000; outside 0–100 or over two decimals → null. */
export function parsePercentToBp(text: string | null | undefined): number | null {
  const s = (text ?? '').trim().replace(/%$/, '').trim();
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** Basis points → the percentage a person would type: 9550 → "95.50". */
export function bpToPercentInput(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

/** 500000 → "5,000"; 500050 → "5,000.50" (yuan, the decimals only when there are any), for sentences such as "超过 5,000 元". */
export function yuanText(fen: number): string {
  const text = formatFen(fen).replace('¥', '');
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

/** A change in money with its sign: +¥1,000.00, -¥20.00, ¥0.00. */
export function signedFen(fen: number): string {
  return fen > 0 ? `+${formatFen(fen)}` : formatFen(fen);
}

/**
 * A chart axis tick from fen, in whole yuan (integer arithmetic; the tooltips show exact amounts):
 * zh-CN counts in 万 ("123.4万"), English in thousands ("1,234k"); small values as they are.
 */
export function axisYuan(fen: number, lang: 'zh-CN' | 'en'): string {
  const yuan = Math.trunc(fen / 100);
  const a = Math.abs(yuan);
  const sign = yuan < 0 ? '-' : '';
  const step = lang === 'en' ? 1_000 : 10_000;
  if (a >= step) {
    const tenths = Math.trunc((a * 10) / step);
    const whole = formatFen(Math.trunc(tenths / 10) * 100).replace('¥', '').replace(/\.00$/, '');
    return `${sign}${whole}${tenths % 10 ? `.${tenths % 10}` : ''}${lang === 'en' ? 'k' : '万'}`;
  }
  return formatFen(yuan * 100).replace('¥', '').replace(/\.00$/, '');
}

/** amount × rate (basis points), rounded half-up to the fen — as src/platform/money.ts applyRateBp. */
export function applyRateBp(amountFen: number, rateBp: number): number {
  const n = BigInt(Math.trunc(amountFen)) * BigInt(Math.trunc(rateBp));
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const q = (abs * 2n + 10_000n) / 20_000n;
  return Number(neg ? -q : q);
}

/** 以收定支, as budget.rules.ts incomeCheck: for the draft editor's live figures (the server computes the published ones). */
export function incomeCheck(b: Basis, lines: readonly { amountFen: number }[]): IncomeCheck {
  const expectedFeesFen = applyRateBp(b.feeIncomeFen, b.collectionRateBp);
  const availableFen = expectedFeesFen + b.publicRevenueFen + b.otherIncomeFen + b.reserveFen;
  const plannedFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const differenceFen = availableFen - plannedFen;
  return { expectedFeesFen, publicRevenueFen: b.publicRevenueFen, otherIncomeFen: b.otherIncomeFen, reserveFen: b.reserveFen, availableFen, plannedFen, differenceFen, withinIncome: differenceFen >= 0 };
}

/** As budget.rules.ts needsExplanation: overspending always; underspending beyond 10 % of the line's budget. */
export function needsExplanation(budgetFen: number, actualFen: number, thresholdBp = 1000): boolean {
  if (actualFen > budgetFen) return true;
  return BigInt(budgetFen - actualFen) * 10_000n > BigInt(budgetFen) * BigInt(thresholdBp);
}

/** How many months of `year` the ledger has reached on `asOf` (YYYY-MM-DD): 0 before the year, 12 after it. */
export function monthsReached(year: number, asOf: string): number {
  const y = Number(asOf.slice(0, 4));
  if (y < year) return 0;
  if (y > year) return 12;
  return Number(asOf.slice(5, 7));
}

/** As budget.rules.ts yearOver: final accounts only once the year is over (the server checks December is closed too). */
export function yearOver(year: number, today: string = dayjs().format('YYYY-MM-DD')): boolean {
  return today > `${year}-12-31`;
}

/** Running sums: [1, 2, 3] → [1, 3, 6]. */
export function cumulative(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}

// ---------------------------------------------------------------------------------------------
// spending requirements (a preview; spending.rules.ts requirements decides)

export interface RequirementsPreview {
  level: 'member' | 'committee' | 'owners';
  quotes: number;
  reasons: string[];
}

/**
 * The new-proposal form's preview of what an amount will need, before it is sent. Mirrors
 * requirements in src/modules/budget/spending.rules.ts (the server decides; the proposal view shows
 * its `reasons`): "above" is strictly more than the threshold; beyond the line's remaining amount
 * needs the owners.
 */
export function requirementsPreview(amountFen: number, remainingFen: number | null, t: Thresholds): RequirementsPreview {
  const reasons: string[] = [];
  let level: RequirementsPreview['level'] = 'member';
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

/** More than half of all members (DESIGN §2.5): 5 → 3, 4 → 3. Mirrors committeeMajority in spending.rules.ts. */
export const committeeMajority = (members: number) => Math.floor(members / 2) + 1;

// ---------------------------------------------------------------------------------------------
// versions, comments, the diff

const LIVE: readonly VersionState[] = ['consultation', 'voting'];

/** The versions a reader sees, newest first (a draft only reaches internal readers). */
export function newestFirst(versions: readonly VersionBrief[]): VersionBrief[] {
  return [...versions].sort((a, b) => b.number - a.number);
}

/** The version the 预算 tab opens on: the one in force, else the latest published, else (the trustee) the draft. */
export function defaultVersion(b: Pick<BudgetView, 'inForce' | 'versions'>): number | null {
  if (b.inForce !== null) return b.inForce;
  const sorted = newestFirst(b.versions);
  return (sorted.find((v) => v.state !== 'draft') ?? sorted[0])?.number ?? null;
}

/** A published version newer than the one in force that is in consultation or put to the vote (a supplementary budget under way). */
export function liveVersion(b: Pick<BudgetView, 'inForce' | 'versions'>): VersionBrief | null {
  return newestFirst(b.versions).find((v) => LIVE.includes(v.state) && (b.inForce === null || v.number > b.inForce)) ?? null;
}

/** The budget's heading: its title, with the year in front when the title does not say it. */
export function budgetHeading(b: { year: number; title: string }, yearTitle: string): string {
  return b.title.includes(String(b.year)) ? b.title : `${yearTitle} ${b.title}`;
}

export const draftOf = (b: Pick<BudgetView, 'versions'>) => b.versions.find((v) => v.state === 'draft') ?? null;

/** The pair the diff opens on: the latest published version against the one before it; null with fewer than two. */
export function defaultDiffPair(versions: readonly VersionBrief[]): { from: number; to: number } | null {
  const published = newestFirst(versions).filter((v) => v.state !== 'draft');
  if (published.length < 2) return null;
  return { from: published[1]!.number, to: published[0]!.number };
}

export function stanceOf(stances: readonly StanceCount[], line: string | null): StanceCount {
  return stances.find((s) => s.line === line) ?? { line, support: 0, oppose: 0, comment: 0 };
}

/** The comments of a line (null: on the version as a whole), oldest first. */
export function commentsOn(comments: readonly CommentView[], line: string | null): CommentView[] {
  return comments.filter((c) => c.line === line).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}

/**
 * The comments a new draft should answer: those of published versions not answered yet, hidden
 * ones excepted, each once (by id), oldest first.
 */
export function openComments(versions: readonly Pick<VersionView, 'comments'>[]): CommentView[] {
  const seen = new Map<number, CommentView>();
  for (const v of versions) for (const c of v.comments) if (!c.answer && !c.hidden && !seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()].sort((a, b) => a.version - b.version || a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}

/** A draft as the PUT body it came from (to edit it further). */
export function draftBodyOf(v: Pick<VersionView, 'basis' | 'basisText' | 'note' | 'lines' | 'answers'>): DraftBody {
  return {
    basis: { ...v.basis },
    basisText: v.basisText,
    note: v.note,
    lines: v.lines.map((l) => ({ code: l.code, account: l.account, name: l.name, amountFen: l.amountFen, basis: l.basis, standard: l.standard })),
    answers: v.answers.map((a) => ({ ...a })),
  };
}

/** The next free line code after the existing ones: L01, L02 … (keeps the width of the widest number). */
export function nextLineCode(codes: readonly string[]): string {
  let max = 0;
  for (const c of codes) {
    const m = /^L(\d+)$/.exec(c);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `L${String(max + 1).padStart(2, '0')}`;
}

/**
 * The ledger's pure rules (DESIGN §2.2): balanced double entry in integer fen, the canonical
 * form and the hash chain, periods, natural balances, remuneration. No I/O here; the format is
 * specified for outside verifiers in docs/ledger-format.md.
 */
import { createHash } from 'node:crypto';
import { formatFen } from '../../platform/money.js';
import canonicalize from 'canonicalize';
import type { AccountType, RemunerationBase } from '../../platform/db/schema.js';
import { applyRateBp } from '../../platform/money.js';

/** The hash before the first entry of every ledger. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChartAccount {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
}

/** The default chart (DESIGN §2.2); a community may add accounts. */
export const DEFAULT_CHART: ChartAccount[] = [
  { code: '1001', name: '共有资金银行账户', nameEn: 'Common fund bank account', type: 'asset' },
  { code: '1122', name: '应收物业费', nameEn: 'Property fees receivable', type: 'asset' },
  { code: '2202', name: '应付账款', nameEn: 'Accounts payable', type: 'liability' },
  { code: '2203', name: '预收物业费', nameEn: 'Property fees received in advance', type: 'liability' },
  { code: '2241', name: '应付受托人酬金', nameEn: 'Trustee remuneration payable', type: 'liability' },
  { code: '3001', name: '共有资金结余', nameEn: 'Common fund balance', type: 'net_assets' },
  { code: '4001', name: '物业服务费', nameEn: 'Property service fees', type: 'income' },
  { code: '4101', name: '停车收益', nameEn: 'Parking revenue', type: 'income' },
  { code: '4102', name: '广告收益', nameEn: 'Advertising revenue', type: 'income' },
  { code: '4103', name: '场地租赁收益', nameEn: 'Venue rental revenue', type: 'income' },
  { code: '4199', name: '其他公共收益', nameEn: 'Other public revenue', type: 'income' },
  { code: '4201', name: '利息收入', nameEn: 'Interest income', type: 'income' },
  { code: '5001', name: '人员费用', nameEn: 'Staff costs', type: 'expense' },
  { code: '5002', name: '保洁费用', nameEn: 'Cleaning', type: 'expense' },
  { code: '5003', name: '秩序维护费用', nameEn: 'Security and order', type: 'expense' },
  { code: '5004', name: '绿化费用', nameEn: 'Greenery', type: 'expense' },
  { code: '5005', name: '设施设备维护费用', nameEn: 'Facilities and equipment maintenance', type: 'expense' },
  { code: '5006', name: '公共能耗费用', nameEn: 'Common-area energy', type: 'expense' },
  { code: '5007', name: '办公管理费用', nameEn: 'Office and administration', type: 'expense' },
  { code: '5008', name: '保险费用', nameEn: 'Insurance', type: 'expense' },
  { code: '5009', name: '审计费用', nameEn: 'Audit', type: 'expense' },
  { code: '5101', name: '受托人酬金', nameEn: 'Trustee remuneration', type: 'expense' },
];

/** Public revenue accounts: 4101–4199. */
export const isPublicRevenue = (code: string) => code >= '4101' && code <= '4199';

/** Reason codes of entries (what kind of event an entry records). */
export const REASONS = [
  'opening',
  'fee_income',
  'fee_billed',
  'fee_payment',
  'prepayment',
  'fee_refund',
  'public_revenue',
  'interest',
  'expense',
  'payable_payment',
  'remuneration_accrual',
  'remuneration_payment',
  'reversal',
  'adjustment',
] as const;
export type Reason = (typeof REASONS)[number];

export interface Line {
  account: string;
  debitFen: number;
  creditFen: number;
}

/** Problems of a set of lines: each line one positive side, ≥ 2 lines, debits = credits, known accounts. */
export function lineProblems(lines: Line[], chart: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (lines.length < 2) problems.push('ledger.too_few_lines');
  let debit = 0;
  let credit = 0;
  for (const l of lines) {
    if (!chart.has(l.account)) problems.push('ledger.unknown_account');
    const okD = Number.isSafeInteger(l.debitFen) && l.debitFen >= 0;
    const okC = Number.isSafeInteger(l.creditFen) && l.creditFen >= 0;
    if (!okD || !okC || (l.debitFen > 0) === (l.creditFen > 0)) problems.push('ledger.line_one_side');
    debit += l.debitFen;
    credit += l.creditFen;
  }
  if (debit !== credit) problems.push('ledger.unbalanced');
  return [...new Set(problems)];
}

/** The public fields of an entry: what the hash chain covers and what exports carry. */
export interface PublicEntry {
  ledger: string;
  seq: number;
  date: string;
  memo: string;
  reason: string;
  counterparty: string | null;
  budgetLine: string | null;
  reverses: number | null;
  refs: Record<string, string | number>;
  lines: { account: string; debit: number; credit: number }[];
  vouchers: { sha256: string; name: string }[];
  recordedAt: string;
}

/** RFC 8785 (JSON Canonicalization Scheme) of the public fields. */
export function canonicalEntry(e: PublicEntry): string {
  const out = canonicalize(e);
  if (out === undefined) throw new Error('entry cannot be canonicalized');
  return out;
}

/** hash_n = SHA-256( ASCII(hex hash_{n-1}) ‖ UTF-8(canonical(entry_n)) ), lower-case hex. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash, 'ascii').update(canonical, 'utf8').digest('hex');
}

/** 'YYYY-MM' of a calendar date 'YYYY-MM-DD'. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isPeriod(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** The last calendar day of a period. */
export function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0));
  return `${period}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Disclosure of a month's statement is due by the 10th of the next month (DESIGN §2.2). */
export function disclosureDueDate(period: string, dueDay = 10): string {
  return `${nextPeriod(period)}-${String(dueDay).padStart(2, '0')}`;
}

/** Balance in the account's natural direction: assets and expenses debit-positive, the rest credit-positive. */
export function naturalBalance(type: AccountType, debitFen: number, creditFen: number): number {
  return type === 'asset' || type === 'expense' ? debitFen - creditFen : creditFen - debitFen;
}

export interface RemunerationTerms {
  rateBp: number;
  base: RemunerationBase;
  capFen: number | null;
}

/**
 * The month's remuneration: base × rate, rounded half-up once; then the cap; then the
 * service-quality deduction (in basis points of the computed amount, rounded half-up).
 */
export function remuneration(terms: RemunerationTerms, baseFen: number, deductionBp = 0): { baseFen: number; grossFen: number; deductionFen: number; amountFen: number } {
  const gross = Math.min(applyRateBp(Math.max(baseFen, 0), terms.rateBp), terms.capFen ?? Number.MAX_SAFE_INTEGER);
  const deduction = applyRateBp(gross, Math.min(Math.max(deductionBp, 0), 10_000));
  return { baseFen, grossFen: gross, deductionFen: deduction, amountFen: gross - deduction };
}

/**
 * What the trustee may post by hand (the ledger's entry route; the services post the rest). The
 * trust model's point is that no money leaves the common fund without an approval trail:
 * - no expense: a debit to an expense account (5xxx), whatever reason it is given, enters only
 *   from an approved spending proposal (无预算不支出, src/modules/budget/spending.service.ts);
 * - cash leaves the bank account (a credit to 1001) by hand only to pay what the fund owes — a
 *   refund, the remuneration payable, a payable — and never more than is owed: a debit to a
 *   liability may not exceed its credit balance (`owedFen`, credits − debits so far).
 * Money coming in, and entries between other accounts, are the trustee's bookkeeping.
 */
export const CASH_ACCOUNT = '1001';
export const CASH_OUT_REASONS: readonly string[] = ['fee_refund', 'payable_payment', 'remuneration_payment'];

export function manualEntryProblem(reason: string, lines: readonly Line[], owedFen: (account: string) => number): { code: string; params?: Record<string, string | number> } | null {
  if (reason === 'expense' || lines.some((l) => l.account.startsWith('5') && l.debitFen > 0)) return { code: 'ledger.expense_needs_proposal' };
  if (lines.some((l) => l.account === CASH_ACCOUNT && l.creditFen > 0) && !CASH_OUT_REASONS.includes(reason)) return { code: 'ledger.cash_out_by_hand' };
  const debits = new Map<string, number>();
  for (const l of lines) if (l.account.startsWith('2') && l.debitFen > 0) debits.set(l.account, (debits.get(l.account) ?? 0) + l.debitFen);
  for (const [account, fen] of debits) if (fen > owedFen(account)) return { code: 'ledger.beyond_owed', params: { account, owed: formatFen(owedFen(account)) } };
  return null;
}

/** Reasons whose cash receipts (debits to 1001) form the remuneration base "received". */
export const FEE_RECEIPT_REASONS: readonly string[] = ['fee_income', 'fee_payment', 'prepayment'];
export const PUBLIC_REVENUE_REASONS: readonly string[] = ['public_revenue'];

export interface ChainedEntry extends PublicEntry {
  prevHash: string;
  hash: string;
}

/**
 * Recomputes a ledger's chain: sequence numbers without gaps, each prevHash equal to the previous
 * hash (the genesis hash before entry 1), each hash recomputed from the canonical form, each
 * entry balanced with at least two one-sided lines of whole, non-negative fen. `start` resumes
 * after a known (seq, hash), so that a long chain can be checked batch by batch. Returns the
 * first bad entry, or null; `last` gives the (seq, hash) reached.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): { seq: number; problem: string } | null {
  const state = { ...start };
  for (const e of entries) {
    const bad = verifyNext(state, e);
    if (bad) return bad;
  }
  return null;
}

/** One step of verifyChain; advances `state` when the entry is good. */
export function verifyNext(state: { seq: number; hash: string }, e: ChainedEntry): { seq: number; problem: string } | null {
  const { prevHash, hash, ...pub } = e;
  if (e.seq !== state.seq + 1) return { seq: e.seq, problem: `sequence: expected ${state.seq + 1}` };
  if (prevHash !== state.hash) return { seq: e.seq, problem: 'prevHash does not match the previous entry' };
  if (chainHash(state.hash, canonicalEntry(pub)) !== hash) return { seq: e.seq, problem: 'hash does not match the content' };
  const wholeFen = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (e.lines.length < 2 || e.lines.some((l) => !wholeFen(l.debit) || !wholeFen(l.credit) || (l.debit > 0) === (l.credit > 0))) {
    return { seq: e.seq, problem: 'lines are not one-sided whole fen' };
  }
  if (e.lines.reduce((s, l) => s + l.debit - l.credit, 0) !== 0) return { seq: e.seq, problem: 'entry does not balance' };
  state.seq = e.seq;
  state.hash = hash;
  return null;
}

/** Text that canonicalizes and stores exactly: well-formed UTF-16 and no NUL (PostgreSQL refuses it). */
export function isStorableText(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed() && !s.includes('\u0000');
}

/** refs values: strings or safe integers only (they must survive jsonb and any verifier exactly). */
export function refsProblem(refs: Record<string, unknown>): string | null {
  for (const [k, v] of Object.entries(refs)) {
    if (!isStorableText(k)) return k;
    if (typeof v === 'string' ? !isStorableText(v) : !Number.isSafeInteger(v)) return k;
  }
  return null;
}

import { get, post, request } from './client';
import type { StoredDocument } from './types';

/**
 * The open budget and spending controls (issue 6), as the HTTP contract in
 * /work/notes/budget-api.md defines them (src/modules/budget/budget.routes.ts, spending.routes.ts).
 * Money in integer fen, rates in basis points, dates YYYY-MM-DD.
 */

export type VersionState = 'draft' | 'consultation' | 'superseded' | 'voting' | 'adopted' | 'rejected';
export type BudgetState = 'drafting' | 'consultation' | 'voting' | 'adopted' | 'closed';
export type Stance = 'support' | 'oppose' | 'comment';

export interface BudgetSummary {
  year: number;
  title: string;
  state: BudgetState;
  inForce: number | null;
  latest: number;
  /** the in-force version's total */
  plannedFen: number | null;
}

export interface VersionBrief {
  number: number;
  kind: 'original' | 'supplementary';
  state: VersionState;
  publishedAt: string | null;
  consultationEndsOn: string | null;
  decisionId: number | null;
  decisionItem: number | null;
  adoptedAt: string | null;
  note: string;
  plannedFen: number;
}

export interface FinalAccountsLine {
  code: string;
  name: string;
  budgetFen: number;
  actualFen: number;
  varianceFen: number;
  explanation: string | null;
}

export interface FinalAccounts {
  summary: string;
  publishedAt: string;
  lines: FinalAccountsLine[];
}

export interface BudgetView {
  year: number;
  title: string;
  state: BudgetState;
  inForce: number | null;
  versions: VersionBrief[];
  finalAccounts: FinalAccounts | null;
}

export interface BudgetLine {
  code: string;
  account: string;
  accountName: string;
  name: string;
  amountFen: number;
  basis: string;
  /** a service-standard item code (quality catalogue) */
  standard: string | null;
  standardText: string | null;
}

export interface Basis {
  feeIncomeFen: number;
  collectionRateBp: number;
  publicRevenueFen: number;
  otherIncomeFen: number;
  reserveFen: number;
}

export interface IncomeCheck {
  expectedFeesFen: number;
  publicRevenueFen: number;
  otherIncomeFen: number;
  reserveFen: number;
  availableFen: number;
  plannedFen: number;
  differenceFen: number;
  withinIncome: boolean;
}

export interface CommentView {
  id: number;
  version: number;
  line: string | null;
  stance: Stance;
  /** null when hidden, except for the internal readers */
  body: string | null;
  hidden: { at: string; reason: string } | null;
  /** masked for the public: 业主 王** */
  author: string;
  authorRole: 'owner' | 'resident';
  mine: boolean;
  createdAt: string;
  /** the trustee's answer and the version that published it */
  answer: { body: string; version: number; at: string } | null;
}

export interface StanceCount {
  line: string | null;
  support: number;
  oppose: number;
  comment: number;
}

export interface VersionView extends VersionBrief {
  year: number;
  basis: Basis;
  basisText: string;
  lines: BudgetLine[];
  income: IncomeCheck;
  comments: CommentView[];
  stances: StanceCount[];
  /** the answers this version publishes (a draft's: internal readers only) */
  answers: { commentId: number; body: string }[];
}

export interface DraftLine {
  code: string;
  account: string;
  name: string;
  amountFen: number;
  basis: string;
  standard: string | null;
}

export interface DraftBody {
  basis: Basis;
  basisText: string;
  note: string;
  lines: DraftLine[];
  answers: { commentId: number; body: string }[];
}

export type LineChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffLine {
  code: string;
  change: LineChange;
  before: BudgetLine | null;
  after: BudgetLine | null;
  deltaFen: number;
  /** amountFen, name, account, basis, standard */
  fields: string[];
  /** comments on this line answered by version `to` */
  answered: CommentView[];
}

export interface DiffView {
  year: number;
  from: number;
  to: number;
  lines: DiffLine[];
  answeredGeneral: CommentView[];
  incomeBefore: IncomeCheck;
  incomeAfter: IncomeCheck;
  note: string;
}

export interface ExecutionRow {
  code: string;
  name: string;
  account: string;
  budgetFen: number;
  actualFen: number;
  committedFen: number;
  remainingFen: number;
  /** actual per month, January first */
  months: number[];
}

export interface ExecutionView {
  year: number;
  version: number | null;
  rows: ExecutionRow[];
  unbudgeted: { actualFen: number; months: number[] };
  totals: { budgetFen: number; actualFen: number; committedFen: number; remainingFen: number; months: number[] };
  asOf: string;
}

export interface ModerationEntry {
  commentId: number;
  action: 'hide' | 'unhide';
  reason: string;
  by: string;
  at: string;
}

// spending controls

export interface Thresholds {
  committeeFen: number;
  ownersFen: number;
  tenderFen: number;
  minQuotes: number;
  discloseWithinDays: number;
}

export type SpendingSettings = Thresholds & { defaults: Thresholds };

export interface ProposalQuote {
  vendor: string;
  amountFen: number;
  sha256: string;
  name: string;
  chosen: boolean;
}

export interface ProposalBody {
  idempotencyKey: string;
  year: number | null;
  line: string | null;
  title: string;
  description: string;
  counterparty: string;
  amountFen: number;
  emergency?: boolean;
  emergencyReason?: string | null;
  quotes?: ProposalQuote[];
  choiceReason?: string | null;
  /** an emergency without a line only */
  account?: string;
}

export type ProposalState = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'posted';
export type ApprovalLevel = 'member' | 'committee' | 'owners';
export type ProposalAction = 'approve' | 'reject' | 'withdraw' | 'cancel' | 'post' | 'disclose' | 'ratify' | 'decision';

export interface ProposalBrief {
  id: number;
  title: string;
  year: number | null;
  line: string | null;
  lineName: string | null;
  account: string;
  counterparty: string;
  amountFen: number;
  state: ProposalState;
  level: ApprovalLevel;
  emergency: boolean;
  ratification: 'pending' | 'ratified' | 'refused' | null;
  disclosureOverdue: boolean;
  proposedAt: string;
  ledgerSeq: number | null;
}

export interface ProposalView extends ProposalBrief {
  description: string;
  emergencyReason: string | null;
  /** why the level: committee_threshold, owners_threshold, beyond_remaining, tender_threshold */
  reasons: string[];
  quotesRequired: number;
  quotes: (ProposalQuote & { position: number })[];
  choiceReason: string | null;
  approvalsNeeded: number;
  committeeSize: number;
  verdicts: { purpose: 'approval' | 'ratification'; by: string; verdict: 'approve' | 'reject'; note: string; at: string }[];
  decision: { id: number; item: number; title: string; state: string; passed: boolean } | null;
  disclosure: { dueBy: string; at: string | null; overdue: boolean } | null;
  /** the line's remaining amount now */
  remainingFen: number | null;
  trail: { at: string; by: string | null; action: string; detail: Record<string, unknown> }[];
  proposedBy: string;
  /** what the caller may do now: approve, reject, withdraw, cancel, post, disclose, ratify, decision */
  mayAct: string[];
}

export interface ProposalQuery {
  year?: number;
  line?: string;
  state?: ProposalState;
  page?: number;
  pageSize?: number;
}

const c = (code: string) => `/api/communities/${encodeURIComponent(code)}`;
const put = <T>(path: string, json: unknown) => request<T>('PUT', path, { json });

export const budgetApi = {
  budgets: (code: string, signal?: AbortSignal) => get<{ items: BudgetSummary[] }>(`${c(code)}/budgets`, undefined, signal),
  createBudget: (code: string, body: { year: number; title: string }) => post<BudgetView>(`${c(code)}/budgets`, body),
  budget: (code: string, year: number, signal?: AbortSignal) => get<BudgetView>(`${c(code)}/budgets/${year}`, undefined, signal),
  newDraft: (code: string, year: number, kind: 'revision' | 'supplementary') => post<VersionView>(`${c(code)}/budgets/${year}/drafts`, { kind }),
  saveDraft: (code: string, year: number, body: DraftBody) => put<VersionView>(`${c(code)}/budgets/${year}/draft`, body),
  publishDraft: (code: string, year: number, consultationEndsOn?: string) =>
    post<VersionView>(`${c(code)}/budgets/${year}/draft/publish`, consultationEndsOn ? { consultationEndsOn } : {}),
  version: (code: string, year: number, n: number, signal?: AbortSignal) => get<VersionView>(`${c(code)}/budgets/${year}/versions/${n}`, undefined, signal),
  diff: (code: string, year: number, from: number, to: number, signal?: AbortSignal) => get<DiffView>(`${c(code)}/budgets/${year}/diff`, { from, to }, signal),
  comment: (code: string, year: number, n: number, body: { line: string | null; stance: Stance; body: string; idempotencyKey: string }) =>
    post<CommentView>(`${c(code)}/budgets/${year}/versions/${n}/comments`, body),
  moderate: (code: string, year: number, commentId: number, action: 'hide' | 'unhide', reason: string) =>
    post<CommentView>(`${c(code)}/budgets/${year}/comments/${commentId}/${action}`, { reason }),
  moderation: (code: string, year: number, signal?: AbortSignal) => get<{ items: ModerationEntry[] }>(`${c(code)}/budgets/${year}/moderation`, undefined, signal),
  submit: (code: string, year: number, n: number, body: { decisionId: number; item: number }) => post<VersionView>(`${c(code)}/budgets/${year}/versions/${n}/submit`, body),
  execution: (code: string, year: number, signal?: AbortSignal) => get<ExecutionView>(`${c(code)}/budgets/${year}/execution`, undefined, signal),
  publishFinalAccounts: (code: string, year: number, body: { summary: string; explanations: { line: string; text: string }[] }) =>
    post<BudgetView>(`${c(code)}/budgets/${year}/final-accounts`, body),

  spendingSettings: (code: string, signal?: AbortSignal) => get<SpendingSettings>(`${c(code)}/spending/settings`, undefined, signal),
  saveSpendingSettings: (code: string, change: Partial<Thresholds>) => put<SpendingSettings>(`${c(code)}/spending/settings`, change),
  /** A quote (PDF, JPEG, PNG), stored by SHA-256 in the community ledger's files like a voucher. */
  uploadQuote: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredDocument>('POST', `${c(code)}/spending/quotes`, { form });
  },
  propose: (code: string, body: ProposalBody) => post<ProposalView>(`${c(code)}/spending/proposals`, body),
  proposals: (code: string, query: ProposalQuery, signal?: AbortSignal) =>
    get<{ total: number; items: ProposalBrief[] }>(`${c(code)}/spending/proposals`, { ...query }, signal),
  /** A quote's file, opened in a new tab with the session cookie (owners, committee, trustee…; each view is logged). */
  quoteUrl: (code: string, id: number, sha256: string) => `${c(code)}/spending/proposals/${id}/quotes/${sha256}`,
  proposal: (code: string, id: number, signal?: AbortSignal) => get<ProposalView>(`${c(code)}/spending/proposals/${id}`, undefined, signal),
  approve: (code: string, id: number, note?: string) => post<ProposalView>(`${c(code)}/spending/proposals/${id}/approve`, note ? { note } : {}),
  reject: (code: string, id: number, note: string) => post<ProposalView>(`${c(code)}/spending/proposals/${id}/reject`, { note }),
  withdraw: (code: string, id: number, reason: string) => post<ProposalView>(`${c(code)}/spending/proposals/${id}/withdraw`, { reason }),
  /** An approved proposal not yet posted is no longer made (its proposer or a committee member). */
  cancel: (code: string, id: number, reason: string) => post<ProposalView>(`${c(code)}/spending/proposals/${id}/cancel`, { reason }),
  linkDecision: (code: string, id: number, body: { decisionId: number; item: number }) => post<ProposalView>(`${c(code)}/spending/proposals/${id}/decision`, body),
  disclose: (code: string, id: number) => post<ProposalView>(`${c(code)}/spending/proposals/${id}/disclose`),
  ratify: (code: string, id: number, verdict: 'approve' | 'reject', note?: string) =>
    post<ProposalView>(`${c(code)}/spending/proposals/${id}/ratify`, note ? { verdict, note } : { verdict }),
  postProposal: (code: string, id: number, body: { idempotencyKey: string; date: string; vouchers: { sha256: string; name: string }[] }) =>
    post<ProposalView>(`${c(code)}/spending/proposals/${id}/post`, body),
};

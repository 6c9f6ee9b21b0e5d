/**
 * Kysely's view of the tables (kept by hand beside the migrations; `int8` arrives as number,
 * see pg-types.ts; `date` as 'YYYY-MM-DD').
 */
import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type UnitKind = 'residential' | 'commercial' | 'parking' | 'storage';
export type DeliveryStatus = 'delivered' | 'undelivered' | 'unsold';
export type Role =
  | 'owner'
  | 'resident'
  | 'committee'
  | 'supervisor'
  | 'trustee'
  | 'grid_worker'
  | 'community_official'
  | 'street_official'
  | 'district_official'
  | 'admin';

export interface CommunitiesTable {
  id: Id;
  code: string;
  name: string;
  name_en: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  address: string | null;
  trust_since: string | null;
  created_at: CreatedAt;
}

export interface GridsTable {
  id: Id;
  community_id: number;
  parent_id: number | null;
  name: string;
}

export interface BuildingsTable {
  id: Id;
  community_id: number;
  name: string;
}

export interface UnitsTable {
  id: Id;
  community_id: number;
  building_id: number;
  code: string;
  kind: UnitKind;
  area_cm2: number;
  delivery_status: DeliveryStatus;
  grid_id: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PersonsTable {
  id: Id;
  community_id: number;
  kind: ColumnType<'natural' | 'organization', 'natural' | 'organization' | undefined, 'natural' | 'organization'>;
  name: string;
  phone: ColumnType<string, string | undefined, string>;
  id_number_enc: string | null;
  id_number_last4: string | null;
  created_at: CreatedAt;
}

export interface UnitOwnersTable {
  unit_id: number;
  person_id: number;
  community_id: number;
}

export interface UnitOccupantsTable {
  unit_id: number;
  person_id: number;
  community_id: number;
  relation: ColumnType<'tenant' | 'family', 'tenant' | 'family' | undefined, 'tenant' | 'family'>;
}

export interface AccountsTable {
  id: Id;
  login: string;
  display_name: string;
  password_hash: string;
  locale: ColumnType<'zh-CN' | 'en', 'zh-CN' | 'en' | undefined, 'zh-CN' | 'en'>;
  created_at: CreatedAt;
  disabled_at: Date | null;
}

export interface AccountPersonsTable {
  account_id: number;
  person_id: number;
}

export interface RoleGrantsTable {
  id: Id;
  account_id: number;
  role: Role;
  community_id: number | null;
  region: string | null;
  granted_by: number | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface LoginAttemptsTable {
  id: Id;
  login: string;
  ip: string;
  success: boolean;
  at: CreatedAt;
}

export interface InvitationsTable {
  id: Id;
  community_id: number;
  unit_id: number;
  code_hash: string;
  created_by: number | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  claimed_at: Date | null;
  claimed_by: number | null;
}

export interface AuditLogTable {
  id: Id;
  at: CreatedAt;
  account_id: number | null;
  community_id: number | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string | undefined, never>;
}

export interface RosterImportsTable {
  id: Id;
  community_id: number;
  file_sha256: string;
  account_id: number | null;
  at: CreatedAt;
  created: number;
  updated: number;
  unchanged: number;
}

export type AccountType = 'asset' | 'liability' | 'net_assets' | 'income' | 'expense';

export interface FilesTable {
  sha256: string;
  size_bytes: number;
  media_type: string;
  created_at: CreatedAt;
}

export interface LedgersTable {
  id: Id;
  community_id: number;
  code: string;
  name: string;
  kind: ColumnType<'common_fund' | 'foundation' | 'special_fund', 'common_fund' | 'foundation' | 'special_fund' | undefined, never>;
  created_at: CreatedAt;
}

export interface LedgerFilesTable {
  ledger_id: number;
  sha256: string;
}

export interface LedgerAccountsTable {
  ledger_id: number;
  code: string;
  name: string;
  name_en: string;
  type: AccountType;
}

export interface LedgerHeadsTable {
  ledger_id: number;
  last_seq: number;
  last_hash: string;
}

export interface LedgerEntriesTable {
  id: Id;
  ledger_id: number;
  seq: number;
  entry_date: string;
  memo: string;
  reason: string;
  counterparty: string | null;
  budget_line: string | null;
  reverses_seq: number | null;
  refs: ColumnType<Record<string, string | number>, string, never>;
  recorded_at: ColumnType<Date, Date | string, never>;
  recorded_by: number | null;
  approved_by: number | null;
  idempotency_key: string;
  prev_hash: string;
  hash: string;
}

export interface LedgerLinesTable {
  entry_id: number;
  line_no: number;
  ledger_id: number;
  account_code: string;
  debit_fen: number;
  credit_fen: number;
}

export interface LedgerVouchersTable {
  entry_id: number;
  position: number;
  sha256: string;
  file_name: string;
}

export interface LedgerBalancesTable {
  ledger_id: number;
  account_code: string;
  period: string;
  debit_fen: number;
  credit_fen: number;
}

export interface LedgerPeriodsTable {
  ledger_id: number;
  period: string;
  closed_at: Timestamp;
  closed_by: number | null;
  checkpoint_seq: number;
  checkpoint_hash: string;
}

export interface DisclosuresTable {
  ledger_id: number;
  period: string;
  published_at: Timestamp;
  published_by: number | null;
  checkpoint_seq: number;
  checkpoint_hash: string;
}

export interface VoucherViewsTable {
  id: Id;
  account_id: number | null;
  entry_id: number;
  sha256: string;
  at: CreatedAt;
}

export type RemunerationBase = 'received_fees_and_public_revenue' | 'received_fees' | 'all_income';

export interface TrustContractsTable {
  id: Id;
  community_id: number;
  effective_from: string;
  rate_bp: number;
  base: RemunerationBase;
  cap_fen: number | null;
  quality_rule: ColumnType<unknown, string | null | undefined, string | null>;
  document: string | null;
  created_at: CreatedAt;
}

export interface TrustBreachesTable {
  id: Id;
  community_id: number;
  recorded_at: Timestamp;
  description: string;
  cured_at: Date | null;
}

// ---------------------------------------------------------------------------------------------
// billing (migration 0003)

export type PaymentChannel = 'bank' | 'wechat' | 'alipay' | 'cash' | 'pos';
export type BankLineStatus = 'matched' | 'ambiguous' | 'unmatched' | 'duplicate' | 'confirmed' | 'ignored';

export interface BillingSettingsTable {
  community_id: number;
  online_payments: ColumnType<'off' | 'simulated', 'off' | 'simulated' | undefined, 'off' | 'simulated'>;
  payee_name: string | null;
  payee_bank: string | null;
  payee_account: string | null;
  bank_mapping: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface FeeSchedulesTable {
  id: Id;
  community_id: number;
  unit_kind: UnitKind;
  rate_cf_per_m2: number;
  effective_from: string;
  decision_ref: string;
  decision_id: number | null;
  document_sha256: string | null;
  document_name: string | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface BillRunsTable {
  id: Id;
  community_id: number;
  idempotency_key: string;
  period: string;
  period_kind: 'month' | 'quarter' | 'year';
  first_month: string;
  last_month: string;
  issued_on: string;
  due_on: string;
  supplementary: ColumnType<boolean, boolean | undefined, boolean>;
  bill_count: number;
  total_fen: number;
  ledger_seq: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface BillsTable {
  id: Id;
  community_id: number;
  run_id: number;
  unit_id: number;
  building_id: number;
  unit_kind: UnitKind;
  period: string;
  first_month: string;
  last_month: string;
  months: number;
  area_cm2: number;
  amount_fen: number;
  paid_fen: ColumnType<number, number | undefined, number>;
  ontime_fen: ColumnType<number, number | undefined, number>;
  detail: ColumnType<unknown, string, string>;
  issued_on: string;
  due_on: string;
  settled_on: string | null;
}

export interface UnitBillingTable {
  unit_id: number;
  community_id: number;
  prepaid_fen: ColumnType<number, number | undefined, number>;
}

export interface PaymentsTable {
  id: Id;
  community_id: number;
  unit_id: number;
  idempotency_key: string;
  channel: PaymentChannel;
  amount_fen: number;
  paid_on: string;
  reference: string | null;
  note: string | null;
  receipt_no: string;
  ledger_seq: number;
  bank_line_id: number | null;
  recorded_by: number | null;
  recorded_at: CreatedAt;
}

export interface AllocationsTable {
  id: Id;
  community_id: number;
  unit_id: number;
  bill_id: number;
  payment_id: number | null;
  run_id: number | null;
  source: 'payment' | 'prepayment';
  amount_fen: number;
  allocated_on: string;
}

export interface RefundsTable {
  id: Id;
  community_id: number;
  unit_id: number;
  idempotency_key: string;
  channel: PaymentChannel;
  amount_fen: number;
  refunded_on: string;
  reason: string;
  ledger_seq: number;
  recorded_by: number | null;
  recorded_at: CreatedAt;
}

export interface CollectionStatsTable {
  community_id: number;
  period: string;
  first_month: string;
  building_id: number;
  unit_kind: UnitKind;
  billed_units: ColumnType<number, number | undefined, number>;
  billed_fen: ColumnType<number, number | undefined, number>;
  paid_units: ColumnType<number, number | undefined, number>;
  paid_fen: ColumnType<number, number | undefined, number>;
  ontime_units: ColumnType<number, number | undefined, number>;
  ontime_fen: ColumnType<number, number | undefined, number>;
}

export interface BankImportsTable {
  id: Id;
  community_id: number;
  file_sha256: string;
  file_name: string;
  encoding: string;
  mapping: ColumnType<unknown, string, string>;
  line_count: number;
  imported_by: number | null;
  imported_at: CreatedAt;
}

export interface BankLinesTable {
  id: Id;
  import_id: number;
  community_id: number;
  line_no: number;
  txn_date: string;
  amount_fen: number;
  counterparty: string;
  memo: string;
  serial: string | null;
  fingerprint: string;
  status: BankLineStatus;
  match_rule: string | null;
  unit_id: number | null;
  candidates: ColumnType<unknown, string | undefined, string>;
  payment_id: number | null;
}

export interface RemindersTable {
  id: Id;
  community_id: number;
  unit_id: number;
  stage: number;
  issued_on: string;
  reply_by: string;
  arrears_fen: number;
  oldest_month: string;
  bill_count: number;
  created_by: number | null;
  created_at: CreatedAt;
  read_at: Date | null;
}

// ---------------------------------------------------------------------------------------------
// owners' decisions and committee meetings (migration 0004)

export type DecisionStateColumn = 'draft' | 'noticed' | 'voting' | 'counted' | 'objection' | 'final' | 'failed' | 'withdrawn';
export type BallotChoice = 'agree' | 'oppose' | 'abstain';
export type BallotChannel = 'online' | 'paper' | 'proxy';
export type AttachmentKind = 'budget' | 'contract' | 'fee_proposal' | 'minutes' | 'other';

export interface DecisionsTable {
  id: Id;
  community_id: number;
  kind: 'meeting' | 'written';
  title: string;
  description: ColumnType<string, string | undefined, string>;
  meeting_place: string | null;
  state: ColumnType<DecisionStateColumn, DecisionStateColumn | undefined, DecisionStateColumn>;
  notice_days: ColumnType<number, number | undefined, never>;
  objection_days: ColumnType<number, number | undefined, never>;
  voting_opens_on: string;
  voting_closes_on: string;
  include_parking: ColumnType<boolean, boolean | undefined, never>;
  include_storage: ColumnType<boolean | null, boolean | null | undefined, never>;
  noticed_on: string | null;
  opened_at: Date | null;
  closed_at: Date | null;
  published_on: string | null;
  finished_on: string | null;
  withdrawn_reason: string | null;
  roll_total_area_cm2: number | null;
  roll_total_headcount: number | null;
  roll_excluded_unit_ids: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface DecisionItemsTable {
  id: Id;
  decision_id: number;
  position: number;
  matter: number;
  title: string;
  body: ColumnType<string, string | undefined, never>;
  fee_unit_kind: UnitKind | null;
  fee_rate_cf: number | null;
  fee_effective_from: string | null;
}

export interface DecisionAttachmentsTable {
  decision_id: number;
  position: number;
  kind: AttachmentKind;
  sha256: string;
  name: string;
}

export interface DecisionVotersTable {
  decision_id: number;
  voter_id: number;
  kind: 'owners' | 'developer' | 'unowned';
  unit_ids: number[];
  unit_codes: string[];
  area_cm2: number;
  person_ids: number[];
  pseudonym: string;
}

export interface DecisionVoterPersonsTable {
  decision_id: number;
  person_id: number;
  voter_id: number;
}

export interface DecisionProxiesTable {
  decision_id: number;
  voter_id: number;
  account_id: number;
  authorization_sha256: string;
  authorization_name: string;
  registered_by: number;
  registered_at: ColumnType<Date, Date | string, never>;
}

export interface BallotReceiptsTable {
  id: Id;
  decision_id: number;
  voter_id: number;
  idempotency_key: string;
  receipt_hash: string;
  cast_by: number | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface PaperEntriesTable {
  id: Id;
  decision_id: number;
  voter_id: number;
  idempotency_key: string;
  choices: ColumnType<{ item: number; choice: BallotChoice }[], string, never>;
  scan_sha256: string;
  authorization_sha256: string | null;
  entered_by: number;
  entered_at: ColumnType<Date, Date | string, never>;
  status: ColumnType<'pending' | 'confirmed' | 'rejected', 'pending' | undefined, 'confirmed' | 'rejected'>;
  decided_by: number | null;
  decided_at: Date | null;
  reject_reason: string | null;
  receipt_id: number | null;
}

export interface BallotsTable {
  id: Id;
  decision_id: number;
  item_id: number;
  voter_id: number;
  choice: BallotChoice;
  channel: BallotChannel;
  receipt_id: number;
  cast_by: number | null;
  entered_by: number | null;
  confirmed_by: number | null;
  scan_sha256: string | null;
  authorization_sha256: string | null;
  paper_entry_id: number | null;
  seq: number;
  prev_hash: string;
  hash: string;
  cast_at: ColumnType<Date, Date | string, never>;
}

export interface DecisionCountsTable {
  decision_id: number;
  round: number;
  counted_at: ColumnType<Date, Date | string, never>;
  counted_by: number | null;
  ballot_count: number;
  last_seq: number;
  last_hash: string;
  results: ColumnType<unknown, string, never>;
  pending_paper: ColumnType<number, number | undefined, never>;
  objection: string | null;
}

export interface CommitteeMeetingsTable {
  id: Id;
  community_id: number;
  title: string;
  motion: string;
  held_on: string;
  member_count: number;
  state: ColumnType<'open' | 'posted', 'open' | undefined, 'posted'>;
  result: ColumnType<unknown, string | null | undefined, string>;
  posted_on: string | null;
  posted_by: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface CommitteeMeetingMembersTable {
  meeting_id: number;
  account_id: number;
  name: string;
}

export interface CommitteeAttendanceTable {
  meeting_id: number;
  account_id: number;
  at: ColumnType<Date, Date | string, never>;
}

export interface CommitteeVotesTable {
  meeting_id: number;
  account_id: number;
  choice: BallotChoice;
  cast_at: ColumnType<Date, Date | string, never>;
}

// service quality (0005-quality.ts)
export type WorkOrderStateDb = 'submitted' | 'assigned' | 'in_progress' | 'resolved' | 'closed' | 'cancelled';

export interface QualitySettingsTable {
  community_id: number;
  calendar: ColumnType<unknown, string | null | undefined, string | null>;
  weights: ColumnType<unknown, string | null | undefined, string | null>;
  reopen_days: number | null;
  updated_by: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface QualityCataloguesTable {
  id: Id;
  community_id: number;
  version: number;
  effective_from: string;
  contract_ref: string;
  catalogue: ColumnType<unknown, string, never>;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface WorkOrdersTable {
  id: Id;
  community_id: number;
  unit_id: number | null;
  filed_by: number;
  kind: 'repair' | 'complaint';
  category: string;
  urgent: ColumnType<boolean, boolean | undefined, never>;
  title: string;
  description: ColumnType<string, string | undefined, never>;
  location: ColumnType<string, string | undefined, never>;
  contact_name: string | null;
  contact_phone: string | null;
  state: ColumnType<WorkOrderStateDb, WorkOrderStateDb | undefined, WorkOrderStateDb>;
  sla: ColumnType<unknown, string, never>;
  catalogue_version: number | null;
  submitted_at: ColumnType<Date, Date | string, never>;
  assigned_at: Timestamp | null;
  assignee: string | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  rating: number | null;
  rating_comment: string | null;
  inspection_item_id: number | null;
  idempotency_key: string;
}

export interface WorkOrderEventsTable {
  id: Id;
  work_order_id: number;
  at: ColumnType<Date, Date | string, never>;
  actor_id: number | null;
  actor_role: 'resident' | 'trustee' | 'system';
  from_state: string | null;
  to_state: string;
  note: ColumnType<string, string | undefined, never>;
  photos: ColumnType<string[], string[] | undefined, never>;
}

export interface InspectionsTable {
  id: Id;
  community_id: number;
  catalogue_version: number;
  inspected_on: string;
  inspector_id: number;
  state: ColumnType<'draft' | 'submitted', 'draft' | 'submitted' | undefined, 'draft' | 'submitted'>;
  score_bp: number | null;
  note: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | string, never>;
  submitted_at: Timestamp | null;
}

export interface InspectionItemsTable {
  id: Id;
  inspection_id: number;
  item_code: string;
  score_bp: number;
  finding: ColumnType<string, string | undefined, string>;
  photos: ColumnType<string[], string[] | undefined, string[]>;
  work_order_id: number | null;
}

export interface SurveysTable {
  id: Id;
  community_id: number;
  period: string;
  opens_on: string;
  closes_on: string;
  categories: string[];
  created_by: number | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface SurveyResponsesTable {
  survey_id: number;
  unit_id: number;
  account_id: number;
  ratings: ColumnType<unknown, string, string>;
  comment: ColumnType<string, string | undefined, string>;
  submitted_at: Timestamp;
}

export interface QualityScoresTable {
  community_id: number;
  period: string;
  score_bp: number | null;
  parts: ColumnType<unknown, string, string>;
  deduction_bp: ColumnType<number, number | undefined, number>;
  computed_at: Timestamp;
}

// --- budget and spending controls (0006) ---

export type BudgetVersionState = 'draft' | 'consultation' | 'superseded' | 'voting' | 'adopted' | 'rejected';
export type ProposalState = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'posted';
export type ApprovalLevel = 'member' | 'committee' | 'owners';

export interface BudgetSettingsTable {
  community_id: number;
  committee_threshold_fen: number | null;
  owners_threshold_fen: number | null;
  tender_threshold_fen: number | null;
  min_quotes: number | null;
  disclose_within_days: number | null;
  updated_by: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface BudgetsTable {
  id: Id;
  community_id: number;
  year: number;
  title: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface BudgetVersionsTable {
  id: Id;
  budget_id: number;
  number: number;
  kind: 'original' | 'supplementary';
  state: BudgetVersionState;
  fee_income_fen: ColumnType<number, number | undefined, number>;
  collection_rate_bp: ColumnType<number, number | undefined, number>;
  public_revenue_fen: ColumnType<number, number | undefined, number>;
  other_income_fen: ColumnType<number, number | undefined, number>;
  reserve_fen: ColumnType<number, number | undefined, number>;
  basis: ColumnType<string, string | undefined, string>;
  note: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: CreatedAt;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  published_by: number | null;
  consultation_ends_on: string | null;
  decision_id: number | null;
  decision_item: number | null;
  submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  submitted_by: number | null;
  adopted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_note: string | null;
}

export interface BudgetLinesTable {
  version_id: number;
  code: string;
  position: number;
  account_code: string;
  name: string;
  amount_fen: number;
  basis: ColumnType<string, string | undefined, string>;
  standard_code: string | null;
}

export interface BudgetCommentsTable {
  id: Id;
  version_id: number;
  line_code: string | null;
  author_id: number;
  author_role: 'owner' | 'resident';
  stance: 'support' | 'oppose' | 'comment';
  body: string;
  idempotency_key: string;
  created_at: CreatedAt;
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_by: number | null;
  hidden_reason: string | null;
}

export interface BudgetCommentModerationTable {
  id: Id;
  comment_id: number;
  action: 'hide' | 'unhide';
  reason: string;
  by_account: number;
  at: CreatedAt;
}

export interface BudgetAnswersTable {
  comment_id: number;
  version_id: number;
  body: string;
  answered_by: number | null;
  answered_at: CreatedAt;
}

export interface BudgetFinalAccountsTable {
  budget_id: number;
  summary: string;
  figures: ColumnType<unknown, string, string>;
  published_at: Timestamp;
  published_by: number | null;
}

export interface ExpenseProposalsTable {
  id: Id;
  community_id: number;
  budget_id: number | null;
  line_code: string | null;
  account_code: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  counterparty: string;
  amount_fen: number;
  emergency: ColumnType<boolean, boolean | undefined, boolean>;
  emergency_reason: string | null;
  state: ProposalState;
  approval_level: ApprovalLevel;
  quotes_required: ColumnType<number, number | undefined, number>;
  choice_reason: string | null;
  decision_id: number | null;
  decision_item: number | null;
  proposed_by: number;
  proposed_at: Timestamp;
  approved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  disclosed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  disclosed_by: number | null;
  ratification: 'pending' | 'ratified' | 'refused' | null;
  ratified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  ledger_seq: number | null;
  posted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  posted_by: number | null;
  idempotency_key: string;
}

export interface ExpenseQuotesTable {
  proposal_id: number;
  position: number;
  vendor: string;
  amount_fen: number;
  sha256: string;
  file_name: string;
  chosen: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ExpenseApprovalsTable {
  proposal_id: number;
  account_id: number;
  verdict: 'approve' | 'reject';
  note: ColumnType<string, string | undefined, string>;
  purpose: 'approval' | 'ratification';
  at: Timestamp;
}

export interface ExpenseEventsTable {
  id: Id;
  proposal_id: number;
  at: Timestamp;
  by_account: number | null;
  action: string;
  detail: ColumnType<unknown, string | undefined, string>;
}

export interface DB {
  files: FilesTable;
  ledgers: LedgersTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_files: LedgerFilesTable;
  ledger_heads: LedgerHeadsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lines: LedgerLinesTable;
  ledger_vouchers: LedgerVouchersTable;
  ledger_balances: LedgerBalancesTable;
  ledger_periods: LedgerPeriodsTable;
  disclosures: DisclosuresTable;
  voucher_views: VoucherViewsTable;
  trust_contracts: TrustContractsTable;
  trust_breaches: TrustBreachesTable;
  communities: CommunitiesTable;
  grids: GridsTable;
  buildings: BuildingsTable;
  units: UnitsTable;
  persons: PersonsTable;
  unit_owners: UnitOwnersTable;
  unit_occupants: UnitOccupantsTable;
  accounts: AccountsTable;
  account_persons: AccountPersonsTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  roster_imports: RosterImportsTable;
  billing_settings: BillingSettingsTable;
  fee_schedules: FeeSchedulesTable;
  bill_runs: BillRunsTable;
  bills: BillsTable;
  unit_billing: UnitBillingTable;
  payments: PaymentsTable;
  allocations: AllocationsTable;
  refunds: RefundsTable;
  collection_stats: CollectionStatsTable;
  bank_imports: BankImportsTable;
  bank_lines: BankLinesTable;
  reminders: RemindersTable;
  decisions: DecisionsTable;
  decision_items: DecisionItemsTable;
  decision_attachments: DecisionAttachmentsTable;
  decision_voters: DecisionVotersTable;
  decision_voter_persons: DecisionVoterPersonsTable;
  decision_proxies: DecisionProxiesTable;
  ballot_receipts: BallotReceiptsTable;
  paper_entries: PaperEntriesTable;
  ballots: BallotsTable;
  decision_counts: DecisionCountsTable;
  committee_meetings: CommitteeMeetingsTable;
  committee_meeting_members: CommitteeMeetingMembersTable;
  committee_attendance: CommitteeAttendanceTable;
  committee_votes: CommitteeVotesTable;
  quality_settings: QualitySettingsTable;
  quality_catalogues: QualityCataloguesTable;
  work_orders: WorkOrdersTable;
  work_order_events: WorkOrderEventsTable;
  inspections: InspectionsTable;
  inspection_items: InspectionItemsTable;
  surveys: SurveysTable;
  survey_responses: SurveyResponsesTable;
  quality_scores: QualityScoresTable;
  budget_settings: BudgetSettingsTable;
  budgets: BudgetsTable;
  budget_versions: BudgetVersionsTable;
  budget_lines: BudgetLinesTable;
  budget_comments: BudgetCommentsTable;
  budget_comment_moderation: BudgetCommentModerationTable;
  budget_answers: BudgetAnswersTable;
  budget_final_accounts: BudgetFinalAccountsTable;
  expense_proposals: ExpenseProposalsTable;
  expense_quotes: ExpenseQuotesTable;
  expense_approvals: ExpenseApprovalsTable;
  expense_events: ExpenseEventsTable;
}

/** Response shapes of the Xinyi HTTP API (see the API contract in docs/). */

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

export type UnitKind = 'residential' | 'commercial' | 'parking' | 'storage';
export type DeliveryStatus = 'delivered' | 'undelivered' | 'unsold';

export interface Account {
  id: number;
  login: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
}

export interface RoleGrant {
  role: Role;
  communityCode: string | null;
  communityName: string | null;
  region: string | null;
}

export type Me =
  | { account: null }
  | { account: Account; csrfToken: string; roles: RoleGrant[] };

export type SignedIn = Extract<Me, { account: Account }>;

export interface Health {
  status: 'ok';
  engine: 'embedded' | 'external';
  version: string;
}

export interface CommunitySummary {
  code: string;
  name: string;
  nameEn: string | null;
  district: string | null;
  street: string | null;
}

export interface CommunityDetail {
  code: string;
  name: string;
  nameEn: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  address: string | null;
  trustSince: string | null;
  stats: {
    buildings: number;
    units: number;
    unitsByKind: Record<UnitKind, number>;
    totalAreaCm2: number;
    owners: number;
    tenants: number;
  };
  buildings: { name: string; units: number }[];
}

/** Person fields may arrive masked (张*, 138****1234) or with phone null, depending on role. */
export interface PersonContact {
  name: string;
  phone: string | null;
}

export interface RegisterUnit {
  id: number;
  code: string;
  building: string;
  kind: UnitKind;
  areaCm2: number;
  deliveryStatus: DeliveryStatus;
  grid: string | null;
  microGrid: string | null;
  owners: PersonContact[];
  tenants: PersonContact[];
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface UnitQuery {
  q?: string;
  building?: string;
  kind?: UnitKind;
  page?: number;
  pageSize?: number;
}

export interface Invitation {
  code: string;
  expiresAt: string;
}

export interface RosterImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface RosterRowError {
  row: number;
  column: string;
  code: string;
  message: string;
  value: string | null;
}

export interface MyUnit {
  communityCode: string;
  communityName: string;
  unitId: number;
  pseudonym: string | null;
  code: string;
  building: string;
  kind: UnitKind;
  areaCm2: number;
  deliveryStatus: DeliveryStatus;
  relation: 'owner' | 'tenant';
  owners: { name: string }[];
  tenants: { name: string }[];
}

// ---- the common fund ledger (amounts in fen, periods 'YYYY-MM', dates 'YYYY-MM-DD') ----

export type AccountType = 'asset' | 'liability' | 'net_assets' | 'income' | 'expense';

export interface AccountAmount {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
  debitFen: number;
  creditFen: number;
  /** in the account's natural direction */
  amountFen: number;
}

export interface RemunerationLine {
  period: string;
  baseFen: number;
  /** basis points: 1500 = 15.00 % */
  rateBp: number;
  grossFen: number;
  deductionFen: number;
  amountFen: number;
  seq: number;
}

export interface Statement {
  from: string;
  to: string;
  income: AccountAmount[];
  expense: AccountAmount[];
  incomeFen: number;
  expenseFen: number;
  surplusFen: number;
  fundBalanceFen: number;
  assets: AccountAmount[];
  liabilities: AccountAmount[];
  remuneration: RemunerationLine[];
  checkpoint: { period: string; seq: number; hash: string } | null;
}

export interface SeriesPoint {
  period: string;
  incomeFen: number;
  expenseFen: number;
  surplusFen: number;
  fundBalanceFen: number;
  closed: boolean;
}

export interface Series {
  from: string;
  to: string;
  items: SeriesPoint[];
}

export interface LedgerLine {
  account: string;
  debitFen: number;
  creditFen: number;
}

export interface Voucher {
  sha256: string;
  name: string;
}

export interface LedgerEntry {
  seq: number;
  date: string;
  memo: string;
  reason: string;
  /** a vendor, or a unit pseudonym — never a person's name */
  counterparty: string | null;
  budgetLine: string | null;
  reverses: number | null;
  reversedBy: number | null;
  refs: Record<string, string | number>;
  recordedAt: string;
  prevHash: string;
  hash: string;
  lines: LedgerLine[];
  vouchers: Voucher[];
}

export interface EntryQuery {
  period?: string;
  account?: string;
  counterparty?: string;
  page?: number;
  pageSize?: number;
}

export type DisclosureStatus = 'on_time' | 'late' | 'missing' | 'not_due';

export interface CalendarMonth {
  period: string;
  due: string;
  closed: boolean;
  checkpoint: { seq: number; hash: string } | null;
  publishedAt: string | null;
  status: DisclosureStatus;
}

export interface DisclosureCalendar {
  from: string;
  to: string;
  today: string;
  items: CalendarMonth[];
}

export interface TrialBalance {
  to: string;
  accounts: AccountAmount[];
  debitFen: number;
  creditFen: number;
}

export interface StoredVoucher {
  sha256: string;
  mediaType: string;
  sizeBytes: number;
}

export interface NewEntry {
  idempotencyKey: string;
  date: string;
  memo: string;
  reason: string;
  counterparty?: string | null;
  budgetLine?: string | null;
  lines: LedgerLine[];
  vouchers?: Voucher[];
}

export interface Posted {
  seq: number;
  hash: string;
  /** false when this idempotency key had been posted before */
  created: boolean;
}

export interface VoucherView {
  at: string;
  accountId: number | null;
  /** display name of the viewing account */
  viewer: string | null;
  seq: number;
  sha256: string;
  name: string | null;
}

// ---- billing and collection (money in fen, areas in centi-m², rates in basis points) ----

export type PaymentChannel = 'bank' | 'wechat' | 'alipay' | 'cash' | 'pos';
export type OnlinePayments = 'off' | 'simulated';

export interface BillingSettings {
  onlinePayments: OnlinePayments;
  payeeName: string | null;
  payeeBank: string | null;
  payeeAccount: string | null;
}

export type BillingSettingsChange = Partial<BillingSettings>;

export interface FeeSchedule {
  id: number;
  unitKind: UnitKind;
  /** centi-fen per m² per month: 1.10 yuan = 11000 */
  rateCf: number;
  /** the first day of a month */
  effectiveFrom: string;
  decisionRef: string;
  decisionId: number | null;
  document: { sha256: string; name: string } | null;
  createdAt: string;
}

export interface NewFeeSchedule {
  unitKind: UnitKind;
  rateCf: number;
  effectiveFrom: string;
  decisionRef: string;
  document?: { sha256: string; name: string } | null;
}

export interface StoredDocument {
  sha256: string;
  mediaType: string;
  sizeBytes: number;
}

export type BillingPeriodKind = 'month' | 'quarter' | 'year';

export interface RunPreview {
  period: string;
  kind: BillingPeriodKind;
  firstMonth: string;
  lastMonth: string;
  billCount: number;
  totalFen: number;
  byKind: { unitKind: string; units: number; amountFen: number }[];
  notBilled: { unitKind: string; units: number; reason: 'no_schedule' }[];
  existingRuns: { id: number; period: string }[];
  sample: { unitId: number; code: string; areaCm2: number; amountFen: number }[];
}

export interface NewRun {
  period: string;
  supplementary?: boolean;
  idempotencyKey: string;
  issuedOn?: string;
  dueOn?: string;
}

export interface RunResult {
  runId: number;
  period: string;
  billCount: number;
  totalFen: number;
  appliedPrepaymentFen: number;
  ledgerSeq: number | null;
  /** false when this idempotency key had issued the run before */
  created: boolean;
}

export interface BillRun {
  id: number;
  period: string;
  kind: string;
  firstMonth: string;
  lastMonth: string;
  issuedOn: string;
  dueOn: string;
  supplementary: boolean;
  billCount: number;
  totalFen: number;
  ledgerSeq: number | null;
}

export interface NewPayment {
  unitId?: number;
  unitCode?: string;
  amountFen: number;
  channel: PaymentChannel;
  paidOn: string;
  idempotencyKey: string;
  reference?: string | null;
  note?: string | null;
}

export interface PaymentResult {
  paymentId: number;
  receiptNo: string;
  ledgerSeq: number;
  amountFen: number;
  allocatedFen: number;
  prepaidFen: number;
  created: boolean;
}

export interface NewRefund {
  unitId: number;
  amountFen: number;
  channel: PaymentChannel;
  refundedOn: string;
  reason: string;
  idempotencyKey: string;
}

export interface RefundResult {
  refundId: number;
  ledgerSeq: number;
  amountFen: number;
  created: boolean;
}

export interface Receipt {
  paymentId: number;
  receiptNo: string;
  community: { code: string; name: string };
  unitCode: string;
  areaCm2: number;
  channel: PaymentChannel;
  amountFen: number;
  paidOn: string;
  recordedAt: string;
  ledgerSeq: number;
  pseudonym: string;
  allocations: { billId: number; period: string; amountFen: number; billAmountFen: number }[];
  prepaidFen: number;
}

/** Counts and rates of a group; `suppressed` (public view, under 5 units) zeroes the counts and nulls the rates. */
export interface CollectionFigure {
  suppressed: boolean;
  billedUnits: number;
  billedFen: number;
  paidUnits: number;
  paidFen: number;
  ontimeUnits: number;
  ontimeFen: number;
  /** basis points: 9950 = 99.50 % */
  byUnitsBp: number | null;
  byAmountBp: number | null;
  ontimeByUnitsBp: number | null;
  ontimeByAmountBp: number | null;
}

export type AgingBucket = '0-30' | '31-90' | '91-180' | '180+';

export interface Collection {
  asOf: string;
  trend: (CollectionFigure & { period: string; firstMonth: string })[];
  period: string | null;
  byBuilding: (CollectionFigure & { key: string; label: string })[];
  byKind: (CollectionFigure & { key: string; label: string })[];
  aging: { bucket: string; units: number | null; bills: number | null; arrearsFen: number | null; suppressed: boolean }[];
  minGroup: number;
}

export interface CollectionQuery {
  from?: string;
  to?: string;
  period?: string;
}

export interface ArrearsRow {
  unitId: number;
  code: string;
  building: string | null;
  unitKind: string;
  bills: number;
  arrearsFen: number;
  oldestMonth: string;
  daysOverdue: number;
  bucket: string;
  lastReminder: { id: number; stage: number; issuedOn: string; replyBy: string } | null;
}

export interface RemindersResult {
  issued: number;
  alreadyToday: number;
}

export interface ReminderNotice {
  id: number;
  community: string;
  unitCode: string;
  /** 1 友好提醒, 2 书面催告, 3 最后通知 */
  stage: number;
  issuedOn: string;
  replyBy: string;
  arrearsFen: number;
  oldestMonth: string;
  billCount: number;
  read: boolean;
}

export interface MyBill {
  id: number;
  period: string;
  firstMonth: string;
  lastMonth: string;
  months: number;
  areaCm2: number;
  amountFen: number;
  paidFen: number;
  detail: { month: string; rateCf: number; amountFen: number }[];
  issuedOn: string;
  dueOn: string;
  settledOn: string | null;
}

export interface MyBillingUnit {
  unitId: number;
  code: string;
  kind: string;
  areaCm2: number;
  community: { code: string; name: string };
  pseudonym: string;
  prepaidFen: number;
  outstandingFen: number;
  onlinePayments: OnlinePayments;
  payee: { name: string | null; bank: string | null; account: string } | null;
  bills: MyBill[];
  payments: { id: number; channel: PaymentChannel; amountFen: number; paidOn: string; receiptNo: string; ledgerSeq: number }[];
  refunds: { id: number; channel: PaymentChannel; amountFen: number; refundedOn: string; reason: string; ledgerSeq: number }[];
  reminders: { id: number; stage: number; issuedOn: string; replyBy: string; arrearsFen: number; read: boolean }[];
}

export interface OnlinePayment {
  channel: 'wechat' | 'alipay';
  amountFen?: number;
  idempotencyKey: string;
}

export type BankLineStatus = 'matched' | 'ambiguous' | 'unmatched' | 'duplicate' | 'confirmed' | 'ignored';

export interface BankLine {
  id: number;
  lineNo: number;
  date: string;
  amountFen: number;
  counterparty: string;
  memo: string;
  serial: string | null;
  status: BankLineStatus;
  rule: string | null;
  unit: { id: number; code: string } | null;
  candidates: { id: number; code: string }[];
  receiptNo: string | null;
}

export interface BankImport {
  id: number;
  fileName: string;
  encoding: string;
  importedAt: string;
  created: boolean;
  counts: Record<string, number>;
  lines: BankLine[];
}

export interface BankImportSummary {
  id: number;
  fileName: string;
  importedAt: string;
  lineCount: number;
  counts: Record<string, number>;
}

/** Which CSV column holds each field, by header name; omitted fields are detected. */
export interface BankMapping {
  date?: string;
  amount?: string;
  credit?: string;
  debit?: string;
  counterparty?: string;
  memo?: string;
  serial?: string;
  direction?: string;
}

export interface BankConfirmResult {
  confirmed: number;
  already: number;
  payments: { lineId: number; receiptNo: string }[];
}

// owners' decisions (业主共同决定) — src/modules/decisions/decisions.schemas.ts

export type DecisionState = 'draft' | 'noticed' | 'voting' | 'counted' | 'objection' | 'final' | 'failed' | 'withdrawn';
export type DecisionKind = 'meeting' | 'written';
export type BallotChoice = 'agree' | 'oppose' | 'abstain';
export type BallotChannel = 'online' | 'paper' | 'proxy';
export type ApprovalRule = 'majority' | 'three_quarters';
export type AttachmentKind = 'budget' | 'contract' | 'fee_proposal' | 'minutes' | 'other';
export type Words = { 'zh-CN': string; en: string };

export interface Figure {
  areaCm2: number;
  headcount: number;
}

export interface Tally {
  matter: number;
  rule: ApprovalRule;
  total: Figure;
  participating: Figure;
  agree: Figure;
  oppose: Figure;
  abstain: Figure;
  quorum: { area: boolean; headcount: boolean; met: boolean };
  approval: { area: boolean; headcount: boolean; met: boolean };
  passed: boolean;
  reasons: string[];
}

export interface ItemResult {
  item: number;
  tally: Tally;
  explanation: Words;
}

/** One of the nine matters of Civil Code art. 278 ¶1 and the approval rule it takes. */
export interface MatterType {
  code: number;
  name: string;
  nameEn: string;
  rule: ApprovalRule;
}

export interface RegisteredProxy {
  unitCodes: string[];
  proxy: string;
  authorizationSha256: string;
  authorizationName: string;
  registeredBy: string;
  registeredAt: string;
}

export interface FeeProposal {
  unitKind: UnitKind;
  rateCf: number;
  effectiveFrom: string;
  /** the fee schedule made from this item once the decision is final (read only) */
  scheduleId?: number | null;
}

export interface Decision {
  id: number;
  community: string;
  kind: DecisionKind;
  title: string;
  description: string;
  meetingPlace: string | null;
  state: DecisionState;
  noticeDays: number;
  objectionDays: number;
  votingOpensOn: string;
  votingClosesOn: string;
  noticedOn: string | null;
  earliestOpeningOn: string | null;
  publishedOn: string | null;
  objectionEndsOn: string | null;
  finishedOn: string | null;
  withdrawnReason: string | null;
  includeParking: boolean;
  includeStorage: boolean;
  items: { position: number; matter: number; matterName: string; matterNameEn: string; rule: ApprovalRule; title: string; body: string; fee: FeeProposal | null }[];
  attachments: { position: number; kind: AttachmentKind; sha256: string; name: string; mediaType: string; sizeBytes: number }[];
  roll: { totalAreaCm2: number; totalHeadcount: number } | null;
  count: {
    round: number;
    countedAt: string;
    ballots: number;
    lastSeq: number;
    lastHash: string;
    results: ItemResult[];
    pendingPaper: number | null;
    objection: string | null;
  } | null;
}

export interface DecisionSummary {
  id: number;
  kind: DecisionKind;
  title: string;
  state: DecisionState;
  noticedOn: string | null;
  votingOpensOn: string;
  votingClosesOn: string;
  publishedOn: string | null;
  finishedOn: string | null;
  items: { position: number; matter: number; title: string; passed: boolean | null }[];
}

export interface NewDecision {
  kind: DecisionKind;
  title: string;
  description?: string;
  meetingPlace?: string | null;
  votingOpensOn: string;
  votingClosesOn: string;
  noticeDays?: number;
  objectionDays?: number;
  includeParking?: boolean;
  includeStorage?: boolean | null;
  items: { matter: number; title: string; body?: string; fee?: FeeProposal | null }[];
  attachments?: { kind: AttachmentKind; sha256: string; name: string }[];
}

export interface DecisionMove {
  id: number;
  state: DecisionState;
  noticedOn?: string;
  publishedOn?: string;
  objectionEndsOn?: string;
  finishedOn?: string;
}

export interface DecisionResults {
  decisionId: number;
  title: string;
  state: DecisionState;
  publishedOn: string | null;
  objectionEndsOn: string | null;
  round: number;
  countedAt: string;
  ballots: number;
  lastSeq: number;
  lastHash: string;
  items: (ItemResult & { title: string })[];
}

export interface VoterRoll {
  decisionId: number;
  frozenAt: string | null;
  includeParking: boolean;
  includeStorage: boolean;
  totalAreaCm2: number;
  totalHeadcount: number;
  excludedUnits: number;
  voters: { voterId: number; kind: 'owners' | 'developer' | 'unowned'; unitCodes: string[]; areaCm2: number; castable: boolean }[];
}

export interface Turnout {
  decisionId: number;
  state: DecisionState;
  asOf: string;
  total: Figure;
  pendingPaper: number;
  items: { item: number; title: string; participating: Figure; areaPercent: string; headcountPercent: string; byChannel: Record<BallotChannel, number> }[];
  notVoted: { unitCodes: string[]; kind: string; areaCm2: number; itemsCast: number }[];
}

export interface MyVoter {
  voterId: number;
  unitCodes: string[];
  areaCm2: number;
  pseudonym: string;
  asProxy: boolean;
  items: { item: number; title: string; choice: BallotChoice | null; channel: BallotChannel | null; seq: number | null }[];
}

export interface MyVoters {
  decisionId: number;
  state: DecisionState;
  votingClosesOn: string;
  canVote: boolean;
  voters: MyVoter[];
}

export interface ChoiceOnItem {
  item: number;
  choice: BallotChoice;
}

export interface CastBallot {
  receiptCode: string;
  voter: { pseudonym: string; unitCodes: string[] };
  castAt: string;
  ballots: { item: number; choice: BallotChoice; channel: BallotChannel; seq: number; hash: string }[];
  created: boolean;
}

export interface PaperEntry {
  id: number;
  unitCodes: string[];
  status: 'pending' | 'confirmed' | 'rejected';
  scanSha256: string;
  authorizationSha256: string | null;
  enteredBy: string;
  enteredAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
}

export interface BallotReceipt {
  decision: string;
  title: string;
  state: DecisionState;
  voter: string;
  ballots: { item: number; choice: BallotChoice; channel: BallotChannel; seq: number; castAt: string; prevHash: string; hash: string; counted: boolean }[];
}

export interface CommitteeTally {
  memberCount: number;
  present: number;
  quorumMet: boolean;
  agree: number;
  oppose: number;
  abstain: number;
  notVoting: number;
  passed: boolean;
  reasons: ('passed' | 'no_quorum' | 'short_of_all_members')[];
}

export interface CommitteeMeeting {
  id: number;
  title: string;
  motion: string;
  heldOn: string;
  state: 'open' | 'posted';
  memberCount: number;
  postBy: string;
  postedOn: string | null;
  result: CommitteeTally | null;
  members: { accountId: number; name: string; present: boolean; choice: BallotChoice | null }[];
}

// ---- service quality: work orders, inspections, surveys, monthly scores (bp = basis points) ----

export type WorkOrderState = 'submitted' | 'assigned' | 'in_progress' | 'resolved' | 'closed' | 'cancelled';
export type WorkOrderKind = 'repair' | 'complaint';

export interface WorkOrder {
  id: number;
  unitCode: string | null;
  kind: WorkOrderKind;
  category: string;
  urgent: boolean;
  title: string;
  description: string;
  location: string;
  /** null for committee and supervisor */
  contact: { name: string | null; phone: string | null } | null;
  state: WorkOrderState;
  assignee: string | null;
  submittedAt: string;
  assignedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  catalogueVersion: number | null;
  sla: {
    responseMinutes: number;
    completionMinutes: number;
    calendar: 'working' | '24x7';
    responseDueAt: string | null;
    completionDueAt: string | null;
    responseMet: boolean | null;
    completionMet: boolean | null;
    overdue: boolean;
  };
}

export interface WorkOrderEvent {
  at: string;
  actor: 'resident' | 'trustee' | 'system';
  from: string | null;
  to: string;
  note: string;
  photos: string[];
}

export interface WorkOrderDetail extends WorkOrder {
  reopenUntil: string | null;
  events: WorkOrderEvent[];
}

export interface MyWorkOrder extends WorkOrder {
  community: { code: string; name: string };
}

export interface NewWorkOrder {
  unitId: number;
  kind: WorkOrderKind;
  category: string;
  urgent?: boolean;
  title: string;
  description?: string;
  location?: string;
  contactName?: string;
  contactPhone?: string;
  photos?: string[];
  idempotencyKey: string;
}

export interface WorkOrderMove {
  id: number;
  state: WorkOrderState;
}

export interface WorkOrderQuery {
  state?: WorkOrderState;
  open?: boolean;
  overdue?: boolean;
  limit?: number;
}

export interface WorkOrderStats {
  month: string;
  total: number;
  byCategory: { category: string; count: number }[];
  byState: { state: WorkOrderState; count: number }[];
  overdueCount: number;
  sla: { dueCount: number; metCount: number; pendingCount: number; complianceBp: number | null };
}

export interface InspectionMonth {
  month: string;
  inspections: number;
  averageBp: number;
}

export interface InspectionSummary {
  id: number;
  catalogueVersion: number;
  inspectedOn: string;
  inspectorId: number;
  inspector: string;
  state: 'draft' | 'submitted';
  scoreBp: number | null;
  note: string;
  createdAt: string;
  submittedAt: string | null;
}

export interface Inspection extends InspectionSummary {
  items: { itemCode: string; category: string | null; commitment: string | null; scoreBp: number; finding: string; photos: string[]; workOrderId: number | null }[];
}

export type SurveyState = 'upcoming' | 'open' | 'closed';

export interface Survey {
  id: number;
  period: string;
  opensOn: string;
  closesOn: string;
  categories: string[];
  state: SurveyState;
  households: number;
}

export interface SurveyResults {
  id: number;
  period: string;
  opensOn: string;
  closesOn: string;
  state: SurveyState;
  households: number;
  categories: { category: string; responses: number; suppressed: boolean; meanRatingX100: number | null; scoreBp: number | null; counts: number[] | null }[];
}

export interface MySurvey {
  id: number;
  period: string;
  categories: string[];
  state: SurveyState;
  households: { unitId: number; unitCode: string; answer: { ratings: Record<string, number>; comment: string; submittedAt: string } | null }[];
}

export type ScorePart = { bp: number; count: number; weightBp: number } | null;

export interface QualityScore {
  period: string;
  scoreBp: number | null;
  sla: ScorePart;
  inspection: ScorePart;
  satisfaction: ScorePart;
  deductionBp: number;
  computedAt: string;
}

/** The service standards in force in a community (GET …/quality/catalogue); version null: the default. */
/** A work-order SLA: minutes on the community's working calendar, or around the clock. */
export interface QualitySla {
  responseMinutes: number;
  completionMinutes: number;
  calendar: 'working' | '24x7';
}

export type QualityFrequency = { kind: 'interval'; every: number; unit: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' } | { kind: 'per_event' } | { kind: 'continuous' };

export interface QualityCatalogueItem {
  code: string;
  commitment: string;
  commitmentEn: string;
  metric: string;
  metricEn: string;
  frequency: QualityFrequency;
  evidence: string;
  evidenceEn: string;
}

export interface QualityCatalogueCategory {
  code: string;
  name: string;
  nameEn: string;
  sla: QualitySla;
  urgentSla?: QualitySla;
  items: QualityCatalogueItem[];
}

/** The service standards in force (workorders.schemas.ts CatalogueOut); version null: the default catalogue. */
export interface QualityCatalogue {
  version: number | null;
  categories: QualityCatalogueCategory[];
}

/** A new version of the standards (CatalogueBody), from effectiveFrom (YYYY-MM-DD, today or later). */
export interface QualityCatalogueBody {
  effectiveFrom: string;
  contractRef: string;
  categories: QualityCatalogueCategory[];
}

import { download, get, post, request, setCsrfToken } from './client';
import type {
  BallotChoice,
  BallotReceipt,
  CastBallot,
  ChoiceOnItem,
  CommitteeMeeting,
  Decision,
  DecisionMove,
  DecisionResults,
  DecisionSummary,
  MyVoters,
  NewDecision,
  PaperEntry,
  Turnout,
  VoterRoll,
  ArrearsRow,
  BankConfirmResult,
  BankImport,
  BankImportSummary,
  BankMapping,
  BillingSettings,
  BillingSettingsChange,
  BillRun,
  Collection,
  CollectionQuery,
  FeeSchedule,
  MyBillingUnit,
  NewFeeSchedule,
  NewPayment,
  NewRefund,
  NewRun,
  OnlinePayment,
  PaymentResult,
  Receipt,
  RefundResult,
  ReminderNotice,
  RemindersResult,
  RunPreview,
  RunResult,
  StoredDocument,
  CommunityDetail,
  CommunitySummary,
  DisclosureCalendar,
  EntryQuery,
  Health,
  Invitation,
  LedgerEntry,
  Me,
  MyUnit,
  NewEntry,
  Page,
  Posted,
  RegisterUnit,
  RosterImportResult,
  Series,
  Statement,
  StoredVoucher,
  TrialBalance,
  UnitQuery,
  VoucherView,
  MatterType,
  RegisteredProxy,
  Inspection,
  InspectionMonth,
  InspectionSummary,
  MySurvey,
  MyWorkOrder,
  NewWorkOrder,
  QualityScore,
  Survey,
  SurveyResults,
  WorkOrder,
  WorkOrderDetail,
  WorkOrderMove,
  WorkOrderQuery,
  WorkOrderStats,
  QualityCatalogue,
  QualityCatalogueBody,
} from './types';

export { ApiError, saveBlob, setUnauthenticatedHandler } from './client';
export type * from './types';
export * from './budget';

const c = (code: string) => `/api/communities/${encodeURIComponent(code)}`;

function remember(me: Me): Me {
  setCsrfToken(me.account ? me.csrfToken : null);
  return me;
}

export const api = {
  health: () => get<Health>('/api/health'),

  me: async () => remember(await get<Me>('/api/auth/me')),
  login: async (login: string, password: string) => remember(await post<Me>('/api/auth/login', { login, password })),
  claim: async (invitationCode: string, phone: string, password: string) =>
    remember(await post<Me>('/api/auth/claim', { invitationCode, phone, password })),
  logout: async () => {
    const result = await post<{ ok: true }>('/api/auth/logout');
    setCsrfToken(null);
    return result;
  },

  communities: (signal?: AbortSignal) => get<{ items: CommunitySummary[] }>('/api/communities', undefined, signal),
  community: (code: string, signal?: AbortSignal) => get<CommunityDetail>(c(code), undefined, signal),
  units: (code: string, query: UnitQuery, signal?: AbortSignal) =>
    get<Page<RegisterUnit>>(`${c(code)}/units`, { ...query }, signal),
  createInvitation: (code: string, unitId: number) =>
    post<Invitation>(`${c(code)}/units/${unitId}/invitations`),

  importRoster: (code: string, file: File, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<RosterImportResult>('POST', `${c(code)}/roster/import`, { form, query: { dryRun } });
  },
  exportRoster: (code: string) => download(`${c(code)}/roster/export`, `${code}-roster.xlsx`),

  myUnits: (signal?: AbortSignal) => get<{ items: MyUnit[] }>('/api/me/units', undefined, signal),

  // the common fund ledger
  statement: (code: string, q: { period: string } | { year: number }, signal?: AbortSignal) =>
    get<Statement>(`${c(code)}/ledger/statement`, q, signal),
  series: (code: string, from: string, to: string, signal?: AbortSignal) => get<Series>(`${c(code)}/ledger/series`, { from, to }, signal),
  entries: (code: string, query: EntryQuery, signal?: AbortSignal) => get<Page<LedgerEntry>>(`${c(code)}/ledger/entries`, { ...query }, signal),
  entry: (code: string, seq: number, signal?: AbortSignal) => get<LedgerEntry>(`${c(code)}/ledger/entries/${seq}`, undefined, signal),
  calendar: (code: string, signal?: AbortSignal) => get<DisclosureCalendar>(`${c(code)}/ledger/calendar`, undefined, signal),
  ledgerAccounts: (code: string, signal?: AbortSignal) => get<TrialBalance>(`${c(code)}/ledger/accounts`, undefined, signal),
  /** The voucher file's address: opened in a new tab, with the session cookie (each view is logged). */
  voucherUrl: (code: string, seq: number, sha256: string) => `${c(code)}/ledger/entries/${seq}/vouchers/${sha256}`,
  uploadVoucher: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredVoucher>('POST', `${c(code)}/ledger/vouchers`, { form });
  },
  voucherViews: (code: string, page: number, signal?: AbortSignal) =>
    get<Page<VoucherView>>(`${c(code)}/ledger/voucher-views`, { page, pageSize: 50 }, signal),
  closeMonth: (code: string, period: string) =>
    post<{ period: string; seq: number; hash: string; alreadyClosed: boolean }>(`${c(code)}/ledger/close`, { period }),
  publish: (code: string, period: string) =>
    post<{ period: string; publishedAt: string; checkpoint: { seq: number; hash: string } }>(`${c(code)}/ledger/publish`, { period }),
  postEntry: (code: string, entry: NewEntry) => post<Posted>(`${c(code)}/ledger/entries`, entry),

  // billing and collection
  billingSettings: (code: string, signal?: AbortSignal) => get<BillingSettings>(`${c(code)}/billing/settings`, undefined, signal),
  saveBillingSettings: (code: string, change: BillingSettingsChange) => request<BillingSettings>('PUT', `${c(code)}/billing/settings`, { json: change }),
  feeSchedules: (code: string, signal?: AbortSignal) => get<FeeSchedule[]>(`${c(code)}/billing/schedules`, undefined, signal),
  addFeeSchedule: (code: string, schedule: NewFeeSchedule) => post<FeeSchedule>(`${c(code)}/billing/schedules`, schedule),
  /** The owners' decision behind a fee schedule (PDF, JPEG, PNG), stored by SHA-256. */
  uploadFeeDocument: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredDocument>('POST', `${c(code)}/billing/documents`, { form });
  },
  previewRun: (code: string, period: string, supplementary?: boolean) => post<RunPreview>(`${c(code)}/billing/runs/preview`, { period, supplementary }),
  issueRun: (code: string, run: NewRun) => post<RunResult>(`${c(code)}/billing/runs`, run),
  billRuns: (code: string, signal?: AbortSignal) => get<BillRun[]>(`${c(code)}/billing/runs`, undefined, signal),
  recordPayment: (code: string, payment: NewPayment) => post<PaymentResult>(`${c(code)}/billing/payments`, payment),
  receipt: (code: string, paymentId: number, signal?: AbortSignal) => get<Receipt>(`${c(code)}/billing/payments/${paymentId}/receipt`, undefined, signal),
  refund: (code: string, refund: NewRefund) => post<RefundResult>(`${c(code)}/billing/refunds`, refund),
  /** `internal`: the unsuppressed figures (collection readers); otherwise the public aggregates. */
  collection: (code: string, query: CollectionQuery, internal: boolean, signal?: AbortSignal) =>
    get<Collection>(`${c(code)}/billing/collection${internal ? '/internal' : ''}`, { ...query }, signal),
  arrears: (code: string, signal?: AbortSignal) => get<ArrearsRow[]>(`${c(code)}/billing/arrears`, undefined, signal),
  sendReminders: (code: string, body: { unitIds?: number[]; minDaysOverdue?: number }) => post<RemindersResult>(`${c(code)}/billing/reminders`, body),
  reminder: (code: string, id: number, signal?: AbortSignal) => get<ReminderNotice>(`${c(code)}/billing/reminders/${id}`, undefined, signal),
  importBankStatement: (code: string, file: File, options: { encoding?: 'utf-8' | 'gbk'; mapping?: BankMapping }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const mapping = options.mapping && Object.keys(options.mapping).length ? JSON.stringify(options.mapping) : undefined;
    return request<BankImport>('POST', `${c(code)}/billing/bank-imports`, { form, query: { encoding: options.encoding, mapping } });
  },
  bankImports: (code: string, signal?: AbortSignal) => get<BankImportSummary[]>(`${c(code)}/billing/bank-imports`, undefined, signal),
  bankImport: (code: string, id: number, signal?: AbortSignal) => get<BankImport>(`${c(code)}/billing/bank-imports/${id}`, undefined, signal),
  confirmBankLines: (code: string, id: number, lines: { lineId: number; unitId?: number }[]) =>
    post<BankConfirmResult>(`${c(code)}/billing/bank-imports/${id}/confirm`, { lines }),
  ignoreBankLines: (code: string, id: number, lineIds: number[]) => post<BankImport>(`${c(code)}/billing/bank-imports/${id}/ignore`, { lineIds }),

  // the owner's own bills
  myBilling: (signal?: AbortSignal) => get<MyBillingUnit[]>('/api/me/billing', undefined, signal),
  payOnline: (unitId: number, payment: OnlinePayment) => post<PaymentResult>(`/api/me/units/${unitId}/pay`, payment),
  myReceipt: (paymentId: number, signal?: AbortSignal) => get<Receipt>(`/api/me/receipts/${paymentId}`, undefined, signal),
  myReminder: (id: number, signal?: AbortSignal) => get<ReminderNotice>(`/api/me/reminders/${id}`, undefined, signal),

  decisionMatters: (signal?: AbortSignal) => get<MatterType[]>('/api/decisions/matters', undefined, signal),
  decisionProxies: (code: string, id: number, signal?: AbortSignal) => get<RegisteredProxy[]>(`${c(code)}/decisions/${id}/proxies`, undefined, signal),
  // owners' decisions (`internal`: drafts and counts before publication, for the readers)
  decisions: (code: string, internal: boolean, signal?: AbortSignal) => get<DecisionSummary[]>(`${c(code)}/decisions${internal ? '/internal' : ''}`, undefined, signal),
  decision: (code: string, id: number, internal: boolean, signal?: AbortSignal) => get<Decision>(`${c(code)}/decisions/${id}${internal ? '/internal' : ''}`, undefined, signal),
  decisionResults: (code: string, id: number, signal?: AbortSignal) => get<DecisionResults>(`${c(code)}/decisions/${id}/results`, undefined, signal),
  /** The anonymised record anyone can recount (`xinyi vote recount`). */
  decisionExportUrl: (code: string, id: number) => `${c(code)}/decisions/${id}/export.json`,
  decisionAttachmentUrl: (code: string, id: number, sha256: string) => `${c(code)}/decisions/${id}/attachments/${sha256}`,
  ballotDocumentUrl: (code: string, id: number, sha256: string) => `${c(code)}/decisions/${id}/ballot-documents/${sha256}`,
  ballotReceipt: (code: string, id: number, receipt: string, signal?: AbortSignal) =>
    get<BallotReceipt>(`${c(code)}/decisions/${id}/receipts/${encodeURIComponent(receipt)}`, undefined, signal),
  myVoters: (code: string, id: number, signal?: AbortSignal) => get<MyVoters>(`${c(code)}/decisions/${id}/mine`, undefined, signal),
  castBallot: (code: string, id: number, body: { voterId: number; choices: ChoiceOnItem[]; idempotencyKey: string }) => post<CastBallot>(`${c(code)}/decisions/${id}/ballots`, body),
  /** An attachment, a ballot scan or a proxy authorization (PDF, JPEG, PNG), stored by SHA-256. */
  uploadDecisionDocument: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredDocument>('POST', `${c(code)}/decisions/documents`, { form });
  },
  createDecision: (code: string, d: NewDecision) => post<{ id: number }>(`${c(code)}/decisions`, d),
  /** notice, open, close, publish, finish; withdraw and objection take a reason. */
  moveDecision: (code: string, id: number, step: 'notice' | 'open' | 'close' | 'publish' | 'finish' | 'withdraw' | 'objection', reason?: string) =>
    post<DecisionMove>(`${c(code)}/decisions/${id}/${step}`, reason === undefined ? undefined : { reason }),
  turnout: (code: string, id: number, signal?: AbortSignal) => get<Turnout>(`${c(code)}/decisions/${id}/turnout`, undefined, signal),
  voterRoll: (code: string, id: number, signal?: AbortSignal) => get<VoterRoll>(`${c(code)}/decisions/${id}/roll`, undefined, signal),
  paperEntries: (code: string, id: number, signal?: AbortSignal) => get<PaperEntry[]>(`${c(code)}/decisions/${id}/paper`, undefined, signal),
  enterPaper: (code: string, id: number, body: { unitCode: string; choices: ChoiceOnItem[]; scanSha256: string; authorizationSha256?: string | null; idempotencyKey: string }) =>
    post<{ entryId: number; status: PaperEntry['status']; unitCodes: string[]; created: boolean }>(`${c(code)}/decisions/${id}/paper`, body),
  confirmPaper: (code: string, id: number, entryId: number, choices: ChoiceOnItem[]) =>
    post<Omit<CastBallot, 'created'> & { entryId: number }>(`${c(code)}/decisions/${id}/paper/${entryId}/confirm`, { choices }),
  rejectPaper: (code: string, id: number, entryId: number, reason: string) => post<{ entryId: number; status: 'rejected' }>(`${c(code)}/decisions/${id}/paper/${entryId}/reject`, { reason }),
  registerProxy: (code: string, id: number, body: { unitCode: string; proxyLogin: string; authorizationSha256: string; authorizationName: string }) =>
    post<{ unitCodes: string[]; proxy: string }>(`${c(code)}/decisions/${id}/proxies`, body),

  // committee meetings (业委会会议)
  meetings: (code: string, internal: boolean, signal?: AbortSignal) => get<CommitteeMeeting[]>(`${c(code)}/committee/meetings${internal ? '/internal' : ''}`, undefined, signal),
  createMeeting: (code: string, m: { title: string; motion: string; heldOn: string }) => post<{ id: number; memberCount: number }>(`${c(code)}/committee/meetings`, m),
  attendMeeting: (code: string, id: number) => post<CommitteeMeeting>(`${c(code)}/committee/meetings/${id}/attend`),
  voteInMeeting: (code: string, id: number, choice: BallotChoice) => post<{ id: number; choice: BallotChoice }>(`${c(code)}/committee/meetings/${id}/votes`, { choice }),
  postMeeting: (code: string, id: number) => post<{ id: number; postedOn: string; late: boolean }>(`${c(code)}/committee/meetings/${id}/post`),

  // service quality (服务质量): work orders, inspections, surveys, monthly scores
  qualityCatalogue: (code: string, signal?: AbortSignal) => get<QualityCatalogue>(`${c(code)}/quality/catalogue`, undefined, signal),
  addQualityCatalogue: (code: string, body: QualityCatalogueBody) => post<{ version: number; effectiveFrom: string }>(`${c(code)}/quality/catalogue`, body),
  myWorkOrders: (signal?: AbortSignal) => get<MyWorkOrder[]>('/api/me/work-orders', undefined, signal),
  fileWorkOrder: (code: string, order: NewWorkOrder) => post<WorkOrderMove>(`${c(code)}/work-orders`, order),
  workOrders: (code: string, query: WorkOrderQuery, signal?: AbortSignal) => get<WorkOrder[]>(`${c(code)}/work-orders`, { ...query }, signal),
  workOrder: (code: string, id: number, signal?: AbortSignal) => get<WorkOrderDetail>(`${c(code)}/work-orders/${id}`, undefined, signal),
  workOrderPhotoUrl: (code: string, id: number, sha256: string) => `${c(code)}/work-orders/${id}/photos/${sha256}`,
  /** One JPEG or PNG photo, stored by SHA-256 (residents when filing, the trustee when resolving). */
  uploadWorkOrderPhoto: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredDocument>('POST', `${c(code)}/quality/photos`, { form });
  },
  assignWorkOrder: (code: string, id: number, assignee: string) => post<WorkOrderMove>(`${c(code)}/work-orders/${id}/assign`, { assignee }),
  startWorkOrder: (code: string, id: number) => post<WorkOrderMove>(`${c(code)}/work-orders/${id}/start`),
  resolveWorkOrder: (code: string, id: number, body: { note: string; photos?: string[] }) => post<WorkOrderMove>(`${c(code)}/work-orders/${id}/resolve`, body),
  confirmWorkOrder: (code: string, id: number, body: { rating: number; comment?: string }) => post<WorkOrderMove>(`${c(code)}/work-orders/${id}/confirm`, body),
  /** reopen or cancel, with an optional note */
  moveMyWorkOrder: (code: string, id: number, step: 'reopen' | 'cancel', note?: string) => post<WorkOrderMove>(`${c(code)}/work-orders/${id}/${step}`, note ? { note } : {}),
  workOrderStats: (code: string, month: string, signal?: AbortSignal) => get<WorkOrderStats>(`${c(code)}/quality/work-orders/stats`, { month }, signal),
  inspectionMonthly: (code: string, from: string, to: string, signal?: AbortSignal) => get<InspectionMonth[]>(`${c(code)}/quality/inspections/monthly`, { from, to }, signal),
  inspections: (code: string, from: string, to: string, signal?: AbortSignal) => get<InspectionSummary[]>(`${c(code)}/quality/inspections`, { from, to }, signal),
  inspection: (code: string, id: number, signal?: AbortSignal) => get<Inspection>(`${c(code)}/quality/inspections/${id}`, undefined, signal),
  inspectionPhotoUrl: (code: string, id: number, sha256: string) => `${c(code)}/quality/inspections/${id}/photos/${sha256}`,
  uploadInspectionPhoto: (code: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<StoredDocument>('POST', `${c(code)}/quality/inspection-photos`, { form });
  },
  createInspection: (code: string, body: { inspectedOn: string; note?: string }) => post<{ id: number; catalogueVersion: number }>(`${c(code)}/quality/inspections`, body),
  scoreInspectionItem: (code: string, id: number, itemCode: string, body: { scoreBp: number; finding?: string; photos?: string[] }) =>
    request<{ id: number; itemCode: string; scoreBp: number }>('PUT', `${c(code)}/quality/inspections/${id}/items/${encodeURIComponent(itemCode)}`, { json: body }),
  submitInspection: (code: string, id: number) => post<{ id: number; scoreBp: number; submittedAt: string }>(`${c(code)}/quality/inspections/${id}/submit`),
  surveys: (code: string, signal?: AbortSignal) => get<Survey[]>(`${c(code)}/quality/surveys`, undefined, signal),
  surveyResults: (code: string, id: number, signal?: AbortSignal) => get<SurveyResults>(`${c(code)}/quality/surveys/${id}/results`, undefined, signal),
  mySurvey: (code: string, id: number, signal?: AbortSignal) => get<MySurvey>(`${c(code)}/quality/surveys/${id}/mine`, undefined, signal),
  answerSurvey: (code: string, id: number, body: { unitId: number; ratings: Record<string, number>; comment?: string }) =>
    post<{ id: number; unitId: number }>(`${c(code)}/quality/surveys/${id}/responses`, body),
  qualityScores: (code: string, from: string, to: string, signal?: AbortSignal) => get<QualityScore[]>(`${c(code)}/quality/scores`, { from, to }, signal),
};

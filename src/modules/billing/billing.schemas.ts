/** Zod schemas of the billing routes: the single source of their input and output types. */
import { z } from 'zod';

const fen = z.number().int();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const key = z.string().min(1).max(200);
const channel = z.enum(['bank', 'wechat', 'alipay', 'cash', 'pos']);
const unitKind = z.enum(['residential', 'commercial', 'parking', 'storage']);
const bp = z.number().int().nullable();

export const CodeParams = z.object({ code: z.string().min(1).max(64) });
export const IdParams = CodeParams.extend({ id: z.coerce.number().int().positive() });
export const MeIdParams = z.object({ id: z.coerce.number().int().positive() });

export const SettingsOut = z.object({
  onlinePayments: z.enum(['off', 'simulated']),
  payeeName: z.string().nullable(),
  payeeBank: z.string().nullable(),
  payeeAccount: z.string().nullable(),
});
export const SettingsBody = z.object({
  onlinePayments: z.enum(['off', 'simulated']).optional(),
  payeeName: z.string().max(100).nullable().optional(),
  payeeBank: z.string().max(100).nullable().optional(),
  payeeAccount: z.string().max(100).nullable().optional(),
});

export const ScheduleOut = z.object({
  id: z.number(),
  unitKind,
  rateCf: z.number().int().describe('centi-fen per m² per month: 1.10 yuan = 11000'),
  effectiveFrom: date,
  decisionRef: z.string(),
  decisionId: z.number().nullable(),
  document: z.object({ sha256: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export const SchedulesOut = z.array(ScheduleOut);
export const ScheduleBody = z.object({
  unitKind,
  rateCf: z.number().int().positive().describe('centi-fen per m² per month: 1.10 yuan = 11000'),
  effectiveFrom: date,
  decisionRef: z.string().min(1).max(300),
  document: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), name: z.string().min(1).max(200) }).nullable().optional(),
});
export const DocumentOut = z.object({ sha256: z.string(), mediaType: z.string(), sizeBytes: z.number() });

export const PreviewBody = z.object({ period: z.string().min(4).max(7), supplementary: z.boolean().optional() });
export const PreviewOut = z.object({
  period: z.string(),
  kind: z.enum(['month', 'quarter', 'year']),
  firstMonth: z.string(),
  lastMonth: z.string(),
  billCount: z.number(),
  totalFen: fen,
  byKind: z.array(z.object({ unitKind: z.string(), units: z.number(), amountFen: fen })),
  notBilled: z.array(z.object({ unitKind: z.string(), units: z.number(), reason: z.enum(['no_schedule', 'zero_amount']) })),
  existingRuns: z.array(z.object({ id: z.number(), period: z.string() })),
  sample: z.array(z.object({ unitId: z.number(), code: z.string(), areaCm2: z.number(), amountFen: fen })),
});
export const RunBody = PreviewBody.extend({ idempotencyKey: key, issuedOn: date.optional(), dueOn: date.optional() });
export const RunOut = z.object({
  runId: z.number(),
  period: z.string(),
  billCount: z.number(),
  totalFen: fen,
  appliedPrepaymentFen: fen,
  ledgerSeq: z.number().nullable(),
  created: z.boolean(),
});
export const RunsOut = z.array(
  z.object({
    id: z.number(),
    period: z.string(),
    kind: z.string(),
    firstMonth: z.string(),
    lastMonth: z.string(),
    issuedOn: date,
    dueOn: date,
    supplementary: z.boolean(),
    billCount: z.number(),
    totalFen: fen,
    ledgerSeq: z.number().nullable(),
  }),
);

export const PaymentBody = z.object({
  unitId: z.number().int().positive().optional(),
  unitCode: z.string().min(1).max(40).optional(),
  amountFen: z.number().int(),
  channel,
  paidOn: date,
  idempotencyKey: key,
  reference: z.string().max(200).nullable().optional(),
  note: z.string().max(200).nullable().optional(),
});
export const PaymentOut = z.object({
  paymentId: z.number(),
  receiptNo: z.string(),
  ledgerSeq: z.number(),
  amountFen: fen,
  allocatedFen: fen,
  prepaidFen: fen,
  created: z.boolean(),
});
export const RefundBody = z.object({
  unitId: z.number().int().positive(),
  amountFen: z.number().int(),
  channel,
  refundedOn: date,
  reason: z.string().min(1).max(200),
  idempotencyKey: key,
});
export const RefundOut = z.object({ refundId: z.number(), ledgerSeq: z.number(), amountFen: fen, created: z.boolean() });

export const ReceiptOut = z.object({
  paymentId: z.number(),
  receiptNo: z.string(),
  community: z.object({ code: z.string(), name: z.string() }),
  unitCode: z.string(),
  areaCm2: z.number(),
  channel,
  amountFen: fen,
  paidOn: date,
  recordedAt: z.string(),
  ledgerSeq: z.number(),
  pseudonym: z.string(),
  allocations: z.array(z.object({ billId: z.number(), period: z.string(), amountFen: fen, billAmountFen: fen })),
  prepaidFen: fen,
});

const Figure = z.object({
  suppressed: z.boolean(),
  billedUnits: z.number(),
  billedFen: fen,
  paidUnits: z.number(),
  paidFen: fen,
  ontimeUnits: z.number(),
  ontimeFen: fen,
  byUnitsBp: bp,
  byAmountBp: bp,
  ontimeByUnitsBp: bp,
  ontimeByAmountBp: bp,
});
export const CollectionQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  period: z.string().max(7).optional(),
});
export const CollectionOut = z.object({
  asOf: date,
  trend: z.array(Figure.extend({ period: z.string(), firstMonth: z.string() })),
  period: z.string().nullable(),
  byBuilding: z.array(Figure.extend({ key: z.string(), label: z.string() })),
  byKind: z.array(Figure.extend({ key: z.string(), label: z.string() })),
  aging: z.array(z.object({ bucket: z.string(), units: z.number().nullable(), bills: z.number().nullable(), arrearsFen: fen.nullable(), suppressed: z.boolean() })),
  minGroup: z.number(),
});

export const ArrearsOut = z.array(
  z.object({
    unitId: z.number(),
    code: z.string(),
    building: z.string().nullable(),
    unitKind: z.string(),
    bills: z.number(),
    arrearsFen: fen,
    oldestMonth: z.string(),
    daysOverdue: z.number(),
    bucket: z.string(),
    lastReminder: z.object({ id: z.number(), stage: z.number(), issuedOn: date, replyBy: date }).nullable(),
  }),
);
export const RemindersBody = z.object({ unitIds: z.array(z.number().int().positive()).max(100_000).optional(), minDaysOverdue: z.number().int().min(1).max(3650).optional() });
export const RemindersOut = z.object({ issued: z.number(), alreadyToday: z.number() });
export const ReminderOut = z.object({
  id: z.number(),
  community: z.string(),
  unitCode: z.string(),
  stage: z.number(),
  issuedOn: date,
  replyBy: date,
  arrearsFen: fen,
  oldestMonth: z.string(),
  billCount: z.number(),
  read: z.boolean(),
});

export const MyBillingOut = z.array(
  z.object({
    unitId: z.number(),
    code: z.string(),
    kind: z.string(),
    areaCm2: z.number(),
    community: z.object({ code: z.string(), name: z.string() }),
    pseudonym: z.string(),
    prepaidFen: fen,
    outstandingFen: fen,
    onlinePayments: z.enum(['off', 'simulated']),
    payee: z.object({ name: z.string().nullable(), bank: z.string().nullable(), account: z.string() }).nullable(),
    bills: z.array(
      z.object({
        id: z.number(),
        period: z.string(),
        firstMonth: z.string(),
        lastMonth: z.string(),
        months: z.number(),
        areaCm2: z.number(),
        amountFen: fen,
        paidFen: fen,
        detail: z.array(z.object({ month: z.string(), rateCf: z.number(), amountFen: fen })),
        issuedOn: date,
        dueOn: date,
        settledOn: date.nullable(),
      }),
    ),
    payments: z.array(z.object({ id: z.number(), channel, amountFen: fen, paidOn: date, receiptNo: z.string(), ledgerSeq: z.number() })),
    refunds: z.array(z.object({ id: z.number(), channel, amountFen: fen, refundedOn: date, reason: z.string(), ledgerSeq: z.number() })),
    reminders: z.array(z.object({ id: z.number(), stage: z.number(), issuedOn: date, replyBy: date, arrearsFen: fen, read: z.boolean() })),
  }),
);
export const PayParams = z.object({ unitId: z.coerce.number().int().positive() });
export const PayBody = z.object({ channel: z.enum(['wechat', 'alipay']), amountFen: z.number().int().optional(), idempotencyKey: key });

// bank statement import
export const BankImportQuery = z.object({
  encoding: z.enum(['utf-8', 'gbk']).optional(),
  /** JSON of a partial column mapping, e.g. {"memo":"附言"} */
  mapping: z.string().max(2000).optional(),
});
const BankLineOut = z.object({
  id: z.number(),
  lineNo: z.number(),
  date,
  amountFen: fen,
  counterparty: z.string(),
  memo: z.string(),
  serial: z.string().nullable(),
  status: z.enum(['matched', 'ambiguous', 'unmatched', 'duplicate', 'confirmed', 'ignored']),
  rule: z.string().nullable(),
  unit: z.object({ id: z.number(), code: z.string() }).nullable(),
  candidates: z.array(z.object({ id: z.number(), code: z.string() })),
  receiptNo: z.string().nullable(),
});
export const BankImportOut = z.object({
  id: z.number(),
  fileName: z.string(),
  encoding: z.string(),
  importedAt: z.string(),
  created: z.boolean(),
  counts: z.record(z.string(), z.number()),
  lines: z.array(BankLineOut),
});
export const BankImportsOut = z.array(z.object({ id: z.number(), fileName: z.string(), importedAt: z.string(), lineCount: z.number(), counts: z.record(z.string(), z.number()) }));
export const ConfirmBody = z.object({ lines: z.array(z.object({ lineId: z.number().int().positive(), unitId: z.number().int().positive().optional() })).min(1).max(5000) });
export const ConfirmOut = z.object({ confirmed: z.number(), already: z.number(), payments: z.array(z.object({ lineId: z.number(), receiptNo: z.string() })) });
export const IgnoreBody = z.object({ lineIds: z.array(z.number().int().positive()).min(1).max(5000) });

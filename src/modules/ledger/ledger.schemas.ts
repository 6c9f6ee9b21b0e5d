/** Zod schemas of the ledger routes: the single source of their input and output types. */
import { z } from 'zod';
import { REASONS, type Reason } from './ledger.rules.js';

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
const Fen = z.number().int();

export const CodeParams = z.object({ code: z.string().min(1).max(63) });
export const SeqParams = CodeParams.extend({ seq: z.coerce.number().int().min(1) });
export const VoucherParams = SeqParams.extend({ sha256: Sha256 });

/** One of `period` (a month) or `year`. */
export const StatementQuery = z
  .object({ period: Period.optional(), year: z.coerce.number().int().min(1900).max(9999).optional() })
  .refine((q) => (q.period === undefined) !== (q.year === undefined), { message: 'give exactly one of period=YYYY-MM or year=YYYY' });

const AccountAmountOut = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  type: z.enum(['asset', 'liability', 'net_assets', 'income', 'expense']),
  debitFen: Fen,
  creditFen: Fen,
  amountFen: Fen.describe("in the account's natural direction"),
});

export const StatementOut = z.object({
  from: Period,
  to: Period,
  income: z.array(AccountAmountOut),
  expense: z.array(AccountAmountOut),
  incomeFen: Fen,
  expenseFen: Fen,
  surplusFen: Fen,
  fundBalanceFen: Fen.describe('at the end of `to`: assets − liabilities (the owners’ common fund)'),
  assets: z.array(AccountAmountOut),
  liabilities: z.array(AccountAmountOut),
  remuneration: z.array(
    z.object({
      period: z.string(),
      baseFen: Fen,
      rateBp: z.number().int().describe('basis points: 1500 = 15.00 %'),
      grossFen: Fen,
      deductionFen: Fen,
      amountFen: Fen,
      seq: z.number().int(),
    }),
  ),
  checkpoint: z.object({ period: z.string(), seq: z.number().int(), hash: z.string() }).nullable().describe('the month-end checkpoint of `to`, once `to` is closed'),
});

export const SeriesQuery = z.object({ from: Period.optional(), to: Period.optional() });
export const SeriesOut = z.object({
  from: Period,
  to: Period,
  items: z.array(z.object({ period: Period, incomeFen: Fen, expenseFen: Fen, surplusFen: Fen, fundBalanceFen: Fen, closed: z.boolean() })),
});

export const EntriesQuery = z.object({
  period: Period.optional(),
  account: z.string().regex(/^\d{4}$/).optional(),
  counterparty: z.string().trim().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const EntryOut = z.object({
  seq: z.number().int(),
  date: z.string(),
  memo: z.string(),
  reason: z.string(),
  counterparty: z.string().nullable().describe('a vendor, or a unit pseudonym — never a person’s name'),
  budgetLine: z.string().nullable(),
  reverses: z.number().int().nullable(),
  reversedBy: z.number().int().nullable(),
  refs: z.record(z.string(), z.union([z.string(), z.number()])),
  recordedAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  lines: z.array(z.object({ account: z.string(), debitFen: Fen, creditFen: Fen })),
  vouchers: z.array(z.object({ sha256: z.string(), name: z.string() })),
});
export type EntryOut = z.infer<typeof EntryOut>;

export const EntriesOut = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(EntryOut) });

export const CalendarOut = z.object({
  from: Period,
  to: Period,
  today: z.string(),
  items: z.array(
    z.object({
      period: Period,
      due: z.string(),
      closed: z.boolean(),
      checkpoint: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
      publishedAt: z.string().nullable(),
      status: z.enum(['on_time', 'late', 'missing', 'not_due']),
    }),
  ),
});

export const AccountsQuery = z.object({ to: Period.optional() });
export const AccountsOut = z.object({ to: z.string(), accounts: z.array(AccountAmountOut), debitFen: Fen, creditFen: Fen });

export const VoucherOut = z.object({ sha256: Sha256, mediaType: z.string(), sizeBytes: z.number().int() });

/**
 * Reasons a person may post by hand. Remuneration accruals are posted by the month close (their
 * refs carry the base and the rate the statement shows), reversals by the reverse route, expenses
 * from an approved spending proposal (无预算不支出: spending.service.ts post), so that every
 * expense names its budget line and approval.
 */
export const MANUAL_REASONS = REASONS.filter((r) => r !== 'remuneration_accrual' && r !== 'reversal' && r !== 'expense') as Exclude<Reason, 'remuneration_accrual' | 'reversal' | 'expense'>[];

export const PostEntryBody = z.object({
  idempotencyKey: z.string().min(1).max(200).describe('client-generated, one per form instance: a retry or double click posts once'),
  date: z.string().max(10),
  memo: z.string().max(500),
  // 'expense' passes the schema only to be refused with its own message (ledger.expense_needs_proposal)
  reason: z.enum(['expense', ...MANUAL_REASONS] as [string, ...string[]]).describe('not expense: expenses are posted from an approved spending proposal'),
  counterparty: z.string().trim().max(200).nullable().optional().describe('a vendor name, or a unit pseudonym for a person'),
  budgetLine: z.string().trim().max(100).nullable().optional(),
  // amounts are checked by the ledger (positive, one side, balanced) so that its messages apply
  lines: z.array(z.object({ account: z.string().max(10), debitFen: Fen.min(0), creditFen: Fen.min(0) })).max(100),
  vouchers: z.array(z.object({ sha256: Sha256, name: z.string().trim().min(1).max(200) })).max(20).optional(),
});

export const ReverseBody = z.object({ idempotencyKey: z.string().min(1).max(200), date: z.string().max(10), memo: z.string().max(500) });

export const PostedOut = z.object({ seq: z.number().int(), hash: z.string(), created: z.boolean() });

export const PeriodBody = z.object({ period: Period });

export const CloseOut = z.object({
  period: z.string(),
  seq: z.number().int(),
  hash: z.string(),
  alreadyClosed: z.boolean(),
  remuneration: z.object({ base: z.string(), baseFen: Fen, rateBp: z.number().int(), grossFen: Fen, deductionFen: Fen, amountFen: Fen }).nullable(),
});

export const PublishOut = z.object({ period: z.string(), publishedAt: z.string(), checkpoint: z.object({ seq: z.number().int(), hash: z.string() }) });

export const PageQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) });

export const VoucherViewsOut = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      at: z.string(),
      accountId: z.number().int().nullable(),
      viewer: z.string().nullable().describe('display name of the viewing account'),
      seq: z.number().int(),
      sha256: z.string(),
      name: z.string().nullable(),
    }),
  ),
});

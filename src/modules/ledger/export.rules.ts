/**
 * The ledger's export formats, pure (no I/O): the JSON export's schema and its verifier, the
 * hledger journal's text, amounts in yuan from integer fen. `xinyi ledger verify` uses only this
 * file, so verifying an export never needs a database. The formats are specified for outside
 * readers in docs/ledger-format.md.
 */
import { z } from 'zod';
import type { AccountType } from '../../platform/db/schema.js';
import { type ChainedEntry, type ChartAccount, GENESIS_HASH, isDate, isPeriod, periodOf, verifyChain } from './ledger.rules.js';

export const EXPORT_FORMAT = 'xinyi-ledger/1';

export interface Checkpoint {
  period: string;
  seq: number;
  hash: string;
}

export interface AccountTotals {
  account: string;
  debit: number;
  credit: number;
}

/** The JSON export (docs/ledger-format.md §5); keys in the order the file is written. */
export interface LedgerExport {
  format: typeof EXPORT_FORMAT;
  ledger: string;
  exportedAt: string;
  chart: ChartAccount[];
  checkpoints: Checkpoint[];
  balances: AccountTotals[];
  entries: ChainedEntry[];
}

/** "1234.56" from 123456 fen, by integer arithmetic only (CONVENTIONS 5: never floats for money). */
export function fenToDecimal(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const REASON_LABELS: Record<string, string> = {
  opening: '期初余额',
  fee_income: '物业费收入',
  fee_billed: '物业费计费',
  fee_payment: '物业费缴纳',
  prepayment: '预收物业费',
  fee_refund: '物业费退款',
  public_revenue: '公共收益',
  interest: '利息收入',
  expense: '支出',
  payable_payment: '支付应付款',
  remuneration_accrual: '受托人酬金计提',
  remuneration_payment: '受托人酬金支付',
  reversal: '冲销',
  adjustment: '调整',
};

export const TYPE_LABELS: Record<AccountType, string> = { asset: '资产', liability: '负债', net_assets: '净资产', income: '收入', expense: '支出' };

// ---------------------------------------------------------------------------------------------
// hledger journal

/** hledger's top-level account names and account-type codes (hledger manual, "account types"). */
const HLEDGER_TOP: Record<AccountType, [string, string]> = {
  asset: ['assets', 'A'],
  liability: ['liabilities', 'L'],
  net_assets: ['equity', 'E'],
  income: ['revenues', 'R'],
  expense: ['expenses', 'X'],
};

/**
 * Text hledger reads as one token: two spaces end an account name, `;` starts a comment, `:`
 * separates account levels and a line break ends a directive — so those are replaced.
 */
function hledgerText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/;/g, '；').trim();
}

/** `assets:1001 共有资金银行账户`: the code keeps accounts unique, the name keeps them readable. */
export function hledgerAccountName(a: Pick<ChartAccount, 'code' | 'name' | 'type'>): string {
  return `${HLEDGER_TOP[a.type][0]}:${a.code} ${hledgerText(a.name).replace(/:/g, '：')}`;
}

/** `¥1234.56` / `-¥1234.56`: the commodity declared with two decimals, no digit groups. */
export function hledgerAmount(fen: number): string {
  const d = fenToDecimal(fen);
  return d.startsWith('-') ? `-¥${d.slice(1)}` : `¥${d}`;
}

export function hledgerHeader(ledger: string, exportedAt: string, chart: ChartAccount[]): string {
  const out = [
    `; Xinyi ledger ${ledger}, exported ${exportedAt}`,
    '; One transaction per entry, in sequence order; the transaction code (N) is the sequence number.',
    '; The hash chain is in the JSON export (docs/ledger-format.md); hashes are repeated here as tags.',
    '',
    'commodity ¥1000.00',
    '',
  ];
  for (const a of chart) out.push(`account ${hledgerAccountName(a)}  ; type: ${HLEDGER_TOP[a.type][1]}`);
  out.push('', '');
  return out.join('\n');
}

/** One entry as an hledger transaction; a debit is a positive amount, a credit a negative one. */
export function hledgerTransaction(e: ChainedEntry, names: ReadonlyMap<string, string>): string {
  const out = [`${e.date} (${e.seq}) ${hledgerText(e.memo)}`];
  const tag = (name: string, value: string | number | null) => value !== null && out.push(`    ; ${name}: ${hledgerText(String(value))}`);
  tag('reason', e.reason);
  tag('counterparty', e.counterparty);
  tag('budget', e.budgetLine);
  tag('reverses', e.reverses);
  if (Object.keys(e.refs).length) tag('refs', JSON.stringify(e.refs));
  for (const v of e.vouchers) tag('voucher', `${v.sha256} ${v.name}`);
  tag('recorded', e.recordedAt);
  tag('hash', e.hash);
  for (const l of e.lines) {
    const name = names.get(l.account);
    if (!name) throw new Error(`entry ${e.seq}: account ${l.account} is not in the chart`);
    out.push(`    ${name}    ${hledgerAmount(l.debit - l.credit)}`);
  }
  out.push('', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON export: schema and verifier

const fen = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');
const period = z.string().refine(isPeriod, 'expected YYYY-MM');

// strict objects: a field the hash does not cover must not sit in an entry looking authoritative
const entrySchema = z.strictObject({
  ledger: z.string(),
  seq: z.int().positive(),
  date: z.string().refine(isDate, 'expected a calendar date YYYY-MM-DD'),
  memo: z.string().min(1),
  reason: z.string().min(1),
  counterparty: z.string().nullable(),
  budgetLine: z.string().nullable(),
  reverses: z.int().positive().nullable(),
  refs: z.record(z.string(), z.union([z.string(), z.int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)])),
  lines: z.array(z.strictObject({ account: z.string().regex(/^\d{4}$/), debit: fen, credit: fen })).min(2, 'an entry has at least two lines'),
  vouchers: z.array(z.strictObject({ sha256: hex64, name: z.string() })),
  recordedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected YYYY-MM-DDTHH:mm:ss.sssZ'),
  prevHash: hex64,
  hash: hex64,
});

const fileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  ledger: z.string().min(1),
  exportedAt: z.string(),
  chart: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), type: z.enum(['asset', 'liability', 'net_assets', 'income', 'expense']) })),
  checkpoints: z.array(z.object({ period, seq: z.int().min(0), hash: hex64 })),
  balances: z.array(z.object({ account: z.string(), debit: fen, credit: fen })),
  entries: z.array(z.unknown()),
});

export type VerifyResult =
  | { ok: true; ledger: string; entries: number; lastHash: string; checkpoints: number; balances: AccountTotals[] }
  /** seq: the first bad entry; null when the file as a whole is wrong (format, checkpoints list, balances) */
  | { ok: false; seq: number | null; problem: string };

function issueText(err: z.ZodError): string {
  const i = err.issues[0]!;
  return `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`;
}

/**
 * Verifies a parsed JSON export without a database: the shape, then the chain from the genesis
 * hash (verifyChain: sequence, prevHash, hash, balance), then the checkpoints against the chain
 * and the closed months against the dates, then the balances against the sums of the lines.
 * Reports the first bad entry by its position in the chain (= the seq it should have), so
 * swapping two entries names the first of the two places.
 */
export function verifyJsonExport(data: unknown, opts: { progress?: (done: number) => void } = {}): VerifyResult {
  const file = fileSchema.safeParse(data);
  if (!file.success) return { ok: false, seq: null, problem: `not a ${EXPORT_FORMAT} export: ${issueText(file.error)}` };
  const f = file.data;
  const chart = new Set(f.chart.map((a) => a.code));
  const sums = new Map<string, AccountTotals>();
  const hashes: string[] = [GENESIS_HASH]; // hashes[n] = hash of entry n
  const dates: string[] = [''];
  let position = 0;
  let entryProblem: string | null = null;

  // verifyChain pulls entries from here one at a time, so `position` is the entry it stopped at
  function* entries(): Generator<ChainedEntry> {
    for (const raw of f.entries) {
      position++;
      if (position % 10_000 === 0) opts.progress?.(position);
      const r = entrySchema.safeParse(raw);
      if (!r.success) return void (entryProblem = issueText(r.error));
      const e = r.data;
      if (e.ledger !== f.ledger) return void (entryProblem = `belongs to ledger ${e.ledger}, not ${f.ledger}`);
      const unknown = e.lines.find((l) => !chart.has(l.account));
      if (unknown) return void (entryProblem = `account ${unknown.account} is not in the chart`);
      if (e.reverses !== null && e.reverses >= e.seq) return void (entryProblem = `reverses entry ${e.reverses}, which is not an earlier entry`);
      yield e;
      // only reached when verifyChain accepted the entry
      hashes.push(e.hash);
      dates.push(e.date);
      for (const l of e.lines) {
        const s = sums.get(l.account) ?? { account: l.account, debit: 0, credit: 0 };
        s.debit += l.debit;
        s.credit += l.credit;
        sums.set(l.account, s);
      }
    }
  }
  const bad = verifyChain(entries());
  if (bad) return { ok: false, seq: position, problem: bad.seq === position ? bad.problem : `${bad.problem}, found ${bad.seq}` };
  if (entryProblem) return { ok: false, seq: position, problem: entryProblem };
  const count = hashes.length - 1;
  opts.progress?.(count);

  let previous: Checkpoint | null = null;
  for (const c of f.checkpoints) {
    if (previous && (c.period <= previous.period || c.seq < previous.seq)) return { ok: false, seq: null, problem: `checkpoint ${c.period}: checkpoints are not in period and sequence order` };
    if (c.seq > count) return { ok: false, seq: null, problem: `checkpoint ${c.period}: sequence ${c.seq} is beyond the last entry (${count})` };
    if (hashes[c.seq] !== c.hash) return { ok: false, seq: c.seq, problem: `checkpoint ${c.period} does not match the chain at entry ${c.seq}` };
    previous = c;
  }
  // a closed month takes no entry: whatever comes after its checkpoint is dated later
  let cp = 0;
  const byseq = [...f.checkpoints].sort((a, b) => a.seq - b.seq);
  let closedUpTo = '';
  for (let n = 1; n <= count; n++) {
    while (cp < byseq.length && byseq[cp]!.seq < n) closedUpTo = byseq[cp++]!.period;
    if (closedUpTo && periodOf(dates[n]!) <= closedUpTo) return { ok: false, seq: n, problem: `dated ${dates[n]}, in ${periodOf(dates[n]!)}, which was closed before this entry` };
  }

  const stated = new Map(f.balances.map((b) => [b.account, b]));
  for (const account of [...new Set([...stated.keys(), ...sums.keys()])].sort()) {
    const s = stated.get(account) ?? { debit: 0, credit: 0 };
    const r = sums.get(account) ?? { debit: 0, credit: 0 };
    if (s.debit !== r.debit || s.credit !== r.credit) {
      return { ok: false, seq: null, problem: `balance of ${account}: the export states debit ${s.debit} credit ${s.credit} fen, the entries sum to debit ${r.debit} credit ${r.credit}` };
    }
  }
  return { ok: true, ledger: f.ledger, entries: count, lastHash: hashes[count]!, checkpoints: f.checkpoints.length, balances: [...sums.values()].sort((a, b) => a.account.localeCompare(b.account)) };
}

/**
 * Posting to a ledger: validated, idempotent (client key), serialized per ledger by the head
 * row lock, hash-chained, with balances maintained in the same transaction. A batch of entries
 * is one transaction and a handful of multi-row statements, whatever its size.
 */
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { sha256Of, sniffVoucherType } from '../../platform/files.js';
import * as repo from './ledger.repository.js';
import {
  type ChartAccount,
  DEFAULT_CHART,
  GENESIS_HASH,
  type Line,
  type PublicEntry,
  REASONS,
  type Reason,
  canonicalEntry,
  chainHash,
  isDate,
  isStorableText,
  lineProblems,
  manualEntryProblem,
  refsProblem,
  periodOf,
} from './ledger.rules.js';
import './ledger.messages.js';

export const COMMON_FUND = 'common-fund';
export const MAX_VOUCHER_BYTES = 10 * 1024 * 1024;

export interface EntryInput {
  idempotencyKey: string;
  date: string;
  memo: string;
  reason: Reason;
  lines: Line[];
  counterparty?: string | null;
  budgetLine?: string | null;
  reverses?: number | null;
  refs?: Record<string, string | number>;
  vouchers?: { sha256: string; name: string }[];
  recordedBy?: number | null;
  approvedBy?: number | null;
}

export interface Posted {
  seq: number;
  hash: string;
  /** false when the idempotency key had been posted before (nothing new was written) */
  created: boolean;
}

/** Keys of entries the system posts itself (month close); nobody else may use them. */
export const SYSTEM_KEY_PREFIX = 'remuneration:';

/** Does a stored entry (date, memo, reason, lines in order) carry the same content as an input? */
function sameContent(old: { entry_date: string; memo: string; reason: string; lines: { account: string; debit: number; credit: number }[] }, e: EntryInput): boolean {
  return (
    old.entry_date === e.date &&
    old.memo === e.memo &&
    old.reason === e.reason &&
    old.lines.length === e.lines.length &&
    old.lines.every((l, i) => l.account === e.lines[i]!.account && l.debit === e.lines[i]!.debitFen && l.credit === e.lines[i]!.creditFen)
  );
}

function validate(e: EntryInput, chart: ReadonlySet<string>): void {
  if (!e.idempotencyKey || e.idempotencyKey.length > 200) throw new ValidationError('ledger.idempotency_key');
  if (e.idempotencyKey.startsWith(SYSTEM_KEY_PREFIX) !== (e.reason === 'remuneration_accrual')) throw new ValidationError('ledger.idempotency_key');
  if (!isDate(e.date)) throw new ValidationError('ledger.bad_date', { date: e.date });
  if (!e.memo.trim() || e.memo.length > 500) throw new ValidationError('ledger.bad_memo');
  for (const text of [e.memo, e.counterparty ?? '', e.budgetLine ?? '', ...(e.vouchers ?? []).map((v) => v.name)]) {
    if (!isStorableText(text)) throw new ValidationError('ledger.bad_text');
  }
  const badRef = refsProblem(e.refs ?? {});
  if (badRef !== null) throw new ValidationError('ledger.bad_refs', { key: badRef });
  if (!(REASONS as readonly string[]).includes(e.reason)) throw new ValidationError('ledger.bad_reason', { reason: e.reason });
  const problems = lineProblems(e.lines, chart);
  if (problems.length) throw new ValidationError(problems[0]!, {}, { problems });
}

export function publicEntry(ledgerName: string, seq: number, e: EntryInput, recordedAt: string): PublicEntry {
  return {
    ledger: ledgerName,
    seq,
    date: e.date,
    memo: e.memo,
    reason: e.reason,
    counterparty: e.counterparty ?? null,
    budgetLine: e.budgetLine ?? null,
    reverses: e.reverses ?? null,
    refs: e.refs ?? {},
    lines: e.lines.map((l) => ({ account: l.account, debit: l.debitFen, credit: l.creditFen })),
    vouchers: e.vouchers ?? [],
    recordedAt,
  };
}

export function createLedgerService(ctx: AppContext) {
  const { db, clock } = ctx;

  async function ledgerOrThrow(communityCode: string, code = COMMON_FUND): Promise<repo.LedgerRef> {
    const l = await repo.findLedger(db, communityCode, code);
    if (!l) throw new NotFoundError('ledger.not_found', { code: `${communityCode}/${code}` });
    return l;
  }

  /** Posts a batch in one transaction (inside `trx` when given). Keys already posted are returned as they were. */
  async function postBatch(ledger: repo.LedgerRef, entries: EntryInput[], trx?: Db): Promise<Posted[]> {
    if (entries.length === 0) return [];
    const chartRows = await repo.chart(trx ?? db, ledger.id);
    const chart = new Set(chartRows.map((a) => a.code));
    for (const e of entries) validate(e, chart);
    const keys = entries.map((e) => e.idempotencyKey);
    if (new Set(keys).size !== keys.length) throw new ValidationError('ledger.duplicate_key_in_batch');

    // no entry dated after today (Asia/Shanghai): it would block closing the months in order
    const today = shanghaiDay(clock.now());
    const future = entries.find((e) => e.date > today);
    if (future) throw new ValidationError('ledger.future_date', { date: future.date });

    const run = async (t: Db): Promise<Posted[]> => {
      const headRow = await repo.lockHead(t, ledger.id);
      const existing = new Map((await repo.entriesByKeys(t, ledger.id, keys)).map((r) => [r.idempotency_key, r]));
      // a key posted before with other content is a client error, not a silent success
      for (const e of entries) {
        const old = existing.get(e.idempotencyKey);
        if (old && !sameContent(old, e)) throw new ConflictError('ledger.idempotency_conflict', { key: e.idempotencyKey });
      }
      const fresh = entries.filter((e) => !existing.has(e.idempotencyKey));
      // Trust Law art. 36: nothing is paid out of the remuneration payable (2241) while a recorded
      // breach is uncured, whatever reason the entry gives
      const paysRemuneration = fresh.some((e) => e.lines.some((l) => l.account === '2241' && l.debitFen > 0));
      if (paysRemuneration && (await repo.hasUncuredBreach(t, ledger.communityId))) throw new ValidationError('ledger.breach_uncured');
      // no entry on or before the last closed month (DESIGN §2.2: closed periods take no entries)
      const lastClosed = await repo.lastClosedPeriod(t, ledger.id);
      const early = lastClosed ? fresh.map((e) => periodOf(e.date)).filter((p) => p <= lastClosed).sort()[0] : undefined;
      if (early) throw new ValidationError('ledger.period_closed', { period: early });
      for (const e of fresh) {
        if (e.reverses == null) continue;
        const target = await repo.entryBySeq(t, ledger.id, e.reverses);
        if (!target) throw new ValidationError('ledger.reverse_missing', { seq: e.reverses });
        if (await repo.isReversed(t, ledger.id, e.reverses)) throw new ConflictError('ledger.already_reversed', { seq: e.reverses });
      }
      const shas = [...new Set(fresh.flatMap((e) => e.vouchers ?? []).map((v) => v.sha256))];
      const known = await repo.knownFiles(t, ledger.id, shas);
      const missing = shas.find((s) => !known.has(s));
      if (missing) throw new ValidationError('ledger.voucher_unknown', { sha256: missing });

      const recordedAt = clock.now().toISOString();
      const ledgerName = `${ledger.communityCode}/${ledger.code}`;
      let seq = headRow.last_seq;
      let prev = headRow.last_hash;
      const rows: repo.EntryRow[] = [];
      const posted = new Map<string, Posted>();
      for (const e of fresh) {
        seq += 1;
        const hash = chainHash(prev, canonicalEntry(publicEntry(ledgerName, seq, e, recordedAt)));
        rows.push({
          ledger_id: ledger.id,
          seq,
          entry_date: e.date,
          memo: e.memo,
          reason: e.reason,
          counterparty: e.counterparty ?? null,
          budget_line: e.budgetLine ?? null,
          reverses_seq: e.reverses ?? null,
          refs: JSON.stringify(e.refs ?? {}),
          recorded_at: recordedAt,
          recorded_by: e.recordedBy ?? null,
          approved_by: e.approvedBy ?? null,
          idempotency_key: e.idempotencyKey,
          prev_hash: prev,
          hash,
        });
        posted.set(e.idempotencyKey, { seq, hash, created: true });
        prev = hash;
      }
      if (rows.length) {
        const ids = await repo.insertEntries(t, rows);
        await repo.insertLines(
          t,
          fresh.flatMap((e, i) => e.lines.map((l, n) => ({ entry_id: ids[i]!, line_no: n + 1, ledger_id: ledger.id, account_code: l.account, debit_fen: l.debitFen, credit_fen: l.creditFen }))),
        );
        await repo.insertVouchers(t, fresh.flatMap((e, i) => (e.vouchers ?? []).map((v, n) => ({ entry_id: ids[i]!, position: n + 1, sha256: v.sha256, file_name: v.name }))));
        const deltas = new Map<string, { account: string; period: string; debitFen: number; creditFen: number }>();
        for (const e of fresh) {
          for (const l of e.lines) {
            const k = `${l.account}|${periodOf(e.date)}`;
            const d = deltas.get(k) ?? { account: l.account, period: periodOf(e.date), debitFen: 0, creditFen: 0 };
            d.debitFen += l.debitFen;
            d.creditFen += l.creditFen;
            deltas.set(k, d);
          }
        }
        await repo.addBalances(t, ledger.id, [...deltas.values()]);
        await repo.updateHead(t, ledger.id, seq, prev);
      }
      return entries.map((e) => {
        const old = existing.get(e.idempotencyKey);
        return old ? { seq: old.seq, hash: old.hash, created: false } : posted.get(e.idempotencyKey)!;
      });
    };
    if (trx) return run(trx);
    try {
      return await db.transaction().execute(run);
    } catch (err) {
      // two processes posting the same key at once: the loser sees the winner's row on retry
      if ((err as { code?: string }).code === '23505') return db.transaction().execute(run);
      throw err;
    }
  }

  return {
    ledgerOrThrow,
    postBatch,

    async post(ledger: repo.LedgerRef, entry: EntryInput, trx?: Db): Promise<Posted> {
      return (await postBatch(ledger, [entry], trx))[0]!;
    },

    /**
     * An entry the trustee posts by hand (the ledger's entry route): no expense, and cash out only
     * to pay what is owed (manualEntryProblem), judged under the ledger's lock against the
     * balances as they are, so that two payments at once cannot both pay the same debt.
     */
    async postByHand(ledger: repo.LedgerRef, entry: EntryInput): Promise<Posted> {
      return db.transaction().execute(async (t) => {
        await repo.lockHead(t, ledger.id);
        // a retry of an entry already posted is answered as posted (the balances include it now)
        const [old] = await repo.entriesByKeys(t, ledger.id, [entry.idempotencyKey]);
        if (!old) {
          const owed = await repo.creditBalances(t, ledger.id, [...new Set(entry.lines.filter((l) => l.account.startsWith('2')).map((l) => l.account))]);
          const problem = manualEntryProblem(entry.reason, entry.lines, (a) => owed.get(a) ?? 0);
          if (problem) throw new ValidationError(problem.code, problem.params ?? {});
        }
        return (await postBatch(ledger, [entry], t))[0]!;
      });
    },

    /** Creates a community's ledger with the default chart (idempotent). */
    async ensureLedger(communityId: number, communityCode: string, code = COMMON_FUND, name = '共有资金账'): Promise<repo.LedgerRef> {
      const found = await repo.findLedger(db, communityCode, code);
      if (found) return found;
      try {
        await db.transaction().execute((t) => repo.insertLedger(t, { communityId, code, name, chart: DEFAULT_CHART, genesis: GENESIS_HASH }));
      } catch (err) {
        // created by a concurrent call: use that one
        if ((err as { code?: string }).code !== '23505') throw err;
      }
      return (await repo.findLedger(db, communityCode, code))!;
    },

    /**
     * Adds an account to a ledger's chart (the default chart of DESIGN §2.2 is configurable). The
     * code's first digit fixes the type: 1 asset, 2 liability, 3 net assets, 4 income, 5 expense.
     * Accounts are never removed or retyped: entries refer to them.
     */
    async addAccount(ledger: repo.LedgerRef, a: ChartAccount): Promise<void> {
      const typeByDigit: Record<string, ChartAccount['type']> = { '1': 'asset', '2': 'liability', '3': 'net_assets', '4': 'income', '5': 'expense' };
      if (!/^[1-5]\d{3}$/.test(a.code) || typeByDigit[a.code[0]!] !== a.type) throw new ValidationError('ledger.bad_account', { code: a.code });
      if (!a.name.trim() || !a.nameEn.trim() || !isStorableText(a.name) || !isStorableText(a.nameEn)) throw new ValidationError('ledger.bad_account', { code: a.code });
      const exists = (await repo.chart(db, ledger.id)).some((c) => c.code === a.code);
      if (exists) throw new ConflictError('ledger.account_exists', { code: a.code });
      await db.insertInto('ledger_accounts').values({ ledger_id: ledger.id, code: a.code, name: a.name.trim(), name_en: a.nameEn.trim(), type: a.type }).execute();
    },

    /** A correction is a new entry with the lines mirrored, referencing the original (DESIGN §2.2). */
    async reverse(ledger: repo.LedgerRef, seq: number, input: { idempotencyKey: string; date: string; memo: string; recordedBy?: number | null }): Promise<Posted> {
      const original = await repo.entryBySeq(db, ledger.id, seq);
      if (!original) throw new NotFoundError('ledger.reverse_missing', { seq });
      // reversing a reversal would post the original again without its approval trail (an
      // expense without its proposal): a correction of a correction is a new, approved entry
      if (original.reason === 'reversal') throw new ConflictError('ledger.reverse_reversal', { seq });
      const lines = await db.selectFrom('ledger_lines').select(['account_code', 'debit_fen', 'credit_fen']).where('entry_id', '=', original.id).orderBy('line_no').execute();
      return (
        await postBatch(ledger, [
          {
            idempotencyKey: input.idempotencyKey,
            date: input.date,
            memo: input.memo,
            reason: 'reversal',
            reverses: seq,
            counterparty: original.counterparty,
            lines: lines.map((l) => ({ account: l.account_code, debitFen: l.credit_fen, creditFen: l.debit_fen })),
            recordedBy: input.recordedBy ?? null,
          },
        ])
      )[0]!;
    },

    /** Stores a voucher file (PDF, JPEG, PNG; size-limited) by SHA-256, for entries of this ledger. */
    async storeVoucher(ledger: repo.LedgerRef, data: Buffer): Promise<{ sha256: string; mediaType: string; sizeBytes: number }> {
      if (data.length === 0 || data.length > MAX_VOUCHER_BYTES) throw new ValidationError('ledger.voucher_size', { maxMiB: MAX_VOUCHER_BYTES / 1024 / 1024 });
      const mediaType = sniffVoucherType(data);
      if (!mediaType) throw new ValidationError('ledger.voucher_type');
      const sha256 = await ctx.files.put(data);
      if (sha256 !== sha256Of(data)) throw new Error('file store returned a different hash');
      await db.transaction().execute((t) => repo.insertFile(t, ledger.id, { sha256, sizeBytes: data.length, mediaType }));
      return { sha256, mediaType, sizeBytes: data.length };
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;

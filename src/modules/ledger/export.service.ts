/**
 * Ledger exports (JSON with the hash chain, hledger journal, .xlsx) and the invariant checks of
 * `xinyi check` (CONVENTIONS 7). Every export and every check reads one REPEATABLE READ
 * snapshot: entries, balances, checkpoints and head come from the same instant, so posting
 * while exporting can never make a correct ledger look tampered with.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import {
  type AccountTotals,
  type Checkpoint,
  EXPORT_FORMAT,
  type LedgerExport,
  REASON_LABELS,
  TYPE_LABELS,
  hledgerAccountName,
  hledgerHeader,
  hledgerTransaction,
} from './export.rules.js';
import type { LedgerRef } from './ledger.repository.js';
import { type ChainedEntry, type ChartAccount, GENESIS_HASH, verifyChain } from './ledger.rules.js';
import { type StatementsService, createStatementsService } from './statements.service.js';

export { verifyJsonExport, type LedgerExport, type VerifyResult } from './export.rules.js';

export interface ExportOptions {
  /** called every 1,000 entries and at the end, with the number of entries written */
  progress?: (entries: number) => void;
}

export interface InvariantFailure {
  /** 'community/ledger' */
  ledger: string;
  check: 'entry_balances' | 'chain' | 'balances' | 'head' | 'checkpoint';
  /** the entry at fault, when one can be named */
  seq: number | null;
  message: string;
}

export type ExportFormat = 'json' | 'hledger' | 'xlsx';

interface Header {
  ledger: string;
  exportedAt: string;
  chart: ChartAccount[];
  checkpoints: Checkpoint[];
  balances: AccountTotals[];
}

/** Workbook sheet row limit is 1,048,576; the entries continue on a new sheet before it. */
const ROWS_PER_SHEET = 1_000_000;

export function createExportService(ctx: AppContext) {
  const { db, clock } = ctx;

  /** Runs `fn` on a read-only snapshot; the statements service is bound to the same snapshot. */
  function snapshot<T>(fn: (t: Db, st: StatementsService) => Promise<T>): Promise<T> {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((t) => fn(t, createStatementsService({ ...ctx, db: t })));
  }

  /** The same for a generator: the snapshot lives until the consumer stops reading. */
  async function* inSnapshot<T>(fn: (t: Db, st: StatementsService) => AsyncGenerator<T>): AsyncGenerator<T> {
    const trx = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
    try {
      yield* fn(trx, createStatementsService({ ...ctx, db: trx }));
    } finally {
      await trx.rollback().execute();
    }
  }

  async function header(t: Db, st: StatementsService, ledger: LedgerRef): Promise<Header> {
    const chart = await t.selectFrom('ledger_accounts').select(['code', 'name', 'name_en', 'type']).where('ledger_id', '=', ledger.id).orderBy('code').execute();
    const periods = await t.selectFrom('ledger_periods').select(['period', 'checkpoint_seq', 'checkpoint_hash']).where('ledger_id', '=', ledger.id).orderBy('period').execute();
    const tb = await st.trialBalance(ledger);
    return {
      ledger: `${ledger.communityCode}/${ledger.code}`,
      exportedAt: clock.now().toISOString(),
      chart: chart.map((a) => ({ code: a.code, name: a.name, nameEn: a.name_en, type: a.type })),
      checkpoints: periods.map((p) => ({ period: p.period, seq: p.checkpoint_seq, hash: p.checkpoint_hash })),
      balances: tb.accounts.map((a) => ({ account: a.code, debit: a.debitFen, credit: a.creditFen })),
    };
  }

  async function* counted(entries: AsyncIterable<ChainedEntry>, opts: ExportOptions): AsyncGenerator<ChainedEntry> {
    let n = 0;
    for await (const e of entries) {
      yield e;
      if (++n % 1000 === 0) opts.progress?.(n);
    }
    opts.progress?.(n);
  }

  /** The JSON export as text chunks: small sections first, the entries last, one per line. */
  function jsonChunks(ledger: LedgerRef, opts: ExportOptions = {}): AsyncGenerator<string> {
    return inSnapshot(async function* (t, st) {
      const h = await header(t, st, ledger);
      yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"ledger":${JSON.stringify(h.ledger)},"exportedAt":${JSON.stringify(h.exportedAt)},\n`;
      yield `"chart":${JSON.stringify(h.chart)},\n"checkpoints":${JSON.stringify(h.checkpoints)},\n"balances":${JSON.stringify(h.balances)},\n"entries":[`;
      // entries go out in chunks of about 64 KiB: one write per entry costs more than the JSON
      let buf = '';
      for await (const e of counted(st.chained(ledger), opts)) {
        buf += `${e.seq === 1 ? '\n' : ',\n'}${JSON.stringify(e)}`;
        if (buf.length >= 65_536) {
          yield buf;
          buf = '';
        }
      }
      yield `${buf}\n]}\n`;
    });
  }

  function hledgerChunks(ledger: LedgerRef, opts: ExportOptions = {}): AsyncGenerator<string> {
    return inSnapshot(async function* (t, st) {
      const h = await header(t, st, ledger);
      yield hledgerHeader(h.ledger, h.exportedAt, h.chart);
      const names = new Map(h.chart.map((a) => [a.code, hledgerAccountName(a)]));
      for await (const e of counted(st.chained(ledger), opts)) yield hledgerTransaction(e, names);
    });
  }

  /** Streams the workbook (exceljs WorkbookWriter) to `out`: 分录 one row per line, then 科目余额. */
  async function writeXlsx(ledger: LedgerRef, out: Writable, opts: ExportOptions = {}): Promise<void> {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    // xlsx stores numbers as doubles: yuan = fen / 100 is the closest double to the exact
    // decimal and shows exactly with two decimals; sums are checked in fen, never from here
    const yuan = (fen: number) => (fen === 0 ? null : fen / 100);
    await snapshot(async (t, st) => {
      const h = await header(t, st, ledger);
      const names = new Map(h.chart.map((a) => [a.code, a.name]));
      let sheetNo = 1;
      let rows = 0;
      const entrySheet = (n: number) => {
        const ws = wb.addWorksheet(n === 1 ? '分录' : `分录${n}`, { views: [{ state: 'frozen', ySplit: 1 }] });
        ws.columns = [
          { header: '序号', key: 'seq', width: 8 },
          { header: '日期', key: 'date', width: 12 },
          { header: '摘要', key: 'memo', width: 36 },
          { header: '业务类型', key: 'reason', width: 14 },
          { header: '对方单位', key: 'counterparty', width: 18 },
          { header: '科目代码', key: 'account', width: 10 },
          { header: '科目名称', key: 'accountName', width: 18 },
          { header: '借方金额(元)', key: 'debit', width: 14, style: { numFmt: '0.00' } },
          { header: '贷方金额(元)', key: 'credit', width: 14, style: { numFmt: '0.00' } },
          { header: '冲销分录', key: 'reverses', width: 9 },
          { header: '哈希', key: 'hash', width: 66 },
        ];
        return ws;
      };
      let ws = entrySheet(sheetNo);
      for await (const e of counted(st.chained(ledger), opts)) {
        if (rows + e.lines.length > ROWS_PER_SHEET) {
          ws.commit();
          ws = entrySheet(++sheetNo);
          rows = 0;
        }
        for (const l of e.lines) {
          ws.addRow({
            seq: e.seq,
            date: e.date,
            memo: e.memo,
            reason: REASON_LABELS[e.reason] ?? e.reason,
            counterparty: e.counterparty,
            account: l.account,
            accountName: names.get(l.account) ?? '',
            debit: yuan(l.debit),
            credit: yuan(l.credit),
            reverses: e.reverses,
            hash: e.hash,
          }).commit();
          rows++;
        }
      }
      ws.commit();

      const tb = wb.addWorksheet('科目余额', { views: [{ state: 'frozen', ySplit: 1 }] });
      tb.columns = [
        { header: '科目代码', key: 'code', width: 10 },
        { header: '科目名称', key: 'name', width: 22 },
        { header: '类别', key: 'type', width: 8 },
        { header: '借方累计(元)', key: 'debit', width: 16, style: { numFmt: '0.00' } },
        { header: '贷方累计(元)', key: 'credit', width: 16, style: { numFmt: '0.00' } },
        { header: '余额(元)', key: 'balance', width: 16, style: { numFmt: '0.00' } },
      ];
      const byCode = new Map(h.balances.map((b) => [b.account, b]));
      let debit = 0;
      let credit = 0;
      for (const a of h.chart) {
        const b = byCode.get(a.code) ?? { debit: 0, credit: 0 };
        debit += b.debit;
        credit += b.credit;
        const natural = a.type === 'asset' || a.type === 'expense' ? b.debit - b.credit : b.credit - b.debit;
        tb.addRow({ code: a.code, name: a.name, type: TYPE_LABELS[a.type], debit: b.debit / 100, credit: b.credit / 100, balance: natural / 100 }).commit();
      }
      tb.addRow({ code: '合计', debit: debit / 100, credit: credit / 100 }).commit();
      tb.commit();
    });
    await wb.commit();
  }

  /** All ledgers, or a community's, in a stable order (for `xinyi check`). */
  async function listLedgers(communityCode?: string): Promise<LedgerRef[]> {
    let q = db
      .selectFrom('ledgers')
      .innerJoin('communities', 'communities.id', 'ledgers.community_id')
      .select(['ledgers.id', 'ledgers.community_id', 'communities.code as community_code', 'ledgers.code', 'ledgers.name']);
    if (communityCode) q = q.where('communities.code', '=', communityCode);
    const rows = await q.orderBy('communities.code').orderBy('ledgers.code').execute();
    return rows.map((r) => ({ id: r.id, communityId: r.community_id, communityCode: r.community_code, code: r.code, name: r.name }));
  }

  /**
   * The ledger invariants against the live database: each entry balances and has its lines in
   * its own ledger; the chain verifies; the maintained balances equal the sums of the lines per
   * account and month; the head is the last entry; each checkpoint is the chain's hash at its
   * sequence and no later entry is dated in a closed month; each disclosure publishes its
   * month's checkpoint.
   */
  async function checkInvariants(ledger: LedgerRef, opts: ExportOptions = {}): Promise<InvariantFailure[]> {
    const name = `${ledger.communityCode}/${ledger.code}`;
    const failures: InvariantFailure[] = [];
    const fail = (check: InvariantFailure['check'], seq: number | null, message: string) => failures.push({ ledger: name, check, seq, message });
    await snapshot(async (t, st) => {
      const id = ledger.id;
      const unbalanced = await sql<{ seq: number; d: number; c: number; n: number; foreign: number }>`
        select e.seq, coalesce(sum(l.debit_fen), 0)::int8 as d, coalesce(sum(l.credit_fen), 0)::int8 as c, count(l.entry_id)::int8 as n,
               count(*) filter (where l.ledger_id <> e.ledger_id)::int8 as foreign
          from ledger_entries e left join ledger_lines l on l.entry_id = e.id
         where e.ledger_id = ${id}
         group by e.seq
        having coalesce(sum(l.debit_fen), 0) <> coalesce(sum(l.credit_fen), 0) or count(l.entry_id) < 2
            or count(*) filter (where l.ledger_id <> e.ledger_id) > 0
         order by e.seq`.execute(t);
      for (const r of unbalanced.rows) {
        const why = r.n < 2 ? `has ${r.n} line(s)` : r.foreign > 0 ? `has ${r.foreign} line(s) filed under another ledger` : `debits ${r.d} ≠ credits ${r.c} fen`;
        fail('entry_balances', r.seq, `entry ${r.seq} ${why}`);
      }

      // verifyChain needs the whole chain in one iteration; a ledger of 100k entries is ~150 MB
      const chain: ChainedEntry[] = [];
      for await (const e of counted(st.chained(ledger), opts)) chain.push(e);
      const bad = verifyChain(chain);
      if (bad) fail('chain', bad.seq, `entry ${bad.seq}: ${bad.problem}`);

      const drift = await sql<{ account: string; period: string; ld: number; lc: number; bd: number; bc: number }>`
        with l as (
          select l.account_code, to_char(e.entry_date, 'YYYY-MM') as period, sum(l.debit_fen) as d, sum(l.credit_fen) as c
            from ledger_lines l join ledger_entries e on e.id = l.entry_id
           where e.ledger_id = ${id} group by 1, 2),
        b as (select account_code, period, debit_fen as d, credit_fen as c from ledger_balances where ledger_id = ${id})
        select coalesce(l.account_code, b.account_code) as account, coalesce(l.period, b.period) as period,
               coalesce(l.d, 0)::int8 as ld, coalesce(l.c, 0)::int8 as lc, coalesce(b.d, 0)::int8 as bd, coalesce(b.c, 0)::int8 as bc
          from l full join b on b.account_code = l.account_code and b.period = l.period
         where coalesce(l.d, 0) <> coalesce(b.d, 0) or coalesce(l.c, 0) <> coalesce(b.c, 0)
         order by 2, 1`.execute(t);
      for (const r of drift.rows) {
        fail('balances', null, `balance of ${r.account} in ${r.period}: stored debit ${r.bd} credit ${r.bc} fen, the lines sum to debit ${r.ld} credit ${r.lc}`);
      }

      const head = await t.selectFrom('ledger_heads').select(['last_seq', 'last_hash']).where('ledger_id', '=', id).executeTakeFirst();
      const last = chain.at(-1);
      const lastSeq = last?.seq ?? 0;
      const lastHash = last?.hash ?? GENESIS_HASH;
      if (!head) fail('head', null, 'the ledger has no head row');
      else if (head.last_seq !== lastSeq || head.last_hash !== lastHash) {
        fail('head', lastSeq || null, `the head says entry ${head.last_seq} ${head.last_hash.slice(0, 12)}…, the last entry is ${lastSeq} ${lastHash.slice(0, 12)}…`);
      }

      const bySeq = new Map(chain.map((e) => [e.seq, e.hash]));
      bySeq.set(0, GENESIS_HASH);
      const periods = await t.selectFrom('ledger_periods').select(['period', 'checkpoint_seq', 'checkpoint_hash']).where('ledger_id', '=', id).orderBy('period').execute();
      for (const p of periods) {
        const at = bySeq.get(p.checkpoint_seq);
        if (at !== p.checkpoint_hash) fail('checkpoint', p.checkpoint_seq, `checkpoint ${p.period} (entry ${p.checkpoint_seq}) ${at ? 'differs from the chain' : 'names a missing entry'}`);
      }
      const late = await sql<{ period: string; seq: number }>`
        select p.period, min(e.seq) as seq
          from ledger_periods p join ledger_entries e
            on e.ledger_id = p.ledger_id and e.seq > p.checkpoint_seq and to_char(e.entry_date, 'YYYY-MM') <= p.period
         where p.ledger_id = ${id} group by p.period order by p.period`.execute(t);
      for (const r of late.rows) fail('checkpoint', r.seq, `entry ${r.seq} is dated in ${r.period} but was recorded after ${r.period} closed`);
      const published = await sql<{ period: string }>`
        select d.period from disclosures d join ledger_periods p on p.ledger_id = d.ledger_id and p.period = d.period
         where d.ledger_id = ${id} and (d.checkpoint_seq <> p.checkpoint_seq or d.checkpoint_hash <> p.checkpoint_hash)`.execute(t);
      for (const r of published.rows) fail('checkpoint', null, `the disclosure of ${r.period} publishes another checkpoint than the closed month's`);
    });
    return failures;
  }

  async function collect(chunks: AsyncIterable<string>): Promise<string> {
    const parts: string[] = [];
    for await (const c of chunks) parts.push(c);
    return parts.join('');
  }

  return {
    listLedgers,
    checkInvariants,
    jsonChunks,
    hledgerChunks,
    writeXlsx,

    /** The JSON export as one object (fine up to ~100k entries; stream jsonChunks beyond). */
    exportJson(ledger: LedgerRef, opts: ExportOptions = {}): Promise<LedgerExport> {
      return snapshot(async (t, st) => {
        const h = await header(t, st, ledger);
        const entries: ChainedEntry[] = [];
        for await (const e of counted(st.chained(ledger), opts)) entries.push(e);
        return { format: EXPORT_FORMAT, ...h, entries };
      });
    },

    /** The hledger journal as one string (`hledger -f FILE balance` reads it). */
    exportHledger: (ledger: LedgerRef, opts: ExportOptions = {}) => collect(hledgerChunks(ledger, opts)),

    /** The workbook as a Buffer. */
    async exportXlsx(ledger: LedgerRef, opts: ExportOptions = {}): Promise<Buffer> {
      const out = new PassThrough();
      const parts: Buffer[] = [];
      out.on('data', (b: Buffer) => parts.push(b));
      const done = new Promise((resolve, reject) => out.on('end', resolve).on('error', reject));
      await writeXlsx(ledger, out, opts);
      await done;
      return Buffer.concat(parts);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;

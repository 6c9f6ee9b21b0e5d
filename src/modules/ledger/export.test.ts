/**
 * Exports and checks on the real database: export → verify round trip, any single tampering
 * of an export is caught and located, hledger agrees with our balances, `checkInvariants`
 * finds tampering done behind the append-only triggers, and the CLI does the same.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { runXinyi } from '../../../test/helpers/cli.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { type LedgerExport, verifyJsonExport } from './export.rules.js';
import { createExportService } from './export.service.js';
import type { LedgerRef } from './ledger.repository.js';
import { DEFAULT_CHART } from './ledger.rules.js';
import type { EntryInput } from './ledger.service.js';

const t = await createTestDb({ clock: '2026-03-15T04:00:00Z' });
const { ledger: ledgers, statements, close } = t.services;
const exports = createExportService(t.ctx);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-export-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let keySeq = 0;
function entry(lines: [string, number][], over: Partial<EntryInput> = {}): EntryInput {
  return {
    idempotencyKey: `x${++keySeq}`,
    date: '2026-01-15',
    memo: '测试分录',
    reason: 'adjustment',
    // positive: debit, negative: credit
    lines: lines.map(([account, fen]) => ({ account, debitFen: Math.max(fen, 0), creditFen: Math.max(-fen, 0) })),
    ...over,
  };
}

/** Two closed months (remuneration, checkpoints), a reversal, vouchers, refs, a 3-line entry, then March. */
async function history(code: string): Promise<LedgerRef> {
  const c = await buildCommunity(t.services, code);
  const l = await ledgers.ensureLedger(c.id, c.code);
  await close.setContract(c.id, { effectiveFrom: '2020-01-01', rateBp: 1500, base: 'received_fees_and_public_revenue' });
  const pdf = await ledgers.storeVoucher(l, Buffer.from(`%PDF-1.4\n% ${code} 保洁发票\n`));
  const png = await ledgers.storeVoucher(l, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(code)]));
  t.clock.set('2026-01-31T04:00:00Z');
  const jan = await ledgers.postBatch(l, [
    entry([['1001', 35_670], ['4001', -35_670]], { reason: 'fee_payment', date: '2026-01-05', memo: '1月物业费 3-2-1201', counterparty: 'U-7F3A9C21', refs: { bill: 'B1', payment: 'P1' } }),
    entry([['1001', 200_003], ['4101', -200_003]], { reason: 'public_revenue', date: '2026-01-10', memo: '停车收益\n1月', refs: { months: 1 } }),
    entry([['5002', 1_280_000], ['1001', -1_280_000]], { reason: 'expense', date: '2026-01-20', memo: '保洁服务费 "A区"; 1月', counterparty: '成都洁美保洁服务有限公司', budgetLine: '2026/保洁', vouchers: [{ sha256: pdf.sha256, name: '发票.pdf' }] }),
  ]);
  await ledgers.reverse(l, jan[2]!.seq, { idempotencyKey: `${code}-rev`, date: '2026-01-21', memo: '冲销：金额录错' });
  await ledgers.post(l, entry([['5002', 1_208_000], ['1001', -1_208_000]], { reason: 'expense', date: '2026-01-21', memo: '保洁服务费（更正）', counterparty: '成都洁美保洁服务有限公司', vouchers: [{ sha256: pdf.sha256, name: '发票.pdf' }, { sha256: png.sha256, name: '验收照片.png' }] }));
  t.clock.set('2026-02-02T04:00:00Z');
  await close.closeMonth(l, '2026-01');
  t.clock.set('2026-02-28T04:00:00Z');
  await ledgers.post(l, entry([['1001', 999_999], ['4001', -900_000], ['2203', -99_999]], { reason: 'fee_payment', date: '2026-02-03', memo: '物业费及预收' }));
  await ledgers.post(l, entry([['5006', 123_456], ['2202', -123_456]], { reason: 'expense', date: '2026-02-28', memo: '公共电费', vouchers: [{ sha256: png.sha256, name: '电费单.png' }] }));
  t.clock.set('2026-03-02T04:00:00Z');
  await close.closeMonth(l, '2026-02');
  await ledgers.post(l, entry([['2202', 123_456], ['1001', -123_456]], { reason: 'payable_payment', date: '2026-03-01', memo: '支付电费' }));
  t.clock.set('2026-03-15T04:00:00Z');
  return l;
}

const main = await history('exporttest');
const good: LedgerExport = await exports.exportJson(main);
const clone = (): LedgerExport => structuredClone(good);

describe('JSON export', () => {
  it('round trips: the export verifies, with its checkpoints, balances and head', async () => {
    expect(good.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(good.entries.find((e) => e.reason === 'reversal')).toMatchObject({ reverses: 3 });
    expect(good.checkpoints.map((c) => [c.period, c.seq])).toEqual([['2026-01', 6], ['2026-02', 9]]);
    const head = await t.db.selectFrom('ledger_heads').selectAll().where('ledger_id', '=', main.id).executeTakeFirstOrThrow();
    const r = verifyJsonExport(JSON.parse(JSON.stringify(good)));
    expect(r).toMatchObject({ ok: true, ledger: 'exporttest/common-fund', entries: 10, checkpoints: 2, lastHash: head.last_hash });
    const tb = await statements.trialBalance(main);
    expect(good.balances).toEqual(tb.accounts.map((a) => ({ account: a.code, debit: a.debitFen, credit: a.creditFen })));
    // the streamed text is the same export
    let text = '';
    for await (const chunk of exports.jsonChunks(main)) text += chunk;
    expect(JSON.parse(text)).toEqual(good);
  });

  it('reports file-level problems without an entry: format, checkpoints, balances', () => {
    expect(verifyJsonExport({ format: 'other' })).toMatchObject({ ok: false, seq: null, problem: expect.stringMatching(/format/) });
    const b = clone();
    b.balances.find((x) => x.account === '1001')!.debit += 1;
    expect(verifyJsonExport(b)).toMatchObject({ ok: false, seq: null, problem: expect.stringMatching(/balance of 1001/) });
    const c = clone();
    c.checkpoints[1]!.hash = c.checkpoints[0]!.hash;
    expect(verifyJsonExport(c)).toMatchObject({ ok: false, seq: 9, problem: expect.stringMatching(/checkpoint 2026-02/) });
    const d = clone(); // January closed one entry earlier: entry 6, dated in January, came too late
    d.checkpoints[0] = { period: '2026-01', seq: 5, hash: d.entries[4]!.hash };
    expect(verifyJsonExport(d)).toMatchObject({ ok: false, seq: 6, problem: expect.stringMatching(/dated 2026-01-31, in 2026-01, which was closed before/) });
  });

  type Mutation = 'memo' | 'date' | 'amount' | 'account' | 'counterparty' | 'refs' | 'dropLine' | 'addLine' | 'swapLines' | 'swapEntries' | 'voucher' | 'hash';
  const MUTATIONS: Mutation[] = ['memo', 'date', 'amount', 'account', 'counterparty', 'refs', 'dropLine', 'addLine', 'swapLines', 'swapEntries', 'voucher', 'hash'];
  const CODES = DEFAULT_CHART.map((a) => a.code);
  const DATES = ['2026-01-05', '2026-01-31', '2026-02-15', '2026-03-01', '2026-03-02'];

  /** Applies one change to a copy of the export; returns it and the seq verify must name. */
  function tamper(kind: Mutation, a: number, b: number, s: string, n: number): { data: LedgerExport; seq: number } {
    const data = clone();
    const es = data.entries;
    const withVouchers = es.filter((e) => e.vouchers.length > 0);
    const e = kind === 'voucher' ? withVouchers[a % withVouchers.length]! : es[a % es.length]!;
    const line = e.lines[b % e.lines.length]!;
    switch (kind) {
      case 'memo': e.memo += s; break;
      case 'date': e.date = DATES.filter((d) => d !== e.date)[b % (DATES.length - 1)]!; break;
      case 'amount': if (line.debit) line.debit += n; else line.credit += n; break;
      case 'account': line.account = CODES.filter((c) => c !== line.account)[b % (CODES.length - 1)]!; break;
      case 'counterparty': e.counterparty = (e.counterparty ?? '') + s; break;
      case 'refs': e.refs = { ...e.refs, [`zz${s}`]: n }; break;
      case 'dropLine': e.lines.splice(b % e.lines.length, 1); break;
      case 'addLine': e.lines.push({ account: '1001', debit: n, credit: 0 }); break;
      case 'swapLines': { const i = b % e.lines.length; const j = (i + 1) % e.lines.length; [e.lines[i], e.lines[j]] = [e.lines[j]!, e.lines[i]!]; break; }
      case 'swapEntries': {
        const i = a % (es.length - 1);
        const j = i + 1 + (b % (es.length - 1 - i));
        [es[i], es[j]] = [es[j]!, es[i]!];
        return { data, seq: i + 1 };
      }
      case 'voucher': { const v = e.vouchers[b % e.vouchers.length]!; v.sha256 = (v.sha256[0] === 'a' ? 'b' : 'a') + v.sha256.slice(1); break; }
      case 'hash': e.hash = (e.hash[63] === '0' ? e.hash.slice(0, 63) + '1' : e.hash.slice(0, 63) + '0'); break;
    }
    return { data, seq: e.seq };
  }

  it('catches any single change to an entry, a line, the order of lines or entries, or a voucher hash, and names that entry', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MUTATIONS), fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 1_000_000 }), (kind, a, b, s, n) => {
        const { data, seq } = tamper(kind, a, b, s, n);
        const r = verifyJsonExport(JSON.parse(JSON.stringify(data)));
        expect(r.ok, kind).toBe(false);
        if (!r.ok) expect(r.seq, `${kind}: ${r.problem}`).toBe(seq);
      }),
      { numRuns: 60 },
    );
    // every kind at least once, whatever the random draw
    for (const kind of MUTATIONS) expect(verifyJsonExport(tamper(kind, 2, 1, '改', 7).data)).toMatchObject({ ok: false, seq: tamper(kind, 2, 1, '改', 7).seq });
  });
});

const hledger = fs.existsSync('/usr/bin/hledger');
describe.skipIf(!hledger)('hledger export (skipped: /usr/bin/hledger is not installed; apt-get install hledger)', () => {
  const file = path.join(tmp, 'ledger.journal');
  const run = promisify(execFile);
  /** account code → balance in fen (debit − credit), from `hledger balance -O csv`. */
  async function hledgerBalances(...args: string[]): Promise<Map<string, number>> {
    const { stdout } = await run('/usr/bin/hledger', ['-f', file, 'balance', '--flat', '--no-total', '-O', 'csv', ...args]);
    const out = new Map<string, number>();
    for (const row of stdout.trim().split('\n').slice(1)) {
      const m = /^"[a-z]+:(\d{4}) [^"]*","(-?)¥?(-?)([\d,]+)(?:\.(\d{1,2}))?"$/.exec(row.replace('"0"', '"¥0.00"'));
      if (!m) throw new Error(`unexpected hledger row: ${row}`);
      const fen = Number(m[4]!.replace(/,/g, '')) * 100 + Number((m[5] ?? '').padEnd(2, '0'));
      out.set(m[1]!, m[2] || m[3] ? -fen : fen);
    }
    return out;
  }
  const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));

  it('hledger balance equals our trial balance per account, and a month equals our statement', async () => {
    fs.writeFileSync(file, await exports.exportHledger(main));
    await run('/usr/bin/hledger', ['-f', file, 'check', '--strict']);
    const tb = await statements.trialBalance(main);
    const ours = new Map(tb.accounts.map((a) => [a.code, a.debitFen - a.creditFen]));
    expect(nonZero(await hledgerBalances())).toEqual(nonZero(ours));
    const jan = await statements.monthly(main, '2026-01');
    const flows = new Map([...jan.income.map((a) => [a.code, -a.amountFen] as const), ...jan.expense.map((a) => [a.code, a.amountFen] as const)]);
    expect(nonZero(await hledgerBalances('-p', '2026-01', '^revenues', '^expenses'))).toEqual(nonZero(flows));
  });
});

describe('xlsx export', () => {
  it('has 分录 (one row per line, yuan as 0.00 numbers) and 科目余额 with Chinese headers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exports.exportXlsx(main)) as unknown as ArrayBuffer);
    const lines = wb.getWorksheet('分录')!;
    expect(lines.getRow(1).values).toEqual([undefined, '序号', '日期', '摘要', '业务类型', '对方单位', '科目代码', '科目名称', '借方金额(元)', '贷方金额(元)', '冲销分录', '哈希']);
    expect(lines.rowCount).toBe(1 + good.entries.reduce((s, e) => s + e.lines.length, 0));
    const first = lines.getRow(2);
    expect([first.getCell(1).value, first.getCell(6).value, first.getCell(8).value, first.getCell(8).numFmt, first.getCell(11).value]).toEqual([1, '1001', 356.7, '0.00', good.entries[0]!.hash]);
    const tb = wb.getWorksheet('科目余额')!;
    expect(tb.getRow(1).values).toEqual([undefined, '科目代码', '科目名称', '类别', '借方累计(元)', '贷方累计(元)', '余额(元)']);
    const total = tb.getRow(tb.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(4).value).toBe(total.getCell(5).value);
  });
});

describe('checkInvariants', () => {
  it('finds nothing wrong in a clean ledger', async () => {
    expect(await exports.checkInvariants(main)).toEqual([]);
  });

  it('finds rows tampered with behind the append-only triggers, naming the entry', async () => {
    const l = await history('tampered');
    const entryId = async (seq: number) => (await t.db.selectFrom('ledger_entries').select('id').where('ledger_id', '=', l.id).where('seq', '=', seq).executeTakeFirstOrThrow()).id;
    /** as the table owner, with the trigger off only inside this transaction */
    const behindTriggers = (table: string, change: RawBuilder<unknown>) =>
      t.db.transaction().execute(async (trx) => {
        await sql`alter table ${sql.table(table)} disable trigger ${sql.id(`${table}_append_only`)}`.execute(trx);
        await change.execute(trx);
        await sql`alter table ${sql.table(table)} enable trigger ${sql.id(`${table}_append_only`)}`.execute(trx);
      });

    await behindTriggers('ledger_lines', sql`update ledger_lines set debit_fen = debit_fen + 1 where entry_id = ${await entryId(2)} and line_no = 1`);
    let failures = await exports.checkInvariants(l);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'entry_balances', seq: 2 }),
        expect.objectContaining({ check: 'chain', seq: 2 }),
        expect.objectContaining({ check: 'balances', message: expect.stringMatching(/^balance of 1001 in 2026-01/) }),
      ]),
    );
    // the triggers are back
    await expect(sql`update ledger_lines set debit_fen = 1 where entry_id = ${await entryId(2)}`.execute(t.db)).rejects.toThrow(/append-only/);

    await behindTriggers('ledger_entries', sql`update ledger_entries set memo = '改过的摘要' where id = ${await entryId(1)}`);
    failures = await exports.checkInvariants(l);
    expect(failures.find((f) => f.check === 'chain')).toMatchObject({ seq: 1, message: 'entry 1: hash does not match the content' });

    await sql`update ledger_heads set last_seq = last_seq - 1 where ledger_id = ${l.id}`.execute(t.db);
    await sql`update ledger_balances set credit_fen = credit_fen + 5 where ledger_id = ${l.id} and account_code = '4001' and period = '2026-02'`.execute(t.db);
    failures = await exports.checkInvariants(l);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'head', seq: 10 }),
        expect.objectContaining({ check: 'balances', message: expect.stringMatching(/^balance of 4001 in 2026-02/) }),
      ]),
    );
    // the clean ledger beside it is untouched
    expect(await exports.checkInvariants(main)).toEqual([]);
  });
});

describe('xinyi ledger CLI', () => {
  const xinyi = (...args: string[]) => runXinyi(t.url, ...args);

  it('exports, verifies a good export (exit 0) and names the first bad entry of a tampered one (exit 1)', async () => {
    const out = path.join(tmp, 'cli.json');
    expect(await xinyi('ledger', 'export', '--community', 'exporttest', '--format', 'json', '--out', out)).toMatchObject({ code: 0, stdout: expect.stringMatching(/wrote .*cli\.json: 10 entries/) });
    const ok = await xinyi('ledger', 'verify', out);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^OK exporttest/common-fund: 10 entries, .*last hash ${good.entries[9]!.hash}\\n$`)) });
    const bad = JSON.parse(fs.readFileSync(out, 'utf8')) as LedgerExport;
    bad.entries[4]!.lines[0]!.debit += 100;
    const badFile = path.join(tmp, 'bad.json');
    fs.writeFileSync(badFile, JSON.stringify(bad));
    const r = await xinyi('ledger', 'verify', badFile);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('xinyi: entry 5: hash does not match the content');
    expect((await xinyi('ledger', 'verify', path.join(tmp, 'missing.json'))).stderr).toMatch(/^xinyi: no such file/);
  }, 120_000);

  it('check exits 0 on a clean ledger and 1 on a tampered one; statement prints the month', async () => {
    expect(await xinyi('check', '--community', 'exporttest')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok {3}exporttest\/common-fund: 10 entries/) });
    const bad = await xinyi('check', '--community', 'tampered');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL tampered\/common-fund chain: entry 1: hash does not match/);
    const s = await xinyi('statement', '--community', 'exporttest', '--period', '2026-01');
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/4001 物业服务费 +¥356\.70/);
    expect(s.stdout).toMatch(/受托人酬金 2026-01：基数 ¥2,356\.73 × 15\.00% = ¥353\.51/);
    expect(s.stdout).toMatch(/检查点 2026-01：第 6 号分录，哈希 [0-9a-f]{64}/);
    expect((await xinyi('statement', '--community', 'exporttest', '--period', '2026-13')).stderr).toMatch(/^xinyi: the period takes the form YYYY-MM/);
  }, 120_000);

  it('has --help on every ledger command', async () => {
    const helps = await Promise.all([['ledger', 'export'], ['ledger', 'verify'], ['check'], ['statement']].map((cmd) => xinyi(...cmd, '--help')));
    for (const h of helps) expect(h).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: xinyi/) });
  }, 120_000);
});

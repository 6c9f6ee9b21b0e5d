/**
 * Bank statement import and reconciliation on the real database: UTF-8 and GBK files, matching by
 * unit code and by amount, the same file twice, overlapping statements, bulk confirmation into
 * payments, and bad files refused with messages in both languages, writing nothing.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCommunity, buildUnit, rosterWorkbook } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { DomainError, ValidationError } from '../../platform/errors.js';
import { type Locale, hasMessage, translate } from '../../platform/i18n.js';
import type { LedgerRef } from '../ledger/ledger.repository.js';
import type { RosterEntry } from '../register/roster.service.js';
import { gbk } from '../../../test/helpers/gbk.js';

const NOW = '2025-03-20T10:00:00+08:00';
const t = await createTestDb({ clock: NOW });
const { billing, bank, ledger, roster, close } = t.services;

afterEach(() => t.clock.set(NOW));

// ---------------------------------------------------------------------------------------------
// files


const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

// ---------------------------------------------------------------------------------------------
// the community

interface Setup {
  c: { id: number; code: string };
  l: LedgerRef;
  unit: Record<string, { id: number; code: string }>;
}

const fee = (areaCm2: number) => Number((2n * BigInt(areaCm2) * 11000n + 10_000n) / 20_000n);

/**
 * Five units billed for January 2025 (due 2025-01-31): open balances 98.31, 110.00, 83.00,
 * 83.00 (the same: ambiguous by amount) and 135.80 yuan.
 */
async function setup(): Promise<Setup> {
  const c = await buildCommunity(t.services);
  const entries: RosterEntry[] = [
    buildUnit({ unitCode: '1-1-0101', areaCm2: 8937 }),
    buildUnit({ unitCode: '1-1-0102', areaCm2: 10000 }),
    buildUnit({ unitCode: '1-1-0103', areaCm2: 7545 }),
    buildUnit({ unitCode: '1-1-0104', areaCm2: 7545 }),
    buildUnit({ unitCode: '1-1-0105', areaCm2: 12345 }),
  ];
  await roster.importWorkbook(c, await rosterWorkbook(entries), { dryRun: false, accountId: null });
  const l = await ledger.ensureLedger(c.id, c.code);
  await billing.addSchedule(c, { unitKind: 'residential', rateCf: 11000, effectiveFrom: '2024-01-01', decisionRef: '2023 年业主大会决议' }, null);
  await billing.issueRun(c, { period: '2025-01', idempotencyKey: 'jan', issuedOn: '2025-01-01' }, null);
  const rows = await t.db.selectFrom('units').select(['id', 'code']).where('community_id', '=', c.id).execute();
  return { c, l, unit: Object.fromEntries(rows.map((r) => [r.code, r])) };
}

/** A statement as a bank exports it: two title lines, the header, the transactions. */
const STATEMENT = [
  '某某银行活期账户交易明细',
  '账号,6222000011112222',
  '交易日期,交易金额,对方户名,摘要,流水号',
  '2025-03-01,98.31,张三,1-1-0101 物业费,SN001', // by code → 1-1-0101
  '2025-03-02,135.80,李四,物业费,SN002', // by amount → 1-1-0105 (13580 fen)
  '2025-03-03,83.00,王五,物业费,SN003', // by amount, two units owe 83.00 → ambiguous
  '2025-03-04,50.00,赵六,1-1-0101和1-1-0102,SN004', // two codes → ambiguous
  '2025-03-05,123.45,钱七,转账,SN005', // nothing fits → unmatched
  '2025-03-06,-20.00,供应商,退款,SN006', // money out: not a payment
];

async function counts(c: { id: number }) {
  const { rows } = await sql<{ imports: number; lines: number; payments: number; allocations: number; entries: number }>`
    select (select count(*) from bank_imports where community_id = ${c.id})::int4 as imports,
           (select count(*) from bank_lines where community_id = ${c.id})::int4 as lines,
           (select count(*) from payments where community_id = ${c.id})::int4 as payments,
           (select count(*) from allocations where community_id = ${c.id})::int4 as allocations,
           (select count(*) from ledger_entries e join ledgers l on l.id = e.ledger_id where l.community_id = ${c.id})::int4 as entries`.execute(t.db);
  return rows[0]!;
}

const lineStates = (importId: number) => t.db.selectFrom('bank_lines').select(['id', 'line_no', 'status', 'unit_id', 'payment_id']).where('import_id', '=', importId).orderBy('line_no').execute();

async function domainError(p: Promise<unknown>, code: string): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(ValidationError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

/** The message exists in both languages, says something, and has every parameter filled in. */
function expectMessages(err: DomainError) {
  expect(hasMessage(err.code)).toBe(true);
  for (const locale of ['zh-CN', 'en'] as Locale[]) {
    const text = translate(locale, err.code, err.params);
    expect(text).not.toBe(err.code);
    expect(text, text).not.toMatch(/\{\w+\}/);
  }
  expect(translate('zh-CN', err.code, err.params)).toMatch(/[\u4e00-\u9fff]/);
  expect(translate('en', err.code, err.params)).toMatch(/^[\x20-\x7e\u00a0-\u024f\u3000-\u303f\u4e00-\u9fff‘’“”…—–×²]+$/);
}

// ---------------------------------------------------------------------------------------------

describe('import', () => {
  it('a UTF-8 statement: matched by code and by amount, ambiguous, unmatched; money out is left out', async () => {
    const s = await setup();
    const v = await bank.importStatement(s.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: '三月流水.csv' }, null);
    expect(v).toMatchObject({ fileName: '三月流水.csv', encoding: 'utf-8', created: true, counts: { matched: 2, ambiguous: 2, unmatched: 1 } });
    expect(v.lines.map((l) => [l.lineNo, l.date, l.amountFen, l.status, l.rule, l.unit?.code ?? null, l.candidates.map((x) => x.code), l.serial])).toEqual([
      [4, '2025-03-01', 9831, 'matched', 'code', '1-1-0101', [], 'SN001'],
      [5, '2025-03-02', 13580, 'matched', 'amount', '1-1-0105', [], 'SN002'],
      [6, '2025-03-03', 8300, 'ambiguous', 'amount', null, ['1-1-0103', '1-1-0104'], 'SN003'],
      [7, '2025-03-04', 5000, 'ambiguous', 'code', null, ['1-1-0101', '1-1-0102'], 'SN004'],
      [8, '2025-03-05', 12345, 'unmatched', null, null, [], 'SN005'],
    ]);
    expect(v.lines[0]).toMatchObject({ counterparty: '张三', memo: '1-1-0101 物业费', receiptNo: null });
    expect((await counts(s.c)).payments).toBe(0); // importing books nothing
    expect(await bank.list(s.c)).toEqual([{ id: v.id, fileName: '三月流水.csv', importedAt: v.importedAt, lineCount: 5, counts: { matched: 2, ambiguous: 2, unmatched: 1 } }]);
  });

  it('a GBK statement (credit and debit columns), detected or named', async () => {
    const s = await setup();
    const text = csv([
      '交易日期,贷方发生额,借方发生额,对方户名,附言,流水号',
      '2025-03-07,110.00,,孙八,1栋1单元0102室物业费,GB001',
      '2025-03-08,,500.00,物业公司,支付保洁费,GB002',
      '2025-03-09,"1,358.00",,周九,1-1-0105 一年物业费,GB003',
    ]);
    const data = gbk(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow(); // really not UTF-8
    const detected = await bank.importStatement(s.c, { data, fileName: 'gbk.csv' }, null);
    expect(detected).toMatchObject({ encoding: 'gbk', created: true, counts: { matched: 2 } });
    expect(detected.lines.map((l) => [l.amountFen, l.counterparty, l.memo, l.unit?.code])).toEqual([
      [11000, '孙八', '1栋1单元0102室物业费', '1-1-0102'],
      [135800, '周九', '1-1-0105 一年物业费', '1-1-0105'],
    ]);
    // the same transactions in another GBK file, named explicitly: all duplicates of the first
    const named = await bank.importStatement(s.c, { data: gbk(text.replace('一年物业费', '一年物业费 ')), fileName: 'gbk2.csv', encoding: 'gbk' }, null);
    expect(named).toMatchObject({ encoding: 'gbk', created: true });
    expect(named.lines.map((l) => l.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('the same file twice is the same import: created false, nothing new', async () => {
    const s = await setup();
    const data = Buffer.from(csv(STATEMENT), 'utf8');
    const first = await bank.importStatement(s.c, { data, fileName: 'a.csv' }, null);
    const before = await counts(s.c);
    const again = await bank.importStatement(s.c, { data, fileName: 'renamed.csv' }, null);
    expect(again).toEqual({ ...first, created: false });
    expect(await counts(s.c)).toEqual(before);
    // twice at the same time: still one import
    const other = Buffer.from(csv([...STATEMENT.slice(2), '2025-03-10,1.00,某人,备注,SN100']), 'utf8');
    const [x, y] = await Promise.all([bank.importStatement(s.c, { data: other, fileName: 'b.csv' }, null), bank.importStatement(s.c, { data: other, fileName: 'b.csv' }, null)]);
    expect(x.id).toBe(y.id);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    expect((await counts(s.c)).imports).toBe(2);
  });

  it('an overlapping statement marks the transaction it shares with an earlier one as duplicate', async () => {
    const s = await setup();
    const first = await bank.importStatement(s.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: 'march-1.csv' }, null);
    const second = await bank.importStatement(
      s.c,
      { data: Buffer.from(csv(['交易日期,交易金额,对方户名,摘要,流水号', '2025-03-05,123.45,钱七,转账,SN005', '2025-03-10,110.00,吴十,1-1-0102,SN007']), 'utf8'), fileName: 'march-2.csv' },
      null,
    );
    expect(second.id).not.toBe(first.id);
    expect(second.lines.map((l) => [l.serial, l.status, l.unit?.code ?? null])).toEqual([
      ['SN005', 'duplicate', null],
      ['SN007', 'matched', '1-1-0102'],
    ]);
    // a duplicate can never be booked
    const before = await counts(s.c);
    const err = await domainError(bank.confirm(s.c, second.id, [{ lineId: second.lines[0]!.id, unitId: s.unit['1-1-0101']!.id }], null), 'billing.line_done');
    expectMessages(err);
    expect(await counts(s.c)).toEqual(before);
  });
});

describe('confirmation', () => {
  it('books matched lines in bulk as bank payments on the bank date; confirming again books nothing more', async () => {
    const s = await setup();
    const v = await bank.importStatement(s.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: 'a.csv' }, null);
    const [byCode, byAmount, ambiguous, , unmatched] = v.lines;
    const request = [{ lineId: byCode!.id }, { lineId: byAmount!.id }, { lineId: ambiguous!.id, unitId: s.unit['1-1-0104']!.id }, { lineId: unmatched!.id, unitId: s.unit['1-1-0102']!.id }];
    const r = await bank.confirm(s.c, v.id, request, null);
    expect(r).toMatchObject({ confirmed: 4, already: 0 });
    expect(r.payments.map((p) => p.lineId)).toEqual(request.map((x) => x.lineId));
    const payments = await t.db.selectFrom('payments').selectAll().where('community_id', '=', s.c.id).orderBy('paid_on').execute();
    expect(payments.map((p) => [p.unit_id, p.amount_fen, p.channel, p.paid_on, p.reference])).toEqual([
      [s.unit['1-1-0101']!.id, 9831, 'bank', '2025-03-01', 'SN001'],
      [s.unit['1-1-0105']!.id, 13580, 'bank', '2025-03-02', 'SN002'],
      [s.unit['1-1-0104']!.id, 8300, 'bank', '2025-03-03', 'SN003'],
      [s.unit['1-1-0102']!.id, 12345, 'bank', '2025-03-05', 'SN005'],
    ]);
    expect(new Set(payments.map((p) => p.bank_line_id))).toEqual(new Set(request.map((x) => x.lineId)));
    // the bills are paid (1-1-0102 overpaid: the rest is a prepayment)
    const bills = await t.db.selectFrom('bills').select(['unit_id', 'amount_fen', 'paid_fen']).where('community_id', '=', s.c.id).execute();
    for (const code of ['1-1-0101', '1-1-0105', '1-1-0104', '1-1-0102']) {
      const b = bills.find((x) => x.unit_id === s.unit[code]!.id)!;
      expect(b.paid_fen, code).toBe(b.amount_fen);
    }
    expect((await t.db.selectFrom('unit_billing').select('prepaid_fen').where('unit_id', '=', s.unit['1-1-0102']!.id).executeTakeFirstOrThrow()).prepaid_fen).toBe(12345 - fee(10000));
    // the view shows the receipts
    const view = await bank.view(s.c, v.id);
    expect(view.counts).toEqual({ confirmed: 4, ambiguous: 1 });
    expect(view.lines.filter((l) => l.status === 'confirmed').map((l) => l.receiptNo)).toEqual(r.payments.map((p) => p.receiptNo));
    expect(view.lines.find((l) => l.id === unmatched!.id)!.unit?.code).toBe('1-1-0102');

    const before = await counts(s.c);
    expect(await bank.confirm(s.c, v.id, request, null)).toEqual({ confirmed: 0, already: 4, payments: [] });
    expect(await counts(s.c)).toEqual(before);
    // and re-importing the same statement after confirmation changes nothing either
    expect((await bank.importStatement(s.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: 'a.csv' }, null)).created).toBe(false);
    expect(await counts(s.c)).toEqual(before);
  });

  it('a line without a unit makes the whole request fail: nothing is booked for any line of it', async () => {
    const s = await setup();
    const v = await bank.importStatement(s.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: 'a.csv' }, null);
    const [byCode, byAmount, ambiguous, , unmatched] = v.lines;
    const before = await counts(s.c);
    const states = await lineStates(v.id);
    for (const request of [
      [{ lineId: byCode!.id }, { lineId: byAmount!.id }, { lineId: unmatched!.id }],
      [{ lineId: byCode!.id }, { lineId: ambiguous!.id }],
      [{ lineId: unmatched!.id }, { lineId: byCode!.id }],
    ]) {
      const err = await domainError(bank.confirm(s.c, v.id, request, null), 'billing.line_no_unit');
      expectMessages(err);
    }
    await domainError(bank.confirm(s.c, v.id, [{ lineId: byCode!.id }, { lineId: 99_999_999 }], null), 'billing.bad_line');
    await domainError(bank.confirm(s.c, v.id, [{ lineId: byCode!.id }, { lineId: unmatched!.id, unitId: 99_999_999 }], null), 'billing.unit_not_found');
    // a line of another community's import is not a line of this one
    const other = await setup();
    const ov = await bank.importStatement(other.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: 'a.csv' }, null);
    await domainError(bank.confirm(s.c, v.id, [{ lineId: byCode!.id }, { lineId: ov.lines[0]!.id }], null), 'billing.bad_line');
    await domainError(bank.confirm(s.c, ov.id, [{ lineId: ov.lines[0]!.id }], null), 'billing.bad_line');
    expect(await counts(s.c)).toEqual(before);
    expect(await lineStates(v.id)).toEqual(states);
  });

  it('a line that cannot be booked (dated in a closed month) makes the whole request fail: nothing is booked', async () => {
    const s = await setup();
    await close.closeMonth(s.l, '2025-01');
    await close.closeMonth(s.l, '2025-02');
    const v = await bank.importStatement(
      s.c,
      { data: Buffer.from(csv(['交易日期,交易金额,对方户名,摘要,流水号', '2025-03-01,98.31,张三,1-1-0101,SN001', '2025-02-27,110.00,李四,1-1-0102,SN002']), 'utf8'), fileName: 'late.csv' },
      null,
    );
    expect(v.lines.map((l) => l.status)).toEqual(['matched', 'matched']);
    const before = await counts(s.c);
    const states = await lineStates(v.id);
    const err = await bank.confirm(s.c, v.id, v.lines.map((l) => ({ lineId: l.id })), null).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect(await counts(s.c)).toEqual(before);
    expect(await lineStates(v.id)).toEqual(states);
  });

  it('ignored lines are kept, never booked', async () => {
    const s = await setup();
    const v = await bank.importStatement(s.c, { data: Buffer.from(csv(STATEMENT), 'utf8'), fileName: 'a.csv' }, null);
    const unmatched = v.lines[4]!;
    const after = await bank.ignore(s.c, v.id, [unmatched.id]);
    expect(after.lines.find((l) => l.id === unmatched.id)!.status).toBe('ignored');
    await domainError(bank.confirm(s.c, v.id, [{ lineId: unmatched.id, unitId: s.unit['1-1-0101']!.id }], null), 'billing.line_done');
    await bank.confirm(s.c, v.id, [{ lineId: v.lines[0]!.id }], null);
    await domainError(bank.ignore(s.c, v.id, [v.lines[0]!.id]), 'billing.line_done');
    expect((await counts(s.c)).payments).toBe(1);
  });
});

describe('bad files', () => {
  const cases: [string, () => { data: Buffer; encoding?: 'utf-8' | 'gbk' }, string][] = [
    ['malformed CSV (an unclosed quote)', () => ({ data: Buffer.from(csv(['交易日期,交易金额,对方户名,摘要', '2025-03-01,"98.31,张三,物业费', '2025-03-02,1.00,李四,物业费']), 'utf8') }), 'bank.malformed_csv'],
    ['GBK bytes said to be UTF-8', () => ({ data: gbk(csv(['交易日期,交易金额,对方户名,摘要', '2025-03-01,98.31,张三,物业费'])), encoding: 'utf-8' }), 'bank.wrong_encoding'],
    ['no header row', () => ({ data: Buffer.from(csv(['date,amount,name,memo', '2025-03-01,98.31,张三,物业费']), 'utf8') }), 'bank.no_header'],
    ['a header without an amount column', () => ({ data: Buffer.from(csv(['交易日期,对方户名,摘要', '2025-03-01,张三,物业费']), 'utf8') }), 'bank.missing_column'],
    ['a bad date and a bad amount', () => ({ data: Buffer.from(csv(['交易日期,交易金额,对方户名,摘要', '2025-02-30,98.31,张三,物业费', '2025-03-01,98.3.1,李四,物业费']), 'utf8') }), 'bank.bad_rows'],
    ['an empty file', () => ({ data: Buffer.alloc(0) }), 'bank.empty'],
    ['an Excel file', () => ({ data: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) }), 'bank.excel_file'],
    ['a file over 5 MiB', () => ({ data: Buffer.alloc(5 * 1024 * 1024 + 1, 0x41) }), 'bank.too_large'],
  ];

  it.each(cases)('%s: a clear error in zh-CN and English, nothing written', async (_name, file, code) => {
    const s = await setup();
    const before = await counts(s.c);
    const settings = await billing.settings(s.c);
    const err = await domainError(bank.importStatement(s.c, { ...file(), fileName: 'bad.csv' }, null), code);
    expectMessages(err);
    expect(await counts(s.c)).toEqual(before);
    expect(await billing.settings(s.c)).toEqual(settings);
  });

  it('the row errors name the lines in both languages', async () => {
    const s = await setup();
    const err = await domainError(
      bank.importStatement(s.c, { data: Buffer.from(csv(['交易日期,交易金额,对方户名,摘要', '2025-02-30,98.31,张三,物业费', '2025-03-01,98.3.1,李四,物业费']), 'utf8'), fileName: 'bad.csv' }, null),
      'bank.bad_rows',
    );
    expect(translate('zh-CN', err.code, err.params)).toContain('第 2 行');
    expect(translate('en', err.code, err.params)).toContain('Line 2');
    expect(err.params.count).toBe(2);
  });

  it('a mapping naming a column the file lacks is refused with the header shown; a good mapping is remembered', async () => {
    const s = await setup();
    const data = Buffer.from(csv(['日期,金额,付款人,用途,附言', '2025-03-01,98.31,张三,物业费,1-1-0105']), 'utf8');
    const err = await domainError(bank.importStatement(s.c, { data, fileName: 'm.csv', mapping: { memo: '留言' } }, null), 'bank.mapping_unknown_column');
    expectMessages(err);
    expect((await counts(s.c)).imports).toBe(0);
    const v = await bank.importStatement(s.c, { data, fileName: 'm.csv', mapping: { memo: '附言' } }, null);
    expect(v.lines[0]).toMatchObject({ memo: '1-1-0105', unit: { code: '1-1-0105' } });
    // the next file of that bank uses the remembered mapping
    const next = await bank.importStatement(s.c, { data: Buffer.from(csv(['日期,金额,付款人,用途,附言', '2025-03-02,110.00,李四,物业费,1-1-0102']), 'utf8'), fileName: 'm2.csv' }, null);
    expect(next.lines[0]).toMatchObject({ memo: '1-1-0102', unit: { code: '1-1-0102' } });
  });
});

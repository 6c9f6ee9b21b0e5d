import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../../platform/errors.js';
import { LOCALES, hasMessage, translate } from '../../platform/i18n.js';
import {
  DEFAULT_HEADER_ALIASES,
  cleanCell,
  decodeStatement,
  detectMapping,
  parseBankAmountFen,
  parseBankDate,
  parseStatement,
  type BankRowProblem,
  type ParsedStatement,
} from './bank.rules.js';
import { type OpenUnit, buildUnitIndex, matchLine, matchLineIndexed, unitCodesInMemo } from './bank-match.rules.js';
import { gbk } from '../../../test/helpers/gbk.js';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------


function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
function csv(rows: string[][], eol = '\r\n'): string {
  return rows.map((row) => row.map(csvCell).join(',')).join(eol) + eol;
}
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** 工商银行 export: three title lines, 凭证号, 借方/贷方 columns with (元), a 合计 row. */
const ICBC_TEXT = [
  '中国工商银行对公账户明细',
  '账号：6222020200112233445,户名：幸福里小区业主大会,币种：人民币',
  '起止日期：2025-11-01 至 2025-11-30',
  '凭证号,交易时间,对方户名,摘要,借方发生额(元),贷方发生额(元),余额(元)',
  ',2025-11-03 09:15:22,张三,3-2-1201物业费,,"1,200.00","51,200.00"',
  ',2025-11-03 10:01:00,幸福物业服务有限公司,服务费,"30,000.00",,"21,200.00"',
  ',2025-11-04 14:22:05,李四,3栋2单元1202,,\t680.50,"21,880.50"',
  'V0001,2025-11-05 08:00:00,王五,="0001",,0.00,"21,880.50"',
  '',
  ",20251106,'赵六,车位P001,,120,\"22,000.50\"",
  '合计,,,,"30,000.00","2,000.50",',
  '',
].join('\r\n');

/** 招商银行-style export: UTF-8 with BOM, one signed amount column. */
const SIGNED_TEXT =
  '\ufeff' +
  csv([
    ['交易日期', '交易金额', '对方户名', '交易附言', '交易流水号'],
    ['2025/11/3', '+1,200.00', '张三', '3-2-1201 11月物业费', 'F20251103001'],
    ['2025/11/3', '-500.00', '幸福物业服务有限公司', '垫付水电', 'F20251103002'],
    ['2025年11月4日', '￥680.5', '李四', '物业费3—2—1202', 'F20251104001'],
    ['20251105', '0', '', '', ''],
    ['2025.11.06', '2,400', '钱七', '3号楼1单元0301', ''],
  ]);

function bankError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError, the call returned');
}

/** The message exists in both locales and every parameter is filled in. */
function expectReadable(key: string, params: Record<string, string | number>): void {
  expect(hasMessage(key), key).toBe(true);
  for (const locale of LOCALES) {
    const text = translate(locale, key, params);
    expect(text).not.toBe(key);
    expect(text, `${locale} ${key}: ${text}`).not.toMatch(/\{\w+\}/);
  }
}

function expectError(fn: () => unknown, key: string): ValidationError {
  const error = bankError(fn);
  expect(error.code).toBe(key);
  expectReadable(error.code, error.params);
  return error;
}

function problemsOf(error: ValidationError): BankRowProblem[] {
  return (error.details as { problems: BankRowProblem[] }).problems;
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

describe('GBK fixture helper', () => {
  it('encodes known code points and decodes back', () => {
    expect([...gbk('中文')]).toEqual([0xd6, 0xd0, 0xce, 0xc4]);
    const text = ICBC_TEXT + SIGNED_TEXT.slice(1) + '￥—幢栋';
    // '¥' (U+00A5) has no GBK bytes; GBK files write the full-width '￥'
    expect(() => gbk('¥')).toThrow();
    expect(new TextDecoder('gb18030', { fatal: true }).decode(gbk(text))).toBe(text);
  });
});

describe('decodeStatement', () => {
  it('reads UTF-8, dropping the BOM', () => {
    expect(decodeStatement(utf8('\ufeff交易日期\n'))).toEqual({ text: '交易日期\n', encoding: 'utf-8' });
    expect(decodeStatement(utf8('交易日期\n'), 'utf-8')).toEqual({ text: '交易日期\n', encoding: 'utf-8' });
  });

  it('falls back to GBK when the bytes are not UTF-8', () => {
    expect(decodeStatement(gbk('交易日期,对方户名\n'))).toEqual({ text: '交易日期,对方户名\n', encoding: 'gbk' });
    expect(decodeStatement(gbk('交易日期\n'), 'gbk').text).toBe('交易日期\n');
  });

  it('reads plain ASCII as UTF-8', () => {
    expect(decodeStatement(utf8('a,b\n')).encoding).toBe('utf-8');
  });

  it('rejects bytes that are neither UTF-8 nor GBK', () => {
    expectError(() => decodeStatement(Buffer.from([0x41, 0xff, 0xff, 0x42])), 'bank.bad_encoding');
    // UTF-16 text (here without a BOM) is "valid" UTF-8 full of NULs
    expectError(() => decodeStatement(Buffer.from('a,b\n', 'utf16le')), 'bank.bad_encoding');
  });

  it('rejects a declared encoding the bytes do not fit', () => {
    const e = expectError(() => decodeStatement(gbk('交易日期'), 'utf-8'), 'bank.wrong_encoding');
    expect(e.params).toEqual({ encoding: 'UTF-8' });
    expectError(() => decodeStatement(Buffer.from([0x41, 0xff]), 'gbk'), 'bank.wrong_encoding');
    // a UTF-8 BOM declared as GBK
    expect(expectError(() => decodeStatement(utf8('\ufeff交易日期'), 'gbk'), 'bank.wrong_encoding').params).toEqual({ encoding: 'GBK' });
  });

  it('rejects an empty file', () => {
    expectError(() => decodeStatement(Buffer.alloc(0)), 'bank.empty');
    expectError(() => decodeStatement(Buffer.from([0xef, 0xbb, 0xbf])), 'bank.empty');
    expectError(() => decodeStatement(utf8(' \r\n\r\n')), 'bank.empty');
    expectError(() => parseStatement(Buffer.alloc(0)), 'bank.empty');
  });

  it('recognises Excel files, which must be saved as CSV first', () => {
    expectError(() => decodeStatement(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), 'bank.excel_file');
    expectError(() => decodeStatement(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00])), 'bank.excel_file');
    expectError(() => parseStatement(utf8('<html><body><table><tr><td>交易日期</td></tr></table>')), 'bank.excel_file');
  });
});

// ---------------------------------------------------------------------------------------------
// Cells, dates, amounts
// ---------------------------------------------------------------------------------------------

describe('cells, dates and amounts', () => {
  it('removes Excel text markers', () => {
    expect(cleanCell('\t6222020200112233445')).toBe('6222020200112233445');
    expect(cleanCell("'0001")).toBe('0001');
    expect(cleanCell('="0001"')).toBe('0001');
    expect(cleanCell('  张三\u3000')).toBe('张三');
  });

  it.each([
    ['2025-11-03', '2025-11-03'],
    ['2025/11/3', '2025-11-03'],
    ['20251103', '2025-11-03'],
    ['2025.11.03', '2025-11-03'],
    ['2025年11月3日', '2025-11-03'],
    ['2025-11-03 14:22:05', '2025-11-03'],
    ['2025/11/3 9:05', '2025-11-03'],
    ['2025年11月3日 14:22', '2025-11-03'],
    ['20251103 14:22:05', '2025-11-03'],
    ['20251103142205', '2025-11-03'],
    ['2025-11-03-14.22.05.123456', '2025-11-03'],
    ['２０２５－１１－０３', '2025-11-03'],
    ['2024-02-29', '2024-02-29'],
  ])('date %s → %s', (text, date) => {
    expect(parseBankDate(text)).toBe(date);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-11-31', '2025-11-00', '2025-11/03', '25-11-03', '合计', '', '2025-11-03 25:00', '2025-11-03 abc', '11/03/2025'])(
    'not a date: %s',
    (text) => {
      expect(parseBankDate(text)).toBeNull();
    },
  );

  it.each([
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['+1,234.5', 123450],
    ['-12', -1200],
    ['¥1,234,567.89', 123456789],
    ['￥-3.00', -300],
    ['-¥3', -300],
    ['"1,234.56"', 123456],
    ['1234.56元', 123456],
    ['１２３４．５６', 123456],
    ['0.01', 1],
    ['-0.00', 0],
    ['9999999999999.99', 999999999999999],
  ])('amount %s → %d fen', (text, fen) => {
    expect(parseBankAmountFen(text)).toBe(fen);
  });

  it.each(['', '1.234', '1,23.00', '1.234,56', '12,34', 'abc', '1e3', '+-1', '1.', '--1', '99999999999999', '¥'])('not an amount: %s', (text) => {
    expect(parseBankAmountFen(text)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

describe('parseStatement', () => {
  it('reads an ICBC export in GBK: title lines, credit/debit columns, 合计 row', () => {
    const parsed = parseStatement(gbk(ICBC_TEXT));
    expect(parsed.encoding).toBe('gbk');
    expect(parsed.mapping).toEqual({
      date: '交易时间', credit: '贷方发生额(元)', debit: '借方发生额(元)', counterparty: '对方户名', memo: '摘要', serial: '凭证号',
    });
    expect(parsed.lines.map(({ fingerprint, ...line }) => line)).toEqual([
      { lineNo: 5, date: '2025-11-03', amountFen: 120000, counterparty: '张三', memo: '3-2-1201物业费', serial: null },
      { lineNo: 7, date: '2025-11-04', amountFen: 68050, counterparty: '李四', memo: '3栋2单元1202', serial: null },
      { lineNo: 10, date: '2025-11-06', amountFen: 12000, counterparty: '赵六', memo: '车位P001', serial: null },
    ]);
    expect(parsed.skipped).toEqual([
      { lineNo: 6, reason: 'outgoing' },
      { lineNo: 8, reason: 'zero' },
      { lineNo: 11, reason: 'summary' },
    ]);
    expect(parsed.lines[0]!.fingerprint).toBe(sha256('2025-11-03|120000|张三|3-2-1201物业费|0'));
  });

  it('reads a signed amount column, UTF-8 with BOM, several date spellings', () => {
    const parsed = parseStatement(utf8(SIGNED_TEXT));
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.mapping).toEqual({ date: '交易日期', amount: '交易金额', counterparty: '对方户名', memo: '交易附言', serial: '交易流水号' });
    expect(parsed.lines.map((l) => [l.lineNo, l.date, l.amountFen, l.serial])).toEqual([
      [2, '2025-11-03', 120000, 'F20251103001'],
      [4, '2025-11-04', 68050, 'F20251104001'],
      [6, '2025-11-06', 240000, null],
    ]);
    expect(parsed.skipped).toEqual([
      { lineNo: 3, reason: 'outgoing' },
      { lineNo: 5, reason: 'zero' },
    ]);
    expect(parsed.lines[0]!.fingerprint).toBe(sha256('serial:F20251103001'));
  });

  it('reads the same file from GBK and UTF-8 alike', () => {
    const fromGbk = parseStatement(gbk(SIGNED_TEXT.slice(1)));
    const fromUtf8 = parseStatement(utf8(SIGNED_TEXT));
    expect(fromGbk.encoding).toBe('gbk');
    expect(fromGbk.lines).toEqual(fromUtf8.lines);
  });

  it('honours a 借贷标志 column next to unsigned amounts', () => {
    const parsed = parseStatement(
      utf8(
        csv([
          ['交易日期', '借贷标志', '发生额', '对方户名', '用途'],
          ['2025-11-03', '贷', '1200.00', '张三', '3-2-1201'],
          ['2025-11-03', '借', '500.00', '物业公司', '保洁费'],
          ['2025-11-04', 'C', '80.00', '李四', ''],
          ['2025-11-04', '', '0', '', '承前页'],
        ]),
      ),
    );
    expect(parsed.mapping.direction).toBe('借贷标志');
    expect(parsed.lines.map((l) => [l.lineNo, l.amountFen])).toEqual([[2, 120000], [4, 8000]]);
    expect(parsed.skipped).toEqual([{ lineNo: 3, reason: 'outgoing' }, { lineNo: 5, reason: 'zero' }]);
  });

  it('accepts a statement with no incoming rows, skips repeated page headers and trailing commas', () => {
    const header = ['交易日期', '收入', '支出', '对方户名', '摘要'];
    const parsed = parseStatement(
      utf8(csv([header, ['2025-11-03', '', '500.00', '物业公司', '保洁费', ''], header, ['本页合计', '0.00', '500.00', '', ''], ['', '', '', '', '']])),
    );
    expect(parsed.lines).toEqual([]);
    expect(parsed.skipped).toEqual([{ lineNo: 2, reason: 'outgoing' }, { lineNo: 4, reason: 'summary' }]);
    expect(parseStatement(utf8(csv([header]))).lines).toEqual([]);
  });

  it('keeps multi-line memos and counts their lines', () => {
    const parsed = parseStatement(utf8(csv([['交易日期', '金额', '对方户名', '附言'], ['2025-11-03', '10', '张三', '3-2-1201\n物业费'], ['2025-11-04', '20', '李四', 'x']])));
    expect(parsed.lines.map((l) => [l.lineNo, l.memo])).toEqual([[2, '3-2-1201\n物业费'], [4, 'x']]);
  });

  describe('mapping', () => {
    const file = utf8(
      csv([
        ['入账时间', '摘要', '用途', '收款金额', '付款方', '交易流水号'],
        ['2025-11-03', '转账', '3-2-1201物业费', '1200.00', '张三', 'S1'],
        ['2025-11-04', '转账', '3-2-1202', '680.50', '李四', 'S2'],
      ]),
    );

    it('overrides the detected columns field by field', () => {
      expectError(() => parseStatement(file), 'bank.no_header');
      const parsed = parseStatement(file, { mapping: { date: '入账时间', amount: '收款金额', counterparty: '付款方', memo: '用途' } });
      expect(parsed.mapping).toEqual({ date: '入账时间', amount: '收款金额', counterparty: '付款方', memo: '用途', serial: '交易流水号' });
      expect(parsed.lines.map((l) => [l.memo, l.amountFen, l.counterparty])).toEqual([['3-2-1201物业费', 120000, '张三'], ['3-2-1202', 68050, '李四']]);
    });

    it('an explicit amount column replaces detected credit/debit columns', () => {
      const text = csv([['交易日期', '收入', '支出', '净额', '对方户名', '摘要'], ['2025-11-03', '', '', '-3.00', '张三', 'x'], ['2025-11-03', '', '', '5.00', '张三', 'x']]);
      const parsed = parseStatement(utf8(text), { mapping: { amount: '净额' } });
      expect(parsed.mapping).toEqual({ date: '交易日期', amount: '净额', counterparty: '对方户名', memo: '摘要' });
      expect(parsed.lines.map((l) => l.amountFen)).toEqual([500]);
    });

    it('rejects a mapping that names a column the header does not have', () => {
      const e = expectError(() => parseStatement(utf8(SIGNED_TEXT), { mapping: { memo: '备注栏' } }), 'bank.mapping_unknown_column');
      expect(e.params).toMatchObject({ column: '备注栏', field: 'memo', line: 1 });
      // also when the unknown name is the date column used to find the header
      expect(expectError(() => parseStatement(utf8(SIGNED_TEXT), { mapping: { date: '日子' } }), 'bank.mapping_unknown_column').params.column).toBe('日子');
    });
  });

  describe('detectMapping', () => {
    it('takes the first alias present and prefers credit/debit columns', () => {
      expect(detectMapping(['日期', '记账日期', '金额', '收入金额', '对方名称', '备注', '摘要'])).toEqual({
        date: '记账日期', credit: '收入金额', counterparty: '对方名称', memo: '摘要',
      });
      expect(detectMapping(['交易日期', '贷方金额（元）', '借方金额(人民币)', '对方账户名称', '附言', '流水号'])).toEqual({
        date: '交易日期', credit: '贷方金额（元）', debit: '借方金额(人民币)', counterparty: '对方账户名称', memo: '附言', serial: '流水号',
      });
    });

    it('lists what it looked for when a column is missing', () => {
      const e = expectError(() => detectMapping(['交易日期', '交易金额', '对方户名']), 'bank.missing_column');
      expect(e.params).toMatchObject({ field: 'memo', aliases: DEFAULT_HEADER_ALIASES.memo.join('、') });
      expect(translate('zh-CN', e.code, e.params)).toContain('摘要、附言、用途、备注、交易附言');
      expect(expectError(() => detectMapping(['交易日期', '对方户名', '摘要', '余额']), 'bank.missing_column').params.field).toBe('amount');
      expect(expectError(() => detectMapping(['金额', '对方户名', '摘要']), 'bank.missing_column').params.field).toBe('date');
      expect(expectError(() => detectMapping(['交易日期', '金额', '摘要']), 'bank.missing_column').params.field).toBe('counterparty');
    });

    it('reports the missing column with the header line when parsing', () => {
      const e = expectError(() => parseStatement(utf8('户名：幸福里\n交易日期,对方户名,摘要,余额\n')), 'bank.missing_column');
      expect(e.params).toMatchObject({ field: 'amount', line: 2 });
    });
  });

  describe('errors', () => {
    it('no header in the first 20 rows', () => {
      expectError(() => parseStatement(utf8('账号：6222\n户名：幸福里\n')), 'bank.no_header');
      const late = 'x\n'.repeat(20) + '交易日期,金额,对方户名,摘要\n2025-11-03,1,张三,x\n';
      expectError(() => parseStatement(utf8(late)), 'bank.no_header');
      expect(parseStatement(utf8('x\n'.repeat(19) + '交易日期,金额,对方户名,摘要\n2025-11-03,1,张三,x\n')).lines[0]!.lineNo).toBe(21);
    });

    it('malformed CSV names the line where the broken record starts', () => {
      const text = '交易日期,金额,对方户名,摘要\n2025-11-03,1,张三,x\n2025-11-04,2,"李四,y\n2025-11-05,3,王五,z\n';
      const e = expectError(() => parseStatement(utf8(text)), 'bank.malformed_csv');
      expect(e.params).toEqual({ line: 3, endLine: 4 });
      expectError(() => parseStatement(utf8('交易日期,金额,对方户名,摘要\n2025-11-03,1,"张"三,x\n')), 'bank.malformed_csv');
    });

    it('collects every bad row and returns nothing', () => {
      const text = csv([
        ['流水号', '交易日期', '收入金额', '支出金额', '对方户名', '摘要'],
        ['1', '2025-11-03', '100.00', '', '张三', 'ok'],
        ['2', '2025-02-30', '100.00', '', '张三', 'bad date'],
        ['3', '2025-11-03', '1.234', '', '张三', 'bad amount'],
        ['4', '2025-11-03', '100.00', '', '张三'],
        ['5', '2025-11-03', '100.00', '5.00', '张三', 'both sides'],
        ['6', '', '100.00', '', '张三', 'no date'],
        ['7', 'abc', '', '20.00', '张三', 'outgoing rows need no date'],
        ['8', '2025-11-03', '100.00', '', '张三', 'extra', 'cell'],
      ]);
      const e = expectError(() => parseStatement(utf8(text)), 'bank.bad_rows');
      const problems = problemsOf(e);
      expect(problems.map((p) => [p.lineNo, p.column, p.key])).toEqual([
        [3, '交易日期', 'bank.bad_date'],
        [4, '收入金额', 'bank.bad_amount'],
        [5, null, 'bank.column_count'],
        [6, null, 'bank.both_sides'],
        [7, '交易日期', 'bank.date_missing'],
        [9, null, 'bank.column_count'],
      ]);
      expect(e.params.count).toBe(6);
      expect(e.params.first).toBe(translate('zh-CN', 'bank.bad_date', problems[0]!.params));
      expect(translate('zh-CN', e.code, e.params)).toContain('第 3 行“交易日期”列的“2025-02-30”不是有效日期');
      expect(translate('en', e.code, e.params)).toContain('Line 3, column "交易日期": "2025-02-30" is not a valid date');
      for (const p of problems) expectReadable(p.key, p.params);
      expect(problems[2]!.params).toMatchObject({ line: 5, expected: 6, actual: 5 });
    });

    it('rejects an unknown direction', () => {
      const e = expectError(
        () => parseStatement(utf8(csv([['交易日期', '借贷标志', '金额', '对方户名', '摘要'], ['2025-11-03', '转', '1.00', '张三', 'x']]))),
        'bank.bad_rows',
      );
      expect(problemsOf(e)).toEqual([
        { lineNo: 2, column: '借贷标志', key: 'bank.bad_direction', params: { line: 2, column: '借贷标志', value: '转' } },
      ]);
      expectReadable('bank.bad_direction', problemsOf(e)[0]!.params);
    });
  });

  describe('fingerprints', () => {
    const header = ['交易日期', '金额', '对方户名', '摘要'];
    const a = ['2025-11-03', '1200.00', '张三', '3-2-1201物业费'];
    const b = ['2025-11-04', '680.50', '李四', '3-2-1202'];
    const c = ['2025-11-05', '100.00', '王五', '3-2-1203'];

    it('are stable across overlapping statements', () => {
      const first = parseStatement(utf8(csv([header, a, b])));
      const second = parseStatement(gbk(['银行对账单', csv([header, b, c])].join('\r\n')));
      expect(second.lines[0]!.lineNo).toBe(3);
      expect(second.lines[0]!.fingerprint).toBe(first.lines[1]!.fingerprint);
      expect(second.lines[1]!.fingerprint).not.toBe(first.lines[0]!.fingerprint);
    });

    it('keep two identical transfers on one day as two, and find both again', () => {
      const once = parseStatement(utf8(csv([header, a, a, b])));
      expect(once.lines).toHaveLength(3);
      expect(new Set(once.lines.map((l) => l.fingerprint)).size).toBe(3);
      expect(once.lines[1]!.fingerprint).toBe(sha256('2025-11-03|120000|张三|3-2-1201物业费|1'));
      const again = parseStatement(utf8(csv([header, b, a, a])));
      expect(new Set(again.lines.map((l) => l.fingerprint))).toEqual(new Set(once.lines.map((l) => l.fingerprint)));
    });

    it('use the serial when there is one, and stay unique when a serial repeats', () => {
      const withSerial = [...header, '交易流水号'];
      const parsed = parseStatement(utf8(csv([withSerial, [...a, 'X1'], [...b, 'X1'], [...c, '']])));
      expect(parsed.lines.map((l) => l.fingerprint)).toEqual([
        sha256('serial:X1'),
        sha256('serial-dup:1:X1'),
        sha256('2025-11-05|10000|王五|3-2-1203|0'),
      ]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

describe('unitCodesInMemo', () => {
  it.each([
    ['3-2-1201物业费', ['3-2-1201']],
    ['3栋2单元1201', ['3-2-1201']],
    ['3幢2单元1201室', ['3-2-1201']],
    ['3号楼2单元1201', ['3-2-1201']],
    ['3-2-1201 11月物业费', ['3-2-1201']],
    ['物业费3—2—1201', ['3-2-1201']],
    ['物业费３－２－１２０１', ['3-2-1201']],
    ['3–2–1201', ['3-2-1201']],
    ['3 栋 2 单元 1201', ['3-2-1201']],
    ['3#2-1201', ['3-2-1201']],
    ['a座1201', ['A-1201']],
    ['3栋1201', ['3-1201']],
    ['车位P001', ['P-001']],
    ['车位001 管理费', ['P-001']],
    ['s-001停车费', ['S-001']],
    ['2025年11月物业费 1200元', []],
    ['3-2-1201和3-2-1202', ['3-2-1201', '3-2-1202']],
  ])('%s → %j', (memo, codes) => {
    expect(unitCodesInMemo(memo)).toEqual(codes);
  });
});

describe('matchLine', () => {
  const units: OpenUnit[] = [
    { unitId: 1, code: '3-2-1201', openFen: 120000 },
    { unitId: 2, code: '3-2-1202', openFen: 68050 },
    { unitId: 3, code: '3-1-1202', openFen: 68050 },
    { unitId: 4, code: '12-0101', openFen: 0 },
    { unitId: 5, code: 'S-001', openFen: 30000 },
    { unitId: 6, code: '5-1-0301', openFen: 99900 },
  ];
  const line = (memo: string, amountFen = 1, counterparty = '张三') => ({ memo, amountFen, counterparty });

  it('matches by the code in the memo', () => {
    expect(matchLine(line('3栋2单元1201室物业费', 68050), units)).toEqual({ status: 'matched', unitId: 1, rule: 'code' });
    expect(matchLine(line('12栋101'), units)).toEqual({ status: 'matched', unitId: 4, rule: 'code' });
    expect(matchLine(line('S001'), units)).toEqual({ status: 'matched', unitId: 5, rule: 'code' });
  });

  it('matches building and room without the entrance only when one unit has them', () => {
    expect(matchLine(line('3栋1201'), units)).toEqual({ status: 'matched', unitId: 1, rule: 'code' });
    expect(matchLine(line('5号楼301'), units)).toEqual({ status: 'matched', unitId: 6, rule: 'code' });
    expect(matchLine(line('3栋1202'), units)).toEqual({ status: 'unmatched' });
  });

  it('is ambiguous when the memo names several known units', () => {
    expect(matchLine(line('3-2-1202 3-1-1202'), units)).toEqual({ status: 'ambiguous', candidates: [2, 3], rule: 'code' });
  });

  it('searches the counterparty when the memo has no known code', () => {
    expect(matchLine(line('物业费 9-9-9999', 1, '3-2-1202王芳'), units)).toEqual({ status: 'matched', unitId: 2, rule: 'code' });
    expect(matchLine(line('3-2-1201', 1, '3-2-1202王芳'), units)).toEqual({ status: 'matched', unitId: 1, rule: 'code' });
  });

  it('falls back to the open amount', () => {
    expect(matchLine(line('物业费', 99900), units)).toEqual({ status: 'matched', unitId: 6, rule: 'amount' });
    expect(matchLine(line('物业费', 68050), units)).toEqual({ status: 'ambiguous', candidates: [2, 3], rule: 'amount' });
    expect(matchLine(line('物业费', 12345), units)).toEqual({ status: 'unmatched' });
  });

  it('lists at most 20 amount candidates, by unitId', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ unitId: 100 - i, code: `1-1-${100 + i}`, openFen: 5000 }));
    const result = matchLine(line('', 5000), many);
    expect(result).toEqual({ status: 'ambiguous', rule: 'amount', candidates: Array.from({ length: 20 }, (_, i) => 71 + i) });
  });

  it('indexes 100k units once and matches quickly', () => {
    const register: OpenUnit[] = [];
    for (let b = 1; b <= 50; b++) for (let e = 1; e <= 4; e++) for (let r = 0; r < 500; r++) {
      register.push({ unitId: register.length + 1, code: `${b}-${e}-${100 + r}`, openFen: register.length * 7 });
    }
    expect(register).toHaveLength(100_000);
    const started = performance.now();
    const index = buildUnitIndex(register);
    for (let i = 0; i < 10_000; i++) matchLineIndexed(line(`${(i % 50) + 1}栋2单元${100 + (i % 500)}物业费`, 1), index);
    expect(matchLineIndexed(line('50栋4单元599'), index)).toEqual({ status: 'matched', unitId: 100_000, rule: 'code' });
    expect(matchLineIndexed(line('', 7 * 41), index)).toEqual({ status: 'matched', unitId: 42, rule: 'amount' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

describe('properties', () => {
  it('(a) every accepted spelling of an amount parses back to the same fen', () => {
    const spelling = fc.record({
      fen: fc.integer({ min: 0, max: 999_999_999_999_99 }),
      negative: fc.boolean(),
      plus: fc.boolean(),
      grouped: fc.boolean(),
      yuanSign: fc.constantFrom('', '¥', '￥'),
      signAfterYuan: fc.boolean(),
      decimals: fc.constantFrom('short', 'two'),
      fullWidth: fc.boolean(),
      quoted: fc.boolean(),
    });
    fc.assert(
      fc.property(spelling, (s) => {
        const yuan = String(Math.trunc(s.fen / 100));
        const cents = String(s.fen % 100).padStart(2, '0');
        let fraction = `.${cents}`;
        if (s.decimals === 'short') fraction = cents === '00' ? '' : cents.endsWith('0') ? `.${cents[0]}` : `.${cents}`;
        let number = (s.grouped ? group(yuan) : yuan) + fraction;
        if (s.fullWidth) number = toFullWidth(number);
        const sign = s.negative ? '-' : s.plus ? '+' : '';
        let text = s.signAfterYuan ? `${s.yuanSign}${sign}${number}` : `${sign}${s.yuanSign}${number}`;
        if (s.quoted) text = `"${text}"`;
        const expected = s.negative && s.fen !== 0 ? -s.fen : s.fen;
        expect(parseBankAmountFen(text)).toBe(expected);
        // and through a whole statement, as a quoted CSV cell
        const parsed = parseStatement(utf8(csv([['交易日期', '交易金额', '对方户名', '摘要'], ['2025-11-03', text, '张三', 'x']])));
        if (expected > 0) expect(parsed.lines[0]!.amountFen).toBe(expected);
        else expect(parsed.skipped[0]!.reason).toBe(expected === 0 ? 'zero' : 'outgoing');
      }),
      { numRuns: 300 },
    );
  });

  const codeArb = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 101, max: 3404 })).map(([b, e, r]) => ({ kind: 'ber' as const, parts: [String(b), String(e), String(r).padStart(4, '0')] })),
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 101, max: 3404 })).map(([b, r]) => ({ kind: 'br' as const, parts: [String(b), String(r).padStart(4, '0')] })),
    fc.integer({ min: 1, max: 999 }).map((n) => ({ kind: 'shop' as const, parts: ['S', String(n).padStart(3, '0')] })),
  );
  const filler = fc.array(fc.constantFrom('物业费', '11月', '2025年', '缴费', ' ', '王芳', '代缴', '，', '谢谢', '1200元', '第四季度'), { maxLength: 4 }).map((xs) => xs.join(''));

  it('(b) a memo with one formatted code of a unit finds that unit', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(codeArb, { minLength: 1, maxLength: 60, selector: (c) => c.parts.join('-') }),
        fc.nat(),
        fc.nat(),
        filler,
        filler,
        fc.boolean(),
        fc.boolean(),
        (codes, pick, styleSeed, before, after, inCounterparty, fullWidth) => {
          const units = codes.map((c, i) => ({ unitId: i + 1, code: c.parts.join('-'), openFen: 100 * (i % 3) }));
          const target = codes[pick % codes.length]!;
          const [p0, p1, p2] = target.parts as [string, string, string?];
          const styles =
            target.kind === 'ber'
              ? [`${p0}-${p1}-${p2}`, `${p0}栋${p1}单元${p2}`, `${p0}幢${p1}单元${p2}室`, `${p0}号楼${p1}单元${p2}`, `${p0}—${p1}—${p2}`, `${p0}－${p1}－${p2}`]
              : target.kind === 'br'
                ? [`${p0}-${p1}`, `${p0}栋${p1}`, `${p0}号楼${p1}室`, `${p0}—${p1}`]
                : [`${p0}-${p1}`, `${p0}${p1}`, `${p0.toLowerCase()}－${p1}`];
          let code = styles[styleSeed % styles.length]!;
          if (fullWidth) code = toFullWidth(code);
          // the filler never ends or starts with a letter or digit glued to the code
          const text = `${before}${/[0-9A-Za-z]$/.test(before) ? ' ' : ''}${code} ${after}`;
          const result = inCounterparty ? matchLine({ memo: before, counterparty: text, amountFen: 1 }, units) : matchLine({ memo: text, counterparty: '张三', amountFen: 1 }, units);
          const expectedId = units.find((u) => u.code === target.parts.join('-'))!.unitId;
          expect(result).toEqual({ status: 'matched', unitId: expectedId, rule: 'code' });
        },
      ),
      { numRuns: 500 },
    );
  });

  const rowArb = fc.record({
    day: fc.integer({ min: 1, max: 4 }),
    fen: fc.constantFrom(-5000, 0, 1, 12000, 68050, 120000),
    counterparty: fc.constantFrom('张三', '李四', '王|五', ''),
    memo: fc.constantFrom('3-2-1201物业费', '物业费', '', '五|', 'a,"b"'),
    serial: fc.option(fc.constantFrom('S1', 'S2', 'S3'), { nil: null }),
  });
  const toFile = (rows: { day: number; fen: number; counterparty: string; memo: string; serial: string | null }[], encodeGbk: boolean) => {
    const text = csv([
      ['交易日期', '交易金额', '对方户名', '摘要', '交易流水号'],
      ...rows.map((r) => [`2025-11-0${r.day}`, (r.fen / 100).toFixed(2), r.counterparty, r.memo, r.serial ?? '']),
    ]);
    return encodeGbk ? gbk(text) : utf8(text);
  };

  it('(c) parsing is deterministic and fingerprints are unique within a file', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.boolean(), (rows, encodeGbk) => {
        const file = toFile(rows, encodeGbk);
        const first: ParsedStatement = parseStatement(file);
        expect(parseStatement(Buffer.from(file))).toEqual(first);
        expect(first.lines).toHaveLength(rows.filter((r) => r.fen > 0).length);
        expect(first.skipped).toHaveLength(rows.filter((r) => r.fen <= 0).length);
        expect(new Set(first.lines.map((l) => l.fingerprint)).size).toBe(first.lines.length);
      }),
      { numRuns: 200 },
    );
  });

  it('(d) statements split at day boundaries fingerprint the same transfers as the whole', () => {
    const uniqueSerials = fc.array(rowArb, { maxLength: 40 }).map((rows) =>
      rows.map((r, i) => ({ ...r, serial: r.serial === null ? null : `${r.serial}-${i}` })).sort((x, y) => x.day - y.day),
    );
    fc.assert(
      fc.property(uniqueSerials, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (rows, x, y) => {
        const [from, to] = x <= y ? [x, y] : [y, x];
        const whole = parseStatement(toFile(rows, false)).lines.map((l) => l.fingerprint);
        const early = parseStatement(toFile(rows.filter((r) => r.day <= to), false)).lines.map((l) => l.fingerprint);
        const late = parseStatement(toFile(rows.filter((r) => r.day >= from), true)).lines.map((l) => l.fingerprint);
        expect(new Set([...early, ...late])).toEqual(new Set(whole));
      }),
      { numRuns: 200 },
    );
  });
});

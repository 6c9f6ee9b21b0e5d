/**
 * Bank statement import (pure, no I/O): decode the CSV a Chinese bank exports, find its header
 * row, read the incoming transfers as integer fen, give each a stable fingerprint so that an
 * overlapping statement never books a transfer twice, and propose the unit each transfer pays
 * for from the code residents write in the memo (附言) or, failing that, from the amount.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../../platform/errors.js';
import { registerMessages, translate } from '../../platform/i18n.js';

registerMessages({
  'bank.empty': { 'zh-CN': '对账单文件是空的', en: 'The statement file is empty' },
  'bank.bad_encoding': {
    'zh-CN': '无法识别对账单的文字编码：既不是 UTF-8 也不是 GBK，请从网银重新导出 CSV 文件',
    en: 'The statement is neither UTF-8 nor GBK text; export it from online banking again as CSV',
  },
  'bank.wrong_encoding': {
    'zh-CN': '对账单不是有效的 {encoding} 编码文本，请选择其他编码或自动识别',
    en: 'The statement is not valid {encoding} text; choose another encoding or let it be detected',
  },
  'bank.excel_file': {
    'zh-CN': '这是 Excel 文件，不是 CSV：请在 Excel 中“另存为 CSV”后再上传',
    en: 'This is an Excel file, not CSV: save it as CSV in Excel and upload that',
  },
  'bank.malformed_csv': {
    'zh-CN': '第 {line} 行起的 CSV 格式有误（引号未闭合或引号后有多余字符，解析到第 {endLine} 行时出错）',
    en: 'The CSV is malformed from line {line} (an unclosed quote or text after a closing quote; parsing failed at line {endLine})',
  },
  'bank.no_header': {
    'zh-CN': '前 {rows} 行中找不到表头：表头行须同时含有日期列（{dateAliases}之一）和对方户名列（{counterpartyAliases}之一）',
    en: 'No header row in the first {rows} rows: it must contain a date column (one of {dateAliases}) and a counterparty column (one of {counterpartyAliases})',
  },
  'bank.missing_column': {
    'zh-CN': '第 {line} 行的表头中缺少{fieldZh}列，应为以下列名之一：{aliases}',
    en: 'The header on line {line} has no {fieldEn} column; expected one of: {aliases}',
  },
  'bank.mapping_unknown_column': {
    'zh-CN': '指定为{fieldZh}的列“{column}”不在第 {line} 行的表头中（表头为：{headers}）',
    en: 'Column "{column}" given as the {fieldEn} is not in the header on line {line} (the header is: {headers})',
  },
  'bank.bad_rows': {
    'zh-CN': '对账单中有 {count} 处错误，未导入任何记录。第一处：{first}',
    en: 'The statement has {count} error(s); nothing was imported. The first: {firstEn}',
  },
  'bank.bad_date': {
    'zh-CN': '第 {line} 行“{column}”列的“{value}”不是有效日期（应如 2025-11-03、2025/11/3、20251103 或 2025年11月3日）',
    en: 'Line {line}, column "{column}": "{value}" is not a valid date (e.g. 2025-11-03, 2025/11/3, 20251103 or 2025年11月3日)',
  },
  'bank.date_missing': {
    'zh-CN': '第 {line} 行“{column}”列的日期为空',
    en: 'Line {line}, column "{column}": the date is empty',
  },
  'bank.bad_amount': {
    'zh-CN': '第 {line} 行“{column}”列的“{value}”不是有效金额（应如 1234.56 或 1,234.56，最多两位小数）',
    en: 'Line {line}, column "{column}": "{value}" is not a valid amount (e.g. 1234.56 or 1,234.56, at most two decimals)',
  },
  'bank.column_count': {
    'zh-CN': '第 {line} 行有 {actual} 列，表头有 {expected} 列',
    en: 'Line {line} has {actual} columns but the header has {expected}',
  },
  'bank.both_sides': {
    'zh-CN': '第 {line} 行的“{credit}”和“{debit}”两列都有金额，无法判断收支方向',
    en: 'Line {line} has amounts in both "{credit}" and "{debit}"; the direction is unclear',
  },
  'bank.bad_direction': {
    'zh-CN': '第 {line} 行“{column}”列的“{value}”不是可识别的借贷方向（应如 贷/收入 或 借/支出）',
    en: 'Line {line}, column "{column}": "{value}" is not a known direction (e.g. 贷/收入 for credit, 借/支出 for debit)',
  },
});

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

export type BankEncoding = 'utf-8' | 'gbk';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
// .xlsx is a ZIP archive; .xls an OLE2 compound file. Banks' "xls" is sometimes an HTML table.
const EXCEL_MAGIC = [[0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]];

function startsWith(data: Uint8Array, prefix: number[]): boolean {
  return data.length >= prefix.length && prefix.every((b, i) => data[i] === b);
}

function tryDecode(bytes: Uint8Array, encoding: BankEncoding): string | null {
  try {
    // GBK is decoded as its superset GB18030, as the WHATWG Encoding Standard does.
    const text = new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.includes('\u0000') ? null : text; // NULs: UTF-16 or binary, never a bank CSV
  } catch {
    return null;
  }
}

export function decodeStatement(data: Buffer, encoding?: BankEncoding): { text: string; encoding: BankEncoding } {
  const bom = startsWith(data, UTF8_BOM);
  const bytes = bom ? data.subarray(3) : data;
  if (bytes.length === 0) throw new ValidationError('bank.empty');
  if (EXCEL_MAGIC.some((magic) => startsWith(bytes, magic))) throw new ValidationError('bank.excel_file');
  let text: string | null;
  let used: BankEncoding;
  if (encoding) {
    // A UTF-8 BOM says the file is UTF-8, whatever GB18030 would make of those three bytes.
    text = encoding === 'gbk' && bom ? null : tryDecode(bytes, encoding);
    if (text === null) throw new ValidationError('bank.wrong_encoding', { encoding: encoding === 'gbk' ? 'GBK' : 'UTF-8' });
    used = encoding;
  } else {
    // Text in GBK with Chinese characters is practically never valid UTF-8, so UTF-8 goes first.
    used = 'utf-8';
    text = tryDecode(bytes, 'utf-8');
    if (text === null && !bom) {
      used = 'gbk';
      text = tryDecode(bytes, 'gbk');
    }
    if (text === null) throw new ValidationError('bank.bad_encoding');
  }
  if (text.trim() === '') throw new ValidationError('bank.empty');
  if (/^\s*<(?:!doctype\s+html|html|table)/i.test(text)) throw new ValidationError('bank.excel_file');
  return { text, encoding: used };
}

// ---------------------------------------------------------------------------------------------
// Cells, dates, amounts
// ---------------------------------------------------------------------------------------------

/** Trims, and removes the Excel text markers banks add: a leading tab or `'`, or `="…"`. */
export function cleanCell(raw: string): string {
  let s = raw.trim();
  const formula = /^="([^]*)"$/.exec(s);
  if (formula) s = formula[1]!.trim();
  if (s.startsWith("'")) s = s.slice(1).trim();
  return s;
}

const TIME = /^(?:\s|T|-)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d{1,9})?)?$/;

/**
 * 2025-11-03, 2025/11/3, 2025.11.03, 20251103, 2025年11月3日 → '2025-11-03'; a time may follow
 * (`2025-11-03 14:22:05`, `20251103142205`, and ICBC's `2025-11-03-14.22.05.123456`).
 * Only real calendar dates; null otherwise.
 */
export function parseBankDate(text: string): string | null {
  const s = text.normalize('NFKC').trim();
  const m = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)([^]*)$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[3] ?? m[5] ?? m[7]);
  const day = Number(m[4] ?? m[6] ?? m[8]);
  const rest = m[9]!;
  if (rest !== '') {
    const t = TIME.exec(rest) ?? (m[5] !== undefined ? /^\s?(\d{2})(\d{2})(\d{2})$/.exec(rest) : null);
    if (!t || Number(t[1]) > 23 || Number(t[2]) > 59 || Number(t[3] ?? 0) > 59) return null;
  }
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A bank amount in yuan → signed integer fen, exactly; null if it is not an amount.
 * Accepts what exports contain: `1234.56`, `1,234.56`, `+1,234.5`, `-12`, `¥1,234.56`,
 * `￥-3.00`, `"1,234.56"`, `1234.56元`, full-width digits. Thousands separators must group by
 * three (so `1.234,56` is rejected rather than misread); at most two decimals; at most 13 digits.
 *   parseBankAmountFen('1,234.56') = 123456   parseBankAmountFen('+¥0.5') = 50
 */
export function parseBankAmountFen(text: string): number | null {
  let s = text.normalize('NFKC').replace(/\u2212/g, '-').replace(/\s+/g, '');
  const quoted = /^(["'])([^]*)\1$/.exec(s);
  if (quoted) s = quoted[2]!;
  s = s.replace(/^([+-]?)(?:¥|RMB|CNY)([+-]?)/i, '$1$2').replace(/元$/, '');
  const m = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const digits = m[2]!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 13) return null;
  const fen = Number(digits) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' && fen !== 0 ? -fen : fen;
}

// ---------------------------------------------------------------------------------------------
// Header and mapping
// ---------------------------------------------------------------------------------------------

export interface BankMapping {
  date: string;
  /** one signed amount column (incoming positive), or */
  amount?: string;
  /** a credit (收入/贷方) column, with optionally */
  credit?: string;
  /** a debit (支出/借方) column */
  debit?: string;
  counterparty: string;
  memo: string;
  serial?: string;
  /**
   * With `amount` only: a 借贷标志 column. Some banks export unsigned amounts plus a direction;
   * without it every payment the community made would be read as money received.
   */
  direction?: string;
}

export const DEFAULT_HEADER_ALIASES: { [K in keyof BankMapping]-?: string[] } = {
  date: ['交易日期', '记账日期', '交易时间', '日期', '入账日期'],
  amount: ['交易金额', '金额', '发生额'],
  credit: ['贷方发生额', '贷方金额', '收入金额', '收入', '存入金额'],
  debit: ['借方发生额', '借方金额', '支出金额', '支出', '取出金额'],
  counterparty: ['对方户名', '对方账户名称', '对方名称', '对方账户名', '付款人', '对方单位名称', '付款人名称'],
  memo: ['摘要', '附言', '用途', '备注', '交易附言'],
  serial: ['流水号', '交易流水号', '交易序号', '凭证号'],
  direction: ['借贷标志', '借贷方向', '借/贷', '借贷', '收支标志', '收/支', '收支方向', '交易方向'],
};

const FIELDS = ['date', 'amount', 'credit', 'debit', 'counterparty', 'memo', 'serial', 'direction'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_LABELS: Record<Field, { zh: string; en: string }> = {
  date: { zh: '交易日期', en: 'date' },
  amount: { zh: '金额（交易金额，或收入/贷方金额）', en: 'amount (a signed amount, or a credit amount)' },
  credit: { zh: '收入（贷方）金额', en: 'credit (incoming) amount' },
  debit: { zh: '支出（借方）金额', en: 'debit (outgoing) amount' },
  counterparty: { zh: '对方户名', en: 'counterparty name' },
  memo: { zh: '摘要/附言', en: 'memo' },
  serial: { zh: '流水号', en: 'serial number' },
  direction: { zh: '借贷标志', en: 'debit/credit indicator' },
};
const HEADER_SEARCH_ROWS = 20;
/** `贷方发生额(元)`, `收入金额（人民币）`: a currency suffix does not change what a column is. */
const CURRENCY_SUFFIX = /\s*[(（[【]\s*(?:元|人民币|RMB|CNY)\s*[)）\]】]\s*$/i;

function aliasIndex(headers: string[], alias: string): number {
  const i = headers.indexOf(alias);
  return i >= 0 ? i : headers.findIndex((h) => h.replace(CURRENCY_SUFFIX, '') === alias);
}

function missing(field: Field, aliases: string[], line: number): ValidationError {
  const label = FIELD_LABELS[field];
  return new ValidationError('bank.missing_column', { field, fieldZh: label.zh, fieldEn: label.en, aliases: aliases.join('、'), line });
}

function resolveMapping(headers: string[], given: Partial<BankMapping>, line: number): BankMapping {
  const found: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const name = given[field];
    if (name !== undefined) {
      if (!headers.includes(name)) {
        const label = FIELD_LABELS[field];
        throw new ValidationError('bank.mapping_unknown_column', {
          column: name, field, fieldZh: label.zh, fieldEn: label.en, line, headers: headers.filter((h) => h !== '').join(', '),
        });
      }
      found[field] = name;
    } else {
      const alias = DEFAULT_HEADER_ALIASES[field].find((a) => aliasIndex(headers, a) >= 0);
      if (alias !== undefined) found[field] = headers[aliasIndex(headers, alias)];
    }
  }
  // One way of telling the direction: an explicit `amount` wins over detected credit/debit columns.
  if (given.amount !== undefined && given.credit === undefined) {
    delete found.credit;
    delete found.debit;
  }
  if (found.credit !== undefined) {
    delete found.amount;
    delete found.direction;
  } else {
    delete found.debit;
    if (found.amount === undefined) delete found.direction;
  }
  if (found.date === undefined) throw missing('date', DEFAULT_HEADER_ALIASES.date, line);
  if (found.amount === undefined && found.credit === undefined) {
    throw missing('amount', [...DEFAULT_HEADER_ALIASES.amount, ...DEFAULT_HEADER_ALIASES.credit], line);
  }
  if (found.counterparty === undefined) throw missing('counterparty', DEFAULT_HEADER_ALIASES.counterparty, line);
  if (found.memo === undefined) throw missing('memo', DEFAULT_HEADER_ALIASES.memo, line);
  const mapping = {} as BankMapping;
  for (const field of FIELDS) if (found[field] !== undefined) mapping[field] = found[field];
  return mapping;
}

/**
 * The column of each field: the first alias (in DEFAULT_HEADER_ALIASES order) present in the
 * header. Credit/debit columns win over a single amount column. `headerLine` only goes into
 * error messages.
 */
export function detectMapping(headers: string[], headerLine = 1): BankMapping {
  return resolveMapping(headers.map(cleanCell), {}, headerLine);
}

// ---------------------------------------------------------------------------------------------
// Statement
// ---------------------------------------------------------------------------------------------

export interface BankLine {
  /** 1-based line number in the file, counting the header line (and the lines above it) */
  lineNo: number;
  /** YYYY-MM-DD */
  date: string;
  /** > 0, incoming only */
  amountFen: number;
  counterparty: string;
  memo: string;
  serial: string | null;
  fingerprint: string;
}
export type SkipReason = 'outgoing' | 'zero' | 'summary';
export interface ParsedStatement {
  encoding: BankEncoding;
  mapping: BankMapping;
  lines: BankLine[];
  skipped: { lineNo: number; reason: SkipReason }[];
}
export interface BankRowProblem {
  lineNo: number;
  column: string | null;
  key: string;
  params: Record<string, string | number>;
}

interface Row {
  lineNo: number;
  cells: string[];
}

function readRows(text: string): Row[] {
  const starts: number[] = [];
  let lastEnd = 0;
  try {
    const records = parse(text, {
      relax_column_count: true, // checked per row below, so that every bad row is reported
      relax_quotes: true, // `="0123"` (Excel text) has quotes inside an unquoted field
      trim: true,
      skip_empty_lines: false,
      on_record: (record: string[], context) => {
        starts.push(lastEnd + 1);
        lastEnd = context.lines;
        return record;
      },
    });
    return records.map((record, i) => ({ lineNo: starts[i]!, cells: record.map(cleanCell) }));
  } catch (e) {
    // csv-parse reports where it gave up (the end of the file for an unclosed quote); the
    // broken record starts right after the last good one.
    const endLine = typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : lastEnd + 1;
    throw new ValidationError('bank.malformed_csv', { line: lastEnd + 1, endLine });
  }
}

const SUMMARY = /^(?:合计|总计|小计|本页|共)/;
const INCOMING = /^(?:贷|贷方|收|收入|入|入账|存|存入|转入|来账|C|CR|CREDIT|\+)$/i;
const OUTGOING = /^(?:借|借方|支|支出|出|出账|取|取出|转出|往账|D|DR|DEBIT|-)$/i;
const NO_SERIAL = /^(?:-+|—+|\/|无)$/;

function findHeader(rows: Row[], given: Partial<BankMapping>): number {
  const search = (useGiven: boolean) =>
    rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) =>
      (['date', 'counterparty'] as const).every((field) => {
        const name = useGiven ? given[field] : undefined;
        return name !== undefined ? row.cells.includes(name) : DEFAULT_HEADER_ALIASES[field].some((a) => aliasIndex(row.cells, a) >= 0);
      }),
    );
  const withGiven = search(true);
  // A mapping naming an absent column: find the header by the aliases, so the error can say which.
  const index = withGiven >= 0 ? withGiven : search(false);
  if (index < 0) {
    throw new ValidationError('bank.no_header', {
      rows: HEADER_SEARCH_ROWS,
      dateAliases: given.date ?? DEFAULT_HEADER_ALIASES.date.join('、'),
      counterpartyAliases: given.counterparty ?? DEFAULT_HEADER_ALIASES.counterparty.join('、'),
    });
  }
  return index;
}

export function parseStatement(data: Buffer, opts: { encoding?: BankEncoding; mapping?: Partial<BankMapping> } = {}): ParsedStatement {
  const { text, encoding } = decodeStatement(data, opts.encoding);
  const rows = readRows(text);
  const given = opts.mapping ?? {};
  const headerIndex = findHeader(rows, given);
  const header = rows[headerIndex]!;
  const mapping = resolveMapping(header.cells, given, header.lineNo);
  const col = (name: string | undefined) => (name === undefined ? -1 : header.cells.indexOf(name));
  const at = { date: col(mapping.date), amount: col(mapping.amount), credit: col(mapping.credit), debit: col(mapping.debit),
    counterparty: col(mapping.counterparty), memo: col(mapping.memo), serial: col(mapping.serial), direction: col(mapping.direction) };
  let width = header.cells.length;
  while (width > 0 && header.cells[width - 1] === '') width--;
  const headerKey = header.cells.slice(0, width).join('\u0001');

  const incoming: Omit<BankLine, 'fingerprint'>[] = [];
  const skipped: ParsedStatement['skipped'] = [];
  const problems: BankRowProblem[] = [];

  for (const { lineNo, cells } of rows.slice(headerIndex + 1)) {
    if (cells.every((c) => c === '')) continue;
    if (cells.slice(0, width).join('\u0001') === headerKey) continue; // the header repeated on each page
    const cell = (i: number) => (i < 0 ? '' : (cells[i] ?? ''));
    const problem = (column: string | null, key: string, params: Record<string, string | number>) =>
      problems.push({ lineNo, column, key, params: { line: lineNo, ...(column === null ? {} : { column }), ...params } });
    const dateText = cell(at.date);
    if (parseBankDate(dateText) === null && (SUMMARY.test(dateText) || SUMMARY.test(cells.find((c) => c !== '') ?? ''))) {
      skipped.push({ lineNo, reason: 'summary' });
      continue;
    }
    // Trailing empty cells beyond the header are harmless (some exports end every row with a comma).
    if (cells.length < width || cells.slice(width).some((c) => c !== '')) {
      let actual = cells.length;
      while (actual > width && cells[actual - 1] === '') actual--;
      problem(null, 'bank.column_count', { expected: width, actual });
      continue;
    }
    const amountOf = (i: number, name: string): number | null => {
      const value = cell(i);
      if (value === '') return 0;
      const fen = parseBankAmountFen(value);
      if (fen === null) problem(name, 'bank.bad_amount', { value });
      return fen;
    };

    let fen: number;
    if (mapping.credit !== undefined) {
      const credit = amountOf(at.credit, mapping.credit);
      const debit = mapping.debit === undefined ? 0 : amountOf(at.debit, mapping.debit);
      if (credit === null || debit === null) continue;
      if (credit !== 0 && debit !== 0) {
        problem(null, 'bank.both_sides', { credit: mapping.credit, debit: mapping.debit! });
        continue;
      }
      // A debit is money out whatever its sign; a negative credit is a reversal, also not a payment.
      fen = debit !== 0 ? -Math.abs(debit) : credit;
    } else {
      const amount = amountOf(at.amount, mapping.amount!);
      if (amount === null) continue;
      fen = amount;
      const direction = cell(at.direction);
      if (amount !== 0 && direction !== '') {
        // As with credit/debit columns: 借 is money out whatever the sign; a negative 贷 is a reversal.
        if (OUTGOING.test(direction)) fen = -Math.abs(amount);
        else if (!INCOMING.test(direction)) {
          problem(mapping.direction!, 'bank.bad_direction', { value: direction });
          continue;
        }
      }
    }
    if (fen === 0 || fen < 0) {
      skipped.push({ lineNo, reason: fen === 0 ? 'zero' : 'outgoing' });
      continue;
    }
    const date = parseBankDate(dateText);
    if (date === null) {
      if (dateText === '') problem(mapping.date, 'bank.date_missing', {});
      else problem(mapping.date, 'bank.bad_date', { value: dateText });
      continue;
    }
    const serialText = cell(at.serial);
    incoming.push({
      lineNo, date, amountFen: fen, counterparty: cell(at.counterparty), memo: cell(at.memo),
      serial: serialText === '' || NO_SERIAL.test(serialText) ? null : serialText,
    });
  }

  if (problems.length > 0) {
    const first = problems[0]!;
    throw new ValidationError(
      'bank.bad_rows',
      { count: problems.length, first: translate('zh-CN', first.key, first.params), firstEn: translate('en', first.key, first.params) },
      { problems },
    );
  }
  return { encoding, mapping, lines: withFingerprints(incoming), skipped };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A transaction's identity across overlapping statements. With a serial: `serial:${serial}`.
 * Without: date, amount, counterparty and memo, plus the occurrence index of that tuple in the
 * file, so two identical transfers on one day stay two (and re-importing the same day's
 * statement finds both again). A serial repeated within one file (凭证号 is sometimes shared)
 * cannot identify a transfer alone: its later occurrences get `serial-dup:${k}:${serial}`, which
 * keeps fingerprints unique within the file and stable when files overlap in the same order.
 */
function withFingerprints(lines: Omit<BankLine, 'fingerprint'>[]): BankLine[] {
  const seen = new Map<string, number>();
  const occurrence = (key: string) => {
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n;
  };
  return lines.map((line) => {
    let identity: string;
    if (line.serial !== null) {
      const k = occurrence(`serial:${line.serial}`);
      identity = k === 0 ? `serial:${line.serial}` : `serial-dup:${k}:${line.serial}`;
    } else {
      // Counting occurrences of the joined text (not of the tuple) keeps the key unique even when
      // a counterparty or memo contains the `|` separator.
      const tuple = `${line.date}|${line.amountFen}|${line.counterparty}|${line.memo}`;
      identity = `${tuple}|${occurrence(tuple)}`;
    }
    return { ...line, fingerprint: sha256(identity) };
  });
}

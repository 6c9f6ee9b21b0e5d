import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { hasMessage, translate } from '../../platform/i18n.js';
import { idNumberCheckChar } from './register.rules.js';
import {
  ROSTER_COLUMNS,
  readRosterWorkbook,
  rosterMessages,
  writeRosterWorkbook,
  type RosterCellError,
  type RosterRow,
} from './roster.xlsx.js';

const HEADERS = ROSTER_COLUMNS.map((c) => c.header);
type Row = ExcelJS.CellValue[];

async function workbook(headers: string[], rows: Row[], sheetName = '花名册'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const [i, r] of rows.entries()) {
    if (r.length > 0) ws.getRow(i + 2).values = r;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A good row in ROSTER_COLUMNS order, with overrides by header. */
function row(overrides: Partial<Record<string, ExcelJS.CellValue>> = {}): Row {
  const base: Record<string, ExcelJS.CellValue> = {
    楼栋: '3栋', 房号: '3-2-1201', 类型: '住宅', '建筑面积(㎡)': 85.32, 状态: '已交付', 业主: '张三',
    业主电话: '13812345678', 业主身份证号: null, 租户: null, 租户电话: null, 网格: null, 微网格: null,
    ...overrides,
  };
  return HEADERS.map((h) => base[h] ?? null);
}

const err = (row: number, column: string, code: string, params: RosterCellError['params'], value: string | null): RosterCellError => ({
  row, column, code, params, value,
});

describe('readRosterWorkbook: a good workbook', () => {
  it('reads every cell shape exceljs produces and skips empty rows and unknown columns', async () => {
    const data = await workbook([...HEADERS, '备注'], [
      [
        ...row({
          房号: { text: '3栋2单元1201', hyperlink: 'https://example.org/3-2-1201' },
          '建筑面积(㎡)': { formula: '85+0.32', result: 85.32 },
          业主: { richText: [{ text: '张', font: { bold: true } }, { text: '三' }] },
          业主电话: 13812345678,
          业主身份证号: '11010519491231002x',
          网格: '一网格',
          微网格: '一网格-1',
        }),
        '任意备注',
      ],
      [],
      row({ 房号: '３－２－１２０２', '建筑面积(㎡)': '90.5㎡', 状态: '未交付', 业主: '李四、王五\n赵六', 业主电话: '139 1234 5678,-;028-85551234', 租户: '孙七', 租户电话: '+86 137 0000 1111' }),
      row({ 房号: 'P001', 类型: '车位', '建筑面积(㎡)': '12', 状态: '未售', 业主: '成都风华置业有限公司', 业主电话: null }),
      row({ 房号: '3-2-1204', 业主: '风华置业有限公司', 业主电话: null, 状态: null }),
    ]);
    const { rows, errors } = await readRosterWorkbook(data);
    expect(errors).toEqual([]);
    const unit = { building: '3栋', kind: 'residential', tenants: [], grid: null, microGrid: null } as const;
    expect(rows).toEqual([
      { ...unit, row: 2, unitCode: '3-2-1201', areaCm2: 8532, deliveryStatus: 'delivered',
        owners: [{ name: '张三', phone: '13812345678', idNumber: '11010519491231002X' }], grid: '一网格', microGrid: '一网格-1' },
      { ...unit, row: 4, unitCode: '3-2-1202', areaCm2: 9050, deliveryStatus: 'undelivered',
        owners: [
          { name: '李四', phone: '13912345678', idNumber: null },
          { name: '王五', phone: '', idNumber: null },
          { name: '赵六', phone: '028-85551234', idNumber: null },
        ],
        tenants: [{ name: '孙七', phone: '13700001111', idNumber: null }] },
      { ...unit, row: 5, unitCode: 'P-001', kind: 'parking', areaCm2: 1200, deliveryStatus: 'unsold',
        owners: [{ name: '成都风华置业有限公司', phone: '', idNumber: null }] },
      { ...unit, row: 6, unitCode: '3-2-1204', areaCm2: 8532, deliveryStatus: 'delivered',
        owners: [{ name: '风华置业有限公司', phone: '', idNumber: null }] },
    ]);
  });

  it('accepts English headers in any case, 建筑面积 without its unit, and columns in any order', async () => {
    const data = await workbook(['UNIT', 'Building', 'Area (m²)', 'kind', 'Owners', 'Owner Phones'], [
      ['1-1-101', '1栋', '70', 'residential', '钱一', '13500000001'],
    ]);
    expect((await readRosterWorkbook(data)).rows.map((r) => [r.unitCode, r.building, r.areaCm2])).toEqual([['1-1-101', '1栋', 7000]]);
    const chinese = await workbook(['楼栋', '房号', '类型', '建筑面积', '业主', '电话'], [['1栋', '1-1-101', '住宅', 70, '钱一', '13500000001']]);
    const { rows, errors } = await readRosterWorkbook(chinese);
    expect(errors).toEqual([]);
    expect(rows[0]?.owners).toEqual([{ name: '钱一', phone: '13500000001', idNumber: null }]);
  });
});

describe('readRosterWorkbook: bad workbooks', () => {
  it('reports a missing required column once, on row 1', async () => {
    const headers = HEADERS.filter((h) => h !== '建筑面积(㎡)');
    const data = await workbook(headers, [['3栋', '3-2-1201', '住宅', '已交付', '张三', '13812345678']]);
    expect(await readRosterWorkbook(data)).toEqual({
      rows: [],
      errors: [err(1, '建筑面积(㎡)', 'roster.column_missing', { column: '建筑面积(㎡)' }, null)],
    });
  });

  it('reports a duplicate unit on the later row, naming the first', async () => {
    const data = await workbook(HEADERS, [row(), row({ 房号: '3-2-1202' }), row({ 房号: '3栋2单元1201' })]);
    const { rows, errors } = await readRosterWorkbook(data);
    expect(errors).toEqual([err(4, '房号', 'roster.unit_duplicate', { firstRow: 2 }, '3栋2单元1201')]);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('reports a negative area and text in the area cell', async () => {
    const data = await workbook(HEADERS, [row({ '建筑面积(㎡)': -85 }), row({ 房号: '3-2-1202', '建筑面积(㎡)': '八十五' }), row({ 房号: '3-2-1203', '建筑面积(㎡)': 85.321 })]);
    expect((await readRosterWorkbook(data)).errors).toEqual([
      err(2, '建筑面积(㎡)', 'roster.area_not_positive', {}, '-85'),
      err(3, '建筑面积(㎡)', 'roster.area_not_number', {}, '八十五'),
      err(4, '建筑面积(㎡)', 'roster.area_too_precise', { maxDecimals: 2 }, '85.321'),
    ]);
  });

  it('reports a wrong phone and an owner/phone count mismatch', async () => {
    const data = await workbook(HEADERS, [
      row({ 业主电话: '1381234' }),
      row({ 房号: '3-2-1202', 业主: '张三、李四', 业主电话: '13812345678' }),
      row({ 房号: '3-2-1203', 业主: '王五', 业主电话: null }),
      row({ 房号: '3-2-1204', 租户: '赵六', 租户电话: '13812345678、13912345678' }),
    ]);
    expect((await readRosterWorkbook(data)).errors).toEqual([
      err(2, '业主电话', 'roster.phone_invalid', { value: '1381234' }, '1381234'),
      err(3, '业主电话', 'roster.owner_phone_count', { owners: 2, phones: 1 }, '13812345678'),
      err(4, '业主电话', 'roster.owner_phone_missing', { name: '王五' }, null),
      err(5, '租户电话', 'roster.tenant_phone_count', { tenants: 1, phones: 2 }, '13812345678、13912345678'),
    ]);
  });

  it('collects every bad cell of a row, in column order', async () => {
    const data = await workbook(HEADERS, [
      row({ 楼栋: '', 房号: '3/2', 类型: '别墅', '建筑面积(㎡)': null, 状态: '出租', 业主: null, 业主电话: null, 业主身份证号: 110105194912310000, 微网格: '1-1' }),
    ]);
    expect((await readRosterWorkbook(data)).errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '楼栋', 'roster.value_missing'],
      [2, '房号', 'roster.unit_code_invalid'],
      [2, '类型', 'roster.kind_unknown'],
      [2, '建筑面积(㎡)', 'roster.value_missing'],
      [2, '状态', 'roster.status_unknown'],
      [2, '业主身份证号', 'roster.owner_id_count'],
      [2, '微网格', 'roster.micro_grid_without_grid'],
    ]);
    const idAsNumber = await workbook(HEADERS, [row({ 业主身份证号: 110105194912310000 }), row({ 房号: '3-2-1202', 业主身份证号: '110105194912310021' })]);
    expect((await readRosterWorkbook(idAsNumber)).errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '业主身份证号', 'roster.id_number_not_text'],
      [3, '业主身份证号', 'roster.id_number_invalid'],
    ]);
  });

  it('requires an owner for a delivered unit when the roster has an owners column', async () => {
    const data = await workbook(HEADERS, [row({ 业主: '无', 业主电话: null }), row({ 房号: '3-2-1202', 状态: '未售', 业主: null, 业主电话: null })]);
    const { rows, errors } = await readRosterWorkbook(data);
    expect(errors).toEqual([err(2, '业主', 'roster.owner_missing', {}, '无')]);
    expect(rows.map((r) => r.row)).toEqual([3]);
  });

  it('reports an unreadable file without throwing', async () => {
    const garbage = Buffer.from('this is not a zip file at all \u0000\u0001\u0002');
    const expected = { rows: [], errors: [err(0, '', 'roster.file_unreadable', {}, null)] };
    expect(await readRosterWorkbook(garbage)).toEqual(expected);
    expect(await readRosterWorkbook(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual(expected);
  });

  it('refuses more data rows than maxRows, with one error', async () => {
    const data = await workbook(HEADERS, [row(), row({ 房号: '3-2-1202' }), [], row({ 房号: '3-2-1203' })]);
    expect(await readRosterWorkbook(data, { maxRows: 2 })).toEqual({
      rows: [],
      errors: [err(0, '', 'roster.too_many_rows', { count: 3, max: 2 }, null)],
    });
    expect((await readRosterWorkbook(data, { maxRows: 3 })).rows).toHaveLength(3);
  });

  it('has a zh-CN and an en message for every code, with the params it is given', async () => {
    const codes = new Set<string>();
    const cases = [
      await workbook(HEADERS, [row({ 业主电话: 'x' }), row(), row({ 房号: '3-2-1202', '建筑面积(㎡)': 1e9, 楼栋: 'x'.repeat(51) })]),
      await workbook(['楼栋', '楼栋'], []),
    ];
    for (const data of cases) {
      for (const e of (await readRosterWorkbook(data)).errors) {
        codes.add(e.code);
        for (const locale of ['zh-CN', 'en'] as const) expect(translate(locale, e.code, e.params)).not.toMatch(/\{\w+\}/);
      }
    }
    expect(codes.size).toBeGreaterThan(4);
    for (const code of codes) expect(hasMessage(code)).toBe(true);
    for (const texts of Object.values(rosterMessages)) {
      const params = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(texts.en)).toEqual(params(texts['zh-CN']));
    }
    expect(translate('zh-CN', 'roster.unit_duplicate', { firstRow: 7 })).toBe('房号与第 7 行重复');
  });
});

describe('readRosterWorkbook: a large workbook', () => {
  it('reports exactly the bad rows among 10,000', async () => {
    const bad = new Map<number, [string, string]>(); // sheet row → [column, code]
    const rows: Row[] = [];
    const defects: [string, string, Partial<Record<string, ExcelJS.CellValue>>][] = [
      ['建筑面积(㎡)', 'roster.area_not_number', { '建筑面积(㎡)': 'n/a' }],
      ['业主电话', 'roster.phone_invalid', { 业主电话: '12345' }],
      ['类型', 'roster.kind_unknown', { 类型: '别墅' }],
      ['房号', 'roster.unit_duplicate', { 房号: '1-1-1' }],
      ['业主电话', 'roster.owner_phone_count', { 业主: '甲、乙' }],
    ];
    for (let i = 0; i < 10_000; i++) {
      const sheetRow = i + 2;
      const unit = `${1 + Math.floor(i / 1000)}-${1 + Math.floor((i % 1000) / 100)}-${i % 100}`;
      const defect = i > 0 && i % 613 === 0 ? defects[(i / 613) % defects.length]! : null;
      if (defect) bad.set(sheetRow, [defect[0], defect[1]]);
      rows.push(row({ 楼栋: `${1 + Math.floor(i / 1000)}栋`, 房号: unit, 业主: `业主${i}`, 业主电话: `138${String(i).padStart(8, '0')}`, ...defect?.[2] }));
    }
    const data = await workbook(HEADERS, rows);
    const started = Date.now();
    const result = await readRosterWorkbook(data);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([...bad].map(([r, [column, code]]) => [r, column, code]));
    expect(result.rows).toHaveLength(10_000 - bad.size);
    expect(result.rows.some((r) => bad.has(r.row))).toBe(false);
  }, 30_000);
});

// --- write → read ------------------------------------------------------------------------------

const mobileArb = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);
const landlineArb = fc.tuple(fc.constantFrom('010', '028', '0755'), fc.integer({ min: 2_000_000, max: 89_999_999 })).map(([a, n]) => `${a}-${n}`);
const idArb = fc
  .tuple(fc.integer({ min: 110000, max: 829999 }), fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
  .map(([region, birth, seq]) => {
    const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    return first17 + idNumberCheckChar(first17);
  });
const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const nameArb = fc.oneof(fc.string({ unit: hanzi, minLength: 2, maxLength: 4 }), fc.constantFrom('欧阳娜娜', 'Anna Lee', '风华置业有限公司'));
const personArb = (withId: boolean) =>
  fc.record({
    name: nameArb,
    phone: fc.oneof(mobileArb, landlineArb, fc.constant('')),
    idNumber: withId ? fc.option(idArb, { nil: null }) : fc.constant(null),
  });
const unitArb = fc
  .record({
    building: fc.constantFrom('1栋', '2栋', 'A座', '12', '风华苑 3 号楼'),
    kind: fc.constantFrom('residential', 'commercial', 'parking', 'storage' as const),
    areaCm2: fc.integer({ min: 1, max: 10_000_000 }),
    deliveryStatus: fc.constantFrom('delivered', 'undelivered', 'unsold' as const),
    owners: fc.uniqueArray(personArb(true), { maxLength: 3, selector: (p) => p.name }),
    tenants: fc.uniqueArray(personArb(false), { maxLength: 2, selector: (p) => p.name }),
    grid: fc.option(fc.constantFrom('一网格', '二网格'), { nil: null }),
    microGrid: fc.option(fc.constantFrom('1号微网格', '2号微网格'), { nil: null }),
  })
  .map((u) => {
    if (u.deliveryStatus !== 'delivered') return { ...u, microGrid: u.grid && u.microGrid };
    // A delivered unit needs an owner, and every natural-person owner a phone.
    const owners = u.owners.length > 0 ? u.owners : [{ name: '张三', phone: '', idNumber: null }];
    const phoned = owners.map((p) => (p.phone === '' && !p.name.includes('公司') ? { ...p, phone: '13800000000' } : p));
    return { ...u, owners: phoned, microGrid: u.grid && u.microGrid };
  });
const codeArb = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 101, max: 3304 })).map(([b, e, r]) => `${b}-${e}-${r}`),
  fc.integer({ min: 1, max: 999 }).map((n) => `P-${String(n).padStart(3, '0')}`),
);

describe('writeRosterWorkbook', () => {
  it('writes bold frozen Chinese headers, a 0.00 area and text ID numbers', async () => {
    const data = await writeRosterWorkbook([
      { building: '3栋', unitCode: '3-2-1201', kind: 'residential', areaCm2: 8530, deliveryStatus: 'delivered', grid: null, microGrid: null,
        owners: [{ name: '张三', phone: '13812345678', idNumber: '11010519491231002X' }, { name: '李四', phone: '', idNumber: null }], tenants: [] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...HEADERS]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('D2').value).toBe(85.3);
    expect(ws.getCell('D2').numFmt).toBe('0.00');
    expect(ws.getCell('F2').value).toBe('张三、李四');
    expect(ws.getCell('G2').value).toBe('13812345678、-');
    expect(ws.getCell('H2').value).toBe('11010519491231002X、-');
    expect(ws.getCell('H2').numFmt).toBe('@');
  });

  it('round-trips arbitrary valid rosters through read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(codeArb, { maxLength: 12 }).chain((codes) => fc.tuple(...codes.map(() => unitArb)).map((units) => units.map((u, i) => ({ ...u, unitCode: codes[i]! })))), async (units) => {
        const { rows, errors } = await readRosterWorkbook(await writeRosterWorkbook(units));
        expect(errors).toEqual([]);
        expect(rows.map(({ row, ...rest }) => rest)).toEqual(units);
        expect(rows.map((r) => r.row)).toEqual(units.map((_, i) => i + 2));
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

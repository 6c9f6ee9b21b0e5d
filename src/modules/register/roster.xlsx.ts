/**
 * The roster (花名册) workbook, DESIGN §2.1: one row per unit, Chinese headers, a row-level
 * error report. The reader collects every bad cell (the import is all-or-nothing, or
 * `--skip-bad`), so `rows` holds only the rows without any error; the writer produces a file
 * the reader gives back unchanged.
 */
import ExcelJS from 'exceljs';
import { registerMessages, type Catalogue } from '../../platform/i18n.js';
import {
  RegisterRuleError,
  deliveryStatusLabel,
  formatAreaCm2,
  isOrganizationName,
  normalizePhone,
  normalizeUnitCode,
  parseAreaToCm2,
  parseDeliveryStatus,
  parseUnitKind,
  unitKindLabel,
  validateIdNumber,
  type DeliveryStatus,
  type UnitKind,
} from './register.rules.js';

export interface RosterPerson { name: string; phone: string; idNumber: string | null } // phone '' when absent
export interface RosterRow {
  row: number; // 1-based sheet row number in the file (header is row 1)
  building: string;
  unitCode: string;
  kind: UnitKind;
  areaCm2: number;
  deliveryStatus: DeliveryStatus;
  owners: RosterPerson[];
  tenants: RosterPerson[];
  grid: string | null;
  microGrid: string | null;
}
export interface RosterCellError { row: number; column: string; code: string; params: Record<string, string | number>; value: string | null }

type ColumnKey =
  | 'building' | 'unit' | 'kind' | 'area' | 'status' | 'owners' | 'ownerPhones' | 'ownerIds'
  | 'tenants' | 'tenantPhones' | 'grid' | 'microGrid';
export interface RosterColumn {
  key: ColumnKey;
  header: string; // written by the writer, matched first by the reader
  alias: string; // English header, matched case-insensitively
  /** Other headers seen in community spreadsheets (DESIGN §2.1 lists 电话 for the owner's phone). */
  otherNames: readonly string[];
  required: boolean;
  width: number;
  numFmt?: string;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { key: 'building', header: '楼栋', alias: 'building', otherNames: ['楼号'], required: true, width: 10, numFmt: '@' },
  { key: 'unit', header: '房号', alias: 'unit', otherNames: ['房间号', 'unit code'], required: true, width: 14, numFmt: '@' },
  { key: 'kind', header: '类型', alias: 'kind', otherNames: ['type'], required: true, width: 8 },
  { key: 'area', header: '建筑面积(㎡)', alias: 'area', otherNames: ['面积'], required: true, width: 13, numFmt: '0.00' },
  { key: 'status', header: '状态', alias: 'status', otherNames: ['交付状态'], required: false, width: 8 },
  { key: 'owners', header: '业主', alias: 'owners', otherNames: ['业主姓名', 'owner'], required: false, width: 16 },
  { key: 'ownerPhones', header: '业主电话', alias: 'owner phones', otherNames: ['电话', '联系电话', 'owner phone'], required: false, width: 28, numFmt: '@' },
  { key: 'ownerIds', header: '业主身份证号', alias: 'owner ID numbers', otherNames: ['身份证号', 'owner id number'], required: false, width: 40, numFmt: '@' },
  { key: 'tenants', header: '租户', alias: 'tenants', otherNames: ['租户姓名', 'tenant'], required: false, width: 16 },
  { key: 'tenantPhones', header: '租户电话', alias: 'tenant phones', otherNames: ['tenant phone'], required: false, width: 28, numFmt: '@' },
  { key: 'grid', header: '网格', alias: 'grid', otherNames: [], required: false, width: 12 },
  { key: 'microGrid', header: '微网格', alias: 'micro-grid', otherNames: ['micro grid'], required: false, width: 12 },
];

export const ROSTER_MAX_ROWS = 20_000;
const BUILDING_MAX = 50; // buildings.name check in migration 0001
const NAME_MAX = 100; // persons.name and grids.name checks
/** Co-owners, tenants and their phones share one cell, separated by 、 , ， ; ； or a line break. */
const LIST_SEPARATORS = /[、,，;；\r\n]+/;
/** A phone or ID entry for a person who has none, keeping the list aligned with the names. */
const ABSENT = /^(?:-|—|－|无|\/|n\/a)$/i;

export const rosterMessages: Catalogue = {
  'roster.file_unreadable': { 'zh-CN': '无法读取文件，请上传 .xlsx 格式的花名册', en: 'The file cannot be read; upload the roster as an .xlsx workbook' },
  'roster.sheet_empty': { 'zh-CN': '第一个工作表没有表头', en: 'The first worksheet has no header row' },
  'roster.column_missing': { 'zh-CN': '缺少必填列“{column}”', en: 'Required column "{column}" is missing' },
  'roster.column_duplicate': { 'zh-CN': '列“{column}”出现了不止一次', en: 'Column "{column}" appears more than once' },
  'roster.too_many_rows': { 'zh-CN': '数据行数 {count} 超过上限 {max}', en: '{count} data rows exceed the limit of {max}' },
  'roster.value_missing': { 'zh-CN': '“{column}”不能为空', en: '"{column}" must not be empty' },
  'roster.building_too_long': { 'zh-CN': '楼栋名称不能超过 {max} 个字符', en: 'Building name must be at most {max} characters' },
  'roster.unit_code_invalid': { 'zh-CN': '房号格式不正确（例如 3-2-1201 或 3栋2单元1201，最多 {max} 个字符）', en: 'Invalid unit code (e.g. 3-2-1201; at most {max} characters)' },
  'roster.unit_duplicate': { 'zh-CN': '房号与第 {firstRow} 行重复', en: 'Unit code duplicates row {firstRow}' },
  'roster.kind_unknown': { 'zh-CN': '类型应为 住宅、商业、车位 或 储藏室', en: 'Kind must be residential, commercial, parking or storage' },
  'roster.status_unknown': { 'zh-CN': '状态应为 已交付、未交付 或 未售', en: 'Status must be delivered, undelivered or unsold' },
  'roster.area_not_number': { 'zh-CN': '建筑面积不是数字', en: 'Area is not a number' },
  'roster.area_not_positive': { 'zh-CN': '建筑面积必须大于 0', en: 'Area must be greater than 0' },
  'roster.area_too_precise': { 'zh-CN': '建筑面积最多保留 {maxDecimals} 位小数', en: 'Area may have at most {maxDecimals} decimals' },
  'roster.area_too_large': { 'zh-CN': '建筑面积不能超过 {max} ㎡', en: 'Area must not exceed {max} m²' },
  'roster.name_too_long': { 'zh-CN': '姓名或名称不能超过 {max} 个字符', en: 'A name must be at most {max} characters' },
  'roster.person_duplicate': { 'zh-CN': '{name} 在同一单元格中出现了两次', en: '{name} is listed twice in the same cell' },
  'roster.owner_missing': { 'zh-CN': '已交付的房屋必须填写业主', en: 'A delivered unit must have an owner' },
  'roster.owner_phone_count': { 'zh-CN': '业主有 {owners} 位，电话却有 {phones} 个，请按相同顺序一一对应', en: '{owners} owners but {phones} phone numbers; list them in the same order' },
  'roster.owner_phone_missing': { 'zh-CN': '已交付房屋的业主 {name} 缺少电话', en: 'Owner {name} of a delivered unit has no phone number' },
  'roster.owner_id_count': { 'zh-CN': '业主有 {owners} 位，身份证号却有 {ids} 个，请按相同顺序一一对应', en: '{owners} owners but {ids} ID numbers; list them in the same order' },
  'roster.tenant_phone_count': { 'zh-CN': '租户有 {tenants} 位，电话却有 {phones} 个，请按相同顺序一一对应', en: '{tenants} tenants but {phones} phone numbers; list them in the same order' },
  'roster.phone_invalid': { 'zh-CN': '电话号码 {value} 格式不正确（手机 11 位，座机如 028-85551234）', en: 'Invalid phone number {value} (11-digit mobile, or landline like 028-85551234)' },
  'roster.id_number_invalid': { 'zh-CN': '身份证号格式或校验位不正确', en: 'Invalid resident ID number (format or check digit)' },
  'roster.id_number_not_text': { 'zh-CN': '身份证号被存成了数字，末位已丢失，请将该列设为文本格式后重新填写', en: 'The ID number was stored as a number and lost its last digits; format the column as text and re-enter it' },
  'roster.grid_too_long': { 'zh-CN': '网格名称不能超过 {max} 个字符', en: 'Grid name must be at most {max} characters' },
  'roster.micro_grid_without_grid': { 'zh-CN': '填写了微网格就必须填写网格', en: 'A micro-grid needs a grid' },
};

/** NFKC folds （㎡） to (m2); spaces, dashes, * and a trailing "(unit)" do not matter. */
function headerKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_*:：-]/g, '').replace(/\(.*\)$/, '');
}
const HEADER_LOOKUP = new Map<string, RosterColumn>();
for (const c of ROSTER_COLUMNS) for (const name of [c.header, c.alias, ...c.otherNames]) HEADER_LOOKUP.set(headerKey(name), c);

type Cell = ExcelJS.CellValue;

/** The displayed text of a cell: rich text runs joined, a formula's cached result, a link's text. */
function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('formula' in v || 'sharedFormula' in v) return cellText(v.result as Cell);
  if ('richText' in v) return v.richText.map((run) => run.text).join('');
  if ('hyperlink' in v) return cellText(v.text as Cell); // the text may itself be rich text
  if ('error' in v) return v.error;
  return '';
}

/** A number cell (or a formula that computed one) keeps its number for the area rule. */
function cellNumber(v: Cell | undefined): number | null {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v) && typeof v.result === 'number') return v.result;
  return null;
}

function listCell(text: string): string[] {
  if (ABSENT.test(text.trim())) return [];
  return text.split(LIST_SEPARATORS).map((s) => s.trim()).filter((s) => s !== '');
}

export async function readRosterWorkbook(
  data: Buffer | Uint8Array,
  opts: { maxRows?: number } = {},
): Promise<{ rows: RosterRow[]; errors: RosterCellError[] }> {
  const maxRows = opts.maxRows ?? ROSTER_MAX_ROWS;
  const fileError = (code: string, row = 0, params: RosterCellError['params'] = {}) => ({
    rows: [], errors: [{ row, column: '', code, params, value: null }],
  });
  const wb = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    return fileError('roster.file_unreadable');
  }
  const ws = wb.worksheets[0];
  if (!ws) return fileError('roster.file_unreadable');

  // Header row: column number and the header as written in the file, per known column.
  const found = new Map<ColumnKey, { col: number; header: string }>();
  const errors: RosterCellError[] = [];
  ws.getRow(1).eachCell((cell, col) => {
    const header = cellText(cell.value).trim();
    const column = HEADER_LOOKUP.get(headerKey(header));
    if (!column) return; // unknown extra columns are ignored
    if (found.has(column.key)) {
      errors.push({ row: 1, column: header, code: 'roster.column_duplicate', params: { column: header }, value: header });
    } else found.set(column.key, { col, header });
  });
  if (found.size === 0 && errors.length === 0 && ws.getRow(1).cellCount === 0) return fileError('roster.sheet_empty', 1);
  for (const c of ROSTER_COLUMNS) {
    if (c.required && !found.has(c.key)) {
      errors.push({ row: 1, column: c.header, code: 'roster.column_missing', params: { column: c.header }, value: null });
    }
  }
  if (errors.length > 0) return { rows: [], errors };

  // Data rows: empty rows (blank in every known column) are skipped, then counted.
  const dataRows: ExcelJS.Row[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    for (const { col } of found.values()) if (cellText(row.getCell(col).value).trim() !== '') return void dataRows.push(row);
  });
  if (dataRows.length > maxRows) return fileError('roster.too_many_rows', 0, { count: dataRows.length, max: maxRows });

  const rows: RosterRow[] = [];
  const firstRowOfUnit = new Map<string, number>();
  for (const row of dataRows) {
    const parsed = readRow(row, found, firstRowOfUnit, errors);
    if (parsed) rows.push(parsed);
  }
  return { rows, errors };
}

function readRow(
  row: ExcelJS.Row,
  found: Map<ColumnKey, { col: number; header: string }>,
  firstRowOfUnit: Map<string, number>,
  errors: RosterCellError[],
): RosterRow | null {
  const rowNumber = row.number;
  const before = errors.length;
  const raw = (key: ColumnKey): Cell | undefined => {
    const at = found.get(key);
    return at ? row.getCell(at.col).value : undefined;
  };
  const text = (key: ColumnKey) => cellText(raw(key)).trim();
  const fail = (key: ColumnKey, code: string, params: RosterCellError['params'] = {}) => {
    const column = found.get(key)?.header ?? ROSTER_COLUMNS.find((c) => c.key === key)!.header;
    const value = cellText(raw(key));
    errors.push({ row: rowNumber, column, code, params, value: value === '' ? null : value });
  };
  /** Runs a rule; a RegisterRuleError becomes a cell error and the result is null. */
  const rule = <T>(key: ColumnKey, fn: () => T): T | null => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof RegisterRuleError)) throw e;
      fail(key, e.code, e.params);
      return null;
    }
  };
  const required = (key: ColumnKey): string | null => {
    const value = text(key);
    if (value === '') fail(key, 'roster.value_missing', { column: found.get(key)!.header });
    return value === '' ? null : value;
  };

  const building = required('building');
  if (building !== null && Array.from(building).length > BUILDING_MAX) fail('building', 'roster.building_too_long', { max: BUILDING_MAX });

  const unitText = required('unit');
  const unitCode = unitText === null ? null : rule('unit', () => normalizeUnitCode(unitText));
  if (unitCode !== null) {
    const firstRow = firstRowOfUnit.get(unitCode);
    // Units are unique per community (units.unique(community_id, code)); the later row is the suspect.
    if (firstRow !== undefined) fail('unit', 'roster.unit_duplicate', { firstRow });
    else firstRowOfUnit.set(unitCode, rowNumber);
  }

  const kindText = required('kind');
  const kind = kindText === null ? null : rule('kind', () => parseUnitKind(kindText));

  const areaText = required('area');
  const areaNumber = cellNumber(raw('area'));
  const areaCm2 = areaText === null ? null : rule('area', () => parseAreaToCm2(areaNumber ?? areaText));

  const deliveryStatus = rule('status', () => parseDeliveryStatus(text('status')));

  // A delivered unit has an owner (the one who votes, Civil Code art. 278); a roster without
  // an owners column is a unit list and is not held to that.
  if (found.has('owners') && deliveryStatus === 'delivered' && listCell(text('owners')).length === 0) {
    fail('owners', 'roster.owner_missing');
  }
  const owners = readPeople('owners', 'ownerPhones', deliveryStatus, raw, fail, rule);
  const tenants = readPeople('tenants', 'tenantPhones', null, raw, fail, rule);

  const grid = text('grid') || null;
  const microGrid = text('microGrid') || null;
  if (grid !== null && Array.from(grid).length > NAME_MAX) fail('grid', 'roster.grid_too_long', { max: NAME_MAX });
  if (microGrid !== null && Array.from(microGrid).length > NAME_MAX) fail('microGrid', 'roster.grid_too_long', { max: NAME_MAX });
  if (microGrid !== null && grid === null) fail('microGrid', 'roster.micro_grid_without_grid');

  if (errors.length > before) return null;
  return {
    row: rowNumber, building: building!, unitCode: unitCode!, kind: kind!, areaCm2: areaCm2!,
    deliveryStatus: deliveryStatus!, owners: owners!, tenants: tenants!, grid, microGrid,
  };
}

/**
 * Names, phones (and for owners ID numbers) from three parallel cells. The phone and ID
 * lists follow the order of the names; an entry "-" / "无" marks a person without one.
 * An owner's phone may be empty only for an unsold or undelivered unit, or an organization;
 * tenants' phones are optional (grid workers collect them, the vote does not depend on them).
 */
function readPeople(
  namesKey: 'owners' | 'tenants',
  phonesKey: 'ownerPhones' | 'tenantPhones',
  status: DeliveryStatus | null,
  raw: (key: ColumnKey) => Cell | undefined,
  fail: (key: ColumnKey, code: string, params?: RosterCellError['params']) => void,
  rule: <T>(key: ColumnKey, fn: () => T) => T | null,
): RosterPerson[] | null {
  const isOwners = namesKey === 'owners';
  let ok = true;
  const names = listCell(cellText(raw(namesKey)));
  for (const name of names) {
    if (Array.from(name).length > NAME_MAX) {
      fail(namesKey, 'roster.name_too_long', { max: NAME_MAX });
      ok = false;
    }
  }

  const phoneItems = listCell(cellText(raw(phonesKey)));
  let phones: string[] = names.map(() => '');
  if (phoneItems.length > 0 && phoneItems.length !== names.length) {
    const params: RosterCellError['params'] = { [isOwners ? 'owners' : 'tenants']: names.length, phones: phoneItems.length };
    fail(phonesKey, isOwners ? 'roster.owner_phone_count' : 'roster.tenant_phone_count', params);
    ok = false;
  } else if (phoneItems.length > 0) {
    phones = phoneItems.map((p) => (ABSENT.test(p) ? '' : (rule(phonesKey, () => normalizePhone(p)) ?? '')));
    if (phoneItems.some((p, i) => !ABSENT.test(p) && phones[i] === '')) ok = false;
  }
  if (isOwners && status === 'delivered' && ok) {
    names.forEach((name, i) => {
      if (phones[i] === '' && !isOrganizationName(name)) {
        fail(phonesKey, 'roster.owner_phone_missing', { name });
        ok = false;
      }
    });
  }

  let ids: (string | null)[] = names.map(() => null);
  if (isOwners) {
    const idRaw = raw('ownerIds');
    const idItems = listCell(cellText(idRaw));
    if (idItems.length > 0 && idItems.length !== names.length) {
      fail('ownerIds', 'roster.owner_id_count', { owners: names.length, ids: idItems.length });
      ok = false;
    } else if (typeof cellNumber(idRaw) === 'number') {
      // Excel keeps 15 significant digits: an 18-digit ID typed into a number cell is already lost.
      fail('ownerIds', 'roster.id_number_not_text');
      ok = false;
    } else if (idItems.length > 0) {
      ids = idItems.map((s) => (ABSENT.test(s) ? null : rule('ownerIds', () => validateIdNumber(s))));
      if (idItems.some((s, i) => !ABSENT.test(s) && ids[i] === null)) ok = false;
    }
  }

  const people = names.map((name, i) => ({ name, phone: phones[i] ?? '', idNumber: ids[i] ?? null }));
  const seen = new Set<string>();
  for (const p of people) {
    // persons are unique by (community, name, phone): the same person twice in one cell is a typo.
    const key = `${p.name}\u0000${p.phone}`;
    if (seen.has(key)) {
      fail(namesKey, 'roster.person_duplicate', { name: p.name });
      ok = false;
    }
    seen.add(key);
  }
  return ok ? people : null;
}

/** Writes the roster with Chinese headers; the reader gives the same rows back (except `row`). */
export async function writeRosterWorkbook(rows: Omit<RosterRow, 'row'>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinyi 信义';
  const ws = wb.addWorksheet('花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format on phone and ID columns so that numbers typed later are not turned into floats.
  ws.columns = ROSTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ROSTER_COLUMNS.length } };

  const joined = (items: string[]) => (items.length === 0 ? null : items.join('、'));
  // A list of phones or IDs is written only when someone has one; "-" keeps the order aligned.
  const parallel = (items: (string | null)[]) => (items.every((s) => !s) ? null : items.map((s) => s || '-').join('、'));
  for (const r of rows) {
    const values: Record<ColumnKey, string | number | null> = {
      building: r.building,
      unit: r.unitCode,
      kind: unitKindLabel(r.kind, 'zh-CN'),
      area: Number(formatAreaCm2(r.areaCm2)), // the shortest decimal of this double is exactly the 2-decimal text
      status: deliveryStatusLabel(r.deliveryStatus, 'zh-CN'),
      owners: joined(r.owners.map((p) => p.name)),
      ownerPhones: parallel(r.owners.map((p) => p.phone)),
      ownerIds: parallel(r.owners.map((p) => p.idNumber)),
      tenants: joined(r.tenants.map((p) => p.name)),
      tenantPhones: parallel(r.tenants.map((p) => p.phone)),
      grid: r.grid,
      microGrid: r.microGrid,
    };
    ws.addRow(values);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

registerMessages(rosterMessages);

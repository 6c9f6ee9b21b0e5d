/** Factories for tests (Outline-style): sensible defaults, override what the test is about. */
import ExcelJS from 'exceljs';
import type { Services } from '../../src/compose.js';
import type { RosterEntry } from '../../src/modules/register/roster.service.js';
import { writeRosterWorkbook } from '../../src/modules/register/roster.xlsx.js';

let seq = 0;

export function buildUnit(overrides: Partial<RosterEntry> = {}): RosterEntry {
  seq++;
  return {
    building: '1栋',
    unitCode: `1-1-${String(100 + seq).padStart(4, '0')}`,
    kind: 'residential',
    areaCm2: 8912,
    deliveryStatus: 'delivered',
    owners: [{ name: `业主${seq}`, phone: `139${String(10000000 + seq).slice(-8)}`, idNumber: null }],
    tenants: [],
    grid: '第一网格',
    microGrid: null,
    ...overrides,
  };
}

export async function buildCommunity(services: Services, code = `c${Math.random().toString(36).slice(2, 10)}`) {
  await services.register.createCommunity({ code, name: `测试小区${code}`, district: '武侯区', street: '晋阳街道' }, null);
  return (await services.accounts.authenticator.findCommunity(code))!;
}

export function rosterWorkbook(entries: RosterEntry[]): Promise<Buffer> {
  return writeRosterWorkbook(entries);
}

/** Opens a written workbook to change cells by hand (bad input tests). */
export async function editWorkbook(data: Buffer, edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  edit(wb.worksheets[0]!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

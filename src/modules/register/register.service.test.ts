/** The unit register's search and the personal-information policy, on the real database. */
import { describe, expect, it } from 'vitest';
import { buildCommunity, buildUnit, rosterWorkbook } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import type { Role } from '../../platform/db/schema.js';

const t = await createTestDb();
const c = await buildCommunity(t.services);
await t.services.roster.importWorkbook(
  c,
  await rosterWorkbook([
    buildUnit({ building: '1栋', unitCode: '1-1-0101', owners: [{ name: '欧阳娜娜', phone: '13811112222', idNumber: null }] }),
    buildUnit({ building: '1栋', unitCode: '1-1-0102', owners: [{ name: '王强', phone: '13833334444', idNumber: null }], tenants: [{ name: '李租', phone: '13955556666', idNumber: null }] }),
    buildUnit({ building: '2栋', unitCode: '2-1-0101', owners: [{ name: '王芳', phone: '13877778888', idNumber: null }] }),
    buildUnit({ building: '车库', unitCode: 'P-001', kind: 'parking', areaCm2: 1250, owners: [{ name: '王强', phone: '13833334444', idNumber: null }] }),
  ]),
  { dryRun: false, accountId: null },
);
const staff = new Set<Role>(['trustee']);
const search = (q: Partial<{ q: string; building: string; kind: 'parking' }>, roles = staff) => t.services.register.searchUnits(c, roles, { page: 1, pageSize: 20, ...q });

describe('unit register search', () => {
  it('finds by unit code, building, owner or tenant name, and phone', async () => {
    const codes = async (q: Parameters<typeof search>[0]) => (await search(q)).items.map((u) => u.code);
    expect(await codes({ q: '0102' })).toEqual(['1-1-0102']);
    expect(await codes({ q: '王' })).toEqual(['1-1-0102', '2-1-0101', 'P-001']);
    expect(await codes({ q: '李租' })).toEqual(['1-1-0102']);
    expect(await codes({ q: '7777' })).toEqual(['2-1-0101']);
    expect(await codes({ building: '1栋' })).toEqual(['1-1-0101', '1-1-0102']);
    expect(await codes({ kind: 'parking' })).toEqual(['P-001']);
    expect(await codes({ q: '%' })).toEqual([]); // LIKE wildcards are literal
    expect((await search({})).total).toBe(4);
  });

  it('pages', async () => {
    const p2 = await t.services.register.searchUnits(c, staff, { page: 2, pageSize: 3 });
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(p2.items.map((u) => u.code)).toEqual(['P-001']);
  });

  it('masks names and phones for oversight roles', async () => {
    const masked = await search({ q: '0101' }, new Set<Role>(['supervisor']));
    expect(masked.items[0]!.owners[0]).toEqual({ name: '欧阳**', phone: '138****2222' });
    const full = await search({ q: '0101' });
    expect(full.items[0]!.owners[0]).toEqual({ name: '欧阳娜娜', phone: '13811112222' });
    // searching cannot unmask: a masked view matches unit codes and buildings only
    expect((await search({ q: '2222' }, new Set<Role>(['supervisor']))).total).toBe(0);
    expect((await search({ q: '欧阳' }, new Set<Role>(['supervisor']))).total).toBe(0);
    expect((await search({ q: '2222' })).total).toBe(1);
  });
});

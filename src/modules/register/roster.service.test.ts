/** Roster import/export on the real database: all or nothing, idempotent, round trip identical. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.js';
import { buildCommunity, buildUnit, editWorkbook, rosterWorkbook } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { buildDemoRoster } from '../../demo/fenghuayuan.js';
import { idNumberCheckChar } from './register.rules.js';

const t = await createTestDb();

async function snapshot(communityId: number) {
  const units = await t.db.selectFrom('units').select(['code', 'kind', 'area_cm2', 'delivery_status', 'updated_at']).where('community_id', '=', communityId).orderBy('code').execute();
  const owners = await t.db.selectFrom('unit_owners').select(['unit_id', 'person_id']).where('community_id', '=', communityId).orderBy('unit_id').orderBy('person_id').execute();
  const persons = await t.db.selectFrom('persons').select(['id', 'name', 'phone', 'id_number_enc']).where('community_id', '=', communityId).orderBy('id').execute();
  return { units, owners, persons };
}

async function importError(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  const v = err as ValidationError;
  expect(v.code).toBe('roster.invalid');
  return (v.details as (l: 'zh-CN' | 'en') => { errors: { row: number; column: string; code: string; message: string }[] })('zh-CN').errors;
}

describe('roster import', () => {
  it('imports the demo roster, then re-importing the same file changes nothing', async () => {
    const c = await buildCommunity(t.services);
    const { entries } = buildDemoRoster();
    const file = await rosterWorkbook(entries);
    const dry = await t.services.roster.importWorkbook(c, file, { dryRun: true, accountId: null });
    expect(dry).toEqual({ dryRun: true, total: entries.length, created: entries.length, updated: 0, unchanged: 0 });
    expect((await snapshot(c.id)).units).toHaveLength(0);

    const first = await t.services.roster.importWorkbook(c, file, { dryRun: false, accountId: null });
    expect(first.created).toBe(entries.length);
    const before = await snapshot(c.id);
    t.clock.advance(60_000);
    const again = await t.services.roster.importWorkbook(c, file, { dryRun: false, accountId: null });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: entries.length });
    expect(await snapshot(c.id)).toEqual(before);
  });

  it('one person on several rows is one person; co-owners share a unit', async () => {
    const c = await buildCommunity(t.services);
    const zhang = { name: '张丽', phone: '13900001111', idNumber: null };
    const wang = { name: '王强', phone: '13900002222', idNumber: null };
    const file = await rosterWorkbook([buildUnit({ unitCode: '1-1-0101', owners: [zhang, wang] }), buildUnit({ unitCode: '1-1-0102', owners: [zhang] })]);
    await t.services.roster.importWorkbook(c, file, { dryRun: false, accountId: null });
    const s = await snapshot(c.id);
    expect(s.persons.map((p) => p.name).sort()).toEqual(['张丽', '王强']);
    expect(s.owners).toHaveLength(3);
  });

  it('export → import is identical, ID numbers included (stored encrypted)', async () => {
    const c = await buildCommunity(t.services);
    const { entries } = buildDemoRoster(7);
    await t.services.roster.importWorkbook(c, await rosterWorkbook(entries), { dryRun: false, accountId: null });
    const stored = await t.db.selectFrom('persons').select(['id_number_enc', 'id_number_last4']).where('community_id', '=', c.id).where('id_number_enc', 'is not', null).executeTakeFirstOrThrow();
    expect(stored.id_number_enc).not.toMatch(/\d{17}/);
    const exported = await t.services.roster.exportEntries(c);
    const sortKey = (e: { unitCode: string }) => e.unitCode;
    expect([...exported].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual([...entries].sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    const before = await snapshot(c.id);
    const result = await t.services.roster.importWorkbook(c, await t.services.roster.exportWorkbook(c, null), { dryRun: false, accountId: null });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: entries.length });
    expect(await snapshot(c.id)).toEqual(before);
  });

  it('a changed row updates exactly that unit', async () => {
    const c = await buildCommunity(t.services);
    const units = [buildUnit(), buildUnit(), buildUnit()];
    await t.services.roster.importWorkbook(c, await rosterWorkbook(units), { dryRun: false, accountId: null });
    units[1] = { ...units[1]!, areaCm2: 9999, tenants: [{ name: '赵租', phone: '13600000000', idNumber: null }] };
    const r = await t.services.roster.importWorkbook(c, await rosterWorkbook(units), { dryRun: false, accountId: null });
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
  });

  describe('a bad workbook imports nothing and names each bad row and cell', () => {
    it('duplicate unit, negative area, text in a number cell, missing column', async () => {
      const c = await buildCommunity(t.services);
      const good = await rosterWorkbook([buildUnit()]);
      await t.services.roster.importWorkbook(c, good, { dryRun: false, accountId: null });
      const before = await snapshot(c.id);
      const units = [buildUnit({ unitCode: '2-1-0101' }), buildUnit({ unitCode: '2-1-0102' }), buildUnit({ unitCode: '2-1-0101' }), buildUnit({ unitCode: '2-1-0103' })];
      const bad = await editWorkbook(await rosterWorkbook(units), (ws) => {
        ws.getCell('D3').value = -12.5; // row 3: negative area
        ws.getCell('D5').value = '九十'; // row 5: text in the area cell
      });
      const errors = await importError(t.services.roster.importWorkbook(c, bad, { dryRun: false, accountId: null }));
      expect(errors.map((e) => [e.row, e.code])).toEqual([
        [3, 'roster.area_not_positive'],
        [4, 'roster.unit_duplicate'],
        [5, 'roster.area_not_number'],
      ]);
      expect(errors.every((e) => e.column && /[\u4e00-\u9fa5]/.test(e.message))).toBe(true);
      const noArea = await editWorkbook(await rosterWorkbook(units.slice(0, 1)), (ws) => ws.spliceColumns(4, 1));
      const missing = await importError(t.services.roster.importWorkbook(c, noArea, { dryRun: false, accountId: null }));
      expect(missing).toEqual([expect.objectContaining({ row: 1, code: 'roster.column_missing' })]);
      expect(await snapshot(c.id)).toEqual(before);
    });

    it('10,000 rows with a few bad ones: exactly those rows, nothing imported', async () => {
      const c = await buildCommunity(t.services);
      const units = Array.from({ length: 10_000 }, (_, i) => buildUnit({ unitCode: `9-${Math.floor(i / 100)}-${String(i % 100).padStart(4, '0')}` }));
      const bad = await editWorkbook(await rosterWorkbook(units), (ws) => {
        ws.getCell('D1001').value = 0;
        ws.getCell('B7001').value = units[5]!.unitCode;
      });
      const errors = await importError(t.services.roster.importWorkbook(c, bad, { dryRun: false, accountId: null }));
      expect(errors.map((e) => e.row)).toEqual([1001, 7001]);
      expect((await snapshot(c.id)).units).toHaveLength(0);
    });

    it('the same person with two different ID numbers', async () => {
      const c = await buildCommunity(t.services);
      const p = { name: '李华', phone: '13700001111' };
      const file = await rosterWorkbook([
        buildUnit({ owners: [{ ...p, idNumber: '11010519491231002X' }] }),
        buildUnit({ owners: [{ ...p, idNumber: `51010719900101123${idNumberCheckChar('51010719900101123')}` }] }),
      ]);
      const errors = await importError(t.services.roster.importWorkbook(c, file, { dryRun: false, accountId: null }));
      expect(errors).toEqual([expect.objectContaining({ row: 3, code: 'roster.person_id_conflict' })]);
    });
  });
});

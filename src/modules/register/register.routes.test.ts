/** The roster over HTTP: upload (dry run, then for real), localized row-level errors, export. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, editWorkbook, rosterWorkbook } from '../../../test/helpers/factories.js';
import { type Caller, multipartFile, signIn } from '../../../test/helpers/http.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createHttpApp } from '../../compose.js';
import { DEMO_PASSWORD, seedDemo } from '../../demo/fenghuayuan.js';

const t = await createTestDb();
let app: Awaited<ReturnType<typeof createHttpApp>>;
let trustee: Caller;
const URL = '/api/communities/fenghuayuan';

beforeAll(async () => {
  await seedDemo(t.ctx, t.services, { decisions: false, quality: false });
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  trustee = await signIn(app, 'trustee', DEMO_PASSWORD);
}, 60_000);
afterAll(() => app.close());

describe('roster over HTTP', () => {
  it('a bad upload is refused with every bad cell, in the caller’s language, and changes nothing', async () => {
    const before = await t.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await editWorkbook(await rosterWorkbook([buildUnit({ unitCode: '9-9-0101' }), buildUnit({ unitCode: '9-9-0102' })]), (ws) => {
      ws.getCell('D2').value = 'abc';
      ws.getCell('G3').value = '12345';
    });
    const zh = await trustee.call({ method: 'POST', url: `${URL}/roster/import`, ...multipartFile('file', 'r.xlsx', bad) });
    expect(zh.statusCode).toBe(422);
    expect(zh.json().error).toMatchObject({ code: 'roster.invalid', message: expect.stringMatching(/2 处错误/) });
    expect(zh.json().error.details.errors).toEqual([
      expect.objectContaining({ row: 2, column: '建筑面积(㎡)', code: 'roster.area_not_number', value: 'abc' }),
      expect.objectContaining({ row: 3, code: 'roster.phone_invalid', value: '12345' }),
    ]);
    const form = multipartFile('file', 'r.xlsx', bad);
    const en = await app.inject({ method: 'POST', url: `${URL}/roster/import`, payload: form.payload, headers: { ...form.headers, cookie: `${trustee.cookie}; xinyi_lang=en`, 'x-csrf-token': trustee.csrf! } });
    expect(en.json().error.message).toMatch(/nothing was imported/);
    expect(en.json().error.details.errors[0].message).toMatch(/[a-z]/i);
    const after = await t.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('dry run counts, then the import applies; export imports back unchanged', async () => {
    const file = await rosterWorkbook([buildUnit({ building: '9栋', unitCode: '9-1-0101' })]);
    const dry = await trustee.call({ method: 'POST', url: `${URL}/roster/import?dryRun=true`, ...multipartFile('file', 'r.xlsx', file) });
    expect(dry.json()).toEqual({ dryRun: true, total: 1, created: 1, updated: 0, unchanged: 0 });
    const real = await trustee.call({ method: 'POST', url: `${URL}/roster/import`, ...multipartFile('file', 'r.xlsx', file) });
    expect(real.json()).toMatchObject({ dryRun: false, created: 1 });
    const exported = await trustee.call({ method: 'GET', url: `${URL}/roster/export` });
    expect(exported.headers['content-type']).toMatch(/spreadsheetml/);
    const again = await trustee.call({ method: 'POST', url: `${URL}/roster/import`, ...multipartFile('file', 'r.xlsx', exported.rawPayload) });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 477 });
  });

  it('no file, or a broken upload, is a clear error', async () => {
    const res = await trustee.call({ method: 'POST', url: `${URL}/roster/import`, payload: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('roster.file_required');
    const form = multipartFile('file', 'r.xlsx', Buffer.from('x'));
    const broken = await trustee.call({ method: 'POST', url: `${URL}/roster/import`, payload: form.payload, headers: { 'content-type': 'multipart/form-data; boundary=other' } });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
  });

  it('the public page shows aggregates only', async () => {
    const res = await app.inject({ method: 'GET', url: URL });
    expect(res.json().stats).toMatchObject({ units: 477, unitsByKind: { residential: 440, parking: 30 } });
    expect(res.body).not.toMatch(/1[3-9]\d{9}/);
  });
});

/** Inspections on the real database: catalogue items only, photos, the mean half up, final once submitted, public monthly means. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { inspectionScore } from './inspections.service.js';

const t = await createTestDb({ clock: '2026-03-10T02:00:00Z' });
const { inspections } = t.services;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

let n = 0;
async function inspector() {
  return t.services.accounts.createAccount({ login: `insp${++n}`, displayName: `检查人${n}`, password: 'xinyi2020' });
}

describe('inspection score', () => {
  it('is the mean of the items, rounded half up to a whole bp (worked examples of the header)', () => {
    expect(inspectionScore([9000, 8500, 7250])).toBe(8250);
    expect(inspectionScore([9000, 8501])).toBe(8751);
    expect(inspectionScore([9000, 8500, 8500])).toBe(8667);
    expect(() => inspectionScore([10_001])).toThrow();
  });

  it('lies between the lowest and the highest item and within half a bp of the exact mean', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 40 }), (scores) => {
        const s = inspectionScore(scores);
        const sum = scores.reduce((a, b) => a + b, 0);
        expect(s).toBeGreaterThanOrEqual(Math.min(...scores));
        expect(s).toBeLessThanOrEqual(Math.max(...scores));
        expect(Math.abs(s * scores.length - sum) * 2).toBeLessThanOrEqual(scores.length);
      }),
    );
  });
});

describe('inspections', () => {
  it('scores catalogue items with findings and photos, submits the mean, and is final after', async () => {
    const c = await buildCommunity(t.services);
    const me = await inspector();
    const { id, catalogueVersion } = await inspections.create(c, { inspectedOn: '2026-03-09', note: '三月例行检查' }, me);
    expect(catalogueVersion).toBe(0);
    const png = await inspections.storePhoto(PNG);
    const jpeg = await inspections.storePhoto(JPEG);
    expect([png.mediaType, jpeg.mediaType]).toEqual(['image/png', 'image/jpeg']);
    await expect(inspections.storePhoto(Buffer.from('%PDF-1.4\n'))).rejects.toMatchObject({ code: 'quality.photo_type' });

    await inspections.scoreItem(c, id, 'CLN-01', { scoreBp: 9000, finding: '3 栋楼道有积尘', photos: [png.sha256, jpeg.sha256] }, me);
    await inspections.scoreItem(c, id, 'SEC-02', { scoreBp: 8000 }, me);
    // scoring again replaces the item
    await inspections.scoreItem(c, id, 'SEC-02', { scoreBp: 8501 }, me);
    await inspections.scoreItem(c, id, 'CLN-02', { scoreBp: 100 }, me);
    expect(await inspections.removeItem(c, id, 'CLN-02', me)).toMatchObject({ removed: true });
    await expect(inspections.scoreItem(c, id, 'NOPE-01', { scoreBp: 9000 }, me)).rejects.toMatchObject({ code: 'quality.unknown_item' });
    await expect(inspections.scoreItem(c, id, 'CLN-03', { scoreBp: 10_001 }, me)).rejects.toMatchObject({ code: 'quality.bad_inspection_score' });
    await expect(inspections.scoreItem(c, id, 'CLN-03', { scoreBp: 9000, photos: ['a'.repeat(64)] }, me)).rejects.toMatchObject({ code: 'quality.photo_unknown' });

    // only the inspector who opened the draft changes or submits it
    const other = await inspector();
    await expect(inspections.scoreItem(c, id, 'CLN-03', { scoreBp: 9000 }, other)).rejects.toMatchObject({ code: 'quality.inspection_not_yours' });
    await expect(inspections.submit(c, id, other)).rejects.toMatchObject({ code: 'quality.inspection_not_yours' });

    // (9000 + 8501) / 2 = 8750.5 → 8751
    expect(await inspections.submit(c, id, me)).toMatchObject({ id, scoreBp: 8751 });
    await expect(inspections.scoreItem(c, id, 'CLN-03', { scoreBp: 9000 }, me)).rejects.toMatchObject({ code: 'quality.inspection_submitted' });
    await expect(inspections.removeItem(c, id, 'CLN-01', me)).rejects.toMatchObject({ code: 'quality.inspection_submitted' });
    await expect(inspections.submit(c, id, me)).rejects.toMatchObject({ code: 'quality.inspection_submitted' });

    // a finding becomes a work order for the trustee, once; an item without a finding does not
    await expect(inspections.raiseFinding(c, id, 'SEC-02', other)).rejects.toMatchObject({ code: 'quality.finding_empty' });
    const raised = await inspections.raiseFinding(c, id, 'CLN-01', other);
    await expect(inspections.raiseFinding(c, id, 'CLN-01', me)).rejects.toMatchObject({ code: 'quality.finding_filed' });
    const order = await t.db.selectFrom('work_orders').selectAll().where('id', '=', raised.workOrderId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ community_id: c.id, unit_id: null, filed_by: other, category: 'cleaning', state: 'submitted', description: '3 栋楼道有积尘', contact_phone: null });
    expect(order.title).toContain('巡查整改');
    const events = await t.db.selectFrom('work_order_events').select(['to_state', 'photos']).where('work_order_id', '=', order.id).execute();
    expect(events).toEqual([{ to_state: 'submitted', photos: [png.sha256, jpeg.sha256] }]);

    const view = await inspections.view(c, id);
    expect(view).toMatchObject({ state: 'submitted', scoreBp: 8751, inspectedOn: '2026-03-09', note: '三月例行检查' });
    expect(view.items).toEqual([
      { itemCode: 'CLN-01', category: 'cleaning', commitment: expect.stringContaining('楼道'), scoreBp: 9000, finding: '3 栋楼道有积尘', photos: [png.sha256, jpeg.sha256], workOrderId: raised.workOrderId },
      expect.objectContaining({ itemCode: 'SEC-02', category: 'security', scoreBp: 8501, finding: '', photos: [] }),
    ]);
    expect((await inspections.photo(c, id, png.sha256)).data.equals(PNG)).toBe(true);
    await expect(inspections.photo(c, id, 'b'.repeat(64))).rejects.toMatchObject({ code: 'quality.inspection_photo_not_found' });
    // another community sees no such inspection
    const elsewhere = await buildCommunity(t.services);
    await expect(inspections.view(elsewhere, id)).rejects.toMatchObject({ code: 'quality.inspection_not_found' });
  });

  it('refuses an empty submission and a day after today; uses the catalogue version in force on the day', async () => {
    const c = await buildCommunity(t.services);
    const me = await inspector();
    await expect(inspections.create(c, { inspectedOn: '2026-03-11' }, me)).rejects.toMatchObject({ code: 'quality.inspection_future' });
    await expect(inspections.create(c, { inspectedOn: '2026-02-30' }, me)).rejects.toMatchObject({ code: 'quality.bad_date' });
    const { id } = await inspections.create(c, { inspectedOn: '2026-03-10' }, me);
    await expect(inspections.submit(c, id, me)).rejects.toMatchObject({ code: 'quality.inspection_empty' });

    // version 1 from 2026-03-01 has one category with one item of its own
    const own = [{ code: 'own', name: '自定义', nameEn: 'Own', sla: { responseMinutes: 30, completionMinutes: 60, calendar: '24x7' }, items: [{ code: 'OWN-01', commitment: '承诺', commitmentEn: 'c', metric: '指标', metricEn: 'm', frequency: { kind: 'continuous' }, evidence: '记录', evidenceEn: 'e' }] }];
    await t.db.insertInto('quality_catalogues').values({ community_id: c.id, version: 1, effective_from: '2026-03-01', contract_ref: '合同附件一', catalogue: JSON.stringify(own), created_at: new Date() }).execute();
    const before = await inspections.create(c, { inspectedOn: '2026-02-27' }, me);
    const after = await inspections.create(c, { inspectedOn: '2026-03-02' }, me);
    expect([before.catalogueVersion, after.catalogueVersion]).toEqual([0, 1]);
    await expect(inspections.scoreItem(c, after.id, 'CLN-01', { scoreBp: 9000 }, me)).rejects.toMatchObject({ code: 'quality.unknown_item', params: { version: 1 } });
    await inspections.scoreItem(c, after.id, 'OWN-01', { scoreBp: 9000 }, me);
    await inspections.scoreItem(c, before.id, 'CLN-01', { scoreBp: 9000 }, me);
    expect((await inspections.list(c, { from: '2026-02-01', to: '2026-03-31' })).map((i) => i.id)).toEqual([id, after.id, before.id]);
  });

  it('publishes per month of submission only the count and the mean', async () => {
    const c = await buildCommunity(t.services);
    const me = await inspector();
    const run = async (day: string, at: string, scores: [string, number][]) => {
      t.clock.set(at);
      const { id } = await inspections.create(c, { inspectedOn: day }, me);
      for (const [code, scoreBp] of scores) await inspections.scoreItem(c, id, code, { scoreBp }, me);
      await inspections.submit(c, id, me);
    };
    await run('2026-01-31', '2026-01-31T16:30:00Z', [['CLN-01', 8000]]); // submitted 00:30 on 1 February in Shanghai
    await run('2026-01-20', '2026-01-20T02:00:00Z', [['CLN-01', 8000], ['SEC-01', 9001]]); // 8501
    await run('2026-01-21', '2026-01-21T02:00:00Z', [['CLN-01', 9000]]);
    t.clock.set('2026-03-10T02:00:00Z');
    const draft = await inspections.create(c, { inspectedOn: '2026-01-22' }, me);
    await inspections.scoreItem(c, draft.id, 'CLN-01', { scoreBp: 0 }, me);
    // January: (8501 + 9000) / 2 = 8750.5 → 8751; the inspection submitted on 1 February (Shanghai) counts there; drafts never
    expect(await inspections.monthly(c, { from: '2026-01', to: '2026-03' })).toEqual([
      { month: '2026-01', inspections: 2, averageBp: 8751 },
      { month: '2026-02', inspections: 1, averageBp: 8000 },
    ]);
    await expect(inspections.monthly(c, { from: '2026-03', to: '2026-01' })).rejects.toMatchObject({ code: 'quality.bad_range' });
  });
});

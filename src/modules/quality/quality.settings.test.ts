/**
 * The standards catalogue's versions on the real database: the default until a community stores
 * its own; a new version takes effect on its day (never in the past, one per day), is checked
 * whole, and an order filed from that day is held to its SLA while an older order keeps its own.
 */
import { describe, expect, it } from 'vitest';
import { rejects } from '../../../test/helpers/rejects.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { FRIDAY_1750, orderCommunity, orderInput } from '../../../test/helpers/workorders.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { DEFAULT_CATALOGUE, type StandardCategory } from './quality.catalogue.js';

const t = await createTestDb({ clock: FRIDAY_1750 });
const { qualitySettings: settings, workOrders } = t.services;

/** The default with facilities answered within 15 working minutes instead of 30. */
const faster = (): StandardCategory[] => DEFAULT_CATALOGUE.map((c) => (c.code === 'facilities' ? { ...c, sla: { ...c.sla, responseMinutes: 15 } } : c));

describe('the standards catalogue', () => {
  it('is the default until a version is stored; a version takes effect on its day and holds orders filed from then', async () => {
    const s = await orderCommunity(t);
    expect(await settings.catalogueToday(s.c.id)).toMatchObject({ version: null });
    const before = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));

    await rejects(settings.addCatalogue(s.c.id, { effectiveFrom: '2026-01-15', contractRef: '补充协议', categories: faster() }, s.committee), ValidationError, 'quality.catalogue_in_past');
    await rejects(settings.addCatalogue(s.c.id, { effectiveFrom: '2026-01-19', contractRef: ' ', categories: faster() }, s.committee), ValidationError, 'quality.catalogue_contract_ref');
    const twice = faster();
    twice[1] = { ...twice[1]!, code: twice[0]!.code };
    await rejects(settings.addCatalogue(s.c.id, { effectiveFrom: '2026-01-19', contractRef: '补充协议', categories: twice }, s.committee), ValidationError, 'quality.catalogue_duplicate_code');

    expect(await settings.addCatalogue(s.c.id, { effectiveFrom: '2026-01-19', contractRef: '2026 年服务标准补充协议', categories: faster() }, s.committee)).toEqual({ version: 1, effectiveFrom: '2026-01-19' });
    await rejects(settings.addCatalogue(s.c.id, { effectiveFrom: '2026-01-19', contractRef: '再来一次', categories: faster() }, s.committee), ConflictError, 'quality.catalogue_exists');
    expect(await settings.catalogueFor(s.c.id, '2026-01-18')).toMatchObject({ version: null });
    expect(await settings.catalogueFor(s.c.id, '2026-01-19')).toMatchObject({ version: 1 });

    t.clock.set('2026-01-19T02:00:00Z');
    const after = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
    const sla = async (id: number) => (await t.db.selectFrom('work_orders').select(['sla', 'catalogue_version']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(await sla(before.id)).toMatchObject({ sla: { responseMinutes: 30 }, catalogue_version: null });
    expect(await sla(after.id)).toMatchObject({ sla: { responseMinutes: 15 }, catalogue_version: 1 });
  });
});

/**
 * Work orders on the real database: the life of an order with its SLA met and missed on the
 * working-hour calendar (filed Friday 17:50 → response due Monday 08:50), the overdue flag,
 * reopening within the window and refused after it, the system's auto-close, the rating a
 * resident must give to close, cancelling only before assignment, idempotent filing, who may
 * file for which unit, contact details hidden from the committee, and events the database
 * refuses to change.
 */
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejects } from '../../../test/helpers/rejects.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { FRIDAY_1750, OWNER_A, PNG, TENANT, type OrderSetup, orderCommunity, orderInput, viewer } from '../../../test/helpers/workorders.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';

const t = await createTestDb({ clock: FRIDAY_1750 });
const { workOrders, workOrderViews: views, qualitySettings } = t.services;
let s: OrderSetup;
const asTrustee = () => viewer(s.trustee, 'trustee');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  s = await orderCommunity(t);
}, 60_000);
afterEach(() => t.clock.set(FRIDAY_1750));

describe('work orders', () => {
  it('runs from filing to a rated close with both SLAs met on working hours', async () => {
    const photo = await workOrders.storePhoto(PNG);
    const { id, state } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA, { photos: [photo.sha256] }));
    expect(state).toBe('submitted');
    const filed = await views.view(s.c, id, asTrustee());
    // 10 working minutes on Friday, 20 on Monday from 08:30
    expect(filed.sla).toMatchObject({ responseMinutes: 30, completionMinutes: 960, calendar: 'working', responseDueAt: '2026-01-19T00:50:00.000Z', completionDueAt: '2026-01-20T09:50:00.000Z', overdue: false });
    expect(filed.contact).toEqual({ name: OWNER_A.name, phone: OWNER_A.phone });
    expect(filed.events[0]).toMatchObject({ actor: 'resident', from: null, to: 'submitted', photos: [photo.sha256] });

    t.clock.set('2026-01-19T00:45:00Z'); // Monday 08:45
    await workOrders.assign(s.c, id, s.trustee, '维修工 赵师傅');
    await workOrders.start(s.c, id, s.trustee);
    t.clock.set('2026-01-19T06:00:00Z');
    await workOrders.resolve(s.c, id, s.trustee, { note: '已更换灯泡', photos: [photo.sha256] });
    await workOrders.confirm(s.c, id, s.ownerA, { rating: 5, comment: '很及时' });
    const done = await views.view(s.c, id, asTrustee());
    expect(done).toMatchObject({ state: 'closed', assignee: '维修工 赵师傅', rating: 5, ratingComment: '很及时', reopenUntil: null });
    expect(done.sla).toMatchObject({ responseMet: true, completionMet: true, overdue: false });
    expect(done.events.map((e) => e.to)).toEqual(['submitted', 'assigned', 'in_progress', 'resolved', 'closed']);
    const audited = await t.db.selectFrom('audit_log').select('action').where('subject', '=', `work_order:${id}`).execute();
    expect(audited).toHaveLength(5);
  });

  it('flags an unanswered order overdue after its response is due, and records the miss', async () => {
    const { id } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
    t.clock.set('2026-01-19T00:50:00Z'); // due exactly now: still on time
    expect((await views.list(s.c, asTrustee(), { overdue: true })).map((o) => o.id)).not.toContain(id);
    t.clock.set('2026-01-19T01:00:00Z'); // Monday 09:00
    const overdue = await views.list(s.c, viewer(s.committee, 'committee'), { overdue: true, open: true });
    expect(overdue.map((o) => o.id)).toContain(id);
    await workOrders.assign(s.c, id, s.trustee, '王师傅');
    const late = await views.view(s.c, id, asTrustee());
    expect(late.sla).toMatchObject({ responseMet: false, completionMet: null, overdue: false });
    t.clock.set('2026-01-20T10:00:00Z'); // Tuesday 18:00, past the completion due 17:50
    expect((await views.view(s.c, id, asTrustee())).sla).toMatchObject({ completionMet: false, overdue: true });
  });

  it('reopens within the window, refuses after it, and the system closes it unrated', async () => {
    const { id } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
    await workOrders.assign(s.c, id, s.trustee, '王师傅');
    await workOrders.start(s.c, id, s.trustee);
    await workOrders.resolve(s.c, id, s.trustee, { note: '已修好' });
    t.clock.advance(3 * DAY);
    await workOrders.reopen(s.c, id, s.ownerA, { note: '又不亮了' });
    const reopened = await views.view(s.c, id, asTrustee());
    expect(reopened).toMatchObject({ state: 'in_progress', resolvedAt: null });
    await workOrders.resolve(s.c, id, s.trustee, { note: '更换了线路' });
    const resolvedAt = t.clock.now().getTime();
    t.clock.set(new Date(resolvedAt + 7 * DAY)); // the bound is included
    expect(await workOrders.autoClose()).toEqual({ closed: 0 });
    t.clock.set(new Date(resolvedAt + 7 * DAY + 1000));
    await rejects(workOrders.reopen(s.c, id, s.ownerA, {}), ConflictError, 'quality.reopen_window_over');
    expect((await workOrders.autoClose()).closed).toBeGreaterThanOrEqual(1);
    const closed = await views.view(s.c, id, asTrustee());
    expect(closed).toMatchObject({ state: 'closed', rating: null });
    expect(closed.events.at(-1)).toMatchObject({ actor: 'system', from: 'resolved', to: 'closed' });
  });

  it('follows the community’s reopen window', async () => {
    await qualitySettings.update(s.c.id, { reopenDays: 2 }, s.committee);
    try {
      const { id } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
      await workOrders.assign(s.c, id, s.trustee, '王师傅');
      await workOrders.start(s.c, id, s.trustee);
      await workOrders.resolve(s.c, id, s.trustee, { note: '已修好' });
      t.clock.advance(2 * DAY + 1);
      await rejects(workOrders.reopen(s.c, id, s.ownerA, {}), ConflictError, 'quality.reopen_window_over');
    } finally {
      await qualitySettings.update(s.c.id, { reopenDays: null }, s.committee);
    }
  });

  it('closes by the resident only with a 1–5 rating, and only by the one who filed', async () => {
    const { id } = await workOrders.file(s.c, s.tenant, orderInput(s.unitB));
    await workOrders.assign(s.c, id, s.trustee, '王师傅');
    await rejects(workOrders.confirm(s.c, id, s.tenant, { rating: 5 }), ConflictError, 'quality.bad_transition');
    await workOrders.start(s.c, id, s.trustee);
    await workOrders.resolve(s.c, id, s.trustee, { note: '已修好' });
    for (const rating of [0, 6, 4.5, Number.NaN]) await rejects(workOrders.confirm(s.c, id, s.tenant, { rating }), ValidationError, 'quality.bad_rating');
    // the owner of the let flat sees the order (same household) but does not close the tenant's order
    await rejects(workOrders.confirm(s.c, id, s.ownerB, { rating: 3 }), ForbiddenError, 'quality.not_filer');
    await rejects(workOrders.confirm(s.c, id, s.trustee, { rating: 5 }), ForbiddenError, 'quality.not_filer');
    await workOrders.confirm(s.c, id, s.tenant, { rating: 4 });
    expect((await views.view(s.c, id, viewer(s.ownerB, 'owner'))).rating).toBe(4);
  });

  it('is cancelled by the resident only before assignment', async () => {
    const a = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
    expect(await workOrders.cancel(s.c, a.id, s.ownerA, { note: '自己修好了' })).toEqual({ id: a.id, state: 'cancelled' });
    expect((await views.view(s.c, a.id, asTrustee())).sla).toMatchObject({ responseDueAt: null, overdue: false });
    const b = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
    await workOrders.assign(s.c, b.id, s.trustee, '王师傅');
    await rejects(workOrders.cancel(s.c, b.id, s.ownerA, {}), ConflictError, 'quality.bad_transition');
    // the trustee may not skip steps or act as the resident
    await rejects(workOrders.resolve(s.c, b.id, s.trustee, { note: 'x' }), ConflictError, 'quality.bad_transition');
  });

  it('files once per idempotency key; the same key with other content is a conflict', async () => {
    const input = orderInput(s.unitA, { idempotencyKey: 'same-key' });
    const first = await workOrders.file(s.c, s.ownerA, input);
    const again = await Promise.all([workOrders.file(s.c, s.ownerA, input), workOrders.file(s.c, s.ownerA, input)]);
    expect(again.map((o) => o.id)).toEqual([first.id, first.id]);
    await rejects(workOrders.file(s.c, s.ownerA, { ...input, title: '别的问题' }), ConflictError, 'quality.idempotency_conflict');
    // concurrent first filings with one key make one order
    const key = orderInput(s.unitA, { idempotencyKey: 'race-key' });
    const raced = await Promise.all([1, 2, 3].map(() => workOrders.file(s.c, s.ownerA, key)));
    expect(new Set(raced.map((o) => o.id)).size).toBe(1);
  });

  it('lets a tenant file for the flat they rent, and refuses a unit that is not the caller’s', async () => {
    const { id } = await workOrders.file(s.c, s.tenant, orderInput(s.unitB, { contactPhone: '13700001111' }));
    expect((await views.view(s.c, id, viewer(s.tenant, 'resident'))).contact).toEqual({ name: TENANT.name, phone: '13700001111' });
    const err = await rejects(workOrders.file(s.c, s.tenant, orderInput(s.unitA)), ForbiddenError, 'quality.not_your_unit');
    expect(err.params).toEqual({ unit: '1-1-0101' });
    await rejects(workOrders.file(s.c, s.ownerA, orderInput(s.unitB)), ForbiddenError, 'quality.not_your_unit');
    await rejects(workOrders.file(s.c, s.ownerA, orderInput(999_999)), NotFoundError, 'quality.unit_not_found');
    await rejects(workOrders.file(s.c, s.ownerA, orderInput(s.unitA, { category: 'spa' })), ValidationError, 'quality.unknown_category');
    await rejects(workOrders.file(s.c, s.ownerA, orderInput(s.unitA, { photos: ['a'.repeat(64)] })), ValidationError, 'quality.photo_unknown');
    await rejects(workOrders.storePhoto(Buffer.from('%PDF-1.4\n')), ValidationError, 'quality.photo_type');
  });

  it('shows contact details to the household and the trustee only', async () => {
    const { id } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA, { photos: [(await workOrders.storePhoto(PNG)).sha256] }));
    const committee = await views.view(s.c, id, viewer(s.committee, 'committee'));
    expect(committee.contact).toBeNull();
    expect(JSON.stringify(committee)).not.toContain(OWNER_A.phone);
    expect(committee.events[0]!.photos).toEqual([]);
    expect((await views.list(s.c, viewer(s.committee, 'supervisor'), {})).every((o) => o.contact === null)).toBe(true);
    await rejects(views.view(s.c, id, viewer(s.ownerB, 'owner')), NotFoundError, 'quality.work_order_not_found');
    await rejects(views.view(s.c, id, viewer(s.tenant, 'resident')), NotFoundError, 'quality.work_order_not_found');
    const mine = await views.mine(s.ownerA);
    expect(mine.find((o) => o.id === id)?.contact?.phone).toBe(OWNER_A.phone);
    expect((await views.mine(s.ownerB)).map((o) => o.id)).not.toContain(id);
  });

  it('counts working time on the community’s calendar: a holiday moves the due time', async () => {
    await qualitySettings.update(s.c.id, { calendar: { holidays: ['2026-01-19'] } }, s.committee);
    try {
      const { id } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
      expect((await views.view(s.c, id, asTrustee())).sla.responseDueAt).toBe('2026-01-20T00:50:00.000Z');
      // the urgent SLA of facilities runs around the clock
      const urgent = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA, { urgent: true }));
      expect((await views.view(s.c, urgent.id, asTrustee())).sla).toMatchObject({ calendar: '24x7', responseDueAt: '2026-01-16T10:05:00.000Z' });
    } finally {
      await qualitySettings.update(s.c.id, { calendar: null }, s.committee);
    }
    await rejects(qualitySettings.update(s.c.id, { calendar: { workdays: [] } }, s.committee), ValidationError, 'quality.calendar_no_workdays');
  });

  it('keeps events append-only', async () => {
    const { id } = await workOrders.file(s.c, s.ownerA, orderInput(s.unitA));
    await expect(sql`update work_order_events set note = 'changed' where work_order_id = ${id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from work_order_events where work_order_id = ${id}`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});

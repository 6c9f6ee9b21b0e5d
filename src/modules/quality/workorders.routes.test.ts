/**
 * Work orders through HTTP (every answer through its response schema): a resident files from a
 * phone with a photo, the trustee works the order, the resident rates it; someone else's unit
 * is refused with a clear message; the committee sees the queue without contact details; the
 * public statistics carry no title, unit, name or phone.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/helpers/decisions.js';
import { type Caller, anonymous, multipartFile, signIn } from '../../../test/helpers/http.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { FRIDAY_1750, OWNER_A, OWNER_B, PNG, TENANT, type OrderSetup, orderCommunity, orderInput } from '../../../test/helpers/workorders.js';
import { createHttpApp } from '../../compose.js';

const t = await createTestDb({ clock: FRIDAY_1750 });
let app: FastifyInstance;
let s: OrderSetup;
const who: Record<string, Caller> = {};
let W: string;

beforeAll(async () => {
  s = await orderCommunity(t);
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  const login = async (id: number) => signIn(app, (await t.db.selectFrom('accounts').select('login').where('id', '=', id).executeTakeFirstOrThrow()).login, PASSWORD);
  for (const k of ['ownerA', 'ownerB', 'tenant', 'trustee', 'committee'] as const) who[k] = await login(s[k]);
  who.anon = anonymous(app);
  W = `/api/communities/${s.c.code}/work-orders`;
}, 60_000);
afterAll(() => app?.close());

describe('work orders through HTTP', () => {
  let id: number;
  let photo: string;

  it('anyone reads the standards in force: the default catalogue, with its SLAs', async () => {
    const r = await who.tenant!.call({ method: 'GET', url: `/api/communities/${s.c.code}/quality/catalogue` });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { version: number | null; categories: { code: string; sla: { responseMinutes: number }; items: { code: string }[] }[] };
    expect(body.version).toBeNull();
    expect(body.categories.map((c) => c.code)).toEqual(expect.arrayContaining(['cleaning', 'security', 'facilities']));
    expect(body.categories.find((c) => c.code === 'cleaning')!.items.map((i) => i.code)).toContain('CLN-01');
  });

  it('a resident files with a photo; someone else’s unit is refused in plain words', async () => {
    const up = await who.ownerA!.call({ method: 'POST', url: `/api/communities/${s.c.code}/quality/photos`, ...multipartFile('file', 'leak.png', PNG) });
    expect(up.statusCode, up.body).toBe(200);
    photo = up.json().sha256;
    const notImage = await who.ownerA!.call({ method: 'POST', url: `/api/communities/${s.c.code}/quality/photos`, ...multipartFile('file', 'x.pdf', Buffer.from('%PDF-1.4\n')) });
    expect(notImage.json().error.code).toBe('quality.photo_type');

    const filed = await who.ownerA!.call({ method: 'POST', url: W, payload: orderInput(s.unitA, { photos: [photo] }) });
    expect(filed.statusCode, filed.body).toBe(200);
    id = filed.json().id;

    const refused = await who.tenant!.call({ method: 'POST', url: W, payload: orderInput(s.unitA), headers: { 'accept-language': 'zh-CN' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('quality.not_your_unit');
    expect(refused.json().error.message).toContain('1-1-0101');
    // the trustee files nothing for a household: residents only
    expect((await who.trustee!.call({ method: 'POST', url: W, payload: orderInput(s.unitA) })).statusCode).toBe(403);
  });

  it('the trustee sees contact details; the committee sees the queue without them; other households not at all', async () => {
    const full = (await who.trustee!.call({ method: 'GET', url: `${W}/${id}` })).json();
    expect(full.contact).toEqual({ name: OWNER_A.name, phone: OWNER_A.phone });
    const queue = await who.committee!.call({ method: 'GET', url: `${W}?open=true` });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().map((o: { id: number }) => o.id)).toContain(id);
    for (const body of [queue.body, (await who.committee!.call({ method: 'GET', url: `${W}/${id}` })).body]) {
      expect(body).not.toContain(OWNER_A.phone);
      expect(body).not.toContain(OWNER_A.name);
    }
    expect((await who.committee!.call({ method: 'GET', url: `${W}/${id}/photos/${photo}` })).statusCode).toBe(404);
    expect((await who.ownerB!.call({ method: 'GET', url: `${W}/${id}` })).statusCode).toBe(404);
    expect((await who.ownerB!.call({ method: 'GET', url: W })).statusCode).toBe(403);
    const own = await who.ownerA!.call({ method: 'GET', url: `${W}/${id}/photos/${photo}` });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
  });

  it('the trustee works it; the resident must rate to close; my work orders show it', async () => {
    t.clock.set('2026-01-19T00:40:00Z');
    for (const [step, payload] of [['assign', { assignee: '维修工 赵师傅' }], ['start', undefined], ['resolve', { note: '已更换灯泡', photos: [photo] }]] as const) {
      const res = await who.trustee!.call({ method: 'POST', url: `${W}/${id}/${step}`, payload });
      expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
    }
    expect((await who.ownerA!.call({ method: 'POST', url: `${W}/${id}/confirm`, payload: {} })).statusCode).toBe(400);
    expect((await who.ownerA!.call({ method: 'POST', url: `${W}/${id}/confirm`, payload: { rating: 6 } })).statusCode).toBe(400);
    const closed = await who.ownerA!.call({ method: 'POST', url: `${W}/${id}/confirm`, payload: { rating: 4, comment: '满意' } });
    expect(closed.json()).toEqual({ id, state: 'closed' });
    const mine = await who.ownerA!.call({ method: 'GET', url: '/api/me/work-orders' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().find((o: { id: number }) => o.id === id)).toMatchObject({ state: 'closed', rating: 4, sla: { responseMet: true, completionMet: true }, community: { code: s.c.code } });
  });

  it('public statistics are aggregates only', async () => {
    // a second order, by the tenant, left unanswered past its response time
    t.clock.set(FRIDAY_1750);
    const late = await who.tenant!.call({ method: 'POST', url: W, payload: orderInput(s.unitB, { category: 'cleaning', title: '垃圾桶满溢' }) });
    expect(late.statusCode, late.body).toBe(200);
    t.clock.set('2026-01-26T02:00:00Z');
    const res = await who.anon!.call({ method: 'GET', url: `/api/communities/${s.c.code}/quality/work-orders/stats?month=2026-01` });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json();
    expect(stats).toMatchObject({ month: '2026-01', total: 2, overdueCount: 1, sla: { dueCount: 2, metCount: 1, pendingCount: 0, complianceBp: 5000 } });
    expect(stats.byCategory).toEqual([
      { category: 'cleaning', count: 1 },
      { category: 'facilities', count: 1 },
    ]);
    for (const secret of [OWNER_A.name, OWNER_A.phone, OWNER_B.phone, TENANT.name, TENANT.phone, '1-1-01', '楼道灯不亮', '垃圾桶满溢', '赵师傅']) expect(res.body).not.toContain(secret);
    expect((await who.anon!.call({ method: 'GET', url: `/api/communities/${s.c.code}/quality/work-orders/stats?month=2026-13` })).statusCode).toBe(422);
  });

  it('the committee sets the calendar; the trustee reads it', async () => {
    const put = await who.committee!.call({ method: 'PUT', url: `/api/communities/${s.c.code}/quality/settings`, payload: { reopenDays: 10, calendar: { holidays: ['2026-02-17'] } } });
    expect(put.statusCode, put.body).toBe(200);
    const read = (await who.trustee!.call({ method: 'GET', url: `/api/communities/${s.c.code}/quality/settings` })).json();
    expect(read).toMatchObject({ reopenDays: 10, calendar: { holidays: ['2026-02-17'], workdays: [1, 2, 3, 4, 5] } });
    expect((await who.trustee!.call({ method: 'PUT', url: `/api/communities/${s.c.code}/quality/settings`, payload: { reopenDays: 1 } })).statusCode).toBe(403);
  });
});

/**
 * Spending through HTTP (every answer through its response schema): the trustee uploads quotes
 * and proposes, the committee approves, the trustee posts; each write refused (403) to the roles
 * that may not make it; the public reads proposals with names masked and may do nothing, a
 * committee member reading the same route sees names in full and what they may do; quote files
 * for those who inspect vouchers only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/helpers/decisions.js';
import { type Caller, anonymous, multipartFile, signIn } from '../../../test/helpers/http.js';
import { type SpendSetup, invoice, proposal, spendingCommunity } from '../../../test/helpers/spending.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createHttpApp } from '../../compose.js';
import { sha256Of } from '../../platform/files.js';

const t = await createTestDb({ clock: '2025-06-16T02:00:00Z' });
let app: FastifyInstance;
let s: SpendSetup;
const who: Record<string, Caller> = {};
let S: string;
const PDF = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

beforeAll(async () => {
  s = await spendingCommunity(t);
  const supervisor = await t.services.accounts.createAccount({ login: `sv${s.c.code}`, displayName: '监事 何平', password: PASSWORD });
  await t.services.accounts.grantRole({ accountId: supervisor, role: 'supervisor', communityCode: s.c.code }, null);
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  const login = async (id: number) => signIn(app, (await t.db.selectFrom('accounts').select('login').where('id', '=', id).executeTakeFirstOrThrow()).login, PASSWORD);
  for (const [k, id] of [['trustee', s.trustee], ['dual', s.dual], ['m0', s.members[0]], ['m1', s.members[1]], ['owner', s.owners[0]!], ['supervisor', supervisor]] as const) who[k] = await login(id);
  who.anon = anonymous(app);
  S = `/api/communities/${s.c.code}/spending`;
}, 60_000);
afterAll(() => app?.close());

describe('spending through HTTP', () => {
  const quotes: { vendor: string; amountFen: number; sha256: string; name: string; chosen: boolean }[] = [];
  let id: number;

  it('anyone reads the thresholds; only the committee changes them', async () => {
    const r = await who.anon!.call({ method: 'GET', url: `${S}/settings` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ committeeFen: 500_000, ownersFen: 5_000_000, tenderFen: 2_000_000, minQuotes: 3, discloseWithinDays: 3, defaults: { committeeFen: 500_000 } });
    for (const k of ['trustee', 'owner', 'supervisor']) expect((await who[k]!.call({ method: 'PUT', url: `${S}/settings`, payload: { discloseWithinDays: 5 } })).statusCode, k).toBe(403);
    expect((await who.anon!.call({ method: 'PUT', url: `${S}/settings`, payload: { discloseWithinDays: 5 } })).statusCode).toBe(401);
    const put = await who.m0!.call({ method: 'PUT', url: `${S}/settings`, payload: { discloseWithinDays: 5 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().discloseWithinDays).toBe(5);
    const bad = await who.m0!.call({ method: 'PUT', url: `${S}/settings`, payload: { committeeFen: 9_000_000 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('spending.threshold_order');
    await who.m0!.call({ method: 'PUT', url: `${S}/settings`, payload: { discloseWithinDays: null } });
  });

  it('the trustee uploads quotes into the ledger’s files; nobody else does; only PDF, JPEG, PNG', async () => {
    for (const [i, vendor] of ['成都洁美保洁服务有限公司', '四川净源物业服务有限公司', '成都蓉城清洁有限公司'].entries()) {
      const data = PDF(`报价单 ${vendor}`);
      const up = await who.trustee!.call({ method: 'POST', url: `${S}/quotes`, ...multipartFile('file', `quote-${i}.pdf`, data) });
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json()).toEqual({ sha256: sha256Of(data), mediaType: 'application/pdf', sizeBytes: data.length });
      quotes.push({ vendor, amountFen: 2_600_000 + i * 50_000, sha256: up.json().sha256, name: `报价单${i + 1}.pdf`, chosen: i === 0 });
    }
    const known = await t.db.selectFrom('ledger_files').select('sha256').where('ledger_id', '=', s.ledger.id).where('sha256', '=', quotes[0]!.sha256).execute();
    expect(known).toHaveLength(1);
    for (const k of ['m0', 'owner', 'supervisor']) expect((await who[k]!.call({ method: 'POST', url: `${S}/quotes`, ...multipartFile('file', 'q.pdf', PDF('x')) })).statusCode, k).toBe(403);
    const txt = await who.trustee!.call({ method: 'POST', url: `${S}/quotes`, ...multipartFile('file', 'q.txt', Buffer.from('just text')) });
    expect(txt.statusCode).toBe(422);
    expect(txt.json().error.code).toBe('ledger.voucher_type');
    const none = await who.trustee!.call({ method: 'POST', url: `${S}/quotes`, payload: {} });
    expect(none.json().error.code).toBe('spending.quote_size');
  });

  it('the trustee proposes with the quotes; the committee, owners and the public may not propose', async () => {
    const body = proposal(s, 'L05', 2_600_000, { title: '外墙清洗', quotes, choiceReason: '报价最低' });
    for (const k of ['m0', 'owner', 'supervisor']) expect((await who[k]!.call({ method: 'POST', url: `${S}/proposals`, payload: body })).statusCode, k).toBe(403);
    const r = await who.trustee!.call({ method: 'POST', url: `${S}/proposals`, payload: body });
    expect(r.statusCode, r.body).toBe(200);
    id = r.json().id;
    expect(r.json()).toMatchObject({ state: 'pending', level: 'committee', quotesRequired: 3, reasons: ['committee_threshold', 'tender_threshold'], approvalsNeeded: 3, mayAct: ['withdraw'], proposedBy: '物业经理 李敏' });
    expect(r.json().quotes).toHaveLength(3);
    const bad = await who.trustee!.call({ method: 'POST', url: `${S}/proposals`, payload: { ...proposal(s, 'L05', 100), amountFen: 1.5 } });
    expect(bad.statusCode).toBe(400);
  });

  it('the public reads it with names masked and may do nothing; a committee member sees names and what they may do', async () => {
    const pub = await who.anon!.call({ method: 'GET', url: `${S}/proposals/${id}` });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ proposedBy: '物*** **', mayAct: [] });
    expect(pub.body).not.toContain('李敏');
    const list = await who.anon!.call({ method: 'GET', url: `${S}/proposals?year=2025&line=L05&state=pending` });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id, title: '外墙清洗', lineName: '保洁费用', amountFen: 2_600_000 }] });
    const cm = await who.m0!.call({ method: 'GET', url: `${S}/proposals/${id}` });
    expect(cm.json()).toMatchObject({ proposedBy: '物业经理 李敏', mayAct: ['approve', 'reject'] });
    expect((await who.anon!.call({ method: 'GET', url: `${S}/proposals/999999` })).statusCode).toBe(404);
  });

  it('quote files: those who inspect vouchers may open them (logged), the public may not', async () => {
    const url = `${S}/proposals/${id}/quotes/${quotes[1]!.sha256}`;
    const r = await who.owner!.call({ method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(String(r.headers['content-disposition'])).toContain(encodeURIComponent('报价单2.pdf'));
    expect((await who.anon!.call({ method: 'GET', url })).statusCode).toBe(401);
    expect((await who.owner!.call({ method: 'GET', url: `${S}/proposals/${id}/quotes/${'a'.repeat(64)}` })).statusCode).toBe(404);
    const logged = await t.db.selectFrom('audit_log').select('account_id').where('action', '=', 'spending.quote_viewed').execute();
    expect(logged.map((l) => l.account_id)).toEqual([s.owners[0]]);
  });

  it('only committee members approve; the proposer who sits on the committee may not', async () => {
    for (const k of ['trustee', 'owner', 'supervisor']) {
      const r = await who[k]!.call({ method: 'POST', url: `${S}/proposals/${id}/approve`, payload: {} });
      expect(r.statusCode, k).toBe(403);
      expect(r.json().error.code).toBe('common.forbidden');
    }
    const own = await who.trustee!.call({ method: 'POST', url: `${S}/proposals`, payload: proposal(s, 'L05', 100_000) });
    const dualOwn = await who.dual!.call({ method: 'POST', url: `${S}/proposals`, payload: proposal(s, 'L05', 100_000) });
    expect(own.statusCode).toBe(200);
    const self = await who.dual!.call({ method: 'POST', url: `${S}/proposals/${dualOwn.json().id}/approve`, payload: {} });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('spending.self_approval');

    for (const k of ['m0', 'm1', 'dual']) {
      const r = await who[k]!.call({ method: 'POST', url: `${S}/proposals/${id}/approve`, payload: { note: '同意' } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const after = await who.m0!.call({ method: 'GET', url: `${S}/proposals/${id}` });
    expect(after.json()).toMatchObject({ state: 'approved', mayAct: ['cancel'] });
    const reject = await who.m1!.call({ method: 'POST', url: `${S}/proposals/${own.json().id}/reject`, payload: {} });
    expect(reject.statusCode).toBe(400);
  });

  it('only the trustee posts; the answer carries the ledger sequence', async () => {
    const body = { idempotencyKey: 'http-post-1', date: '2025-06-16', vouchers: await invoice(t, s) };
    for (const k of ['m0', 'owner', 'supervisor']) expect((await who[k]!.call({ method: 'POST', url: `${S}/proposals/${id}/post`, payload: body })).statusCode, k).toBe(403);
    const r = await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${id}/post`, payload: body });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'posted', ledgerSeq: expect.any(Number) });
    const again = await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${id}/post`, payload: body });
    expect(again.json().ledgerSeq).toBe(r.json().ledgerSeq);
    const entry = await who.anon!.call({ method: 'GET', url: `/api/communities/${s.c.code}/ledger/entries/${r.json().ledgerSeq}` });
    expect(entry.json()).toMatchObject({ reason: 'expense', budgetLine: '2025年度预算 L05 保洁费用', refs: { proposal: id, budgetYear: 2025, budgetLine: 'L05' } });
  });

  it('emergencies: the trustee discloses, the committee ratifies; others are refused', async () => {
    const r = await who.trustee!.call({ method: 'POST', url: `${S}/proposals`, payload: proposal(s, 'L01', 300_000, { title: '水泵抢修', emergency: true, emergencyReason: '停水' }) });
    const eid = r.json().id;
    expect(r.json()).toMatchObject({ emergency: true, ratification: 'pending', disclosure: { dueBy: '2025-06-19', at: null, overdue: false }, mayAct: ['withdraw', 'post', 'disclose'] });
    expect((await who.m0!.call({ method: 'POST', url: `${S}/proposals/${eid}/disclose` })).statusCode).toBe(403);
    const d = await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${eid}/disclose` });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json().disclosure.at).not.toBeNull();
    expect((await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${eid}/ratify`, payload: { verdict: 'approve' } })).statusCode).toBe(403);
    const ok = await who.m1!.call({ method: 'POST', url: `${S}/proposals/${eid}/ratify`, payload: { verdict: 'approve' } });
    expect(ok.json()).toMatchObject({ state: 'approved', ratification: 'ratified' });
    // ratified before it was posted: the ratifying member is the entry's approver
    const posted = await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${eid}/post`, payload: { idempotencyKey: 'http-post-e', date: '2025-06-16', vouchers: await invoice(t, s) } });
    expect(posted.statusCode, posted.body).toBe(200);
    const e = await t.db.selectFrom('ledger_entries').select(['approved_by', 'recorded_by']).where('ledger_id', '=', s.ledger.id).where('seq', '=', posted.json().ledgerSeq).executeTakeFirstOrThrow();
    expect(e).toEqual({ approved_by: s.members[1], recorded_by: s.trustee });
    expect((await who.m0!.call({ method: 'POST', url: `${S}/proposals/${eid}/withdraw`, payload: { reason: 'x' } })).statusCode).toBe(403);
    expect((await who.owner!.call({ method: 'POST', url: `${S}/proposals/${eid}/decision`, payload: { decisionId: 1, item: 1 } })).statusCode).toBe(403);
  });

  it('the proposer or a committee member cancels an approved proposal; nobody else', async () => {
    const p = await who.trustee!.call({ method: 'POST', url: `${S}/proposals`, payload: proposal(s, 'L05', 60_000, { title: '更换信报箱锁' }) });
    const pid = p.json().id;
    expect((await who.m0!.call({ method: 'POST', url: `${S}/proposals/${pid}/approve`, payload: {} })).statusCode).toBe(200);
    for (const k of ['owner', 'supervisor']) {
      const r = await who[k]!.call({ method: 'POST', url: `${S}/proposals/${pid}/cancel`, payload: { reason: 'x' } });
      expect(r.statusCode, k).toBe(403);
      expect(r.json().error.code).toBe('common.forbidden');
    }
    expect((await who.anon!.call({ method: 'POST', url: `${S}/proposals/${pid}/cancel`, payload: { reason: 'x' } })).statusCode).toBe(401);
    expect((await who.m1!.call({ method: 'POST', url: `${S}/proposals/${pid}/cancel`, payload: {} })).statusCode).toBe(400);
    const r = await who.m1!.call({ method: 'POST', url: `${S}/proposals/${pid}/cancel`, payload: { reason: '业委会决定暂缓' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'withdrawn', mayAct: [] });
    expect(r.json().trail.at(-1)).toMatchObject({ action: 'cancelled', detail: { reason: '业委会决定暂缓', from: 'approved' } });
    const again = await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${pid}/cancel`, payload: { reason: '再撤一次' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('spending.bad_transition');
  });

  it('a posting without a voucher is refused (422)', async () => {
    const p = await who.trustee!.call({ method: 'POST', url: `${S}/proposals`, payload: proposal(s, 'L05', 30_000, { title: '更换灯泡' }) });
    await who.m0!.call({ method: 'POST', url: `${S}/proposals/${p.json().id}/approve`, payload: {} });
    const r = await who.trustee!.call({ method: 'POST', url: `${S}/proposals/${p.json().id}/post`, payload: { idempotencyKey: 'http-post-nv', date: '2025-06-16', vouchers: [] } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('spending.needs_voucher');
  });

  it('the OpenAPI document describes the spending routes', async () => {
    const res = await who.anon!.call({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths).filter((p) => p.includes('/spending/'))).toHaveLength(13);
  });
});

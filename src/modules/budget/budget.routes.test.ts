/**
 * The budget routes over HTTP: the public list hides a year that has only a draft, authors are
 * masked for the public, wrong roles get 403 (401 signed out), malformed input 400 in zh-CN (or
 * English when asked) and refused content 422 naming the line.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BudgetSetup, budgetCommunity, draftInput } from '../../../test/helpers/budget.js';
import { PASSWORD } from '../../../test/helpers/decisions.js';
import { type Caller, anonymous, signIn } from '../../../test/helpers/http.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createHttpApp } from '../../compose.js';

const t = await createTestDb({ clock: '2025-10-08T02:00:00Z' });
let app: FastifyInstance;
let s: BudgetSetup;
let B: string;
let anon: Caller, trustee: Caller, owner: Caller, member: Caller, resident: Caller;

beforeAll(async () => {
  s = await budgetCommunity(t);
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  const login = async (id: number) => (await t.db.selectFrom('accounts').select('login').where('id', '=', id).executeTakeFirstOrThrow()).login;
  anon = anonymous(app);
  trustee = await signIn(app, await login(s.trustee), PASSWORD);
  owner = await signIn(app, await login(s.owners[0]!), PASSWORD);
  member = await signIn(app, await login(s.committee[0]), PASSWORD);
  resident = await signIn(app, await login(s.resident), PASSWORD);
  B = `/api/communities/${s.c.code}/budgets`;
}, 60_000);

afterAll(() => app?.close());

describe('budget routes', () => {
  it('the public list hides a year that has only a draft; the trustee sees it', async () => {
    const made = await trustee.call({ method: 'POST', url: B, payload: { year: 2026, title: '2026年度预算' } });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ year: 2026, state: 'drafting', versions: [{ number: 1, state: 'draft' }] });
    expect((await anon.call({ method: 'GET', url: B })).json()).toEqual({ items: [] });
    expect((await owner.call({ method: 'GET', url: B })).json()).toEqual({ items: [] });
    expect((await trustee.call({ method: 'GET', url: B })).json().items).toHaveLength(1);
    const hidden = await anon.call({ method: 'GET', url: `${B}/2026` });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error).toEqual({ code: 'budget.not_found', message: '没有 2026 年度的预算' });
    expect((await member.call({ method: 'GET', url: `${B}/2026/versions/1` })).statusCode).toBe(200);
  });

  it('malformed input is 400 in zh-CN (English when asked); refused content is 422 naming the line', async () => {
    const body = draftInput();
    const bad = await trustee.call({ method: 'PUT', url: `${B}/2026/draft`, payload: { ...body, lines: [{ ...body.lines[0], amountFen: -1 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('common.invalid_input');
    expect(bad.json().error.message).toMatch(/^输入不正确/);
    // the language cookie (a signed-in caller's own locale wins over Accept-Language)
    const en = await app.inject({
      method: 'PUT',
      url: `${B}/2026/draft`,
      headers: { cookie: `${trustee.cookie}; xinyi_lang=en`, 'x-csrf-token': trustee.csrf! },
      payload: { ...body, basis: { ...body.basis, collectionRateBp: 1.5 } },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toMatch(/^Invalid input/);
    const account = await trustee.call({ method: 'PUT', url: `${B}/2026/draft`, payload: { ...body, lines: [...body.lines, { code: 'L09', account: '5999', name: '未知', amountFen: 1, basis: '', standard: null }] } });
    expect(account.statusCode).toBe(422);
    expect(account.json().error).toMatchObject({ code: 'budget.bad_account', message: '预算行 L09：科目不是本小区共有资金账的支出科目（5xxx）' });
  });

  it('wrong roles get 403, signed out 401', async () => {
    const cases: [Caller, string, string, unknown][] = [
      [owner, 'POST', B, { year: 2027, title: 'x' }],
      [member, 'PUT', `${B}/2026/draft`, draftInput()],
      [member, 'POST', `${B}/2026/draft/publish`, {}],
      [trustee, 'POST', `${B}/2026/versions/1/comments`, { line: null, stance: 'support', body: '支持', idempotencyKey: 'k' }],
      [owner, 'POST', `${B}/2026/versions/1/submit`, { decisionId: 1, item: 1 }],
      [trustee, 'POST', `${B}/2026/comments/1/hide`, { reason: 'x' }],
      [resident, 'POST', `${B}/2026/final-accounts`, { summary: 'x', explanations: [] }],
    ];
    for (const [who, method, url, payload] of cases) {
      const res = await who.call({ method: method as 'POST', url, payload: payload as object });
      expect(res.statusCode, `${who.name} ${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('common.forbidden');
    }
    expect((await owner.call({ method: 'GET', url: `${B}/2026/moderation` })).statusCode).toBe(403);
    expect((await anon.call({ method: 'POST', url: B, payload: { year: 2027, title: 'x' } })).statusCode).toBe(401);
    // nobody adopts by hand: there is no such route
    expect(app.accessTable.filter((r) => /adopt/.test(r.url))).toEqual([]);
  });

  it('authors are masked for the public, named for the committee and for themselves; a draft is 404 to the public', async () => {
    expect((await trustee.call({ method: 'PUT', url: `${B}/2026/draft`, payload: draftInput() })).statusCode).toBe(200);
    const pub = await trustee.call({ method: 'POST', url: `${B}/2026/draft/publish`, payload: { consultationEndsOn: '2025-10-31' } });
    expect(pub.json()).toMatchObject({ number: 1, state: 'consultation' });
    const c = await owner.call({ method: 'POST', url: `${B}/2026/versions/1/comments`, payload: { line: 'L02', stance: 'oppose', body: '保洁费用偏高', idempotencyKey: 'r-1' } });
    expect(c.statusCode).toBe(200);
    const authorAs = async (who: Caller) => (await who.call({ method: 'GET', url: `${B}/2026/versions/1` })).json().comments[0];
    expect(await authorAs(anon)).toMatchObject({ author: '业主 甲*', mine: false, body: '保洁费用偏高' });
    expect(await authorAs(owner)).toMatchObject({ author: '业主 甲一', mine: true });
    expect(await authorAs(member)).toMatchObject({ author: '业主 甲一', mine: false });

    expect((await trustee.call({ method: 'POST', url: `${B}/2026/drafts`, payload: { kind: 'revision' } })).statusCode).toBe(200);
    expect((await anon.call({ method: 'GET', url: `${B}/2026/versions/2` })).statusCode).toBe(404);
    expect((await owner.call({ method: 'GET', url: `${B}/2026/versions/2` })).statusCode).toBe(404);
    expect((await member.call({ method: 'GET', url: `${B}/2026/versions/2` })).statusCode).toBe(200);
    expect((await anon.call({ method: 'GET', url: `${B}/2026` })).json().versions.map((v: { number: number }) => v.number)).toEqual([1]);
    expect((await anon.call({ method: 'GET', url: `${B}/2026/diff?from=1&to=1` })).statusCode).toBe(200);
    expect((await anon.call({ method: 'GET', url: `${B}/2026/execution` })).json()).toMatchObject({ version: null, rows: [], asOf: '2025-10-08' });

    // the committee hides it: the public sees the placeholder, the committee the body, the log who
    const hid = await member.call({ method: 'POST', url: `${B}/2026/comments/${c.json().id}/hide`, payload: { reason: '重复' } });
    expect(hid.json()).toMatchObject({ body: '保洁费用偏高', hidden: { reason: '重复' } });
    expect(await authorAs(anon)).toMatchObject({ body: null, hidden: { reason: '重复' } });
    expect((await member.call({ method: 'GET', url: `${B}/2026/moderation` })).json().items).toMatchObject([{ commentId: c.json().id, action: 'hide', reason: '重复' }]);
  });

  it('the OpenAPI document describes the budget routes', async () => {
    const res = await anon.call({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths).filter((p) => p.includes('/budgets')).length).toBe(14);
  });
});

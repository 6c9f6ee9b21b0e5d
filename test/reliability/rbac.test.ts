/**
 * Every route, called as every role and signed out: allowed or denied exactly as the policy
 * below says, and no response to a public, resident or owner caller carries another person's
 * phone or ID number. A route added without a line here fails the coverage check.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/compose.js';
import { DEMO_ACCOUNTS, DEMO_CODE, DEMO_PASSWORD, buildDemoRoster, seedDemo } from '../../src/demo/fenghuayuan.js';
import { buildCommunity, buildUnit, rosterWorkbook } from '../helpers/factories.js';
import { type Caller, anonymous, multipartFile, signIn } from '../helpers/http.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb();
type Who = 'anonymous' | (typeof DEMO_ACCOUNTS)[number]['login'] | 'other_trustee';
const EVERYONE: Who[] = ['anonymous', ...DEMO_ACCOUNTS.map((a) => a.login), 'other_trustee'];
const SIGNED_IN = EVERYONE.filter((w) => w !== 'anonymous');
const REGISTER_READERS: Who[] = ['admin', 'trustee', 'committee', 'supervisor', 'grid', 'community', 'street', 'district'];
const REGISTER_MANAGERS: Who[] = ['trustee', 'committee'];
// the ledger's rules are argued in src/modules/ledger/ledger.routes.ts (committee and supervisor also own units in the demo)
const VOUCHER_READERS: Who[] = ['owner', 'committee', 'supervisor', 'trustee', 'community', 'street', 'district'];
const VIEW_LOG_READERS: Who[] = ['committee', 'supervisor', 'trustee'];
const PUBLISHERS: Who[] = ['trustee', 'supervisor'];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const L = `/api/communities/${DEMO_CODE}/ledger`;

interface Case {
  method: string;
  url: string;
  allowed: Who[];
  request: (ids: { unitId: number; accountId: number }) => InjectOptions;
}

const C = `/api/communities/${DEMO_CODE}`;
let workbook: Buffer;
const POLICY: Case[] = [
  { method: 'GET', url: '/api/health', allowed: EVERYONE, request: () => ({ method: 'GET', url: '/api/health' }) },
  { method: 'GET', url: '/api/auth/me', allowed: EVERYONE, request: () => ({ method: 'GET', url: '/api/auth/me' }) },
  { method: 'POST', url: '/api/auth/login', allowed: EVERYONE, request: () => ({ method: 'POST', url: '/api/auth/login', payload: { login: 'nobody', password: 'wrong-password-1' } }) },
  { method: 'POST', url: '/api/auth/claim', allowed: EVERYONE, request: () => ({ method: 'POST', url: '/api/auth/claim', payload: { invitationCode: 'AAAA-AAAA', phone: '13900000000', password: 'abc12345' } }) },
  { method: 'POST', url: '/api/auth/logout', allowed: SIGNED_IN, request: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  { method: 'GET', url: '/api/communities', allowed: EVERYONE, request: () => ({ method: 'GET', url: '/api/communities' }) },
  { method: 'POST', url: '/api/communities', allowed: ['admin'], request: () => ({ method: 'POST', url: '/api/communities', payload: { code: `x${Math.random().toString(36).slice(2, 8)}`, name: '新小区' } }) },
  { method: 'GET', url: '/api/communities/:code', allowed: EVERYONE, request: () => ({ method: 'GET', url: C }) },
  { method: 'GET', url: '/api/communities/:code/units', allowed: REGISTER_READERS, request: () => ({ method: 'GET', url: `${C}/units?pageSize=200` }) },
  { method: 'GET', url: '/api/me/units', allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/me/units' }) },
  {
    method: 'POST',
    url: '/api/communities/:code/roster/import',
    allowed: REGISTER_MANAGERS,
    request: () => ({ method: 'POST', url: `${C}/roster/import?dryRun=true`, ...multipartFile('file', 'roster.xlsx', workbook) }),
  },
  { method: 'GET', url: '/api/communities/:code/roster/export', allowed: REGISTER_MANAGERS, request: () => ({ method: 'GET', url: `${C}/roster/export` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/units/:unitId/invitations',
    allowed: REGISTER_MANAGERS,
    request: ({ unitId }) => ({ method: 'POST', url: `${C}/units/${unitId}/invitations` }),
  },
  { method: 'POST', url: '/api/admin/accounts', allowed: ['admin'], request: () => ({ method: 'POST', url: '/api/admin/accounts', payload: { login: `u${Math.random().toString(36).slice(2, 9)}`, displayName: '新账号', password: 'abcd12345' } }) },
  {
    method: 'POST',
    url: '/api/admin/grants',
    allowed: ['admin'],
    request: ({ accountId }) => ({ method: 'POST', url: '/api/admin/grants', payload: { accountId, role: 'grid_worker', communityCode: DEMO_CODE } }),
  },
  {
    method: 'DELETE',
    url: '/api/admin/grants',
    allowed: ['admin'],
    request: ({ accountId }) => ({ method: 'DELETE', url: '/api/admin/grants', payload: { accountId, role: 'grid_worker', communityCode: DEMO_CODE } }),
  },
  { method: 'GET', url: '/api/communities/:code/ledger/statement', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/statement?period=2025-12` }) },
  { method: 'GET', url: '/api/communities/:code/ledger/series', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/series?from=2025-01&to=2025-12` }) },
  { method: 'GET', url: '/api/communities/:code/ledger/entries', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/entries?pageSize=200` }) },
  { method: 'GET', url: '/api/communities/:code/ledger/entries/:seq', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/entries/1` }) },
  { method: 'GET', url: '/api/communities/:code/ledger/calendar', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/calendar` }) },
  { method: 'GET', url: '/api/communities/:code/ledger/accounts', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/accounts` }) },
  { method: 'GET', url: '/api/communities/:code/ledger/export.json', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${L}/export.json` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/ledger/entries/:seq/vouchers/:sha256',
    allowed: VOUCHER_READERS,
    request: () => ({ method: 'GET', url: `${L}/entries/1/vouchers/${'0'.repeat(64)}` }),
  },
  { method: 'GET', url: '/api/communities/:code/ledger/voucher-views', allowed: VIEW_LOG_READERS, request: () => ({ method: 'GET', url: `${L}/voucher-views` }) },
  { method: 'POST', url: '/api/communities/:code/ledger/vouchers', allowed: ['trustee'], request: () => ({ method: 'POST', url: `${L}/vouchers`, ...multipartFile('file', 'v.png', PNG) }) },
  {
    method: 'POST',
    url: '/api/communities/:code/ledger/entries',
    allowed: ['trustee'],
    request: () => ({
      method: 'POST',
      url: `${L}/entries`,
      payload: {
        idempotencyKey: `rbac-${Math.random().toString(36).slice(2)}`,
        date: '2026-01-15',
        memo: 'RBAC',
        reason: 'adjustment',
        lines: [
          { account: '1001', debitFen: 1, creditFen: 0 },
          { account: '3001', debitFen: 0, creditFen: 1 },
        ],
      },
    }),
  },
  {
    method: 'POST',
    url: '/api/communities/:code/ledger/entries/:seq/reverse',
    allowed: ['trustee'],
    request: () => ({ method: 'POST', url: `${L}/entries/999999/reverse`, payload: { idempotencyKey: `rbac-${Math.random()}`, date: '2026-01-15', memo: 'RBAC' } }),
  },
  { method: 'POST', url: '/api/communities/:code/ledger/close', allowed: ['trustee'], request: () => ({ method: 'POST', url: `${L}/close`, payload: { period: '2026-01' } }) },
  { method: 'POST', url: '/api/communities/:code/ledger/publish', allowed: PUBLISHERS, request: () => ({ method: 'POST', url: `${L}/publish`, payload: { period: '2026-01' } }) },
];

let app: FastifyInstance;
const callers = new Map<Who, Caller>();
const spareSessions = new Map<Who, Caller>();
let ids: { unitId: number; accountId: number };
let phones: string[];
let idNumbers: string[];

beforeAll(async () => {
  await seedDemo(t.ctx, t.services);
  const other = await buildCommunity(t.services, 'other');
  const otherTrustee = await t.services.accounts.createAccount({ login: 'other_trustee', displayName: '别的物业', password: DEMO_PASSWORD });
  await t.services.accounts.grantRole({ accountId: otherTrustee, role: 'trustee', communityCode: other.code }, null);
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  workbook = await rosterWorkbook([buildUnit({ unitCode: '1-1-0102' })]);
  callers.set('anonymous', anonymous(app));
  for (const who of SIGNED_IN) {
    callers.set(who, await signIn(app, who, DEMO_PASSWORD));
    spareSessions.set(who, await signIn(app, who, DEMO_PASSWORD));
  }
  const unit = await t.db.selectFrom('units').select('id').where('code', '=', '3-1-0502').executeTakeFirstOrThrow();
  const grid = await t.db.selectFrom('accounts').select('id').where('login', '=', 'grid').executeTakeFirstOrThrow();
  ids = { unitId: unit.id, accountId: grid.id };
  const { entries } = buildDemoRoster();
  phones = [...new Set(entries.flatMap((e) => [...e.owners, ...e.tenants].map((p) => p.phone)).filter(Boolean))];
  idNumbers = [...new Set(entries.flatMap((e) => e.owners.map((p) => p.idNumber)).filter((x): x is string => !!x))];
}, 120_000);

afterAll(() => app?.close());

describe('RBAC', () => {
  it('the policy table covers every API route', () => {
    const routes = app.accessTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(POLICY.map((p) => `${p.method} ${p.url}`).sort()).toEqual(routes);
  });

  for (const rule of POLICY) {
    it(`${rule.method} ${rule.url}`, async () => {
      for (const who of EVERYONE) {
        // logout ends the session: use a fresh one
        const caller = rule.url === '/api/auth/logout' && who !== 'anonymous' ? spareSessions.get(who)! : callers.get(who)!;
        const res = await caller.call(rule.request(ids));
        // denied by the access check, as opposed to a refused input (a wrong password is a 401 too)
        const code = res.headers['content-type']?.toString().startsWith('application/json') ? res.json()?.error?.code : undefined;
        const denied = ['common.unauthenticated', 'common.forbidden'].includes(code);
        expect.soft(res.statusCode, `${who}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect.soft(denied ? 'denied' : 'allowed', `${who} → ${rule.method} ${rule.url} (${res.statusCode})`).toBe(rule.allowed.includes(who) ? 'allowed' : 'denied');
        if (['anonymous', 'owner', 'tenant', 'other_trustee'].includes(who) && !denied) {
          const own = who === 'owner' || who === 'tenant' ? await ownPhones(who) : [];
          for (const phone of phones) if (!own.includes(phone)) expect.soft(res.body.includes(phone), `${who} sees phone ${phone} in ${rule.url}`).toBe(false);
          for (const id of idNumbers) expect.soft(res.body.includes(id), `${who} sees ID ${id} in ${rule.url}`).toBe(false);
        }
      }
    });
  }

  it('oversight roles see the register masked; staff see it in full', async () => {
    const full = (await callers.get('trustee')!.call({ method: 'GET', url: `${C}/units?q=3-1-0502` })).json();
    const masked = (await callers.get('supervisor')!.call({ method: 'GET', url: `${C}/units?q=3-1-0502` })).json();
    expect(full.items[0].owners[0].phone).toMatch(/^1\d{10}$/);
    expect(masked.items[0].owners[0].phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(masked.items[0].owners[0].name).toMatch(/\*/);
  });

  it('a write with the session cookie but without the CSRF token is refused', async () => {
    const trustee = callers.get('trustee')!;
    const res = await app.inject({ method: 'POST', url: `${C}/units/${ids.unitId}/invitations`, headers: { cookie: trustee.cookie! } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('common.csrf');
  });
});

async function ownPhones(login: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('accounts')
    .innerJoin('account_persons', 'account_persons.account_id', 'accounts.id')
    .innerJoin('persons', 'persons.id', 'account_persons.person_id')
    .select('persons.phone')
    .where('accounts.login', '=', login)
    .execute();
  return rows.map((r) => r.phone);
}

/**
 * Every route, called as every role and signed out: allowed or denied exactly as the policy
 * below says, and no response to a public, resident or owner caller carries another person's
 * phone or ID number. A route added without a line here fails the coverage check.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/compose.js';
import { committee as committeeActor } from '../../src/modules/decisions/decisions.service.js';
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
// the billing module's rules are argued in src/modules/billing/billing.routes.ts
const COLLECTION_READERS: Who[] = ['trustee', 'committee', 'supervisor', 'community', 'street', 'district'];
const ARREARS_READERS: Who[] = ['trustee', 'committee'];
const COLLECTORS: Who[] = ['trustee'];
const FEE_SETTERS: Who[] = ['committee'];
const SETTINGS_EDITORS: Who[] = ['committee', 'trustee'];
const STATEMENT = Buffer.from('交易日期,对方户名,摘要,贷方发生额\n2025-11-03,张三,3-2-1201物业费,100.00\n');
/** answers that must carry no phone number at all, whoever asks (public aggregates and fee standards) */
const NO_PHONES = new Set([
  '/api/communities/:code/billing/collection',
  '/api/communities/:code/billing/schedules',
  '/api/communities/:code/decisions',
  '/api/communities/:code/decisions/:id',
  '/api/communities/:code/decisions/:id/results',
  '/api/communities/:code/decisions/:id/export.json',
  '/api/communities/:code/decisions/:id/receipts/:receipt',
  '/api/communities/:code/quality/inspections/monthly',
  '/api/communities/:code/quality/surveys',
  '/api/communities/:code/quality/surveys/:id/results',
  '/api/communities/:code/quality/scores',
  '/api/communities/:code/quality/work-orders/stats',
  '/api/communities/:code/budgets',
  '/api/communities/:code/budgets/:year',
  '/api/communities/:code/budgets/:year/versions/:number',
  '/api/communities/:code/budgets/:year/diff',
  '/api/communities/:code/budgets/:year/execution',
  '/api/communities/:code/spending/settings',
  '/api/communities/:code/spending/proposals',
  '/api/communities/:code/spending/proposals/:id',
]);
// the decisions module's rules are argued in src/modules/decisions/decisions.routes.ts
const CONVENERS: Who[] = ['committee'];
const OVERSEERS: Who[] = ['committee', 'supervisor'];
const DECISION_READERS: Who[] = ['committee', 'supervisor', 'community', 'street', 'district'];
// the work orders' rules are argued in src/modules/quality/workorders.routes.ts
const WO_RESIDENTS: Who[] = ['owner', 'tenant', 'committee', 'supervisor'];
const WO_QUEUE: Who[] = ['trustee', 'committee', 'supervisor'];
const WO_READERS: Who[] = ['owner', 'tenant', 'trustee', 'committee', 'supervisor'];
const WO = `/api/communities/${DEMO_CODE}/work-orders`;
// inspections, surveys and scores: src/modules/quality/inspections.routes.ts
const INSPECTORS: Who[] = ['committee', 'supervisor'];
const INSPECTION_READERS: Who[] = ['committee', 'supervisor', 'trustee', 'community', 'street', 'district'];
const HOUSEHOLDS: Who[] = ['owner', 'tenant', 'committee', 'supervisor'];
const SCORERS: Who[] = ['committee', 'supervisor', 'trustee'];
const Q = `/api/communities/${DEMO_CODE}/quality`;
// the open budget: src/modules/budget/budget.routes.ts (committee and supervisor comment as the owners they are)
const BUDGET_DRAFTERS: Who[] = ['trustee'];
const BUDGET_COMMENTERS: Who[] = ['owner', 'tenant', 'committee', 'supervisor'];
const BUDGET_MODERATORS: Who[] = ['committee'];
const BUDGET_MODERATION_READERS: Who[] = ['committee', 'supervisor'];
/** a year no demo budget uses */
const BY = 2030;
// spending controls: src/modules/budget/spending.routes.ts (quote files as the ledger's vouchers)
const SPENDING_APPROVERS: Who[] = ['committee'];
const SPENDING_KEEPERS: Who[] = ['trustee'];
const SP = `/api/communities/${DEMO_CODE}/spending`;
const PHONE_LIKE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

interface Ids {
  unitId: number;
  accountId: number;
  /** a unit the demo owner owns, with a bill, a payment and a reminder */
  ownUnitId: number;
  paymentId: number;
  reminderId: number;
  bankImportId: number;
  scheduleId: number;
  /** decisions: one in voting (with a pending paper ballot), one published (with an attachment and a ballot), a posted committee meeting */
  votingId: number;
  publishedId: number;
  receiptCode: string;
  attachmentSha: string;
  scanSha: string;
  meetingId: number;
  /** quality: a submitted inspection with a photo, an open survey */
  inspectionId: number;
  inspectionPhoto: string;
  surveyId: number;
  /** a work order filed by the demo owner for their unit, with a photo */
  workOrderId: number;
  workOrderPhoto: string;
  /** budget BY: version 1 in consultation with two owner comments, one hidden; version 2 a draft */
  hiddenCommentId: number;
  visibleCommentId: number;
  /** spending: an emergency ratified by the demo committee member; another withdrawn, with a quote */
  proposalId: number;
  withdrawnId: number;
  quoteSha: string;
}

interface Case {
  method: string;
  url: string;
  allowed: Who[];
  request: (ids: Ids) => InjectOptions;
}

const C = `/api/communities/${DEMO_CODE}`;
const B = `${C}/billing`;
const D = `${C}/decisions`;
const M = `${C}/committee/meetings`;
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
  // billing: writes are refused by the service after the access check (an amount of 0, a bad
  // period, no arrears, an unknown bank line), so that no case changes what a later one sees
  { method: 'GET', url: '/api/communities/:code/billing/settings', allowed: SETTINGS_EDITORS, request: () => ({ method: 'GET', url: `${B}/settings` }) },
  { method: 'PUT', url: '/api/communities/:code/billing/settings', allowed: SETTINGS_EDITORS, request: () => ({ method: 'PUT', url: `${B}/settings`, payload: { onlinePayments: 'off' } }) },
  { method: 'GET', url: '/api/communities/:code/billing/schedules', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${B}/schedules` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/billing/schedules',
    allowed: FEE_SETTERS,
    request: () => ({ method: 'POST', url: `${B}/schedules`, payload: { unitKind: 'storage', rateCf: 5000, effectiveFrom: '2026-02-15', decisionRef: 'RBAC' } }),
  },
  { method: 'GET', url: '/api/communities/:code/billing/schedules/:id/document', allowed: VOUCHER_READERS, request: ({ scheduleId }) => ({ method: 'GET', url: `${B}/schedules/${scheduleId}/document` }) },
  { method: 'POST', url: '/api/communities/:code/billing/documents', allowed: FEE_SETTERS, request: () => ({ method: 'POST', url: `${B}/documents`, ...multipartFile('file', 'decision.png', PNG) }) },
  { method: 'POST', url: '/api/communities/:code/billing/runs/preview', allowed: COLLECTORS, request: () => ({ method: 'POST', url: `${B}/runs/preview`, payload: { period: '2026-02' } }) },
  { method: 'POST', url: '/api/communities/:code/billing/runs', allowed: COLLECTORS, request: () => ({ method: 'POST', url: `${B}/runs`, payload: { period: '2026-13', idempotencyKey: `rbac-${Math.random()}` } }) },
  { method: 'GET', url: '/api/communities/:code/billing/runs', allowed: ARREARS_READERS, request: () => ({ method: 'GET', url: `${B}/runs` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/billing/payments',
    allowed: COLLECTORS,
    request: ({ ownUnitId }) => ({ method: 'POST', url: `${B}/payments`, payload: { unitId: ownUnitId, amountFen: 0, channel: 'cash', paidOn: '2026-01-14', idempotencyKey: `rbac-${Math.random()}` } }),
  },
  { method: 'GET', url: '/api/communities/:code/billing/payments/:id/receipt', allowed: ARREARS_READERS, request: ({ paymentId }) => ({ method: 'GET', url: `${B}/payments/${paymentId}/receipt` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/billing/refunds',
    allowed: COLLECTORS,
    request: ({ ownUnitId }) => ({ method: 'POST', url: `${B}/refunds`, payload: { unitId: ownUnitId, amountFen: 0, channel: 'cash', refundedOn: '2026-01-14', reason: 'RBAC', idempotencyKey: `rbac-${Math.random()}` } }),
  },
  { method: 'GET', url: '/api/communities/:code/billing/collection', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${B}/collection` }) },
  { method: 'GET', url: '/api/communities/:code/billing/collection/internal', allowed: COLLECTION_READERS, request: () => ({ method: 'GET', url: `${B}/collection/internal` }) },
  { method: 'GET', url: '/api/communities/:code/billing/arrears', allowed: ARREARS_READERS, request: () => ({ method: 'GET', url: `${B}/arrears` }) },
  { method: 'POST', url: '/api/communities/:code/billing/reminders', allowed: COLLECTORS, request: () => ({ method: 'POST', url: `${B}/reminders`, payload: { minDaysOverdue: 3650 } }) },
  { method: 'GET', url: '/api/communities/:code/billing/reminders/:id', allowed: ARREARS_READERS, request: ({ reminderId }) => ({ method: 'GET', url: `${B}/reminders/${reminderId}` }) },
  { method: 'POST', url: '/api/communities/:code/billing/bank-imports', allowed: COLLECTORS, request: () => ({ method: 'POST', url: `${B}/bank-imports`, ...multipartFile('file', 'statement.csv', STATEMENT) }) },
  { method: 'GET', url: '/api/communities/:code/billing/bank-imports', allowed: ARREARS_READERS, request: () => ({ method: 'GET', url: `${B}/bank-imports` }) },
  { method: 'GET', url: '/api/communities/:code/billing/bank-imports/:id', allowed: ARREARS_READERS, request: ({ bankImportId }) => ({ method: 'GET', url: `${B}/bank-imports/${bankImportId}` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/billing/bank-imports/:id/confirm',
    allowed: COLLECTORS,
    request: ({ bankImportId }) => ({ method: 'POST', url: `${B}/bank-imports/${bankImportId}/confirm`, payload: { lines: [{ lineId: 999_999_999 }] } }),
  },
  {
    method: 'POST',
    url: '/api/communities/:code/billing/bank-imports/:id/ignore',
    allowed: COLLECTORS,
    request: ({ bankImportId }) => ({ method: 'POST', url: `${B}/bank-imports/${bankImportId}/ignore`, payload: { lineIds: [999_999_999] } }),
  },
  // the owner's own: any signed-in caller passes the access check; the service answers 404 (or 403
  // billing.not_your_unit) for a unit, receipt or reminder that is not the caller's
  { method: 'GET', url: '/api/me/billing', allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/me/billing' }) },
  {
    method: 'POST',
    url: '/api/me/units/:unitId/pay',
    allowed: SIGNED_IN,
    request: ({ ownUnitId }) => ({ method: 'POST', url: `/api/me/units/${ownUnitId}/pay`, payload: { channel: 'wechat', amountFen: 0, idempotencyKey: `rbac-${Math.random()}` } }),
  },
  { method: 'GET', url: '/api/me/receipts/:id', allowed: SIGNED_IN, request: ({ paymentId }) => ({ method: 'GET', url: `/api/me/receipts/${paymentId}` }) },
  { method: 'GET', url: '/api/me/reminders/:id', allowed: SIGNED_IN, request: ({ reminderId }) => ({ method: 'GET', url: `/api/me/reminders/${reminderId}` }) },
  // decisions: writes are refused by the service after the access check (a move the lifecycle does
  // not have, an unknown unit or entry, a bad date, a posted meeting), so that no case changes what
  // a later one sees
  { method: 'GET', url: '/api/decisions/matters', allowed: EVERYONE, request: () => ({ method: 'GET', url: '/api/decisions/matters' }) },
  { method: 'GET', url: '/api/communities/:code/decisions', allowed: EVERYONE, request: () => ({ method: 'GET', url: D }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id', allowed: EVERYONE, request: ({ publishedId }) => ({ method: 'GET', url: `${D}/${publishedId}` }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/results', allowed: EVERYONE, request: ({ publishedId }) => ({ method: 'GET', url: `${D}/${publishedId}/results` }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/export.json', allowed: EVERYONE, request: ({ publishedId }) => ({ method: 'GET', url: `${D}/${publishedId}/export.json` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/decisions/:id/receipts/:receipt',
    allowed: EVERYONE,
    request: ({ publishedId, receiptCode }) => ({ method: 'GET', url: `${D}/${publishedId}/receipts/${receiptCode}` }),
  },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/mine', allowed: SIGNED_IN, request: ({ votingId }) => ({ method: 'GET', url: `${D}/${votingId}/mine` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/decisions/:id/ballots',
    allowed: SIGNED_IN,
    request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/ballots`, payload: { choices: [{ item: 99, choice: 'agree' }], idempotencyKey: `rbac-${Math.random()}` } }),
  },
  { method: 'GET', url: '/api/communities/:code/decisions/internal', allowed: DECISION_READERS, request: () => ({ method: 'GET', url: `${D}/internal` }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/internal', allowed: DECISION_READERS, request: ({ votingId }) => ({ method: 'GET', url: `${D}/${votingId}/internal` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/decisions/:id/attachments/:sha256',
    allowed: VOUCHER_READERS,
    request: ({ publishedId, attachmentSha }) => ({ method: 'GET', url: `${D}/${publishedId}/attachments/${attachmentSha}` }),
  },
  { method: 'POST', url: '/api/communities/:code/decisions/documents', allowed: CONVENERS, request: () => ({ method: 'POST', url: `${D}/documents`, ...multipartFile('file', 'scan.png', PNG) }) },
  {
    method: 'POST',
    url: '/api/communities/:code/decisions',
    allowed: CONVENERS,
    request: () => ({ method: 'POST', url: D, payload: { kind: 'written', title: 'RBAC', votingOpensOn: '2026-03-01', votingClosesOn: '2026-02-01', items: [{ matter: 9, title: 'RBAC' }] } }),
  },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/notice', allowed: CONVENERS, request: ({ publishedId }) => ({ method: 'POST', url: `${D}/${publishedId}/notice` }) },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/open', allowed: CONVENERS, request: ({ publishedId }) => ({ method: 'POST', url: `${D}/${publishedId}/open` }) },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/withdraw', allowed: CONVENERS, request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/withdraw`, payload: { reason: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/close', allowed: CONVENERS, request: ({ publishedId }) => ({ method: 'POST', url: `${D}/${publishedId}/close` }) },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/publish', allowed: CONVENERS, request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/publish` }) },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/objection', allowed: CONVENERS, request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/objection`, payload: { reason: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/decisions/:id/finish', allowed: CONVENERS, request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/finish` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/decisions/:id/paper',
    allowed: CONVENERS,
    request: ({ votingId, scanSha }) => ({
      method: 'POST',
      url: `${D}/${votingId}/paper`,
      payload: { unitCode: 'no-such-unit', choices: [{ item: 1, choice: 'agree' }], scanSha256: scanSha, idempotencyKey: `rbac-${Math.random()}` },
    }),
  },
  {
    method: 'POST',
    url: '/api/communities/:code/decisions/:id/paper/:entryId/confirm',
    allowed: CONVENERS,
    request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/paper/999999999/confirm`, payload: { choices: [{ item: 1, choice: 'agree' }] } }),
  },
  {
    method: 'POST',
    url: '/api/communities/:code/decisions/:id/paper/:entryId/reject',
    allowed: CONVENERS,
    request: ({ votingId }) => ({ method: 'POST', url: `${D}/${votingId}/paper/999999999/reject`, payload: { reason: 'RBAC' } }),
  },
  {
    method: 'POST',
    url: '/api/communities/:code/decisions/:id/proxies',
    allowed: CONVENERS,
    request: ({ votingId, scanSha }) => ({ method: 'POST', url: `${D}/${votingId}/proxies`, payload: { unitCode: 'no-such-unit', proxyLogin: 'owner', authorizationSha256: scanSha, authorizationName: '委托书.pdf' } }),
  },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/turnout', allowed: OVERSEERS, request: ({ votingId }) => ({ method: 'GET', url: `${D}/${votingId}/turnout` }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/roll', allowed: OVERSEERS, request: ({ votingId }) => ({ method: 'GET', url: `${D}/${votingId}/roll` }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/paper', allowed: OVERSEERS, request: ({ votingId }) => ({ method: 'GET', url: `${D}/${votingId}/paper` }) },
  { method: 'GET', url: '/api/communities/:code/decisions/:id/proxies', allowed: OVERSEERS, request: ({ votingId }) => ({ method: 'GET', url: `${D}/${votingId}/proxies` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/decisions/:id/ballot-documents/:sha256',
    allowed: OVERSEERS,
    request: ({ votingId, scanSha }) => ({ method: 'GET', url: `${D}/${votingId}/ballot-documents/${scanSha}` }),
  },
  { method: 'GET', url: '/api/communities/:code/committee/meetings', allowed: EVERYONE, request: () => ({ method: 'GET', url: M }) },
  { method: 'GET', url: '/api/communities/:code/committee/meetings/:id', allowed: EVERYONE, request: ({ meetingId }) => ({ method: 'GET', url: `${M}/${meetingId}` }) },
  { method: 'GET', url: '/api/communities/:code/committee/meetings/internal', allowed: DECISION_READERS, request: () => ({ method: 'GET', url: `${M}/internal` }) },
  { method: 'GET', url: '/api/communities/:code/committee/meetings/:id/internal', allowed: DECISION_READERS, request: ({ meetingId }) => ({ method: 'GET', url: `${M}/${meetingId}/internal` }) },
  { method: 'POST', url: '/api/communities/:code/committee/meetings', allowed: CONVENERS, request: () => ({ method: 'POST', url: M, payload: { title: 'RBAC', motion: 'RBAC', heldOn: '2026-02-30' } }) },
  { method: 'POST', url: '/api/communities/:code/committee/meetings/:id/attend', allowed: CONVENERS, request: ({ meetingId }) => ({ method: 'POST', url: `${M}/${meetingId}/attend` }) },
  { method: 'POST', url: '/api/communities/:code/committee/meetings/:id/votes', allowed: CONVENERS, request: ({ meetingId }) => ({ method: 'POST', url: `${M}/${meetingId}/votes`, payload: { choice: 'agree' } }) },
  { method: 'POST', url: '/api/communities/:code/committee/meetings/:id/post', allowed: CONVENERS, request: ({ meetingId }) => ({ method: 'POST', url: `${M}/${meetingId}/post` }) },
  { method: 'GET', url: '/api/communities/:code/quality/catalogue', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${Q}/catalogue` }) },
  { method: 'POST', url: '/api/communities/:code/quality/catalogue', allowed: ['committee'], request: () => ({ method: 'POST', url: `${Q}/catalogue`, payload: { effectiveFrom: '2020-01-01', contractRef: 'RBAC', categories: [{ code: 'x', name: 'x', nameEn: 'x', sla: { responseMinutes: 30, completionMinutes: 60, calendar: 'working' }, items: [] }] } }) },
  { method: 'GET', url: '/api/communities/:code/quality/work-orders/stats', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${C}/quality/work-orders/stats?month=2026-01` }) },
  { method: 'GET', url: '/api/me/work-orders', allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/me/work-orders' }) },
  { method: 'POST', url: '/api/communities/:code/quality/photos', allowed: WO_READERS, request: () => ({ method: 'POST', url: `${C}/quality/photos`, ...multipartFile('file', 'p.png', PNG) }) },
  { method: 'GET', url: '/api/communities/:code/quality/settings', allowed: WO_QUEUE, request: () => ({ method: 'GET', url: `${C}/quality/settings` }) },
  { method: 'PUT', url: '/api/communities/:code/quality/settings', allowed: ['committee'], request: () => ({ method: 'PUT', url: `${C}/quality/settings`, payload: { reopenDays: 7 } }) },
  {
    method: 'POST',
    url: '/api/communities/:code/work-orders',
    allowed: WO_RESIDENTS,
    request: ({ unitId }) => ({ method: 'POST', url: WO, payload: { unitId, kind: 'repair', category: 'facilities', title: 'RBAC', idempotencyKey: `rbac-${Math.random()}` } }),
  },
  { method: 'GET', url: '/api/communities/:code/work-orders', allowed: WO_QUEUE, request: () => ({ method: 'GET', url: WO }) },
  { method: 'GET', url: '/api/communities/:code/work-orders/:id', allowed: WO_READERS, request: ({ workOrderId }) => ({ method: 'GET', url: `${WO}/${workOrderId}` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/work-orders/:id/photos/:sha256',
    allowed: WO_READERS,
    request: ({ workOrderId, workOrderPhoto }) => ({ method: 'GET', url: `${WO}/${workOrderId}/photos/${workOrderPhoto}` }),
  },
  // moves on an order already closed: the access check runs first, then the state machine refuses
  { method: 'POST', url: '/api/communities/:code/work-orders/:id/assign', allowed: ['trustee'], request: ({ workOrderId }) => ({ method: 'POST', url: `${WO}/${workOrderId}/assign`, payload: { assignee: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/work-orders/:id/start', allowed: ['trustee'], request: ({ workOrderId }) => ({ method: 'POST', url: `${WO}/${workOrderId}/start` }) },
  { method: 'POST', url: '/api/communities/:code/work-orders/:id/resolve', allowed: ['trustee'], request: ({ workOrderId }) => ({ method: 'POST', url: `${WO}/${workOrderId}/resolve`, payload: { note: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/work-orders/:id/confirm', allowed: WO_RESIDENTS, request: ({ workOrderId }) => ({ method: 'POST', url: `${WO}/${workOrderId}/confirm`, payload: { rating: 5 } }) },
  { method: 'POST', url: '/api/communities/:code/work-orders/:id/reopen', allowed: WO_RESIDENTS, request: ({ workOrderId }) => ({ method: 'POST', url: `${WO}/${workOrderId}/reopen`, payload: {} }) },
  { method: 'POST', url: '/api/communities/:code/work-orders/:id/cancel', allowed: WO_RESIDENTS, request: ({ workOrderId }) => ({ method: 'POST', url: `${WO}/${workOrderId}/cancel`, payload: {} }) },
  // inspections, surveys, scores (src/modules/quality/inspections.routes.ts): writes go to a
  // submitted inspection, carry a bad date or an unknown unit, or ask for a month not yet over,
  // so that the service refuses them after the access check
  { method: 'GET', url: '/api/communities/:code/quality/inspections/monthly', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${Q}/inspections/monthly?from=2025-01&to=2026-01` }) },
  { method: 'POST', url: '/api/communities/:code/quality/inspection-photos', allowed: INSPECTORS, request: () => ({ method: 'POST', url: `${Q}/inspection-photos`, ...multipartFile('file', 'p.png', PNG) }) },
  { method: 'POST', url: '/api/communities/:code/quality/inspections', allowed: INSPECTORS, request: () => ({ method: 'POST', url: `${Q}/inspections`, payload: { inspectedOn: '2026-12-31' } }) },
  { method: 'GET', url: '/api/communities/:code/quality/inspections', allowed: INSPECTION_READERS, request: () => ({ method: 'GET', url: `${Q}/inspections?from=2026-01-01&to=2026-01-31` }) },
  { method: 'GET', url: '/api/communities/:code/quality/inspections/:id', allowed: INSPECTION_READERS, request: ({ inspectionId }) => ({ method: 'GET', url: `${Q}/inspections/${inspectionId}` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/quality/inspections/:id/photos/:sha256',
    allowed: INSPECTION_READERS,
    request: ({ inspectionId, inspectionPhoto }) => ({ method: 'GET', url: `${Q}/inspections/${inspectionId}/photos/${inspectionPhoto}` }),
  },
  { method: 'PUT', url: '/api/communities/:code/quality/inspections/:id/items/:itemCode', allowed: INSPECTORS, request: ({ inspectionId }) => ({ method: 'PUT', url: `${Q}/inspections/${inspectionId}/items/CLN-02`, payload: { scoreBp: 9000 } }) },
  { method: 'DELETE', url: '/api/communities/:code/quality/inspections/:id/items/:itemCode', allowed: INSPECTORS, request: ({ inspectionId }) => ({ method: 'DELETE', url: `${Q}/inspections/${inspectionId}/items/CLN-01` }) },
  { method: 'POST', url: '/api/communities/:code/quality/inspections/:id/items/:itemCode/work-order', allowed: INSPECTORS, request: ({ inspectionId }) => ({ method: 'POST', url: `${Q}/inspections/${inspectionId}/items/NOPE-99/work-order` }) },
  { method: 'POST', url: '/api/communities/:code/quality/inspections/:id/submit', allowed: INSPECTORS, request: ({ inspectionId }) => ({ method: 'POST', url: `${Q}/inspections/${inspectionId}/submit` }) },
  { method: 'GET', url: '/api/communities/:code/quality/surveys', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${Q}/surveys` }) },
  { method: 'POST', url: '/api/communities/:code/quality/surveys', allowed: ['committee'], request: () => ({ method: 'POST', url: `${Q}/surveys`, payload: { period: '2026-Q2', opensOn: '2026-04-10', closesOn: '2026-04-01' } }) },
  { method: 'GET', url: '/api/communities/:code/quality/surveys/:id/results', allowed: EVERYONE, request: ({ surveyId }) => ({ method: 'GET', url: `${Q}/surveys/${surveyId}/results` }) },
  { method: 'GET', url: '/api/communities/:code/quality/surveys/:id/mine', allowed: HOUSEHOLDS, request: ({ surveyId }) => ({ method: 'GET', url: `${Q}/surveys/${surveyId}/mine` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/quality/surveys/:id/responses',
    allowed: HOUSEHOLDS,
    request: ({ surveyId }) => ({ method: 'POST', url: `${Q}/surveys/${surveyId}/responses`, payload: { unitId: 999_999_999, ratings: { cleaning: 5 } } }),
  },
  { method: 'GET', url: '/api/communities/:code/quality/scores', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${Q}/scores?from=2025-01&to=2026-01` }) },
  { method: 'POST', url: '/api/communities/:code/quality/scores/compute', allowed: SCORERS, request: () => ({ method: 'POST', url: `${Q}/scores/compute`, payload: { period: '2026-01' } }) },
  // the open budget: writes are refused by the service after the access check (the year exists, a
  // draft exists, an unknown account or line, a date past, a comment hidden or not, a pending
  // draft, the year not over), so that no case changes what a later one sees
  { method: 'GET', url: '/api/communities/:code/budgets', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${C}/budgets` }) },
  { method: 'POST', url: '/api/communities/:code/budgets', allowed: BUDGET_DRAFTERS, request: () => ({ method: 'POST', url: `${C}/budgets`, payload: { year: BY, title: 'RBAC' } }) },
  { method: 'GET', url: '/api/communities/:code/budgets/:year', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${C}/budgets/${BY}` }) },
  { method: 'POST', url: '/api/communities/:code/budgets/:year/drafts', allowed: BUDGET_DRAFTERS, request: () => ({ method: 'POST', url: `${C}/budgets/${BY}/drafts`, payload: { kind: 'revision' } }) },
  {
    method: 'PUT',
    url: '/api/communities/:code/budgets/:year/draft',
    allowed: BUDGET_DRAFTERS,
    request: () => ({
      method: 'PUT',
      url: `${C}/budgets/${BY}/draft`,
      payload: {
        basis: { feeIncomeFen: 0, collectionRateBp: 9500, publicRevenueFen: 0, otherIncomeFen: 0, reserveFen: 0 },
        basisText: '',
        note: '',
        lines: [{ code: 'L01', account: '5999', name: 'RBAC', amountFen: 1, basis: '', standard: null }],
        answers: [],
      },
    }),
  },
  { method: 'POST', url: '/api/communities/:code/budgets/:year/draft/publish', allowed: BUDGET_DRAFTERS, request: () => ({ method: 'POST', url: `${C}/budgets/${BY}/draft/publish`, payload: { consultationEndsOn: '2020-01-01' } }) },
  { method: 'GET', url: '/api/communities/:code/budgets/:year/versions/:number', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${C}/budgets/${BY}/versions/1` }) },
  { method: 'GET', url: '/api/communities/:code/budgets/:year/diff', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${C}/budgets/${BY}/diff?from=1&to=1` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/budgets/:year/versions/:number/comments',
    allowed: BUDGET_COMMENTERS,
    request: () => ({ method: 'POST', url: `${C}/budgets/${BY}/versions/1/comments`, payload: { line: 'NOPE', stance: 'comment', body: 'RBAC', idempotencyKey: `rbac-${Math.random()}` } }),
  },
  { method: 'POST', url: '/api/communities/:code/budgets/:year/comments/:id/hide', allowed: BUDGET_MODERATORS, request: ({ hiddenCommentId }) => ({ method: 'POST', url: `${C}/budgets/${BY}/comments/${hiddenCommentId}/hide`, payload: { reason: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/budgets/:year/comments/:id/unhide', allowed: BUDGET_MODERATORS, request: ({ visibleCommentId }) => ({ method: 'POST', url: `${C}/budgets/${BY}/comments/${visibleCommentId}/unhide`, payload: { reason: 'RBAC' } }) },
  { method: 'GET', url: '/api/communities/:code/budgets/:year/moderation', allowed: BUDGET_MODERATION_READERS, request: () => ({ method: 'GET', url: `${C}/budgets/${BY}/moderation` }) },
  { method: 'POST', url: '/api/communities/:code/budgets/:year/versions/:number/submit', allowed: BUDGET_MODERATORS, request: () => ({ method: 'POST', url: `${C}/budgets/${BY}/versions/1/submit`, payload: { decisionId: 999_999_999, item: 1 } }) },
  { method: 'GET', url: '/api/communities/:code/budgets/:year/execution', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${C}/budgets/${BY}/execution` }) },
  { method: 'POST', url: '/api/communities/:code/budgets/:year/final-accounts', allowed: BUDGET_DRAFTERS, request: () => ({ method: 'POST', url: `${C}/budgets/${BY}/final-accounts`, payload: { summary: 'RBAC', explanations: [] } }) },
  // spending: writes go to a withdrawn proposal, carry a zero threshold or an emergency without its
  // reason, so that the service refuses them after the access check and no case changes another
  { method: 'GET', url: '/api/communities/:code/spending/settings', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${SP}/settings` }) },
  { method: 'PUT', url: '/api/communities/:code/spending/settings', allowed: SPENDING_APPROVERS, request: () => ({ method: 'PUT', url: `${SP}/settings`, payload: { committeeFen: 0 } }) },
  { method: 'POST', url: '/api/communities/:code/spending/quotes', allowed: SPENDING_KEEPERS, request: () => ({ method: 'POST', url: `${SP}/quotes`, ...multipartFile('file', 'quote.png', PNG) }) },
  {
    method: 'POST',
    url: '/api/communities/:code/spending/proposals',
    allowed: SPENDING_KEEPERS,
    request: () => ({ method: 'POST', url: `${SP}/proposals`, payload: { idempotencyKey: `rbac-${Math.random()}`, year: null, line: null, account: '5005', title: 'RBAC', counterparty: 'RBAC', amountFen: 100, emergency: true } }),
  },
  { method: 'GET', url: '/api/communities/:code/spending/proposals', allowed: EVERYONE, request: () => ({ method: 'GET', url: `${SP}/proposals?pageSize=200` }) },
  { method: 'GET', url: '/api/communities/:code/spending/proposals/:id', allowed: EVERYONE, request: ({ proposalId }) => ({ method: 'GET', url: `${SP}/proposals/${proposalId}` }) },
  {
    method: 'GET',
    url: '/api/communities/:code/spending/proposals/:id/quotes/:sha256',
    allowed: VOUCHER_READERS,
    request: ({ withdrawnId, quoteSha }) => ({ method: 'GET', url: `${SP}/proposals/${withdrawnId}/quotes/${quoteSha}` }),
  },
  { method: 'POST', url: '/api/communities/:code/spending/proposals/:id/approve', allowed: SPENDING_APPROVERS, request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/approve`, payload: {} }) },
  { method: 'POST', url: '/api/communities/:code/spending/proposals/:id/reject', allowed: SPENDING_APPROVERS, request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/reject`, payload: { note: 'RBAC' } }) },
  {
    method: 'POST',
    url: '/api/communities/:code/spending/proposals/:id/decision',
    allowed: SPENDING_APPROVERS,
    request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/decision`, payload: { decisionId: 999_999_999, item: 1 } }),
  },
  { method: 'POST', url: '/api/communities/:code/spending/proposals/:id/ratify', allowed: SPENDING_APPROVERS, request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/ratify`, payload: { verdict: 'approve' } }) },
  // cancelling an approved proposal: its proposer (trustee) or any committee member (the service decides which of them)
  { method: 'POST', url: '/api/communities/:code/spending/proposals/:id/cancel', allowed: [...SPENDING_KEEPERS, ...SPENDING_APPROVERS], request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/cancel`, payload: { reason: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/spending/proposals/:id/withdraw', allowed: SPENDING_KEEPERS, request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/withdraw`, payload: { reason: 'RBAC' } }) },
  { method: 'POST', url: '/api/communities/:code/spending/proposals/:id/disclose', allowed: SPENDING_KEEPERS, request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/disclose` }) },
  {
    method: 'POST',
    url: '/api/communities/:code/spending/proposals/:id/post',
    allowed: SPENDING_KEEPERS,
    request: ({ withdrawnId }) => ({ method: 'POST', url: `${SP}/proposals/${withdrawnId}/post`, payload: { idempotencyKey: `rbac-${Math.random()}`, date: '2026-01-15', vouchers: [] } }),
  },
];

let app: FastifyInstance;
const callers = new Map<Who, Caller>();
const spareSessions = new Map<Who, Caller>();
let ids: Ids;
let phones: string[];
let idNumbers: string[];

beforeAll(async () => {
  await seedDemo(t.ctx, t.services, { decisions: false, quality: false });
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
  ids = { unitId: unit.id, accountId: grid.id, ...(await seedBilling()), ...(await seedDecisions()), ...(await seedQuality()), ...(await seedWorkOrders()), ...(await seedBudget()), ...(await seedSpending()) };
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
        if (NO_PHONES.has(rule.url)) {
          for (const phone of phones) expect.soft(res.body.includes(phone), `${who} sees phone ${phone} in ${rule.url}`).toBe(false);
          expect.soft(res.body.match(PHONE_LIKE)?.[0], `${who} sees a phone number in ${rule.url}`).toBeUndefined();
        }
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

/**
 * Billing the demo has not got: a fee standard, a bill run for 2026-01 (due 2026-01-10, so overdue
 * on the test clock's 2026-01-15), a part payment and a reminder for a unit of the demo owner, and
 * a bank statement import.
 */
async function seedBilling(): Promise<Pick<Ids, 'ownUnitId' | 'paymentId' | 'reminderId' | 'bankImportId' | 'scheduleId'>> {
  const { billing, collection, bank } = t.services;
  const c = await billing.communityOrThrow(DEMO_CODE);
  // the demo has fee schedules, a bill run for every month up to the test clock's, and units in arrears
  const own = await t.db
    .selectFrom('accounts')
    .innerJoin('account_persons', 'account_persons.account_id', 'accounts.id')
    .innerJoin('unit_owners', 'unit_owners.person_id', 'account_persons.person_id')
    .innerJoin('units', 'units.id', 'unit_owners.unit_id')
    .select('units.id')
    .where('accounts.login', '=', 'owner')
    .where('units.kind', '=', 'residential')
    .orderBy('units.code')
    .executeTakeFirstOrThrow();
  const payment = await billing.recordPayment(c, { unitId: own.id, amountFen: 100, channel: 'cash', paidOn: '2026-01-12', idempotencyKey: 'rbac-payment' }, null);
  await collection.issueReminders(c, {}, null);
  const reminder = await t.db.selectFrom('reminders').select('id').orderBy('id').executeTakeFirstOrThrow();
  const imported = await bank.importStatement(c, { data: STATEMENT, fileName: 'statement.csv' }, null);
  // a schedule with its decision document, for the document route
  const doc = await billing.storeDocument(PNG);
  const schedule = await billing.addSchedule(c, { unitKind: 'storage', rateCf: 5000, effectiveFrom: '2026-02-01', decisionRef: '测试决议', document: { sha256: doc.sha256, name: '决议.png' } }, null);
  return { ownUnitId: own.id, paymentId: payment.paymentId, reminderId: reminder.id, bankImportId: imported.id, scheduleId: schedule.id };
}

/**
 * Decisions the demo has not got: one published (ballot, attachment; in its objection period on
 * the test clock), one in voting until 2026-01-31 with a pending paper ballot, and a posted
 * committee meeting. Made with the clock set back, then the clock is restored.
 */
async function seedDecisions(): Promise<Pick<Ids, 'votingId' | 'publishedId' | 'receiptCode' | 'attachmentSha' | 'scanSha' | 'meetingId'>> {
  const { decisions, ballots, results, committee } = t.services;
  const c = await decisions.communityOrThrow(DEMO_CODE);
  const accountId = async (login: string) => (await t.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const cmId = await accountId('committee');
  const ownerId = await accountId('owner');
  const cm = committeeActor(cmId);
  const back = t.clock.now();
  t.clock.set('2025-12-01T02:00:00Z');
  const attachment = await decisions.storeDocument(PNG);
  const scan = await decisions.storeDocument(Buffer.from('%PDF-1.4\nRBAC 表决票扫描件\n'));
  const item = [{ matter: 9, title: 'RBAC 事项' }];
  const published = await decisions.create(c, { kind: 'written', title: 'RBAC 已公布', votingOpensOn: '2025-12-16', votingClosesOn: '2025-12-20', items: item, attachments: [{ kind: 'budget', sha256: attachment.sha256, name: '预算.png' }] }, cmId);
  const voting = await decisions.create(c, { kind: 'written', title: 'RBAC 投票中', votingOpensOn: '2025-12-16', votingClosesOn: '2026-01-31', items: item }, cmId);
  for (const d of [published, voting]) await decisions.notice(c, d.id, cm);
  t.clock.set('2025-12-16T02:00:00Z');
  for (const d of [published, voting]) await decisions.open(c, d.id, cm);
  const mine = await ballots.mine(c, published.id, ownerId);
  const cast = await ballots.cast(c, published.id, ownerId, { voterId: mine.voters[0]!.voterId, choices: [{ item: 1, choice: 'agree' }], idempotencyKey: 'rbac-ballot' });
  const other = (await decisions.roll(c, voting.id)).voters.filter((v) => v.kind === 'owners').at(-1)!;
  await ballots.enterPaper(c, voting.id, cmId, { unitCode: other.unitCodes[0]!, choices: [{ item: 1, choice: 'agree' }], scanSha256: scan.sha256, idempotencyKey: 'rbac-paper' });
  t.clock.set('2025-12-21T02:00:00Z');
  await results.close(c, published.id, cm);
  await results.publish(c, published.id, cm);
  t.clock.set(back);
  const meeting = await committee.create(c, cmId, { title: 'RBAC 会议', motion: '同意 RBAC', heldOn: '2026-01-14' });
  await committee.vote(c, meeting.id, cmId, 'agree');
  await committee.post(c, meeting.id, cmId);
  return { votingId: voting.id, publishedId: published.id, receiptCode: cast.receiptCode, attachmentSha: attachment.sha256, scanSha: scan.sha256, meetingId: meeting.id };
}

/** A work order the demo owner filed for their unit with a photo, worked and rated (closed: no move of the policy table changes it). */
async function seedWorkOrders(): Promise<Pick<Ids, 'workOrderId' | 'workOrderPhoto'>> {
  const { workOrders } = t.services;
  const c = await workOrders.communityOrThrow(DEMO_CODE);
  const accountId = async (login: string) => (await t.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const [ownerId, trusteeId] = [await accountId('owner'), await accountId('trustee')];
  const own = await t.db
    .selectFrom('account_persons')
    .innerJoin('unit_owners', 'unit_owners.person_id', 'account_persons.person_id')
    .select('unit_owners.unit_id')
    .where('account_persons.account_id', '=', ownerId)
    .orderBy('unit_owners.unit_id')
    .executeTakeFirstOrThrow();
  const photo = await workOrders.storePhoto(PNG);
  const { id } = await workOrders.file(c, ownerId, { unitId: own.unit_id, kind: 'repair', category: 'facilities', title: 'RBAC 报修', photos: [photo.sha256], idempotencyKey: 'rbac-work-order' });
  await workOrders.assign(c, id, trusteeId, 'RBAC 师傅');
  await workOrders.start(c, id, trusteeId);
  await workOrders.resolve(c, id, trusteeId, { note: '已处理' });
  await workOrders.confirm(c, id, ownerId, { rating: 5 });
  return { workOrderId: id, workOrderPhoto: photo.sha256 };
}

/** A submitted inspection by the committee member with a photo, and a survey open until the end of January. */
async function seedQuality(): Promise<Pick<Ids, 'inspectionId' | 'inspectionPhoto' | 'surveyId'>> {
  const { inspections, surveys } = t.services;
  const c = await inspections.communityOrThrow(DEMO_CODE);
  const cmId = (await t.db.selectFrom('accounts').select('id').where('login', '=', 'committee').executeTakeFirstOrThrow()).id;
  const photo = await inspections.storePhoto(PNG);
  const { id } = await inspections.create(c, { inspectedOn: '2026-01-14', note: 'RBAC 检查' }, cmId);
  await inspections.scoreItem(c, id, 'CLN-01', { scoreBp: 9000, finding: 'RBAC 发现', photos: [photo.sha256] }, cmId);
  await inspections.submit(c, id, cmId);
  const survey = await surveys.create(c, { opensOn: '2026-01-10', closesOn: '2026-01-31' }, cmId);
  return { inspectionId: id, inspectionPhoto: photo.sha256, surveyId: survey.id };
}

/** A budget for year BY: version 1 in consultation with two comments of the demo owner (the committee hid one), version 2 a draft. */
async function seedBudget(): Promise<Pick<Ids, 'hiddenCommentId' | 'visibleCommentId'>> {
  const { budget, decisions } = t.services;
  const c = await decisions.communityOrThrow(DEMO_CODE);
  const accountId = async (login: string) => (await t.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const [trusteeId, ownerId, cmId] = [await accountId('trustee'), await accountId('owner'), await accountId('committee')];
  await budget.create(c, { year: BY, title: 'RBAC 预算' }, trusteeId);
  const basis = { feeIncomeFen: 1_000_000, collectionRateBp: 9500, publicRevenueFen: 0, otherIncomeFen: 0, reserveFen: 0 };
  await budget.saveDraft(c, BY, { basis, basisText: '', note: '', lines: [{ code: 'L01', account: '5002', name: '保洁费用', amountFen: 100_000, basis: '', standard: null }], answers: [] }, trusteeId);
  await budget.publish(c, BY, {}, trusteeId);
  const owner = { accountId: ownerId, roles: new Set(['owner' as const]) };
  const hidden = await budget.comment(c, BY, 1, owner, { line: 'L01', stance: 'oppose', body: 'RBAC 意见一', idempotencyKey: 'rbac-budget-1' });
  const visible = await budget.comment(c, BY, 1, owner, { line: null, stance: 'support', body: 'RBAC 意见二', idempotencyKey: 'rbac-budget-2' });
  await budget.hide(c, BY, hidden.id, 'RBAC', cmId);
  await budget.newDraft(c, BY, 'revision', trusteeId);
  return { hiddenCommentId: hidden.id, visibleCommentId: visible.id };
}

/** Spending: an emergency without a line, ratified by the demo committee member; another withdrawn, with a quote. */
async function seedSpending(): Promise<Pick<Ids, 'proposalId' | 'withdrawnId' | 'quoteSha'>> {
  const { spending } = t.services;
  const c = await spending.communityOrThrow(DEMO_CODE);
  const accountId = async (login: string) => (await t.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const [trusteeId, cmId] = [await accountId('trustee'), await accountId('committee')];
  const quote = await spending.storeQuote(c, PNG);
  const emergency = { year: null, line: null, account: '5005', counterparty: 'RBAC 维修公司', amountFen: 10_000, emergency: true, emergencyReason: 'RBAC 抢修' };
  const ratified = await spending.propose(c, trusteeId, { ...emergency, idempotencyKey: 'rbac-spending-1', title: 'RBAC 紧急维修' });
  await spending.ratify(c, ratified.id, cmId, { verdict: 'approve', note: 'RBAC' });
  const withdrawn = await spending.propose(c, trusteeId, { ...emergency, idempotencyKey: 'rbac-spending-2', title: 'RBAC 撤回', quotes: [{ vendor: 'RBAC 维修公司', amountFen: 10_000, sha256: quote.sha256, name: 'RBAC 报价.png', chosen: true }] });
  await spending.withdraw(c, withdrawn.id, trusteeId, 'RBAC');
  return { proposalId: ratified.id, withdrawnId: withdrawn.id, quoteSha: quote.sha256 };
}

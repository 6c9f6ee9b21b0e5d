/**
 * The ledger's HTTP routes on the real database: the trustee posts with a voucher, the public
 * reads the ledger without persons or voucher files, owners inspect vouchers and every view is
 * logged, an owner finds their payment by their unit's pseudonym, months close and publish, a
 * closed month refuses entries with a clear 422.
 *
 * The demo community (whatever ledger history seedDemo gives it) is used for what needs its
 * accounts and units; a fresh community whose months this file controls for close, publish,
 * calendar, statements and series.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { type Caller, anonymous, multipartFile, signIn } from '../../../test/helpers/http.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createHttpApp } from '../../compose.js';
import { DEMO_CODE, DEMO_PASSWORD, seedDemo } from '../../demo/fenghuayuan.js';
import { sha256Of } from '../../platform/files.js';
import { verifyJsonExport } from './export.rules.js';

const t = await createTestDb({ clock: '2026-03-05T04:00:00Z' });
const D = `/api/communities/${DEMO_CODE}/ledger`;
const TODAY = '2026-03-05';

/** A 1×1 PNG and a one-page PDF header: the server sniffs the type from the bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

let app: FastifyInstance;
let anon: Caller;
const as: Record<string, Caller> = {};
let key = 0;
const nextKey = () => `routes-test-${++key}`;

/** A public-revenue receipt (expenses are posted from approved spending proposals; cash goes out by hand only to pay what is owed). */
function payment(over: Record<string, unknown> = {}) {
  return {
    idempotencyKey: nextKey(),
    date: TODAY,
    memo: '电梯轿厢广告位租金 3 月',
    reason: 'public_revenue',
    counterparty: '成都楼宇视界传媒有限公司',
    lines: [
      { account: '1001', debitFen: 1_234_56, creditFen: 0 },
      { account: '4102', debitFen: 0, creditFen: 1_234_56 },
    ],
    ...over,
  };
}

async function upload(caller: Caller, code: string, data: Buffer, name = 'invoice.png') {
  return caller.call({ method: 'POST', url: `/api/communities/${code}/ledger/vouchers`, ...multipartFile('file', name, data) });
}

beforeAll(async () => {
  await seedDemo(t.ctx, t.services, { decisions: false, quality: false });
  t.clock.set(`${TODAY}T04:00:00Z`);
  const demo = (await t.services.accounts.authenticator.findCommunity(DEMO_CODE))!;
  await t.services.ledger.ensureLedger(demo.id, demo.code);
  app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
  anon = anonymous(app);
  for (const who of ['trustee', 'owner', 'tenant', 'committee', 'supervisor', 'grid', 'street', 'admin']) as[who] = await signIn(app, who, DEMO_PASSWORD);
}, 120_000);

afterAll(() => app?.close());

describe('posting with a voucher, and inspecting it', () => {
  let posted: { seq: number; hash: string };
  let sha: string;

  it('the trustee uploads a voucher and posts an entry that carries it; a retry posts nothing new', async () => {
    const up = await upload(as.trustee!, DEMO_CODE, PNG, '广告租金收据.png');
    expect(up.statusCode, up.body).toBe(200);
    sha = up.json().sha256;
    expect(up.json()).toEqual({ sha256: sha256Of(PNG), mediaType: 'image/png', sizeBytes: PNG.length });

    const body = payment({ vouchers: [{ sha256: sha, name: '广告租金收据.png' }] });
    const res = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    posted = res.json();
    expect(res.json().created).toBe(true);
    expect(posted.hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: body });
    expect(again.json()).toEqual({ ...posted, created: false });
  });

  it('the entry is public: lines, voucher hash and name, chain hash — but not the file', async () => {
    const res = await anon.call({ method: 'GET', url: `${D}/entries?period=2026-03&account=4102&pageSize=200` });
    expect(res.statusCode).toBe(200);
    const e = res.json().items.find((x: { seq: number }) => x.seq === posted.seq);
    expect(e).toMatchObject({
      date: TODAY,
      reason: 'public_revenue',
      counterparty: '成都楼宇视界传媒有限公司',
      hash: posted.hash,
      reverses: null,
      reversedBy: null,
      lines: [
        { account: '1001', debitFen: 123456, creditFen: 0 },
        { account: '4102', debitFen: 0, creditFen: 123456 },
      ],
      vouchers: [{ sha256: sha, name: '广告租金收据.png' }],
    });
    const file = await anon.call({ method: 'GET', url: `${D}/entries/${posted.seq}/vouchers/${sha}` });
    expect(file.statusCode).toBe(401);
  });

  it('owners, the overseers and officials may open the voucher; tenants, grid workers and the admin may not', async () => {
    for (const who of ['owner', 'committee', 'supervisor', 'trustee', 'street']) {
      const res = await as[who]!.call({ method: 'GET', url: `${D}/entries/${posted.seq}/vouchers/${sha}` });
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('广告租金收据.png'));
      expect(res.rawPayload.equals(PNG)).toBe(true);
    }
    for (const who of ['tenant', 'grid', 'admin']) {
      const res = await as[who]!.call({ method: 'GET', url: `${D}/entries/${posted.seq}/vouchers/${sha}` });
      expect(res.statusCode, who).toBe(403);
    }
  });

  it('a voucher is served only with the entry it belongs to', async () => {
    const res = await as.owner!.call({ method: 'GET', url: `${D}/entries/${posted.seq}/vouchers/${'0'.repeat(64)}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ledger.voucher_not_found');
  });

  it('every view is logged; the committee, the supervisor and the trustee read the log, owners do not', async () => {
    const log = await as.supervisor!.call({ method: 'GET', url: `${D}/voucher-views?pageSize=50` });
    expect(log.statusCode, log.body).toBe(200);
    const views = log.json().items.filter((v: { seq: number }) => v.seq === posted.seq);
    // owner, committee, supervisor, trustee, street: five views, refused calls not logged
    expect(views).toHaveLength(5);
    expect(views.every((v: { sha256: string; name: string }) => v.sha256 === sha && v.name === '广告租金收据.png')).toBe(true);
    const ownerAccount = await t.db.selectFrom('accounts').select(['id', 'display_name']).where('login', '=', 'owner').executeTakeFirstOrThrow();
    expect(views.some((v: { accountId: number; viewer: string }) => v.accountId === ownerAccount.id && v.viewer === ownerAccount.display_name)).toBe(true);
    expect((await as.owner!.call({ method: 'GET', url: `${D}/voucher-views` })).statusCode).toBe(403);
    expect((await as.trustee!.call({ method: 'GET', url: `${D}/voucher-views` })).statusCode).toBe(200);
  });

  it('the reversal links both ways', async () => {
    const res = await as.trustee!.call({ method: 'POST', url: `${D}/entries/${posted.seq}/reverse`, payload: { idempotencyKey: nextKey(), date: TODAY, memo: '发票金额有误，冲销' } });
    expect(res.statusCode, res.body).toBe(200);
    const rev = res.json();
    const list = (await anon.call({ method: 'GET', url: `${D}/entries?period=2026-03&pageSize=200` })).json().items as { seq: number; reversedBy: number | null; reverses: number | null; reason: string }[];
    expect(list.find((e) => e.seq === posted.seq)!.reversedBy).toBe(rev.seq);
    expect(list.find((e) => e.seq === rev.seq)).toMatchObject({ reverses: posted.seq, reason: 'reversal' });
    const one = await anon.call({ method: 'GET', url: `${D}/entries/${posted.seq}` });
    expect(one.json()).toMatchObject({ seq: posted.seq, hash: posted.hash, reversedBy: rev.seq, vouchers: [{ sha256: sha }] });
    expect((await anon.call({ method: 'GET', url: `${D}/entries/${rev.seq}` })).json()).toMatchObject({ reverses: posted.seq, lines: [{ account: '1001', creditFen: 123456 }, { account: '4102', debitFen: 123456 }] });
    expect((await anon.call({ method: 'GET', url: `${D}/entries/999999` })).statusCode).toBe(404);
    const twice = await as.trustee!.call({ method: 'POST', url: `${D}/entries/${posted.seq}/reverse`, payload: { idempotencyKey: nextKey(), date: TODAY, memo: '再冲一次' } });
    expect(twice.statusCode).toBe(409);
  });

  it('refuses what is not a voucher, an unknown voucher, an unbalanced entry and a hand-made accrual', async () => {
    const txt = await upload(as.trustee!, DEMO_CODE, Buffer.from('just text'), 'note.txt');
    expect(txt.statusCode).toBe(422);
    expect(txt.json().error.code).toBe('ledger.voucher_type');
    const pdf = await upload(as.trustee!, DEMO_CODE, PDF, 'contract.pdf');
    expect(pdf.json().mediaType).toBe('application/pdf');

    const unknown = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: payment({ vouchers: [{ sha256: 'a'.repeat(64), name: 'x.png' }] }) });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('ledger.voucher_unknown');

    const unbalanced = await as.trustee!.call({
      method: 'POST',
      url: `${D}/entries`,
      payload: payment({ lines: [{ account: '1001', debitFen: 100, creditFen: 0 }, { account: '4102', debitFen: 0, creditFen: 99 }] }),
    });
    expect(unbalanced.statusCode).toBe(422);
    expect(unbalanced.json().error).toMatchObject({ code: 'ledger.unbalanced', message: '借贷不平衡' });

    const accrual = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: payment({ reason: 'remuneration_accrual' }) });
    expect(accrual.statusCode).toBe(400);
  });

  it('refuses an expense by hand: expenses are posted from an approved spending proposal', async () => {
    const body = payment({ reason: 'expense', lines: [{ account: '5002', debitFen: 100, creditFen: 0 }, { account: '1001', debitFen: 0, creditFen: 100 }] });
    const res = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: body });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({ code: 'ledger.expense_needs_proposal', message: '支出不能手工记账：须由已批准的支出申请入账（无预算不支出）' });
    const rows = await t.db.selectFrom('ledger_entries').select('seq').where('idempotency_key', '=', body.idempotencyKey).execute();
    expect(rows).toEqual([]);
    // nor under another reason: any debit to an expense account
    const disguised = payment({ reason: 'adjustment', lines: [{ account: '5002', debitFen: 100, creditFen: 0 }, { account: '1001', debitFen: 0, creditFen: 100 }] });
    const again = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: disguised });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('ledger.expense_needs_proposal');
  });

  it('lets cash out by hand only to pay what is owed, never more', async () => {
    // money out under a reason that pays nothing owed
    const out = payment({ reason: 'adjustment', lines: [{ account: '3001', debitFen: 9_000_000, creditFen: 0 }, { account: '1001', debitFen: 0, creditFen: 9_000_000 }] });
    const res = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: out });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ledger.cash_out_by_hand');
    // a payable the fund does not owe (no expense booked to 2202)
    const owed = await t.db
      .selectFrom('ledger_balances')
      .select((eb) => eb.fn.sum<string>(eb('credit_fen', '-', eb.ref('debit_fen'))).as('fen'))
      .where('account_code', '=', '2202')
      .executeTakeFirst();
    const tooMuch = Number(owed?.fen ?? 0) + 100;
    const pay = payment({ reason: 'payable_payment', lines: [{ account: '2202', debitFen: tooMuch, creditFen: 0 }, { account: '1001', debitFen: 0, creditFen: tooMuch }] });
    const refused = await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: pay });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('ledger.beyond_owed');
    expect(await t.db.selectFrom('ledger_entries').select('seq').where('idempotency_key', 'in', [out.idempotencyKey, pay.idempotencyKey]).execute()).toEqual([]);
  });

  it('does not reverse a reversal (it would post the original again without its approval trail)', async () => {
    const body = payment();
    const posted = (await as.trustee!.call({ method: 'POST', url: `${D}/entries`, payload: body })).json();
    const rev = await as.trustee!.call({ method: 'POST', url: `${D}/entries/${posted.seq}/reverse`, payload: { idempotencyKey: nextKey(), date: TODAY, memo: '录入错误，冲销' } });
    expect(rev.statusCode, rev.body).toBe(200);
    const again = await as.trustee!.call({ method: 'POST', url: `${D}/entries/${rev.json().seq}/reverse`, payload: { idempotencyKey: nextKey(), date: TODAY, memo: '再冲销' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ledger.reverse_reversal');
  });

  it('only the trustee writes', async () => {
    for (const who of ['owner', 'committee', 'supervisor']) {
      expect((await as[who]!.call({ method: 'POST', url: `${D}/entries`, payload: payment() })).statusCode, who).toBe(403);
      expect((await upload(as[who]!, DEMO_CODE, PNG)).statusCode, who).toBe(403);
    }
    expect((await anon.call({ method: 'POST', url: `${D}/entries`, payload: payment() })).statusCode).toBe(401);
  });
});

describe('find my payment', () => {
  it("an owner's unit pseudonym finds their payment in the public ledger; the ledger shows no name", async () => {
    const mine = (await as.owner!.call({ method: 'GET', url: '/api/me/units' })).json().items as { pseudonym: string | null; relation: string; code: string }[];
    const owned = mine.filter((u) => u.relation === 'owner');
    expect(owned.length).toBeGreaterThanOrEqual(1);
    const pseudonym = owned[0]!.pseudonym!;
    expect(pseudonym).toBeTruthy();

    const pay = await as.trustee!.call({
      method: 'POST',
      url: `${D}/entries`,
      payload: {
        idempotencyKey: nextKey(),
        date: TODAY,
        // the memo is public too: it must not name the unit (that would undo the pseudonym)
        memo: '物业费 2026 年第一季度',
        reason: 'fee_payment',
        counterparty: pseudonym,
        lines: [
          { account: '1001', debitFen: 53_436, creditFen: 0 },
          { account: '4001', debitFen: 0, creditFen: 53_436 },
        ],
      },
    });
    expect(pay.statusCode, pay.body).toBe(200);

    const found = await anon.call({ method: 'GET', url: `${D}/entries?counterparty=${encodeURIComponent(pseudonym)}` });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((e: { seq: number }) => e.seq)).toContain(pay.json().seq);
    expect(found.json().items.every((e: { counterparty: string }) => e.counterparty === pseudonym)).toBe(true);

    const ownerName = (await t.db.selectFrom('accounts').select('display_name').where('login', '=', 'owner').executeTakeFirstOrThrow()).display_name;
    const all = await anon.call({ method: 'GET', url: `${D}/entries?pageSize=200` });
    expect(all.body).not.toContain(ownerName);

    const nobody = await anon.call({ method: 'GET', url: `${D}/entries?counterparty=U-nobody` });
    expect(nobody.json().total).toBe(0);
  });
});

describe('close, publish, calendar, statements', () => {
  const L = '/api/communities/ledger-rt/ledger';

  beforeAll(async () => {
    const c = await buildCommunity(t.services, 'ledger-rt');
    await t.services.ledger.ensureLedger(c.id, c.code);
    await t.services.close.setContract(c.id, { effectiveFrom: '2026-01-01', rateBp: 1500, base: 'received_fees_and_public_revenue' });
    for (const [login, role] of [
      ['trustee', 'trustee'],
      ['supervisor', 'supervisor'],
      ['committee', 'committee'],
    ] as const) {
      const { id } = await t.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow();
      await t.services.accounts.grantRole({ accountId: id, role, communityCode: c.code }, null);
    }
  });

  it('closes months in order with the remuneration accrued, and a closed month refuses entries with a clear 422', async () => {
    const post = (body: object) => as.trustee!.call({ method: 'POST', url: `${L}/entries`, payload: body });
    expect(
      (await post({ idempotencyKey: nextKey(), date: '2026-01-20', memo: '1 月物业费', reason: 'fee_income', lines: [{ account: '1001', debitFen: 100_000_00, creditFen: 0 }, { account: '4001', debitFen: 0, creditFen: 100_000_00 }] }))
        .statusCode,
    ).toBe(200);
    // February's expense, as a spending proposal posts it (the ledger's own service stands in for one here)
    await t.services.ledger.post(await t.services.ledger.ledgerOrThrow('ledger-rt'), {
      idempotencyKey: nextKey(),
      date: '2026-02-10',
      memo: '公共区域保洁 2 月',
      reason: 'expense',
      counterparty: '成都洁美保洁服务有限公司',
      lines: [
        { account: '5002', debitFen: 1_234_56, creditFen: 0 },
        { account: '1001', debitFen: 0, creditFen: 1_234_56 },
      ],
    });

    const early = await as.trustee!.call({ method: 'POST', url: `${L}/close`, payload: { period: '2026-02' } });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('ledger.close_order');

    const jan = await as.trustee!.call({ method: 'POST', url: `${L}/close`, payload: { period: '2026-01' } });
    expect(jan.statusCode, jan.body).toBe(200);
    expect(jan.json()).toMatchObject({ period: '2026-01', alreadyClosed: false, remuneration: { baseFen: 100_000_00, rateBp: 1500, amountFen: 15_000_00 } });
    expect((await as.trustee!.call({ method: 'POST', url: `${L}/close`, payload: { period: '2026-02' } })).statusCode).toBe(200);
    const current = await as.trustee!.call({ method: 'POST', url: `${L}/close`, payload: { period: '2026-03' } });
    expect(current.json().error.code).toBe('ledger.close_too_early');
    expect((await as.supervisor!.call({ method: 'POST', url: `${L}/close`, payload: { period: '2026-03' } })).statusCode).toBe(403);

    const late = await post({ ...payment(), date: '2026-01-25' });
    expect(late.statusCode).toBe(422);
    expect(late.json().error).toEqual({ code: 'ledger.period_closed', message: '2026-01 已结账，不能再记入该月的分录' });
    const trustee = as.trustee!;
    const en = await app.inject({
      method: 'POST',
      url: `${L}/entries`,
      payload: { ...payment(), date: '2026-01-25' },
      headers: { cookie: `${trustee.cookie}; xinyi_lang=en`, 'x-csrf-token': trustee.csrf! },
    });
    expect(en.json().error.message).toBe('Period 2026-01 is closed and takes no entries');
  });

  it('the supervisor or the trustee publishes; the calendar tells on time, late, missing and not yet due', async () => {
    expect((await as.committee!.call({ method: 'POST', url: `${L}/publish`, payload: { period: '2026-02' } })).statusCode).toBe(403);
    const notClosed = await as.supervisor!.call({ method: 'POST', url: `${L}/publish`, payload: { period: '2026-03' } });
    expect(notClosed.json().error.code).toBe('ledger.not_closed');
    const pub = await as.supervisor!.call({ method: 'POST', url: `${L}/publish`, payload: { period: '2026-02' } });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ period: '2026-02', publishedAt: '2026-03-05T04:00:00.000Z', checkpoint: { seq: 3 } });

    let cal = (await anon.call({ method: 'GET', url: `${L}/calendar` })).json();
    expect(cal).toMatchObject({ from: '2026-01', to: '2026-03', today: TODAY });
    expect(cal.items.map((i: { period: string; status: string }) => [i.period, i.status])).toEqual([
      ['2026-01', 'missing'],
      ['2026-02', 'on_time'],
      ['2026-03', 'not_due'],
    ]);

    t.clock.set('2026-03-12T02:00:00Z');
    try {
      expect((await as.trustee!.call({ method: 'POST', url: `${L}/publish`, payload: { period: '2026-01' } })).statusCode).toBe(200);
      cal = (await anon.call({ method: 'GET', url: `${L}/calendar` })).json();
      expect(cal.items[0]).toMatchObject({ period: '2026-01', status: 'late', closed: true });
      expect(cal.items[0].checkpoint.hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      t.clock.set(`${TODAY}T04:00:00Z`);
    }
  });

  it('statements: a month with its remuneration line and checkpoint, a year, the series and the trial balance', async () => {
    const jan = (await anon.call({ method: 'GET', url: `${L}/statement?period=2026-01` })).json();
    expect(jan.income).toEqual([expect.objectContaining({ code: '4001', name: '物业服务费', nameEn: 'Property service fees', amountFen: 100_000_00 })]);
    expect(jan.expense).toEqual([expect.objectContaining({ code: '5101', amountFen: 15_000_00 })]);
    expect(jan).toMatchObject({ incomeFen: 100_000_00, expenseFen: 15_000_00, surplusFen: 85_000_00, fundBalanceFen: 85_000_00 });
    expect(jan.remuneration).toEqual([expect.objectContaining({ period: '2026-01', baseFen: 100_000_00, rateBp: 1500, amountFen: 15_000_00 })]);
    expect(jan.checkpoint).toMatchObject({ period: '2026-01', seq: 3 });

    const year = (await anon.call({ method: 'GET', url: `${L}/statement?year=2026` })).json();
    expect(year).toMatchObject({ from: '2026-01', to: '2026-12', incomeFen: 100_000_00, expenseFen: 15_000_00 + 1_234_56, checkpoint: null });

    expect((await anon.call({ method: 'GET', url: `${L}/statement` })).statusCode).toBe(400);
    expect((await anon.call({ method: 'GET', url: `${L}/statement?period=2026-13` })).statusCode).toBe(400);

    const series = (await anon.call({ method: 'GET', url: `${L}/series?from=2026-01&to=2026-03` })).json();
    expect(series.items).toEqual([
      { period: '2026-01', incomeFen: 100_000_00, expenseFen: 15_000_00, surplusFen: 85_000_00, fundBalanceFen: 85_000_00, closed: true },
      { period: '2026-02', incomeFen: 0, expenseFen: 1_234_56, surplusFen: -1_234_56, fundBalanceFen: 85_000_00 - 1_234_56, closed: true },
      { period: '2026-03', incomeFen: 0, expenseFen: 0, surplusFen: 0, fundBalanceFen: 85_000_00 - 1_234_56, closed: false },
    ]);
    const byDefault = (await anon.call({ method: 'GET', url: `${L}/series` })).json();
    expect(byDefault).toMatchObject({ from: '2025-04', to: '2026-03' });
    expect(byDefault.items).toHaveLength(12);
    const tooLong = await anon.call({ method: 'GET', url: `${L}/series?from=2023-01&to=2026-03` });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error.code).toBe('ledger.series_range');

    const tb = (await anon.call({ method: 'GET', url: `${L}/accounts` })).json();
    expect(tb.debitFen).toBe(tb.creditFen);
    expect(tb.accounts.find((a: { code: string }) => a.code === '2241')).toMatchObject({ type: 'liability', amountFen: 15_000_00 });
  });

  it('an unknown community has no ledger', async () => {
    const res = await anon.call({ method: 'GET', url: '/api/communities/no-such-place/ledger/calendar' });
    expect(res.statusCode).toBe(404);
  });
});

describe('public export', () => {
  it('anyone downloads the ledger with its chain, and it verifies', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/communities/fenghuayuan/ledger/export.json' });
    expect(res.statusCode).toBe(200);
    const result = verifyJsonExport(JSON.parse(res.body));
    expect(result).toMatchObject({ ok: true });
    const phones = await t.db.selectFrom('persons').select('phone').where('phone', '!=', '').execute();
    for (const { phone } of phones) expect(res.body.includes(`"${phone}`) || res.body.includes(` ${phone}`)).toBe(false);
  });
});

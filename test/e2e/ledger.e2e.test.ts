/**
 * The common fund ledger in a real browser (Debian's Chromium driven by playwright-core), on a
 * phone-sized screen: the trustee posts a public-revenue receipt with a PNG voucher through the entry form
 * (expenses are posted from approved spending proposals, see budget.e2e.test.ts)
 * (double-clicking submit posts once); the public ledger page shows it, its voucher without a
 * link, and the income/expense chart; an owner finds their unit's pseudonym and their payment
 * under it, and opens the voucher (the view is logged). Screenshots go to test-results/e2e/.
 *
 * In-process server on a fresh test database with the demo community, on the real clock (the
 * entry is dated today, a month that cannot be closed yet).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CODE } from '../../src/demo/fenghuayuan.js';
import { unitPseudonym } from '../../src/modules/register/register.service.js';
import { demoPng } from '../../src/demo/quality-history.js';
import { shanghaiDay } from '../../src/platform/clock.js';
import { browserSuite, hasChromium, SHOTS, SMALL_PHONE } from '../helpers/browser.js';
import type { TestDb } from '../helpers/test-db.js';

describe.skipIf(!hasChromium)('the ledger in the browser (phone width)', () => {
  let t: TestDb;
  const memo = `e2e 宣传栏广告位租金 ${Date.now()}`;
  let posted = { seq: 0, hash: '' };
  let pseudonym = '';
  const paymentMemo = `e2e 物业费 ${Date.now()}`;

  const web = browserSuite({
    decisions: false,
    external: false, // always in-process: the set-up below needs the database
    prepare: async (db) => {
      t = db; // the tests read the database too
      const demo = (await t.services.accounts.authenticator.findCommunity(DEMO_CODE))!;
      const ledger = await t.services.ledger.ensureLedger(demo.id, demo.code);
      // the owner's first unit, under its pseudonym, has paid today
      const unit = await t.db
        .selectFrom('accounts as a')
        .innerJoin('account_persons as ap', 'ap.account_id', 'a.id')
        .innerJoin('unit_owners as uo', 'uo.person_id', 'ap.person_id')
        .select('uo.unit_id')
        .where('a.login', '=', 'owner')
        .orderBy('uo.unit_id')
        .executeTakeFirstOrThrow();
      pseudonym = unitPseudonym(t.ctx.secretKey, demo.id, unit.unit_id);
      await t.services.ledger.post(ledger, {
        idempotencyKey: `e2e-payment-${Date.now()}`,
        date: shanghaiDay(new Date()),
        memo: paymentMemo,
        reason: 'fee_payment',
        counterparty: pseudonym,
        lines: [
          { account: '1001', debitFen: 38_016, creditFen: 0 },
          { account: '4001', debitFen: 0, creditFen: 38_016 },
        ],
      });
    },
    failurePrefix: 'failure-',
    timeout: 180_000,
  });

  it('the trustee posts a public-revenue receipt with a PNG voucher through the form, once', async () => {
    const { context, page } = await web.signedIn('trustee', SMALL_PHONE);
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}/ledger/new`);
      await page.getByTestId('entry-form').waitFor({ timeout: 15_000 });
      await page.getByTestId('entry-memo').fill(memo);
      await page.getByTestId('entry-counterparty').fill('成都楼宇视界传媒有限公司');
      await page.getByTestId('entry-line-account-0').click();
      await page.keyboard.type('1001');
      await page.keyboard.press('Enter');
      await page.getByTestId('entry-line-debit-0').fill('1,280.50');
      await page.getByTestId('entry-line-account-1').click();
      await page.keyboard.type('4102');
      await page.keyboard.press('Enter');
      await page.getByTestId('entry-line-credit-1').fill('1280.4');
      await page.getByTestId('entry-unbalanced').waitFor();
      expect(await page.getByTestId('entry-submit').isDisabled()).toBe(true);
      await page.getByTestId('entry-line-credit-1').fill('1280.50');
      await page.getByTestId('entry-balanced').waitFor();
      await page.locator('[data-testid=voucher-upload] input[type=file]').setInputFiles({ name: '广告位租金收据.png', mimeType: 'image/png', buffer: demoPng([31, 140, 92], 120) });
      await page.locator('[data-testid=voucher-item][data-status=done]').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(SHOTS, 'ledger-entry-form.png'), fullPage: true });
      // a double click posts once: the button is busy after the first, and the idempotency key is the form's
      await page.getByTestId('entry-submit').dblclick();
      await page.getByTestId('entry-success').waitFor({ timeout: 15_000 });
      const title = await page.getByTestId('entry-success-seq').innerText();
      posted.seq = Number(/(\d+)/.exec(title)![1]);
      posted.hash = /[0-9a-f]{64}/.exec(await page.getByTestId('entry-success-hash').innerText())![0];
      await page.screenshot({ path: path.join(SHOTS, 'ledger-entry-posted.png'), fullPage: true });
    } catch (err) {
      await web.failureShot(page, 'entry-form', err);
    } finally {
      await context.close();
    }
    const rows = await t.db.selectFrom('ledger_entries').select(['seq', 'hash', 'recorded_by']).where('memo', '=', memo).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: posted.seq, hash: posted.hash });
    const trustee = await t.db.selectFrom('accounts').select('id').where('login', '=', 'trustee').executeTakeFirstOrThrow();
    expect(rows[0]!.recorded_by).toBe(trustee.id);
  }, 90_000);

  it('the public ledger page shows the statement, the chart and the entry — its voucher without a link', async () => {
    const context = await web.browser.newContext(SMALL_PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}`);
      await page.getByTestId('community-ledger-link').click();
      await page.getByTestId('statement').waitFor({ timeout: 15_000 });
      await page.locator('[data-testid=ledger-chart] canvas').first().waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('statement-fund-balance').innerText()).toMatch(/¥[\d,]+\.\d{2}/);
      await page.screenshot({ path: path.join(SHOTS, 'ledger-public-statement.png'), fullPage: true });

      await page.getByTestId('ledger-tab-entries').click();
      const row = page.locator(`[data-testid=entry-row][data-seq="${posted.seq}"]`);
      await row.waitFor({ timeout: 15_000 });
      const text = await row.innerText();
      expect(text).toContain(memo);
      expect(text).toContain('¥1,280.50');
      expect(text).toContain('4102');
      expect(await row.getByTestId('entry-voucher-name').innerText()).toContain('广告位租金收据.png');
      expect(await row.getByTestId('entry-voucher-link').count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, 'ledger-public-entries.png'), fullPage: false });

      await page.getByTestId('ledger-tab-calendar').click();
      await page.getByTestId('disclosure-calendar').waitFor();
      expect(await page.getByTestId('calendar-status').count()).toBeGreaterThan(0);
    } catch (err) {
      await web.failureShot(page, 'public-ledger', err);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('an owner finds their pseudonym and their payment, and opens the voucher (logged)', async () => {
    const { context, page } = await web.signedIn('owner', SMALL_PHONE);
    try {
      await page.goto(`${web.base}/me/payments`);
      await page.getByTestId('payment-unit').first().waitFor({ timeout: 15_000 });
      const pseudonyms = await page.getByTestId('payment-pseudonym').allInnerTexts();
      expect(pseudonyms.map((p) => p.trim())).toContain(pseudonym);
      await expect.poll(() => page.getByTestId('my-payments').innerText(), { timeout: 10_000 }).toContain(paymentMemo);
      await page.screenshot({ path: path.join(SHOTS, 'ledger-my-payments.png'), fullPage: true });

      await page.goto(`${web.base}/c/${DEMO_CODE}/ledger?tab=entries`);
      const link = page.locator(`[data-testid=entry-row][data-seq="${posted.seq}"] [data-testid=entry-voucher-link]`);
      await link.waitFor({ timeout: 15_000 });
      const href = (await link.getAttribute('href'))!;
      const res = await page.request.get(`${web.base}${href}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('image/png');
    } catch (err) {
      await web.failureShot(page, 'owner-payments', err);
    } finally {
      await context.close();
    }
    const views = await t.db
      .selectFrom('voucher_views as v')
      .innerJoin('accounts as a', 'a.id', 'v.account_id')
      .innerJoin('ledger_entries as e', 'e.id', 'v.entry_id')
      .select(['a.login', 'e.seq'])
      .where('e.seq', '=', posted.seq)
      .execute();
    expect(views).toEqual([{ login: 'owner', seq: posted.seq }]);
  }, 60_000);
});

/**
 * Billing in a real browser (Debian's Chromium driven by playwright-core): on a phone-sized
 * screen the demo owner opens 我的账单, pays a bill through the simulated WeChat checkout (a
 * double tap pays once), sees the receipt, and finds the payment under the unit's pseudonym in
 * the public ledger entry the receipt links to; the trustee opens the collection-rate tab and
 * sees the trend chart and a rate; anyone sees the collection card on the community page.
 * Screenshots go to test-results/e2e/.
 *
 * Against XINYI_E2E_URL when set (CI starts the server with `npm start`); otherwise against an
 * in-process server on a fresh test database with the demo community, on the real clock. When
 * the demo has nothing due for the owner, the test sets it up through the API as the committee
 * (online payment simulated, a fee schedule) and the trustee (a bill run for this month).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CODE } from '../../src/demo/fenghuayuan.js';
import { shanghaiDay } from '../../src/platform/clock.js';
import { apiSession, browserSuite, DESKTOP, hasChromium, PHONE, SHOTS } from '../helpers/browser.js';

interface MyUnit {
  unitId: number;
  code: string;
  outstandingFen: number;
  onlinePayments: 'off' | 'simulated';
  payments: { id: number; receiptNo: string; amountFen: number; channel: string }[];
}

const errorCode = (json: unknown) => (json as { error?: { code?: string } }).error?.code;

/** 'YYYY-MM' of this month (Asia/Shanghai), moved by n months. */
function month(n = 0): string {
  const [y, m] = shanghaiDay(new Date()).split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * Makes sure the owner has something to pay online: the demo's own bills when it has them;
 * otherwise online payment simulated (committee), a residential fee schedule in effect
 * (committee) and a bill run for this month — or the first later month not billed yet.
 */
async function ensureSomethingDue(base: string): Promise<void> {
  const owner = await apiSession(base, 'owner');
  const mine = async () => (await owner<MyUnit[]>('GET', '/api/me/billing')).json;
  let units = await mine();
  expect(units.length).toBeGreaterThan(0);
  const B = `/api/communities/${DEMO_CODE}/billing`;
  if (units.some((u) => u.onlinePayments !== 'simulated')) {
    const committee = await apiSession(base, 'committee');
    const r = await committee('PUT', `${B}/settings`, { onlinePayments: 'simulated' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  }
  if (units.some((u) => u.outstandingFen > 0)) return;

  const schedules = (await (await fetch(`${base}${B}/schedules`)).json()) as { unitKind: string; effectiveFrom: string }[];
  const first = `${month()}-01`;
  if (!schedules.some((s) => s.unitKind === 'residential' && s.effectiveFrom <= first)) {
    const committee = await apiSession(base, 'committee');
    const r = await committee('POST', `${B}/schedules`, { unitKind: 'residential', rateCf: 11000, effectiveFrom: first, decisionRef: 'e2e：2020 年第二次业主大会决议' });
    if (r.status !== 200 && !['billing.schedule_exists', 'billing.schedule_after_billed'].includes(errorCode(r.json) ?? '')) throw new Error(`schedule: ${r.status} ${JSON.stringify(r.json)}`);
  }
  const trustee = await apiSession(base, 'trustee');
  // against a long-running server (XINYI_E2E_URL) earlier runs may have billed and paid months ahead
  for (let ahead = 0; ahead <= 24; ahead++) {
    const period = month(ahead);
    const r = await trustee('POST', `${B}/runs`, { period, idempotencyKey: `e2e-billing-${period}-${Date.now()}` });
    // the demo (or an earlier run of this test against the same server) may have billed it already
    if (r.status !== 200 && errorCode(r.json) !== 'billing.period_billed') throw new Error(`bill run ${period}: ${r.status} ${JSON.stringify(r.json)}`);
    units = await mine();
    if (units.some((u) => u.outstandingFen > 0)) return;
  }
  throw new Error('the owner still has nothing due after the bill runs');
}

describe.skipIf(!hasChromium)('billing in the browser', () => {
  const web = browserSuite({ decisions: false, ready: ensureSomethingDue, failurePrefix: 'failure-billing-', timeout: 180_000 });

  it('an owner pays a bill with the simulated WeChat checkout, gets the receipt, and finds it in the public ledger', async () => {
    const { context, page } = await web.signedIn('owner', PHONE);
    try {
      const before = (await (await page.request.get(`${web.base}/api/me/billing`)).json()) as MyUnit[];
      await page.goto(`${web.base}/me/bills`);
      await page.getByTestId('bill-unit').first().waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('bill-row').count()).toBeGreaterThan(0);
      const unit = page.locator('[data-testid=bill-unit]', { has: page.getByTestId('bill-pay') }).first();
      const unitCode = (await unit.getAttribute('data-unit'))!;
      const due = before.find((u) => u.code === unitCode)!;
      expect(due.outstandingFen).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SHOTS, 'billing-my-bills.png'), fullPage: true });

      await unit.getByTestId('bill-pay').click();
      await page.getByTestId('checkout-submit').waitFor();
      expect(await page.getByTestId('checkout-simulated').innerText()).toContain('演示环境：模拟支付，不会真实扣款');
      await page.getByTestId('checkout-channel-wechat').click();
      await page.screenshot({ path: path.join(SHOTS, 'billing-checkout.png') });
      // a double tap pays once: the button is busy after the first, and the idempotency key is the attempt's
      await page.getByTestId('checkout-submit').dblclick();

      await page.getByTestId('receipt').waitFor({ timeout: 15_000 });
      const receiptNo = (await page.getByTestId('receipt-no').innerText()).trim();
      expect(receiptNo).not.toBe('');
      const receipt = await page.getByTestId('receipt').innerText();
      expect(receipt).toContain(unitCode);
      expect(receipt).toContain('微信支付');
      expect(await page.getByTestId('receipt-words').innerText()).toMatch(/^人民币.+[元角分整]$/);
      const pseudonym = (await page.getByTestId('receipt-pseudonym').innerText()).trim();
      expect(pseudonym).toMatch(/^U-/);
      await page.screenshot({ path: path.join(SHOTS, 'billing-receipt.png'), fullPage: true });

      // paid once, for the amount due, under this receipt
      const after = (await (await page.request.get(`${web.base}/api/me/billing`)).json()) as MyUnit[];
      const paid = after.find((u) => u.code === unitCode)!;
      expect(paid.payments.length).toBe(due.payments.length + 1);
      expect(paid.payments.filter((p) => p.receiptNo === receiptNo)).toEqual([expect.objectContaining({ amountFen: due.outstandingFen, channel: 'wechat' })]);
      expect(paid.outstandingFen).toBe(0);

      // the public ledger entry the receipt links to shows the unit's pseudonym, not a name
      await page.getByTestId('receipt-ledger-link').click();
      await page.getByTestId('entry-page').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('entry-page').innerText(), { timeout: 10_000 }).toContain(pseudonym);
      await page.screenshot({ path: path.join(SHOTS, 'billing-ledger-entry.png'), fullPage: true });
    } catch (err) {
      await web.failureShot(page, 'owner-pay', err);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('the trustee sees the collection-rate chart and a rate', async () => {
    const { context, page } = await web.signedIn('trustee', DESKTOP);
    try {
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('billing-page').waitFor({ timeout: 15_000 });
      await page.getByTestId('billing-tab-collection').click();
      await page.locator('[data-testid=collection-trend] canvas').first().waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('collection-rate').innerText()).toMatch(/\d+\.\d{2}%/);
      // the trustee also has the staff tabs
      for (const tab of ['arrears', 'runs', 'payments', 'bank', 'schedules']) expect(await page.getByTestId(`billing-tab-${tab}`).count()).toBe(1);
      await page.waitForTimeout(1_200); // let the chart finish its animation for the screenshot
      await page.screenshot({ path: path.join(SHOTS, 'billing-collection.png'), fullPage: true });
    } catch (err) {
      await web.failureShot(page, 'collection', err);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('anyone sees the collection card on the community page, and only the public tabs', async () => {
    const context = await web.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}`);
      await page.getByTestId('community-collection').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('community-collection-rate').innerText()).toMatch(/\d+\.\d{2}%|不足/);
      await page.locator('[data-testid=community-collection] canvas').first().waitFor({ timeout: 15_000 });
      await page.getByTestId('community-billing-link').click();
      await page.getByTestId('billing-page').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('billing-tab-collection').count()).toBe(1);
      expect(await page.getByTestId('billing-tab-schedules').count()).toBe(1);
      expect(await page.getByTestId('billing-tab-arrears').count()).toBe(0);
    } catch (err) {
      await web.failureShot(page, 'public', err);
    } finally {
      await context.close();
    }
  }, 60_000);
});

/**
 * Work orders (报修) in a real browser (Debian's Chromium driven by playwright-core): on a
 * phone-sized screen the demo owner files a repair with a photo and sees it listed; the trustee
 * assigns, starts and resolves it over the API; the owner opens it again, rates it five stars
 * and confirms, and it shows closed with the rating. The trustee sees the queue and the
 * dashboards on a desktop; anyone sees the quality card on the community page.
 * Screenshots go to test-results/e2e/ (quality-*.png).
 *
 * Against XINYI_E2E_URL when set; otherwise against an in-process server on a fresh test database
 * with the demo community, on the real clock. Each run files a new order (a unique title), so a
 * rerun against the same server passes too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CODE } from '../../src/demo/fenghuayuan.js';
import { apiSession, browserSuite, DESKTOP as DESKTOP_UTC, hasChromium, PHONE as PHONE_UTC, SHOTS, shot } from '../helpers/browser.js';
import { PNG } from '../helpers/workorders.js';

const W = `/api/communities/${DEMO_CODE}/work-orders`;
// due times read as a resident in the community reads them
const PHONE = { ...PHONE_UTC, timezoneId: 'Asia/Shanghai' };
const DESKTOP = { ...DESKTOP_UTC, timezoneId: 'Asia/Shanghai' };

interface Order {
  id: number;
  title: string;
  state: string;
  rating: number | null;
  ratingComment: string | null;
  events: { to: string; note: string; photos: string[] }[];
}

describe.skipIf(!hasChromium)('work orders in the browser', () => {
  const web = browserSuite({ decisions: false, failurePrefix: 'failure-quality-', timeout: 180_000 });
  const title = `楼道灯不亮 e2e-${Date.now().toString(36)}`;
  let orderId = 0;

  it('an owner files a repair with a photo on a phone, the trustee resolves it, the owner rates it 5 stars and confirms', async () => {
    const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xinyi-e2e-')), 'light.png');
    fs.writeFileSync(photo, PNG);
    const { context, page } = await web.signedIn('owner', PHONE);
    try {
      await page.goto(`${web.base}/me/work-orders`);
      await page.getByTestId('my-work-orders').waitFor({ timeout: 15_000 });
      await page.getByTestId('wo-new').click();
      await page.getByTestId('wo-form').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('wo-contact-default').innerText()).toContain('登记册');
      await page.getByTestId('wo-title').fill(title);
      await page.getByTestId('wo-description').fill('3 栋 2 单元 5 楼楼道灯晚上不亮');
      await page.getByTestId('wo-location').fill('3 栋 2 单元 5 楼');
      await page.locator('input[type=file]').setInputFiles(photo);
      await page.locator('[data-testid=wo-photos-upload-item][data-status=done]').waitFor({ timeout: 15_000 });
      await shot(page, 'quality-file-phone.png');
      await page.getByTestId('wo-submit').click();

      await page.waitForURL(/\/work-orders\/\d+$/, { timeout: 15_000 });
      orderId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.locator('[data-testid=wo-detail][data-state=submitted]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('wo-title-view').innerText()).toBe(title);
      expect(await page.getByTestId('wo-due').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 前受理$/);
      await expect.poll(() => page.locator('[data-testid=wo-event] [data-testid=wo-photos] img').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId('wo-act-cancel').count()).toBe(1);
      await shot(page, 'quality-filed-phone.png');

      await page.goto(`${web.base}/me/work-orders`);
      const row = page.locator(`[data-testid=wo-row][data-id="${orderId}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.innerText()).toContain(title);
      expect(await row.getByTestId('wo-state').innerText()).toBe('待受理');
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: path.join(SHOTS, 'quality-list-phone.png') });

      // the trustee works it, over HTTP
      const trustee = await apiSession(web.base, 'trustee');
      expect((await trustee('POST', `${W}/${orderId}/assign`, { assignee: '物业 王师傅' })).json).toMatchObject({ state: 'assigned' });
      expect((await trustee('POST', `${W}/${orderId}/start`)).json).toMatchObject({ state: 'in_progress' });
      expect((await trustee('POST', `${W}/${orderId}/resolve`, { note: '已更换楼道灯泡' })).json).toMatchObject({ state: 'resolved' });

      await row.click();
      await page.locator('[data-testid=wo-detail][data-state=resolved]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('wo-timeline').innerText()).toContain('已更换楼道灯泡');
      expect(await page.getByTestId('wo-act-reopen').count()).toBe(1);
      await page.locator('[data-testid=wo-rating] li').nth(4).click();
      await page.getByTestId('wo-rating-comment').fill('很快就修好了');
      await shot(page, 'quality-rate-phone.png');
      await page.getByTestId('wo-act-confirm').click();

      await page.locator('[data-testid=wo-detail][data-state=closed]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('wo-state').innerText()).toBe('已完成');
      expect(await page.getByTestId('wo-rating-view').getAttribute('data-rating')).toBe('5');
      expect(await page.getByTestId('wo-resident-actions').count()).toBe(0);
      await shot(page, 'quality-closed-phone.png');

      const order = (await (await page.request.get(`${web.base}${W}/${orderId}`)).json()) as Order;
      expect(order).toMatchObject({ title, state: 'closed', rating: 5, ratingComment: '很快就修好了' });
      expect(order.events[0]!.photos).toHaveLength(1);
    } catch (err) {
      await web.failureShot(page, 'owner', err);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the trustee sees the queue and the dashboards; anyone sees the quality card on the community page', async () => {
    const { context, page } = await web.signedIn('trustee', DESKTOP);
    try {
      await page.getByTestId('nav-quality').click();
      await page.getByTestId('wo-queue').waitFor({ timeout: 15_000 });
      await page.getByText('全部', { exact: true }).click();
      if (orderId) await page.locator(`[data-testid=wo-queue-row][data-id="${orderId}"]`).waitFor({ timeout: 15_000 });
      await shot(page, 'quality-queue-desktop.png');
      await page.getByTestId('quality-tab-dashboard').click();
      await page.getByTestId('quality-dashboard').waitFor({ timeout: 15_000 });
      await page.locator('[data-testid=quality-compliance-chart] canvas').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1500); // the charts' entry animation
      expect(Number(await page.getByTestId('quality-open').locator('.ant-statistic-content-value').innerText())).toBeGreaterThanOrEqual(0);
      await shot(page, 'quality-dashboard-desktop.png');
    } catch (err) {
      await web.failureShot(page, 'trustee', err);
    } finally {
      await context.close();
    }

    const pub = await web.browser.newContext(PHONE);
    const p = await pub.newPage();
    try {
      await p.goto(`${web.base}/c/${DEMO_CODE}`);
      await p.getByTestId('community-quality').waitFor({ timeout: 15_000 });
      expect(await p.getByTestId('quality-compliance').innerText()).toMatch(/\d+\.\d{2}%|—/);
      await p.locator('[data-testid=community-quality] canvas').waitFor({ timeout: 15_000 });
      await p.getByTestId('community-quality').scrollIntoViewIfNeeded();
      await p.waitForTimeout(1500); // the chart's entry animation
      await p.getByTestId('community-quality').screenshot({ path: path.join(SHOTS, 'quality-community-phone.png') });
    } catch (err) {
      await web.failureShot(p, 'community', err);
    } finally {
      await pub.close();
    }
  }, 90_000);
});

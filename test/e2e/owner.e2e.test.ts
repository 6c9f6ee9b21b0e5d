/**
 * In a real browser (Debian's Chromium driven by playwright-core), on a phone-sized screen: an
 * owner signs in, sees their units, switches the language. Screenshots go to test-results/e2e/.
 *
 * Against XINYI_E2E_URL when set (CI starts the server with `npm start`); otherwise against an
 * in-process server on a fresh test database with the demo community.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, SHOTS, SMALL_PHONE, submitLogin } from '../helpers/browser.js';

describe.skipIf(!hasChromium)('owner in the browser (phone width)', () => {
  const web = browserSuite({ decisions: false, timeout: 120_000 });

  it('signs in, sees their units, switches to English', async () => {
    const context = await web.browser.newContext(SMALL_PHONE);
    const page = await context.newPage();
    await submitLogin(page, web.base, 'owner');
    await page.getByTestId('my-units').waitFor({ timeout: 15_000 });
    const cards = page.getByTestId('unit-card');
    await expect
      .poll(() => cards.count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2)
      .catch(async (err: unknown) => {
        await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true });
        throw err;
      });
    const zh = await page.getByTestId('my-units').innerText();
    expect(zh).toContain('1-1-0102');
    expect(zh).toMatch(/住宅/);
    expect(zh).toMatch(/126\.80/);
    await page.screenshot({ path: path.join(SHOTS, 'owner-my-units-zh.png'), fullPage: true });

    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => page.getByTestId('my-units').innerText(), { timeout: 5_000 }).toMatch(/Residential/);
    await page.screenshot({ path: path.join(SHOTS, 'owner-my-units-en.png'), fullPage: true });
    // the choice sticks across a reload
    await page.reload();
    await page.getByTestId('my-units').waitFor();
    await expect.poll(async () => page.getByTestId('my-units').innerText()).toMatch(/Residential/);
    await context.close();
  }, 60_000);
});

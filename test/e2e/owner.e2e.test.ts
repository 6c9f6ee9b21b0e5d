/**
 * In a real browser (Debian's Chromium driven by playwright-core), on a phone-sized screen: an
 * owner signs in, sees their units, switches the language. Screenshots go to test-results/e2e/.
 *
 * Against XINYI_E2E_URL when set (CI starts the server with `npm start`); otherwise against an
 * in-process server on a fresh test database with the demo community.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/fenghuayuan.js';
import { WEB_DIST } from '../../src/platform/http/app.js';
import { listenApp } from '../helpers/listen.js';
import { createTestDb } from '../helpers/test-db.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] skipped: ${CHROMIUM} not found (apt-get install chromium)`);
const SHOTS = path.resolve('test-results/e2e');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!hasChromium)('owner in the browser (phone width)', () => {
  let browser: Browser;
  let app: FastifyInstance | null = null;
  let base = process.env.XINYI_E2E_URL ?? '';

  beforeAll(async () => {
    if (!base) {
      if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` (npm test does it)');
      // a real browser compares cookie expiry with the real time
      const t = await createTestDb({ clock: new Date().toISOString() });
      await seedDemo(t.ctx, t.services, { decisions: false });
      ({ app, base } = await listenApp(t));
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs in, sees their units, switches to English', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-name').fill('owner');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
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

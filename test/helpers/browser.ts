/**
 * Shared set-up for the browser tests in test/e2e (Debian's Chromium driven by playwright-core).
 * A plain module, not a *.test.ts file, so that importing it runs no tests.
 *
 * `browserSuite` registers the suite's beforeAll/afterAll: against XINYI_E2E_URL when set (and
 * the suite allows it), otherwise an in-process server on a fresh test database with the demo
 * community, on the real clock; then Chromium. Screenshots go to test-results/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/fenghuayuan.js';
import { WEB_DIST } from '../../src/platform/http/app.js';
import { listenApp } from './listen.js';
import { createTestDb, type TestDb } from './test-db.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] skipped: ${CHROMIUM} not found (apt-get install chromium)`);
export const SHOTS = path.resolve('test-results/e2e');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** A phone-sized screen. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true } as const;
/** A smaller phone (iPhone X-sized), as the owner and ledger tests use. */
export const SMALL_PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' } as const;

/** A signed-in API session over real HTTP (works in-process and against XINYI_E2E_URL alike). */
export async function apiSession(base: string, login: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async <T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, ...(method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: (await r.json()) as T };
  };
}

/** Fills in and submits the login page as `login` with the demo password (does not wait for the result). */
export async function submitLogin(page: Page, base: string, login: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** A new browser context signed in as `login`, once the app has left the login page. */
export async function signedIn(browser: Browser, base: string, login: string, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await submitLogin(page, base, login);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  return { context, page };
}

/** Saves `${prefix}${name}.png` (a full-page screenshot, best effort) and rethrows `err`. */
export async function failureShot(page: Page, prefix: string, name: string, err: unknown): Promise<never> {
  await page.screenshot({ path: path.join(SHOTS, `${prefix}${name}.png`), fullPage: true }).catch(() => undefined);
  throw err;
}

/** A full-page screenshot from the top (the sticky header otherwise lands mid-page). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

export interface BrowserSuiteOptions {
  /** With the in-process server: seed the demo's owners' decisions too (seedDemo's `decisions` option). */
  decisions: boolean;
  /** With the in-process server: seed the two years of service-quality history too (default false: ~8 s). */
  quality?: boolean;
  /** Use XINYI_E2E_URL when it is set (default true); false always starts the in-process server. */
  external?: boolean;
  /** With the in-process server: runs on the seeded test database before the server listens. */
  prepare?: (t: TestDb) => Promise<void>;
  /** Runs once the server is up (in-process or XINYI_E2E_URL), before Chromium is launched. */
  ready?: (base: string) => Promise<void>;
  /** The file name prefix of failure screenshots, e.g. 'failure-billing-'. */
  failurePrefix?: string;
  /** The beforeAll timeout in ms. */
  timeout: number;
}

export interface BrowserSuite {
  /** The server's base URL (set by beforeAll). */
  readonly base: string;
  /** Chromium (set by beforeAll). */
  readonly browser: Browser;
  signedIn(login: string, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  failureShot(page: Page, name: string, err: unknown): Promise<never>;
}

/** Registers the beforeAll/afterAll of a browser suite; call it inside the suite's describe. */
export function browserSuite(options: BrowserSuiteOptions): BrowserSuite {
  let browser: Browser | undefined;
  let app: FastifyInstance | null = null;
  let base = options.external === false ? '' : (process.env.XINYI_E2E_URL ?? '');

  beforeAll(async () => {
    if (!base) {
      if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` (npm test does it)');
      // a real browser compares cookie expiry with the real time
      const t = await createTestDb({ clock: new Date().toISOString() });
      await seedDemo(t.ctx, t.services, { decisions: options.decisions, quality: options.quality ?? false });
      await options.prepare?.(t);
      ({ app, base } = await listenApp(t));
    }
    await options.ready?.(base);
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, options.timeout);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  return {
    get base() {
      return base;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet (beforeAll)');
      return browser;
    },
    signedIn: (login, contextOptions) => signedIn(browser!, base, login, contextOptions),
    failureShot: (page, name, err) => failureShot(page, options.failurePrefix ?? 'failure-', name, err),
  };
}

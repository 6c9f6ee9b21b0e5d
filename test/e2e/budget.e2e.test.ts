/**
 * The open budget in a real browser (Debian's Chromium driven by playwright-core): the trustee
 * sets up, over the API, a budget for a year nobody uses yet and publishes it for consultation;
 * on a 390×844 phone the demo owner opposes a line with a comment (a double tap sends it once);
 * on a desktop the trustee starts a revision, raises that line, answers the comment and publishes
 * version 2; the 版本对比 tab then shows the line changed with its delta and, under it, the
 * owner's comment with the trustee's answer naming version 2. Screenshots go to
 * test-results/e2e/budget-*.png.
 *
 * Against XINYI_E2E_URL when set (CI: `npm start`, a demo with budgets of its own); otherwise an
 * in-process server on a fresh test database with the demo community, on the real clock. Each run
 * takes the next year without a budget (from 2027), so a rerun against the same server passes too.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CODE } from '../../src/demo/fenghuayuan.js';
import { apiSession, browserSuite, DESKTOP, hasChromium, PHONE, shot } from '../helpers/browser.js';

const B = `/api/communities/${DEMO_CODE}/budgets`;
const RUN = Date.now().toString(36);
const OBJECTION = `保洁费偏高，请按实际保洁面积重新测算 e2e-${RUN}`;
const ANSWER = `已按实际面积重新测算，保洁费调整并说明依据 e2e-${RUN}`;
const NOTE = `根据业主意见调整保洁费 e2e-${RUN}`;

interface Comment {
  id: number;
  line: string | null;
  stance: string;
  body: string | null;
  answer: { body: string; version: number } | null;
}
interface Version {
  number: number;
  state: string;
  comments: Comment[];
  lines: { code: string; amountFen: number }[];
}

describe.skipIf(!hasChromium)('the open budget in the browser', () => {
  let year = 0;
  const web = browserSuite({
    decisions: false,
    ready: async (base) => {
      const trustee = await apiSession(base, 'trustee');
      // the trustee also sees the years that only have a draft
      const { json: list } = await trustee<{ items: { year: number }[] }>('GET', B);
      const taken = new Set(list.items.map((b) => b.year));
      year = 2027;
      while (taken.has(year)) year += 1;
      const created = await trustee('POST', B, { year, title: `${year}年度预算（e2e ${RUN}）` });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      const saved = await trustee('PUT', `${B}/${year}/draft`, {
        basis: { feeIncomeFen: 110_000_000, collectionRateBp: 9500, publicRevenueFen: 5_000_000, otherIncomeFen: 0, reserveFen: 0 },
        basisText: '按登记面积和现行收费标准测算；收缴率按近三年平均',
        note: '',
        lines: [
          { code: 'L01', account: '5001', name: '人员费用', amountFen: 60_000_000, basis: '12 人 × 12 月', standard: null },
          { code: 'L02', account: '5002', name: '保洁费用', amountFen: 20_000_000, basis: '保洁外包合同', standard: null },
          { code: 'L03', account: '5003', name: '秩序维护费用', amountFen: 15_000_000, basis: '门岗 4 个', standard: null },
        ],
        answers: [],
      });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
      const published = await trustee<Version>('POST', `${B}/${year}/draft/publish`, {});
      expect(published.status, JSON.stringify(published.json)).toBe(200);
      expect(published.json).toMatchObject({ number: 1, state: 'consultation' });
    },
    failurePrefix: 'failure-budget-',
    timeout: 180_000,
  });

  it('an owner opposes a budget line with a comment on a phone, once', async () => {
    const { context, page } = await web.signedIn('owner', PHONE);
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}/budgets/${year}`);
      await page.locator('[data-testid=budget-version][data-version="1"][data-state=consultation]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('budget-state').innerText()).toBe('征求意见中');
      expect(await page.getByTestId('budget-planned').innerText()).toContain('¥950,000.00');
      expect(await page.getByTestId('budget-difference').innerText()).toContain('+¥145,000.00');

      const line = page.locator('[data-testid=budget-line][data-code=L02]');
      expect(await line.getByTestId('budget-line-amount').innerText()).toBe('¥200,000.00');
      await line.getByTestId('budget-line-toggle').click();
      const form = line.getByTestId('budget-comment-form');
      await form.getByTestId('budget-stance-oppose').click();
      await form.getByTestId('budget-comment-text').fill(OBJECTION);
      await shot(page, 'budget-comment-phone.png');
      // a double tap sends once: the button is busy after the first, and the key is the form's
      await form.getByTestId('budget-comment-submit').dblclick();

      const mine = line.locator('[data-testid=budget-comment][data-stance=oppose]', { hasText: OBJECTION });
      await mine.waitFor({ timeout: 15_000 });
      expect(await mine.innerText()).toContain('待受托人答复');
      expect(await line.getByTestId('budget-line-stances').getAttribute('data-oppose')).toBe('1');
      await shot(page, 'budget-commented-phone.png');

      const v1 = (await (await page.request.get(`${web.base}${B}/${year}/versions/1`)).json()) as Version;
      expect(v1.comments.filter((c) => c.body === OBJECTION)).toHaveLength(1);
      expect(v1.comments.find((c) => c.body === OBJECTION)).toMatchObject({ line: 'L02', stance: 'oppose', answer: null });
    } catch (err) {
      await web.failureShot(page, 'owner', err);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the trustee revises the line, answers the comment and publishes; the diff shows both', async () => {
    const { context, page } = await web.signedIn('trustee', DESKTOP);
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}/budgets/${year}`);
      await page.locator('[data-testid=budget-version][data-version="1"]').waitFor({ timeout: 15_000 });
      await page.getByTestId('budget-new-revision').click();
      // the confirmation zooms in: click its button once it has settled
      await page.locator('.ant-popconfirm:not(.ant-zoom-big-appear)').waitFor();
      await page.getByTestId('budget-new-revision-ok').click();

      const editor = page.locator('[data-testid=budget-draft-editor][data-version="2"]');
      await editor.waitFor({ timeout: 15_000 });
      const l02 = editor.locator('[data-testid=draft-line][data-code=L02]');
      expect(await l02.getByTestId('draft-line-amount').inputValue()).toBe('200000.00');
      await l02.getByTestId('draft-line-amount').fill('230,000');
      const answer = editor.locator('[data-testid=draft-answer][data-line=L02]', { hasText: OBJECTION });
      await answer.getByTestId('draft-answer-text').fill(ANSWER);
      await editor.getByTestId('draft-note').fill(NOTE);
      // the income check follows the typing: ¥980,000.00 planned against ¥1,095,000.00
      await expect.poll(() => editor.getByTestId('budget-planned').innerText()).toContain('¥980,000.00');
      await shot(page, 'budget-draft-desktop.png');
      await editor.getByTestId('draft-publish').click();
      await page.locator('.ant-modal:not([class*="-appear"])').getByTestId('draft-publish-confirm').click();

      await page.locator('[data-testid=budget-version][data-version="2"][data-state=consultation]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('budget-version-note').innerText()).toContain(NOTE);
      const row = page.locator('[data-testid=budget-line][data-code=L02]');
      expect(await row.getByTestId('budget-line-amount').innerText()).toBe('¥230,000.00');
      await shot(page, 'budget-v2-desktop.png');

      await page.getByTestId('budget-tab-diff').click();
      const body = page.locator('[data-testid=budget-diff-body][data-from="1"][data-to="2"]');
      await body.waitFor({ timeout: 15_000 });
      const changed = body.locator('[data-testid=budget-diff-line][data-code=L02]');
      expect(await changed.getAttribute('data-change')).toBe('changed');
      expect(await changed.getAttribute('data-fields')).toBe('amountFen');
      expect(await changed.getByTestId('budget-diff-amounts').innerText()).toBe('¥200,000.00 → ¥230,000.00');
      expect(await changed.getByTestId('budget-diff-delta').innerText()).toBe('+¥30,000.00');
      const answered = changed.getByTestId('budget-diff-answered');
      expect(await answered.innerText()).toContain(OBJECTION);
      const reply = answered.getByTestId('budget-comment-answer');
      expect(await reply.getAttribute('data-version')).toBe('2');
      expect(await reply.innerText()).toContain('受托人答复（第 2 版）');
      expect(await reply.innerText()).toContain(ANSWER);
      // the lines that did not change are not listed until asked for
      expect(await body.locator('[data-testid=budget-diff-line][data-code=L01]').count()).toBe(0);
      expect(await body.getByTestId('budget-diff-note').innerText()).toContain(NOTE);
      await shot(page, 'budget-diff-desktop.png');
    } catch (err) {
      await web.failureShot(page, 'trustee', err);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('anyone reads the diff on a phone, with the answer under the line', async () => {
    const context = await web.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}/budgets/${year}?tab=diff`);
      const changed = page.locator('[data-testid=budget-diff-line][data-code=L02][data-change=changed]');
      await changed.waitFor({ timeout: 15_000 });
      expect(await changed.getByTestId('budget-diff-delta').innerText()).toBe('+¥30,000.00');
      expect(await changed.getByTestId('budget-comment-answer').innerText()).toContain(ANSWER);
      await shot(page, 'budget-diff-phone.png');
    } catch (err) {
      await web.failureShot(page, 'public', err);
    } finally {
      await context.close();
    }
  }, 60_000);
});

/**
 * Owners' decisions in a real browser (Debian's Chromium driven by playwright-core): on a
 * phone-sized screen the demo owner opens the decision being voted on, chooses on every item,
 * confirms (a double tap casts once), gets the receipt code and looks the ballot up with it;
 * anyone on a desktop sees the published result of the December 2020 fee vote with its four
 * figures and 通过; the committee sees the turnout; the community page links to the decisions.
 * Screenshots go to test-results/e2e/.
 *
 * Against XINYI_E2E_URL when set (CI starts the server with `npm start`); otherwise against an
 * in-process server on a fresh test database with the demo community, on the real clock. Run
 * again against the same server, the owner has voted already: the page must show the choices cast.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CODE } from '../../src/demo/fenghuayuan.js';
import { browserSuite, DESKTOP, hasChromium, PHONE, SHOTS, shot } from '../helpers/browser.js';

const D = `/api/communities/${DEMO_CODE}/decisions`;
const CHOICE_ZH = { agree: '同意', oppose: '反对', abstain: '弃权' } as const;
const PICKS = ['agree', 'oppose', 'abstain'] as const;
const pick = (n: number) => PICKS[n % PICKS.length]!;

interface Summary {
  id: number;
  title: string;
  state: string;
  items: { position: number; passed: boolean | null }[];
}
interface Mine {
  canVote: boolean;
  voters: { voterId: number; pseudonym: string; items: { item: number; choice: string | null; channel: string | null }[] }[];
}
interface Receipt {
  voter: string;
  ballots: { item: number; choice: string; seq: number; hash: string; counted: boolean }[];
}

describe.skipIf(!hasChromium)('owners’ decisions in the browser', () => {
  let decisions: Summary[] = [];
  const web = browserSuite({
    decisions: true,
    ready: async (base) => {
      decisions = (await (await fetch(`${base}${D}`)).json()) as Summary[];
    },
    failurePrefix: 'failure-decisions-',
    timeout: 420_000,
  });

  it('an owner votes on a phone, confirms, gets a receipt code and looks the ballot up', async () => {
    const voting = decisions.find((d) => d.state === 'voting');
    expect(voting, 'the demo has a decision being voted on').toBeDefined();
    const { context, page } = await web.signedIn('owner', PHONE);
    try {
      const mineUrl = `${web.base}${D}/${voting!.id}/mine`;
      const before = (await (await page.request.get(mineUrl)).json()) as Mine;
      expect(before.canVote).toBe(true);
      const voter = before.voters.find((v) => v.items.some((i) => i.choice === null));

      await page.goto(`${web.base}/c/${DEMO_CODE}/decisions/${voting!.id}`);
      await page.getByTestId('vote-panel').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('decision-state').innerText()).toBe('投票中');

      if (!voter) {
        // a rerun against the same server: the choices cast are shown, and nothing is votable
        const cast = before.voters.flatMap((v) => v.items);
        await expect.poll(() => page.getByTestId('vote-cast').count(), { timeout: 10_000 }).toBe(cast.length);
        expect(await page.getByTestId('vote-submit').count()).toBe(0);
        const text = await page.getByTestId('vote-panel').innerText();
        for (const i of cast) expect(text).toContain(CHOICE_ZH[i.choice as keyof typeof CHOICE_ZH]);
        await shot(page, 'decisions-already-voted.png');
        return;
      }

      const block = page.locator(`[data-testid=vote-voter][data-voter="${voter.voterId}"]`);
      const open = voter.items.filter((i) => i.choice === null);
      for (const [n, i] of open.entries()) await block.getByTestId(`vote-choice-${i.item}-${pick(n)}`).click();
      await shot(page, 'decisions-vote-phone.png');

      await block.getByTestId('vote-submit').click();
      const confirm = page.getByTestId('vote-confirm');
      await confirm.waitFor();
      const listed = await confirm.innerText();
      expect(listed).toContain('选票一经提交不能更改');
      for (const [n] of open.entries()) expect(listed).toContain(CHOICE_ZH[pick(n)]);
      await page.screenshot({ path: path.join(SHOTS, 'decisions-confirm-phone.png') });
      // a double tap casts once: the button is busy after the first, and the idempotency key is the form's
      await page.getByTestId('vote-confirm-ok').dblclick();

      await block.getByTestId('vote-receipt').waitFor({ timeout: 15_000 });
      const receiptCode = (await block.getByTestId('vote-receipt-code').innerText()).trim();
      expect(receiptCode).toMatch(/^[0-9A-Z-]{16,40}$/);
      expect(await block.getByTestId('vote-receipt').innerText()).toContain(voter.pseudonym);
      // the items cast now show their choice and channel, and are not votable again
      await expect.poll(() => block.getByTestId('vote-cast').count(), { timeout: 10_000 }).toBe(voter.items.length);
      expect(await block.getByTestId('vote-submit').count()).toBe(0);
      await shot(page, 'decisions-receipt-phone.png');

      // cast once, as chosen
      const after = (await (await page.request.get(mineUrl)).json()) as Mine;
      const cast = after.voters.find((v) => v.voterId === voter.voterId)!;
      for (const [n, i] of open.entries()) expect(cast.items.find((x) => x.item === i.item)).toMatchObject({ choice: pick(n), channel: 'online' });
      const looked = (await (await fetch(`${web.base}${D}/${voting!.id}/receipts/${receiptCode}`)).json()) as Receipt;
      expect(looked.voter).toBe(voter.pseudonym);
      expect(looked.ballots.map((b) => b.item).sort()).toEqual(open.map((i) => i.item).sort());

      // the receipt box shows the ballot: seq, hash, not counted yet
      const input = page.locator('[data-testid=receipt-input] input');
      await input.fill(receiptCode);
      await input.press('Enter');
      const found = page.getByTestId('receipt-found');
      await found.waitFor({ timeout: 10_000 });
      const text = await found.innerText();
      expect(text).toContain(voter.pseudonym);
      for (const b of looked.ballots) expect(text).toContain(b.hash);
      expect(await page.getByTestId('receipt-counted').first().innerText()).toBe('尚未计票');
      await found.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, 'decisions-receipt-lookup-phone.png') });
    } catch (err) {
      await web.failureShot(page, 'owner-vote', err);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('anyone sees the published result of the 2020 fee vote: the four figures and 通过', async () => {
    const fee = decisions.find((d) => d.state === 'final' && d.title.includes('2020'));
    expect(fee, 'the demo has the final December 2020 fee vote').toBeDefined();
    const context = await web.browser.newContext(DESKTOP);
    const page = await context.newPage();
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}/decisions/${fee!.id}`);
      await page.getByTestId('decision-results').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('decision-state').innerText()).toBe('已生效');
      expect(await page.getByTestId('decision-item-fee').first().innerText()).toContain('1.10 元/平方米/月');
      const items = page.getByTestId('results-item');
      expect(await items.count()).toBe(fee!.items.length);
      for (let n = 0; n < fee!.items.length; n++) {
        const item = items.nth(n);
        const figures = item.getByTestId('results-figure');
        expect(await figures.count()).toBe(4);
        for (let f = 0; f < 4; f++) expect(await figures.nth(f).innerText()).toMatch(/\d+\.\d{2}%/);
        expect(await item.getByTestId('results-passed').innerText()).toBe('通过');
        expect(await item.getByTestId('results-explanation').innerText()).toContain('结果：通过');
      }
      expect(await page.getByTestId('results-chain-head').innerText()).toMatch(/^第 \d+ 号 · [0-9a-f]{12}…$/);
      expect(await page.getByTestId('results-export').getAttribute('href')).toBe(`${D}/${fee!.id}/export.json`);
      expect(await page.getByTestId('decision-results').innerText()).toContain('xinyi vote recount');
      await shot(page, 'decisions-result-desktop.png');
    } catch (err) {
      await web.failureShot(page, 'result', err);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the committee sees the turnout with the owners not voted yet', async () => {
    const voting = decisions.find((d) => d.state === 'voting')!;
    const { context, page } = await web.signedIn('committee', DESKTOP);
    try {
      await page.getByTestId('nav-decisions').click();
      await page.getByTestId('decisions-page').waitFor({ timeout: 15_000 });
      await page.locator(`[data-testid=decision-row][data-id="${voting.id}"]`).click();
      await page.getByTestId('decision-lifecycle').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('lifecycle-close').count()).toBe(1);
      await page.getByTestId('decision-tab-turnout').click();
      await page.getByTestId('decision-turnout').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('decision-turnout').innerText()).toMatch(/\d+\.\d{2}%/);
      await shot(page, 'decisions-turnout-desktop.png');
    } catch (err) {
      await web.failureShot(page, 'turnout', err);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the community page links to the decisions, listed for anyone', async () => {
    const context = await web.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${web.base}/c/${DEMO_CODE}`);
      await page.getByTestId('community-decisions-link').click();
      await page.getByTestId('decisions-page').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('decision-row').count(), { timeout: 10_000 }).toBe(decisions.length);
      await shot(page, 'decisions-list-phone.png');
    } catch (err) {
      await web.failureShot(page, 'list', err);
    } finally {
      await context.close();
    }
  }, 60_000);
});

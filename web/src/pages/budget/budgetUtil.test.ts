import { describe, expect, it } from 'vitest';
import type { CommentView, VersionBrief } from '../../api';
import {
  applyRateBp,
  axisYuan,
  bpToPercentInput,
  budgetPath,
  commentsOn,
  committeeMajority,
  cumulative,
  defaultDiffPair,
  defaultVersion,
  fenToYuanInput,
  incomeCheck,
  liveVersion,
  monthsReached,
  needsExplanation,
  nextLineCode,
  openComments,
  parsePercentToBp,
  parseYuanToFenOrZero,
  requirementsPreview,
  signedFen,
  yuanText,
} from './budgetUtil';

const DEFAULTS = { committeeFen: 500_000, ownersFen: 5_000_000, tenderFen: 2_000_000, minQuotes: 3, discloseWithinDays: 3 };

function v(number: number, state: VersionBrief['state']): VersionBrief {
  return { number, kind: 'original', state, publishedAt: null, consultationEndsOn: null, decisionId: null, decisionItem: null, adoptedAt: null, note: '', plannedFen: 0 };
}

function comment(id: number, over: Partial<CommentView> = {}): CommentView {
  return { id, version: 1, line: 'L01', stance: 'comment', body: 'x', hidden: null, author: '业主 王**', authorRole: 'owner', mine: false, createdAt: `2027-01-0${id}T00:00:00Z`, answer: null, ...over };
}

describe('exact amounts', () => {
  it('parses yuan to fen as text, zero allowed, never through a float', () => {
    expect(parseYuanToFenOrZero('1,234.5')).toBe(123450);
    expect(parseYuanToFenOrZero('¥0.07')).toBe(7);
    expect(parseYuanToFenOrZero('0')).toBe(0);
    expect(parseYuanToFenOrZero('1.005')).toBeNull();
    expect(parseYuanToFenOrZero('-3')).toBeNull();
    expect(parseYuanToFenOrZero('')).toBeNull();
    // 0.1 + 0.2 style traps: 1234567.89 stays exact
    expect(parseYuanToFenOrZero('1234567.89')).toBe(123456789);
  });

  it('round-trips fen through the yuan input text', () => {
    for (const fen of [0, 5, 10980, 123456789]) expect(parseYuanToFenOrZero(fenToYuanInput(fen))).toBe(fen);
    expect(fenToYuanInput(-5)).toBe('-0.05');
  });

  it('parses a percentage to basis points and back', () => {
    expect(parsePercentToBp('95.5')).toBe(9550);
    expect(parsePercentToBp('99.95%')).toBe(9995);
    expect(parsePercentToBp('100')).toBe(10_000);
    expect(parsePercentToBp('100.01')).toBeNull();
    expect(parsePercentToBp('9.999')).toBeNull();
    expect(bpToPercentInput(9550)).toBe('95.50');
  });

  it('says amounts in words the way sentences need them', () => {
    expect(yuanText(500_000)).toBe('5,000');
    expect(yuanText(500_050)).toBe('5,000.50');
    expect(signedFen(100_000)).toBe('+¥1,000.00');
    expect(signedFen(-2_000)).toBe('-¥20.00');
    expect(signedFen(0)).toBe('¥0.00');
    expect(axisYuan(123_456_700, 'zh-CN')).toBe('123.4万');
    expect(axisYuan(300_000_000, 'zh-CN')).toBe('300万');
    expect(axisYuan(340_000, 'zh-CN')).toBe('3,400');
    expect(axisYuan(123_456_700, 'en')).toBe('1,234.5k');
    expect(axisYuan(-50_000_000, 'en')).toBe('-500k');
  });

  it('applies a rate half-up to the fen, as the server', () => {
    expect(applyRateBp(100_000, 9550)).toBe(95_500);
    expect(applyRateBp(1, 5000)).toBe(1); // 0.5 → 1
    expect(applyRateBp(1, 4999)).toBe(0);
    expect(applyRateBp(333, 3333)).toBe(111); // 110.9889 → 111
  });

  it('checks planned spending against collectable income (以收定支)', () => {
    const b = { feeIncomeFen: 1_000_000, collectionRateBp: 9000, publicRevenueFen: 50_000, otherIncomeFen: 0, reserveFen: 10_000 };
    const ok = incomeCheck(b, [{ amountFen: 500_000 }, { amountFen: 400_000 }]);
    expect(ok).toMatchObject({ expectedFeesFen: 900_000, availableFen: 960_000, plannedFen: 900_000, differenceFen: 60_000, withinIncome: true });
    const over = incomeCheck(b, [{ amountFen: 1_000_000 }]);
    expect(over).toMatchObject({ differenceFen: -40_000, withinIncome: false });
  });

  it('asks for an explanation of overspending and of underspending beyond 10 %', () => {
    expect(needsExplanation(100_000, 100_001)).toBe(true);
    expect(needsExplanation(100_000, 90_000)).toBe(false); // exactly 10 % under
    expect(needsExplanation(100_000, 89_999)).toBe(true);
    expect(needsExplanation(0, 0)).toBe(false);
  });

  it('sums months cumulatively, up to the month the ledger has reached', () => {
    expect(cumulative([1, 2, 0, 3])).toEqual([1, 3, 3, 6]);
    expect(monthsReached(2026, '2026-11-28')).toBe(11);
    expect(monthsReached(2025, '2026-11-28')).toBe(12);
    expect(monthsReached(2027, '2026-11-28')).toBe(0);
  });
});

describe('spending requirements preview', () => {
  it('mirrors the thresholds: strictly above, and beyond the remaining amount', () => {
    expect(requirementsPreview(500_000, null, DEFAULTS)).toEqual({ level: 'member', quotes: 0, reasons: [] });
    expect(requirementsPreview(500_001, null, DEFAULTS)).toEqual({ level: 'committee', quotes: 0, reasons: ['committee_threshold'] });
    expect(requirementsPreview(2_000_001, null, DEFAULTS)).toEqual({ level: 'committee', quotes: 3, reasons: ['committee_threshold', 'tender_threshold'] });
    expect(requirementsPreview(5_000_001, null, DEFAULTS).level).toBe('owners');
    expect(requirementsPreview(10_000, 9_999, DEFAULTS)).toEqual({ level: 'owners', quotes: 0, reasons: ['beyond_remaining'] });
    expect(committeeMajority(5)).toBe(3);
    expect(committeeMajority(4)).toBe(3);
  });
});

describe('versions and comments', () => {
  it('opens on the version in force, else the latest published, else the draft', () => {
    expect(defaultVersion({ inForce: 2, versions: [v(1, 'superseded'), v(2, 'adopted'), v(3, 'consultation')] })).toBe(2);
    expect(defaultVersion({ inForce: null, versions: [v(1, 'superseded'), v(2, 'consultation'), v(3, 'draft')] })).toBe(2);
    expect(defaultVersion({ inForce: null, versions: [v(1, 'draft')] })).toBe(1);
    expect(defaultVersion({ inForce: null, versions: [] })).toBeNull();
  });

  it('names a supplementary budget under way', () => {
    expect(liveVersion({ inForce: 2, versions: [v(2, 'adopted'), v(3, 'consultation')] })?.number).toBe(3);
    expect(liveVersion({ inForce: 2, versions: [v(2, 'adopted'), v(3, 'draft')] })).toBeNull();
    expect(liveVersion({ inForce: null, versions: [v(1, 'voting')] })?.number).toBe(1);
  });

  it('diffs the latest published version against the one before it, skipping the draft', () => {
    expect(defaultDiffPair([v(1, 'superseded'), v(2, 'consultation'), v(3, 'draft')])).toEqual({ from: 1, to: 2 });
    expect(defaultDiffPair([v(1, 'consultation')])).toBeNull();
  });

  it('lists the open comments once, oldest first, without hidden or answered ones', () => {
    const answered = comment(1, { answer: { body: 'ok', version: 2, at: '' } });
    const hidden = comment(2, { hidden: { at: '', reason: '广告' } });
    const open = comment(3, { version: 2 });
    const older = comment(4, { version: 1 });
    expect(openComments([{ comments: [answered, hidden, open] }, { comments: [open, older] }]).map((c) => c.id)).toEqual([4, 3]);
    expect(commentsOn([comment(5, { line: null }), comment(4), comment(3)], 'L01').map((c) => c.id)).toEqual([3, 4]);
  });

  it('numbers new lines after the existing ones', () => {
    expect(nextLineCode(['L01', 'L09', 'X1'])).toBe('L10');
    expect(nextLineCode([])).toBe('L01');
  });

  it('builds the year page address with its tab', () => {
    expect(budgetPath('fh yuan', 2027, 'diff', { from: 1, to: 2 })).toBe('/c/fh%20yuan/budgets/2027?tab=diff&from=1&to=2');
    expect(budgetPath('a', 2027)).toBe('/c/a/budgets/2027');
  });
});

/**
 * The open budget end to end on the real database, with the test clock: the trustee's draft is
 * published; owners and residents comment (a committee member without a home may not); the
 * committee hides a comment (logged; the public sees a placeholder); a revision answers comments
 * and changes a line, superseding the version before it, and the diff shows both; submission is
 * refused without a matter-9 item, for an item taken (by a version or an expense proposal), over income; an owners' decision that fails
 * rejects the version, one that passes adopts the next; a supplementary budget goes the same way
 * and comes into force; budget vs actual from the ledger; final accounts only after the year with
 * December closed and every variance that needs it explained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type BudgetSetup, as, budgetCommunity, draftInput, draftLines, noticedDecision, runDecision, setDay, todayOf, viewer } from '../../../test/helpers/budget.js';
import { rejects } from '../../../test/helpers/rejects.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { committee } from '../decisions/decisions.service.js';
import { PUBLIC_VIEWER } from './budget.views.js';

const t = await createTestDb({ clock: '2025-10-08T02:00:00Z' });
const { budget } = t.services;
let s: BudgetSetup;
const Y = 2026;
const ids: Record<string, number> = {};

beforeAll(async () => {
  s = await budgetCommunity(t);
}, 60_000);

const trusteeView = () => viewer(s.trustee, 'trustee');
const commentIds = async (number: number) => (await budget.version(s.c, Y, number, trusteeView())).comments;
async function auditOf(action: string, subject?: string) {
  let q = t.db.selectFrom('audit_log').selectAll().where('community_id', '=', s.c.id).where('action', '=', action);
  if (subject) q = q.where('subject', '=', subject);
  return q.orderBy('id').execute();
}

describe('drafting and consultation', () => {
  it('the trustee creates the year with an empty draft that the public does not see', async () => {
    const b = await budget.create(s.c, { year: Y, title: '2026年度共有资金预算' }, s.trustee);
    expect(b).toMatchObject({ year: Y, state: 'drafting', inForce: null, versions: [{ number: 1, kind: 'original', state: 'draft', plannedFen: 0 }] });
    await rejects(budget.create(s.c, { year: Y, title: '又一份' }, s.trustee), ConflictError, 'budget.exists');
    expect((await budget.list(s.c, PUBLIC_VIEWER)).items).toEqual([]);
    expect((await budget.list(s.c, trusteeView())).items).toEqual([{ year: Y, title: '2026年度共有资金预算', state: 'drafting', inForce: null, latest: 1, plannedFen: null }]);
    await rejects(budget.budget(s.c, Y, PUBLIC_VIEWER), NotFoundError, 'budget.not_found');
    await rejects(budget.version(s.c, Y, 1, viewer(s.owners[0]!, 'owner')), NotFoundError, 'budget.not_found');
  });

  it('a draft is validated against the chart, the standards in force and the basis', async () => {
    const bad = (over: Parameters<typeof draftInput>[0]) => budget.saveDraft(s.c, Y, draftInput(over), s.trustee);
    const e = await rejects(bad({ lines: [...draftLines(), { code: 'L09', account: '5999', name: '未知', amountFen: 1, basis: '', standard: null }] }), ValidationError, 'budget.bad_account');
    expect(e.params).toEqual({ line: 'L09' });
    await rejects(bad({ lines: [...draftLines(), { ...draftLines()[0]! }] }), ValidationError, 'budget.duplicate_line');
    await rejects(bad({ lines: draftLines().map((l) => (l.code === 'L02' ? { ...l, standard: 'CLN-99' } : l)) }), ValidationError, 'budget.unknown_standard');
    await rejects(bad({ basis: { ...draftInput().basis, collectionRateBp: 10_001 } }), ValidationError, 'budget.bad_collection_rate');
    await rejects(bad({ answers: [{ commentId: 999_999, body: '答复' }] }), ValidationError, 'budget.answer_unknown_comment');
    await rejects(budget.publish(s.c, Y, {}, s.trustee), ValidationError, 'budget.no_lines');

    const v = await budget.saveDraft(s.c, Y, draftInput(), s.trustee);
    expect(v).toMatchObject({ number: 1, state: 'draft', plannedFen: 105_000_000, income: { expectedFeesFen: 104_500_000, availableFen: 109_500_000, differenceFen: 4_500_000, withinIncome: true } });
    expect(v.lines.find((l) => l.code === 'L02')).toMatchObject({ accountName: '保洁费用', standard: 'CLN-01', standardText: '楼道、楼梯每日清扫一次，每周拖洗一次' });
  });

  it('publishing opens the consultation; the public sees the version, never a draft', async () => {
    await rejects(budget.publish(s.c, Y, { consultationEndsOn: '2025-10-07' }, s.trustee), ValidationError, 'budget.bad_consultation_end');
    const v = await budget.publish(s.c, Y, { consultationEndsOn: '2025-10-31' }, s.trustee);
    expect(v).toMatchObject({ number: 1, state: 'consultation', consultationEndsOn: '2025-10-31', publishedAt: expect.any(String) });
    expect((await budget.budget(s.c, Y, PUBLIC_VIEWER)).state).toBe('consultation');
    expect((await budget.list(s.c, PUBLIC_VIEWER)).items).toMatchObject([{ year: Y, latest: 1, state: 'consultation' }]);
    await rejects(budget.saveDraft(s.c, Y, draftInput(), s.trustee), NotFoundError, 'budget.no_draft');
  });

  it('owners and residents comment on lines; a committee member without a home may not; keys make it idempotent', async () => {
    const [o0, o1] = s.owners as [number, number];
    const a = await budget.comment(s.c, Y, 1, as(o0, 'owner'), { line: 'L02', stance: 'oppose', body: '保洁费用偏高，建议重新招标', idempotencyKey: 'c-1' });
    expect(a).toMatchObject({ version: 1, line: 'L02', stance: 'oppose', author: '业主 甲一', authorRole: 'owner', mine: true, hidden: null, answer: null });
    const again = await budget.comment(s.c, Y, 1, as(o0, 'owner'), { line: 'L02', stance: 'oppose', body: '保洁费用偏高，建议重新招标', idempotencyKey: 'c-1' });
    expect(again.id).toBe(a.id);
    await rejects(budget.comment(s.c, Y, 1, as(o0, 'owner'), { line: 'L02', stance: 'support', body: '改主意了', idempotencyKey: 'c-1' }), ConflictError, 'budget.comment_conflict');
    await rejects(budget.comment(s.c, Y, 1, as(o0, 'owner'), { line: 'L99', stance: 'comment', body: '?', idempotencyKey: 'c-x' }), ValidationError, 'budget.unknown_line');
    const b = await budget.comment(s.c, Y, 1, as(o1, 'owner', 'committee'), { line: 'L01', stance: 'support', body: '人员费用合理。某某是骗子', idempotencyKey: 'c-2' });
    const r = await budget.comment(s.c, Y, 1, as(s.resident, 'resident'), { line: null, stance: 'comment', body: '希望公布保洁合同', idempotencyKey: 'c-3' });
    expect(r).toMatchObject({ authorRole: 'resident', author: '住户 租户庚', line: null });
    await rejects(budget.comment(s.c, Y, 1, as(s.committee[0], 'committee'), { line: null, stance: 'support', body: '委员意见', idempotencyKey: 'c-4' }), ForbiddenError, 'budget.comment_role');
    // after the consultation's last day: refused, but a retry of a comment made in time still answers
    setDay(t, '2025-11-01');
    await rejects(budget.comment(s.c, Y, 1, as(o1, 'owner'), { line: null, stance: 'comment', body: '晚了一天', idempotencyKey: 'c-over' }), ConflictError, 'budget.consultation_over');
    expect((await budget.comment(s.c, Y, 1, as(o0, 'owner'), { line: 'L02', stance: 'oppose', body: '保洁费用偏高，建议重新招标', idempotencyKey: 'c-1' })).id).toBe(a.id);
    setDay(t, '2025-10-08');
    ids.oppose = a.id;
    ids.abuse = b.id;
    ids.general = r.id;

    const pub = await budget.version(s.c, Y, 1, PUBLIC_VIEWER);
    expect(pub.comments.map((c) => [c.author, c.mine])).toEqual([
      ['业主 甲*', false],
      ['业主 乙*', false],
      ['住户 租**', false],
    ]);
    expect(pub.stances).toEqual([
      { line: 'L01', support: 1, oppose: 0, comment: 0 },
      { line: 'L02', support: 0, oppose: 1, comment: 0 },
      { line: 'L03', support: 0, oppose: 0, comment: 0 },
      { line: 'L04', support: 0, oppose: 0, comment: 0 },
      { line: null, support: 0, oppose: 0, comment: 1 },
    ]);
  });

  it('the committee hides a comment with a reason: logged, never deleted; the public sees the placeholder', async () => {
    const [cm1, cm2] = s.committee;
    const hidden = await budget.hide(s.c, Y, ids.abuse!, '含有人身攻击', cm1);
    expect(hidden).toMatchObject({ body: '人员费用合理。某某是骗子', hidden: { reason: '含有人身攻击' } });
    await rejects(budget.hide(s.c, Y, ids.abuse!, '再隐藏', cm2), ConflictError, 'budget.comment_hidden');
    await rejects(budget.unhide(s.c, Y, ids.oppose!, '无', cm2), ConflictError, 'budget.comment_not_hidden');
    await budget.unhide(s.c, Y, ids.abuse!, '误操作', cm2);
    await budget.hide(s.c, Y, ids.abuse!, '含有人身攻击', cm1);

    const pub = (await budget.version(s.c, Y, 1, PUBLIC_VIEWER)).comments.find((c) => c.id === ids.abuse)!;
    expect(pub).toMatchObject({ body: null, hidden: { reason: '含有人身攻击' }, stance: 'support' });
    const inside = (await budget.version(s.c, Y, 1, viewer(s.committee[1], 'supervisor'))).comments.find((c) => c.id === ids.abuse)!;
    expect(inside.body).toBe('人员费用合理。某某是骗子');
    expect((await budget.moderation(s.c, Y)).items.map((m) => [m.commentId, m.action, m.reason])).toEqual([
      [ids.abuse, 'hide', '含有人身攻击'],
      [ids.abuse, 'unhide', '误操作'],
      [ids.abuse, 'hide', '含有人身攻击'],
    ]);
    expect((await auditOf('budget.comment_hide', `budget_comment:${ids.abuse}`)).length).toBe(2);
    expect(await t.db.selectFrom('budget_comments').select('body').where('id', '=', ids.abuse!).executeTakeFirstOrThrow()).toEqual({ body: '人员费用合理。某某是骗子' });
  });

  it('a revision answers comments and changes a line; published, it supersedes the version before it', async () => {
    const v2 = await budget.newDraft(s.c, Y, 'revision', s.trustee);
    expect(v2).toMatchObject({ number: 2, kind: 'original', state: 'draft', plannedFen: 105_000_000, basis: draftInput().basis });
    await rejects(budget.newDraft(s.c, Y, 'revision', s.trustee), ConflictError, 'budget.draft_exists');
    await rejects(budget.newDraft(s.c, Y, 'supplementary', s.trustee), ConflictError, 'budget.draft_exists');
    const lines = draftLines().map((l) => (l.code === 'L02' ? { ...l, amountFen: 18_000_000, basis: '重新招标后的报价' } : l));
    const answers = [
      { commentId: ids.oppose!, body: '已重新招标，保洁费用降至 18 万元' },
      { commentId: ids.general!, body: '保洁合同将随预算一并公示' },
    ];
    await rejects(budget.saveDraft(s.c, Y, draftInput({ lines, answers: [...answers, answers[0]!] }), s.trustee), ValidationError, 'budget.answer_twice');
    const saved = await budget.saveDraft(s.c, Y, draftInput({ lines, answers, note: '根据业主意见降低保洁费用' }), s.trustee);
    expect(saved.answers).toEqual(answers);
    // a draft's answers are not public yet, nor is the draft
    await rejects(budget.version(s.c, Y, 2, PUBLIC_VIEWER), NotFoundError, 'budget.version_not_found');
    expect((await budget.version(s.c, Y, 1, PUBLIC_VIEWER)).comments.find((c) => c.id === ids.oppose)!.answer).toBeNull();
    expect((await commentIds(1)).find((c) => c.id === ids.oppose)!.answer).toMatchObject({ version: 2 });
    // the committee cannot put the version in consultation to the vote while a newer draft waits
    const d0 = await noticedDecision(t, s);
    await rejects(budget.submit(s.c, Y, 1, { decisionId: d0, item: 1 }, s.committee[0]), ConflictError, 'budget.draft_pending');

    const published = await budget.publish(s.c, Y, {}, s.trustee);
    expect(published).toMatchObject({ number: 2, state: 'consultation', answers });
    const b = await budget.budget(s.c, Y, PUBLIC_VIEWER);
    expect(b.versions.map((v) => [v.number, v.state])).toEqual([
      [1, 'superseded'],
      [2, 'consultation'],
    ]);
    await rejects(budget.comment(s.c, Y, 1, as(s.owners[2]!, 'owner'), { line: null, stance: 'comment', body: '晚了', idempotencyKey: 'c-late' }), ConflictError, 'budget.not_in_consultation');
    const answered = (await budget.version(s.c, Y, 1, PUBLIC_VIEWER)).comments.find((c) => c.id === ids.oppose)!;
    expect(answered.answer).toMatchObject({ body: '已重新招标，保洁费用降至 18 万元', version: 2, at: published.publishedAt });
    ids.d0 = d0;
  });

  it('the diff shows the changed line, its delta and the comments the revision answered', async () => {
    const d = await budget.diff(s.c, Y, {}, PUBLIC_VIEWER);
    expect(d).toMatchObject({ from: 1, to: 2, note: '根据业主意见降低保洁费用' });
    expect(d.lines.map((l) => [l.code, l.change, l.deltaFen])).toEqual([
      ['L01', 'unchanged', 0],
      ['L02', 'changed', -2_000_000],
      ['L03', 'unchanged', 0],
      ['L04', 'unchanged', 0],
    ]);
    const l02 = d.lines.find((l) => l.code === 'L02')!;
    expect(l02.fields).toEqual(['amountFen', 'basis']);
    expect(l02.answered.map((c) => [c.id, c.answer?.body])).toEqual([[ids.oppose, '已重新招标，保洁费用降至 18 万元']]);
    expect(d.answeredGeneral.map((c) => c.id)).toEqual([ids.general]);
    expect(d.incomeAfter.differenceFen - d.incomeBefore.differenceFen).toBe(2_000_000);
  });
});

describe('adoption by an owners’ decision', () => {
  it('submission needs a matter-9 item of a decision not yet voting, free, and a plan within income', async () => {
    const cm = s.committee[0];
    const sixOnly = await noticedDecision(t, s, [{ matter: 6, title: '筹集维修资金' }]);
    await rejects(budget.submit(s.c, Y, 2, { decisionId: sixOnly, item: 1 }, cm), ValidationError, 'budget.decision_item_matter');
    await rejects(budget.submit(s.c, Y, 2, { decisionId: sixOnly, item: 2 }, cm), ValidationError, 'budget.decision_item_not_found');
    await rejects(budget.submit(s.c, Y, 2, { decisionId: 999_999, item: 1 }, cm), NotFoundError, 'budget.decision_not_found');
    await rejects(budget.submit(s.c, Y, 1, { decisionId: ids.d0!, item: 1 }, cm), ConflictError, 'budget.bad_transition');
  });

  it('over income is refused naming the shortfall (以收定支)', async () => {
    await budget.create(s.c, { year: 2027, title: '2027年度预算' }, s.trustee);
    await budget.saveDraft(s.c, 2027, draftInput({ lines: [...draftLines(), { code: 'L05', account: '5005', name: '设施设备维护费用', amountFen: 10_000_000, basis: '电梯大修', standard: null }] }), s.trustee);
    const v = await budget.publish(s.c, 2027, {}, s.trustee);
    expect(v.income).toMatchObject({ plannedFen: 115_000_000, availableFen: 109_500_000, differenceFen: -5_500_000, withinIncome: false });
    const e = await rejects(budget.submit(s.c, 2027, 1, { decisionId: ids.d0!, item: 1 }, s.committee[0]), ConflictError, 'budget.over_income');
    expect(e.params).toEqual({ planned: '¥1,150,000.00', available: '¥1,095,000.00', shortfall: '¥55,000.00' });
  });

  it('a failed decision rejects the version; nothing else can be drafted while it is voted on', async () => {
    const v = await budget.submit(s.c, Y, 2, { decisionId: ids.d0!, item: 1 }, s.committee[0]);
    expect(v).toMatchObject({ state: 'voting', decisionId: ids.d0, decisionItem: 1 });
    expect((await budget.budget(s.c, Y, PUBLIC_VIEWER)).state).toBe('voting');
    await rejects(budget.newDraft(s.c, Y, 'revision', s.trustee), ConflictError, 'budget.version_in_voting');
    await rejects(budget.comment(s.c, Y, 2, as(s.owners[0]!, 'owner'), { line: null, stance: 'support', body: '支持', idempotencyKey: 'c-v' }), ConflictError, 'budget.not_in_consultation');
    // one version per decision item
    await budget.newDraft(s.c, 2027, 'revision', s.trustee);
    await budget.saveDraft(s.c, 2027, draftInput(), s.trustee);
    await budget.publish(s.c, 2027, {}, s.trustee);
    await rejects(budget.submit(s.c, 2027, 2, { decisionId: ids.d0!, item: 1 }, s.committee[0]), ConflictError, 'budget.item_taken');

    const done = await runDecision(t, s, ids.d0!, 'oppose');
    expect(done.state).toBe('failed');
    const b = await budget.budget(s.c, Y, PUBLIC_VIEWER);
    expect(b).toMatchObject({ state: 'drafting', inForce: null });
    expect(b.versions.find((x) => x.number === 2)).toMatchObject({ state: 'rejected', adoptedAt: null });
    const [log] = await auditOf('decisions.failed', `decision:${ids.d0}`);
    expect(log!.details).toMatchObject({ budgetVersionsAdopted: [], budgetVersionsRejected: [`${Y}/2`] });
    await rejects(budget.submit(s.c, Y, 2, { decisionId: ids.d0!, item: 1 }, s.committee[0]), ConflictError, 'budget.bad_transition');
  });

  it('a rejected version is revised; a passed decision adopts the revision', async () => {
    const v3 = await budget.newDraft(s.c, Y, 'revision', s.trustee);
    expect(v3).toMatchObject({ number: 3, kind: 'original', plannedFen: 103_000_000 });
    expect(v3.lines.find((l) => l.code === 'L02')!.amountFen).toBe(18_000_000);
    await rejects(budget.saveDraft(s.c, Y, draftInput({ answers: [{ commentId: ids.oppose!, body: '再答一次' }] }), s.trustee), ConflictError, 'budget.answer_exists');
    const lines = v3.lines.map(({ accountName: _a, standardText: _s, ...l }) => (l.code === 'L01' ? { ...l, amountFen: 58_000_000 } : l));
    await budget.saveDraft(s.c, Y, draftInput({ lines, note: '人员费用下调' }), s.trustee);
    await budget.publish(s.c, Y, {}, s.trustee);
    const d = await noticedDecision(t, s);
    await budget.submit(s.c, Y, 3, { decisionId: d, item: 1 }, s.committee[1]);
    // submitting does not adopt, nor does anything but the decision
    expect((await budget.budget(s.c, Y, PUBLIC_VIEWER)).inForce).toBeNull();
    expect(Object.keys(budget).filter((k) => /adopt/i.test(k))).toEqual([]);

    const done = await runDecision(t, s, d, 'agree');
    expect(done.state).toBe('final');
    const b = await budget.budget(s.c, Y, PUBLIC_VIEWER);
    expect(b).toMatchObject({ state: 'adopted', inForce: 3 });
    expect(b.versions.map((x) => [x.number, x.state])).toEqual([
      [1, 'superseded'],
      [2, 'rejected'],
      [3, 'adopted'],
    ]);
    expect(b.versions[2]!.adoptedAt).toEqual(expect.any(String));
    expect((await budget.list(s.c, PUBLIC_VIEWER)).items.find((x) => x.year === Y)).toMatchObject({ inForce: 3, plannedFen: 101_000_000 });
    await rejects(budget.newDraft(s.c, Y, 'revision', s.trustee), ConflictError, 'budget.already_adopted');
  });

  it('a supplementary budget follows the same path and becomes the version in force', async () => {
    const v4 = await budget.newDraft(s.c, Y, 'supplementary', s.trustee);
    expect(v4).toMatchObject({ number: 4, kind: 'supplementary', plannedFen: 101_000_000 });
    const lines = [...v4.lines.map(({ accountName: _a, standardText: _s, ...l }) => l), { code: 'L05', account: '5005', name: '电梯维修', amountFen: 5_000_000, basis: '2 号电梯更换曳引机', standard: 'FAC-01' }];
    const v = await budget.saveDraft(s.c, Y, draftInput({ lines, note: '追加电梯维修' }), s.trustee);
    expect(v.lines.at(-1)).toMatchObject({ code: 'L05', accountName: '设施设备维护费用', standardText: expect.stringContaining('报修') });
    await budget.publish(s.c, Y, {}, s.trustee);
    let b = await budget.budget(s.c, Y, PUBLIC_VIEWER);
    expect(b).toMatchObject({ state: 'adopted', inForce: 3 });
    expect(b.versions.at(-1)).toMatchObject({ number: 4, kind: 'supplementary', state: 'consultation' });
    const d = await noticedDecision(t, s, [{ matter: 9, title: '追加预算' }]);
    await budget.submit(s.c, Y, 4, { decisionId: d, item: 1 }, s.committee[0]);
    expect((await budget.budget(s.c, Y, PUBLIC_VIEWER)).state).toBe('adopted');
    expect((await runDecision(t, s, d, 'agree')).state).toBe('final');
    b = await budget.budget(s.c, Y, PUBLIC_VIEWER);
    expect(b).toMatchObject({ state: 'adopted', inForce: 4 });
    expect(b.versions.map((x) => x.state)).toEqual(['superseded', 'rejected', 'adopted', 'adopted']);
    expect((await auditOf('budget.adopted')).map((a) => a.subject)).toEqual([`budget:${Y}/3`, `budget:${Y}/4`]);
  });

  it('an item an expense proposal rests on cannot also be the vote on a budget (one item, one thing)', async () => {
    const { spending } = t.services;
    const quotes = [];
    for (const [i, vendor] of ['成都安居建筑修缮工程有限公司', '四川蜀建防水工程有限公司', '成都城南建筑劳务有限公司'].entries()) {
      const file = await spending.storeQuote(s.c, Buffer.from(`%PDF-1.4\n报价单 ${vendor}\n`));
      quotes.push({ vendor, amountFen: 5_100_000 + i * 100_000, sha256: file.sha256, name: `报价单-${i + 1}.pdf`, chosen: i === 0 });
    }
    const p = await spending.propose(s.c, s.trustee, { idempotencyKey: 'b-item-1', year: Y, line: 'L01', title: '监控系统更换', counterparty: quotes[0]!.vendor, amountFen: 5_100_000, quotes, choiceReason: '报价最低' });
    const d = await noticedDecision(t, s, [
      { matter: 9, title: '监控系统更换（¥51,000.00）' },
      { matter: 9, title: '2027 年度预算' },
    ]);
    await spending.linkDecision(s.c, p.id, s.committee[0], { decisionId: d, item: 1 });
    const e = await rejects(budget.submit(s.c, 2027, 2, { decisionId: d, item: 1 }, s.committee[1]), ConflictError, 'budget.item_spending');
    expect(e.params).toEqual({ id: d, item: 1, proposal: p.id });
    expect((await budget.version(s.c, 2027, 2, PUBLIC_VIEWER)).state).toBe('consultation');
    // the decision is withdrawn: the proposal resting on it is rejected, nothing stays committed
    await t.services.decisions.withdraw(s.c, d, committee(s.committee[0]), '改期');
    expect((await spending.view(s.c, p.id, { accountId: null, roles: new Set() })).state).toBe('rejected');
  });
});

describe('execution and final accounts', () => {
  const post = (date: string, key: string, account: string, fen: number, line: string | null, year = Y) =>
    t.services.ledger.post(s.ledger, {
      idempotencyKey: key,
      date,
      memo: `支出 ${key}`,
      reason: 'expense',
      lines: [
        { account, debitFen: fen, creditFen: 0 },
        { account: '1001', debitFen: 0, creditFen: fen },
      ],
      refs: line ? { budgetYear: year, budgetLine: line } : {},
    });

  it('budget vs actual per line and month comes from the ledger; unbudgeted spending is shown apart', async () => {
    expect(todayOf(t) >= '2026-01-01').toBe(true);
    setDay(t, '2026-06-15');
    await post('2026-02-10', 'e1', '5001', 4_800_000, 'L01');
    await post('2026-03-10', 'e2', '5001', 4_800_000, 'L01');
    await post('2026-03-20', 'e3', '5002', 1_500_000, 'L02');
    await post('2026-04-02', 'e4', '5005', 5_600_000, 'L05');
    await post('2026-05-05', 'e5', '5007', 30_000, null);
    // last year's L01, paid this year: not against this year's L01
    await post('2026-01-08', 'e6', '5001', 70_000, 'L01', Y - 1);
    const rev = await t.services.ledger.reverse(s.ledger, 2, { idempotencyKey: 'r-e2', date: '2026-05-06', memo: '冲销重复入账' });
    expect(rev.created).toBe(true);
    const e = await budget.execution(s.c, Y, PUBLIC_VIEWER);
    expect(e).toMatchObject({ year: Y, version: 4, asOf: '2026-06-15' });
    const row = (code: string) => e.rows.find((r) => r.code === code)!;
    expect(row('L01')).toMatchObject({ budgetFen: 58_000_000, actualFen: 4_800_000, remainingFen: 53_200_000 });
    expect(row('L01').months.slice(1, 5)).toEqual([4_800_000, 4_800_000, 0, -4_800_000]);
    expect(row('L05')).toMatchObject({ budgetFen: 5_000_000, actualFen: 5_600_000, remainingFen: -600_000 });
    expect(e.unbudgeted).toMatchObject({ actualFen: 100_000 });
    expect(e.totals.actualFen).toBe(4_800_000 + 1_500_000 + 5_600_000);

    // a year with no version in force: no rows, everything unbudgeted
    const none = await budget.execution(s.c, 2027, PUBLIC_VIEWER);
    expect(none).toMatchObject({ version: null, rows: [], totals: { budgetFen: 0 } });
  });

  it('final accounts: not before the year is over and December closed; every variance that needs it explained; once', async () => {
    const input = { summary: '2026 年度预算执行情况', explanations: [] as { line: string; text: string }[] };
    setDay(t, '2026-12-31');
    await rejects(budget.finalAccounts(s.c, Y, input, s.trustee), ConflictError, 'budget.year_not_over');
    setDay(t, '2027-01-05');
    await rejects(budget.finalAccounts(s.c, Y, input, s.trustee), ConflictError, 'budget.december_open');
    for (let m = 1; m <= 12; m++) await t.services.close.closeMonth(s.ledger, `2026-${String(m).padStart(2, '0')}`);
    const e = await rejects(budget.finalAccounts(s.c, Y, { ...input, explanations: [{ line: 'L05', text: '曳引机涨价' }] }, s.trustee), ValidationError, 'budget.explanations_missing');
    expect(e.details).toEqual({ lines: ['L01', 'L02', 'L03', 'L04'] });
    await rejects(budget.finalAccounts(s.c, Y, { ...input, explanations: [{ line: 'L99', text: 'x' }] }, s.trustee), ValidationError, 'budget.explanation_unknown_line');
    const explanations = ['L01', 'L02', 'L03', 'L04', 'L05'].map((line) => ({ line, text: `${line} 差异说明` }));
    const b = await budget.finalAccounts(s.c, Y, { ...input, explanations }, s.trustee);
    expect(b.state).toBe('closed');
    expect(b.finalAccounts).toMatchObject({ summary: '2026 年度预算执行情况', publishedAt: expect.any(String) });
    expect(b.finalAccounts!.lines.find((l) => l.code === 'L05')).toEqual({ code: 'L05', name: '电梯维修', budgetFen: 5_000_000, actualFen: 5_600_000, varianceFen: -600_000, explanation: 'L05 差异说明' });
    // frozen: a later posting dated in the year cannot change the published figures (and December is closed anyway)
    expect((await budget.budget(s.c, Y, PUBLIC_VIEWER)).finalAccounts).toEqual(b.finalAccounts);
    await rejects(budget.finalAccounts(s.c, Y, { ...input, explanations }, s.trustee), ConflictError, 'budget.final_exists');
    await rejects(budget.newDraft(s.c, Y, 'supplementary', s.trustee), ConflictError, 'budget.closed');
  });
});

describe('the hook', () => {
  it('a withdrawn decision rejects the version in voting on it', async () => {
    setDay(t, '2027-01-06');
    const b = await budget.version(s.c, 2027, 2, PUBLIC_VIEWER);
    expect(b.state).toBe('consultation');
    const d = await noticedDecision(t, s);
    await budget.submit(s.c, 2027, 2, { decisionId: d, item: 1 }, s.committee[0]);
    await t.services.decisions.withdraw(s.c, d, committee(s.committee[0]), '改期');
    expect((await budget.version(s.c, 2027, 2, PUBLIC_VIEWER)).state).toBe('rejected');
    const [log] = await auditOf('decisions.withdrawn', `decision:${d}`);
    expect(log!.details).toMatchObject({ budgetVersionsRejected: ['2027/2'] });
  });
});

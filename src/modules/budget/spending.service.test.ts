/**
 * Spending controls on the real database (a budget year 2025 in force, the test clock in June
 * 2025): each rule of spending.rules.ts as the service applies it — approval skipped, a proposer
 * approving their own, posting unapproved, two proposals that together exceed a line, quotes over
 * the tender threshold, an owners' decision approving through the decisions hook, an emergency
 * posted before it is ratified and disclosed in time, idempotent proposing and posting — and the
 * ledger entry a posting makes: its budget line, references and approver. The ledger's own route
 * refuses an expense by hand. Also: a decision linked only before voting opens, one item for one
 * thing (even when two members link at once), cancelling an approved expense, no proposal on the
 * remuneration account, vouchers and dates of a posting, the chosen quote's amount, a closed year,
 * a former committee member's verdict.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, committeeMember, decisionInput } from '../../../test/helpers/decisions.js';
import { signIn } from '../../../test/helpers/http.js';
import { rejects } from '../../../test/helpers/rejects.js';
import {
  type SpendSetup,
  addDays,
  finishDecision,
  insertBudget,
  invoice,
  noticedDecision,
  openAndVote,
  proposal,
  setDay,
  spendingCommunity,
  threeQuotes,
  today,
  viewer,
  votingDecision,
} from '../../../test/helpers/spending.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { createHttpApp } from '../../compose.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { committee } from '../decisions/decisions.service.js';
import { maskName } from '../register/register.rules.js';
import { inForce, remainingOn } from './budget.queries.js';

const t = await createTestDb({ clock: '2025-06-16T02:00:00Z' });
const { spending } = t.services;
let s: SpendSetup;
const DAY = '2025-06-16';

const entryOf = (seq: number) => t.db.selectFrom('ledger_entries').selectAll().where('ledger_id', '=', s.ledger.id).where('seq', '=', seq).executeTakeFirstOrThrow();
const remaining = async (code: string) => remainingOn(t.db, s.ledger.id, s.budget.id, 2025, (await inForce(t.db, s.budget.id))!.lines, code);
const nameOf = async (id: number) => (await t.db.selectFrom('accounts').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;
const approveBy = async (id: number, members: number[]) => {
  for (const m of members) await spending.approve(s.c, id, m);
};

beforeAll(async () => {
  s = await spendingCommunity(t);
}, 60_000);

describe('settings', () => {
  it('are the DESIGN defaults until the committee changes them; checked whole, audited, null back to the default', async () => {
    const c = await buildCommunity(t.services);
    const fresh = await spending.settings(c.id);
    expect(fresh).toEqual({ committeeFen: 500_000, ownersFen: 5_000_000, tenderFen: 2_000_000, minQuotes: 3, discloseWithinDays: 3, defaults: { committeeFen: 500_000, ownersFen: 5_000_000, tenderFen: 2_000_000, minQuotes: 3, discloseWithinDays: 3 } });
    const changed = await spending.updateSettings(c, { committeeFen: 1_000_000, minQuotes: 5 }, s.members[0]);
    expect(changed).toMatchObject({ committeeFen: 1_000_000, ownersFen: 5_000_000, minQuotes: 5 });
    await rejects(spending.updateSettings(c, { ownersFen: 900_000 }, s.members[0]), ValidationError, 'spending.threshold_order');
    await rejects(spending.updateSettings(c, { discloseWithinDays: 31 }, s.members[0]), ValidationError, 'spending.bad_disclose_days');
    expect(await spending.updateSettings(c, { committeeFen: null }, s.members[0])).toMatchObject({ committeeFen: 500_000, minQuotes: 5 });
    const audited = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'spending.settings_updated').where('community_id', '=', c.id).execute();
    expect(audited).toHaveLength(2);
  });
});

describe('a member-level expense', () => {
  let id: number;

  it('is proposed against a line of the budget in force; what it needs is fixed then', async () => {
    ({ id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 300_000, { title: '楼道保洁耗材', counterparty: '成都洁美保洁服务有限公司' })));
    const v = await spending.view(s.c, id, viewer(s.trustee, 'trustee'));
    expect(v).toMatchObject({ state: 'pending', level: 'member', year: 2025, line: 'L05', lineName: '保洁费用', account: '5002', quotesRequired: 0, reasons: [], approvalsNeeded: 1, committeeSize: 4, remainingFen: 8_000_000, proposedBy: '物业经理 李敏', mayAct: ['withdraw'] });
    expect(v.trail.map((e) => e.action)).toEqual(['proposed']);
  });

  it('skipping approval: a pending proposal is not posted', async () => {
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'post-skip', date: DAY, vouchers: await invoice(t, s) }), ConflictError, 'spending.not_approved');
    expect(await t.db.selectFrom('ledger_entries').select('seq').where('idempotency_key', '=', `expense-proposal:${id}`).execute()).toEqual([]);
  });

  it('only a committee member approves, one verdict each', async () => {
    await rejects(spending.approve(s.c, id, s.trustee2), ForbiddenError, 'spending.not_committee');
    const before = await spending.view(s.c, id, viewer(s.members[0], 'committee'));
    expect(before.mayAct).toEqual(['approve', 'reject']);
    await spending.approve(s.c, id, s.members[0], '同意');
    await rejects(spending.approve(s.c, id, s.members[0]), ConflictError, 'spending.bad_transition');
    const v = await spending.view(s.c, id, viewer(s.trustee, 'trustee'));
    // the proposer may post it, or cancel it
    expect(v).toMatchObject({ state: 'approved', verdicts: [{ purpose: 'approval', by: await nameOf(s.members[0]), verdict: 'approve', note: '同意' }], mayAct: ['post', 'cancel'] });
    expect((await t.db.selectFrom('expense_proposals').select('approved_at').where('id', '=', id).executeTakeFirstOrThrow()).approved_at).not.toBeNull();
  });

  it('is posted as one ledger entry naming its line, proposal and approver; the same request again returns it', async () => {
    const voucher = await t.services.ledger.storeVoucher(s.ledger, Buffer.from('%PDF-1.4\n发票 楼道保洁耗材\n'));
    const body = { idempotencyKey: 'post-1', date: DAY, vouchers: [{ sha256: voucher.sha256, name: '发票.pdf' }] };
    await spending.post(s.c, id, s.trustee2, body);
    const v = await spending.view(s.c, id, viewer(null));
    expect(v.state).toBe('posted');
    const e = await entryOf(v.ledgerSeq!);
    expect(e).toMatchObject({
      reason: 'expense',
      memo: '楼道保洁耗材',
      counterparty: '成都洁美保洁服务有限公司',
      budget_line: '2025年度预算 L05 保洁费用',
      entry_date: DAY,
      approved_by: s.members[0],
      recorded_by: s.trustee2,
      idempotency_key: `expense-proposal:${id}`,
    });
    expect(e.refs).toEqual({ proposal: id, budgetYear: 2025, budgetLine: 'L05' });
    const lines = await t.db.selectFrom('ledger_lines').select(['account_code', 'debit_fen', 'credit_fen']).where('entry_id', '=', e.id).orderBy('line_no').execute();
    expect(lines).toEqual([
      { account_code: '5002', debit_fen: 300_000, credit_fen: 0 },
      { account_code: '1001', debit_fen: 0, credit_fen: 300_000 },
    ]);
    expect(await t.db.selectFrom('ledger_vouchers').select(['sha256', 'file_name']).where('entry_id', '=', e.id).execute()).toEqual([{ sha256: voucher.sha256, file_name: '发票.pdf' }]);

    // a retry of the same request: the same posted proposal, nothing new in the ledger
    expect(await spending.post(s.c, id, s.trustee2, body)).toEqual({ id, state: 'posted' });
    await rejects(spending.post(s.c, id, s.trustee2, { ...body, idempotencyKey: 'post-1-again' }), ConflictError, 'spending.bad_transition');
    expect(await t.db.selectFrom('ledger_entries').select('seq').where('ledger_id', '=', s.ledger.id).where('reason', '=', 'expense').execute()).toHaveLength(1);
    expect(await remaining('L05')).toBe(8_000_000 - 300_000);
    expect((await spending.view(s.c, id, viewer(null))).trail.map((x) => x.action)).toEqual(['proposed', 'approve', 'posted']);
  });

  it('the public sees names masked; the committee, the trustee and the supervisor in full', async () => {
    const pub = await spending.view(s.c, id, viewer(null));
    expect(pub.proposedBy).toBe('物*** **');
    expect(pub.proposedBy).toBe(maskName('物业经理 李敏'));
    expect(pub.verdicts[0]!.by).toBe(maskName(await nameOf(s.members[0])));
    expect(pub.trail.every((e) => e.by === null || e.by.includes('*'))).toBe(true);
    expect(pub.mayAct).toEqual([]);
    const owner = await spending.view(s.c, id, viewer(s.owners[0]!, 'owner'));
    expect(owner.proposedBy).toBe('物*** **');
    expect((await spending.view(s.c, id, viewer(s.members[1], 'committee', 'owner'))).proposedBy).toBe('物业经理 李敏');
  });
});

describe('separation of duties', () => {
  it('a trustee who is also a committee member may not approve what they proposed; others may', async () => {
    const { id } = await spending.propose(s.c, s.dual, proposal(s, 'L05', 200_000));
    expect((await spending.view(s.c, id, viewer(s.dual, 'trustee', 'committee'))).mayAct).toEqual(['withdraw']);
    await rejects(spending.approve(s.c, id, s.dual), ForbiddenError, 'spending.self_approval');
    await rejects(spending.reject(s.c, id, s.dual, '自己否决'), ForbiddenError, 'spending.self_approval');
    await spending.approve(s.c, id, s.members[1]);
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('approved');
  });

  it('only the proposer withdraws, and only while pending', async () => {
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 100_000));
    await rejects(spending.withdraw(s.c, id, s.trustee2, '不需要了'), ForbiddenError, 'spending.not_proposer');
    expect(await spending.withdraw(s.c, id, s.trustee, '供应商免费更换')).toEqual({ id, state: 'withdrawn' });
    await rejects(spending.approve(s.c, id, s.members[0]), ConflictError, 'spending.bad_transition');
    await rejects(spending.withdraw(s.c, id, s.trustee, '再撤一次'), ConflictError, 'spending.bad_transition');
  });
});

describe('a committee decision', () => {
  it('needs more than half of all four members; a rejection is kept on the record', async () => {
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 1_000_000));
    expect(await spending.view(s.c, id, viewer(null))).toMatchObject({ level: 'committee', reasons: ['committee_threshold'], approvalsNeeded: 3 });
    const minute = () => t.clock.advance(60_000);
    await spending.approve(s.c, id, s.members[0]);
    await rejects(spending.approve(s.c, id, s.members[0]), ConflictError, 'spending.already_voted');
    minute();
    await spending.reject(s.c, id, s.dual, '价格偏高');
    minute();
    await spending.approve(s.c, id, s.members[1]);
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('pending');
    minute();
    await spending.approve(s.c, id, s.members[2]);
    const v = await spending.view(s.c, id, viewer(null));
    expect(v.state).toBe('approved');
    expect(v.verdicts.map((x) => x.verdict)).toEqual(['approve', 'reject', 'approve', 'approve']);
  });
});

describe('over the tender threshold', () => {
  it('needs three quotes, one chosen and explained, before it can be approved', async () => {
    const bare = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 2_500_000, { title: '外墙清洗' }));
    expect(await spending.view(s.c, bare.id, viewer(null))).toMatchObject({ level: 'committee', quotesRequired: 3, reasons: ['committee_threshold', 'tender_threshold'] });
    await rejects(spending.approve(s.c, bare.id, s.members[0]), ConflictError, 'spending.quotes_missing');

    const quotes = await threeQuotes(t, s, 2_500_000);
    await rejects(spending.propose(s.c, s.trustee, proposal(s, 'L05', 2_500_000, { quotes: [{ ...quotes[0]!, sha256: 'f'.repeat(64) }] })), ValidationError, 'spending.quote_unknown');
    await rejects(spending.propose(s.c, s.trustee, proposal(s, 'L05', 2_500_000, { quotes: quotes.map((q) => ({ ...q, chosen: true })) })), ValidationError, 'spending.one_chosen');
    const unexplained = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 2_500_000, { quotes }));
    await rejects(spending.approve(s.c, unexplained.id, s.members[0]), ConflictError, 'spending.quotes_missing');

    const full = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 2_500_000, { title: '外墙清洗', quotes, choiceReason: '报价最低，且有高空作业资质' }));
    await approveBy(full.id, [s.members[0], s.members[1], s.dual]);
    const v = await spending.view(s.c, full.id, viewer(null));
    expect(v.state).toBe('approved');
    expect(v.quotes.map((q) => [q.position, q.vendor, q.chosen])).toEqual([
      [1, '成都洁美保洁服务有限公司', true],
      [2, '四川净源物业服务有限公司', false],
      [3, '成都蓉城清洁有限公司', false],
    ]);
    expect(v.choiceReason).toBe('报价最低，且有高空作业资质');
    // the quote's file is served to those who inspect vouchers, and the view is logged
    const file = await spending.quoteFile(s.c, full.id, quotes[1]!.sha256, s.owners[0]!);
    expect(file).toMatchObject({ mediaType: 'application/pdf', name: '报价单-2.pdf' });
    await rejects(spending.quoteFile(s.c, full.id, 'e'.repeat(64), s.owners[0]!), NotFoundError, 'spending.quote_not_found');
  });
});

describe('the remaining amount of a line', () => {
  it('two expenses that together exceed the line: the second needs the owners', async () => {
    const first = await spending.propose(s.c, s.trustee, proposal(s, 'L06', 2_000_000, { title: '电梯维保' }));
    expect((await spending.view(s.c, first.id, viewer(null))).level).toBe('committee');
    await approveBy(first.id, [s.members[0], s.members[1], s.members[2]]);
    // approved and not posted: committed
    expect(await remaining('L06')).toBe(1_000_000);
    const second = await spending.propose(s.c, s.trustee, proposal(s, 'L06', 1_500_000, { title: '消防水泵更换' }));
    const v = await spending.view(s.c, second.id, viewer(s.members[0], 'committee'));
    expect(v).toMatchObject({ level: 'owners', reasons: ['committee_threshold', 'beyond_remaining'], approvalsNeeded: 0, remainingFen: 1_000_000, mayAct: ['decision'] });
    await rejects(spending.approve(s.c, second.id, s.members[0]), ConflictError, 'spending.needs_decision');
  });

  it('two proposals each within the line, together beyond it: the second approval is refused', async () => {
    const a = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 400_000, { title: '补种草坪' }));
    const b = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 400_000, { title: '修剪乔木' }));
    await spending.approve(s.c, a.id, s.members[0]);
    const err = await rejects(spending.approve(s.c, b.id, s.members[0]), ConflictError, 'spending.beyond_remaining');
    expect(err.params).toMatchObject({ remaining: '¥2,000.00' });
    expect((await spending.view(s.c, b.id, viewer(s.members[0], 'committee'))).mayAct).toEqual(['reject']);
  });

  it('posting re-checks the line: after a supplementary budget cut it, an approved expense beyond it is refused', async () => {
    const y2024 = await insertBudget(t, s, 2024, [{ code: 'L09', account: '5009', name: '审计费用', amountFen: 400_000 }]);
    const { id } = await spending.propose(s.c, s.trustee, { ...proposal(s, 'L09', 300_000), year: 2024, title: '2024 年度审计' });
    await spending.approve(s.c, id, s.members[0]);
    const v2 = await t.db
      .insertInto('budget_versions')
      .values({ budget_id: y2024.id, number: 2, kind: 'supplementary', state: 'adopted', published_at: t.clock.now(), decision_id: y2024.decisionId, decision_item: 1, adopted_at: t.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('budget_lines').values({ version_id: v2.id, code: 'L09', position: 1, account_code: '5009', name: '审计费用', amount_fen: 200_000 }).execute();
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'post-cut', date: '2024-12-20', vouchers: await invoice(t, s) }), ConflictError, 'spending.beyond_remaining');
  });
});

describe('an owners’ decision', () => {
  let big: number;
  let other: number;
  let decisionId: number;

  it('is linked by the committee to an item of matter 9 before voting opens; the hook approves what rests on a passed item and rejects the rest', async () => {
    big = (await spending.propose(s.c, s.trustee, proposal(s, 'L01', 6_000_000, { title: '更换小区监控系统', quotes: await threeQuotes(t, s, 6_000_000), choiceReason: '综合评分最高' }))).id;
    const bare = (await spending.propose(s.c, s.trustee, proposal(s, 'L01', 5_500_000, { title: '新建充电车棚' }))).id;
    other = (await spending.propose(s.c, s.trustee, proposal(s, 'L01', 5_500_000, { title: '新建充电车棚', quotes: await threeQuotes(t, s, 5_500_000), choiceReason: '唯一具备充电设施资质' }))).id;
    const second = (await spending.propose(s.c, s.trustee, proposal(s, 'L01', 5_300_000, { title: '监控系统扩容', quotes: await threeQuotes(t, s, 5_300_000), choiceReason: '与原系统兼容' }))).id;
    expect((await spending.view(s.c, big, viewer(null))).reasons).toEqual(['committee_threshold', 'owners_threshold', 'tender_threshold']);
    const items = [
      { matter: 9, title: '更换小区监控系统（¥60,000.00）' },
      { matter: 9, title: '新建充电车棚（¥55,000.00）' },
      { matter: 6, title: '筹集维修资金' },
    ];
    decisionId = await votingDecision(t, s, items, [true, false, true], async (d) => {
      // noticed, voting not open: the notice owners receive names what each item approves
      await rejects(spending.linkDecision(s.c, big, s.trustee, { decisionId: d, item: 1 }), ForbiddenError, 'spending.not_committee');
      await rejects(spending.linkDecision(s.c, big, s.members[0], { decisionId: d, item: 3 }), ValidationError, 'spending.decision_matter');
      await rejects(spending.linkDecision(s.c, big, s.members[0], { decisionId: 999_999, item: 1 }), NotFoundError, 'spending.decision_not_found');
      // over the tender threshold the quotes are in order before the owners are asked
      await rejects(spending.linkDecision(s.c, bare, s.members[0], { decisionId: d, item: 2 }), ConflictError, 'spending.quotes_missing');
      await spending.linkDecision(s.c, big, s.members[0], { decisionId: d, item: 1 });
      await spending.linkDecision(s.c, other, s.members[0], { decisionId: d, item: 2 });
      await rejects(spending.linkDecision(s.c, big, s.members[1], { decisionId: d, item: 1 }), ConflictError, 'spending.decision_linked');
      // one item approves one proposal: another proposal cannot ride on item 1
      const e = await rejects(spending.linkDecision(s.c, second, s.members[1], { decisionId: d, item: 1 }), ConflictError, 'spending.item_taken');
      expect(e.params).toMatchObject({ id: d, item: 1, proposal: big });
      expect(await spending.view(s.c, big, viewer(null))).toMatchObject({ state: 'pending', decision: { id: d, item: 1, state: 'noticed', passed: false } });
    });
    // voting has opened: too late to tell the owners what an item approves
    await rejects(spending.linkDecision(s.c, second, s.members[1], { decisionId, item: 1 }), ConflictError, 'spending.decision_started');
    expect(await spending.view(s.c, big, viewer(null))).toMatchObject({ state: 'pending', decision: { id: decisionId, item: 1, state: 'voting', passed: false } });

    const done = await finishDecision(t, s, decisionId);
    expect(done.state).toBe('final');
    expect(await spending.view(s.c, big, viewer(null))).toMatchObject({ state: 'approved', decision: { id: decisionId, item: 1, state: 'final', passed: true } });
    expect((await spending.view(s.c, other, viewer(null))).state).toBe('rejected');
    expect(await spending.view(s.c, second, viewer(null))).toMatchObject({ state: 'pending', decision: null });
    const moved = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'decisions.final').where('subject', '=', `decision:${decisionId}`).executeTakeFirst();
    expect(moved?.details).toMatchObject({ proposalsApproved: [big], proposalsRejected: [other] });
  });

  it('the approved proposal posts with the decision in its references and no approving member', async () => {
    await spending.post(s.c, big, s.trustee, { idempotencyKey: 'post-big', date: today(t), vouchers: await invoice(t, s) });
    const v = await spending.view(s.c, big, viewer(null));
    const e = await entryOf(v.ledgerSeq!);
    expect(e.refs).toEqual({ proposal: big, budgetYear: 2025, budgetLine: 'L01', decision: decisionId });
    expect(e.approved_by).toBeNull();
    expect(e.budget_line).toBe('2025年度预算 L01 人员费用');
  });

  it('one item approves one thing: not an item of a decision already ended, nor one a budget version rests on', async () => {
    // L07 has ¥2,000 left: ¥3,000 needs the owners, and is under the tender threshold (no quotes)
    const late = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 300_000, { title: '补栽绿篱' }));
    expect((await spending.view(s.c, late.id, viewer(null))).level).toBe('owners');
    for (const item of [1, 2]) await rejects(spending.linkDecision(s.c, late.id, s.members[2], { decisionId, item }), ConflictError, 'spending.decision_started');
    // the budget in force was adopted on item 1 of its decision (a draft one in this setup)
    const e = await rejects(spending.linkDecision(s.c, late.id, s.members[2], { decisionId: s.budget.decisionId, item: 1 }), ConflictError, 'spending.item_budget');
    expect(e.params).toMatchObject({ year: 2025, number: 1 });
    expect(await spending.view(s.c, late.id, viewer(null))).toMatchObject({ state: 'pending', decision: null });
  });

  it('two members linking two proposals to one item at the same moment: one of them is refused', async () => {
    const a = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 300_000, { title: '更换草坪灯' }));
    const b = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 300_000, { title: '修补园路' }));
    const d = await noticedDecision(t, s, [{ matter: 9, title: '绿化配套（¥3,000.00）' }]);
    const results = await Promise.allSettled([spending.linkDecision(s.c, a.id, s.members[0], { decisionId: d, item: 1 }), spending.linkDecision(s.c, b.id, s.members[1], { decisionId: d, item: 1 })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(refused.reason.code).toBe('spending.item_taken');
    expect(await t.db.selectFrom('expense_proposals').select('id').where('decision_id', '=', d).execute()).toHaveLength(1);
    await t.services.decisions.withdraw(s.c, d, committee(s.members[0]), '测试结束');
  });
});

describe('a withdrawn owners’ decision', () => {
  it('rejects what rests on it, and cannot be linked afterwards', async () => {
    const p = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 300_000, { title: '地面停车位绿化改造' }));
    const { id: d } = await t.services.decisions.create(s.c, decisionInput(today(t), { title: '关于地面停车位改造的书面征求意见', items: [{ matter: 9, title: '地面停车位改造' }] }), s.members[0]);
    await spending.linkDecision(s.c, p.id, s.members[0], { decisionId: d, item: 1 });
    await t.services.decisions.withdraw(s.c, d, committee(s.members[0]), '改在业主大会上一并表决');
    expect(await spending.view(s.c, p.id, viewer(null))).toMatchObject({ state: 'rejected', decision: { id: d, state: 'withdrawn', passed: false } });
    const q = await spending.propose(s.c, s.trustee, proposal(s, 'L07', 300_000, { title: '地面停车位绿化改造（重新提交）' }));
    await rejects(spending.linkDecision(s.c, q.id, s.members[0], { decisionId: d, item: 1 }), ConflictError, 'spending.decision_withdrawn');
  });
});

describe('an emergency', () => {
  it('is posted before it is ratified, disclosed in time, then ratified by a committee majority', async () => {
    const proposedOn = today(t);
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L06', 800_000, { title: '暴雨后地下车库排水泵抢修', counterparty: '成都川泵机电设备有限公司', emergency: true, emergencyReason: '暴雨致地下车库积水，排水泵烧毁' }));
    let v = await spending.view(s.c, id, viewer(s.trustee, 'trustee'));
    // L06 has ¥10,000 left after the approved ¥20,000: ¥8,000 is a committee matter
    expect(v).toMatchObject({ emergency: true, level: 'committee', ratification: 'pending', disclosure: { dueBy: addDays(proposedOn, 3), at: null, overdue: false } });
    expect(v.mayAct).toEqual(['withdraw', 'post', 'disclose']);
    await rejects(spending.approve(s.c, id, s.members[0]), ConflictError, 'spending.emergency_ratification');

    await spending.post(s.c, id, s.trustee, { idempotencyKey: 'post-emergency', date: proposedOn, vouchers: await invoice(t, s) });
    v = await spending.view(s.c, id, viewer(null));
    expect(v).toMatchObject({ state: 'posted', ratification: 'pending' });
    const e = await entryOf(v.ledgerSeq!);
    expect(e).toMatchObject({ approved_by: null, budget_line: '2025年度预算 L06 设施设备维护费用' });

    setDay(t, addDays(proposedOn, 2));
    await spending.disclose(s.c, id, s.trustee2);
    await rejects(spending.disclose(s.c, id, s.trustee2), ConflictError, 'spending.already_disclosed');
    setDay(t, addDays(proposedOn, 10));
    v = await spending.view(s.c, id, viewer(null));
    expect(v.disclosure).toMatchObject({ dueBy: addDays(proposedOn, 3), overdue: false });
    expect(v.disclosureOverdue).toBe(false);

    await spending.ratify(s.c, id, s.members[0], { verdict: 'approve' });
    await rejects(spending.ratify(s.c, id, s.members[0], { verdict: 'approve' }), ConflictError, 'spending.already_voted');
    await spending.ratify(s.c, id, s.members[1], { verdict: 'approve', note: '处置及时' });
    expect((await spending.view(s.c, id, viewer(null))).ratification).toBe('pending');
    await spending.ratify(s.c, id, s.dual, { verdict: 'approve' });
    v = await spending.view(s.c, id, viewer(null));
    expect(v).toMatchObject({ state: 'posted', ratification: 'ratified' });
    expect(v.verdicts.filter((x) => x.purpose === 'ratification')).toHaveLength(3);
    expect(v.trail.map((x) => x.action)).toEqual(['proposed', 'posted', 'disclosed', 'ratify', 'ratify', 'ratify']);
  });

  it('not disclosed within the days is flagged overdue', async () => {
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L01', 100_000, { title: '单元门禁抢修', emergency: true, emergencyReason: '门禁故障无法关闭' }));
    const on = today(t);
    setDay(t, addDays(on, 3));
    expect((await spending.view(s.c, id, viewer(null))).disclosureOverdue).toBe(false);
    setDay(t, addDays(on, 4));
    const listed = (await spending.list(s.c, { page: 1, pageSize: 200 })).items.find((x) => x.id === id)!;
    expect(listed.disclosureOverdue).toBe(true);
    await spending.disclose(s.c, id, s.trustee);
    expect((await spending.view(s.c, id, viewer(null))).disclosure).toMatchObject({ overdue: true });
  });

  it('ratification refused before posting rejects it; without a line it names an expense account', async () => {
    await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 100_000, { emergency: true }), emergencyReason: '' }), ValidationError, 'spending.emergency_reason');
    await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 100_000), year: null, line: null, emergency: true, emergencyReason: '管道爆裂' }), ValidationError, 'spending.needs_account');
    await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 100_000), year: null, line: null, emergency: true, emergencyReason: '管道爆裂', account: '1001' }), ValidationError, 'spending.bad_account');
    const { id } = await spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 100_000, { title: '给水管爆裂抢修' }), year: null, line: null, emergency: true, emergencyReason: '管道爆裂', account: '5005' });
    expect(await spending.view(s.c, id, viewer(null))).toMatchObject({ year: null, line: null, lineName: null, account: '5005', level: 'member', remainingFen: null });
    await spending.ratify(s.c, id, s.members[0], { verdict: 'reject', note: '应走维修资金' });
    expect(await spending.view(s.c, id, viewer(null))).toMatchObject({ state: 'rejected', ratification: 'refused' });
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'post-refused', date: today(t), vouchers: await invoice(t, s) }), ConflictError, 'spending.bad_transition');

    const unbudgeted = await spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 150_000, { title: '化粪池疏通' }), year: null, line: null, emergency: true, emergencyReason: '化粪池堵塞外溢', account: '5005' });
    await spending.post(s.c, unbudgeted.id, s.trustee, { idempotencyKey: 'post-unbudgeted', date: today(t), vouchers: await invoice(t, s) });
    const e = await entryOf((await spending.view(s.c, unbudgeted.id, viewer(null))).ledgerSeq!);
    expect(e).toMatchObject({ budget_line: null });
    expect(e.refs).toEqual({ proposal: unbudgeted.id });
  });

  it('above the owners threshold is ratified by an owners’ decision', async () => {
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L01', 5_200_000, { title: '电梯主板紧急更换', emergency: true, emergencyReason: '电梯困人，主板损坏' }));
    await spending.post(s.c, id, s.trustee, { idempotencyKey: 'post-owners-emergency', date: today(t), vouchers: await invoice(t, s) });
    await rejects(spending.ratify(s.c, id, s.members[0], { verdict: 'approve' }), ConflictError, 'spending.needs_decision');
    const d = await noticedDecision(t, s, [{ matter: 9, title: '追认电梯主板紧急更换（¥52,000.00）' }]);
    await spending.linkDecision(s.c, id, s.members[0], { decisionId: d, item: 1 });
    await openAndVote(t, s, d, [true]);
    await finishDecision(t, s, d);
    expect(await spending.view(s.c, id, viewer(null))).toMatchObject({ state: 'posted', ratification: 'ratified', decision: { id: d, passed: true } });
  });
});

describe('proposing', () => {
  it('is idempotent by the community’s key: the same content returns the same proposal, other content is refused', async () => {
    const input = proposal(s, 'L05', 120_000, { title: '垃圾桶更换' });
    const a = await spending.propose(s.c, s.trustee, input);
    expect(await spending.propose(s.c, s.trustee, input)).toEqual(a);
    await rejects(spending.propose(s.c, s.trustee, { ...input, amountFen: 130_000 }), ConflictError, 'spending.idempotency_conflict');
    expect(await t.db.selectFrom('expense_proposals').select('id').where('idempotency_key', '=', input.idempotencyKey).execute()).toHaveLength(1);
  });

  it('needs a budget line of a year in force (无预算不支出), a positive amount and text', async () => {
    await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L05', 100), year: null, line: null }), ValidationError, 'spending.needs_line');
    await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L05', 100), year: 2030 }), ValidationError, 'spending.no_budget');
    await rejects(spending.propose(s.c, s.trustee, proposal(s, 'X99', 100)), ValidationError, 'spending.unknown_line');
    await rejects(spending.propose(s.c, s.trustee, proposal(s, 'L05', 0)), ValidationError, 'spending.bad_amount');
    await rejects(spending.propose(s.c, s.trustee, proposal(s, 'L05', 100, { title: '  ' })), ValidationError, 'spending.bad_text');
    await rejects(spending.propose(s.c, s.trustee, proposal(s, 'L05', 100, { account: '5001' })), ValidationError, 'spending.account_with_line');
  });

  it('lists by year, line and state, newest first', async () => {
    const all = await spending.list(s.c, { page: 1, pageSize: 200 });
    expect(all.total).toBeGreaterThan(10);
    const l05 = await spending.list(s.c, { year: 2025, line: 'L05', page: 1, pageSize: 200 });
    expect(l05.items.every((x) => x.line === 'L05' && x.lineName === '保洁费用' && x.year === 2025)).toBe(true);
    const posted = await spending.list(s.c, { state: 'posted', page: 1, pageSize: 2 });
    expect(posted.items).toHaveLength(2);
    expect(posted.items.every((x) => x.state === 'posted' && x.ledgerSeq !== null)).toBe(true);
    expect(posted.total).toBeGreaterThanOrEqual(4);
  });
});

describe('posting', () => {
  it('needs at least one voucher (the invoice)', async () => {
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 40_000, { title: '拖把' }));
    await spending.approve(s.c, id, s.members[0]);
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-v1', date: today(t), vouchers: [] }), ValidationError, 'spending.needs_voucher');
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-v2', date: today(t) }), ValidationError, 'spending.needs_voucher');
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('approved');
    await spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-v3', date: today(t), vouchers: await invoice(t, s) });
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('posted');
  });

  it('dates lie in the budget year, not before the day it was proposed, not after today, not in a closed month', async () => {
    const now = t.clock.now();
    setDay(t, '2025-01-10');
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 50_000, { title: '清洁剂' }));
    await spending.approve(s.c, id, s.members[0]);
    t.clock.set(now.toISOString());
    const vouchers = await invoice(t, s);
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-d1', date: '2024-12-31', vouchers }), ValidationError, 'spending.date_outside_year');
    const early = await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-d0', date: '2025-01-09', vouchers }), ValidationError, 'spending.date_before_proposal');
    expect(early.params).toMatchObject({ date: '2025-01-09', proposedOn: '2025-01-10' });
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-d2', date: addDays(today(t), 1), vouchers }), ValidationError, 'ledger.future_date');
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-d3', date: '2025-02-30', vouchers }), ValidationError, 'spending.bad_date');
    await t.services.close.setContract(s.c.id, { effectiveFrom: '2025-01-01', rateBp: 1500, base: 'received_fees_and_public_revenue' });
    await t.services.close.closeMonth(s.ledger, '2025-01');
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-d4', date: '2025-01-20', vouchers }), ValidationError, 'ledger.period_closed');
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('approved');
    await spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-d5', date: '2025-02-03', vouchers });
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('posted');
  });

  it('an emergency may be posted the day it is proposed, not before', async () => {
    const on = today(t);
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L06', 10_000, { title: '更换配电房门锁', emergency: true, emergencyReason: '门锁损坏，配电房无法上锁' }));
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-e1', date: addDays(on, -1), vouchers: await invoice(t, s) }), ValidationError, 'spending.date_before_proposal');
    await spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-e2', date: on, vouchers: await invoice(t, s) });
    expect((await spending.view(s.c, id, viewer(null))).state).toBe('posted');
  });
});

describe('cancelling an approved expense', () => {
  it('by the proposer or a committee member, with a reason: it stops committing the line and stays on the record', async () => {
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 150_000, { title: '更换楼道垃圾桶' }));
    await rejects(spending.cancel(s.c, id, s.members[1], '不再需要'), ConflictError, 'spending.bad_transition');
    const before = await remaining('L05');
    await spending.approve(s.c, id, s.members[0]);
    expect(await remaining('L05')).toBe(before - 150_000);
    expect((await spending.view(s.c, id, viewer(s.members[1], 'committee'))).mayAct).toEqual(['cancel']);
    expect((await spending.view(s.c, id, viewer(s.trustee, 'trustee'))).mayAct).toEqual(['post', 'cancel']);
    // another of the trustee's staff may post it, not cancel it
    expect((await spending.view(s.c, id, viewer(s.trustee2, 'trustee'))).mayAct).toEqual(['post']);
    await rejects(spending.cancel(s.c, id, s.trustee2, '不再需要'), ForbiddenError, 'spending.not_canceller');
    await rejects(spending.cancel(s.c, id, s.members[1], '  '), ValidationError, 'spending.bad_text');

    expect(await spending.cancel(s.c, id, s.members[1], '业主自愿捐赠了垃圾桶')).toEqual({ id, state: 'withdrawn' });
    expect(await remaining('L05')).toBe(before);
    const v = await spending.view(s.c, id, viewer(s.trustee, 'trustee'));
    expect(v).toMatchObject({ state: 'withdrawn', mayAct: [] });
    expect(v.trail.map((x) => x.action)).toEqual(['proposed', 'approve', 'cancelled']);
    expect(v.trail.at(-1)).toMatchObject({ by: await nameOf(s.members[1]), detail: { reason: '业主自愿捐赠了垃圾桶', from: 'approved' } });
    const audited = await t.db.selectFrom('audit_log').select(['account_id', 'details']).where('action', '=', 'spending.cancelled').where('subject', '=', `expense_proposal:${id}`).execute();
    expect(audited).toEqual([{ account_id: s.members[1], details: { reason: '业主自愿捐赠了垃圾桶', from: 'approved', amountFen: 150_000 } }]);
    await rejects(spending.post(s.c, id, s.trustee, { idempotencyKey: 'p-c1', date: today(t), vouchers: await invoice(t, s) }), ConflictError, 'spending.bad_transition');
    await rejects(spending.cancel(s.c, id, s.members[1], '再撤一次'), ConflictError, 'spending.bad_transition');

    // the proposer cancels their own; a posted one cannot be cancelled
    const own = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 20_000, { title: '门垫' }));
    await spending.approve(s.c, own.id, s.members[0]);
    await spending.cancel(s.c, own.id, s.trustee, '物业公司自行承担');
    expect((await spending.view(s.c, own.id, viewer(null))).state).toBe('withdrawn');
    const posted = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 20_000, { title: '门垫（补）' }));
    await spending.approve(s.c, posted.id, s.members[0]);
    await spending.post(s.c, posted.id, s.trustee, { idempotencyKey: 'p-c2', date: today(t), vouchers: await invoice(t, s) });
    await rejects(spending.cancel(s.c, posted.id, s.members[0], '太晚了'), ConflictError, 'spending.bad_transition');
  });
});

describe('what cannot be proposed', () => {
  it('the trustee’s remuneration (5101): accrued by the month close only, never proposed', async () => {
    await insertBudget(t, s, 2023, [{ code: 'L10', account: '5101', name: '受托人酬金', amountFen: 10_000_000 }]);
    const e = await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L10', 100_000), year: 2023, title: '预支酬金' }), ValidationError, 'spending.remuneration_line');
    expect(e.params).toMatchObject({ account: '5101' });
    await rejects(
      spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 100_000, { title: '紧急酬金' }), year: null, line: null, emergency: true, emergencyReason: '急需', account: '5101' }),
      ValidationError,
      'spending.remuneration_line',
    );
    expect(await t.db.selectFrom('expense_proposals').select('id').where('community_id', '=', s.c.id).where('account_code', '=', '5101').execute()).toEqual([]);
  });

  it('over the tender threshold, an amount other than the chosen quote', async () => {
    const quotes = await threeQuotes(t, s, 2_400_000);
    const e = await rejects(spending.propose(s.c, s.trustee, proposal(s, 'L05', 2_500_000, { title: '外墙清洗（二期）', quotes, choiceReason: '报价最低' })), ValidationError, 'spending.chosen_amount');
    expect(e.params).toEqual({ amount: '¥25,000.00', chosen: '¥24,000.00' });
    // under the threshold no quote is required, and none is held to the amount
    await spending.propose(s.c, s.trustee, proposal(s, 'L05', 100_000, { title: '玻璃清洗', quotes: [{ ...quotes[0]!, amountFen: 90_000 }], choiceReason: '有折扣' }));
  });
});

describe('a year whose final accounts are published', () => {
  it('takes no new proposal, approval or decision; a pending proposal may still be rejected', async () => {
    const y = await insertBudget(t, s, 2022, [{ code: 'L01', account: '5001', name: '人员费用', amountFen: 200_000 }]);
    const small = await spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 50_000), year: 2022, title: '2022 年度补发加班费' });
    const big = await spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 250_000), year: 2022, title: '2022 年度超预算人员费用' });
    const spare = await spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 40_000), year: 2022, title: '2022 年度误餐补贴' });
    expect((await spending.view(s.c, big.id, viewer(null))).level).toBe('owners');
    await t.db.insertInto('budget_final_accounts').values({ budget_id: y.id, summary: '2022 年度决算', figures: JSON.stringify([]), published_at: t.clock.now(), published_by: s.trustee }).execute();

    const e = await rejects(spending.propose(s.c, s.trustee, { ...proposal(s, 'L01', 10_000), year: 2022, title: '2022 年度补录' }), ConflictError, 'spending.year_closed');
    expect(e.params).toEqual({ year: 2022 });
    await rejects(spending.approve(s.c, small.id, s.members[0]), ConflictError, 'spending.year_closed');
    expect((await spending.view(s.c, small.id, viewer(s.members[0], 'committee'))).mayAct).toEqual(['reject']);
    const d = await noticedDecision(t, s, [{ matter: 9, title: '追加 2022 年度人员费用' }]);
    await rejects(spending.linkDecision(s.c, big.id, s.members[0], { decisionId: d, item: 1 }), ConflictError, 'spending.year_closed');
    await spending.reject(s.c, spare.id, s.members[0], '年度已决算');
    expect((await spending.view(s.c, spare.id, viewer(null))).state).toBe('rejected');
    await t.services.decisions.withdraw(s.c, d, committee(s.members[0]), '测试结束');
  });
});

describe('a member who has left the committee', () => {
  it('no longer counts toward a majority; the trail still shows their verdict', async () => {
    const leaving = await committeeMember(t, s.c);
    // five members now: a majority is three
    const { id } = await spending.propose(s.c, s.trustee, proposal(s, 'L05', 900_000, { title: '地下车库地坪清洗' }));
    await spending.approve(s.c, id, leaving);
    await spending.approve(s.c, id, s.members[0]);
    await t.db.deleteFrom('role_grants').where('account_id', '=', leaving).where('role', '=', 'committee').execute();
    // four members: three still needed, and the leaver's approval is not one of them
    await spending.approve(s.c, id, s.members[1]);
    let v = await spending.view(s.c, id, viewer(null));
    expect(v).toMatchObject({ state: 'pending', committeeSize: 4, approvalsNeeded: 3 });
    expect(v.verdicts).toHaveLength(3);
    await spending.approve(s.c, id, s.dual);
    v = await spending.view(s.c, id, viewer(null));
    expect(v.state).toBe('approved');
    expect(v.verdicts.map((x) => x.verdict)).toEqual(['approve', 'approve', 'approve', 'approve']);
    expect(v.trail.filter((x) => x.action === 'approve')).toHaveLength(4);
  });
});

describe('the ledger’s own route', () => {
  it('refuses an expense by hand: expenses are posted from an approved proposal', async () => {
    const app = await createHttpApp(t.ctx, t.services, { engine: t.engine, serveWeb: false, logLevel: 'silent' });
    try {
      const login = (await t.db.selectFrom('accounts').select('login').where('id', '=', s.trustee).executeTakeFirstOrThrow()).login;
      const trustee = await signIn(app, login, PASSWORD);
      const res = await trustee.call({
        method: 'POST',
        url: `/api/communities/${s.c.code}/ledger/entries`,
        payload: { idempotencyKey: 'by-hand', date: today(t), memo: '手工支出', reason: 'expense', lines: [{ account: '5002', debitFen: 100, creditFen: 0 }, { account: '1001', debitFen: 0, creditFen: 100 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toEqual({ code: 'ledger.expense_needs_proposal', message: '支出不能手工记账：须由已批准的支出申请入账（无预算不支出）' });
    } finally {
      await app.close();
    }
  });
});

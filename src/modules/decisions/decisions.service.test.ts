/**
 * Owners' decisions on the real database, lifecycle and roll: drafts, the notice period checked
 * when the notice is published and again when voting opens, every forbidden move refused, the
 * roll built by the counting rules and frozen when voting opens (a later register change does
 * not touch it, and the database refuses to alter it).
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { accountOf, decisionInput, person, voteCommunity } from '../../../test/helpers/decisions.js';
import { buildUnit, rosterWorkbook } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { DECISION_STATES, DECISION_TRANSITIONS, type DecisionState } from './decisions.rules.js';
import { SYSTEM, committee } from './decisions.service.js';
import { rejects } from '../../../test/helpers/rejects.js';

const NOW = '2026-01-15T02:00:00Z'; // 10:00 in Shanghai
const TODAY = '2026-01-15';
const t = await createTestDb({ clock: NOW });
const { decisions, results, ballots } = t.services;
afterEach(() => t.clock.set(NOW));

/** Moves the clock to 10:00 Shanghai time of `day`. */
const at = (day: string) => t.clock.set(`${day}T02:00:00Z`);


const A = person('张三');
const B = person('李四');
const C = person('王五');
const DEV = { name: '成都华锦置业有限公司', phone: '', idNumber: null };

/** 1 {A} 90 m², 2 {A} 60 m², 3 {B,C} 80 m², 4 unsold {Dev} 100 m², 5 undelivered {C} 70 m², 6 parking {A} 12 m² */
const REGISTER = [
  { unitCode: '1-1-0101', areaCm2: 9000, owners: [A] },
  { unitCode: '1-1-0102', areaCm2: 6000, owners: [A] },
  { unitCode: '1-1-0201', areaCm2: 8000, owners: [B, C] },
  { unitCode: '1-1-0202', areaCm2: 10000, owners: [DEV], deliveryStatus: 'unsold' as const },
  { unitCode: '1-1-0301', areaCm2: 7000, owners: [C], deliveryStatus: 'undelivered' as const },
  { unitCode: 'P-001', areaCm2: 1200, owners: [A], kind: 'parking' as const, building: '车库' },
];

describe('lifecycle', () => {
  it('draft → noticed → voting → counted → objection → final, each step on its day and by the committee', async () => {
    const s = await voteCommunity(t, REGISTER);
    const cm = committee(s.committee[0]);
    const { id } = await decisions.create(s.c, decisionInput(TODAY), s.committee[0]);
    expect((await decisions.list(s.c, false)).map((d) => d.id)).not.toContain(id); // a draft is not public
    await rejects(decisions.publicView(s.c, id), NotFoundError, 'decisions.not_found');
    expect((await decisions.internalView(s.c, id)).state).toBe('draft');

    expect(await decisions.notice(s.c, id, cm)).toMatchObject({ state: 'noticed', noticedOn: TODAY });
    expect((await decisions.publicView(s.c, id)).earliestOpeningOn).toBe('2026-01-30');
    await rejects(decisions.open(s.c, id, cm), ConflictError, 'decisions.not_yet_open');
    at('2026-01-29');
    await rejects(decisions.open(s.c, id, SYSTEM), ConflictError, 'decisions.not_yet_open');
    at('2026-01-30');
    expect(await decisions.open(s.c, id, SYSTEM)).toMatchObject({ state: 'voting', roll: { totalHeadcount: 3, totalAreaCm2: 40000 } });

    // the committee cannot close early while voters are left; the clock cannot close before the last day
    await rejects(results.close(s.c, id, cm), ConflictError, 'decisions.voting_not_over');
    await rejects(results.close(s.c, id, SYSTEM), ConflictError, 'decisions.voting_not_over');
    at('2026-02-10');
    expect(await results.advance()).toContain(`${s.c.code}/${id} → counted`);
    await rejects(results.publish(s.c, id, SYSTEM), ForbiddenError, 'decisions.actor_not_allowed');
    const pub = await results.publish(s.c, id, cm);
    expect(pub).toMatchObject({ state: 'objection', publishedOn: '2026-02-10', objectionEndsOn: '2026-02-17' });
    at('2026-02-17');
    await rejects(results.finish(s.c, id, cm), ConflictError, 'decisions.objection_period_running');
    expect(await results.advance()).toEqual([]);
    at('2026-02-18');
    // nobody voted: the quorum is missed on every item, so the decision failed
    expect(await results.advance()).toEqual([`${s.c.code}/${id} → failed`]);
    expect((await decisions.publicView(s.c, id)).state).toBe('failed');
    // a terminal state has no way out
    for (const move of [() => decisions.notice(s.c, id, cm), () => decisions.open(s.c, id, cm), () => results.close(s.c, id, cm), () => results.publish(s.c, id, cm), () => decisions.withdraw(s.c, id, cm, 'x')]) {
      await rejects(move(), ConflictError, 'decisions.bad_transition');
    }
    expect(DECISION_STATES).toContain('failed');
  });

  it('refuses every move the lifecycle does not list, and the clock where only the committee may act', async () => {
    const s = await voteCommunity(t, REGISTER);
    const cm = committee(s.committee[0]);
    const { id } = await decisions.create(s.c, decisionInput(TODAY), s.committee[0]);
    const attempts: Record<string, (actor: typeof cm | typeof SYSTEM) => Promise<unknown>> = {
      noticed: (a) => decisions.notice(s.c, id, a),
      voting: (a) => decisions.open(s.c, id, a),
      counted: (a) => results.close(s.c, id, a),
      objection: (a) => results.publish(s.c, id, a),
      withdrawn: (a) => decisions.withdraw(s.c, id, a, '测试'),
    };
    // from a draft only notice and withdraw exist; everything else is refused as a bad move
    for (const [to, f] of Object.entries(attempts)) {
      const listed = DECISION_TRANSITIONS.draft[to as DecisionState];
      if (!listed) await rejects(f(cm), ConflictError, 'decisions.bad_transition');
    }
    await rejects(decisions.notice(s.c, id, SYSTEM), ForbiddenError, 'decisions.actor_not_allowed');
    await rejects(decisions.withdraw(s.c, id, SYSTEM, '测试'), ForbiddenError, 'decisions.actor_not_allowed');
    await decisions.notice(s.c, id, cm);
    await rejects(results.publish(s.c, id, cm), ConflictError, 'decisions.bad_transition');
    at('2026-01-30');
    await decisions.open(s.c, id, cm);
    // once voting is open the vote runs its course: no withdrawal
    await rejects(decisions.withdraw(s.c, id, cm, '改主意了'), ConflictError, 'decisions.bad_transition');
    await rejects(decisions.open(s.c, id, cm), ConflictError, 'decisions.bad_transition');
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject', '=', `decision:${id}`).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['decisions.draft', 'decisions.noticed', 'decisions.voting']);
  });

  it('the notice period: 15 days at least, more when the decision says so; checked at the notice and at the opening', async () => {
    const s = await voteCommunity(t, REGISTER);
    const cm = committee(s.committee[0]);
    await expect(decisions.create(s.c, decisionInput(TODAY, { noticeDays: 14 }), s.committee[0])).rejects.toBeInstanceOf(ValidationError);
    const early = await decisions.create(s.c, decisionInput(TODAY, { votingOpensOn: '2026-01-29' }), s.committee[0]);
    await rejects(decisions.notice(s.c, early.id, cm), ValidationError, 'decisions.notice_too_short');
    const longer = await decisions.create(s.c, decisionInput(TODAY, { noticeDays: 20, votingOpensOn: '2026-02-03', votingClosesOn: '2026-02-20' }), s.committee[0]);
    await rejects(decisions.notice(s.c, longer.id, cm), ValidationError, 'decisions.notice_too_short');
    const ok = await decisions.create(s.c, decisionInput(TODAY, { noticeDays: 20, votingOpensOn: '2026-02-04', votingClosesOn: '2026-02-20' }), s.committee[0]);
    await decisions.notice(s.c, ok.id, cm);
    at('2026-02-03');
    await rejects(decisions.open(s.c, ok.id, cm), ConflictError, 'decisions.not_yet_open');
    at('2026-02-04');
    expect((await decisions.open(s.c, ok.id, cm)).state).toBe('voting');
    // a withdrawn notice is final; a new notice starts the period again
    const w = await decisions.create(s.c, decisionInput('2026-02-04'), s.committee[0]);
    await decisions.notice(s.c, w.id, cm);
    expect(await decisions.withdraw(s.c, w.id, cm, '日期有误，重新公告')).toMatchObject({ state: 'withdrawn' });
    await rejects(decisions.notice(s.c, w.id, cm), ConflictError, 'decisions.bad_transition');
    // a withdrawn notice stays public with its reason; a draft withdrawn before any notice never was public
    const draft = await decisions.create(s.c, decisionInput('2026-02-04'), s.committee[0]);
    await decisions.withdraw(s.c, draft.id, cm, '草稿作废');
    const shown = (await decisions.list(s.c, false)).map((d) => d.id);
    expect(shown).toContain(w.id);
    expect(shown).not.toContain(draft.id);
    expect((await decisions.publicView(s.c, w.id)).withdrawnReason).toBe('日期有误，重新公告');
    await rejects(decisions.publicView(s.c, draft.id), NotFoundError, 'decisions.not_found');
  });

  it('validates a draft: items, matters, dates, fee proposals, attachments uploaded first', async () => {
    const s = await voteCommunity(t, REGISTER);
    const by = s.committee[0];
    await rejects(decisions.create(s.c, decisionInput(TODAY, { items: [] }), by), ValidationError, 'decisions.bad_items');
    await rejects(decisions.create(s.c, decisionInput(TODAY, { items: [{ matter: 10, title: 'x' }] }), by), ValidationError, 'decisions.unknown_matter');
    await rejects(decisions.create(s.c, decisionInput(TODAY, { votingClosesOn: '2026-01-01' }), by), ValidationError, 'decisions.closes_before_opens');
    await rejects(decisions.create(s.c, decisionInput(TODAY, { votingOpensOn: '2026-02-30' }), by), ValidationError, 'decisions.bad_date');
    await rejects(decisions.create(s.c, decisionInput(TODAY, { items: [{ matter: 9, title: '调价', fee: { unitKind: 'residential', rateCf: 11000, effectiveFrom: '2026-03-15' } }] }), by), ValidationError, 'decisions.bad_fee');
    await rejects(decisions.create(s.c, decisionInput(TODAY, { attachments: [{ kind: 'budget', sha256: 'a'.repeat(64), name: '预算.pdf' }] }), by), ValidationError, 'decisions.document_unknown');
    const doc = await decisions.storeDocument(Buffer.from('%PDF-1.4\n预算\n'));
    const { id } = await decisions.create(s.c, decisionInput(TODAY, { attachments: [{ kind: 'budget', sha256: doc.sha256, name: '预算.pdf' }] }), by);
    const v = await decisions.internalView(s.c, id);
    expect(v.items.map((i) => [i.position, i.matter, i.rule])).toEqual([
      [1, 9, 'majority'],
      [2, 6, 'three_quarters'],
    ]);
    expect(v.items[0]!.fee).toEqual({ unitKind: 'residential', rateCf: 11000, effectiveFrom: '2026-03-01', scheduleId: null });
    expect(v.attachments).toMatchObject([{ kind: 'budget', sha256: doc.sha256, name: '预算.pdf', mediaType: 'application/pdf' }]);
    await rejects(decisions.attachment(s.c, id, doc.sha256), NotFoundError, 'decisions.document_not_found'); // a draft's attachment is not out yet
    await decisions.notice(s.c, id, committee(by));
    expect((await decisions.attachment(s.c, id, doc.sha256)).name).toBe('预算.pdf');
  });
});

describe('the voter roll', () => {
  it('is built by the counting rules when voting opens: multi-unit owner once, co-owners once, the developer once, parking out', async () => {
    const s = await voteCommunity(t, REGISTER);
    const cm = committee(s.committee[0]);
    const { id } = await decisions.create(s.c, decisionInput(TODAY), s.committee[0]);
    await decisions.notice(s.c, id, cm);
    await rejects(decisions.roll(s.c, id), ConflictError, 'decisions.no_roll');
    at('2026-01-30');
    await decisions.open(s.c, id, cm);
    const roll = await decisions.roll(s.c, id);
    expect(roll).toMatchObject({ totalAreaCm2: 40000, totalHeadcount: 3, includeParking: false, excludedUnits: 1 });
    expect(roll.voters.map((v) => [v.kind, v.unitCodes, v.areaCm2])).toEqual([
      ['owners', ['1-1-0101', '1-1-0102'], 15000],
      ['owners', ['1-1-0201'], 8000],
      // the developer's unsold unit and the undelivered one (the buyer is not an owner until delivery)
      ['developer', ['1-1-0202', '1-1-0301'], 17000],
    ]);
  });

  it('parking counts when the decision says so', async () => {
    const s = await voteCommunity(t, REGISTER);
    const cm = committee(s.committee[0]);
    const { id } = await decisions.create(s.c, decisionInput(TODAY, { includeParking: true }), s.committee[0]);
    await decisions.notice(s.c, id, cm);
    at('2026-01-30');
    await decisions.open(s.c, id, cm);
    const roll = await decisions.roll(s.c, id);
    // the parking space is one more unit of 张三 alone: the same voter, more area
    expect(roll).toMatchObject({ totalAreaCm2: 41200, totalHeadcount: 3, excludedUnits: 0 });
    expect(roll.voters[0]!.unitCodes).toEqual(['1-1-0101', '1-1-0102', 'P-001']);
  });

  it('is frozen: a register change after the opening does not alter it, and the database refuses to', async () => {
    const s = await voteCommunity(t, REGISTER);
    const cm = committee(s.committee[0]);
    const { id } = await decisions.create(s.c, decisionInput(TODAY), s.committee[0]);
    await decisions.notice(s.c, id, cm);
    at('2026-01-30');
    await decisions.open(s.c, id, cm);
    const before = await decisions.roll(s.c, id);
    const zhang = await accountOf(t, s.c, '张三');
    expect((await ballots.mine(s.c, id, zhang)).voters.map((v) => v.unitCodes)).toEqual([['1-1-0101', '1-1-0102']]);

    // 张三 sells 1-1-0102 to 赵六, a new unit is delivered, the developer's unit is sold and delivered
    const entries = s.entries.map((e) =>
      e.unitCode === '1-1-0102' ? { ...e, owners: [person('赵六')] } : e.unitCode === '1-1-0202' ? { ...e, owners: [person('钱七')], deliveryStatus: 'delivered' as const } : e,
    );
    entries.push(buildUnit({ unitCode: '2-1-0101', areaCm2: 9900, owners: [person('孙八')] }));
    await t.services.roster.importWorkbook(s.c, await rosterWorkbook(entries), { dryRun: false, accountId: null });

    expect(await decisions.roll(s.c, id)).toEqual(before);
    expect((await ballots.mine(s.c, id, zhang)).voters.map((v) => v.unitCodes)).toEqual([['1-1-0101', '1-1-0102']]);
    // the new owner of 1-1-0102 is not on this roll: 张三 votes for it in this decision
    expect((await ballots.mine(s.c, id, await accountOf(t, s.c, '赵六'))).voters).toEqual([]);
    // a decision opened afterwards has the new register
    const next = await decisions.create(s.c, decisionInput('2026-01-30'), s.committee[0]);
    await decisions.notice(s.c, next.id, cm);
    at('2026-02-14');
    await decisions.open(s.c, next.id, cm);
    expect(await decisions.roll(s.c, next.id)).toMatchObject({ totalHeadcount: 6, totalAreaCm2: 49900 });

    for (const q of [
      sql`update decision_voters set area_cm2 = area_cm2 * 2 where decision_id = ${id}`,
      sql`delete from decision_voters where decision_id = ${id}`,
      sql`delete from decision_voter_persons where decision_id = ${id}`,
    ]) {
      await expect(q.execute(t.db)).rejects.toThrow(/append-only/);
    }
    expect(await decisions.roll(s.c, id)).toEqual(before);
  });

  it('refuses to open on an empty roll', async () => {
    const s = await voteCommunity(t, [{ unitCode: 'P-1', kind: 'parking', building: '车库' }]);
    const cm = committee(s.committee[0]);
    const { id } = await decisions.create(s.c, decisionInput(TODAY), s.committee[0]);
    await decisions.notice(s.c, id, cm);
    at('2026-01-30');
    await rejects(decisions.open(s.c, id, cm), ValidationError, 'decisions.roll_empty');
    expect((await decisions.internalView(s.c, id)).state).toBe('noticed');
  });
});

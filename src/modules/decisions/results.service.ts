/**
 * Closing, counting and publishing (DESIGN §2.5). Voting closes the day after its last day (the
 * clock) or earlier by the committee once every voter has voted on every item; each item is then
 * counted by tally.rules.ts from the stored ballots against the frozen roll, and the count —
 * with the chain head it covers — is kept. The committee publishes it; the objection period runs
 * (decisions.rules.ts objectionEndsOn); an upheld objection sends the decision back to be counted
 * again; once the period is over the clock (or the committee) makes it final, or failed when no
 * item passed. The export is the anonymised public record that `xinyi vote recount` checks.
 */
import type { AppContext } from '../../platform/context.js';
import { type Db, inSavepoint } from '../../platform/db/database.js';
import { ConflictError, DomainError } from '../../platform/errors.js';
import { type DecisionState, closingState, isMatterCode, objectionEndsOn, objectionPeriodOver } from './decisions.rules.js';
import './decisions.messages.js';
import * as repo from './decisions.repository.js';
import { type Actor, type Community, type DecisionsService, type FeeStandards, type OnDecisionEnded, PUBLISHED_STATES, SYSTEM, assertMove, checkText, resultOut, rollOf, today } from './decisions.service.js';
import { GENESIS_HASH, VOTE_EXPORT_FORMAT, type VoteExport } from './recount.rules.js';
import { type Ballot, type Tally, tally } from './tally.rules.js';

type CountResults = { item: number; tally: Tally }[];

export function createResultsService(ctx: AppContext, decisions: DecisionsService, fees: FeeStandards, onEnded: readonly OnDecisionEnded[] = []) {
  const { db, clock } = ctx;

  /** Counts every item from the stored ballots (the caller holds the decision's lock) and keeps the count as a new round. */
  async function count(t: Db, d: NonNullable<Awaited<ReturnType<typeof repo.decisionById>>>, actor: Actor, objection: string | null) {
    const [voters, items, ballots, head, previous, pendingPaper] = await Promise.all([
      repo.voters(t, d.id),
      repo.items(t, [d.id]),
      repo.ballotsForTally(t, d.id),
      repo.chainHead(t, d.id),
      repo.latestCount(t, d.id),
      repo.pendingPaperCount(t, d.id),
    ]);
    const roll = rollOf(d, voters);
    const results: CountResults = items.map((i) => {
      if (!isMatterCode(i.matter)) throw new Error(`item ${i.id} has matter ${i.matter}`);
      const mine: Ballot[] = ballots.filter((b) => b.item_id === i.id).map((b) => ({ voterId: b.voter_id, choice: b.choice }));
      return { item: i.position, tally: tally(roll, mine, i.matter) };
    });
    const round = (previous?.round ?? 0) + 1;
    await repo.insertCount(t, {
      decision_id: d.id,
      round,
      counted_at: clock.now(),
      counted_by: actor.accountId ?? null,
      ballot_count: ballots.length,
      last_seq: head?.seq ?? 0,
      last_hash: head?.hash ?? GENESIS_HASH,
      results: JSON.stringify(results),
      pending_paper: pendingPaper,
      objection,
    });
    return { round, results: resultOut(items, results), pendingPaper };
  }

  /**
   * What a final decision changes (Civil Code art. 280: it binds every owner): each passed
   * fee-standard item becomes the community's fee schedule from its effective month, naming the
   * decision and carrying the fee proposal attached to the notice. A schedule that cannot be made
   * — its month already billed, or a schedule for that month already there — does not stop the
   * decision from becoming final: the refusal is kept in the audit log and the decision shows the
   * item without a schedule, for the committee to enter one in billing by hand.
   */
  async function applyFeeStandards(t: Db, c: Community, d: { id: number; title: string }, results: CountResults, actor: Actor) {
    const [items, attachments] = await Promise.all([repo.items(t, [d.id]), repo.attachments(t, d.id)]);
    const proposal = attachments.find((a) => a.kind === 'fee_proposal') ?? null;
    const applied: { item: number; scheduleId: number }[] = [];
    const notApplied: { item: number; code: string }[] = [];
    for (const i of items) {
      if (!i.fee_unit_kind || !i.fee_rate_cf || !i.fee_effective_from) continue;
      if (!results.find((r) => r.item === i.position)?.tally.passed) continue;
      const ref = `业主共同决定第${d.id}号「${d.title}」第${i.position}项：${i.title}`;
      try {
        const s = await inSavepoint(t, 'fee_standard', () =>
          fees.addSchedule(
            c,
            { unitKind: i.fee_unit_kind!, rateCf: i.fee_rate_cf!, effectiveFrom: i.fee_effective_from!, decisionRef: ref.length > 300 ? `${ref.slice(0, 299)}…` : ref, decisionId: d.id, document: proposal && { sha256: proposal.sha256, name: proposal.name } },
            actor.accountId ?? null,
            t,
          ),
        );
        applied.push({ item: i.position, scheduleId: s.id });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        notApplied.push({ item: i.position, code: err.code });
      }
    }
    return { applied, notApplied };
  }

  const service = {
    /**
     * Closes voting and counts. The clock closes it from the day after `votingClosesOn`; the
     * committee may close earlier only when no voter is left with an item to vote on (closing
     * early would otherwise cut voters off the period the notice promised them).
     */
    async close(c: Community, id: number, actor: Actor) {
      return db.transaction().execute(async (t) => {
        const d = await decisions.decisionOrThrow(t, c, id, true);
        // objection → counted is an upheld objection, not a close
        if (d.state !== 'voting') throw new ConflictError('decisions.bad_transition', { from: d.state, to: 'counted' });
        assertMove(d.state, 'counted', actor);
        if (today(ctx) <= d.voting_closes_on) {
          const items = await repo.items(t, [d.id]);
          const missing = actor.role === 'system' ? [null] : await repo.votersMissingBallots(t, d.id, items.length);
          if (missing.length) throw new ConflictError('decisions.voting_not_over', { closesOn: d.voting_closes_on });
        }
        await repo.updateDecision(t, d.id, { state: 'counted', closed_at: clock.now() });
        const counted = await count(t, d, actor, null);
        await decisions.moved(t, c, d, 'counted', actor, { round: counted.round, pendingPaper: counted.pendingPaper });
        return { id: d.id, state: 'counted' as const, ...counted };
      });
    },

    /** Publishes the count today: the objection period starts the next day (Civil Code art. 201). */
    async publish(c: Community, id: number, actor: Actor) {
      return db.transaction().execute(async (t) => {
        const d = await decisions.decisionOrThrow(t, c, id, true);
        assertMove(d.state, 'objection', actor);
        const on = today(ctx);
        await repo.updateDecision(t, d.id, { state: 'objection', published_on: on });
        await decisions.moved(t, c, d, 'objection', actor, { publishedOn: on });
        return { id: d.id, state: 'objection' as const, publishedOn: on, objectionEndsOn: objectionEndsOn(on, d.objection_days) };
      });
    },

    /**
     * An objection upheld by the committee during the objection period: the decision goes back to
     * be counted, a new count is made from the ballots (which themselves never change) with the
     * objection recorded, and it must be published again, with a new objection period.
     */
    async upholdObjection(c: Community, id: number, actor: Actor, objection: string) {
      const why = checkText(objection, 2000, 'decisions.objection_text', true);
      return db.transaction().execute(async (t) => {
        const d = await decisions.decisionOrThrow(t, c, id, true);
        // voting → counted is the close, not an objection
        if (d.state !== 'objection') throw new ConflictError('decisions.bad_transition', { from: d.state, to: 'counted' });
        assertMove(d.state, 'counted', actor);
        await repo.updateDecision(t, d.id, { state: 'counted', published_on: null });
        const counted = await count(t, d, actor, why);
        await decisions.moved(t, c, d, 'counted', actor, { objection: why, round: counted.round });
        return { id: d.id, state: 'counted' as const, ...counted };
      });
    },

    /** Ends the objection period once it is over: final when some item passed, failed when none did. */
    async finish(c: Community, id: number, actor: Actor) {
      return db.transaction().execute(async (t) => {
        const d = await decisions.decisionOrThrow(t, c, id, true);
        if (d.state !== 'objection' || !d.published_on) throw new ConflictError('decisions.bad_transition', { from: d.state, to: 'final' });
        const on = today(ctx);
        if (!objectionPeriodOver(d.published_on, on, d.objection_days)) throw new ConflictError('decisions.objection_period_running', { until: objectionEndsOn(d.published_on, d.objection_days) });
        const latest = await repo.latestCount(t, d.id);
        const results = latest!.results as CountResults;
        const to = closingState(results.map((r) => r.tally.passed));
        assertMove(d.state, to, actor);
        await repo.updateDecision(t, d.id, { state: to, finished_on: on });
        const fee = to === 'final' ? await applyFeeStandards(t, c, d, results, actor) : { applied: [], notApplied: [] };
        const passedItems = to === 'final' ? results.filter((r) => r.tally.passed).map((r) => r.item) : [];
        const effects: Record<string, unknown> = {};
        for (const hook of onEnded) Object.assign(effects, await hook(t, c, { decisionId: d.id, state: to, passedItems, on }, actor));
        await decisions.moved(t, c, d, to, actor, { finishedOn: on, feeSchedules: fee.applied, feeSchedulesNotApplied: fee.notApplied, ...effects });
        return { id: d.id, state: to, finishedOn: on, feeSchedules: fee.applied, feeSchedulesNotApplied: fee.notApplied };
      });
    },

    /** The published (or, `internal`, the latest) count with its plain-words explanation. */
    async results(c: Community, id: number, internal: boolean) {
      const d = await decisions.decisionOrThrow(db, c, id);
      if (!internal && !PUBLISHED_STATES.includes(d.state)) throw new ConflictError('decisions.not_published');
      const [items, latest] = await Promise.all([repo.items(db, [d.id]), repo.latestCount(db, d.id)]);
      if (!latest) throw new ConflictError('decisions.not_counted');
      return {
        decisionId: d.id,
        title: d.title,
        state: d.state,
        publishedOn: d.published_on,
        objectionEndsOn: d.published_on ? objectionEndsOn(d.published_on, d.objection_days) : null,
        round: latest.round,
        countedAt: latest.counted_at.toISOString(),
        ballots: latest.ballot_count,
        lastSeq: latest.last_seq,
        lastHash: latest.last_hash,
        items: resultOut(items, latest.results as CountResults).map((r) => ({ ...r, title: items.find((i) => i.position === r.item)!.title })),
      };
    },

    /**
     * The anonymised public record (docs/vote-format.md): the roll by pseudonym and area, the
     * chained ballots and the count. Public once the result is published; `internal` (the CLI)
     * from the moment the roll is frozen.
     */
    async exportDecision(c: Community, id: number, internal: boolean): Promise<VoteExport> {
      const d = await decisions.decisionOrThrow(db, c, id);
      if (!internal && !PUBLISHED_STATES.includes(d.state)) throw new ConflictError('decisions.not_published');
      if (d.roll_total_headcount === null) throw new ConflictError('decisions.no_roll');
      const [voters, items, ballots, latest] = await Promise.all([repo.voters(db, d.id), repo.items(db, [d.id]), repo.ballotsForExport(db, d.id), repo.latestCount(db, d.id)]);
      const roll = rollOf(d, voters);
      return {
        format: VOTE_EXPORT_FORMAT,
        decision: `${c.code}/${d.id}`,
        title: d.title,
        kind: d.kind,
        state: d.state,
        exportedAt: clock.now().toISOString(),
        roll: {
          includeParking: roll.includeParking,
          includeStorage: roll.includeStorage,
          totalAreaCm2: roll.totalAreaCm2,
          totalHeadcount: roll.totalHeadcount,
          voters: voters.map((v) => ({ voter: v.pseudonym, kind: v.kind, areaCm2: v.area_cm2 })).sort((a, b) => (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0)),
        },
        items: items.map((i) => ({ item: i.position, matter: i.matter as VoteExport['items'][number]['matter'], title: i.title })),
        ballots: ballots.map((b) => ({ decision: `${c.code}/${d.id}`, item: b.position, voter: b.pseudonym, choice: b.choice, channel: b.channel, seq: b.seq, castAt: b.cast_at.toISOString(), prevHash: b.prev_hash, hash: b.hash })),
        count: latest ? { round: latest.round, countedAt: latest.counted_at.toISOString(), lastSeq: latest.last_seq, lastHash: latest.last_hash, results: latest.results as CountResults } : null,
      };
    },

    /**
     * The clock's steps for every community (the nightly job, or on demand): open voting on its
     * day, close it after its last day, end objection periods that are over. One decision's
     * failure is logged and does not hold up the others.
     */
    async advance(): Promise<string[]> {
      const done: string[] = [];
      const on = today(ctx);
      for (const p of await repo.pendingDecisions(db)) {
        const c = { id: p.community_id, code: p.code };
        try {
          const d = await decisions.decisionOrThrow(db, c, p.id);
          let to: DecisionState | null = null;
          if (d.state === 'noticed' && on >= d.voting_opens_on) to = (await decisions.open(c, d.id, SYSTEM)).state;
          else if (d.state === 'voting' && on > d.voting_closes_on) to = (await service.close(c, d.id, SYSTEM)).state;
          else if (d.state === 'objection' && d.published_on && objectionPeriodOver(d.published_on, on, d.objection_days)) to = (await service.finish(c, d.id, SYSTEM)).state;
          if (to) done.push(`${c.code}/${d.id} → ${to}`);
        } catch (err) {
          ctx.log(`decision ${p.code}/${p.id}: ${(err as Error).message}`);
        }
      }
      if (done.length) ctx.log(`decisions: ${done.join(', ')}`);
      return done;
    },
  };
  return service;
}

export type ResultsService = ReturnType<typeof createResultsService>;

/**
 * Owners' decisions, lifecycle and roll (DESIGN §2.5): a committee drafts a decision (a meeting
 * or a written consultation) with its items and attachments, publishes the notice, and voting
 * opens no earlier than the notice period allows; the voter roll is built from the register when
 * voting opens and frozen. Ballots are in ballots.service.ts, the count and what follows in
 * results.service.ts, committee meetings in committee.service.ts.
 *
 * Who moves a decision is decisions.rules.ts's DECISION_TRANSITIONS: the committee, or the clock
 * ('system') for the dated steps. Every move locks the decision's row, so that a ballot and the
 * close never interleave, and is written to the audit log.
 */
import { audit } from '../../platform/audit.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { AttachmentKind, DecisionVotersTable, UnitKind } from '../../platform/db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { sha256Of, sniffVoucherType } from '../../platform/files.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { pseudonym } from '../../platform/security.js';
import { isDate, isStorableText } from '../ledger/ledger.rules.js';
import {
  DECISION_TRANSITIONS,
  DEFAULT_OBJECTION_DAYS,
  type DecisionActor,
  type DecisionState,
  MIN_NOTICE_DAYS,
  canTransition,
  isTerminal,
  earliestOpeningOn,
  isMatterCode,
  matterType,
  noticePeriodMet,
  objectionEndsOn,
} from './decisions.rules.js';
import './decisions.messages.js';
import * as repo from './decisions.repository.js';
import { type Roll, buildRoll } from './roll.rules.js';
import { type Tally, explainTally } from './tally.rules.js';

export type Community = Pick<CommunityRef, 'id' | 'code'>;
/** Who acts: a committee member (their account), or the clock. */
export type Actor = { role: 'committee'; accountId: number } | { role: 'system'; accountId?: null };

export const SYSTEM: Actor = { role: 'system' };
export const committee = (accountId: number): Actor => ({ role: 'committee', accountId });

const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const UNIT_KINDS: readonly UnitKind[] = ['residential', 'commercial', 'parking', 'storage'];
const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['budget', 'contract', 'fee_proposal', 'minutes', 'other'];
/** States in which the result is public. */
export const PUBLISHED_STATES: readonly DecisionState[] = ['objection', 'final', 'failed'];
/** States the public sees at all: everything but a draft. */
export const PUBLIC_STATES: readonly DecisionState[] = ['noticed', 'voting', 'counted', 'objection', 'final', 'failed', 'withdrawn'];

/**
 * The billing module's fee schedules, as decisions use them (DESIGN §2.3): a passed fee-standard
 * item becomes a schedule that names the decision (results.service.ts finish), and a decision
 * shows the schedules made from it.
 */
export interface FeeStandards {
  schedules(c: Community): Promise<{ id: number; unitKind: UnitKind; rateCf: number; effectiveFrom: string; decisionId: number | null }[]>;
  addSchedule(
    c: Community,
    s: { unitKind: UnitKind; rateCf: number; effectiveFrom: string; decisionRef: string; decisionId?: number | null; document?: { sha256: string; name: string } | null },
    by: number | null,
    trx?: Db,
  ): Promise<{ id: number }>;
}

/**
 * What other modules do when a decision ends (final, failed or withdrawn), in the same
 * transaction: the budget module adopts the budget version an item of a final decision passed,
 * and approves the expense proposals that rest on it. Whatever a hook returns is kept in the
 * audit entry of the move.
 */
export interface DecisionOutcome {
  decisionId: number;
  state: 'final' | 'failed' | 'withdrawn';
  /** positions of the items that passed (empty unless final) */
  passedItems: number[];
  on: string;
}
export type OnDecisionEnded = (t: Db, c: Community, outcome: DecisionOutcome, actor: Actor) => Promise<Record<string, unknown>>;

export interface ItemInput {
  matter: number;
  title: string;
  body?: string;
  fee?: { unitKind: UnitKind; rateCf: number; effectiveFrom: string } | null;
}

export interface DecisionInput {
  kind: 'meeting' | 'written';
  title: string;
  description?: string;
  meetingPlace?: string | null;
  votingOpensOn: string;
  votingClosesOn: string;
  noticeDays?: number;
  objectionDays?: number;
  includeParking?: boolean;
  includeStorage?: boolean | null;
  items: ItemInput[];
  attachments?: { kind: AttachmentKind; sha256: string; name: string }[];
}

export const today = (ctx: Pick<AppContext, 'clock'>) => shanghaiDay(ctx.clock.now());

/** The keyed pseudonym of a voter in one decision: stable, and new for every decision. */
export function voterPseudonym(secretKey: Buffer, communityId: number, decisionId: number, voterId: number, attempt = 0): string {
  return pseudonym(secretKey, 'V', `voter:${communityId}:${decisionId}:${voterId}${attempt ? `#${attempt}` : ''}`);
}

export function checkText(s: string | null | undefined, max: number, code: string, required = false) {
  const v = s?.trim() ?? '';
  if ((required && !v) || v.length > max || !isStorableText(v)) throw new ValidationError(code, { max });
  return v;
}

export function checkKey(key: string) {
  if (!key || key.length > 200 || !isStorableText(key)) throw new ValidationError('decisions.idempotency_key');
}

/** Refuses a move the lifecycle does not have, or an actor who may not make it. */
export function assertMove(from: DecisionState, to: DecisionState, actor: Actor) {
  const allowed = DECISION_TRANSITIONS[from]?.[to];
  if (!allowed) throw new ConflictError('decisions.bad_transition', { from, to });
  if (!canTransition(from, to, actor.role as DecisionActor)) throw new ForbiddenError('decisions.actor_not_allowed', { from, to });
}

/** The frozen roll of a decision as tally.rules.ts takes it (totals recomputed from the voters). */
export function rollOf(d: { include_parking: boolean; include_storage: boolean | null; roll_total_area_cm2: number | null; roll_total_headcount: number | null; roll_excluded_unit_ids: number[] | null }, voters: DecisionVotersTable[]): Roll {
  const totalAreaCm2 = voters.reduce((s, v) => s + v.area_cm2, 0);
  if (totalAreaCm2 !== d.roll_total_area_cm2 || voters.length !== d.roll_total_headcount) throw new Error('the frozen roll does not add up to its totals');
  return {
    voters: voters.map((v) => ({ voterId: v.voter_id, kind: v.kind, unitIds: v.unit_ids, areaCm2: v.area_cm2, personIds: v.person_ids })),
    totalAreaCm2,
    totalHeadcount: voters.length,
    includeParking: d.include_parking,
    includeStorage: d.include_storage ?? d.include_parking,
    excludedUnitIds: d.roll_excluded_unit_ids ?? [],
  };
}

export function resultOut(items: { position: number }[], results: { item: number; tally: Tally }[]) {
  return items.map((i) => {
    const r = results.find((x) => x.item === i.position);
    if (!r) throw new Error(`count without item ${i.position}`);
    return { item: i.position, tally: r.tally, explanation: explainTally(r.tally) };
  });
}

export function createDecisionsService(ctx: AppContext, fees: FeeStandards, onEnded: readonly OnDecisionEnded[] = []) {
  const { db, clock } = ctx;

  async function decisionOrThrow(t: Db, c: Community, id: number, lock = false) {
    const d = lock ? await repo.lockDecision(t, c.id, id) : await repo.decisionById(t, c.id, id);
    if (!d) throw new NotFoundError('decisions.not_found', { id });
    return d;
  }

  async function moved(t: Db, c: Community, d: { id: number; state: DecisionState }, to: DecisionState, actor: Actor, details: Record<string, unknown> = {}) {
    await audit(t, { accountId: actor.accountId ?? null, communityId: c.id, action: `decisions.${to}`, subject: `decision:${d.id}`, details: { from: d.state, to, by: actor.role, ...details }, at: clock.now() });
  }

  function itemOut(i: Awaited<ReturnType<typeof repo.items>>[number], schedules: Awaited<ReturnType<FeeStandards['schedules']>> = []) {
    const m = matterType(i.matter as Parameters<typeof matterType>[0]);
    const schedule = schedules.find((s) => s.unitKind === i.fee_unit_kind && s.effectiveFrom === i.fee_effective_from && s.rateCf === i.fee_rate_cf);
    return {
      position: i.position,
      matter: m.code,
      matterName: m.name,
      matterNameEn: m.nameEn,
      rule: m.rule,
      title: i.title,
      body: i.body,
      fee: i.fee_unit_kind && i.fee_rate_cf && i.fee_effective_from ? { unitKind: i.fee_unit_kind, rateCf: i.fee_rate_cf, effectiveFrom: i.fee_effective_from, scheduleId: schedule?.id ?? null } : null,
    };
  }

  /** A decision as shown: `internal` adds what only the committee and overseers see before publication. */
  async function view(c: Community, d: NonNullable<Awaited<ReturnType<typeof repo.decisionById>>>, internal: boolean) {
    const [items, attachments, count, schedules] = await Promise.all([
      repo.items(db, [d.id]),
      repo.attachments(db, d.id),
      repo.latestCount(db, d.id),
      d.state === 'final' ? fees.schedules(c).then((all) => all.filter((s) => s.decisionId === d.id)) : [],
    ]);
    const showResults = count && (internal || PUBLISHED_STATES.includes(d.state));
    return {
      id: d.id,
      community: c.code,
      kind: d.kind,
      title: d.title,
      description: d.description,
      meetingPlace: d.meeting_place,
      state: d.state,
      noticeDays: d.notice_days,
      objectionDays: d.objection_days,
      votingOpensOn: d.voting_opens_on,
      votingClosesOn: d.voting_closes_on,
      noticedOn: d.noticed_on,
      earliestOpeningOn: d.noticed_on ? earliestOpeningOn(d.noticed_on, d.notice_days) : null,
      publishedOn: d.published_on,
      objectionEndsOn: d.published_on ? objectionEndsOn(d.published_on, d.objection_days) : null,
      finishedOn: d.finished_on,
      withdrawnReason: d.withdrawn_reason,
      includeParking: d.include_parking,
      includeStorage: d.include_storage ?? d.include_parking,
      items: items.map((i) => itemOut(i, schedules)),
      attachments: attachments.map((a) => ({ position: a.position, kind: a.kind, sha256: a.sha256, name: a.name, mediaType: a.media_type, sizeBytes: a.size_bytes })),
      roll: d.roll_total_headcount === null ? null : { totalAreaCm2: d.roll_total_area_cm2 ?? 0, totalHeadcount: d.roll_total_headcount },
      count: showResults
        ? {
            round: count.round,
            countedAt: count.counted_at.toISOString(),
            ballots: count.ballot_count,
            lastSeq: count.last_seq,
            lastHash: count.last_hash,
            results: resultOut(items, count.results as { item: number; tally: Tally }[]),
            pendingPaper: internal ? count.pending_paper : null,
            objection: count.objection,
          }
        : null,
    };
  }

  return {
    today: () => today(ctx),
    decisionOrThrow,
    moved,

    /** The community of a public route (no access hook resolved it). */
    async communityOrThrow(code: string): Promise<Community> {
      const c = await repo.findCommunity(db, code);
      if (!c) throw new NotFoundError('community.not_found', { code });
      return c;
    },

    /** Stores an attachment, a ballot scan or a proxy's authorization (PDF, JPEG or PNG). */
    async storeDocument(data: Buffer) {
      if (data.length === 0 || data.length > MAX_DOCUMENT_BYTES) throw new ValidationError('decisions.document_size', { maxMiB: MAX_DOCUMENT_BYTES / 1024 / 1024 });
      const mediaType = sniffVoucherType(data);
      if (!mediaType) throw new ValidationError('decisions.document_type');
      const sha256 = await ctx.files.put(data);
      if (sha256 !== sha256Of(data)) throw new Error('file store returned a different hash');
      await repo.insertFile(db, { sha256, sizeBytes: data.length, mediaType });
      return { sha256, mediaType, sizeBytes: data.length };
    },

    /** A draft: nothing is public until the committee publishes the notice. */
    async create(c: Community, input: DecisionInput, by: number | null) {
      if (input.kind !== 'meeting' && input.kind !== 'written') throw new ValidationError('decisions.bad_kind');
      const title = checkText(input.title, 200, 'decisions.bad_title', true);
      const description = checkText(input.description, 10000, 'decisions.bad_text');
      const meetingPlace = input.meetingPlace ? checkText(input.meetingPlace, 200, 'decisions.bad_text') : null;
      for (const [what, d] of [['votingOpensOn', input.votingOpensOn], ['votingClosesOn', input.votingClosesOn]] as const) {
        if (!isDate(d)) throw new ValidationError('decisions.bad_date', { what, value: String(d) });
      }
      if (input.votingClosesOn < input.votingOpensOn) throw new ValidationError('decisions.closes_before_opens');
      const noticeDays = input.noticeDays ?? MIN_NOTICE_DAYS;
      if (!Number.isSafeInteger(noticeDays) || noticeDays < MIN_NOTICE_DAYS || noticeDays > 365) throw new ValidationError('decisions.bad_days', { what: 'noticeDays', value: String(noticeDays), min: MIN_NOTICE_DAYS });
      const objectionDays = input.objectionDays ?? DEFAULT_OBJECTION_DAYS;
      if (!Number.isSafeInteger(objectionDays) || objectionDays < 1 || objectionDays > 365) throw new ValidationError('decisions.bad_days', { what: 'objectionDays', value: String(objectionDays), min: 1 });
      if (!Array.isArray(input.items) || input.items.length === 0 || input.items.length > 50) throw new ValidationError('decisions.bad_items');
      const items = input.items.map((i, n) => {
        if (!isMatterCode(i.matter)) throw new ValidationError('decisions.unknown_matter', { code: String(i.matter) });
        const fee = i.fee ?? null;
        if (fee) {
          if (!UNIT_KINDS.includes(fee.unitKind)) throw new ValidationError('decisions.bad_fee');
          if (!Number.isSafeInteger(fee.rateCf) || fee.rateCf <= 0 || fee.rateCf > 100_000_000) throw new ValidationError('decisions.bad_fee');
          if (!isDate(fee.effectiveFrom) || !fee.effectiveFrom.endsWith('-01')) throw new ValidationError('decisions.bad_fee');
          // a standard owners have not yet decided cannot be billed: it starts after the vote
          if (fee.effectiveFrom <= input.votingClosesOn) throw new ValidationError('decisions.fee_before_vote', { item: n + 1, from: fee.effectiveFrom, closesOn: input.votingClosesOn });
        }
        return {
          position: n + 1,
          matter: i.matter,
          title: checkText(i.title, 200, 'decisions.bad_title', true),
          body: checkText(i.body, 10000, 'decisions.bad_text'),
          fee_unit_kind: fee?.unitKind ?? null,
          fee_rate_cf: fee?.rateCf ?? null,
          fee_effective_from: fee?.effectiveFrom ?? null,
        };
      });
      const attachments = (input.attachments ?? []).map((a, n) => {
        if (!ATTACHMENT_KINDS.includes(a.kind)) throw new ValidationError('decisions.bad_attachment');
        return { position: n + 1, kind: a.kind, sha256: a.sha256, name: checkText(a.name, 200, 'decisions.bad_attachment', true) };
      });
      return db.transaction().execute(async (t) => {
        const known = await repo.knownFiles(t, attachments.map((a) => a.sha256));
        if (attachments.some((a) => !known.has(a.sha256))) throw new ValidationError('decisions.document_unknown');
        const id = await repo.insertDecision(t, {
          community_id: c.id,
          kind: input.kind,
          title,
          description,
          meeting_place: meetingPlace,
          notice_days: noticeDays,
          objection_days: objectionDays,
          voting_opens_on: input.votingOpensOn,
          voting_closes_on: input.votingClosesOn,
          include_parking: input.includeParking ?? false,
          include_storage: input.includeStorage ?? null,
          created_by: by,
          created_at: clock.now(),
        });
        await repo.insertItems(t, items.map((i) => ({ ...i, decision_id: id })));
        await repo.insertAttachments(t, attachments.map((a) => ({ ...a, decision_id: id })));
        await audit(t, { accountId: by, communityId: c.id, action: 'decisions.draft', subject: `decision:${id}`, at: clock.now() });
        return { id };
      });
    },

    /**
     * Publishes the notice today. Voting must open at least `noticeDays` later (物业管理条例
     * art. 14: 15 days by default, more if the decision says so): a notice too late for its
     * opening date is refused — withdraw and notice anew with a later date.
     */
    async notice(c: Community, id: number, actor: Actor) {
      return db.transaction().execute(async (t) => {
        const d = await decisionOrThrow(t, c, id, true);
        assertMove(d.state, 'noticed', actor);
        const on = today(ctx);
        const earliest = earliestOpeningOn(on, d.notice_days);
        if (d.voting_opens_on < earliest) throw new ValidationError('decisions.notice_too_short', { opensOn: d.voting_opens_on, earliest, days: d.notice_days });
        await repo.updateDecision(t, d.id, { state: 'noticed', noticed_on: on });
        await moved(t, c, d, 'noticed', actor, { noticedOn: on });
        return { id: d.id, state: 'noticed' as const, noticedOn: on };
      });
    },

    /**
     * Opens voting: on or after the announced opening day, once the notice period has run, the
     * voter roll is built from the register as it stands (roll.rules.ts) and frozen with its
     * totals. A later change of the register does not touch it.
     */
    async open(c: Community, id: number, actor: Actor) {
      return db.transaction().execute(async (t) => {
        const d = await decisionOrThrow(t, c, id, true);
        assertMove(d.state, 'voting', actor);
        const on = today(ctx);
        if (on < d.voting_opens_on) throw new ConflictError('decisions.not_yet_open', { opensOn: d.voting_opens_on });
        if (!d.noticed_on || !noticePeriodMet(d.noticed_on, on, d.notice_days)) throw new ConflictError('decisions.notice_period_running', { noticedOn: String(d.noticed_on), days: d.notice_days });
        // a roster import waits for the roll to be read (and the roll waits for a running import)
        await repo.lockCommunityShared(t, c.id);
        const units = await repo.registerForRoll(t, c.id);
        const roll = buildRoll(units, { includeParking: d.include_parking, includeStorage: d.include_storage ?? undefined });
        if (roll.totalHeadcount === 0) throw new ValidationError('decisions.roll_empty');
        const codes = new Map(units.map((u) => [u.unitId, u.code]));
        const taken = new Set<string>();
        const rows: DecisionVotersTable[] = roll.voters.map((v) => {
          // 40-bit pseudonyms may collide in a very large roll: the next attempt is as unpredictable
          let attempt = 0;
          let p = voterPseudonym(ctx.secretKey, c.id, d.id, v.voterId);
          while (taken.has(p)) p = voterPseudonym(ctx.secretKey, c.id, d.id, v.voterId, ++attempt);
          taken.add(p);
          return { decision_id: d.id, voter_id: v.voterId, kind: v.kind, unit_ids: v.unitIds, unit_codes: v.unitIds.map((u) => codes.get(u)!), area_cm2: v.areaCm2, person_ids: v.personIds, pseudonym: p };
        });
        await repo.insertVoters(t, rows);
        const openedAt = clock.now();
        await repo.updateDecision(t, d.id, { state: 'voting', opened_at: openedAt, roll_total_area_cm2: roll.totalAreaCm2, roll_total_headcount: roll.totalHeadcount, roll_excluded_unit_ids: roll.excludedUnitIds });
        await moved(t, c, d, 'voting', actor, { voters: roll.totalHeadcount, areaCm2: roll.totalAreaCm2 });
        return { id: d.id, state: 'voting' as const, roll: { totalAreaCm2: roll.totalAreaCm2, totalHeadcount: roll.totalHeadcount, excludedUnits: roll.excludedUnitIds.length } };
      });
    },

    /** Withdraws a draft or a notice (before voting opens; afterwards the vote runs its course). */
    async withdraw(c: Community, id: number, actor: Actor, reason: string) {
      const why = checkText(reason, 500, 'decisions.withdraw_reason', true);
      return db.transaction().execute(async (t) => {
        const d = await decisionOrThrow(t, c, id, true);
        assertMove(d.state, 'withdrawn', actor);
        await repo.updateDecision(t, d.id, { state: 'withdrawn', withdrawn_reason: why, finished_on: today(ctx) });
        const effects: Record<string, unknown> = {};
        for (const hook of onEnded) Object.assign(effects, await hook(t, c, { decisionId: d.id, state: 'withdrawn', passedItems: [], on: today(ctx) }, actor));
        await moved(t, c, d, 'withdrawn', actor, { reason: why, ...effects });
        return { id: d.id, state: 'withdrawn' as const };
      });
    },

    /** Decisions of a community: the public sees all but drafts; `internal` includes drafts. */
    async list(c: Community, internal: boolean) {
      // a draft withdrawn before its notice was never public
      const rows = (await repo.decisions(db, c.id, internal ? undefined : PUBLIC_STATES)).filter((d) => internal || d.noticed_on !== null);
      const [items, counts] = await Promise.all([repo.items(db, rows.map((r) => r.id)), repo.latestCounts(db, rows.map((r) => r.id))]);
      return rows.map((d) => {
        const count = counts.find((x) => x.decision_id === d.id);
        const published = internal || PUBLISHED_STATES.includes(d.state);
        const results = count && published ? (count.results as { item: number; tally: Tally }[]) : null;
        return {
          id: d.id,
          kind: d.kind,
          title: d.title,
          state: d.state,
          noticedOn: d.noticed_on,
          votingOpensOn: d.voting_opens_on,
          votingClosesOn: d.voting_closes_on,
          publishedOn: d.published_on,
          finishedOn: d.finished_on,
          items: items.filter((i) => i.decision_id === d.id).map((i) => ({ position: i.position, matter: i.matter, title: i.title, passed: results?.find((r) => r.item === i.position)?.tally.passed ?? null })),
        };
      });
    },

    /** One decision as the public sees it (a draft does not exist for them). */
    async publicView(c: Community, id: number) {
      const d = await decisionOrThrow(db, c, id);
      if (d.noticed_on === null) throw new NotFoundError('decisions.not_found', { id });
      return view(c, d, false);
    },

    /** One decision as the committee, the supervisor and the officials see it. */
    async internalView(c: Community, id: number) {
      return view(c, await decisionOrThrow(db, c, id), true);
    },

    /** The frozen roll: voters by unit codes with area and kind, and the totals (no names, no pseudonyms). */
    async roll(c: Community, id: number) {
      const d = await decisionOrThrow(db, c, id);
      if (d.roll_total_headcount === null) throw new ConflictError('decisions.no_roll');
      const voters = await repo.voters(db, d.id);
      return {
        decisionId: d.id,
        frozenAt: d.opened_at?.toISOString() ?? null,
        includeParking: d.include_parking,
        includeStorage: d.include_storage ?? d.include_parking,
        totalAreaCm2: d.roll_total_area_cm2 ?? 0,
        totalHeadcount: d.roll_total_headcount,
        excludedUnits: d.roll_excluded_unit_ids?.length ?? 0,
        voters: voters.map((v) => ({ voterId: v.voter_id, kind: v.kind, unitCodes: v.unit_codes, areaCm2: v.area_cm2, castable: v.person_ids.length > 0 })),
      };
    },

    /** An attachment of a decision (its notice documents); not of a draft for readers who only see published decisions. */
    async attachment(c: Community, id: number, sha256: string) {
      const d = await decisionOrThrow(db, c, id);
      const a = (await repo.attachments(db, d.id)).find((x) => x.sha256 === sha256);
      if (!a || d.noticed_on === null) throw new NotFoundError('decisions.document_not_found');
      const data = await ctx.files.get(a.sha256);
      if (!data) throw new Error(`attachment ${a.sha256} is missing from the file store`);
      return { data, mediaType: a.media_type, name: a.name };
    },

    /** A ballot scan or a proxy's authorization (they carry signatures: committee and supervisor only). */
    async ballotDocument(c: Community, id: number, sha256: string) {
      const d = await decisionOrThrow(db, c, id);
      if (!(await repo.isBallotDocument(db, d.id, sha256))) throw new NotFoundError('decisions.document_not_found');
      const data = await ctx.files.get(sha256);
      if (!data) throw new Error(`ballot document ${sha256} is missing from the file store`);
      const media = await repo.knownFiles(db, [sha256]);
      return { data, mediaType: media.get(sha256) ?? 'application/octet-stream', name: `${sha256.slice(0, 12)}` };
    },
  };
}

export type DecisionsService = ReturnType<typeof createDecisionsService>;

/**
 * Where a decision stands, as other modules that rest on one need it (a budget version submitted
 * to it, an expense proposal approved by it): its state, its items with their matter, and which
 * items passed once it is final. null when the community has no such decision.
 */
export async function decisionStanding(db: Db, communityId: number, decisionId: number) {
  const d = await repo.decisionById(db, communityId, decisionId);
  if (!d) return null;
  const [items, latest] = await Promise.all([repo.items(db, [d.id]), d.state === 'final' ? repo.latestCount(db, d.id) : null]);
  const results = (latest?.results ?? []) as { item: number; tally: Tally }[];
  return {
    id: d.id,
    title: d.title,
    state: d.state as DecisionState,
    ended: isTerminal(d.state as DecisionState),
    items: items.map((i) => ({ position: i.position, matter: i.matter, title: i.title })),
    passedItems: results.filter((r) => r.tally.passed).map((r) => r.item),
  };
}

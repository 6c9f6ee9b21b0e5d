/**
 * Ballots (DESIGN §2.5): an owner (or any co-owner, or the developer's representative) casts
 * their voter's ballot online; a registered written proxy casts it for them; a paper ballot is
 * keyed in by one committee member from the scan and keyed in again by a different one, and only
 * then counts. Options agree / oppose / abstain; one ballot per voter and item, whatever the
 * channel, never changed afterwards (the database refuses UPDATE and DELETE on ballots).
 *
 * Every ballot is appended to its decision's hash chain (recount.rules.ts) under the decision's
 * row lock: two devices of one owner submitting at once queue there, and the second finds the
 * first's ballot (same idempotency key: the same receipt; another key: 'decisions.ballot_twice').
 *
 * Receipt codes: 16 Crockford base32 characters (80 bits), an HMAC of the decision, the voter
 * and the client's idempotency key under the deployment key — so a replay of the same
 * submission gets the same receipt without the code ever being stored (only its SHA-256 is).
 */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { BallotChannel, BallotChoice, DecisionVotersTable } from '../../platform/db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { crockford40, sha256Hex } from '../../platform/security.js';
import './decisions.messages.js';
import * as repo from './decisions.repository.js';
import { type Community, type DecisionsService, checkKey, checkText, today } from './decisions.service.js';
import { GENESIS_HASH, type PublicBallot, ballotHash } from './recount.rules.js';
import { CHOICES, percentText } from './tally.rules.js';

export interface ChoiceInput {
  /** the item's position in the decision */
  item: number;
  choice: BallotChoice;
}

/** `XXXX-XXXX-XXXX-XXXX` */
export function receiptCode(secretKey: Buffer, decisionId: number, voterId: number, idempotencyKey: string): string {
  const d = createHmac('sha256', secretKey).update(`xinyi-receipt:${decisionId}:${voterId}:${idempotencyKey}`).digest();
  const s = crockford40(d.subarray(0, 5)) + crockford40(d.subarray(5, 10));
  return s.match(/.{4}/g)!.join('-');
}

/** A receipt code as typed: case, dashes and spaces ignored; I and L read as 1, O as 0. Null when it cannot be one. */
export function normalizeReceipt(code: string): string | null {
  const s = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(s) ? s : null;
}

export const receiptHash = (code: string) => sha256Hex(`xinyi-receipt:${normalizeReceipt(code) ?? code}`);

/** A voter as the messages name them: their unit codes. */
const label = (v: Pick<DecisionVotersTable, 'unit_codes'>) => v.unit_codes.join('、');

function checkChoices(choices: ChoiceInput[], itemPositions: Set<number>) {
  if (!Array.isArray(choices) || choices.length === 0) throw new ValidationError('decisions.no_choices');
  const seen = new Set<number>();
  for (const c of choices) {
    if (!itemPositions.has(c.item)) throw new ValidationError('decisions.unknown_item', { item: String(c.item) });
    if (!CHOICES.includes(c.choice)) throw new ValidationError('decisions.bad_choice', { choice: String(c.choice) });
    if (seen.has(c.item)) throw new ValidationError('decisions.item_twice', { item: c.item });
    seen.add(c.item);
  }
  return [...choices].sort((a, b) => a.item - b.item);
}

const sameChoices = (a: ChoiceInput[], b: ChoiceInput[]) => a.length === b.length && a.every((x, i) => x.item === b[i]!.item && x.choice === b[i]!.choice);

export function createBallotsService(ctx: AppContext, decisions: DecisionsService) {
  const { db, clock } = ctx;
  const communityLabel = (c: Community, id: number) => `${c.code}/${id}`;

  /** The decision locked, in voting, on or before its closing day. */
  async function votingDecision(t: Db, c: Community, id: number) {
    const d = await decisions.decisionOrThrow(t, c, id, true);
    if (d.state !== 'voting') throw new ConflictError('decisions.not_voting', { state: d.state });
    if (today(ctx) > d.voting_closes_on) throw new ConflictError('decisions.voting_closed', { closesOn: d.voting_closes_on });
    const items = await repo.items(t, [d.id]);
    return { d, items, byPosition: new Map(items.map((i) => [i.position, i])) };
  }

  async function assertCommitteeMember(t: Db, c: Community, accountId: number) {
    if (!(await repo.isCommitteeMember(t, c.id, accountId))) throw new ForbiddenError('decisions.not_committee');
  }

  /** Refuses a ballot for an item the voter has voted on already (any channel). */
  async function assertNotVoted(t: Db, d: { id: number }, v: DecisionVotersTable, items: { id: number; position: number }[]) {
    const cast = new Set((await repo.ballotsOfVoter(t, d.id, v.voter_id)).map((b) => b.item_id));
    const again = items.filter((i) => cast.has(i.id));
    if (again.length) throw new ConflictError('decisions.ballot_twice', { voterId: label(v), items: again.map((i) => i.position).join('、') });
  }

  /**
   * Appends the ballots of one submission to the decision's chain (the caller holds the decision's
   * lock) with a new receipt; returns the receipt's id, and its code with the chained ballots.
   */
  async function appendBallots(
    t: Db,
    c: Community,
    d: { id: number },
    v: DecisionVotersTable,
    items: Map<number, { id: number }>,
    choices: ChoiceInput[],
    s: { key: string; channel: BallotChannel; castBy: number | null; enteredBy?: number; confirmedBy?: number; scan?: string | null; authorization?: string | null; paperEntryId?: number },
  ) {
    const code = receiptCode(ctx.secretKey, d.id, v.voter_id, s.key);
    const now = clock.now();
    const receiptId = await repo.insertReceipt(t, { decision_id: d.id, voter_id: v.voter_id, idempotency_key: s.key, receipt_hash: receiptHash(code), cast_by: s.castBy, created_at: now });
    const head = (await repo.chainHead(t, d.id)) ?? { seq: 0, hash: GENESIS_HASH };
    let prev = head.hash;
    const chained = choices.map((ch, i) => {
      const pub: PublicBallot = { decision: communityLabel(c, d.id), item: ch.item, voter: v.pseudonym, choice: ch.choice, channel: s.channel, seq: head.seq + i + 1, castAt: now.toISOString() };
      const hash = ballotHash(prev, pub);
      const out = { ...pub, prevHash: prev, hash };
      prev = hash;
      return out;
    });
    await repo.insertBallots(
      t,
      chained.map((b, i) => ({
        decision_id: d.id,
        item_id: items.get(choices[i]!.item)!.id,
        voter_id: v.voter_id,
        choice: b.choice,
        channel: b.channel,
        receipt_id: receiptId,
        cast_by: s.castBy,
        entered_by: s.enteredBy ?? null,
        confirmed_by: s.confirmedBy ?? null,
        scan_sha256: s.scan ?? null,
        authorization_sha256: s.authorization ?? null,
        paper_entry_id: s.paperEntryId ?? null,
        seq: b.seq,
        prev_hash: b.prevHash,
        hash: b.hash,
        cast_at: now,
      })),
    );
    return {
      receiptId,
      cast: { receiptCode: code, voter: { pseudonym: v.pseudonym, unitCodes: v.unit_codes }, castAt: now.toISOString(), ballots: chained.map((b) => ({ item: b.item, choice: b.choice, channel: b.channel, seq: b.seq, hash: b.hash })) },
    };
  }

  /** The answer to a replayed submission: the same receipt, recomputed. */
  async function replayed(t: Db, d: { id: number }, v: DecisionVotersTable, receipt: { id: number; idempotency_key: string }) {
    const ballots = await repo.ballotsOfReceipt(t, receipt.id);
    return {
      receiptCode: receiptCode(ctx.secretKey, d.id, v.voter_id, receipt.idempotency_key),
      voter: { pseudonym: v.pseudonym, unitCodes: v.unit_codes },
      castAt: ballots[0]!.cast_at.toISOString(),
      ballots: ballots.map((b) => ({ item: b.position, choice: b.choice, channel: b.channel, seq: b.seq, hash: b.hash })),
      created: false,
    };
  }

  return {
    /** The voters the caller may cast for in a decision, and what each has cast (their own choices). */
    async mine(c: Community, id: number, accountId: number) {
      const d = await decisions.decisionOrThrow(db, c, id);
      if (d.noticed_on === null) throw new NotFoundError('decisions.not_found', { id });
      const [mine, items] = await Promise.all([repo.votersOfAccount(db, d.id, accountId), repo.items(db, [d.id])]);
      const out = [];
      for (const v of mine) {
        const cast = await repo.ballotsOfVoter(db, d.id, v.voter_id);
        out.push({
          voterId: v.voter_id,
          unitCodes: v.unit_codes,
          areaCm2: v.area_cm2,
          pseudonym: v.pseudonym,
          asProxy: v.proxy_sha256 !== null,
          items: items.map((i) => {
            const b = cast.find((x) => x.item_id === i.id);
            return { item: i.position, title: i.title, choice: b?.choice ?? null, channel: b?.channel ?? null, seq: b?.seq ?? null };
          }),
        });
      }
      return { decisionId: d.id, state: d.state, votingClosesOn: d.voting_closes_on, canVote: d.state === 'voting' && today(ctx) <= d.voting_closes_on, voters: out };
    },

    /**
     * Casts the caller's ballot online for one voter (`voterId` may be left out when the caller
     * has one voter), on one or more items at once, with one receipt.
     */
    async cast(c: Community, id: number, accountId: number, input: { voterId?: number | null; choices: ChoiceInput[]; idempotencyKey: string }) {
      checkKey(input.idempotencyKey);
      return db.transaction().execute(async (t) => {
        const { d, byPosition } = await votingDecision(t, c, id);
        const choices = checkChoices(input.choices, new Set(byPosition.keys()));
        const mine = await repo.votersOfAccount(t, d.id, accountId);
        if (mine.length === 0) throw new ForbiddenError('decisions.not_your_voter');
        const v = input.voterId ? mine.find((x) => x.voter_id === input.voterId) : mine.length === 1 ? mine[0] : undefined;
        if (!v) throw input.voterId ? new ForbiddenError('decisions.not_your_voter') : new ValidationError('decisions.choose_voter', { voters: mine.map(label).join('；') });
        // client keys live apart from the keys of confirmed paper ballots ('paper:<entry>')
        const key = `client:${input.idempotencyKey}`;
        const old = await repo.receiptByKey(t, d.id, key);
        if (old) {
          const again = await replayed(t, d, v, old);
          if (old.voter_id !== v.voter_id || old.cast_by !== accountId || !sameChoices(again.ballots, choices)) throw new ConflictError('decisions.idempotency_conflict', { key: input.idempotencyKey });
          return again;
        }
        await assertNotVoted(t, d, v, choices.map((ch) => byPosition.get(ch.item)!));
        const asProxy = v.proxy_sha256 !== null;
        const { cast } = await appendBallots(t, c, d, v, byPosition, choices, { key, channel: asProxy ? 'proxy' : 'online', castBy: accountId, authorization: v.proxy_sha256 });
        return { ...cast, created: true };
      });
    },

    /**
     * Keys in a paper ballot from its scan (committee member A). It counts only once a different
     * member has keyed in the same choices (confirmPaper). `authorizationSha256`: the ballot was
     * signed by a written proxy, whose authorization is attached.
     */
    async enterPaper(c: Community, id: number, by: number, input: { unitCode?: string | null; voterId?: number | null; choices: ChoiceInput[]; scanSha256: string; authorizationSha256?: string | null; idempotencyKey: string }) {
      checkKey(input.idempotencyKey);
      return db.transaction().execute(async (t) => {
        await assertCommitteeMember(t, c, by);
        const { d, byPosition } = await votingDecision(t, c, id);
        const choices = checkChoices(input.choices, new Set(byPosition.keys()));
        const v = input.voterId ? await repo.voter(t, d.id, input.voterId) : input.unitCode ? await repo.voterByUnitCode(t, d.id, input.unitCode) : undefined;
        if (!v) throw new NotFoundError('decisions.voter_not_found', { unit: input.unitCode ?? String(input.voterId ?? '') });
        if (v.kind === 'unowned') throw new ValidationError('decisions.voter_unowned', { unit: label(v) });
        const files = [input.scanSha256, ...(input.authorizationSha256 ? [input.authorizationSha256] : [])];
        const known = await repo.knownFiles(t, files);
        if (files.some((f) => !known.has(f))) throw new ValidationError('decisions.document_unknown');
        const old = await repo.paperByKey(t, d.id, input.idempotencyKey);
        if (old) {
          if (old.voter_id !== v.voter_id || old.entered_by !== by || old.scan_sha256 !== input.scanSha256 || !sameChoices(old.choices, choices)) throw new ConflictError('decisions.idempotency_conflict', { key: input.idempotencyKey });
          return { entryId: old.id, status: old.status, unitCodes: v.unit_codes, created: false };
        }
        await assertNotVoted(t, d, v, choices.map((ch) => byPosition.get(ch.item)!));
        if (await repo.hasPendingPaper(t, d.id, v.voter_id)) throw new ConflictError('decisions.paper_pending', { unit: label(v) });
        const entryId = await repo.insertPaper(t, {
          decision_id: d.id,
          voter_id: v.voter_id,
          idempotency_key: input.idempotencyKey,
          choices: JSON.stringify(choices),
          scan_sha256: input.scanSha256,
          authorization_sha256: input.authorizationSha256 ?? null,
          entered_by: by,
          entered_at: clock.now(),
        });
        return { entryId, status: 'pending' as const, unitCodes: v.unit_codes, created: true };
      });
    },

    /**
     * Confirms a paper ballot: a committee member other than the one who entered it keys in the
     * choices again from the scan; when they agree the ballot is cast (channel paper, or proxy
     * when an authorization is attached) and its receipt returned (to hand to the owner).
     */
    async confirmPaper(c: Community, id: number, entryId: number, by: number, input: { choices: ChoiceInput[] }) {
      return db.transaction().execute(async (t) => {
        await assertCommitteeMember(t, c, by);
        const { d, byPosition } = await votingDecision(t, c, id);
        const choices = checkChoices(input.choices, new Set(byPosition.keys()));
        const e = await repo.paperForUpdate(t, d.id, entryId);
        if (!e) throw new NotFoundError('decisions.paper_not_found', { id: entryId });
        if (e.status !== 'pending') throw new ConflictError('decisions.paper_decided', { status: e.status });
        if (e.entered_by === by) throw new ForbiddenError('decisions.paper_same_member');
        if (!sameChoices(e.choices, choices)) throw new ConflictError('decisions.paper_mismatch');
        const v = (await repo.voter(t, d.id, e.voter_id))!;
        await assertNotVoted(t, d, v, choices.map((ch) => byPosition.get(ch.item)!));
        const { receiptId, cast } = await appendBallots(t, c, d, v, byPosition, choices, {
          key: `paper:${e.id}`,
          channel: e.authorization_sha256 ? 'proxy' : 'paper',
          castBy: null,
          enteredBy: e.entered_by,
          confirmedBy: by,
          scan: e.scan_sha256,
          authorization: e.authorization_sha256,
          paperEntryId: e.id,
        });
        await repo.decidePaper(t, e.id, { status: 'confirmed', decided_by: by, decided_at: clock.now(), receipt_id: receiptId });
        return { entryId: e.id, ...cast };
      });
    },

    /** The written proxies registered for a decision (committee and supervisor: the authorizations carry signatures). */
    async proxies(c: Community, id: number) {
      const d = await decisions.decisionOrThrow(db, c, id);
      return (await repo.proxies(db, d.id)).map((p) => ({
        unitCodes: p.unit_codes,
        proxy: p.proxy,
        authorizationSha256: p.authorization_sha256,
        authorizationName: p.authorization_name,
        registeredBy: p.registered_by,
        registeredAt: p.registered_at.toISOString(),
      }));
    },

    /** Sets a mistaken or unreadable paper entry aside (any committee member, the one who entered it included). */
    async rejectPaper(c: Community, id: number, entryId: number, by: number, reason: string) {
      const why = checkText(reason, 500, 'decisions.reject_reason', true);
      return db.transaction().execute(async (t) => {
        await assertCommitteeMember(t, c, by);
        const d = await decisions.decisionOrThrow(t, c, id, true);
        const e = await repo.paperForUpdate(t, d.id, entryId);
        if (!e) throw new NotFoundError('decisions.paper_not_found', { id: entryId });
        if (e.status !== 'pending') throw new ConflictError('decisions.paper_decided', { status: e.status });
        await repo.decidePaper(t, e.id, { status: 'rejected', decided_by: by, decided_at: clock.now(), reject_reason: why });
        return { entryId: e.id, status: 'rejected' as const };
      });
    },

    /** Paper entries of a decision with who entered and who decided them (not their choices: a second member keys those in blind). */
    async paperEntries(c: Community, id: number) {
      const d = await decisions.decisionOrThrow(db, c, id);
      return (await repo.paperEntries(db, d.id)).map((p) => ({
        id: p.id,
        unitCodes: p.unit_codes,
        status: p.status,
        scanSha256: p.scan_sha256,
        authorizationSha256: p.authorization_sha256,
        enteredBy: p.entered_by_name ?? String(p.entered_by),
        enteredAt: p.entered_at.toISOString(),
        decidedBy: p.decided_by_name ?? (p.decided_by ? String(p.decided_by) : null),
        decidedAt: p.decided_at?.toISOString() ?? null,
        rejectReason: p.reject_reason,
      }));
    },

    /**
     * Registers a written proxy (委托书) while voting is open: the account named may then cast the
     * voter's ballot online, channel 'proxy', with the authorization attached to the ballot.
     */
    async registerProxy(c: Community, id: number, by: number, input: { unitCode: string; proxyLogin: string; authorizationSha256: string; authorizationName: string }) {
      const name = checkText(input.authorizationName, 200, 'decisions.bad_attachment', true);
      return db.transaction().execute(async (t) => {
        await assertCommitteeMember(t, c, by);
        const { d } = await votingDecision(t, c, id);
        const v = await repo.voterByUnitCode(t, d.id, input.unitCode);
        if (!v) throw new NotFoundError('decisions.voter_not_found', { unit: input.unitCode });
        if (v.kind === 'unowned') throw new ValidationError('decisions.voter_unowned', { unit: label(v) });
        const account = await repo.accountByLogin(t, input.proxyLogin);
        if (!account || account.disabled_at) throw new NotFoundError('decisions.proxy_account_not_found', { login: input.proxyLogin });
        if (!(await repo.knownFiles(t, [input.authorizationSha256])).has(input.authorizationSha256)) throw new ValidationError('decisions.document_unknown');
        if (await repo.proxyOf(t, d.id, v.voter_id)) throw new ConflictError('decisions.proxy_exists', { unit: label(v) });
        await repo.insertProxy(t, { decision_id: d.id, voter_id: v.voter_id, account_id: account.id, authorization_sha256: input.authorizationSha256, authorization_name: name, registered_by: by, registered_at: clock.now() });
        return { unitCodes: v.unit_codes, proxy: account.display_name };
      });
    },

    /**
     * A ballot by its receipt code: what was recorded, where it sits in the chain, and whether the
     * published count covers it. The code is the credential (80 bits): whoever holds it — the
     * owner, or someone they showed it to — sees the pseudonym and the choices, never a name.
     */
    async lookup(c: Community, id: number, code: string) {
      const d = await decisions.decisionOrThrow(db, c, id);
      const normal = normalizeReceipt(code);
      const r = normal ? await repo.receiptByHash(db, d.id, receiptHash(normal)) : undefined;
      if (!r) throw new NotFoundError('decisions.receipt_not_found');
      const [ballots, v, count] = await Promise.all([repo.ballotsOfReceipt(db, r.id), repo.voter(db, d.id, r.voter_id), repo.latestCount(db, d.id)]);
      return {
        decision: communityLabel(c, d.id),
        title: d.title,
        state: d.state,
        voter: v!.pseudonym,
        ballots: ballots.map((b) => ({ item: b.position, choice: b.choice, channel: b.channel, seq: b.seq, castAt: b.cast_at.toISOString(), prevHash: b.prev_hash, hash: b.hash, counted: count ? b.seq <= count.last_seq : false })),
      };
    },

    /**
     * Live turnout for the committee: participation so far on each item (area and headcount, by
     * channel; not the choices), and the voters still missing a ballot by unit code, to remind them.
     */
    async turnout(c: Community, id: number) {
      const d = await decisions.decisionOrThrow(db, c, id);
      if (d.roll_total_headcount === null) throw new ConflictError('decisions.no_roll');
      const [items, rows, pending] = await Promise.all([repo.items(db, [d.id]), repo.turnoutByItem(db, d.id), repo.pendingPaperCount(db, d.id)]);
      const totalArea = d.roll_total_area_cm2 ?? 0;
      const totalHead = d.roll_total_headcount;
      const missing = await repo.votersMissingBallots(db, d.id, items.length);
      return {
        decisionId: d.id,
        state: d.state,
        asOf: clock.now().toISOString(),
        total: { areaCm2: totalArea, headcount: totalHead },
        pendingPaper: pending,
        items: items.map((i) => {
          const mine = rows.filter((r) => r.item_id === i.id);
          const area = mine.reduce((s, r) => s + r.area_cm2, 0);
          const head = mine.reduce((s, r) => s + r.headcount, 0);
          const byChannel = (ch: BallotChannel) => mine.filter((r) => r.channel === ch).reduce((s, r) => s + r.headcount, 0);
          return {
            item: i.position,
            title: i.title,
            participating: { areaCm2: area, headcount: head },
            areaPercent: percentText(area, totalArea),
            headcountPercent: percentText(head, totalHead),
            byChannel: { online: byChannel('online'), paper: byChannel('paper'), proxy: byChannel('proxy') },
          };
        }),
        notVoted: missing.map((m) => ({ unitCodes: m.unit_codes, kind: m.kind, areaCm2: m.area_cm2, itemsCast: m.cast })),
      };
    },
  };
}

export type BallotsService = ReturnType<typeof createBallotsService>;

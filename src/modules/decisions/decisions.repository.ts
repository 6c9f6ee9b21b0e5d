/** The only code of the decisions module that touches SQL. Ballots, receipts and the roll are only ever inserted. */
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { BallotsTable, DecisionItemsTable, DecisionsTable, DecisionStateColumn, DecisionVotersTable } from '../../platform/db/schema.js';
import type { RegisterUnit } from './roll.rules.js';

export function findCommunity(db: Db, code: string) {
  return db.selectFrom('communities').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function insertFile(db: Db, f: { sha256: string; sizeBytes: number; mediaType: string }) {
  await db.insertInto('files').values({ sha256: f.sha256, size_bytes: f.sizeBytes, media_type: f.mediaType }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

export async function knownFiles(db: Db, shas: string[]): Promise<Map<string, string>> {
  if (shas.length === 0) return new Map();
  const rows = await db.selectFrom('files').select(['sha256', 'media_type']).where('sha256', 'in', shas).execute();
  return new Map(rows.map((r) => [r.sha256, r.media_type]));
}

// ---------------------------------------------------------------------------------------------
// decisions

export async function insertDecision(db: Db, d: Insertable<DecisionsTable>): Promise<number> {
  return (await db.insertInto('decisions').values(d).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertItems(db: Db, items: Insertable<DecisionItemsTable>[]) {
  await db.insertInto('decision_items').values(items).execute();
}

export async function insertAttachments(db: Db, rows: { decision_id: number; position: number; kind: 'budget' | 'contract' | 'fee_proposal' | 'minutes' | 'other'; sha256: string; name: string }[]) {
  if (rows.length) await db.insertInto('decision_attachments').values(rows).execute();
}

export function decisionById(db: Db, communityId: number, id: number) {
  return db.selectFrom('decisions').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}

/** The row every change of a decision locks: state moves, ballots (the chain), paper confirmations. */
export function lockDecision(db: Db, communityId: number, id: number) {
  return db.selectFrom('decisions').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decisions(db: Db, communityId: number, states?: readonly DecisionStateColumn[]) {
  let q = db.selectFrom('decisions').selectAll().where('community_id', '=', communityId);
  if (states) q = q.where('state', 'in', [...states]);
  return q.orderBy('id', 'desc').execute();
}

/** Decisions with a dated step the clock may take (all communities). */
export function pendingDecisions(db: Db) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('communities as c', 'c.id', 'd.community_id')
    .select(['d.id', 'd.community_id', 'c.code', 'd.state'])
    .where('d.state', 'in', ['noticed', 'voting', 'objection'])
    .orderBy('d.id')
    .execute();
}

export async function updateDecision(db: Db, id: number, patch: Partial<{ state: DecisionStateColumn; noticed_on: string; opened_at: Date; closed_at: Date; published_on: string | null; finished_on: string; withdrawn_reason: string; roll_total_area_cm2: number; roll_total_headcount: number; roll_excluded_unit_ids: number[] }>) {
  await db.updateTable('decisions').set(patch).where('id', '=', id).execute();
}

export function items(db: Db, decisionIds: number[]) {
  if (decisionIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('decision_items').selectAll().where('decision_id', 'in', decisionIds).orderBy('decision_id').orderBy('position').execute();
}

export function attachments(db: Db, decisionId: number) {
  return db
    .selectFrom('decision_attachments as a')
    .innerJoin('files as f', 'f.sha256', 'a.sha256')
    .select(['a.position', 'a.kind', 'a.sha256', 'a.name', 'f.media_type', 'f.size_bytes'])
    .where('a.decision_id', '=', decisionId)
    .orderBy('a.position')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// the roll

/**
 * The register as the roll needs it, in one statement (one snapshot): every unit with its owners.
 * A developer is an organization holding a unit that is not yet delivered (roll.rules.ts rule 2;
 * the register has no developer flag, see docs/vote-format.md).
 */
export async function registerForRoll(db: Db, communityId: number): Promise<(RegisterUnit & { code: string })[]> {
  const { rows } = await sql<{ id: number; code: string; kind: RegisterUnit['kind']; area_cm2: number; delivery_status: RegisterUnit['deliveryStatus']; owners: { personId: number; isDeveloper: boolean }[] }>`
    with developers as (
      select distinct p.id from persons p join unit_owners uo on uo.person_id = p.id join units u on u.id = uo.unit_id
       where p.community_id = ${communityId} and p.kind = 'organization' and u.delivery_status <> 'delivered'
    )
    select u.id, u.code, u.kind, u.area_cm2, u.delivery_status,
           coalesce((select json_agg(json_build_object('personId', uo.person_id, 'isDeveloper', uo.person_id in (select id from developers)) order by uo.person_id)
                       from unit_owners uo where uo.unit_id = u.id), '[]'::json) as owners
      from units u where u.community_id = ${communityId} order by u.id`.execute(db);
  return rows.map((r) => ({ unitId: r.id, code: r.code, kind: r.kind, areaCm2: r.area_cm2, deliveryStatus: r.delivery_status, owners: r.owners }));
}

/** Reading the register for the roll waits for a roster import in progress (which locks the community row for update). */
export async function lockCommunityShared(db: Db, communityId: number) {
  await sql`select id from communities where id = ${communityId} for share`.execute(db);
}

export async function insertVoters(db: Db, rows: DecisionVotersTable[]) {
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto('decision_voters').values(rows.slice(i, i + 2000)).execute();
  const links = rows.flatMap((v) => v.person_ids.map((p) => ({ decision_id: v.decision_id, person_id: p, voter_id: v.voter_id })));
  for (let i = 0; i < links.length; i += 5000) await db.insertInto('decision_voter_persons').values(links.slice(i, i + 5000)).execute();
}

export function voters(db: Db, decisionId: number) {
  return db.selectFrom('decision_voters').selectAll().where('decision_id', '=', decisionId).orderBy('voter_id').execute();
}

export function voter(db: Db, decisionId: number, voterId: number) {
  return db.selectFrom('decision_voters').selectAll().where('decision_id', '=', decisionId).where('voter_id', '=', voterId).executeTakeFirst();
}

export function voterByUnitCode(db: Db, decisionId: number, unitCode: string) {
  return db
    .selectFrom('decision_voters')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .where(sql<boolean>`unit_codes @> array[${unitCode}]::text[]`)
    .executeTakeFirst();
}

/** The voters an account may cast for in a decision: as an owner (its persons) or as a registered proxy. */
export async function votersOfAccount(db: Db, decisionId: number, accountId: number) {
  const { rows } = await sql<DecisionVotersTable & { proxy_sha256: string | null }>`
    select distinct v.*, null::text as proxy_sha256
      from account_persons ap
      join decision_voter_persons vp on vp.person_id = ap.person_id and vp.decision_id = ${decisionId}
      join decision_voters v on v.decision_id = vp.decision_id and v.voter_id = vp.voter_id
     where ap.account_id = ${accountId}
    union all
    select v.*, p.authorization_sha256 from decision_voters v
      join decision_proxies p on p.decision_id = v.decision_id and p.voter_id = v.voter_id
     where v.decision_id = ${decisionId} and p.account_id = ${accountId}
     order by voter_id, proxy_sha256 nulls first`.execute(db);
  // an owner who also holds a proxy for the same voter casts as the owner
  const out = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!out.has(r.voter_id)) out.set(r.voter_id, r);
  return [...out.values()];
}

export function proxyOf(db: Db, decisionId: number, voterId: number) {
  return db.selectFrom('decision_proxies').selectAll().where('decision_id', '=', decisionId).where('voter_id', '=', voterId).executeTakeFirst();
}

/** The written proxies of a decision, with the voter's units and the proxy's and registrar's names. */
export function proxies(db: Db, decisionId: number) {
  return db
    .selectFrom('decision_proxies as p')
    .innerJoin('decision_voters as v', (j) => j.onRef('v.decision_id', '=', 'p.decision_id').onRef('v.voter_id', '=', 'p.voter_id'))
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .innerJoin('accounts as r', 'r.id', 'p.registered_by')
    .select(['v.unit_codes', 'a.display_name as proxy', 'p.authorization_sha256', 'p.authorization_name', 'r.display_name as registered_by', 'p.registered_at'])
    .where('p.decision_id', '=', decisionId)
    .orderBy('p.registered_at')
    .execute();
}

export async function insertProxy(db: Db, p: { decision_id: number; voter_id: number; account_id: number; authorization_sha256: string; authorization_name: string; registered_by: number; registered_at: Date }) {
  await db.insertInto('decision_proxies').values(p).execute();
}

/** Does the account hold the committee role in the community (an explicit grant)? */
export async function isCommitteeMember(db: Db, communityId: number, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('role_grants').select('id').where('account_id', '=', accountId).where('role', '=', 'committee').where('community_id', '=', communityId).executeTakeFirst();
  return !!row;
}

export function accountByLogin(db: Db, login: string) {
  return db.selectFrom('accounts').select(['id', 'display_name', 'disabled_at']).where('login', '=', login).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// ballots

export function receiptByKey(db: Db, decisionId: number, key: string) {
  return db.selectFrom('ballot_receipts').selectAll().where('decision_id', '=', decisionId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function receiptByHash(db: Db, decisionId: number, hash: string) {
  return db.selectFrom('ballot_receipts').selectAll().where('decision_id', '=', decisionId).where('receipt_hash', '=', hash).executeTakeFirst();
}

export async function insertReceipt(db: Db, r: { decision_id: number; voter_id: number; idempotency_key: string; receipt_hash: string; cast_by: number | null; created_at: Date }): Promise<number> {
  return (await db.insertInto('ballot_receipts').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

/**
 * The ballots of a receipt, found through the receipt's voter (index ballots_voter): ballots has no
 * index on receipt_id, and a scan of every decision's ballots under the decision's lock made each
 * replayed submission and each receipt lookup cost ~80 ms with 150,000 ballots stored (bench/decisions.ts).
 */
export function ballotsOfReceipt(db: Db, receiptId: number) {
  return db
    .selectFrom('ballot_receipts as r')
    .innerJoin('ballots as b', (j) => j.onRef('b.decision_id', '=', 'r.decision_id').onRef('b.voter_id', '=', 'r.voter_id').onRef('b.receipt_id', '=', 'r.id'))
    .innerJoin('decision_items as i', 'i.id', 'b.item_id')
    .select(['b.item_id', 'i.position', 'b.choice', 'b.channel', 'b.seq', 'b.prev_hash', 'b.hash', 'b.cast_at', 'b.voter_id'])
    .where('r.id', '=', receiptId)
    .orderBy('b.seq')
    .execute();
}

export function ballotsOfVoter(db: Db, decisionId: number, voterId: number) {
  return db.selectFrom('ballots').select(['item_id', 'choice', 'channel', 'seq', 'receipt_id']).where('decision_id', '=', decisionId).where('voter_id', '=', voterId).orderBy('seq').execute();
}

/** The chain's last (seq, hash): read under the decision's lock. */
export async function chainHead(db: Db, decisionId: number): Promise<{ seq: number; hash: string } | null> {
  const row = await db.selectFrom('ballots').select(['seq', 'hash']).where('decision_id', '=', decisionId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ?? null;
}

export async function insertBallots(db: Db, rows: Insertable<BallotsTable>[]) {
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto('ballots').values(rows.slice(i, i + 2000)).execute();
}

export function ballotsForTally(db: Db, decisionId: number) {
  return db.selectFrom('ballots').select(['item_id', 'voter_id', 'choice']).where('decision_id', '=', decisionId).orderBy('seq').execute();
}

/** The public fields of every ballot, in chain order. */
export function ballotsForExport(db: Db, decisionId: number) {
  return db
    .selectFrom('ballots as b')
    .innerJoin('decision_items as i', 'i.id', 'b.item_id')
    .innerJoin('decision_voters as v', (j) => j.onRef('v.decision_id', '=', 'b.decision_id').onRef('v.voter_id', '=', 'b.voter_id'))
    .select(['i.position', 'v.pseudonym', 'b.choice', 'b.channel', 'b.seq', 'b.cast_at', 'b.prev_hash', 'b.hash'])
    .where('b.decision_id', '=', decisionId)
    .orderBy('b.seq')
    .execute();
}

/** Participation so far per item and channel, in area and headcount. */
export async function turnoutByItem(db: Db, decisionId: number) {
  const { rows } = await sql<{ item_id: number; choice: string; channel: string; area_cm2: number; headcount: number }>`
    select b.item_id, b.choice, b.channel, sum(v.area_cm2)::int8 as area_cm2, count(*)::int4 as headcount
      from ballots b join decision_voters v on v.decision_id = b.decision_id and v.voter_id = b.voter_id
     where b.decision_id = ${decisionId}
     group by b.item_id, b.choice, b.channel`.execute(db);
  return rows;
}

/** Voters short of a ballot on some item: their unit codes, for reminders. */
export async function votersMissingBallots(db: Db, decisionId: number, itemCount: number) {
  const { rows } = await sql<{ voter_id: number; kind: string; unit_codes: string[]; area_cm2: number; cast: number }>`
    select v.voter_id, v.kind, v.unit_codes, v.area_cm2, count(b.id)::int4 as cast
      from decision_voters v left join ballots b on b.decision_id = v.decision_id and b.voter_id = v.voter_id
     where v.decision_id = ${decisionId}
     group by v.decision_id, v.voter_id
    having count(b.id) < ${itemCount}
     order by v.unit_codes[1]`.execute(db);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// paper ballots

export function paperByKey(db: Db, decisionId: number, key: string) {
  return db.selectFrom('paper_entries').selectAll().where('decision_id', '=', decisionId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function paperForUpdate(db: Db, decisionId: number, id: number) {
  return db.selectFrom('paper_entries').selectAll().where('decision_id', '=', decisionId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertPaper(db: Db, p: { decision_id: number; voter_id: number; idempotency_key: string; choices: string; scan_sha256: string; authorization_sha256: string | null; entered_by: number; entered_at: Date }) {
  return (await db.insertInto('paper_entries').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

export async function decidePaper(db: Db, id: number, d: { status: 'confirmed' | 'rejected'; decided_by: number; decided_at: Date; reject_reason?: string | null; receipt_id?: number | null }) {
  await db.updateTable('paper_entries').set(d).where('id', '=', id).execute();
}

export function paperEntries(db: Db, decisionId: number) {
  return db
    .selectFrom('paper_entries as p')
    .innerJoin('decision_voters as v', (j) => j.onRef('v.decision_id', '=', 'p.decision_id').onRef('v.voter_id', '=', 'p.voter_id'))
    .leftJoin('accounts as e', 'e.id', 'p.entered_by')
    .leftJoin('accounts as d', 'd.id', 'p.decided_by')
    .select(['p.id', 'p.voter_id', 'v.unit_codes', 'p.status', 'p.scan_sha256', 'p.authorization_sha256', 'p.entered_by', 'e.display_name as entered_by_name', 'p.entered_at', 'p.decided_by', 'd.display_name as decided_by_name', 'p.decided_at', 'p.reject_reason'])
    .where('p.decision_id', '=', decisionId)
    .orderBy('p.id')
    .execute();
}

/** Does a paper ballot of this voter wait for its confirmation? (the partial index paper_entries_pending) */
export async function hasPendingPaper(db: Db, decisionId: number, voterId: number): Promise<boolean> {
  const row = await db.selectFrom('paper_entries').select('id').where('decision_id', '=', decisionId).where('status', '=', 'pending').where('voter_id', '=', voterId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function pendingPaperCount(db: Db, decisionId: number): Promise<number> {
  const row = await db.selectFrom('paper_entries').select(sql<number>`count(*)::int4`.as('n')).where('decision_id', '=', decisionId).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return row.n;
}

/** Is this file a scan or authorization of a ballot of this decision (who may download it)? */
export async function isBallotDocument(db: Db, decisionId: number, sha256: string): Promise<boolean> {
  const { rows } = await sql<{ x: number }>`
    select 1 as x from paper_entries where decision_id = ${decisionId} and (scan_sha256 = ${sha256} or authorization_sha256 = ${sha256})
    union all
    select 1 from decision_proxies where decision_id = ${decisionId} and authorization_sha256 = ${sha256}
    limit 1`.execute(db);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// counts

export async function insertCount(db: Db, c: { decision_id: number; round: number; counted_at: Date; counted_by: number | null; ballot_count: number; last_seq: number; last_hash: string; results: string; pending_paper: number; objection: string | null }) {
  await db.insertInto('decision_counts').values(c).execute();
}

export function latestCount(db: Db, decisionId: number) {
  return db.selectFrom('decision_counts').selectAll().where('decision_id', '=', decisionId).orderBy('round', 'desc').limit(1).executeTakeFirst();
}

export function latestCounts(db: Db, decisionIds: number[]) {
  if (decisionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('decision_counts')
    .selectAll()
    .where('decision_id', 'in', decisionIds)
    .where(({ eb, selectFrom }) => eb('round', '=', selectFrom('decision_counts as c2').select((x) => x.fn.max('c2.round').as('r')).whereRef('c2.decision_id', '=', 'decision_counts.decision_id')))
    .execute();
}

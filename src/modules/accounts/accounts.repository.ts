/** The only code of the accounts module that touches SQL. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Role } from '../../platform/db/schema.js';
import type { CommunityRef } from '../../platform/http/access.js';

export function findCommunityByCode(db: Db, code: string): Promise<CommunityRef | undefined> {
  return db.selectFrom('communities').select(['id', 'code', 'name', 'district', 'street']).where('code', '=', code).executeTakeFirst();
}

export function findAccountByLogin(db: Db, login: string) {
  return db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirst();
}

export function findAccountById(db: Db, id: number) {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAccount(db: Db, a: { login: string; displayName: string; passwordHash: string; locale?: 'zh-CN' | 'en' }): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values({ login: a.login, display_name: a.displayName, password_hash: a.passwordHash, locale: a.locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countRecentFailures(db: Db, field: 'login' | 'ip', value: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(field, '=', value)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordAttempt(db: Db, login: string, ip: string, success: boolean, at: Date): Promise<void> {
  await db.insertInto('login_attempts').values({ login, ip, success, at }).execute();
}

export async function insertSession(
  db: Db,
  s: { tokenHash: string; accountId: number; csrfToken: string; expiresAt: Date; userAgent: string | null; ip: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, account_id: s.accountId, csrf_token: s.csrfToken, expires_at: s.expiresAt, user_agent: s.userAgent, ip: s.ip, created_at: s.now })
    .execute();
}

export function findLiveSession(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.token_hash', 'sessions.csrf_token', 'sessions.expires_at', 'accounts.id as account_id', 'accounts.login', 'accounts.display_name', 'accounts.locale'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('accounts.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function extendSession(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/** Explicit grants with their community, for `me`. */
export function listGrants(db: Db, accountId: number) {
  return db
    .selectFrom('role_grants')
    .leftJoin('communities', 'communities.id', 'role_grants.community_id')
    .select(['role_grants.id', 'role_grants.role', 'role_grants.region', 'communities.code as community_code', 'communities.name as community_name'])
    .where('role_grants.account_id', '=', accountId)
    .orderBy('role_grants.id')
    .execute();
}

/** Owner and resident roles that follow from the register: the account's persons own or occupy units. */
export async function derivedRoles(db: Db, accountId: number): Promise<{ role: 'owner' | 'resident'; community_id: number; code: string; name: string }[]> {
  const { rows } = await sql<{ role: 'owner' | 'resident'; community_id: number; code: string; name: string }>`
    select distinct 'owner' as role, c.id as community_id, c.code, c.name
      from account_persons ap join unit_owners uo on uo.person_id = ap.person_id join communities c on c.id = uo.community_id
     where ap.account_id = ${accountId}
    union
    select distinct 'resident' as role, c.id as community_id, c.code, c.name
      from account_persons ap join unit_occupants uc on uc.person_id = ap.person_id join communities c on c.id = uc.community_id
     where ap.account_id = ${accountId}
    order by code, role`.execute(db);
  return rows;
}

/** All roles of an account in one community, in one query. */
export async function rolesInCommunity(db: Db, accountId: number, community: CommunityRef): Promise<Role[]> {
  const streetRegion = community.district && community.street ? `${community.district}/${community.street}` : null;
  const { rows } = await sql<{ role: Role }>`
    select role from role_grants
     where account_id = ${accountId}
       and (community_id = ${community.id}
            or role = 'admin'
            or (role = 'district_official' and region = ${community.district})
            or (role = 'street_official' and region = ${streetRegion}))
    union
    select 'owner' from account_persons ap join unit_owners uo on uo.person_id = ap.person_id
     where ap.account_id = ${accountId} and uo.community_id = ${community.id}
    union
    select 'resident' from account_persons ap join unit_occupants uc on uc.person_id = ap.person_id
     where ap.account_id = ${accountId} and uc.community_id = ${community.id}`.execute(db);
  return rows.map((r) => r.role);
}

export async function isAdmin(db: Db, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('role_grants').select('id').where('account_id', '=', accountId).where('role', '=', 'admin').executeTakeFirst();
  return !!row;
}

export async function insertGrant(db: Db, g: { accountId: number; role: Role; communityId: number | null; region: string | null; grantedBy: number | null }): Promise<void> {
  await db
    .insertInto('role_grants')
    .values({ account_id: g.accountId, role: g.role, community_id: g.communityId, region: g.region, granted_by: g.grantedBy })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteGrant(db: Db, g: { accountId: number; role: Role; communityId: number | null; region: string | null }): Promise<number> {
  let q = db.deleteFrom('role_grants').where('account_id', '=', g.accountId).where('role', '=', g.role);
  q = g.communityId === null ? q.where('community_id', 'is', null) : q.where('community_id', '=', g.communityId);
  q = g.region === null ? q.where('region', 'is', null) : q.where('region', '=', g.region);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertInvitation(db: Db, i: { communityId: number; unitId: number; codeHash: string; createdBy: number | null; expiresAt: Date; now: Date }): Promise<void> {
  await db
    .insertInto('invitations')
    .values({ community_id: i.communityId, unit_id: i.unitId, code_hash: i.codeHash, created_by: i.createdBy, expires_at: i.expiresAt, created_at: i.now })
    .execute();
}

/** The open invitation with this code, locked for the claim. */
export function findOpenInvitationForUpdate(db: Db, codeHash: string, now: Date) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .where('claimed_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
}

export async function markInvitationClaimed(db: Db, id: number, accountId: number, now: Date): Promise<void> {
  await db.updateTable('invitations').set({ claimed_at: now, claimed_by: accountId }).where('id', '=', id).execute();
}

/** The unit's owners with the given phone (the claimant proves ownership by the registered phone). */
export function ownersOfUnitWithPhone(db: Db, unitId: number, phone: string) {
  return db
    .selectFrom('unit_owners')
    .innerJoin('persons', 'persons.id', 'unit_owners.person_id')
    .leftJoin('account_persons', 'account_persons.person_id', 'persons.id')
    .select(['persons.id', 'persons.name', 'account_persons.account_id'])
    .where('unit_owners.unit_id', '=', unitId)
    .where('persons.phone', '=', phone)
    .execute();
}

export async function linkPerson(db: Db, accountId: number, personId: number): Promise<void> {
  await db.insertInto('account_persons').values({ account_id: accountId, person_id: personId }).onConflict((oc) => oc.doNothing()).execute();
}

export function unitInCommunity(db: Db, communityId: number, unitId: number) {
  return db
    .selectFrom('units')
    .select((eb) => [
      'units.id',
      'units.code',
      // owners who can claim: natural persons with a registered phone
      eb
        .selectFrom('unit_owners')
        .innerJoin('persons', 'persons.id', 'unit_owners.person_id')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .whereRef('unit_owners.unit_id', '=', 'units.id')
        .where('persons.kind', '=', 'natural')
        .where('persons.phone', '!=', '')
        .as('claimable_owners'),
    ])
    .where('community_id', '=', communityId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}

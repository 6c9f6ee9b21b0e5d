/**
 * Sign-in, sessions, invitations and role grants. Implements the platform's Authenticator.
 */
import { randomBytes } from 'node:crypto';
import { audit } from '../../platform/audit.js';
import type { Role } from '../../platform/db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import type { AuthState, Authenticator, CommunityRef } from '../../platform/http/access.js';
import type { AppContext } from '../../platform/context.js';
import { DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256Hex, verifyPassword } from '../../platform/security.js';
import * as repo from './accounts.repository.js';
import { REGION_ROLES, formatInvitationCode, isRateLimited, normalizeInvitationCode, passwordAcceptable } from './accounts.rules.js';
import './accounts.messages.js';

export interface Me {
  account: { id: number; login: string; displayName: string; locale: 'zh-CN' | 'en' } | null;
  csrfToken?: string;
  roles?: { role: Role; communityCode: string | null; communityName: string | null; region: string | null }[];
}

export interface SignedIn {
  sessionToken: string;
  expiresAt: Date;
  me: Me;
}

const INVITATION_DAYS = 30;

export function createAccountsService(ctx: AppContext) {
  const { db, clock, config } = ctx;
  const windowMs = config.XINYI_LOGIN_WINDOW_MINUTES * 60_000;
  const sessionMs = config.XINYI_SESSION_HOURS * 3_600_000;

  async function guardRate(login: string, ip: string): Promise<void> {
    const since = new Date(clock.now().getTime() - windowMs);
    const [byLogin, byIp] = await Promise.all([repo.countRecentFailures(db, 'login', login, since), repo.countRecentFailures(db, 'ip', ip, since)]);
    // per address a larger budget: many residents may share one NAT address
    if (isRateLimited(byLogin, config.XINYI_LOGIN_MAX_FAILURES) || isRateLimited(byIp, config.XINYI_LOGIN_MAX_FAILURES * 4)) {
      throw new RateLimitedError('auth.rate_limited', { minutes: config.XINYI_LOGIN_WINDOW_MINUTES });
    }
  }

  async function openSession(accountId: number, meta: { ip: string; userAgent: string | null }): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + sessionMs);
    await repo.insertSession(db, { tokenHash: sha256Hex(token), accountId, csrfToken: randomToken(24), expiresAt, userAgent: meta.userAgent, ip: meta.ip, now });
    return { token, expiresAt };
  }

  async function meFor(accountId: number, csrfToken: string): Promise<Me> {
    const account = await repo.findAccountById(db, accountId);
    if (!account) return { account: null };
    const [grants, derived] = await Promise.all([repo.listGrants(db, accountId), repo.derivedRoles(db, accountId)]);
    return {
      account: { id: account.id, login: account.login, displayName: account.display_name, locale: account.locale },
      csrfToken,
      roles: [
        ...derived.map((d) => ({ role: d.role as Role, communityCode: d.code, communityName: d.name, region: null })),
        ...grants.map((g) => ({ role: g.role, communityCode: g.community_code, communityName: g.community_name, region: g.region })),
      ],
    };
  }

  async function signedIn(accountId: number, meta: { ip: string; userAgent: string | null }): Promise<SignedIn> {
    const { token, expiresAt } = await openSession(accountId, meta);
    const session = await repo.findLiveSession(db, sha256Hex(token), clock.now());
    return { sessionToken: token, expiresAt, me: await meFor(accountId, session!.csrf_token) };
  }

  const authenticator: Authenticator = {
    async authenticate(token: string): Promise<AuthState | null> {
      const now = clock.now();
      const tokenHash = sha256Hex(token);
      const s = await repo.findLiveSession(db, tokenHash, now);
      if (!s) return null;
      // sliding expiry, written at most once per half lifetime
      if (new Date(s.expires_at).getTime() - now.getTime() < sessionMs / 2) {
        await repo.extendSession(db, tokenHash, new Date(now.getTime() + sessionMs));
      }
      return { accountId: s.account_id, login: s.login, displayName: s.display_name, locale: s.locale, csrfToken: s.csrf_token, sessionTokenHash: tokenHash };
    },
    async findCommunity(code: string): Promise<CommunityRef | null> {
      return (await repo.findCommunityByCode(db, code)) ?? null;
    },
    async rolesIn(accountId: number, community: CommunityRef): Promise<Set<Role>> {
      return new Set(await repo.rolesInCommunity(db, accountId, community));
    },
    isAdmin: (accountId: number) => repo.isAdmin(db, accountId),
  };

  return {
    authenticator,

    async login(input: { login: string; password: string; ip: string; userAgent: string | null }): Promise<SignedIn> {
      const login = input.login.trim();
      await guardRate(login, input.ip);
      const account = await repo.findAccountByLogin(db, login);
      // always pay for one hash, so that a missing login cannot be told from a wrong password by time
      const ok = await verifyPassword(input.password, account?.password_hash ?? DUMMY_PASSWORD_HASH);
      const valid = ok && !!account && !account.disabled_at;
      await repo.recordAttempt(db, login, input.ip, valid, clock.now());
      if (!valid || !account) throw new UnauthenticatedError('auth.invalid_credentials');
      await audit(db, { accountId: account.id, communityId: null, action: 'auth.login', at: clock.now(), details: { ip: input.ip } });
      return signedIn(account.id, input);
    },

    async logout(auth: AuthState): Promise<void> {
      await repo.deleteSession(db, auth.sessionTokenHash);
    },

    me: (auth: AuthState | null): Promise<Me> => (auth ? meFor(auth.accountId, auth.csrfToken) : Promise.resolve({ account: null })),

    /**
     * An owner claims their unit: the invitation code the committee or trustee handed them, and
     * the phone number registered for them as an owner of that unit. Creates the account
     * (login = phone) linked to that person, in one transaction.
     */
    async claim(input: { invitationCode: string; phone: string; password: string; ip: string; userAgent: string | null }): Promise<SignedIn> {
      const rateKey = `claim:${input.ip}`;
      await guardRate(rateKey, input.ip);
      if (!passwordAcceptable(input.password)) throw new ValidationError('auth.password_weak');
      const passwordHash = await hashPassword(input.password);
      const codeHash = sha256Hex(normalizeInvitationCode(input.invitationCode));
      const phone = input.phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
      const now = clock.now();
      type ClaimError = 'auth.invitation_invalid' | 'auth.phone_not_owner' | 'auth.already_claimed';
      const result = await db
        .transaction().execute(async (trx): Promise<{ error: ClaimError } | { error: null; accountId: number }> => {
        const inv = await repo.findOpenInvitationForUpdate(trx, codeHash, now);
        if (!inv) return { error: 'auth.invitation_invalid' as const };
        const owners = await repo.ownersOfUnitWithPhone(trx, inv.unit_id, phone);
        if (owners.length === 0) return { error: 'auth.phone_not_owner' as const };
        const owner = owners[0]!;
        if (owner.account_id) return { error: 'auth.already_claimed' as const };
        if (await repo.findAccountByLogin(trx, phone)) return { error: 'auth.already_claimed' as const };
        const accountId = await repo.insertAccount(trx, { login: phone, displayName: owner.name, passwordHash });
        await repo.linkPerson(trx, accountId, owner.id);
        await repo.markInvitationClaimed(trx, inv.id, accountId, now);
        await audit(trx, { accountId, communityId: inv.community_id, action: 'auth.claim', subject: `unit:${inv.unit_id}`, at: now });
        return { error: null, accountId };
      })
        // the same person claimed through two invitations at once: the second finds the account taken
        .catch((err: { code?: string }) => {
          if (err.code === '23505') return { error: 'auth.already_claimed' as const };
          throw err;
        });
      if (result.error !== null) {
        await repo.recordAttempt(db, rateKey, input.ip, false, now);
        throw result.error === 'auth.already_claimed' ? new ConflictError(result.error) : new ValidationError(result.error);
      }
      return signedIn(result.accountId, input);
    },

    async createInvitation(community: CommunityRef, unitId: number, by: AuthState): Promise<{ code: string; expiresAt: Date }> {
      const unit = await repo.unitInCommunity(db, community.id, unitId);
      if (!unit) throw new NotFoundError('register.unit_not_found');
      if (!Number(unit.claimable_owners)) throw new ValidationError('auth.invitation_no_owner', { unit: unit.code });
      const code = formatInvitationCode(randomBytes(5));
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
      await db.transaction().execute(async (trx) => {
        await repo.insertInvitation(trx, { communityId: community.id, unitId, codeHash: sha256Hex(code), createdBy: by.accountId, expiresAt, now });
        await audit(trx, { accountId: by.accountId, communityId: community.id, action: 'auth.invitation', subject: `unit:${unit.code}`, at: now });
      });
      return { code, expiresAt };
    },

    /** Creates an account with a password (admin, demo). */
    async createAccount(input: { login: string; displayName: string; password: string; locale?: 'zh-CN' | 'en' }): Promise<number> {
      if (!passwordAcceptable(input.password)) throw new ValidationError('auth.password_weak');
      if (await repo.findAccountByLogin(db, input.login)) throw new ConflictError('auth.login_taken', { login: input.login });
      return repo.insertAccount(db, { login: input.login, displayName: input.displayName, passwordHash: await hashPassword(input.password), locale: input.locale });
    },

    async linkPerson(accountId: number, personId: number): Promise<void> {
      await repo.linkPerson(db, accountId, personId);
    },

    async grantRole(input: { accountId: number; role: Role; communityCode?: string | null; region?: string | null }, by: AuthState | null): Promise<void> {
      if (input.role === 'owner' || input.role === 'resident') {
        // these follow from the register (ownership and occupancy), never from a grant
        throw new ValidationError('auth.role_scope', { role: input.role, scope: 'register' });
      }
      const account = await repo.findAccountById(db, input.accountId);
      if (!account) throw new NotFoundError('register.account_not_found');
      let communityId: number | null = null;
      let region: string | null = null;
      if (REGION_ROLES.includes(input.role)) {
        if (!input.region) throw new ValidationError('auth.role_scope', { role: input.role, scope: 'region' });
        region = input.region;
      } else if (input.role !== 'admin') {
        const c = input.communityCode ? await repo.findCommunityByCode(db, input.communityCode) : undefined;
        if (!c) throw new ValidationError('auth.role_scope', { role: input.role, scope: 'community' });
        communityId = c.id;
      }
      await db.transaction().execute(async (trx) => {
        await repo.insertGrant(trx, { accountId: input.accountId, role: input.role, communityId, region, grantedBy: by?.accountId ?? null });
        await audit(trx, { accountId: by?.accountId ?? null, communityId, action: 'auth.grant', subject: `account:${input.accountId}`, details: { role: input.role, region }, at: clock.now() });
      });
    },

    async revokeRole(input: { accountId: number; role: Role; communityCode?: string | null; region?: string | null }, by: AuthState): Promise<void> {
      const c = input.communityCode ? await repo.findCommunityByCode(db, input.communityCode) : undefined;
      if (input.communityCode && !c) throw new NotFoundError('community.not_found', { code: input.communityCode });
      if (by.accountId === input.accountId && input.role === 'admin') throw new ForbiddenError('common.forbidden');
      await db.transaction().execute(async (trx) => {
        const n = await repo.deleteGrant(trx, { accountId: input.accountId, role: input.role, communityId: c?.id ?? null, region: input.region ?? null });
        if (n === 0) throw new NotFoundError('common.not_found');
        await audit(trx, { accountId: by.accountId, communityId: c?.id ?? null, action: 'auth.revoke', subject: `account:${input.accountId}`, details: { role: input.role }, at: clock.now() });
      });
    },

    listGrants: (accountId: number) => repo.listGrants(db, accountId),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

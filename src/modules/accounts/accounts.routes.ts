/** HTTP only: translate requests to the accounts service and back. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/db/schema.js';
import { SESSION_COOKIE, requireAuth, requireCommunity } from '../../platform/http/access.js';
import type { AccountsService, SignedIn } from './accounts.service.js';
import { ClaimBody, CreateAccountBody, GrantBody, InvitationOut, InvitationParams, LoginBody, MeSchema, OkOut } from './accounts.schemas.js';

const MANAGE_REGISTER: readonly Role[] = ['trustee', 'committee'];

export function accountsRoutes(accounts: AccountsService, opts: { secureCookies: boolean }) {
  const setSession = (reply: FastifyReply, s: SignedIn) =>
    reply.setCookie(SESSION_COOKIE, s.sessionToken, { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, path: '/', expires: s.expiresAt });

  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get('/api/auth/me', { config: { access: { kind: 'public' } }, schema: { tags: ['auth'], response: { 200: MeSchema } } }, (req) => accounts.me(req.auth));

    app.post(
      '/api/auth/login',
      { config: { access: { kind: 'public' }, csrf: false }, schema: { tags: ['auth'], body: LoginBody, response: { 200: MeSchema } } },
      async (req, reply) => {
        const s = await accounts.login({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
        setSession(reply, s);
        return s.me;
      },
    );

    app.post(
      '/api/auth/claim',
      { config: { access: { kind: 'public' }, csrf: false }, schema: { tags: ['auth'], body: ClaimBody, response: { 200: MeSchema } } },
      async (req, reply) => {
        const s = await accounts.claim({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
        setSession(reply, s);
        return s.me;
      },
    );

    app.post('/api/auth/logout', { config: { access: { kind: 'signed_in' } }, schema: { tags: ['auth'], response: { 200: OkOut } } }, async (req, reply) => {
      await accounts.logout(requireAuth(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    });

    app.post(
      '/api/communities/:code/units/:unitId/invitations',
      { config: { access: { kind: 'community', roles: MANAGE_REGISTER } }, schema: { tags: ['register'], params: InvitationParams, response: { 200: InvitationOut } } },
      async (req) => {
        const inv = await accounts.createInvitation(requireCommunity(req), req.params.unitId, requireAuth(req));
        return { code: inv.code, expiresAt: inv.expiresAt.toISOString() };
      },
    );

    app.post(
      '/api/admin/accounts',
      { config: { access: { kind: 'admin' } }, schema: { tags: ['admin'], body: CreateAccountBody, response: { 200: z.object({ id: z.number().int() }) } } },
      async (req) => ({ id: await accounts.createAccount(req.body) }),
    );

    app.post('/api/admin/grants', { config: { access: { kind: 'admin' } }, schema: { tags: ['admin'], body: GrantBody, response: { 200: OkOut } } }, async (req) => {
      await accounts.grantRole({ ...req.body, role: req.body.role as Role }, requireAuth(req));
      return { ok: true as const };
    });

    app.delete('/api/admin/grants', { config: { access: { kind: 'admin' } }, schema: { tags: ['admin'], body: GrantBody, response: { 200: OkOut } } }, async (req) => {
      await accounts.revokeRole({ ...req.body, role: req.body.role as Role }, requireAuth(req));
      return { ok: true as const };
    });
  };
}

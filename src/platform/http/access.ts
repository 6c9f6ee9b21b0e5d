/**
 * Every route declares who may call it (`config.access`); this one hook checks it, for every
 * route, before any handler runs. A route without a declaration refuses to register.
 *
 *   public      anyone, signed in or not
 *   signed_in   any signed-in account
 *   community   a signed-in account holding one of `roles` in the community named by the
 *               route's `:code` parameter (explicit grants, derived owner/resident roles, and
 *               street/district officials whose region covers the community)
 *   admin       a deployment admin
 *
 * Cookie-authenticated writes must also carry the session's CSRF token in `x-csrf-token`
 * (synchronizer token); the session cookie is httpOnly and SameSite=Lax as a second line.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import { type Locale, pickLocale } from '../i18n.js';
import type { Role } from '../db/schema.js';

export type Access =
  | { kind: 'public' }
  | { kind: 'signed_in' }
  | { kind: 'community'; roles: readonly Role[] }
  | { kind: 'admin' };

export const SESSION_COOKIE = 'xinyi_session';
export const LOCALE_COOKIE = 'xinyi_lang';

export interface AuthState {
  accountId: number;
  login: string;
  displayName: string;
  locale: Locale;
  csrfToken: string;
  sessionTokenHash: string;
}

export interface CommunityRef {
  id: number;
  code: string;
  name: string;
  district: string | null;
  street: string | null;
}

/** Implemented by the accounts module; the platform knows nothing of how roles are stored. */
export interface Authenticator {
  authenticate(sessionToken: string): Promise<AuthState | null>;
  findCommunity(code: string): Promise<CommunityRef | null>;
  rolesIn(accountId: number, community: CommunityRef): Promise<Set<Role>>;
  isAdmin(accountId: number): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** false only for sign-in and claim, which create the session they would be checked against */
    csrf?: boolean;
  }
  interface FastifyInstance {
    /** every API route with its access rule: the RBAC test walks this table */
    accessTable: { method: string; url: string; access: Access }[];
  }
  interface FastifyRequest {
    auth: AuthState | null;
    locale: Locale;
    /** set for `community` routes: the community of `:code` */
    community: CommunityRef | null;
    /** the caller's roles in `community` */
    roles: Set<Role>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requireCommunity(request: FastifyRequest): CommunityRef {
  if (!request.community) throw new Error('route is not a community route');
  return request.community;
}

export function requireAuth(request: FastifyRequest): AuthState {
  if (!request.auth) throw new UnauthenticatedError('common.unauthenticated');
  return request.auth;
}

export function installAccessControl(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('community', null);
  app.decorateRequest('roles', null as unknown as Set<Role>);

  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request) => {
    request.roles = new Set();
    const cookies = request.cookies ?? {};
    request.locale = pickLocale(cookies[LOCALE_COOKIE], request.headers['accept-language']);
    const token = cookies[SESSION_COOKIE];
    request.auth = token ? await authenticator.authenticate(token) : null;
    if (request.auth && !cookies[LOCALE_COOKIE]) request.locale = request.auth.locale;
  });

  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const access = config?.access;
    if (!access) return; // static files and the docs UI
    if (request.auth && !SAFE_METHODS.has(request.method) && config.csrf !== false) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== request.auth.csrfToken) throw new ForbiddenError('common.csrf');
    }
    switch (access.kind) {
      case 'public':
        return;
      case 'signed_in':
        requireAuth(request);
        return;
      case 'admin': {
        const auth = requireAuth(request);
        if (!(await authenticator.isAdmin(auth.accountId))) throw new ForbiddenError('common.forbidden');
        return;
      }
      case 'community': {
        const auth = requireAuth(request);
        const code = (request.params as { code?: string }).code;
        if (!code) throw new Error(`community route ${request.routeOptions.url} has no :code parameter`);
        const community = await authenticator.findCommunity(code);
        if (!community) throw new NotFoundError('community.not_found', { code });
        const roles = await authenticator.rolesIn(auth.accountId, community);
        if (!access.roles.some((r) => roles.has(r))) throw new ForbiddenError('common.forbidden');
        request.community = community;
        request.roles = roles;
        return;
      }
    }
  });
}

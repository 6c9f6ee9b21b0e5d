/**
 * HTTP only: spending controls (DESIGN §2.2; notes/budget-api.md, Spending). Who may call what:
 *
 *   public (no sign-in)   the thresholds, the proposals and each proposal with its quotes (vendor,
 *                         amount, file hash), verdicts, decision and trail — "all income and
 *                         expenses public": names of people masked (王**) for everyone but the
 *                         INTERNAL roles, and `mayAct` says what the caller may do now.
 *   VOUCHER_READERS       a quote's file, as the ledger's vouchers (owners, committee, supervisor,
 *                         trustee, officials; not the public: a quote may carry a signature). The
 *                         ledger's voucher route serves only files attached to an entry, so quotes
 *                         have their own route here; every view goes to the audit log.
 *   TRUSTEE               the property company keeps the books: uploads quotes, proposes,
 *                         withdraws its own proposal, discloses emergencies, posts approved ones.
 *   COMMITTEE             approves or rejects, ratifies emergencies, rests a proposal on an owners'
 *                         decision, sets the thresholds. The proposer never approves (the service
 *                         refuses a trustee who is also a member on their own proposal).
 *   TRUSTEE or COMMITTEE  cancels an approved proposal not yet posted: the service lets its
 *                         proposer or any committee member do it (another trustee's staff: 403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { type Authenticator, requireAuth, requireCommunity } from '../../platform/http/access.js';
import { uploadedFile } from '../../platform/http/upload.js';
import { MAX_VOUCHER_BYTES } from '../ledger/ledger.service.js';
import { VOUCHER_READERS } from '../ledger/ledger.routes.js';
import {
  ApproveBody,
  CancelBody,
  CodeParams,
  DecisionBody,
  IdParams,
  ListQuery,
  PostBody,
  ProposalBody,
  ProposalOut,
  ProposalsOut,
  QuoteOut,
  QuoteParams,
  RatifyBody,
  RejectBody,
  SettingsBody,
  SettingsOut,
  WithdrawBody,
} from './spending.schemas.js';
import { type SpendingService, type Viewer, PUBLIC_VIEWER } from './spending.service.js';

export const TRUSTEE: readonly Role[] = ['trustee'];
export const COMMITTEE: readonly Role[] = ['committee'];
export const CANCELLERS: readonly Role[] = ['trustee', 'committee'];

const PUBLIC = { kind: 'public' } as const;
const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
const tags = ['spending'];
const quoteRefused = () => new ValidationError('spending.quote_size', { maxMiB: MAX_VOUCHER_BYTES / 1024 / 1024 });

export interface SpendingRouteServices {
  spending: SpendingService;
  accounts: { authenticator: Authenticator };
}

export function spendingRoutes(s: SpendingRouteServices) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const S = '/api/communities/:code/spending';
    const P = `${S}/proposals`;
    const me = (req: FastifyRequest) => requireAuth(req).accountId;
    /** On a community route the access check has found the roles; elsewhere they are looked up for a signed-in caller. */
    const viewerOf = async (req: FastifyRequest, code: string): Promise<{ c: { id: number; code: string }; viewer: Viewer }> => {
      if (req.community) return { c: req.community, viewer: { accountId: me(req), roles: req.roles } };
      const c = await s.accounts.authenticator.findCommunity(code);
      if (!c) throw new NotFoundError('community.not_found', { code });
      if (!req.auth) return { c, viewer: PUBLIC_VIEWER };
      return { c, viewer: { accountId: req.auth.accountId, roles: await s.accounts.authenticator.rolesIn(req.auth.accountId, c) } };
    };
    /** A write answers with the proposal as its writer now sees it. */
    const after = (req: FastifyRequest, id: number) => s.spending.view(requireCommunity(req), id, { accountId: me(req), roles: req.roles });

    app.get(`${S}/settings`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: SettingsOut } } }, async (req) =>
      s.spending.settings((await s.spending.communityOrThrow(req.params.code)).id),
    );
    app.put(`${S}/settings`, { config: { access: community(COMMITTEE) }, schema: { tags, params: CodeParams, body: SettingsBody, response: { 200: SettingsOut } } }, async (req) =>
      s.spending.updateSettings(requireCommunity(req), req.body, me(req)),
    );

    app.post(`${S}/quotes`, { config: { access: community(TRUSTEE) }, schema: { tags, params: CodeParams, response: { 200: QuoteOut }, description: 'multipart/form-data: one PDF, JPEG or PNG, stored with the ledger’s files' } }, async (req) =>
      s.spending.storeQuote(requireCommunity(req), (await uploadedFile(req, MAX_VOUCHER_BYTES, quoteRefused)).data),
    );

    app.post(P, { config: { access: community(TRUSTEE) }, schema: { tags, params: CodeParams, body: ProposalBody, response: { 200: ProposalOut } } }, async (req) => {
      const { id } = await s.spending.propose(requireCommunity(req), me(req), req.body);
      return after(req, id);
    });
    app.get(P, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: ListQuery, response: { 200: ProposalsOut } } }, async (req) =>
      s.spending.list(await s.spending.communityOrThrow(req.params.code), req.query),
    );
    app.get(`${P}/:id`, { config: { access: PUBLIC }, schema: { tags, params: IdParams, response: { 200: ProposalOut } } }, async (req) => {
      const { c, viewer } = await viewerOf(req, req.params.code);
      return s.spending.view(c, req.params.id, viewer);
    });
    app.get(`${P}/:id/quotes/:sha256`, { config: { access: community(VOUCHER_READERS) }, schema: { tags, params: QuoteParams, description: 'a quote’s file; every view is logged' } }, async (req, reply) => {
      const f = await s.spending.quoteFile(requireCommunity(req), req.params.id, req.params.sha256, me(req));
      const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return reply
        .header('content-type', f.mediaType)
        .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(f.data);
    });

    // the committee
    app.post(`${P}/:id/approve`, { config: { access: community(COMMITTEE) }, schema: { tags, params: IdParams, body: ApproveBody, response: { 200: ProposalOut } } }, async (req) => {
      await s.spending.approve(requireCommunity(req), req.params.id, me(req), req.body?.note);
      return after(req, req.params.id);
    });
    app.post(`${P}/:id/reject`, { config: { access: community(COMMITTEE) }, schema: { tags, params: IdParams, body: RejectBody, response: { 200: ProposalOut } } }, async (req) => {
      await s.spending.reject(requireCommunity(req), req.params.id, me(req), req.body.note);
      return after(req, req.params.id);
    });
    app.post(`${P}/:id/decision`, { config: { access: community(COMMITTEE) }, schema: { tags, params: IdParams, body: DecisionBody, response: { 200: ProposalOut } } }, async (req) => {
      await s.spending.linkDecision(requireCommunity(req), req.params.id, me(req), req.body);
      return after(req, req.params.id);
    });
    app.post(`${P}/:id/ratify`, { config: { access: community(COMMITTEE) }, schema: { tags, params: IdParams, body: RatifyBody, response: { 200: ProposalOut } } }, async (req) => {
      await s.spending.ratify(requireCommunity(req), req.params.id, me(req), req.body);
      return after(req, req.params.id);
    });

    // the proposer or the committee
    app.post(`${P}/:id/cancel`, { config: { access: community(CANCELLERS) }, schema: { tags, params: IdParams, body: CancelBody, response: { 200: ProposalOut }, description: 'an approved proposal not yet posted: no longer committed (state withdrawn, trail cancelled)' } }, async (req) => {
      await s.spending.cancel(requireCommunity(req), req.params.id, me(req), req.body.reason);
      return after(req, req.params.id);
    });

    // the trustee
    app.post(`${P}/:id/withdraw`, { config: { access: community(TRUSTEE) }, schema: { tags, params: IdParams, body: WithdrawBody, response: { 200: ProposalOut } } }, async (req) => {
      await s.spending.withdraw(requireCommunity(req), req.params.id, me(req), req.body.reason);
      return after(req, req.params.id);
    });
    app.post(`${P}/:id/disclose`, { config: { access: community(TRUSTEE) }, schema: { tags, params: IdParams, response: { 200: ProposalOut } } }, async (req) => {
      await s.spending.disclose(requireCommunity(req), req.params.id, me(req));
      return after(req, req.params.id);
    });
    app.post(`${P}/:id/post`, { config: { access: community(TRUSTEE) }, schema: { tags, params: IdParams, body: PostBody, response: { 200: ProposalOut }, description: 'one ledger entry: Dr the line’s account / Cr 1001, reason expense' } }, async (req) => {
      await s.spending.post(requireCommunity(req), req.params.id, me(req), req.body);
      return after(req, req.params.id);
    });
  };
}

/**
 * HTTP only: the open budget (DESIGN §2.4; contract in notes/budget-api.md). Who may call what:
 *
 *   public        the budget years, a year, a version, the diff of two versions, budget vs actual —
 *                 never a draft (404), authors masked (业主 王**), hidden comments as a placeholder.
 *                 A signed-in caller with an INTERNAL role (below) sees drafts, full names and the
 *                 bodies of hidden comments on the same routes.
 *   DRAFTERS      the trustee drafts, revises and publishes versions, and the final accounts
 *                 (trustee staff draft budgets, DESIGN §1.2).
 *   COMMENTERS    owners and residents of the community comment on a version in consultation.
 *                 The service records which of the two the author is; an account holding both
 *                 another role and a home in the community comments as its owner or resident.
 *   MODERATORS    the owners' committee hides and unhides comments (with a reason, logged) and
 *                 submits the final version to an owners' decision.
 *   MODERATION_READERS  the committee and the supervisor read the moderation log.
 * Nobody adopts a version: only an owners' decision that passes does (budget.service.ts
 * onDecisionEnded).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import { type Authenticator, requireAuth, requireCommunity } from '../../platform/http/access.js';
import {
  BudgetOut,
  BudgetsOut,
  CodeParams,
  CommentBody,
  CommentOut,
  CommentParams,
  CreateBody,
  DiffOut,
  DiffQuery,
  DraftBody,
  ExecutionOut,
  FinalAccountsBody,
  ModerationOut,
  NewDraftBody,
  PublishBody,
  ReasonBody,
  SubmitBody,
  VersionOut,
  VersionParams,
  YearParams,
} from './budget.schemas.js';
import type { BudgetService, Viewer } from './budget.service.js';

export const DRAFTERS: readonly Role[] = ['trustee'];
export const COMMENTERS: readonly Role[] = ['owner', 'resident'];
export const MODERATORS: readonly Role[] = ['committee'];
export const MODERATION_READERS: readonly Role[] = ['committee', 'supervisor'];

const PUBLIC = { kind: 'public' } as const;
const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
const tags = ['budget'];

export interface BudgetRouteServices {
  budget: BudgetService;
  accounts: { authenticator: Authenticator };
}

export function budgetRoutes(s: BudgetRouteServices) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const B = '/api/communities/:code/budgets';
    const me = (req: FastifyRequest) => requireAuth(req).accountId;

    /** A public route's community and caller: signed out, or signed in with their roles there. */
    async function reader(req: FastifyRequest & { params: { code: string } }) {
      const c = await s.accounts.authenticator.findCommunity(req.params.code);
      if (!c) throw new NotFoundError('community.not_found', { code: req.params.code });
      const viewer: Viewer = req.auth ? { accountId: req.auth.accountId, roles: await s.accounts.authenticator.rolesIn(req.auth.accountId, c) } : { accountId: null, roles: new Set() };
      return { c, viewer };
    }

    app.get(B, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: BudgetsOut }, description: 'budget years, newest first; a year with only a draft is internal' } }, async (req) => {
      const { c, viewer } = await reader(req);
      return s.budget.list(c, viewer);
    });
    app.get(`${B}/:year`, { config: { access: PUBLIC }, schema: { tags, params: YearParams, response: { 200: BudgetOut } } }, async (req) => {
      const { c, viewer } = await reader(req);
      return s.budget.budget(c, req.params.year, viewer);
    });
    app.get(`${B}/:year/versions/:number`, { config: { access: PUBLIC }, schema: { tags, params: VersionParams, response: { 200: VersionOut }, description: 'a draft: trustee, committee and supervisor only' } }, async (req) => {
      const { c, viewer } = await reader(req);
      return s.budget.version(c, req.params.year, req.params.number, viewer);
    });
    app.get(`${B}/:year/diff`, { config: { access: PUBLIC }, schema: { tags, params: YearParams, querystring: DiffQuery, response: { 200: DiffOut } } }, async (req) => {
      const { c, viewer } = await reader(req);
      return s.budget.diff(c, req.params.year, req.query, viewer);
    });
    app.get(`${B}/:year/execution`, { config: { access: PUBLIC }, schema: { tags, params: YearParams, response: { 200: ExecutionOut }, description: 'budget vs actual per line and month, from the ledger' } }, async (req) => {
      const { c, viewer } = await reader(req);
      return s.budget.execution(c, req.params.year, viewer);
    });

    // the trustee drafts
    app.post(B, { config: { access: community(DRAFTERS) }, schema: { tags, params: CodeParams, body: CreateBody, response: { 200: BudgetOut }, description: 'creates the year with version 1, an empty draft' } }, async (req) =>
      s.budget.create(requireCommunity(req), req.body, me(req)),
    );
    app.post(`${B}/:year/drafts`, { config: { access: community(DRAFTERS) }, schema: { tags, params: YearParams, body: NewDraftBody, response: { 200: VersionOut }, description: 'a new draft copied from the latest published version' } }, async (req) =>
      s.budget.newDraft(requireCommunity(req), req.params.year, req.body.kind, me(req)),
    );
    app.put(`${B}/:year/draft`, { config: { access: community(DRAFTERS) }, schema: { tags, params: YearParams, body: DraftBody, response: { 200: VersionOut } } }, async (req) =>
      s.budget.saveDraft(requireCommunity(req), req.params.year, req.body, me(req)),
    );
    app.post(`${B}/:year/draft/publish`, { config: { access: community(DRAFTERS) }, schema: { tags, params: YearParams, body: PublishBody, response: { 200: VersionOut }, description: 'the version in consultation, if any, is superseded' } }, async (req) =>
      s.budget.publish(requireCommunity(req), req.params.year, req.body ?? {}, me(req)),
    );
    app.post(`${B}/:year/final-accounts`, { config: { access: community(DRAFTERS) }, schema: { tags, params: YearParams, body: FinalAccountsBody, response: { 200: BudgetOut }, description: 'after the year, with December closed in the ledger; once' } }, async (req) =>
      s.budget.finalAccounts(requireCommunity(req), req.params.year, req.body, me(req)),
    );

    // owners and residents comment
    app.post(`${B}/:year/versions/:number/comments`, { config: { access: community(COMMENTERS) }, schema: { tags, params: VersionParams, body: CommentBody, response: { 200: CommentOut } } }, async (req) =>
      s.budget.comment(requireCommunity(req), req.params.year, req.params.number, { accountId: me(req), roles: req.roles }, req.body),
    );

    // the committee moderates and submits
    app.post(`${B}/:year/comments/:id/hide`, { config: { access: community(MODERATORS) }, schema: { tags, params: CommentParams, body: ReasonBody, response: { 200: CommentOut } } }, async (req) =>
      s.budget.hide(requireCommunity(req), req.params.year, req.params.id, req.body.reason, me(req)),
    );
    app.post(`${B}/:year/comments/:id/unhide`, { config: { access: community(MODERATORS) }, schema: { tags, params: CommentParams, body: ReasonBody, response: { 200: CommentOut } } }, async (req) =>
      s.budget.unhide(requireCommunity(req), req.params.year, req.params.id, req.body.reason, me(req)),
    );
    app.get(`${B}/:year/moderation`, { config: { access: community(MODERATION_READERS) }, schema: { tags, params: YearParams, response: { 200: ModerationOut } } }, async (req) =>
      s.budget.moderation(requireCommunity(req), req.params.year),
    );
    app.post(`${B}/:year/versions/:number/submit`, { config: { access: community(MODERATORS) }, schema: { tags, params: VersionParams, body: SubmitBody, response: { 200: VersionOut }, description: 'to an item of matter 9 of an owners’ decision not yet open for voting' } }, async (req) =>
      s.budget.submit(requireCommunity(req), req.params.year, req.params.number, req.body, me(req)),
    );
  };
}

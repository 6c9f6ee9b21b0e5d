/** HTTP only: the register's routes. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/db/schema.js';
import { ValidationError } from '../../platform/errors.js';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import { REGISTER_READ_ROLES, type RegisterService } from './register.service.js';
import { CodeParams, CommunityListOut, CommunitySummaryOut, CreateCommunityBody, ImportOut, ImportQuery, MyUnitsOut, UnitsOut, UnitsQuery } from './register.schemas.js';
import type { RosterService } from './roster.service.js';

const MANAGE_REGISTER: readonly Role[] = ['trustee', 'committee'];

export function registerRoutes(register: RegisterService, roster: RosterService) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get('/api/communities', { config: { access: { kind: 'public' } }, schema: { tags: ['register'], response: { 200: CommunityListOut } } }, async () => ({
      items: await register.listCommunities(),
    }));

    app.post(
      '/api/communities',
      { config: { access: { kind: 'admin' } }, schema: { tags: ['register'], body: CreateCommunityBody, response: { 200: z.object({ code: z.string() }) } } },
      async (req) => {
        await register.createCommunity(req.body, requireAuth(req));
        return { code: req.body.code };
      },
    );

    app.get(
      '/api/communities/:code',
      { config: { access: { kind: 'public' } }, schema: { tags: ['register'], params: CodeParams, response: { 200: CommunitySummaryOut } } },
      (req) => register.publicSummary(req.params.code),
    );

    app.get(
      '/api/communities/:code/units',
      { config: { access: { kind: 'community', roles: REGISTER_READ_ROLES } }, schema: { tags: ['register'], params: CodeParams, querystring: UnitsQuery, response: { 200: UnitsOut } } },
      (req) => register.searchUnits(requireCommunity(req), req.roles, req.query),
    );

    app.get('/api/me/units', { config: { access: { kind: 'signed_in' } }, schema: { tags: ['register'], response: { 200: MyUnitsOut } } }, async (req) => ({
      items: await register.myUnits(requireAuth(req)),
    }));

    app.post(
      '/api/communities/:code/roster/import',
      { config: { access: { kind: 'community', roles: MANAGE_REGISTER } }, schema: { tags: ['register'], params: CodeParams, querystring: ImportQuery, response: { 200: ImportOut } } },
      async (req) => {
        let data: Buffer | undefined;
        try {
          const file = req.isMultipart() ? await req.file() : undefined;
          data = await file?.toBuffer();
        } catch (err) {
          // a file over the size limit keeps its own 413; a malformed upload is the caller's error
          if ((err as { statusCode?: number }).statusCode === 413) throw err;
          data = undefined;
        }
        if (!data) throw new ValidationError('roster.file_required');
        return roster.importWorkbook(requireCommunity(req), data, { dryRun: req.query.dryRun, accountId: requireAuth(req).accountId });
      },
    );

    app.get(
      '/api/communities/:code/roster/export',
      { config: { access: { kind: 'community', roles: MANAGE_REGISTER } }, schema: { tags: ['register'], params: CodeParams } },
      async (req, reply) => {
        const community = requireCommunity(req);
        const data = await roster.exportWorkbook(community, requireAuth(req).accountId);
        const name = `${community.code}-roster.xlsx`;
        reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${community.name}-花名册.xlsx`)}`)
          .header('cache-control', 'no-store');
        return reply.send(data);
      },
    );
  };
}

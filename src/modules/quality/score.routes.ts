/** HTTP only: the monthly score; who may call what is argued in inspections.routes.ts. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import { CodeParams, MonthRangeQuery } from './inspections.schemas.js';
import type { InspectionsService } from './inspections.service.js';
import { ComputeBody, ScoreOut, ScoresOut } from './score.schemas.js';
import { PUBLIC, SCORERS, community, tags } from './inspections.routes.js';
import type { ScoreService } from './score.service.js';

export function scoreRoutes(s: { inspections: InspectionsService; qualityScores: ScoreService }) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const Q = '/api/communities/:code/quality';
    const me = (req: FastifyRequest) => requireAuth(req).accountId;
    const publicCommunity = (req: { params: { code: string } }) => s.inspections.communityOrThrow(req.params.code);

    app.get(`${Q}/scores`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: MonthRangeQuery, response: { 200: ScoresOut } } }, async (req) => s.qualityScores.list(await publicCommunity(req), req.query));
    app.post(`${Q}/scores/compute`, { config: { access: community(SCORERS) }, schema: { tags, params: CodeParams, body: ComputeBody, response: { 200: ScoreOut }, description: 'a month that has ended; the first score computed is kept' } }, async (req) =>
      s.qualityScores.compute(requireCommunity(req), req.body.period, me(req)),
    );
  };
}

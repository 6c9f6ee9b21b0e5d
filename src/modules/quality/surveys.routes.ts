/** HTTP only: satisfaction surveys; who may call what is argued in inspections.routes.ts. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import { CodeParams, IdParams } from './inspections.schemas.js';
import type { InspectionsService } from './inspections.service.js';
import { MineOut, RespondedOut, ResponseBody, ResultsOut, SurveyBody, SurveyCreatedOut, SurveysOut } from './surveys.schemas.js';
import { HOUSEHOLDS, PUBLIC, SURVEY_MANAGERS, community, tags } from './inspections.routes.js';
import type { SurveysService } from './surveys.service.js';

export function surveyRoutes(s: { inspections: InspectionsService; surveys: SurveysService }) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const Q = '/api/communities/:code/quality';
    const S = `${Q}/surveys`;
    const me = (req: FastifyRequest) => requireAuth(req).accountId;
    const publicCommunity = (req: { params: { code: string } }) => s.inspections.communityOrThrow(req.params.code);

    app.get(S, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: SurveysOut } } }, async (req) => s.surveys.list(await publicCommunity(req)));
    app.post(S, { config: { access: community(SURVEY_MANAGERS) }, schema: { tags, params: CodeParams, body: SurveyBody, response: { 200: SurveyCreatedOut } } }, async (req) => s.surveys.create(requireCommunity(req), req.body, me(req)));
    app.get(`${S}/:id/results`, { config: { access: PUBLIC }, schema: { tags, params: IdParams, response: { 200: ResultsOut } } }, async (req) => s.surveys.results(await publicCommunity(req), req.params.id));
    app.get(`${S}/:id/mine`, { config: { access: community(HOUSEHOLDS) }, schema: { tags, params: IdParams, response: { 200: MineOut } } }, async (req) => s.surveys.mine(requireCommunity(req), req.params.id, me(req)));
    app.post(`${S}/:id/responses`, { config: { access: community(HOUSEHOLDS) }, schema: { tags, params: IdParams, body: ResponseBody, response: { 200: RespondedOut }, description: 'again while open: replaces the household’s answer' } }, async (req) =>
      s.surveys.respond(requireCommunity(req), req.params.id, me(req), req.body),
    );
  };
}

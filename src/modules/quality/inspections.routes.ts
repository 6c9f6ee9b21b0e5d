/**
 * HTTP only: inspections, satisfaction surveys and the monthly score (DESIGN §2.6). Who may call what:
 *
 *   public (no sign-in)   per month, how many inspections were submitted and their mean score;
 *                         the surveys and their results per category (small groups suppressed);
 *                         the monthly scores with their parts and the deduction — aggregates only,
 *                         never an inspector's finding, a household or a comment.
 *   INSPECTORS            committee members and supervisors inspect: open a draft, score items
 *                         with findings and photos, submit (the service lets only the inspector
 *                         who opened a draft change or submit it).
 *   INSPECTION_READERS    committee, supervisors, the trustee (whose work is inspected) and the
 *                         community / street / district officials read inspections in full.
 *   SURVEY_MANAGERS       the committee opens a survey.
 *   HOUSEHOLDS            owners and occupants answer for a unit of theirs (the service checks
 *                         the unit: 403 quality.not_your_household).
 *   SCORERS               committee, supervisors and the trustee may have a finished month
 *                         scored before its close (the month close scores it anyway).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import { uploadedFile } from '../../platform/http/upload.js';
import {
  CodeParams,
  CreatedOut,
  FindingOut,
  DayRangeQuery,
  IdParams,
  InspectionBody,
  InspectionOut,
  InspectionsOut,
  ItemBody,
  ItemOut,
  ItemParams,
  MonthRangeQuery,
  MonthlyOut,
  PhotoOut,
  PhotoParams,
  RemovedOut,
  SubmittedOut,
} from './inspections.schemas.js';
import type { InspectionsService } from './inspections.service.js';
import { MAX_PHOTO_BYTES, photoTooBig } from './workorders.service.js';

export const INSPECTORS: readonly Role[] = ['committee', 'supervisor'];
export const INSPECTION_READERS: readonly Role[] = ['committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official'];
export const SURVEY_MANAGERS: readonly Role[] = ['committee'];
export const HOUSEHOLDS: readonly Role[] = ['owner', 'resident'];
export const SCORERS: readonly Role[] = ['committee', 'supervisor', 'trustee'];

export const PUBLIC = { kind: 'public' } as const;
export const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
export const tags = ['quality'];


export function inspectionRoutes(s: { inspections: InspectionsService }) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const Q = '/api/communities/:code/quality';
    const I = `${Q}/inspections`;
    const me = (req: FastifyRequest) => requireAuth(req).accountId;
    const publicCommunity = (req: { params: { code: string } }) => s.inspections.communityOrThrow(req.params.code);

    // inspections
    app.get(`${I}/monthly`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: MonthRangeQuery, response: { 200: MonthlyOut }, description: 'per month of submission: count and mean score' } }, async (req) =>
      s.inspections.monthly(await publicCommunity(req), req.query),
    );
    app.post(`${Q}/inspection-photos`, { config: { access: community(INSPECTORS) }, schema: { tags, params: CodeParams, response: { 200: PhotoOut }, description: 'multipart/form-data: one JPEG or PNG photo' } }, async (req) =>
      s.inspections.storePhoto((await uploadedFile(req, MAX_PHOTO_BYTES, photoTooBig)).data),
    );
    app.post(I, { config: { access: community(INSPECTORS) }, schema: { tags, params: CodeParams, body: InspectionBody, response: { 200: CreatedOut } } }, async (req) => s.inspections.create(requireCommunity(req), req.body, me(req)));
    app.get(I, { config: { access: community(INSPECTION_READERS) }, schema: { tags, params: CodeParams, querystring: DayRangeQuery, response: { 200: InspectionsOut } } }, async (req) => s.inspections.list(requireCommunity(req), req.query));
    app.get(`${I}/:id`, { config: { access: community(INSPECTION_READERS) }, schema: { tags, params: IdParams, response: { 200: InspectionOut } } }, async (req) => s.inspections.view(requireCommunity(req), req.params.id));
    app.get(`${I}/:id/photos/:sha256`, { config: { access: community(INSPECTION_READERS) }, schema: { tags, params: PhotoParams } }, async (req, reply) => {
      const f = await s.inspections.photo(requireCommunity(req), req.params.id, req.params.sha256);
      return reply.type(f.mediaType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(f.data);
    });
    app.put(`${I}/:id/items/:itemCode`, { config: { access: community(INSPECTORS) }, schema: { tags, params: ItemParams, body: ItemBody, response: { 200: ItemOut } } }, async (req) =>
      s.inspections.scoreItem(requireCommunity(req), req.params.id, req.params.itemCode, req.body, me(req)),
    );
    app.delete(`${I}/:id/items/:itemCode`, { config: { access: community(INSPECTORS) }, schema: { tags, params: ItemParams, response: { 200: RemovedOut } } }, async (req) =>
      s.inspections.removeItem(requireCommunity(req), req.params.id, req.params.itemCode, me(req)),
    );
    app.post(`${I}/:id/items/:itemCode/work-order`, { config: { access: community(INSPECTORS) }, schema: { tags, params: ItemParams, response: { 200: FindingOut }, description: "整改: the item's finding becomes a work order for the trustee (submitted inspections, once)" } }, async (req) =>
      s.inspections.raiseFinding(requireCommunity(req), req.params.id, req.params.itemCode, me(req)),
    );
    app.post(`${I}/:id/submit`, { config: { access: community(INSPECTORS) }, schema: { tags, params: IdParams, response: { 200: SubmittedOut }, description: 'final: the score is the mean of the items' } }, async (req) =>
      s.inspections.submit(requireCommunity(req), req.params.id, me(req)),
    );
  };
}

/**
 * HTTP only: work orders (报修/投诉) and the community's quality settings (DESIGN §2.6). Who may
 * call what (the service narrows further; workorders.views.ts argues who sees which fields):
 *
 *   public             the month's aggregate statistics — counts, SLA compliance, overdue count.
 *   signed in          GET /api/me/work-orders: the orders of the caller's own households.
 *   RESIDENTS          owners and occupants: file for their own unit (403 quality.not_your_unit
 *                      for any other), and confirm with a rating, reopen or cancel their own.
 *   TRUSTEE            the property company: the queue in full, assign, start, resolve.
 *   QUEUE_READERS      trustee, committee, supervisor: the queue with SLA status (committee and
 *                      supervisor without contact details).
 *   ORDER_READERS      one order: the household and the trustee in full, committee and supervisor
 *                      without contact and photos; any other owner or resident gets 404. They
 *                      also upload photos (residents when filing, the trustee when resolving,
 *                      committee and supervisor for inspections).
 *   SETTINGS_EDITORS   the committee sets the working calendar, the reopen window and the score
 *                      weights the owners agreed; trustee and supervisor read them.
 * Officials (community, street, district) see the public aggregates like everyone else.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import { uploadedFile } from '../../platform/http/upload.js';
import type { QualitySettings } from './quality.settings.js';
import {
  AssignBody,
  CatalogueAddedOut,
  CatalogueBody,
  CatalogueOut,
  CodeParams,
  ConfirmBody,
  FileBody,
  IdParams,
  ListQuery,
  MonthQuery,
  MoveOut,
  MyWorkOrdersOut,
  NoteBody,
  PhotoOut,
  PhotoParams,
  ResolveBody,
  SettingsBody,
  SettingsOut,
  StatsOut,
  WorkOrderOut,
  WorkOrdersOut,
} from './workorders.schemas.js';
import { MAX_PHOTO_BYTES, type WorkOrdersService, photoTooBig } from './workorders.service.js';
import type { Viewer, WorkOrderViews } from './workorders.views.js';

export const RESIDENTS: readonly Role[] = ['owner', 'resident'];
export const TRUSTEE: readonly Role[] = ['trustee'];
export const QUEUE_READERS: readonly Role[] = ['trustee', 'committee', 'supervisor'];
export const ORDER_READERS: readonly Role[] = ['owner', 'resident', 'trustee', 'committee', 'supervisor'];
export const SETTINGS_READERS: readonly Role[] = ['committee', 'supervisor', 'trustee'];
export const SETTINGS_EDITORS: readonly Role[] = ['committee'];

const PUBLIC = { kind: 'public' } as const;
const SIGNED_IN = { kind: 'signed_in' } as const;
const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
const tags = ['quality'];

export interface WorkOrderRouteServices {
  workOrders: WorkOrdersService;
  workOrderViews: WorkOrderViews;
  qualitySettings: QualitySettings;
}

export function workOrderRoutes(s: WorkOrderRouteServices) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const W = '/api/communities/:code/work-orders';
    const Q = '/api/communities/:code/quality';
    const me = (req: FastifyRequest) => requireAuth(req).accountId;
    const viewer = (req: FastifyRequest): Viewer => ({ accountId: me(req), roles: req.roles });

    app.get(`${Q}/work-orders/stats`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: MonthQuery, response: { 200: StatsOut }, description: 'aggregates only: no title, unit, name or phone' } }, async (req) =>
      s.workOrderViews.stats(await s.workOrders.communityOrThrow(req.params.code), req.query.month),
    );
    app.get('/api/me/work-orders', { config: { access: SIGNED_IN }, schema: { tags, response: { 200: MyWorkOrdersOut } } }, async (req) => s.workOrderViews.mine(me(req)));

    app.post(`${Q}/photos`, { config: { access: community(ORDER_READERS) }, schema: { tags, params: CodeParams, response: { 200: PhotoOut }, description: 'multipart/form-data: one JPEG or PNG photo' } }, async (req) =>
      s.workOrders.storePhoto((await uploadedFile(req, MAX_PHOTO_BYTES, photoTooBig)).data),
    );
    app.get(`${Q}/catalogue`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: CatalogueOut }, description: 'the service standards in force today, with the SLAs of work orders' } }, async (req) => {
      const c = await s.workOrders.communityOrThrow(req.params.code);
      const { version, categories } = await s.qualitySettings.catalogueToday(c.id);
      return { version, categories: categories.map((x) => ({ ...x, items: x.items.map((i) => ({ ...i })) })) };
    });
    app.post(`${Q}/catalogue`, { config: { access: community(SETTINGS_EDITORS) }, schema: { tags, params: CodeParams, body: CatalogueBody, response: { 200: CatalogueAddedOut }, description: 'a new version of the standards, from a day on (never an edit of the one in force)' } }, async (req) =>
      s.qualitySettings.addCatalogue(requireCommunity(req).id, req.body, me(req)),
    );
    app.get(`${Q}/settings`, { config: { access: community(SETTINGS_READERS) }, schema: { tags, params: CodeParams, response: { 200: SettingsOut } } }, async (req) => s.qualitySettings.view(requireCommunity(req).id));
    app.put(`${Q}/settings`, { config: { access: community(SETTINGS_EDITORS) }, schema: { tags, params: CodeParams, body: SettingsBody, response: { 200: SettingsOut } } }, async (req) => {
      const c = requireCommunity(req);
      await s.qualitySettings.update(c.id, req.body, me(req));
      return s.qualitySettings.view(c.id);
    });

    app.post(W, { config: { access: community(RESIDENTS) }, schema: { tags, params: CodeParams, body: FileBody, response: { 200: MoveOut } } }, async (req) => s.workOrders.file(requireCommunity(req), me(req), req.body));
    app.get(W, { config: { access: community(QUEUE_READERS) }, schema: { tags, params: CodeParams, querystring: ListQuery, response: { 200: WorkOrdersOut } } }, async (req) =>
      s.workOrderViews.list(requireCommunity(req), viewer(req), req.query),
    );
    app.get(`${W}/:id`, { config: { access: community(ORDER_READERS) }, schema: { tags, params: IdParams, response: { 200: WorkOrderOut } } }, async (req) => s.workOrderViews.view(requireCommunity(req), req.params.id, viewer(req)));
    app.get(`${W}/:id/photos/:sha256`, { config: { access: community(ORDER_READERS) }, schema: { tags, params: PhotoParams } }, async (req, reply) => {
      const f = await s.workOrderViews.photo(requireCommunity(req), req.params.id, req.params.sha256, viewer(req));
      return reply.header('content-type', f.mediaType).header('content-disposition', `inline; filename="${f.name}"`).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(f.data);
    });

    // the trustee works the order
    app.post(`${W}/:id/assign`, { config: { access: community(TRUSTEE) }, schema: { tags, params: IdParams, body: AssignBody, response: { 200: MoveOut } } }, async (req) =>
      s.workOrders.assign(requireCommunity(req), req.params.id, me(req), req.body.assignee),
    );
    app.post(`${W}/:id/start`, { config: { access: community(TRUSTEE) }, schema: { tags, params: IdParams, response: { 200: MoveOut } } }, async (req) => s.workOrders.start(requireCommunity(req), req.params.id, me(req)));
    app.post(`${W}/:id/resolve`, { config: { access: community(TRUSTEE) }, schema: { tags, params: IdParams, body: ResolveBody, response: { 200: MoveOut } } }, async (req) =>
      s.workOrders.resolve(requireCommunity(req), req.params.id, me(req), req.body),
    );

    // the resident who filed it
    app.post(`${W}/:id/confirm`, { config: { access: community(RESIDENTS) }, schema: { tags, params: IdParams, body: ConfirmBody, response: { 200: MoveOut }, description: 'closes the order with a 1–5 rating' } }, async (req) =>
      s.workOrders.confirm(requireCommunity(req), req.params.id, me(req), req.body),
    );
    app.post(`${W}/:id/reopen`, { config: { access: community(RESIDENTS) }, schema: { tags, params: IdParams, body: NoteBody, response: { 200: MoveOut } } }, async (req) =>
      s.workOrders.reopen(requireCommunity(req), req.params.id, me(req), req.body ?? {}),
    );
    app.post(`${W}/:id/cancel`, { config: { access: community(RESIDENTS) }, schema: { tags, params: IdParams, body: NoteBody, response: { 200: MoveOut }, description: 'only before the trustee has assigned it' } }, async (req) =>
      s.workOrders.cancel(requireCommunity(req), req.params.id, me(req), req.body ?? {}),
    );
  };
}

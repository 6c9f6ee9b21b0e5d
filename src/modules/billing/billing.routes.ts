/**
 * HTTP only: billing and collection (DESIGN §2.3). Who may call what:
 *
 *   public (no sign-in)     fee schedules (charges must be published: 明码标价) and the collection
 *                           figures as aggregates with groups under 5 units suppressed.
 *   COLLECTION_READERS      the same figures unsuppressed (still aggregates): trustee, committee,
 *                           supervisor and the community / street / district officials.
 *   ARREARS_READERS         per-unit arrears, bill runs, receipts, reminders, bank imports:
 *                           committee and trustee only (DESIGN §2.3).
 *   trustee                 issues bill runs, records payments and refunds, imports and confirms
 *                           bank statements, sends reminders (the trustee collects; it keeps the books).
 *   DOCUMENT_READERS        a fee schedule's decision document: as the fund's vouchers (owners,
 *                           committee, supervisor, trustee, officials), not the anonymous public.
 *   committee               enters fee schedules with the owners' decision attached (until the
 *                           decisions module creates them from a passed vote) and the settings.
 *   signed in (/api/me)     an owner's own bills, payments, receipts, reminders, and paying online;
 *                           the service checks the unit is the caller's.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { ValidationError } from '../../platform/errors.js';
import { uploadedFile } from '../../platform/http/upload.js';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import type { BankMapping } from './bank.rules.js';
import { type BankService, MAX_STATEMENT_BYTES } from './bank.service.js';
import type { BillingService } from './billing.service.js';
import {
  ArrearsOut,
  BankImportOut,
  BankImportQuery,
  BankImportsOut,
  CodeParams,
  CollectionOut,
  CollectionQuery,
  ConfirmBody,
  ConfirmOut,
  DocumentOut,
  IdParams,
  IgnoreBody,
  MeIdParams,
  MyBillingOut,
  PayBody,
  PayParams,
  PaymentBody,
  PaymentOut,
  PreviewBody,
  PreviewOut,
  ReceiptOut,
  RefundBody,
  RefundOut,
  ReminderOut,
  RemindersBody,
  RemindersOut,
  RunBody,
  RunOut,
  RunsOut,
  ScheduleBody,
  ScheduleOut,
  SchedulesOut,
  SettingsBody,
  SettingsOut,
} from './billing.schemas.js';
import type { CollectionService } from './collection.service.js';

export const COLLECTION_READERS: readonly Role[] = ['trustee', 'committee', 'supervisor', 'community_official', 'street_official', 'district_official'];
export const ARREARS_READERS: readonly Role[] = ['trustee', 'committee'];
export const COLLECTORS: readonly Role[] = ['trustee'];
export const FEE_SETTERS: readonly Role[] = ['committee'];
export const SETTINGS_EDITORS: readonly Role[] = ['committee', 'trustee'];
/** the owners' decision behind a fee: those who may see the fund's vouchers (not the anonymous public: it may carry signatures) */
export const DOCUMENT_READERS: readonly Role[] = ['owner', 'committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official'];

const PUBLIC = { kind: 'public' } as const;
const SIGNED_IN = { kind: 'signed_in' } as const;
const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
const tags = ['billing'];

export interface BillingRouteServices {
  billing: BillingService;
  collection: CollectionService;
  bank: BankService;
}

export function billingRoutes(s: BillingRouteServices) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const B = '/api/communities/:code/billing';
    const byOf = (req: { auth: { accountId: number } | null }) => req.auth?.accountId ?? null;

    app.get(`${B}/settings`, { config: { access: community(SETTINGS_EDITORS) }, schema: { tags, params: CodeParams, response: { 200: SettingsOut } } }, async (req) => settingsOut(await s.billing.settings(requireCommunity(req))));
    app.put(`${B}/settings`, { config: { access: community(SETTINGS_EDITORS) }, schema: { tags, params: CodeParams, body: SettingsBody, response: { 200: SettingsOut } } }, async (req) =>
      settingsOut(await s.billing.saveSettings(requireCommunity(req), req.body)),
    );

    app.get(`${B}/schedules`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: SchedulesOut } } }, async (req) => s.billing.schedules(await s.billing.communityOrThrow(req.params.code)));
    app.post(`${B}/schedules`, { config: { access: community(FEE_SETTERS) }, schema: { tags, params: CodeParams, body: ScheduleBody, response: { 200: ScheduleOut } } }, async (req) => {
      const c = requireCommunity(req);
      const { id } = await s.billing.addSchedule(c, req.body, byOf(req));
      return (await s.billing.schedules(c)).find((x) => x.id === id)!;
    });
    app.get(`${B}/schedules/:id/document`, { config: { access: community(DOCUMENT_READERS) }, schema: { tags, params: IdParams, description: "the owners' decision document of a fee schedule" } }, async (req, reply) => {
      const f = await s.billing.scheduleDocument(requireCommunity(req), req.params.id);
      const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      reply
        .header('content-type', f.mediaType)
        .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store');
      return reply.send(f.data);
    });
    app.post(`${B}/documents`, { config: { access: community(FEE_SETTERS) }, schema: { tags, params: CodeParams, response: { 200: DocumentOut }, description: "multipart/form-data: the owners' decision document (PDF, JPEG, PNG)" } }, async (req) => {
      const f = await uploadedFile(req, 10 * 1024 * 1024, () => new ValidationError('billing.document_size', { maxMiB: 10 }));
      return s.billing.storeDocument(f.data);
    });

    app.post(`${B}/runs/preview`, { config: { access: community(COLLECTORS) }, schema: { tags, params: CodeParams, body: PreviewBody, response: { 200: PreviewOut } } }, async (req) =>
      s.billing.previewRun(requireCommunity(req), req.body.period, { supplementary: req.body.supplementary }),
    );
    app.post(`${B}/runs`, { config: { access: community(COLLECTORS) }, schema: { tags, params: CodeParams, body: RunBody, response: { 200: RunOut } } }, async (req) =>
      s.billing.issueRun(requireCommunity(req), req.body, byOf(req)),
    );
    app.get(`${B}/runs`, { config: { access: community(ARREARS_READERS) }, schema: { tags, params: CodeParams, response: { 200: RunsOut } } }, async (req) => s.billing.runs(requireCommunity(req)));

    app.post(`${B}/payments`, { config: { access: community(COLLECTORS) }, schema: { tags, params: CodeParams, body: PaymentBody, response: { 200: PaymentOut } } }, async (req) => {
      const c = requireCommunity(req);
      const { unitCode, unitId, ...rest } = req.body;
      const id = unitId ?? (unitCode ? (await s.billing.unitByCode(c, unitCode))?.id : undefined);
      if (!id) throw new ValidationError('billing.unit_not_found', { unit: unitCode ?? '' });
      return s.billing.recordPayment(c, { ...rest, unitId: id }, byOf(req));
    });
    app.get(`${B}/payments/:id/receipt`, { config: { access: community(ARREARS_READERS) }, schema: { tags, params: IdParams, response: { 200: ReceiptOut } } }, async (req) =>
      s.collection.receipt(req.params.id, { accountId: requireAuth(req).accountId, communityId: requireCommunity(req).id }),
    );
    app.post(`${B}/refunds`, { config: { access: community(COLLECTORS) }, schema: { tags, params: CodeParams, body: RefundBody, response: { 200: RefundOut } } }, async (req) =>
      s.billing.refund(requireCommunity(req), req.body, byOf(req)),
    );

    app.get(`${B}/collection`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: CollectionQuery, response: { 200: CollectionOut } } }, async (req) =>
      s.collection.figures(await s.billing.communityOrThrow(req.params.code), req.query, true),
    );
    app.get(`${B}/collection/internal`, { config: { access: community(COLLECTION_READERS) }, schema: { tags, params: CodeParams, querystring: CollectionQuery, response: { 200: CollectionOut } } }, async (req) =>
      s.collection.figures(requireCommunity(req), req.query, false),
    );
    app.get(`${B}/arrears`, { config: { access: community(ARREARS_READERS) }, schema: { tags, params: CodeParams, response: { 200: ArrearsOut } } }, async (req) => s.collection.arrears(requireCommunity(req)));
    app.post(`${B}/reminders`, { config: { access: community(COLLECTORS) }, schema: { tags, params: CodeParams, body: RemindersBody, response: { 200: RemindersOut } } }, async (req) =>
      s.collection.issueReminders(requireCommunity(req), req.body, byOf(req)),
    );
    app.get(`${B}/reminders/:id`, { config: { access: community(ARREARS_READERS) }, schema: { tags, params: IdParams, response: { 200: ReminderOut } } }, async (req) =>
      s.collection.reminder(req.params.id, { accountId: requireAuth(req).accountId, communityId: requireCommunity(req).id }),
    );

    app.post(`${B}/bank-imports`, { config: { access: community(COLLECTORS) }, schema: { tags, params: CodeParams, querystring: BankImportQuery, response: { 200: BankImportOut }, description: 'multipart/form-data with the CSV file' } }, async (req) => {
      let mapping: Partial<BankMapping> | undefined;
      if (req.query.mapping) {
        try {
          mapping = JSON.parse(req.query.mapping) as Partial<BankMapping>;
        } catch {
          throw new ValidationError('bank.bad_mapping');
        }
        if (typeof mapping !== 'object' || mapping === null || Object.values(mapping).some((v) => typeof v !== 'string')) throw new ValidationError('bank.bad_mapping');
      }
      const f = await uploadedFile(req, MAX_STATEMENT_BYTES, () => new ValidationError('bank.too_large', { maxMiB: MAX_STATEMENT_BYTES / 1024 / 1024 }));
      return s.bank.importStatement(requireCommunity(req), { data: f.data, fileName: f.name, encoding: req.query.encoding, mapping }, byOf(req));
    });
    app.get(`${B}/bank-imports`, { config: { access: community(ARREARS_READERS) }, schema: { tags, params: CodeParams, response: { 200: BankImportsOut } } }, async (req) => s.bank.list(requireCommunity(req)));
    app.get(`${B}/bank-imports/:id`, { config: { access: community(ARREARS_READERS) }, schema: { tags, params: IdParams, response: { 200: BankImportOut } } }, async (req) => s.bank.view(requireCommunity(req), req.params.id));
    app.post(`${B}/bank-imports/:id/confirm`, { config: { access: community(COLLECTORS) }, schema: { tags, params: IdParams, body: ConfirmBody, response: { 200: ConfirmOut } } }, async (req) =>
      s.bank.confirm(requireCommunity(req), req.params.id, req.body.lines, byOf(req)),
    );
    app.post(`${B}/bank-imports/:id/ignore`, { config: { access: community(COLLECTORS) }, schema: { tags, params: IdParams, body: IgnoreBody, response: { 200: BankImportOut } } }, async (req) =>
      s.bank.ignore(requireCommunity(req), req.params.id, req.body.lineIds),
    );

    // the owner's own
    app.get('/api/me/billing', { config: { access: SIGNED_IN }, schema: { tags, response: { 200: MyBillingOut } } }, async (req) => s.collection.mine(requireAuth(req).accountId));
    app.post('/api/me/units/:unitId/pay', { config: { access: SIGNED_IN }, schema: { tags, params: PayParams, body: PayBody, response: { 200: PaymentOut } } }, async (req) =>
      s.collection.payOnline(requireAuth(req).accountId, req.params.unitId, req.body),
    );
    app.get('/api/me/receipts/:id', { config: { access: SIGNED_IN }, schema: { tags, params: MeIdParams, response: { 200: ReceiptOut } } }, async (req) =>
      s.collection.receipt(req.params.id, { accountId: requireAuth(req).accountId }),
    );
    app.get('/api/me/reminders/:id', { config: { access: SIGNED_IN }, schema: { tags, params: MeIdParams, response: { 200: ReminderOut } } }, async (req) =>
      s.collection.reminder(req.params.id, { accountId: requireAuth(req).accountId }),
    );
  };
}

function settingsOut(s: { online_payments: 'off' | 'simulated'; payee_name: string | null; payee_bank: string | null; payee_account: string | null }) {
  return { onlinePayments: s.online_payments, payeeName: s.payee_name, payeeBank: s.payee_bank, payeeAccount: s.payee_account };
}

/**
 * HTTP only: the common fund ledger's routes (DESIGN §2.2). Who may call what:
 *
 *   public (no sign-in)  statement, monthly series, entries, disclosure calendar, chart with trial
 *                        balance. Persons appear only as unit pseudonyms (counterparties are
 *                        stored that way), and a voucher shows only its SHA-256 and name, which
 *                        the hash chain publishes anyway.
 *   VOUCHER_READERS      the voucher files themselves. "Every voucher viewable by owners" (Trust
 *                        Law art. 20): owners, the committee and the supervisor who oversee the
 *                        fund, the trustee who recorded them, and the community/street/district
 *                        officials who supervise the community. Not the public (an invoice may
 *                        name a person or carry a signature), not tenants (not beneficiaries of
 *                        the trust), not grid workers (disputes only), not the deployment admin
 *                        (an operator, not a party). Every view is logged.
 *   VIEW_LOG_READERS     the log of who viewed which voucher: committee, supervisor, trustee.
 *   trustee              upload vouchers, post and reverse entries, close months (the trustee
 *                        keeps the books; nobody else writes to them).
 *   PUBLISHERS           publish a closed month: the trustee, or the supervisor, who approves
 *                        disclosures (DESIGN §1.2). The committee does not publish: it approves
 *                        spending, and keeping the two apart is the point of separate roles.
 */
import type { ExportService } from './export.service.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { RateLimitedError, ValidationError } from '../../platform/errors.js';
import { requireAuth } from '../../platform/http/access.js';
import type { CloseService } from './close.service.js';
import type { DisclosureService } from './disclosure.service.js';
import type { InspectionService } from './inspection.service.js';
import { type LedgerService, MAX_VOUCHER_BYTES } from './ledger.service.js';
import {
  AccountsOut,
  AccountsQuery,
  CalendarOut,
  CloseOut,
  CodeParams,
  EntriesOut,
  EntriesQuery,
  type EntryOut,
  EntryOut as EntryOutSchema,
  PageQuery,
  PeriodBody,
  PostEntryBody,
  PostedOut,
  PublishOut,
  ReverseBody,
  SeqParams,
  SeriesOut,
  SeriesQuery,
  StatementOut,
  StatementQuery,
  VoucherOut,
  VoucherParams,
  VoucherViewsOut,
} from './ledger.schemas.js';
import type { Reason } from './ledger.rules.js';
import type { StatementsService } from './statements.service.js';

export const VOUCHER_READERS: readonly Role[] = ['owner', 'committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official'];
export const VIEW_LOG_READERS: readonly Role[] = ['committee', 'supervisor', 'trustee'];
export const BOOKKEEPERS: readonly Role[] = ['trustee'];
export const PUBLISHERS: readonly Role[] = ['trustee', 'supervisor'];

const PUBLIC = { kind: 'public' } as const;
const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
const tags = ['ledger'];
const EXPORTS_AT_ONCE = 2;

export interface LedgerRouteServices {
  ledger: LedgerService;
  exports: ExportService;
  statements: StatementsService;
  close: CloseService;
  disclosure: DisclosureService;
  inspection: InspectionService;
}

type EntryRow = Awaited<ReturnType<StatementsService['entries']>>['items'][number] | Awaited<ReturnType<DisclosureService['entry']>>;

function entryOut(r: EntryRow): EntryOut {
  return {
    seq: r.seq,
    date: r.entry_date,
    memo: r.memo,
    reason: r.reason,
    counterparty: r.counterparty,
    budgetLine: r.budget_line,
    reverses: r.reverses_seq,
    reversedBy: r.reversed_by,
    refs: r.refs as Record<string, string | number>,
    recordedAt: new Date(r.recorded_at).toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
    lines: (r.lines ?? []).map((l) => ({ account: l.account, debitFen: l.debit, creditFen: l.credit })),
    vouchers: r.vouchers,
  };
}

/** The ASCII fallback and the RFC 5987 UTF-8 name of a file. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function ledgerRoutes(s: LedgerRouteServices) {
  const ledgerOf = (code: string) => s.ledger.ledgerOrThrow(code);

  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const C = '/api/communities/:code/ledger';

    app.get(`${C}/statement`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: StatementQuery, response: { 200: StatementOut } } }, async (req) =>
      s.disclosure.statement(await ledgerOf(req.params.code), req.query),
    );

    app.get(`${C}/series`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: SeriesQuery, response: { 200: SeriesOut } } }, async (req) =>
      s.disclosure.series(await ledgerOf(req.params.code), req.query),
    );

    app.get(`${C}/entries`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: EntriesQuery, response: { 200: EntriesOut } } }, async (req) => {
      const { total, items } = await s.statements.entries(await ledgerOf(req.params.code), req.query);
      return { total, page: req.query.page, pageSize: req.query.pageSize, items: items.map(entryOut) };
    });

    app.get(`${C}/entries/:seq`, { config: { access: PUBLIC }, schema: { tags, params: SeqParams, response: { 200: EntryOutSchema } } }, async (req) =>
      entryOut(await s.disclosure.entry(await ledgerOf(req.params.code), req.params.seq)),
    );

    app.get(`${C}/calendar`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: CalendarOut } } }, async (req) =>
      s.disclosure.calendar(await ledgerOf(req.params.code)),
    );

    // the whole public ledger with its hash chain, for anyone to verify (docs/ledger-format.md)
    // Anonymous callers must not be able to hold database connections: the export is built in
    // memory (about 0.5 KiB per entry) and its snapshot released before a slow client reads it, and
    // at most EXPORTS_AT_ONCE run at a time in this process.
    let exportsRunning = 0;
    app.get(`${C}/export.json`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams } }, async (req, reply) => {
      const ledger = await ledgerOf(req.params.code);
      if (exportsRunning >= EXPORTS_AT_ONCE) throw new RateLimitedError('ledger.export_busy');
      exportsRunning++;
      let body = '';
      try {
        for await (const chunk of s.exports.jsonChunks(ledger)) body += chunk;
      } finally {
        exportsRunning--;
      }
      reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', `${ledger.communityCode}-${ledger.code}.json`))
        .header('cache-control', 'no-store');
      return reply.send(body);
    });

    app.get(`${C}/accounts`, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, querystring: AccountsQuery, response: { 200: AccountsOut } } }, async (req) =>
      s.statements.trialBalance(await ledgerOf(req.params.code), req.query.to),
    );

    app.get(
      `${C}/entries/:seq/vouchers/:sha256`,
      { config: { access: community(VOUCHER_READERS) }, schema: { tags, params: VoucherParams, description: 'The voucher file (PDF, JPEG or PNG); every view is logged.' } },
      async (req, reply) => {
        const ledger = await ledgerOf(req.params.code);
        const file = await s.inspection.viewVoucher(ledger, req.params.seq, req.params.sha256, requireAuth(req).accountId);
        reply
          .header('content-type', file.mediaType)
          .header('content-disposition', contentDisposition('inline', file.name))
          .header('x-content-type-options', 'nosniff')
          // not cached: each view is an inspection the log must see
          .header('cache-control', 'private, no-store');
        return reply.send(file.data);
      },
    );

    app.get(
      `${C}/voucher-views`,
      { config: { access: community(VIEW_LOG_READERS) }, schema: { tags, params: CodeParams, querystring: PageQuery, response: { 200: VoucherViewsOut } } },
      async (req) => s.inspection.voucherViews(await ledgerOf(req.params.code), req.query),
    );

    app.post(
      `${C}/vouchers`,
      { config: { access: community(BOOKKEEPERS) }, schema: { tags, params: CodeParams, response: { 200: VoucherOut }, description: 'multipart/form-data with one file field' } },
      async (req) => {
        const ledger = await ledgerOf(req.params.code);
        let data: Buffer | undefined;
        try {
          const file = req.isMultipart() ? await req.file() : undefined;
          data = await file?.toBuffer();
        } catch (err) {
          // a file over the multipart limit keeps its own 413; a malformed upload is the caller's error
          if ((err as { statusCode?: number }).statusCode === 413) throw err;
          data = undefined;
        }
        if (!data) throw new ValidationError('ledger.voucher_size', { maxMiB: MAX_VOUCHER_BYTES / 1024 / 1024 });
        return s.ledger.storeVoucher(ledger, data);
      },
    );

    app.post(
      `${C}/entries`,
      { config: { access: community(BOOKKEEPERS) }, schema: { tags, params: CodeParams, body: PostEntryBody, response: { 200: PostedOut } } },
      async (req) => {
        const b = req.body;
        // by hand: no expense (those come from approved spending proposals), cash out only to pay what is owed
        return s.ledger.postByHand(await ledgerOf(req.params.code), {
          idempotencyKey: b.idempotencyKey,
          date: b.date,
          memo: b.memo,
          reason: b.reason as Reason,
          counterparty: b.counterparty || null,
          budgetLine: b.budgetLine || null,
          lines: b.lines,
          vouchers: b.vouchers ?? [],
          recordedBy: requireAuth(req).accountId,
        });
      },
    );

    app.post(
      `${C}/entries/:seq/reverse`,
      { config: { access: community(BOOKKEEPERS) }, schema: { tags, params: SeqParams, body: ReverseBody, response: { 200: PostedOut } } },
      async (req) => s.ledger.reverse(await ledgerOf(req.params.code), req.params.seq, { ...req.body, recordedBy: requireAuth(req).accountId }),
    );

    app.post(
      `${C}/close`,
      { config: { access: community(BOOKKEEPERS) }, schema: { tags, params: CodeParams, body: PeriodBody, response: { 200: CloseOut } } },
      async (req) => {
        const r = await s.close.closeMonth(await ledgerOf(req.params.code), req.body.period, requireAuth(req).accountId);
        return { period: r.period, seq: r.seq, hash: r.hash, alreadyClosed: r.alreadyClosed, remuneration: r.remuneration };
      },
    );

    app.post(
      `${C}/publish`,
      { config: { access: community(PUBLISHERS) }, schema: { tags, params: CodeParams, body: PeriodBody, response: { 200: PublishOut } } },
      async (req) => s.disclosure.publish(await ledgerOf(req.params.code), req.body.period, requireAuth(req).accountId),
    );
  };
}

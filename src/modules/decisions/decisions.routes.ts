/**
 * HTTP only: owners' decisions and committee meetings (DESIGN §2.5). Who may call what:
 *
 *   public (no sign-in)   published decisions and notices, their results with the four figures
 *                         in plain words, the anonymised export for recounting, a ballot by its
 *                         receipt code (the code is the credential), posted committee results —
 *                         aggregates and pseudonyms only, never a name or a unit.
 *   signed in             an owner's (or a registered proxy's) own voters and ballots, and casting
 *                         them; the service answers 403 decisions.not_your_voter for anyone else.
 *   CONVENERS             the owners' committee: drafts, notice, opening and closing, publishing,
 *                         objections, paper entry and confirmation (the service requires two
 *                         different members), written proxies, committee meetings and their votes
 *                         (each member for themselves: no proxies).
 *   OVERSEERS             committee and supervisor: live turnout (who has not voted, by unit code,
 *                         to remind them), the frozen roll, paper entries, ballot scans and proxy
 *                         authorizations (they carry signatures).
 *   READERS               committee, supervisor and the community / street / district officials:
 *                         every decision including drafts, counts before publication, meeting minutes.
 *   DOCUMENT_READERS      the notice's attachments: as the fund's vouchers (owners and the roles
 *                         above, and the trustee), not the anonymous public.
 * The trustee is the party the owners supervise: it reads only what the public reads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../platform/db/schema.js';
import { ValidationError } from '../../platform/errors.js';
import { requireAuth, requireCommunity } from '../../platform/http/access.js';
import { uploadedFile } from '../../platform/http/upload.js';
import type { BallotsService } from './ballots.service.js';
import type { CommitteeService } from './committee.service.js';
import {
  CastBody,
  CastOut,
  CodeParams,
  CommitteeVoteBody,
  CommitteeVoteOut,
  ConfirmBody,
  ConfirmOut,
  CountOut,
  CreatedOut,
  DecisionBody,
  DecisionOut,
  DecisionsOut,
  DocumentOut,
  EntryParams,
  ExportOut,
  FileParams,
  IdParams,
  MeetingBody,
  MeetingCreatedOut,
  MeetingOut,
  MeetingsOut,
  MineOut,
  MoveOut,
  OpenOut,
  PaperBody,
  PaperListOut,
  PaperOut,
  PostOut,
  ProxiesOut,
  ProxyBody,
  ProxyOut,
  MattersOut,
  ReasonBody,
  ReceiptOut,
  ReceiptParams,
  RejectOut,
  ResultsOut,
  RollOut,
  TurnoutOut,
} from './decisions.schemas.js';
import { MATTER_TYPES } from './decisions.rules.js';
import { type DecisionsService, committee } from './decisions.service.js';
import type { ResultsService } from './results.service.js';

export const CONVENERS: readonly Role[] = ['committee'];
export const OVERSEERS: readonly Role[] = ['committee', 'supervisor'];
export const READERS: readonly Role[] = ['committee', 'supervisor', 'community_official', 'street_official', 'district_official'];
export const DOCUMENT_READERS: readonly Role[] = ['owner', 'committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official'];

const PUBLIC = { kind: 'public' } as const;
const SIGNED_IN = { kind: 'signed_in' } as const;
const community = (roles: readonly Role[]) => ({ kind: 'community', roles }) as const;
const tags = ['decisions'];
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface DecisionRouteServices {
  decisions: DecisionsService;
  ballots: BallotsService;
  results: ResultsService;
  committee: CommitteeService;
}

function sendFile(reply: FastifyReply, f: { data: Buffer; mediaType: string; name: string }) {
  const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', f.mediaType)
    .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.data);
}

export function decisionsRoutes(s: DecisionRouteServices) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const D = '/api/communities/:code/decisions';
    const M = '/api/communities/:code/committee/meetings';
    const publicCommunity = (req: { params: { code: string } }) => s.decisions.communityOrThrow(req.params.code);
    const member = (req: FastifyRequest) => committee(requireAuth(req).accountId);
    const me = (req: FastifyRequest) => requireAuth(req).accountId;

    // public
    app.get('/api/decisions/matters', { config: { access: PUBLIC }, schema: { tags, response: { 200: MattersOut }, description: 'the nine matters of Civil Code art. 278 ¶1 and the approval rule each takes' } }, async () =>
      MATTER_TYPES.map((m) => ({ code: m.code, name: m.name, nameEn: m.nameEn, rule: m.rule })),
    );
    app.get(D, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: DecisionsOut } } }, async (req) => s.decisions.list(await publicCommunity(req), false));
    app.get(`${D}/:id`, { config: { access: PUBLIC }, schema: { tags, params: IdParams, response: { 200: DecisionOut } } }, async (req) => s.decisions.publicView(await publicCommunity(req), req.params.id));
    app.get(`${D}/:id/results`, { config: { access: PUBLIC }, schema: { tags, params: IdParams, response: { 200: ResultsOut } } }, async (req) => s.results.results(await publicCommunity(req), req.params.id, false));
    app.get(`${D}/:id/export.json`, { config: { access: PUBLIC }, schema: { tags, params: IdParams, response: { 200: ExportOut }, description: 'the anonymised record (docs/vote-format.md), once the result is published' } }, async (req) =>
      s.results.exportDecision(await publicCommunity(req), req.params.id, false) as unknown as Record<string, unknown>,
    );
    app.get(`${D}/:id/receipts/:receipt`, { config: { access: PUBLIC }, schema: { tags, params: ReceiptParams, response: { 200: ReceiptOut } } }, async (req) =>
      s.ballots.lookup(await publicCommunity(req), req.params.id, req.params.receipt),
    );

    // the owner's (or proxy's) own
    app.get(`${D}/:id/mine`, { config: { access: SIGNED_IN }, schema: { tags, params: IdParams, response: { 200: MineOut } } }, async (req) => s.ballots.mine(await publicCommunity(req), req.params.id, me(req)));
    app.post(`${D}/:id/ballots`, { config: { access: SIGNED_IN }, schema: { tags, params: IdParams, body: CastBody, response: { 200: CastOut } } }, async (req) =>
      s.ballots.cast(await publicCommunity(req), req.params.id, me(req), req.body),
    );

    // readers: drafts and counts before publication
    app.get(`${D}/internal`, { config: { access: community(READERS) }, schema: { tags, params: CodeParams, response: { 200: DecisionsOut } } }, async (req) => s.decisions.list(requireCommunity(req), true));
    app.get(`${D}/:id/internal`, { config: { access: community(READERS) }, schema: { tags, params: IdParams, response: { 200: DecisionOut } } }, async (req) => s.decisions.internalView(requireCommunity(req), req.params.id));
    app.get(`${D}/:id/attachments/:sha256`, { config: { access: community(DOCUMENT_READERS) }, schema: { tags, params: FileParams, description: "an attachment of the decision's notice" } }, async (req, reply) =>
      sendFile(reply, await s.decisions.attachment(requireCommunity(req), req.params.id, req.params.sha256)),
    );

    // the committee runs the vote
    app.post(`${D}/documents`, { config: { access: community(CONVENERS) }, schema: { tags, params: CodeParams, response: { 200: DocumentOut }, description: 'multipart/form-data: an attachment, a ballot scan or a proxy authorization (PDF, JPEG, PNG)' } }, async (req) =>
      s.decisions.storeDocument((await uploadedFile(req, MAX_DOCUMENT_BYTES, () => new ValidationError('decisions.document_size', { maxMiB: MAX_DOCUMENT_BYTES / 1024 / 1024 }))).data),
    );
    app.post(D, { config: { access: community(CONVENERS) }, schema: { tags, params: CodeParams, body: DecisionBody, response: { 200: CreatedOut } } }, async (req) => s.decisions.create(requireCommunity(req), req.body, me(req)));
    app.post(`${D}/:id/notice`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: MoveOut } } }, async (req) => s.decisions.notice(requireCommunity(req), req.params.id, member(req)));
    app.post(`${D}/:id/open`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: OpenOut } } }, async (req) => s.decisions.open(requireCommunity(req), req.params.id, member(req)));
    app.post(`${D}/:id/withdraw`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, body: ReasonBody, response: { 200: MoveOut } } }, async (req) =>
      s.decisions.withdraw(requireCommunity(req), req.params.id, member(req), req.body.reason),
    );
    app.post(`${D}/:id/close`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: CountOut } } }, async (req) => s.results.close(requireCommunity(req), req.params.id, member(req)));
    app.post(`${D}/:id/publish`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: MoveOut } } }, async (req) => s.results.publish(requireCommunity(req), req.params.id, member(req)));
    app.post(`${D}/:id/objection`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, body: ReasonBody, response: { 200: CountOut }, description: 'an objection upheld: counted again, to be published again' } }, async (req) =>
      s.results.upholdObjection(requireCommunity(req), req.params.id, member(req), req.body.reason),
    );
    app.post(`${D}/:id/finish`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: MoveOut }, description: 'after the objection period: final, or failed when no item passed' } }, async (req) =>
      s.results.finish(requireCommunity(req), req.params.id, member(req)),
    );
    app.post(`${D}/:id/paper`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, body: PaperBody, response: { 200: PaperOut } } }, async (req) => s.ballots.enterPaper(requireCommunity(req), req.params.id, me(req), req.body));
    app.post(`${D}/:id/paper/:entryId/confirm`, { config: { access: community(CONVENERS) }, schema: { tags, params: EntryParams, body: ConfirmBody, response: { 200: ConfirmOut } } }, async (req) =>
      s.ballots.confirmPaper(requireCommunity(req), req.params.id, req.params.entryId, me(req), req.body),
    );
    app.post(`${D}/:id/paper/:entryId/reject`, { config: { access: community(CONVENERS) }, schema: { tags, params: EntryParams, body: ReasonBody, response: { 200: RejectOut } } }, async (req) =>
      s.ballots.rejectPaper(requireCommunity(req), req.params.id, req.params.entryId, me(req), req.body.reason),
    );
    app.post(`${D}/:id/proxies`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, body: ProxyBody, response: { 200: ProxyOut } } }, async (req) => s.ballots.registerProxy(requireCommunity(req), req.params.id, me(req), req.body));

    // committee and supervisor
    app.get(`${D}/:id/turnout`, { config: { access: community(OVERSEERS) }, schema: { tags, params: IdParams, response: { 200: TurnoutOut } } }, async (req) => s.ballots.turnout(requireCommunity(req), req.params.id));
    app.get(`${D}/:id/roll`, { config: { access: community(OVERSEERS) }, schema: { tags, params: IdParams, response: { 200: RollOut } } }, async (req) => s.decisions.roll(requireCommunity(req), req.params.id));
    app.get(`${D}/:id/proxies`, { config: { access: community(OVERSEERS) }, schema: { tags, params: IdParams, response: { 200: ProxiesOut } } }, async (req) => s.ballots.proxies(requireCommunity(req), req.params.id));
    app.get(`${D}/:id/paper`, { config: { access: community(OVERSEERS) }, schema: { tags, params: IdParams, response: { 200: PaperListOut } } }, async (req) => s.ballots.paperEntries(requireCommunity(req), req.params.id));
    app.get(`${D}/:id/ballot-documents/:sha256`, { config: { access: community(OVERSEERS) }, schema: { tags, params: FileParams, description: 'a ballot scan or a proxy authorization' } }, async (req, reply) =>
      sendFile(reply, await s.decisions.ballotDocument(requireCommunity(req), req.params.id, req.params.sha256)),
    );

    // committee meetings
    app.get(M, { config: { access: PUBLIC }, schema: { tags, params: CodeParams, response: { 200: MeetingsOut }, description: 'posted results' } }, async (req) => s.committee.list(await publicCommunity(req), false));
    app.get(`${M}/:id`, { config: { access: PUBLIC }, schema: { tags, params: IdParams, response: { 200: MeetingOut } } }, async (req) => s.committee.view(await publicCommunity(req), req.params.id, false));
    app.get(`${M}/internal`, { config: { access: community(READERS) }, schema: { tags, params: CodeParams, response: { 200: MeetingsOut } } }, async (req) => s.committee.list(requireCommunity(req), true));
    app.get(`${M}/:id/internal`, { config: { access: community(READERS) }, schema: { tags, params: IdParams, response: { 200: MeetingOut } } }, async (req) => s.committee.view(requireCommunity(req), req.params.id, true));
    app.post(M, { config: { access: community(CONVENERS) }, schema: { tags, params: CodeParams, body: MeetingBody, response: { 200: MeetingCreatedOut } } }, async (req) => s.committee.create(requireCommunity(req), me(req), req.body));
    app.post(`${M}/:id/attend`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: MeetingOut } } }, async (req) => s.committee.attend(requireCommunity(req), req.params.id, me(req)));
    app.post(`${M}/:id/votes`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, body: CommitteeVoteBody, response: { 200: CommitteeVoteOut } } }, async (req) =>
      s.committee.vote(requireCommunity(req), req.params.id, me(req), req.body.choice),
    );
    app.post(`${M}/:id/post`, { config: { access: community(CONVENERS) }, schema: { tags, params: IdParams, response: { 200: PostOut } } }, async (req) => s.committee.post(requireCommunity(req), req.params.id, me(req)));
  };
}

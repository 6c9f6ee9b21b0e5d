/** Zod schemas of the decisions routes: the single source of their input and output types. */
import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const key = z.string().min(1).max(200);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const choice = z.enum(['agree', 'oppose', 'abstain']);
const channel = z.enum(['online', 'paper', 'proxy']);
const state = z.enum(['draft', 'noticed', 'voting', 'counted', 'objection', 'final', 'failed', 'withdrawn']);
const unitKind = z.enum(['residential', 'commercial', 'parking', 'storage']);
const attachmentKind = z.enum(['budget', 'contract', 'fee_proposal', 'minutes', 'other']);
const words = z.object({ 'zh-CN': z.string(), en: z.string() });

export const CodeParams = z.object({ code: z.string().min(1).max(64) });
export const IdParams = CodeParams.extend({ id: z.coerce.number().int().positive() });
export const EntryParams = IdParams.extend({ entryId: z.coerce.number().int().positive() });
export const FileParams = IdParams.extend({ sha256 });
export const ReceiptParams = IdParams.extend({ receipt: z.string().min(16).max(40) });

export const ChoicesIn = z.array(z.object({ item: z.number().int().positive(), choice })).min(1).max(50);

export const DecisionBody = z.object({
  kind: z.enum(['meeting', 'written']),
  title: z.string().min(1).max(200),
  description: z.string().max(10000).optional(),
  meetingPlace: z.string().max(200).nullable().optional(),
  votingOpensOn: date,
  votingClosesOn: date,
  noticeDays: z.number().int().min(15).max(365).optional().describe('at least 15 (物业管理条例 art. 14)'),
  objectionDays: z.number().int().min(1).max(365).optional().describe('default 7'),
  includeParking: z.boolean().optional(),
  includeStorage: z.boolean().nullable().optional().describe('null: follows includeParking'),
  items: z
    .array(
      z.object({
        matter: z.number().int().min(1).max(9).describe('Civil Code art. 278 ¶1 item 1–9'),
        title: z.string().min(1).max(200),
        body: z.string().max(10000).optional(),
        fee: z.object({ unitKind, rateCf: z.number().int().positive().describe('centi-fen per m² per month: 1.10 yuan = 11000'), effectiveFrom: date }).nullable().optional(),
      }),
    )
    .min(1)
    .max(50),
  attachments: z.array(z.object({ kind: attachmentKind, sha256, name: z.string().min(1).max(200) })).max(50).optional(),
});
export const CreatedOut = z.object({ id: z.number() });

export const Figure = z.object({ areaCm2: z.number().int(), headcount: z.number().int() });
export const TallyOut = z.object({
  matter: z.number().int(),
  rule: z.enum(['majority', 'three_quarters']),
  total: Figure,
  participating: Figure,
  agree: Figure,
  oppose: Figure,
  abstain: Figure,
  quorum: z.object({ area: z.boolean(), headcount: z.boolean(), met: z.boolean() }),
  approval: z.object({ area: z.boolean(), headcount: z.boolean(), met: z.boolean() }),
  passed: z.boolean(),
  reasons: z.array(z.enum(['passed', 'empty_roll', 'quorum_area_short', 'quorum_headcount_short', 'approval_area_short', 'approval_headcount_short'])),
});
const ItemResult = z.object({ item: z.number(), tally: TallyOut, explanation: words });

export const DecisionOut = z.object({
  id: z.number(),
  community: z.string(),
  kind: z.enum(['meeting', 'written']),
  title: z.string(),
  description: z.string(),
  meetingPlace: z.string().nullable(),
  state,
  noticeDays: z.number(),
  objectionDays: z.number(),
  votingOpensOn: date,
  votingClosesOn: date,
  noticedOn: date.nullable(),
  earliestOpeningOn: date.nullable(),
  publishedOn: date.nullable(),
  objectionEndsOn: date.nullable(),
  finishedOn: date.nullable(),
  withdrawnReason: z.string().nullable(),
  includeParking: z.boolean(),
  includeStorage: z.boolean(),
  items: z.array(
    z.object({
      position: z.number(),
      matter: z.number(),
      matterName: z.string(),
      matterNameEn: z.string(),
      rule: z.enum(['majority', 'three_quarters']),
      title: z.string(),
      body: z.string(),
      fee: z.object({ unitKind, rateCf: z.number(), effectiveFrom: date, scheduleId: z.number().nullable().describe('the fee schedule made from this item once the decision is final') }).nullable(),
    }),
  ),
  attachments: z.array(z.object({ position: z.number(), kind: attachmentKind, sha256: z.string(), name: z.string(), mediaType: z.string(), sizeBytes: z.number() })),
  roll: z.object({ totalAreaCm2: z.number(), totalHeadcount: z.number() }).nullable(),
  count: z
    .object({
      round: z.number(),
      countedAt: z.string(),
      ballots: z.number(),
      lastSeq: z.number(),
      lastHash: z.string(),
      results: z.array(ItemResult),
      pendingPaper: z.number().nullable(),
      objection: z.string().nullable(),
    })
    .nullable(),
});

export const DecisionsOut = z.array(
  z.object({
    id: z.number(),
    kind: z.enum(['meeting', 'written']),
    title: z.string(),
    state,
    noticedOn: date.nullable(),
    votingOpensOn: date,
    votingClosesOn: date,
    publishedOn: date.nullable(),
    finishedOn: date.nullable(),
    items: z.array(z.object({ position: z.number(), matter: z.number(), title: z.string(), passed: z.boolean().nullable() })),
  }),
);

export const MoveOut = z.object({
  id: z.number(),
  state,
  noticedOn: date.optional(),
  publishedOn: date.optional(),
  objectionEndsOn: date.optional(),
  finishedOn: date.optional(),
  feeSchedules: z.array(z.object({ item: z.number(), scheduleId: z.number() })).optional().describe('fee schedules made from passed fee-standard items'),
  feeSchedulesNotApplied: z.array(z.object({ item: z.number(), code: z.string() })).optional().describe('passed fee-standard items billing refused (month already billed, schedule exists): enter by hand'),
});
export const OpenOut = z.object({ id: z.number(), state, roll: z.object({ totalAreaCm2: z.number(), totalHeadcount: z.number(), excludedUnits: z.number() }) });
export const CountOut = z.object({ id: z.number(), state, round: z.number(), results: z.array(ItemResult), pendingPaper: z.number() });
export const ReasonBody = z.object({ reason: z.string().min(1).max(2000) });

export const ResultsOut = z.object({
  decisionId: z.number(),
  title: z.string(),
  state,
  publishedOn: date.nullable(),
  objectionEndsOn: date.nullable(),
  round: z.number(),
  countedAt: z.string(),
  ballots: z.number(),
  lastSeq: z.number(),
  lastHash: z.string(),
  items: z.array(ItemResult.extend({ title: z.string() })),
});

export const RollOut = z.object({
  decisionId: z.number(),
  frozenAt: z.string().nullable(),
  includeParking: z.boolean(),
  includeStorage: z.boolean(),
  totalAreaCm2: z.number(),
  totalHeadcount: z.number(),
  excludedUnits: z.number(),
  voters: z.array(z.object({ voterId: z.number(), kind: z.enum(['owners', 'developer', 'unowned']), unitCodes: z.array(z.string()), areaCm2: z.number(), castable: z.boolean() })),
});

export const TurnoutOut = z.object({
  decisionId: z.number(),
  state,
  asOf: z.string(),
  total: Figure,
  pendingPaper: z.number(),
  items: z.array(
    z.object({
      item: z.number(),
      title: z.string(),
      participating: Figure,
      areaPercent: z.string(),
      headcountPercent: z.string(),
      byChannel: z.object({ online: z.number(), paper: z.number(), proxy: z.number() }),
    }),
  ),
  notVoted: z.array(z.object({ unitCodes: z.array(z.string()), kind: z.string(), areaCm2: z.number(), itemsCast: z.number() })),
});

export const MineOut = z.object({
  decisionId: z.number(),
  state,
  votingClosesOn: date,
  canVote: z.boolean(),
  voters: z.array(
    z.object({
      voterId: z.number(),
      unitCodes: z.array(z.string()),
      areaCm2: z.number(),
      pseudonym: z.string(),
      asProxy: z.boolean(),
      items: z.array(z.object({ item: z.number(), title: z.string(), choice: choice.nullable(), channel: channel.nullable(), seq: z.number().nullable() })),
    }),
  ),
});

export const CastBody = z.object({ voterId: z.number().int().positive().nullable().optional(), choices: ChoicesIn, idempotencyKey: key });
export const CastOut = z.object({
  receiptCode: z.string().describe('shown to the voter; Xinyi keeps only its hash'),
  voter: z.object({ pseudonym: z.string(), unitCodes: z.array(z.string()) }),
  castAt: z.string(),
  ballots: z.array(z.object({ item: z.number(), choice, channel, seq: z.number(), hash: z.string() })),
  created: z.boolean(),
});

export const PaperBody = z.object({
  unitCode: z.string().min(1).max(50),
  choices: ChoicesIn,
  scanSha256: sha256,
  authorizationSha256: sha256.nullable().optional().describe('a written proxy signed the ballot: their authorization'),
  idempotencyKey: key,
});
export const PaperOut = z.object({ entryId: z.number(), status: z.enum(['pending', 'confirmed', 'rejected']), unitCodes: z.array(z.string()), created: z.boolean() });
export const ConfirmBody = z.object({ choices: ChoicesIn.describe('keyed in again from the scan by a second committee member') });
export const ConfirmOut = CastOut.omit({ created: true }).extend({ entryId: z.number() });
export const RejectOut = z.object({ entryId: z.number(), status: z.literal('rejected') });
export const PaperListOut = z.array(
  z.object({
    id: z.number(),
    unitCodes: z.array(z.string()),
    status: z.enum(['pending', 'confirmed', 'rejected']),
    scanSha256: z.string(),
    authorizationSha256: z.string().nullable(),
    enteredBy: z.string(),
    enteredAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    rejectReason: z.string().nullable(),
  }),
);

export const ProxyBody = z.object({ unitCode: z.string().min(1).max(50), proxyLogin: z.string().min(2).max(64), authorizationSha256: sha256, authorizationName: z.string().min(1).max(200) });
export const ProxyOut = z.object({ unitCodes: z.array(z.string()), proxy: z.string() });
export const ProxiesOut = z.array(
  z.object({ unitCodes: z.array(z.string()), proxy: z.string(), authorizationSha256: z.string(), authorizationName: z.string(), registeredBy: z.string(), registeredAt: z.string() }),
);
export const MattersOut = z.array(z.object({ code: z.number(), name: z.string(), nameEn: z.string(), rule: z.enum(['majority', 'three_quarters']) }));

export const ReceiptOut = z.object({
  decision: z.string(),
  title: z.string(),
  state,
  voter: z.string(),
  ballots: z.array(z.object({ item: z.number(), choice, channel, seq: z.number(), castAt: z.string(), prevHash: z.string(), hash: z.string(), counted: z.boolean() })),
});

export const DocumentOut = z.object({ sha256: z.string(), mediaType: z.string(), sizeBytes: z.number() });

// committee meetings
export const MeetingBody = z.object({ title: z.string().min(1).max(200), motion: z.string().min(1).max(10000), heldOn: date });
export const MeetingCreatedOut = z.object({ id: z.number(), memberCount: z.number() });
export const CommitteeTallyOut = z.object({
  memberCount: z.number(),
  present: z.number(),
  quorumMet: z.boolean(),
  agree: z.number(),
  oppose: z.number(),
  abstain: z.number(),
  notVoting: z.number(),
  passed: z.boolean(),
  reasons: z.array(z.enum(['passed', 'no_quorum', 'short_of_all_members'])),
});
export const MeetingOut = z.object({
  id: z.number(),
  title: z.string(),
  motion: z.string(),
  heldOn: date,
  state: z.enum(['open', 'posted']),
  memberCount: z.number(),
  postBy: date,
  postedOn: date.nullable(),
  result: CommitteeTallyOut.nullable(),
  members: z.array(z.object({ accountId: z.number(), name: z.string(), present: z.boolean(), choice: choice.nullable() })),
});
export const MeetingsOut = z.array(MeetingOut);
export const CommitteeVoteBody = z.object({ choice });
export const CommitteeVoteOut = z.object({ id: z.number(), choice });
export const PostOut = z.object({ id: z.number(), result: CommitteeTallyOut, postedOn: date, late: z.boolean() });

/** The export's shape is checked by recount.rules.ts (docs/vote-format.md); the route passes it through. */
export const ExportOut = z.record(z.string(), z.unknown());

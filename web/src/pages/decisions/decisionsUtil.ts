import type { BallotChoice, DecisionState, Me, Role, VoterRoll } from '../../api';
import { holds, type Place } from '../billing/billingUtil';

/** decisions.routes.ts MAX_DOCUMENT_BYTES: an attachment, a ballot scan or a proxy authorization */
export const DOCUMENT_MIB = 20;

export const CHOICES: readonly BallotChoice[] = ['agree', 'oppose', 'abstain'];
export const CHOICE_COLORS: Record<BallotChoice, string> = { agree: 'green', oppose: 'red', abstain: 'default' };

/** Who may do what (the server enforces, see decisions.routes.ts; this only decides what to show). */
const CONVENERS: ReadonlySet<Role> = new Set<Role>(['committee']);
const OVERSEERS: ReadonlySet<Role> = new Set<Role>(['committee', 'supervisor']);
const READERS: ReadonlySet<Role> = new Set<Role>(['committee', 'supervisor', 'community_official', 'street_official', 'district_official']);
const DOCUMENT_READERS: ReadonlySet<Role> = new Set<Role>(['owner', 'committee', 'supervisor', 'trustee', 'community_official', 'street_official', 'district_official']);

export const canConvene = (me: Me | null | undefined, c: Place) => holds(me, CONVENERS, c);
export const canOversee = (me: Me | null | undefined, c: Place) => holds(me, OVERSEERS, c);
export const canReadInternalDecisions = (me: Me | null | undefined, c: Place) => holds(me, READERS, c);
export const canReadAttachments = (me: Me | null | undefined, c: Place) => holds(me, DOCUMENT_READERS, c);

/** Communities whose decisions the header links to: where the user is an owner, a reader or the committee. */
export function decisionCommunities(me: Me | null | undefined): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  if (me?.account) for (const g of me.roles) if (g.communityCode && (READERS.has(g.role) || g.role === 'owner') && !seen.has(g.communityCode)) seen.set(g.communityCode, g.communityName ?? g.communityCode);
  return [...seen].map(([code, name]) => ({ code, name }));
}

export const decisionsPath = (code: string) => `/c/${encodeURIComponent(code)}/decisions`;
export const decisionPath = (code: string, id: number) => `${decisionsPath(code)}/${id}`;
export const committeePath = (code: string) => `/c/${encodeURIComponent(code)}/committee`;

/** The step bar: the ordinary path, then where it ended (final, failed or withdrawn). */
export const STEPS = ['draft', 'noticed', 'voting', 'counted', 'objection', 'final'] as const satisfies readonly DecisionState[];

export function stepOf(state: DecisionState): { current: number; status: 'process' | 'finish' | 'error' } {
  if (state === 'final') return { current: STEPS.length - 1, status: 'finish' };
  if (state === 'failed') return { current: STEPS.length - 1, status: 'error' };
  if (state === 'withdrawn') return { current: 1, status: 'error' };
  return { current: STEPS.indexOf(state), status: 'process' };
}

export const STATE_COLORS: Record<DecisionState, string> = {
  draft: 'default',
  noticed: 'blue',
  voting: 'processing',
  counted: 'purple',
  objection: 'orange',
  final: 'green',
  failed: 'red',
  withdrawn: 'default',
};

/** One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
function cell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The frozen roll as CSV (with a BOM so that Excel reads the Chinese), areas in m² from integers. */
export function rollCsv(roll: VoterRoll, headers: { kind: string; units: string; area: string }, kindName: (k: VoterRoll['voters'][number]['kind']) => string): string {
  const m2 = (cm2: number) => `${Math.trunc(cm2 / 100)}.${String(cm2 % 100).padStart(2, '0')}`;
  const lines = [[headers.kind, headers.units, headers.area], ...roll.voters.map((v) => [kindName(v.kind), v.unitCodes.join(' '), m2(v.areaCm2)])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** A fresh idempotency key: one per form, kept across retries, so a double tap casts once. */
export function newKey(): string {
  // randomUUID needs a secure context (https or localhost); getRandomValues works everywhere
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}


/** States in which the result is public (objection period, then final or failed). */
export const PUBLISHED: ReadonlySet<DecisionState> = new Set<DecisionState>(['objection', 'final', 'failed']);

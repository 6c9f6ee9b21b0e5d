/** A community for owners' decision tests: units through the roster import, owner accounts, committee members. */
import type { CommunityRef } from '../../src/platform/http/access.js';
import type { DecisionInput } from '../../src/modules/decisions/decisions.service.js';
import type { RosterEntry } from '../../src/modules/register/roster.service.js';
import { buildCommunity, buildUnit, rosterWorkbook } from './factories.js';
import type { TestDb } from './test-db.js';

export const PASSWORD = 'xinyi2020';
let n = 0;

export interface VoteSetup {
  c: CommunityRef;
  entries: RosterEntry[];
  /** unit code → unit id */
  unitIds: Map<string, number>;
  /** committee accounts (two, enough for paper ballots) */
  committee: [number, number];
}

/** A person as the roster names them (phone derived from the name: stable and unique in a test file). */
export function person(name: string) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) % 100_000_000;
  return { name, phone: `138${String(h).padStart(8, '0')}`, idNumber: null };
}

export async function voteCommunity(t: TestDb, units: Partial<RosterEntry>[]): Promise<VoteSetup> {
  const c = await buildCommunity(t.services);
  const entries = units.map((u) => buildUnit(u));
  await t.services.roster.importWorkbook(c, await rosterWorkbook(entries), { dryRun: false, accountId: null });
  const rows = await t.db.selectFrom('units').select(['id', 'code']).where('community_id', '=', c.id).execute();
  const committee = [await committeeMember(t, c), await committeeMember(t, c)] as [number, number];
  return { c, entries, unitIds: new Map(rows.map((r) => [r.code, r.id])), committee };
}

export async function committeeMember(t: TestDb, c: CommunityRef): Promise<number> {
  const id = await t.services.accounts.createAccount({ login: `cm${++n}${c.code}`, displayName: `委员${n}`, password: PASSWORD });
  await t.services.accounts.grantRole({ accountId: id, role: 'committee', communityCode: c.code }, null);
  return id;
}

/** An account for the person of this name in the community (an owner once the register says so). */
export async function accountOf(t: TestDb, c: CommunityRef, name: string): Promise<number> {
  const p = await t.db.selectFrom('persons').select('id').where('community_id', '=', c.id).where('name', '=', name).executeTakeFirstOrThrow();
  const id = await t.services.accounts.createAccount({ login: `p${++n}${c.code}`, displayName: name, password: PASSWORD });
  await t.services.accounts.linkPerson(id, p.id);
  return id;
}

/** A decision with sensible dates relative to `today`: opens after the notice period, runs 10 days; the fee standard from the next month. */
export function decisionInput(today: string, over: Partial<DecisionInput> = {}): DecisionInput {
  const add = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const closes = add(today, 25);
  // the first of the month after voting closes: a fee standard takes effect after the vote
  const next = new Date(Date.UTC(Number(closes.slice(0, 4)), Number(closes.slice(5, 7)), 1)).toISOString().slice(0, 10);
  return {
    kind: 'written',
    title: '关于调整物业服务费标准的书面征求意见',
    votingOpensOn: add(today, 15),
    votingClosesOn: closes,
    items: [
      { matter: 9, title: '物业服务费上调 0.30 元/平方米/月', fee: { unitKind: 'residential', rateCf: 11000, effectiveFrom: next } },
      { matter: 6, title: '筹集维修资金' },
    ],
    ...over,
  };
}

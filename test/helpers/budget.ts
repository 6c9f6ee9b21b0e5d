/**
 * A community for open-budget tests: owners with accounts who vote, a tenant, two committee
 * members without a home there, a trustee, the common fund ledger; a budget draft that fits the
 * default chart and standards; an owners' decision on a budget run to its end with the test clock.
 */
import type { BudgetLine } from '../../src/modules/budget/budget.rules.js';
import type { DraftInput, Viewer } from '../../src/modules/budget/budget.service.js';
import { committee } from '../../src/modules/decisions/decisions.service.js';
import type { LedgerRef } from '../../src/modules/ledger/ledger.repository.js';
import type { Role } from '../../src/platform/db/schema.js';
import { PASSWORD, type VoteSetup, accountOf, decisionInput, person, voteCommunity } from './decisions.js';
import type { TestDb } from './test-db.js';

export const OWNER_NAMES = ['甲一', '乙二', '丙三', '丁四', '戊五', '己六'];
export const TENANT_NAME = '租户庚';

export interface BudgetSetup extends VoteSetup {
  trustee: number;
  /** accounts of the owners of OWNER_NAMES, in that order (each owns one unit of 100.00 m²) */
  owners: number[];
  /** a tenant of the first owner's unit: a resident */
  resident: number;
  ledger: LedgerRef;
}

let n = 0;

export async function budgetCommunity(t: TestDb): Promise<BudgetSetup> {
  const s = await voteCommunity(
    t,
    OWNER_NAMES.map((name, i) => ({ unitCode: `9-1-${101 + i}`, areaCm2: 10_000, owners: [person(name)], tenants: i === 0 ? [person(TENANT_NAME)] : [] })),
  );
  const owners: number[] = [];
  for (const name of OWNER_NAMES) owners.push(await accountOf(t, s.c, name));
  const resident = await accountOf(t, s.c, TENANT_NAME);
  const trustee = await t.services.accounts.createAccount({ login: `tr${++n}${s.c.code}`, displayName: '物业经理 李敏', password: PASSWORD });
  await t.services.accounts.grantRole({ accountId: trustee, role: 'trustee', communityCode: s.c.code }, null);
  const ledger = await t.services.ledger.ensureLedger(s.c.id, s.c.code);
  return { ...s, trustee, owners, resident, ledger };
}

export const viewer = (accountId: number | null, ...roles: Role[]): Viewer => ({ accountId, roles: new Set(roles) });
export const as = (accountId: number, ...roles: Role[]) => ({ accountId, roles: new Set(roles) });

/** Four lines on the default chart: ¥1,050,000.00 in all. */
export function draftLines(): BudgetLine[] {
  return [
    { code: 'L01', account: '5001', name: '人员费用', amountFen: 60_000_000, basis: '12 人 × 12 月', standard: null },
    { code: 'L02', account: '5002', name: '保洁费用', amountFen: 20_000_000, basis: '保洁外包合同', standard: 'CLN-01' },
    { code: 'L03', account: '5003', name: '秩序维护费用', amountFen: 15_000_000, basis: '门岗 4 个', standard: 'SEC-01' },
    { code: 'L04', account: '5101', name: '受托人酬金', amountFen: 10_000_000, basis: '信托合同 15%', standard: null },
  ];
}

/** Fees ¥1,100,000.00 at 95.00 % + ¥50,000 public revenue = ¥1,095,000.00 available. */
export function draftInput(over: Partial<DraftInput> = {}): DraftInput {
  return {
    basis: { feeIncomeFen: 110_000_000, collectionRateBp: 9500, publicRevenueFen: 5_000_000, otherIncomeFen: 0, reserveFen: 0 },
    basisText: '按 2025 年登记面积和现行收费标准测算',
    note: '',
    lines: draftLines(),
    answers: [],
    ...over,
  };
}

export const addDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const setDay = (t: TestDb, d: string) => t.clock.set(`${d}T02:00:00Z`);
export const todayOf = (t: TestDb) => t.services.budget.today();

/** A written decision noticed today, its items (default: one of matter 9 on the budget). */
export async function noticedDecision(t: TestDb, s: VoteSetup, items: { matter: number; title: string }[] = [{ matter: 9, title: '通过年度预算' }]) {
  const { id } = await t.services.decisions.create(s.c, decisionInput(todayOf(t), { title: '关于年度预算的书面征求意见', items }), s.committee[0]);
  await t.services.decisions.notice(s.c, id, committee(s.committee[0]));
  return id;
}

/**
 * Runs a noticed decision to its end: voting opens, every owner votes `choice` on every item,
 * the committee closes, publishes and, after the objection period, finishes it (final when an
 * item passed, failed otherwise). The clock ends the day it finished.
 */
export async function runDecision(t: TestDb, s: BudgetSetup, id: number, choice: 'agree' | 'oppose') {
  const cm = committee(s.committee[0]);
  const { decisions, ballots, results } = t.services;
  const d = await decisions.internalView(s.c, id);
  setDay(t, d.votingOpensOn);
  await decisions.open(s.c, id, cm);
  for (const [i, owner] of s.owners.entries()) await ballots.cast(s.c, id, owner, { choices: d.items.map((it) => ({ item: it.position, choice })), idempotencyKey: `vote-${id}-${i}` });
  setDay(t, addDays(d.votingClosesOn, 1));
  await results.close(s.c, id, cm);
  await results.publish(s.c, id, cm);
  setDay(t, addDays(todayOf(t), d.objectionDays + 1));
  return results.finish(s.c, id, cm);
}

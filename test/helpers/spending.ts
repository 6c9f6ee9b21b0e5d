/**
 * A community for spending-control tests: owners who vote, three committee members, a trustee who
 * proposes, a second trustee, a trustee staff member who is also on the committee, the common
 * fund ledger with an opening balance, and a budget year with an adopted version in force —
 * inserted directly in SQL (its version names a real owners' decision, made through the decisions
 * service), so that these tests do not depend on the budget service. Owners' decisions on
 * spending are run to their end with the test clock.
 */
import { sql } from 'kysely';
import type { ProposalInput, Viewer } from '../../src/modules/budget/spending.service.js';
import { committee } from '../../src/modules/decisions/decisions.service.js';
import type { LedgerRef } from '../../src/modules/ledger/ledger.repository.js';
import { shanghaiDay } from '../../src/platform/clock.js';
import type { Role } from '../../src/platform/db/schema.js';
import { PASSWORD, type VoteSetup, accountOf, committeeMember, decisionInput, person, voteCommunity } from './decisions.js';
import type { TestDb } from './test-db.js';

export interface SpendLine {
  code: string;
  account: string;
  name: string;
  amountFen: number;
}

/** Thresholds by default: committee > ¥5,000, owners > ¥50,000, tender > ¥20,000. */
export const LINES: SpendLine[] = [
  { code: 'L01', account: '5001', name: '人员费用', amountFen: 60_000_000 },
  { code: 'L05', account: '5002', name: '保洁费用', amountFen: 8_000_000 },
  { code: 'L06', account: '5005', name: '设施设备维护费用', amountFen: 3_000_000 },
  { code: 'L07', account: '5004', name: '绿化费用', amountFen: 600_000 },
];

export const OWNERS = ['赵一', '钱二', '孙三', '李四'];

export interface SpendSetup extends VoteSetup {
  ledger: LedgerRef;
  /** the trustee's manager: proposes */
  trustee: number;
  /** another of the trustee's staff */
  trustee2: number;
  /** trustee staff who is also a committee member (the proposer who may not approve) */
  dual: number;
  /** committee members who are not trustee staff: with `dual`, a committee of four (majority 3) */
  members: [number, number, number];
  owners: number[];
  budget: { id: number; year: number; versionId: number; decisionId: number };
}

let n = 0;

export async function spendingCommunity(t: TestDb, opts: { year?: number; lines?: SpendLine[] } = {}): Promise<SpendSetup> {
  const year = opts.year ?? 2025;
  const s = await voteCommunity(
    t,
    OWNERS.map((name, i) => ({ unitCode: `8-1-${101 + i}`, areaCm2: 10_000, owners: [person(name)] })),
  );
  const owners: number[] = [];
  for (const name of OWNERS) owners.push(await accountOf(t, s.c, name));
  const staff = async (displayName: string) => {
    const id = await t.services.accounts.createAccount({ login: `sp${++n}${s.c.code}`, displayName, password: PASSWORD });
    await t.services.accounts.grantRole({ accountId: id, role: 'trustee', communityCode: s.c.code }, null);
    return id;
  };
  const trustee = await staff('物业经理 李敏');
  const trustee2 = await staff('物业会计 周红');
  const dual = await staff('王建国');
  await t.services.accounts.grantRole({ accountId: dual, role: 'committee', communityCode: s.c.code }, null);
  const members: [number, number, number] = [s.committee[0], s.committee[1], await committeeMember(t, s.c)];

  const ledger = await t.services.ledger.ensureLedger(s.c.id, s.c.code);
  await t.services.ledger.post(ledger, {
    idempotencyKey: `opening-${s.c.code}`,
    date: `${year}-01-01`,
    memo: '期初共有资金',
    reason: 'opening',
    lines: [
      { account: '1001', debitFen: 200_000_000, creditFen: 0 },
      { account: '3001', debitFen: 0, creditFen: 200_000_000 },
    ],
  });
  const budget = await insertBudget(t, s, year, opts.lines ?? LINES);
  return { ...s, ledger, trustee, trustee2, dual, members, owners, budget };
}

/**
 * A budget year with version 1 adopted, inserted as the budget service would leave it; the
 * version names an owners' decision (a draft one is enough for the reference).
 */
export async function insertBudget(t: TestDb, s: VoteSetup, year: number, lines: SpendLine[]) {
  const { id: decisionId } = await t.services.decisions.create(s.c, decisionInput(today(t), { title: `关于${year}年度预算的书面征求意见`, items: [{ matter: 9, title: `${year}年度预算` }] }), s.committee[0]);
  const now = t.clock.now();
  const { id } = await t.db.insertInto('budgets').values({ community_id: s.c.id, year, title: `${year}年度预算` }).returning('id').executeTakeFirstOrThrow();
  const version = await t.db
    .insertInto('budget_versions')
    .values({ budget_id: id, number: 1, kind: 'original', state: 'adopted', published_at: now, decision_id: decisionId, decision_item: 1, submitted_at: now, adopted_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('budget_lines')
    .values(lines.map((l, i) => ({ version_id: version.id, code: l.code, position: i + 1, account_code: l.account, name: l.name, amount_fen: l.amountFen })))
    .execute();
  return { id, year, versionId: version.id, decisionId };
}

export const today = (t: TestDb) => shanghaiDay(t.clock.now());
export const addDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const setDay = (t: TestDb, d: string) => t.clock.set(`${d}T02:00:00Z`);

/**
 * An owners' decision on spending, created and noticed today: voting has not opened, so that a
 * proposal may still be linked to one of its items. Returns its id.
 */
export async function noticedDecision(t: TestDb, s: SpendSetup, items: { matter: number; title: string }[]): Promise<number> {
  const input = decisionInput(today(t), { title: '关于大额支出的书面征求意见', items });
  const { id } = await t.services.decisions.create(s.c, input, s.members[0]);
  await t.services.decisions.notice(s.c, id, committee(s.members[0]));
  return id;
}

/** Opens a noticed decision on its day (the clock moves there) with every owner voting: `agree[i]` on item i+1. */
export async function openAndVote(t: TestDb, s: SpendSetup, id: number, agree: boolean[]) {
  const d = await t.db.selectFrom('decisions').select('voting_opens_on').where('id', '=', id).executeTakeFirstOrThrow();
  setDay(t, d.voting_opens_on);
  await t.services.decisions.open(s.c, id, committee(s.members[0]));
  for (const [i, owner] of s.owners.entries()) {
    await t.services.ballots.cast(s.c, id, owner, { choices: agree.map((a, k) => ({ item: k + 1, choice: a ? 'agree' : 'oppose' })), idempotencyKey: `spend-${id}-${i}` });
  }
}

/**
 * An owners' decision on spending, noticed today and opened after the notice period with every
 * owner voting: `agree[i]` on item i+1. Returns its id, in voting (the clock has moved 15 days).
 * `beforeVoting` runs while it is noticed: where proposals are linked to its items.
 */
export async function votingDecision(t: TestDb, s: SpendSetup, items: { matter: number; title: string }[], agree: boolean[], beforeVoting?: (id: number) => Promise<void>): Promise<number> {
  const id = await noticedDecision(t, s, items);
  await beforeVoting?.(id);
  await openAndVote(t, s, id, agree);
  return id;
}

/** Closes, publishes and finishes a decision in voting (the clock moves past the objection period). */
export async function finishDecision(t: TestDb, s: SpendSetup, id: number) {
  const cm = committee(s.members[1]);
  const d = await t.db.selectFrom('decisions').select(['voting_closes_on', 'objection_days']).where('id', '=', id).executeTakeFirstOrThrow();
  setDay(t, addDays(d.voting_closes_on, 1));
  await t.services.results.close(s.c, id, cm);
  await t.services.results.publish(s.c, id, cm);
  setDay(t, addDays(today(t), d.objection_days + 1));
  return t.services.results.finish(s.c, id, cm);
}

export const viewer = (accountId: number | null, ...roles: Role[]): Viewer => ({ accountId, roles: new Set(roles) });

let k = 0;
/** A proposal on line `line` of the setup's budget, with a fresh idempotency key. */
export function proposal(s: SpendSetup, line: string, amountFen: number, over: Partial<ProposalInput> = {}): ProposalInput {
  return { idempotencyKey: `sp-${++k}`, year: s.budget.year, line, title: `${line} 支出 ${k}`, description: '', counterparty: '成都洁美保洁服务有限公司', amountFen, ...over };
}

let v = 0;
/** An invoice uploaded as a voucher of the setup's ledger: a posting needs at least one. */
export async function invoice(t: TestDb, s: Pick<SpendSetup, 'ledger'>, what = '发票') {
  const file = await t.services.ledger.storeVoucher(s.ledger, Buffer.from(`%PDF-1.4\n${what} ${++v} ${Math.random()}\n`));
  return [{ sha256: file.sha256, name: `${what}-${v}.pdf` }];
}

/** Three quotes uploaded as the ledger's files, the first chosen. */
export async function threeQuotes(t: TestDb, s: SpendSetup, amountFen: number) {
  const vendors = ['成都洁美保洁服务有限公司', '四川净源物业服务有限公司', '成都蓉城清洁有限公司'];
  const out = [];
  for (const [i, vendor] of vendors.entries()) {
    const file = await t.services.spending.storeQuote(s.c, Buffer.from(`%PDF-1.4\n报价单 ${vendor} ${amountFen + i * 10_000} ${Math.random()}\n`));
    out.push({ vendor, amountFen: amountFen + i * 10_000, sha256: file.sha256, name: `报价单-${i + 1}.pdf`, chosen: i === 0 });
  }
  return out;
}

/** Ledger expense totals per line and month, computed from the ledger's own tables (not budget.queries). */
export async function ledgerExpenses(t: TestDb, ledgerId: number, year: number): Promise<Map<string, number>> {
  const { rows } = await sql<{ line: string | null; month: number; fen: string }>`
    select e.refs->>'budgetLine' as line, extract(month from e.entry_date)::int as month, sum(l.debit_fen - l.credit_fen) as fen
      from ledger_entries e
      join ledger_lines l on l.entry_id = e.id
      join ledger_accounts a on a.ledger_id = l.ledger_id and a.code = l.account_code
     where e.ledger_id = ${ledgerId} and a.type = 'expense' and e.reason = 'expense'
       and e.entry_date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
     group by 1, 2`.execute(t.db);
  return new Map(rows.map((r) => [`${r.line ?? '-'}|${r.month}`, Number(r.fen)]));
}

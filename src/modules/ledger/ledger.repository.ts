/** The only code of the ledger module that touches SQL. Entries and lines are only ever inserted. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ChartAccount } from './ledger.rules.js';

export interface LedgerRef {
  id: number;
  communityId: number;
  communityCode: string;
  code: string;
  name: string;
}

export async function findLedger(db: Db, communityCode: string, code: string): Promise<LedgerRef | undefined> {
  const row = await db
    .selectFrom('ledgers')
    .innerJoin('communities', 'communities.id', 'ledgers.community_id')
    .select(['ledgers.id', 'ledgers.community_id', 'communities.code as community_code', 'ledgers.code', 'ledgers.name'])
    .where('communities.code', '=', communityCode)
    .where('ledgers.code', '=', code)
    .executeTakeFirst();
  return row && { id: row.id, communityId: row.community_id, communityCode: row.community_code, code: row.code, name: row.name };
}

export async function insertLedger(db: Db, l: { communityId: number; code: string; name: string; chart: ChartAccount[]; genesis: string }): Promise<number> {
  const { id } = await db.insertInto('ledgers').values({ community_id: l.communityId, code: l.code, name: l.name }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('ledger_accounts')
    .values(l.chart.map((a) => ({ ledger_id: id, code: a.code, name: a.name, name_en: a.nameEn, type: a.type })))
    .execute();
  await db.insertInto('ledger_heads').values({ ledger_id: id, last_seq: 0, last_hash: l.genesis }).execute();
  return id;
}

export function chart(db: Db, ledgerId: number) {
  return db.selectFrom('ledger_accounts').select(['code', 'name', 'name_en', 'type']).where('ledger_id', '=', ledgerId).orderBy('code').execute();
}

/** Serializes all posting and closing on one ledger: the head row lock. */
export function lockHead(db: Db, ledgerId: number) {
  return db.selectFrom('ledger_heads').select(['last_seq', 'last_hash']).where('ledger_id', '=', ledgerId).forUpdate().executeTakeFirstOrThrow();
}

export function head(db: Db, ledgerId: number) {
  return db.selectFrom('ledger_heads').select(['last_seq', 'last_hash']).where('ledger_id', '=', ledgerId).executeTakeFirstOrThrow();
}

export async function updateHead(db: Db, ledgerId: number, seq: number, hash: string): Promise<void> {
  await db.updateTable('ledger_heads').set({ last_seq: seq, last_hash: hash }).where('ledger_id', '=', ledgerId).execute();
}

/** Entries already posted under these keys, with their content for the idempotency check. */
export function entriesByKeys(db: Db, ledgerId: number, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('ledger_entries as e')
    .select(['e.idempotency_key', 'e.seq', 'e.hash', 'e.entry_date', 'e.memo', 'e.reason', entryLinesJson()])
    .where('e.ledger_id', '=', ledgerId)
    .where('e.idempotency_key', 'in', keys)
    .execute();
}

export async function lastClosedPeriod(db: Db, ledgerId: number): Promise<string | null> {
  const row = await db.selectFrom('ledger_periods').select((eb) => eb.fn.max('period').as('p')).where('ledger_id', '=', ledgerId).executeTakeFirst();
  return row?.p ?? null;
}

/** Credits − debits so far of some accounts (what a liability account says is owed). */
export async function creditBalances(db: Db, ledgerId: number, accounts: string[]): Promise<Map<string, number>> {
  if (accounts.length === 0) return new Map();
  const rows = await db
    .selectFrom('ledger_balances')
    .select(['account_code', (eb) => eb.fn.sum<string>(eb('credit_fen', '-', eb.ref('debit_fen'))).as('fen')])
    .where('ledger_id', '=', ledgerId)
    .where('account_code', 'in', accounts)
    .groupBy('account_code')
    .execute();
  return new Map(rows.map((r) => [r.account_code, Number(r.fen)]));
}

export function entryBySeq(db: Db, ledgerId: number, seq: number) {
  return db.selectFrom('ledger_entries').selectAll().where('ledger_id', '=', ledgerId).where('seq', '=', seq).executeTakeFirst();
}

export async function isReversed(db: Db, ledgerId: number, seq: number): Promise<boolean> {
  return !!(await db.selectFrom('ledger_entries').select('seq').where('ledger_id', '=', ledgerId).where('reverses_seq', '=', seq).executeTakeFirst());
}

export interface EntryRow {
  ledger_id: number;
  seq: number;
  entry_date: string;
  memo: string;
  reason: string;
  counterparty: string | null;
  budget_line: string | null;
  reverses_seq: number | null;
  refs: string;
  recorded_at: string;
  recorded_by: number | null;
  approved_by: number | null;
  idempotency_key: string;
  prev_hash: string;
  hash: string;
}

const CHUNK = 500;

/** Inserts entries (multi-row) and returns their ids in the given order. */
export async function insertEntries(db: Db, rows: EntryRow[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted = await db.insertInto('ledger_entries').values(rows.slice(i, i + CHUNK)).returning(['id', 'seq']).execute();
    const bySeq = new Map(inserted.map((r) => [r.seq, r.id]));
    for (const r of rows.slice(i, i + CHUNK)) ids.push(bySeq.get(r.seq)!);
  }
  return ids;
}

export async function insertLines(db: Db, rows: { entry_id: number; line_no: number; ledger_id: number; account_code: string; debit_fen: number; credit_fen: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK * 3) await db.insertInto('ledger_lines').values(rows.slice(i, i + CHUNK * 3)).execute();
}

export async function insertVouchers(db: Db, rows: { entry_id: number; position: number; sha256: string; file_name: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('ledger_vouchers').values(rows.slice(i, i + CHUNK)).execute();
}

/** Adds to the maintained balances, one upsert for all (account, period) pairs of a posting. */
export async function addBalances(db: Db, ledgerId: number, deltas: { account: string; period: string; debitFen: number; creditFen: number }[]): Promise<void> {
  if (deltas.length === 0) return;
  await sql`
    insert into ledger_balances (ledger_id, account_code, period, debit_fen, credit_fen)
    select ${ledgerId}, d.account, d.period, d.debit, d.credit
      from unnest(${deltas.map((d) => d.account)}::text[], ${deltas.map((d) => d.period)}::text[],
                  ${deltas.map((d) => d.debitFen)}::int8[], ${deltas.map((d) => d.creditFen)}::int8[]) as d(account, period, debit, credit)
    on conflict (ledger_id, account_code, period) do update
      set debit_fen = ledger_balances.debit_fen + excluded.debit_fen, credit_fen = ledger_balances.credit_fen + excluded.credit_fen`.execute(db);
}

export async function hasUncuredBreach(db: Db, communityId: number): Promise<boolean> {
  return !!(await db.selectFrom('trust_breaches').select('id').where('community_id', '=', communityId).where('cured_at', 'is', null).executeTakeFirst());
}

/** The vouchers among `shas` that were uploaded to this ledger. */
export async function knownFiles(db: Db, ledgerId: number, shas: string[]): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const rows = await db.selectFrom('ledger_files').select('sha256').where('ledger_id', '=', ledgerId).where('sha256', 'in', shas).execute();
  return new Set(rows.map((r) => r.sha256));
}

export async function insertFile(db: Db, ledgerId: number, f: { sha256: string; sizeBytes: number; mediaType: string }): Promise<void> {
  await db.insertInto('files').values({ sha256: f.sha256, size_bytes: f.sizeBytes, media_type: f.mediaType }).onConflict((oc) => oc.doNothing()).execute();
  await db.insertInto('ledger_files').values({ ledger_id: ledgerId, sha256: f.sha256 }).onConflict((oc) => oc.doNothing()).execute();
}

/*
 * Columns of an entry as the public ledger shows it, for queries over `ledger_entries as e`:
 * its lines and vouchers aggregated in order, and the entry that reversed it.
 */
export const ENTRY_COLUMNS = [
  'e.seq',
  'e.entry_date',
  'e.memo',
  'e.reason',
  'e.counterparty',
  'e.budget_line',
  'e.reverses_seq',
  'e.refs',
  'e.recorded_at',
  'e.prev_hash',
  'e.hash',
] as const;
export const entryLinesJson = () =>
  sql<{ account: string; debit: number; credit: number }[]>`(select json_agg(json_build_object('account', l.account_code, 'debit', l.debit_fen, 'credit', l.credit_fen) order by l.line_no) from ledger_lines l where l.entry_id = e.id)`.as('lines');
export const entryVouchersJson = () =>
  sql<{ sha256: string; name: string }[]>`coalesce((select json_agg(json_build_object('sha256', v.sha256, 'name', v.file_name) order by v.position) from ledger_vouchers v where v.entry_id = e.id), '[]'::json)`.as('vouchers');
export const entryReversedBy = () => sql<number | null>`(select r.seq from ledger_entries r where r.ledger_id = e.ledger_id and r.reverses_seq = e.seq)`.as('reversed_by');

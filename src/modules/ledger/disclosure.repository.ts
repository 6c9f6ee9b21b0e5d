/**
 * SQL of the disclosure and inspection use cases (disclosure.service.ts, inspection.service.ts):
 * the bounds of the disclosure calendar, published disclosures, vouchers of an entry and the
 * log of who viewed them. Only reads, and inserts into the view log.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { ENTRY_COLUMNS, entryLinesJson, entryReversedBy, entryVouchersJson } from './ledger.repository.js';

/** The first closed month and the month of the first entry of a ledger (null when none). */
export async function ledgerStart(db: Db, ledgerId: number): Promise<{ firstClosed: string | null; firstEntry: string | null }> {
  const { rows } = await sql<{ first_closed: string | null; first_entry: string | null }>`
    select (select min(period) from ledger_periods where ledger_id = ${ledgerId}) as first_closed,
           (select to_char(min(entry_date), 'YYYY-MM') from ledger_entries where ledger_id = ${ledgerId}) as first_entry`.execute(db);
  return { firstClosed: rows[0]?.first_closed ?? null, firstEntry: rows[0]?.first_entry ?? null };
}

export async function trustSince(db: Db, communityId: number): Promise<string | null> {
  const row = await db.selectFrom('communities').select('trust_since').where('id', '=', communityId).executeTakeFirst();
  return row?.trust_since ?? null;
}

export async function closedPeriods(db: Db, ledgerId: number, from: string, to: string): Promise<Set<string>> {
  const rows = await db.selectFrom('ledger_periods').select('period').where('ledger_id', '=', ledgerId).where('period', '>=', from).where('period', '<=', to).execute();
  return new Set(rows.map((r) => r.period));
}

export function disclosure(db: Db, ledgerId: number, period: string) {
  return db.selectFrom('disclosures').select(['period', 'published_at', 'checkpoint_seq', 'checkpoint_hash']).where('ledger_id', '=', ledgerId).where('period', '=', period).executeTakeFirst();
}

/** A voucher attached to entry `seq` of the ledger, with its stored media type. */
export function voucherOfEntry(db: Db, ledgerId: number, seq: number, sha256: string) {
  return db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_vouchers as v', 'v.entry_id', 'e.id')
    .innerJoin('files as f', 'f.sha256', 'v.sha256')
    .select(['e.id as entryId', 'v.file_name as fileName', 'f.media_type as mediaType', 'f.size_bytes as sizeBytes'])
    .where('e.ledger_id', '=', ledgerId)
    .where('e.seq', '=', seq)
    .where('v.sha256', '=', sha256)
    .orderBy('v.position')
    .limit(1)
    .executeTakeFirst();
}

export async function insertVoucherView(db: Db, v: { accountId: number | null; entryId: number; sha256: string; at: Date }): Promise<void> {
  await db.insertInto('voucher_views').values({ account_id: v.accountId, entry_id: v.entryId, sha256: v.sha256, at: v.at }).execute();
}

/** The view log of one ledger, newest first. */
export async function voucherViews(db: Db, ledgerId: number, page: number, pageSize: number) {
  const base = db.selectFrom('voucher_views as w').innerJoin('ledger_entries as e', 'e.id', 'w.entry_id').where('e.ledger_id', '=', ledgerId);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('accounts as a', 'a.id', 'w.account_id')
    .select([
      'w.id',
      'w.at',
      'w.account_id',
      'a.display_name',
      'e.seq',
      'w.sha256',
      sql<string | null>`(select v.file_name from ledger_vouchers v where v.entry_id = w.entry_id and v.sha256 = w.sha256 order by v.position limit 1)`.as('file_name'),
    ])
    .orderBy('w.at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total), rows };
}

/**
 * One entry in the shape of statements.entries' rows (for the entry page that "reversed by" and
 * "reverses" link to; statements.entries filters by period, account and counterparty only).
 */
export function entryBySeq(db: Db, ledgerId: number, seq: number) {
  return db
    .selectFrom('ledger_entries as e')
    .where('e.ledger_id', '=', ledgerId)
    .where('e.seq', '=', seq)
    .select(['e.id', ...ENTRY_COLUMNS,
      entryLinesJson(),
      entryVouchersJson(),
      entryReversedBy(),
    ])
    .executeTakeFirst();
}

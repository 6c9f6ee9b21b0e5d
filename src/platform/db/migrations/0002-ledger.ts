/**
 * The common fund ledger (DESIGN §2.2): chart of accounts, append-only hash-chained entries,
 * maintained balances per account and month, periods with checkpoints, vouchers by SHA-256,
 * trust contracts (remuneration terms), disclosures, and the log of who viewed which voucher.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table files (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes bigint not null check (size_bytes > 0),
      media_type text not null,
      created_at timestamptz not null default now()
    );

    create table ledgers (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      code text not null check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null,
      kind text not null default 'common_fund' check (kind in ('common_fund', 'foundation', 'special_fund')),
      created_at timestamptz not null default now(),
      unique (community_id, code)
    );

    -- which ledger received which file: an entry may only cite vouchers uploaded to its own ledger
    -- (hashes are public, so a hash alone must not open another community's invoice)
    create table ledger_files (
      ledger_id bigint not null references ledgers(id),
      sha256 text not null references files(sha256),
      primary key (ledger_id, sha256)
    );

    create table ledger_accounts (
      ledger_id bigint not null references ledgers(id),
      code text not null check (code ~ '^[0-9]{4}$'),
      name text not null,
      name_en text not null,
      type text not null check (type in ('asset', 'liability', 'net_assets', 'income', 'expense')),
      primary key (ledger_id, code)
    );

    -- the row every posting locks: sequence and hash of the ledger's last entry
    create table ledger_heads (
      ledger_id bigint primary key references ledgers(id),
      last_seq bigint not null default 0,
      last_hash text not null
    );

    create table ledger_entries (
      id bigint generated always as identity primary key,
      ledger_id bigint not null references ledgers(id),
      seq bigint not null check (seq > 0),
      entry_date date not null,
      memo text not null check (length(memo) between 1 and 500),
      reason text not null,
      counterparty text,
      budget_line text,
      reverses_seq bigint,
      refs jsonb not null default '{}'::jsonb,
      recorded_at timestamptz not null,
      recorded_by bigint references accounts(id),
      approved_by bigint references accounts(id),
      idempotency_key text not null check (length(idempotency_key) between 1 and 200),
      prev_hash text not null,
      hash text not null,
      unique (ledger_id, seq),
      unique (ledger_id, idempotency_key)
    );
    create index ledger_entries_date on ledger_entries (ledger_id, entry_date);
    -- an entry is reversed at most once
    create unique index ledger_entries_reversal on ledger_entries (ledger_id, reverses_seq) where reverses_seq is not null;
    -- statements find the month's remuneration accrual without scanning the ledger
    create index ledger_entries_remuneration on ledger_entries (ledger_id, (refs->>'period')) where reason = 'remuneration_accrual';
    create index ledger_entries_counterparty on ledger_entries (ledger_id, counterparty) where counterparty is not null;

    create table ledger_lines (
      entry_id bigint not null references ledger_entries(id),
      line_no int not null check (line_no > 0),
      ledger_id bigint not null,
      account_code text not null,
      debit_fen bigint not null check (debit_fen >= 0),
      credit_fen bigint not null check (credit_fen >= 0),
      check ((debit_fen > 0) <> (credit_fen > 0)),
      primary key (entry_id, line_no),
      foreign key (ledger_id, account_code) references ledger_accounts(ledger_id, code)
    );
    create index ledger_lines_account on ledger_lines (ledger_id, account_code);

    create table ledger_vouchers (
      entry_id bigint not null references ledger_entries(id),
      position int not null check (position > 0),
      sha256 text not null references files(sha256),
      file_name text not null,
      primary key (entry_id, position)
    );

    -- balances maintained in the posting transaction: a statement never sums lines
    create table ledger_balances (
      ledger_id bigint not null,
      account_code text not null,
      period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
      debit_fen bigint not null default 0,
      credit_fen bigint not null default 0,
      primary key (ledger_id, account_code, period),
      foreign key (ledger_id, account_code) references ledger_accounts(ledger_id, code)
    );

    create table ledger_periods (
      ledger_id bigint not null references ledgers(id),
      period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
      closed_at timestamptz not null,
      closed_by bigint references accounts(id),
      checkpoint_seq bigint not null,
      checkpoint_hash text not null,
      primary key (ledger_id, period)
    );

    create table disclosures (
      ledger_id bigint not null references ledgers(id),
      period text not null,
      published_at timestamptz not null,
      published_by bigint references accounts(id),
      checkpoint_seq bigint not null,
      checkpoint_hash text not null,
      primary key (ledger_id, period),
      foreign key (ledger_id, period) references ledger_periods(ledger_id, period)
    );

    create table voucher_views (
      id bigint generated always as identity primary key,
      account_id bigint references accounts(id),
      entry_id bigint not null references ledger_entries(id),
      sha256 text not null,
      at timestamptz not null default now()
    );
    create index voucher_views_entry on voucher_views (entry_id, at);

    -- the trust contract's remuneration terms, by effective date
    create table trust_contracts (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      effective_from date not null,
      rate_bp int not null check (rate_bp between 0 and 10000),
      base text not null check (base in ('received_fees_and_public_revenue', 'received_fees', 'all_income')),
      cap_fen bigint check (cap_fen >= 0),
      -- how the monthly service-quality score reduces the remuneration (filled by the quality issue)
      quality_rule jsonb,
      document text,
      created_at timestamptz not null default now(),
      unique (community_id, effective_from)
    );

    -- Trust Law art. 36: no remuneration is paid while a breach is uncured
    create table trust_breaches (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      recorded_at timestamptz not null,
      description text not null,
      cured_at timestamptz
    );

    -- append-only in the database as well as in code
    create function xinyi_refuse_change() returns trigger language plpgsql as $fn$
    begin
      raise exception 'ledger rows are append-only: % on % refused', tg_op, tg_table_name using errcode = 'P0001';
    end $fn$;
    create trigger ledger_entries_append_only before update or delete on ledger_entries for each row execute function xinyi_refuse_change();
    create trigger ledger_lines_append_only before update or delete on ledger_lines for each row execute function xinyi_refuse_change();
    create trigger ledger_vouchers_append_only before update or delete on ledger_vouchers for each row execute function xinyi_refuse_change();
    create trigger ledger_periods_append_only before update or delete on ledger_periods for each row execute function xinyi_refuse_change();
    create trigger ledger_entries_no_truncate before truncate on ledger_entries for each statement execute function xinyi_refuse_change();
    create trigger ledger_lines_no_truncate before truncate on ledger_lines for each statement execute function xinyi_refuse_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table trust_breaches, trust_contracts, voucher_views, disclosures, ledger_periods, ledger_balances, ledger_vouchers,
      ledger_lines, ledger_entries, ledger_heads, ledger_accounts, ledger_files, ledgers, files;
    drop function xinyi_refuse_change();
  `.execute(db);
}

/**
 * Billing and collection (DESIGN §2.3): fee schedules, bill runs and bills, payments and their
 * allocation to bills, prepayments and refunds, bank statement imports, maintained collection
 * figures, and arrears reminders. Money in fen (bigint), areas in centi-m², rates in centi-fen
 * per m² per month (1.10 yuan/m² = 110.00 fen = 11000).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- per community: how owners may pay online, where bank transfers go, the bank file's columns
    create table billing_settings (
      community_id bigint primary key references communities(id),
      online_payments text not null default 'off' check (online_payments in ('off', 'simulated')),
      payee_name text,
      payee_bank text,
      payee_account text,
      bank_mapping jsonb
    );

    create sequence receipt_numbers;

    create table fee_schedules (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      unit_kind text not null check (unit_kind in ('residential', 'commercial', 'parking', 'storage')),
      rate_cf_per_m2 bigint not null check (rate_cf_per_m2 > 0 and rate_cf_per_m2 <= 100000000),
      effective_from date not null,
      decision_ref text not null check (length(decision_ref) between 1 and 300),
      decision_id bigint,
      document_sha256 text references files(sha256),
      document_name text,
      created_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      unique (community_id, unit_kind, effective_from)
    );

    create table bill_runs (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      idempotency_key text not null,
      period text not null,
      period_kind text not null check (period_kind in ('month', 'quarter', 'year')),
      first_month text not null check (first_month ~ '^[0-9]{4}-[0-9]{2}$'),
      last_month text not null check (last_month ~ '^[0-9]{4}-[0-9]{2}$'),
      issued_on date not null,
      due_on date not null,
      supplementary boolean not null default false,
      bill_count integer not null,
      total_fen bigint not null check (total_fen >= 0),
      ledger_seq bigint,
      created_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      unique (community_id, idempotency_key)
    );
    create index bill_runs_period on bill_runs (community_id, first_month, last_month);

    create table bills (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      run_id bigint not null references bill_runs(id),
      unit_id bigint not null references units(id),
      building_id bigint not null references buildings(id),
      unit_kind text not null,
      period text not null,
      first_month text not null,
      last_month text not null,
      months integer not null check (months between 1 and 12),
      area_cm2 bigint not null check (area_cm2 > 0),
      amount_fen bigint not null check (amount_fen > 0),
      paid_fen bigint not null default 0 check (paid_fen >= 0 and paid_fen <= amount_fen),
      ontime_fen bigint not null default 0 check (ontime_fen >= 0 and ontime_fen <= paid_fen),
      detail jsonb not null,
      issued_on date not null,
      due_on date not null,
      settled_on date,
      unique (unit_id, first_month)
    );
    create index bills_run on bills (run_id);
    -- overdue bills for aging and arrears, read from the index alone
    create index bills_open on bills (community_id, due_on) include (unit_id, amount_fen, paid_fen) where paid_fen < amount_fen;

    -- one row per billed unit: its prepayment balance, and the row a payment locks so that
    -- payments for one unit allocate one after the other
    create table unit_billing (
      unit_id bigint primary key references units(id),
      community_id bigint not null references communities(id),
      prepaid_fen bigint not null default 0 check (prepaid_fen >= 0)
    );

    create table payments (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      unit_id bigint not null references units(id),
      idempotency_key text not null,
      channel text not null check (channel in ('bank', 'wechat', 'alipay', 'cash', 'pos')),
      amount_fen bigint not null check (amount_fen > 0),
      paid_on date not null,
      reference text,
      note text,
      receipt_no text not null,
      ledger_seq bigint not null,
      bank_line_id bigint,
      recorded_by bigint references accounts(id),
      recorded_at timestamptz not null default now(),
      unique (community_id, idempotency_key),
      unique (community_id, receipt_no)
    );
    create index payments_unit on payments (unit_id, paid_on);

    create table allocations (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      unit_id bigint not null references units(id),
      bill_id bigint not null references bills(id),
      payment_id bigint references payments(id),
      run_id bigint references bill_runs(id),
      source text not null check (source in ('payment', 'prepayment')),
      amount_fen bigint not null check (amount_fen > 0),
      allocated_on date not null,
      check ((source = 'payment') = (payment_id is not null))
    );
    create index allocations_bill on allocations (bill_id);
    create index allocations_payment on allocations (payment_id);
    create index allocations_unit on allocations (unit_id);

    create table refunds (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      unit_id bigint not null references units(id),
      idempotency_key text not null,
      channel text not null check (channel in ('bank', 'wechat', 'alipay', 'cash', 'pos')),
      amount_fen bigint not null check (amount_fen > 0),
      refunded_on date not null,
      reason text not null,
      ledger_seq bigint not null,
      recorded_by bigint references accounts(id),
      recorded_at timestamptz not null default now(),
      unique (community_id, idempotency_key)
    );
    create index refunds_unit on refunds (unit_id);

    -- maintained with every bill and allocation (same transaction), so that the collection
    -- figures read a few hundred rows, not every bill; checked against the bills by tests
    create table collection_stats (
      community_id bigint not null references communities(id),
      period text not null,
      first_month text not null,
      building_id bigint not null,
      unit_kind text not null,
      billed_units integer not null default 0,
      billed_fen bigint not null default 0,
      paid_units integer not null default 0,
      paid_fen bigint not null default 0,
      ontime_units integer not null default 0,
      ontime_fen bigint not null default 0,
      primary key (community_id, period, building_id, unit_kind)
    );

    create table bank_imports (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      file_sha256 text not null,
      file_name text not null,
      encoding text not null,
      mapping jsonb not null,
      line_count integer not null,
      imported_by bigint references accounts(id),
      imported_at timestamptz not null default now(),
      unique (community_id, file_sha256)
    );

    create table bank_lines (
      id bigint generated always as identity primary key,
      import_id bigint not null references bank_imports(id),
      community_id bigint not null references communities(id),
      line_no integer not null,
      txn_date date not null,
      amount_fen bigint not null check (amount_fen > 0),
      counterparty text not null,
      memo text not null,
      serial text,
      fingerprint text not null,
      status text not null check (status in ('matched', 'ambiguous', 'unmatched', 'duplicate', 'confirmed', 'ignored')),
      match_rule text,
      unit_id bigint references units(id),
      candidates jsonb not null default '[]',
      payment_id bigint references payments(id),
      unique (import_id, line_no)
    );
    create unique index bank_lines_fingerprint on bank_lines (community_id, fingerprint) where status <> 'duplicate';
    create index bank_lines_import on bank_lines (import_id, status);

    create table reminders (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      unit_id bigint not null references units(id),
      stage integer not null check (stage between 1 and 3),
      issued_on date not null,
      reply_by date not null,
      arrears_fen bigint not null check (arrears_fen > 0),
      oldest_month text not null,
      bill_count integer not null,
      created_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (unit_id, issued_on, stage)
    );
    create index reminders_unit on reminders (unit_id, issued_on);

    -- money tables are append-only in what they record: amounts never change afterwards
    create function billing_forbid_change() returns trigger language plpgsql as $$
    begin
      raise exception 'billing records are append-only (% on %)', tg_op, tg_table_name using errcode = '55000';
    end $$;
    create trigger payments_append_only before update or delete on payments for each row execute function billing_forbid_change();
    create trigger allocations_append_only before update or delete on allocations for each row execute function billing_forbid_change();
    create trigger refunds_append_only before update or delete on refunds for each row execute function billing_forbid_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table billing_settings, reminders, bank_lines, bank_imports, collection_stats, refunds, allocations, payments, unit_billing, bills, bill_runs, fee_schedules;
    drop function billing_forbid_change;
    drop sequence receipt_numbers;
  `.execute(db);
}

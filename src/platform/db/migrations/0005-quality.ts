/**
 * Service quality (DESIGN §2.6): a community's quality settings (working-hour calendar, score
 * weights, the reopen window), its standards catalogue in versions that follow the trust
 * contract, work orders (报修/投诉) with their SLA fixed when filed and every move kept as an
 * event, inspections against the catalogue with scored items and findings, satisfaction surveys
 * with one response per household, and the monthly performance score that the ledger's month
 * close turns into a remuneration deduction. Rules: src/modules/quality/*.ts.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- null columns take the defaults of quality.calendar.ts / quality.score.ts / quality.rules.ts
    create table quality_settings (
      community_id bigint primary key references communities(id),
      -- WorkingCalendarConfig: workdays, hours, holidays, workdaysExtra
      calendar jsonb,
      -- ScoreWeights: slaBp, inspectionBp, satisfactionBp
      weights jsonb,
      reopen_days integer check (reopen_days between 1 and 60),
      updated_by bigint references accounts(id),
      updated_at timestamptz not null default now()
    );

    -- the standards catalogue: a new version with each contract change, never edited in place
    create table quality_catalogues (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      version integer not null check (version >= 1),
      effective_from date not null,
      contract_ref text not null check (length(contract_ref) between 1 and 300),
      -- StandardCategory[] (quality.catalogue.ts), checked by assertCatalogue
      catalogue jsonb not null,
      created_by bigint references accounts(id),
      created_at timestamptz not null,
      unique (community_id, version),
      unique (community_id, effective_from)
    );

    create table work_orders (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      -- the household filing it (null: filed for a common area by staff or a committee member)
      unit_id bigint references units(id),
      filed_by bigint not null references accounts(id),
      kind text not null check (kind in ('repair', 'complaint')),
      category text not null check (length(category) between 1 and 40),
      urgent boolean not null default false,
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 5000),
      location text not null default '' check (length(location) <= 200),
      -- personal: shown only to the filing household and the trustee's staff
      contact_name text check (length(contact_name) <= 100),
      contact_phone text check (length(contact_phone) <= 40),
      state text not null default 'submitted' check (state in ('submitted', 'assigned', 'in_progress', 'resolved', 'closed', 'cancelled')),
      -- the SLA as it was when filed (SlaTarget) and the calendar it runs on
      sla jsonb not null,
      catalogue_version integer,
      submitted_at timestamptz not null,
      assigned_at timestamptz,
      assignee text check (length(assignee) <= 100),
      resolved_at timestamptz,
      closed_at timestamptz,
      cancelled_at timestamptz,
      rating smallint check (rating between 1 and 5),
      rating_comment text check (length(rating_comment) <= 1000),
      -- the inspection finding it came from
      inspection_item_id bigint,
      idempotency_key text not null check (length(idempotency_key) between 1 and 200),
      unique (filed_by, idempotency_key)
    );
    create index work_orders_community on work_orders (community_id, submitted_at desc);
    create index work_orders_open on work_orders (community_id, state) where state not in ('closed', 'cancelled');
    create index work_orders_unit on work_orders (unit_id) where unit_id is not null;

    -- every move of a work order, with its note and photos (file SHA-256s); append-only
    create table work_order_events (
      id bigint generated always as identity primary key,
      work_order_id bigint not null references work_orders(id),
      at timestamptz not null,
      actor_id bigint references accounts(id),
      actor_role text not null check (actor_role in ('resident', 'trustee', 'system')),
      from_state text,
      to_state text not null,
      note text not null default '' check (length(note) <= 2000),
      photos text[] not null default '{}'
    );
    create index work_order_events_order on work_order_events (work_order_id, id);

    create table inspections (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      catalogue_version integer not null,
      inspected_on date not null,
      inspector_id bigint not null references accounts(id),
      state text not null default 'draft' check (state in ('draft', 'submitted')),
      -- the average of the items' scores, basis points 0–10000, once submitted
      score_bp integer check (score_bp between 0 and 10000),
      note text not null default '' check (length(note) <= 2000),
      created_at timestamptz not null,
      submitted_at timestamptz
    );
    create index inspections_community on inspections (community_id, inspected_on);

    create table inspection_items (
      id bigint generated always as identity primary key,
      inspection_id bigint not null references inspections(id),
      item_code text not null check (length(item_code) between 1 and 40),
      score_bp integer not null check (score_bp between 0 and 10000),
      finding text not null default '' check (length(finding) <= 2000),
      photos text[] not null default '{}',
      work_order_id bigint references work_orders(id),
      unique (inspection_id, item_code)
    );
    alter table work_orders add foreign key (inspection_item_id) references inspection_items(id);

    create table surveys (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      -- the quarter (or month) asked about: 2026-Q1, 2026-03
      period text not null check (period ~ '^[0-9]{4}-(Q[1-4]|[0-9]{2})$'),
      opens_on date not null,
      closes_on date not null check (closes_on >= opens_on),
      -- category codes asked about
      categories text[] not null,
      created_by bigint references accounts(id),
      created_at timestamptz not null,
      unique (community_id, period)
    );

    -- one response per household (unit); a later answer of the household replaces its earlier one
    create table survey_responses (
      survey_id bigint not null references surveys(id),
      unit_id bigint not null references units(id),
      account_id bigint not null references accounts(id),
      -- { category code: rating 1–5 }
      ratings jsonb not null,
      comment text not null default '' check (length(comment) <= 2000),
      submitted_at timestamptz not null,
      primary key (survey_id, unit_id)
    );

    -- the month's score as computed (MonthlyScore), kept for the statement and the remuneration
    create table quality_scores (
      community_id bigint not null references communities(id),
      period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
      score_bp integer check (score_bp between 0 and 10000),
      parts jsonb not null,
      deduction_bp integer not null default 0 check (deduction_bp between 0 and 10000),
      computed_at timestamptz not null,
      primary key (community_id, period)
    );

    create function work_order_events_append_only() returns trigger language plpgsql as $fn$
    begin
      raise exception 'work order events are append-only: % on % refused', tg_op, tg_table_name using errcode = 'P0001';
    end $fn$;
    create trigger work_order_events_append_only before update or delete on work_order_events for each row execute function work_order_events_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table work_orders drop constraint if exists work_orders_inspection_item_id_fkey;
    drop table quality_scores, survey_responses, surveys, inspection_items, inspections, work_order_events, work_orders, quality_catalogues, quality_settings;
    drop function work_order_events_append_only();
  `.execute(db);
}

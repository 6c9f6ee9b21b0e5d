/**
 * Open budget and spending controls (DESIGN §2.4, §2.2 spending controls): a budget year per
 * community in versions (the trustee's draft, revisions during consultation, supplementary
 * budgets), lines keyed by a code that stays the same from version to version, residents'
 * comments on lines with support or objection (hidden by the committee, never deleted, every
 * hiding logged), the trustee's answers published with the revision that answers them, adoption
 * by an owners' decision, final accounts; expense proposals bound to a budget line, with quotes,
 * approvals, the owners' decision they rest on, emergency disclosure and ratification, and the
 * ledger entry they were posted as. Rules: src/modules/budget/*.rules.ts.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- spending thresholds per community; null columns take the defaults of spending.rules.ts
    create table budget_settings (
      community_id bigint primary key references communities(id),
      committee_threshold_fen bigint check (committee_threshold_fen > 0),
      owners_threshold_fen bigint check (owners_threshold_fen > 0),
      tender_threshold_fen bigint check (tender_threshold_fen > 0),
      min_quotes integer check (min_quotes between 2 and 10),
      disclose_within_days integer check (disclose_within_days between 1 and 30),
      updated_by bigint references accounts(id),
      updated_at timestamptz not null default now()
    );

    create table budgets (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      year integer not null check (year between 2000 and 2100),
      title text not null check (length(title) between 1 and 200),
      created_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      unique (community_id, year),
      unique (id, community_id)
    );

    -- a version: the basis figures and lines as the trustee drafted them. A draft is edited in
    -- place; once published it never changes, a revision is a new version.
    create table budget_versions (
      id bigint generated always as identity primary key,
      budget_id bigint not null references budgets(id),
      number integer not null check (number >= 1),
      kind text not null check (kind in ('original', 'supplementary')),
      state text not null check (state in ('draft', 'consultation', 'superseded', 'voting', 'adopted', 'rejected')),
      -- the basis (DESIGN §2.4): what the fees would bring if all were paid, the collection rate
      -- realistically expected, public revenue and other income, surplus of earlier years drawn on
      fee_income_fen bigint not null default 0 check (fee_income_fen >= 0),
      collection_rate_bp integer not null default 9500 check (collection_rate_bp between 0 and 10000),
      public_revenue_fen bigint not null default 0 check (public_revenue_fen >= 0),
      other_income_fen bigint not null default 0 check (other_income_fen >= 0),
      reserve_fen bigint not null default 0 check (reserve_fen >= 0),
      basis text not null default '' check (length(basis) <= 5000),
      -- what this version changes and why (the revision note)
      note text not null default '' check (length(note) <= 5000),
      created_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      published_at timestamptz,
      published_by bigint references accounts(id),
      consultation_ends_on date,
      -- the owners' decision and its item that adopt (or adopted) this version
      decision_id bigint references decisions(id),
      decision_item integer,
      submitted_at timestamptz,
      submitted_by bigint references accounts(id),
      adopted_at timestamptz,
      closed_note text,
      unique (budget_id, number),
      check ((decision_id is null) = (decision_item is null)),
      check (state = 'draft' or published_at is not null),
      check (state not in ('voting', 'adopted') or decision_id is not null)
    );
    -- one draft at a time per budget
    create unique index budget_versions_one_draft on budget_versions (budget_id) where state = 'draft';

    create table budget_lines (
      version_id bigint not null references budget_versions(id),
      code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$'),
      position integer not null check (position >= 1),
      account_code text not null check (account_code ~ '^5[0-9]{3}$'),
      name text not null check (length(name) between 1 and 100),
      amount_fen bigint not null check (amount_fen >= 0 and amount_fen <= 100000000000000),
      basis text not null default '' check (length(basis) <= 2000),
      -- a standards catalogue item (quality module) the line pays for, where there is one
      standard_code text check (length(standard_code) <= 40),
      primary key (version_id, code),
      unique (version_id, position)
    );

    create table budget_comments (
      id bigint generated always as identity primary key,
      version_id bigint not null references budget_versions(id),
      -- null: on the budget as a whole
      line_code text,
      author_id bigint not null references accounts(id),
      author_role text not null check (author_role in ('owner', 'resident')),
      stance text not null check (stance in ('support', 'oppose', 'comment')),
      body text not null check (length(body) between 1 and 2000),
      idempotency_key text not null check (length(idempotency_key) between 1 and 200),
      created_at timestamptz not null default now(),
      hidden_at timestamptz,
      hidden_by bigint references accounts(id),
      hidden_reason text,
      check ((hidden_at is null) = (hidden_by is null) and (hidden_at is null) = (hidden_reason is null)),
      unique (author_id, idempotency_key)
    );
    create index budget_comments_version on budget_comments (version_id);

    -- every hiding and unhiding: comments are never deleted
    create table budget_comment_moderation (
      id bigint generated always as identity primary key,
      comment_id bigint not null references budget_comments(id),
      action text not null check (action in ('hide', 'unhide')),
      reason text not null check (length(reason) between 1 and 500),
      by_account bigint not null references accounts(id),
      at timestamptz not null default now()
    );
    create index budget_comment_moderation_comment on budget_comment_moderation (comment_id);

    -- the trustee's answer to a comment, published with the version that answers it
    create table budget_answers (
      comment_id bigint primary key references budget_comments(id),
      version_id bigint not null references budget_versions(id),
      body text not null check (length(body) between 1 and 2000),
      answered_by bigint references accounts(id),
      answered_at timestamptz not null default now()
    );

    -- year-end final accounts (决算): the figures as published and the explanation of variances
    create table budget_final_accounts (
      budget_id bigint primary key references budgets(id),
      summary text not null check (length(summary) between 1 and 5000),
      -- [{ line, budgetFen, actualFen, varianceFen, explanation }]
      figures jsonb not null,
      published_at timestamptz not null,
      published_by bigint references accounts(id)
    );

    create table expense_proposals (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      budget_id bigint references budgets(id),
      line_code text,
      account_code text not null check (account_code ~ '^5[0-9]{3}$'),
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 5000),
      counterparty text not null check (length(counterparty) between 1 and 200),
      amount_fen bigint not null check (amount_fen > 0 and amount_fen <= 100000000000000),
      emergency boolean not null default false,
      emergency_reason text,
      state text not null check (state in ('pending', 'approved', 'rejected', 'withdrawn', 'posted')),
      -- what the amount needed when proposed (spending.rules.ts): member, committee or owners
      approval_level text not null check (approval_level in ('member', 'committee', 'owners')),
      quotes_required integer not null default 0 check (quotes_required >= 0),
      choice_reason text,
      decision_id bigint references decisions(id),
      decision_item integer,
      proposed_by bigint not null references accounts(id),
      proposed_at timestamptz not null,
      approved_at timestamptz,
      disclosed_at timestamptz,
      disclosed_by bigint references accounts(id),
      ratification text check (ratification in ('pending', 'ratified', 'refused')),
      ratified_at timestamptz,
      ledger_seq bigint,
      posted_at timestamptz,
      posted_by bigint references accounts(id),
      idempotency_key text not null check (length(idempotency_key) between 1 and 200),
      unique (community_id, idempotency_key),
      check ((budget_id is null) = (line_code is null)),
      check (emergency or budget_id is not null),
      check (emergency = (emergency_reason is not null)),
      check (emergency = (ratification is not null)),
      check ((decision_id is null) = (decision_item is null)),
      check ((state = 'posted') = (ledger_seq is not null)),
      foreign key (budget_id, community_id) references budgets(id, community_id)
    );
    create index expense_proposals_line on expense_proposals (budget_id, line_code);
    create index expense_proposals_state on expense_proposals (community_id, state);

    create table expense_quotes (
      proposal_id bigint not null references expense_proposals(id),
      position integer not null check (position between 1 and 20),
      vendor text not null check (length(vendor) between 1 and 200),
      amount_fen bigint not null check (amount_fen > 0),
      sha256 text not null references files(sha256),
      file_name text not null check (length(file_name) between 1 and 200),
      chosen boolean not null default false,
      primary key (proposal_id, position)
    );
    create unique index expense_quotes_one_chosen on expense_quotes (proposal_id) where chosen;

    -- committee members' approvals and rejections (one each), and the trail of every step
    create table expense_approvals (
      proposal_id bigint not null references expense_proposals(id),
      account_id bigint not null references accounts(id),
      verdict text not null check (verdict in ('approve', 'reject')),
      note text not null default '' check (length(note) <= 1000),
      -- 'approval' before posting, 'ratification' of emergency spending
      purpose text not null check (purpose in ('approval', 'ratification')),
      at timestamptz not null,
      primary key (proposal_id, purpose, account_id)
    );

    create table expense_events (
      id bigint generated always as identity primary key,
      proposal_id bigint not null references expense_proposals(id),
      at timestamptz not null,
      by_account bigint references accounts(id),
      action text not null,
      detail jsonb not null default '{}'::jsonb
    );
    create index expense_events_proposal on expense_events (proposal_id, id);

    -- budget vs actual reads the year's expense entries by their budget link
    create index ledger_entries_budget on ledger_entries (ledger_id, (refs->>'budgetYear'), (refs->>'budgetLine')) where refs ? 'budgetLine';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists ledger_entries_budget;
    drop table expense_events;
    drop table expense_approvals;
    drop table expense_quotes;
    drop table expense_proposals;
    drop table budget_final_accounts;
    drop table budget_answers;
    drop table budget_comment_moderation;
    drop table budget_comments;
    drop table budget_lines;
    drop table budget_versions;
    drop table budgets;
    drop table budget_settings;
  `.execute(db);
}

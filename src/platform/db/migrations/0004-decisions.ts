/**
 * Owners' decisions (DESIGN §2.5): decisions with their items and attachments, the voter roll
 * frozen when voting opens, ballots hash-chained per decision with their receipts, paper
 * ballots awaiting a second committee member, written proxies, the counts; committee meetings
 * with their members, attendance and votes. A cast ballot can never be changed or deleted: the
 * database refuses it whoever asks (Civil Code art. 280: a decision can be challenged for a
 * year; everything that made it is kept).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table decisions (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      kind text not null check (kind in ('meeting', 'written')),
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 10000),
      meeting_place text check (length(meeting_place) <= 200),
      state text not null default 'draft' check (state in ('draft', 'noticed', 'voting', 'counted', 'objection', 'final', 'failed', 'withdrawn')),
      -- 物业管理条例 art. 14: at least 15 days; a community may give more
      notice_days integer not null default 15 check (notice_days between 15 and 365),
      objection_days integer not null default 7 check (objection_days between 1 and 365),
      -- voting is open from voting_opens_on through voting_closes_on (both Asia/Shanghai days, included)
      voting_opens_on date not null,
      voting_closes_on date not null check (voting_closes_on >= voting_opens_on),
      include_parking boolean not null default false,
      -- null: storage follows include_parking
      include_storage boolean,
      noticed_on date,
      opened_at timestamptz,
      closed_at timestamptz,
      published_on date,
      finished_on date,
      withdrawn_reason text,
      roll_total_area_cm2 bigint check (roll_total_area_cm2 >= 0),
      roll_total_headcount integer check (roll_total_headcount >= 0),
      roll_excluded_unit_ids bigint[],
      created_by bigint references accounts(id),
      created_at timestamptz not null default now()
    );
    create index decisions_community on decisions (community_id, id);
    -- the clock's job finds the decisions with a dated step ahead
    create index decisions_pending on decisions (state) where state in ('noticed', 'voting', 'objection');

    create table decision_items (
      id bigint generated always as identity primary key,
      decision_id bigint not null references decisions(id),
      position integer not null check (position between 1 and 50),
      -- Civil Code art. 278 ¶1 items 1–9: fixes the thresholds
      matter smallint not null check (matter between 1 and 9),
      title text not null check (length(title) between 1 and 200),
      body text not null default '' check (length(body) <= 10000),
      -- a fee standard proposal: applied as a fee schedule when the item passes
      fee_unit_kind text check (fee_unit_kind in ('residential', 'commercial', 'parking', 'storage')),
      fee_rate_cf bigint check (fee_rate_cf > 0 and fee_rate_cf <= 100000000),
      fee_effective_from date,
      check ((fee_unit_kind is null) = (fee_rate_cf is null) and (fee_rate_cf is null) = (fee_effective_from is null)),
      unique (decision_id, position),
      unique (id, decision_id)
    );

    create table decision_attachments (
      decision_id bigint not null references decisions(id),
      position integer not null check (position > 0),
      kind text not null check (kind in ('budget', 'contract', 'fee_proposal', 'minutes', 'other')),
      sha256 text not null references files(sha256),
      name text not null check (length(name) between 1 and 200),
      primary key (decision_id, position)
    );

    -- the voter roll, frozen when voting opens (SPC interpretation arts. 8–9, see roll.rules.ts)
    create table decision_voters (
      decision_id bigint not null references decisions(id),
      voter_id integer not null check (voter_id > 0),
      kind text not null check (kind in ('owners', 'developer', 'unowned')),
      unit_ids bigint[] not null,
      unit_codes text[] not null,
      area_cm2 bigint not null check (area_cm2 > 0),
      person_ids bigint[] not null,
      -- keyed hash, per decision: the export names voters by it
      pseudonym text not null,
      primary key (decision_id, voter_id),
      unique (decision_id, pseudonym)
    );
    -- a paper ballot names its voter by a unit code
    create index decision_voters_unit_codes on decision_voters using gin (unit_codes);

    -- who may cast for which voter: finds a caller's voters without scanning the roll
    create table decision_voter_persons (
      decision_id bigint not null,
      person_id bigint not null references persons(id),
      voter_id integer not null,
      primary key (decision_id, person_id, voter_id),
      foreign key (decision_id, voter_id) references decision_voters(decision_id, voter_id)
    );

    -- written proxies: the account may cast the voter's ballot online; the authorization is attached
    create table decision_proxies (
      decision_id bigint not null,
      voter_id integer not null,
      account_id bigint not null references accounts(id),
      authorization_sha256 text not null references files(sha256),
      authorization_name text not null,
      registered_by bigint not null references accounts(id),
      registered_at timestamptz not null,
      primary key (decision_id, voter_id),
      foreign key (decision_id, voter_id) references decision_voters(decision_id, voter_id)
    );
    create index decision_proxies_account on decision_proxies (account_id, decision_id);

    -- one per submission (an online ballot over one or more items, or a confirmed paper ballot);
    -- the receipt code itself is never stored, only its SHA-256
    create table ballot_receipts (
      id bigint generated always as identity primary key,
      decision_id bigint not null,
      voter_id integer not null,
      idempotency_key text not null check (length(idempotency_key) between 1 and 300),
      receipt_hash text not null unique,
      cast_by bigint references accounts(id),
      created_at timestamptz not null,
      unique (decision_id, idempotency_key),
      foreign key (decision_id, voter_id) references decision_voters(decision_id, voter_id)
    );

    create table paper_entries (
      id bigint generated always as identity primary key,
      decision_id bigint not null,
      voter_id integer not null,
      idempotency_key text not null check (length(idempotency_key) between 1 and 200),
      -- [{"item": position, "choice": "agree"|"oppose"|"abstain"}]
      choices jsonb not null,
      scan_sha256 text not null references files(sha256),
      authorization_sha256 text references files(sha256),
      entered_by bigint not null references accounts(id),
      entered_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'confirmed', 'rejected')),
      decided_by bigint references accounts(id),
      decided_at timestamptz,
      reject_reason text,
      receipt_id bigint references ballot_receipts(id),
      unique (decision_id, idempotency_key),
      foreign key (decision_id, voter_id) references decision_voters(decision_id, voter_id),
      -- two different committee members: who entered it never confirms it
      check (status <> 'confirmed' or (decided_by is not null and decided_by <> entered_by and receipt_id is not null))
    );
    create index paper_entries_pending on paper_entries (decision_id) where status = 'pending';

    create table ballots (
      id bigint generated always as identity primary key,
      decision_id bigint not null,
      item_id bigint not null,
      voter_id integer not null,
      choice text not null check (choice in ('agree', 'oppose', 'abstain')),
      channel text not null check (channel in ('online', 'paper', 'proxy')),
      receipt_id bigint not null references ballot_receipts(id),
      cast_by bigint references accounts(id),
      entered_by bigint references accounts(id),
      confirmed_by bigint references accounts(id),
      scan_sha256 text references files(sha256),
      authorization_sha256 text references files(sha256),
      paper_entry_id bigint references paper_entries(id),
      seq integer not null check (seq > 0),
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      cast_at timestamptz not null,
      -- one ballot per voter and item, whatever the channel
      unique (item_id, voter_id),
      unique (decision_id, seq),
      foreign key (item_id, decision_id) references decision_items(id, decision_id),
      foreign key (decision_id, voter_id) references decision_voters(decision_id, voter_id),
      check ((entered_by is null) = (confirmed_by is null)),
      check (entered_by is null or (entered_by <> confirmed_by and scan_sha256 is not null and paper_entry_id is not null)),
      check (channel <> 'online' or (entered_by is null and authorization_sha256 is null)),
      check (channel <> 'paper' or (entered_by is not null and authorization_sha256 is null)),
      check (channel <> 'proxy' or authorization_sha256 is not null)
    );
    create index ballots_voter on ballots (decision_id, voter_id);

    -- each count of a decision (a second round when an objection is upheld); the published one is the last
    create table decision_counts (
      decision_id bigint not null references decisions(id),
      round integer not null check (round > 0),
      counted_at timestamptz not null,
      counted_by bigint references accounts(id),
      ballot_count integer not null,
      last_seq integer not null,
      last_hash text not null,
      -- [{"item": position, "tally": Tally}] (tally.rules.ts)
      results jsonb not null,
      pending_paper integer not null default 0,
      objection text,
      primary key (decision_id, round)
    );

    -- committee meetings (DESIGN §2.5): members as at the meeting, attendance, one vote each, no proxies
    create table committee_meetings (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      title text not null check (length(title) between 1 and 200),
      motion text not null check (length(motion) between 1 and 10000),
      held_on date not null,
      member_count integer not null check (member_count > 0),
      state text not null default 'open' check (state in ('open', 'posted')),
      result jsonb,
      posted_on date,
      posted_by bigint references accounts(id),
      created_by bigint references accounts(id),
      created_at timestamptz not null default now()
    );
    create index committee_meetings_community on committee_meetings (community_id, held_on);

    create table committee_meeting_members (
      meeting_id bigint not null references committee_meetings(id),
      account_id bigint not null references accounts(id),
      name text not null,
      primary key (meeting_id, account_id)
    );

    create table committee_attendance (
      meeting_id bigint not null,
      account_id bigint not null,
      at timestamptz not null,
      primary key (meeting_id, account_id),
      foreign key (meeting_id, account_id) references committee_meeting_members(meeting_id, account_id)
    );

    create table committee_votes (
      meeting_id bigint not null,
      account_id bigint not null,
      choice text not null check (choice in ('agree', 'oppose', 'abstain')),
      cast_at timestamptz not null,
      primary key (meeting_id, account_id),
      foreign key (meeting_id, account_id) references committee_attendance(meeting_id, account_id)
    );

    create function decisions_refuse_change() returns trigger language plpgsql as $fn$
    begin
      raise exception 'decision records are append-only: % on % refused', tg_op, tg_table_name using errcode = 'P0001';
    end $fn$;
    create trigger ballots_append_only before update or delete on ballots for each row execute function decisions_refuse_change();
    create trigger ballots_no_truncate before truncate on ballots for each statement execute function decisions_refuse_change();
    create trigger ballot_receipts_append_only before update or delete on ballot_receipts for each row execute function decisions_refuse_change();
    create trigger decision_voters_append_only before update or delete on decision_voters for each row execute function decisions_refuse_change();
    create trigger decision_voter_persons_append_only before update or delete on decision_voter_persons for each row execute function decisions_refuse_change();
    create trigger decision_counts_append_only before update or delete on decision_counts for each row execute function decisions_refuse_change();
    create trigger decision_proxies_append_only before update or delete on decision_proxies for each row execute function decisions_refuse_change();
    create trigger committee_votes_append_only before update or delete on committee_votes for each row execute function decisions_refuse_change();
    create trigger committee_attendance_append_only before update or delete on committee_attendance for each row execute function decisions_refuse_change();

    -- a paper entry is decided once (pending → confirmed or rejected), never deleted nor re-keyed
    create function paper_entries_decide_once() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' or old.status <> 'pending' or new.choices <> old.choices or new.voter_id <> old.voter_id
         or new.entered_by <> old.entered_by or new.scan_sha256 <> old.scan_sha256
         or new.authorization_sha256 is distinct from old.authorization_sha256 then
        raise exception 'paper ballot entries are decided once: % on % refused', tg_op, tg_table_name using errcode = 'P0001';
      end if;
      return new;
    end $fn$;
    create trigger paper_entries_decide_once before update or delete on paper_entries for each row execute function paper_entries_decide_once();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table committee_votes, committee_attendance, committee_meeting_members, committee_meetings, decision_counts, ballots,
      paper_entries, ballot_receipts, decision_proxies, decision_voter_persons, decision_voters, decision_attachments, decision_items, decisions;
    drop function decisions_refuse_change();
    drop function paper_entries_decide_once();
  `.execute(db);
}

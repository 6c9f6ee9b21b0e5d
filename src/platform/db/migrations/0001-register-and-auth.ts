/** The register (DESIGN §2.1), accounts, role grants, sessions, invitations, audit log. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table communities (
      id bigint generated always as identity primary key,
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null check (length(name) between 1 and 100),
      name_en text,
      province text,
      city text,
      district text,
      street text,
      address text,
      trust_since date,
      created_at timestamptz not null default now()
    );

    create table grids (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      parent_id bigint references grids(id),
      name text not null check (length(name) between 1 and 100),
      unique nulls not distinct (community_id, parent_id, name)
    );

    create table buildings (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      name text not null check (length(name) between 1 and 50),
      unique (community_id, name)
    );

    create table units (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      building_id bigint not null references buildings(id),
      code text not null check (length(code) between 1 and 50),
      kind text not null check (kind in ('residential', 'commercial', 'parking', 'storage')),
      area_cm2 bigint not null check (area_cm2 > 0),
      delivery_status text not null check (delivery_status in ('delivered', 'undelivered', 'unsold')),
      grid_id bigint references grids(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (community_id, code)
    );
    create index units_building on units (building_id);

    create table persons (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      kind text not null default 'natural' check (kind in ('natural', 'organization')),
      name text not null check (length(name) between 1 and 100),
      phone text not null default '',
      -- 身份证号: AES-256-GCM with the deployment key; only the last four characters in clear
      id_number_enc text,
      id_number_last4 text,
      created_at timestamptz not null default now(),
      unique (community_id, name, phone)
    );

    create table unit_owners (
      unit_id bigint not null references units(id),
      person_id bigint not null references persons(id),
      community_id bigint not null references communities(id),
      primary key (unit_id, person_id)
    );
    create index unit_owners_person on unit_owners (person_id);

    create table unit_occupants (
      unit_id bigint not null references units(id),
      person_id bigint not null references persons(id),
      community_id bigint not null references communities(id),
      relation text not null default 'tenant' check (relation in ('tenant', 'family')),
      primary key (unit_id, person_id)
    );
    create index unit_occupants_person on unit_occupants (person_id);

    create table accounts (
      id bigint generated always as identity primary key,
      login text not null unique check (length(login) between 2 and 64),
      display_name text not null,
      password_hash text not null,
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );

    create table account_persons (
      account_id bigint not null references accounts(id),
      person_id bigint not null unique references persons(id),
      primary key (account_id, person_id)
    );

    create table role_grants (
      id bigint generated always as identity primary key,
      account_id bigint not null references accounts(id),
      role text not null check (role in ('owner', 'resident', 'committee', 'supervisor', 'trustee', 'grid_worker',
        'community_official', 'street_official', 'district_official', 'admin')),
      community_id bigint references communities(id),
      -- street and district officials: 'district' or 'district/street', matched against communities
      region text,
      granted_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      unique nulls not distinct (account_id, role, community_id, region)
    );

    create table sessions (
      token_hash text primary key,
      account_id bigint not null references accounts(id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text,
      ip text
    );
    create index sessions_account on sessions (account_id);

    create table login_attempts (
      id bigint generated always as identity primary key,
      login text not null,
      ip text not null,
      success boolean not null,
      at timestamptz not null default now()
    );
    create index login_attempts_login on login_attempts (login, at);
    create index login_attempts_ip on login_attempts (ip, at);

    create table invitations (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      unit_id bigint not null references units(id),
      code_hash text not null unique,
      created_by bigint references accounts(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      claimed_at timestamptz,
      claimed_by bigint references accounts(id)
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      account_id bigint references accounts(id),
      community_id bigint references communities(id),
      action text not null,
      subject text,
      details jsonb not null default '{}'::jsonb
    );
    create index audit_log_community on audit_log (community_id, at);

    create table roster_imports (
      id bigint generated always as identity primary key,
      community_id bigint not null references communities(id),
      file_sha256 text not null,
      account_id bigint references accounts(id),
      at timestamptz not null default now(),
      created integer not null,
      updated integer not null,
      unchanged integer not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table roster_imports, audit_log, invitations, login_attempts, sessions, role_grants, account_persons,
      accounts, unit_occupants, unit_owners, persons, units, buildings, grids, communities;
  `.execute(db);
}

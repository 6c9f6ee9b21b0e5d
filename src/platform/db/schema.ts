/**
 * Kysely's view of the tables (kept by hand beside the migrations; `int8` arrives as number,
 * see pg-types.ts; `date` as 'YYYY-MM-DD').
 */
import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type UnitKind = 'residential' | 'commercial' | 'parking' | 'storage';
export type DeliveryStatus = 'delivered' | 'undelivered' | 'unsold';
export type Role =
  | 'owner'
  | 'resident'
  | 'committee'
  | 'supervisor'
  | 'trustee'
  | 'grid_worker'
  | 'community_official'
  | 'street_official'
  | 'district_official'
  | 'admin';

export interface CommunitiesTable {
  id: Id;
  code: string;
  name: string;
  name_en: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  address: string | null;
  trust_since: string | null;
  created_at: CreatedAt;
}

export interface GridsTable {
  id: Id;
  community_id: number;
  parent_id: number | null;
  name: string;
}

export interface BuildingsTable {
  id: Id;
  community_id: number;
  name: string;
}

export interface UnitsTable {
  id: Id;
  community_id: number;
  building_id: number;
  code: string;
  kind: UnitKind;
  area_cm2: number;
  delivery_status: DeliveryStatus;
  grid_id: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PersonsTable {
  id: Id;
  community_id: number;
  kind: ColumnType<'natural' | 'organization', 'natural' | 'organization' | undefined, 'natural' | 'organization'>;
  name: string;
  phone: ColumnType<string, string | undefined, string>;
  id_number_enc: string | null;
  id_number_last4: string | null;
  created_at: CreatedAt;
}

export interface UnitOwnersTable {
  unit_id: number;
  person_id: number;
  community_id: number;
}

export interface UnitOccupantsTable {
  unit_id: number;
  person_id: number;
  community_id: number;
  relation: ColumnType<'tenant' | 'family', 'tenant' | 'family' | undefined, 'tenant' | 'family'>;
}

export interface AccountsTable {
  id: Id;
  login: string;
  display_name: string;
  password_hash: string;
  locale: ColumnType<'zh-CN' | 'en', 'zh-CN' | 'en' | undefined, 'zh-CN' | 'en'>;
  created_at: CreatedAt;
  disabled_at: Date | null;
}

export interface AccountPersonsTable {
  account_id: number;
  person_id: number;
}

export interface RoleGrantsTable {
  id: Id;
  account_id: number;
  role: Role;
  community_id: number | null;
  region: string | null;
  granted_by: number | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface LoginAttemptsTable {
  id: Id;
  login: string;
  ip: string;
  success: boolean;
  at: CreatedAt;
}

export interface InvitationsTable {
  id: Id;
  community_id: number;
  unit_id: number;
  code_hash: string;
  created_by: number | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  claimed_at: Date | null;
  claimed_by: number | null;
}

export interface AuditLogTable {
  id: Id;
  at: CreatedAt;
  account_id: number | null;
  community_id: number | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string | undefined, never>;
}

export interface RosterImportsTable {
  id: Id;
  community_id: number;
  file_sha256: string;
  account_id: number | null;
  at: CreatedAt;
  created: number;
  updated: number;
  unchanged: number;
}

export interface DB {
  communities: CommunitiesTable;
  grids: GridsTable;
  buildings: BuildingsTable;
  units: UnitsTable;
  persons: PersonsTable;
  unit_owners: UnitOwnersTable;
  unit_occupants: UnitOccupantsTable;
  accounts: AccountsTable;
  account_persons: AccountPersonsTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  roster_imports: RosterImportsTable;
}

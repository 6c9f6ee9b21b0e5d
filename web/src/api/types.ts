/** Response shapes of the Xinyi HTTP API (see the API contract in docs/). */

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

export type UnitKind = 'residential' | 'commercial' | 'parking' | 'storage';
export type DeliveryStatus = 'delivered' | 'undelivered' | 'unsold';

export interface Account {
  id: number;
  login: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
}

export interface RoleGrant {
  role: Role;
  communityCode: string | null;
  communityName: string | null;
  region: string | null;
}

export type Me =
  | { account: null }
  | { account: Account; csrfToken: string; roles: RoleGrant[] };

export type SignedIn = Extract<Me, { account: Account }>;

export interface Health {
  status: 'ok';
  engine: 'embedded' | 'external';
  version: string;
}

export interface CommunitySummary {
  code: string;
  name: string;
  nameEn: string | null;
  district: string | null;
  street: string | null;
}

export interface CommunityDetail {
  code: string;
  name: string;
  nameEn: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  address: string | null;
  trustSince: string | null;
  stats: {
    buildings: number;
    units: number;
    unitsByKind: Record<UnitKind, number>;
    totalAreaCm2: number;
    owners: number;
    tenants: number;
  };
  buildings: { name: string; units: number }[];
}

/** Person fields may arrive masked (张*, 138****1234) or with phone null, depending on role. */
export interface PersonContact {
  name: string;
  phone: string | null;
}

export interface RegisterUnit {
  id: number;
  code: string;
  building: string;
  kind: UnitKind;
  areaCm2: number;
  deliveryStatus: DeliveryStatus;
  grid: string | null;
  microGrid: string | null;
  owners: PersonContact[];
  tenants: PersonContact[];
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface UnitQuery {
  q?: string;
  building?: string;
  kind?: UnitKind;
  page?: number;
  pageSize?: number;
}

export interface Invitation {
  code: string;
  expiresAt: string;
}

export interface RosterImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface RosterRowError {
  row: number;
  column: string;
  code: string;
  message: string;
  value: string | null;
}

export interface MyUnit {
  communityCode: string;
  communityName: string;
  unitId: number;
  pseudonym: string | null;
  code: string;
  building: string;
  kind: UnitKind;
  areaCm2: number;
  deliveryStatus: DeliveryStatus;
  relation: 'owner' | 'tenant';
  owners: { name: string }[];
  tenants: { name: string }[];
}

// ---- the common fund ledger (amounts in fen, periods 'YYYY-MM', dates 'YYYY-MM-DD') ----

export type AccountType = 'asset' | 'liability' | 'net_assets' | 'income' | 'expense';

export interface AccountAmount {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
  debitFen: number;
  creditFen: number;
  /** in the account's natural direction */
  amountFen: number;
}

export interface RemunerationLine {
  period: string;
  baseFen: number;
  /** basis points: 1500 = 15.00 % */
  rateBp: number;
  grossFen: number;
  deductionFen: number;
  amountFen: number;
  seq: number;
}

export interface Statement {
  from: string;
  to: string;
  income: AccountAmount[];
  expense: AccountAmount[];
  incomeFen: number;
  expenseFen: number;
  surplusFen: number;
  fundBalanceFen: number;
  assets: AccountAmount[];
  liabilities: AccountAmount[];
  remuneration: RemunerationLine[];
  checkpoint: { period: string; seq: number; hash: string } | null;
}

export interface SeriesPoint {
  period: string;
  incomeFen: number;
  expenseFen: number;
  surplusFen: number;
  fundBalanceFen: number;
  closed: boolean;
}

export interface Series {
  from: string;
  to: string;
  items: SeriesPoint[];
}

export interface LedgerLine {
  account: string;
  debitFen: number;
  creditFen: number;
}

export interface Voucher {
  sha256: string;
  name: string;
}

export interface LedgerEntry {
  seq: number;
  date: string;
  memo: string;
  reason: string;
  /** a vendor, or a unit pseudonym — never a person's name */
  counterparty: string | null;
  budgetLine: string | null;
  reverses: number | null;
  reversedBy: number | null;
  refs: Record<string, string | number>;
  recordedAt: string;
  prevHash: string;
  hash: string;
  lines: LedgerLine[];
  vouchers: Voucher[];
}

export interface EntryQuery {
  period?: string;
  account?: string;
  counterparty?: string;
  page?: number;
  pageSize?: number;
}

export type DisclosureStatus = 'on_time' | 'late' | 'missing' | 'not_due';

export interface CalendarMonth {
  period: string;
  due: string;
  closed: boolean;
  checkpoint: { seq: number; hash: string } | null;
  publishedAt: string | null;
  status: DisclosureStatus;
}

export interface DisclosureCalendar {
  from: string;
  to: string;
  today: string;
  items: CalendarMonth[];
}

export interface TrialBalance {
  to: string;
  accounts: AccountAmount[];
  debitFen: number;
  creditFen: number;
}

export interface StoredVoucher {
  sha256: string;
  mediaType: string;
  sizeBytes: number;
}

export interface NewEntry {
  idempotencyKey: string;
  date: string;
  memo: string;
  reason: string;
  counterparty?: string | null;
  budgetLine?: string | null;
  lines: LedgerLine[];
  vouchers?: Voucher[];
}

export interface Posted {
  seq: number;
  hash: string;
  /** false when this idempotency key had been posted before */
  created: boolean;
}

export interface VoucherView {
  at: string;
  accountId: number | null;
  /** display name of the viewing account */
  viewer: string | null;
  seq: number;
  sha256: string;
  name: string | null;
}

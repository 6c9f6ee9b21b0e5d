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

import dayjs from 'dayjs';
import type { Me, Role, WorkOrder, WorkOrderState } from '../../api';
import { communitiesWith, holds, type Place } from '../billing/billingUtil';

/**
 * The category codes of the built-in catalogue (src/modules/quality/quality.catalogue.ts); their
 * names are UI messages (quality.category.*). A code not listed here (a community's own category)
 * is shown as it is.
 */
export const CATEGORIES = ['facilities', 'cleaning', 'security', 'greening', 'service'] as const;
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_MIB = 10;

export const STATE_COLORS: Record<WorkOrderState, string> = {
  submitted: 'gold',
  assigned: 'blue',
  in_progress: 'processing',
  resolved: 'cyan',
  closed: 'green',
  cancelled: 'default',
};

/** Who may do what (the server enforces, see workorders.routes.ts and inspections.routes.ts; this only decides what to show). */
const QUEUE_READERS: ReadonlySet<Role> = new Set<Role>(['trustee', 'committee', 'supervisor']);
const TRUSTEE: ReadonlySet<Role> = new Set<Role>(['trustee']);
const RESIDENTS: ReadonlySet<Role> = new Set<Role>(['owner', 'resident']);
const INSPECTORS: ReadonlySet<Role> = new Set<Role>(['committee', 'supervisor']);
const STANDARD_SETTERS: ReadonlySet<Role> = new Set<Role>(['committee']);
const DASHBOARD_READERS: ReadonlySet<Role> = new Set<Role>(['trustee', 'committee', 'supervisor', 'community_official', 'street_official', 'district_official']);

export const canReadQueue = (me: Me | null | undefined, c: Place) => holds(me, QUEUE_READERS, c);
export const canWorkOrders = (me: Me | null | undefined, c: Place) => holds(me, TRUSTEE, c);
export const isHousehold = (me: Me | null | undefined, c: Place) => holds(me, RESIDENTS, c);
export const canInspect = (me: Me | null | undefined, c: Place) => holds(me, INSPECTORS, c);
/** A new version of the service standards (POST quality/catalogue) is the committee's. */
export const canSetStandards = (me: Me | null | undefined, c: Place) => holds(me, STANDARD_SETTERS, c);

/** Communities whose quality page the header links to: those where the user reads the queue or the dashboards. */
export const qualityCommunities = (me: Me | null | undefined) => communitiesWith(me, DASHBOARD_READERS);

export const qualityPath = (code: string) => `/c/${encodeURIComponent(code)}/quality`;
export const workOrderPath = (code: string, id: number) => `/c/${encodeURIComponent(code)}/work-orders/${id}`;

/** The due time that matters now: the response due before assignment, the completion due while worked, none after. */
export function nextDue(o: Pick<WorkOrder, 'state' | 'sla'>): string | null {
  if (o.state === 'submitted') return o.sla.responseDueAt;
  if (o.state === 'assigned' || o.state === 'in_progress') return o.sla.completionDueAt;
  return null;
}

/** How long an order has been (or was) open, in whole days, hours and minutes. */
export function ageParts(o: Pick<WorkOrder, 'submittedAt' | 'closedAt' | 'cancelledAt'>, now: dayjs.Dayjs = dayjs()): { days: number; hours: number; minutes: number } {
  const end = o.closedAt ?? o.cancelledAt;
  const minutes = Math.max(0, (end ? dayjs(end) : now).diff(dayjs(o.submittedAt), 'minute'));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** The last `n` months ending with the current one, as YYYY-MM, oldest first. */
export function lastMonths(n: number, now: dayjs.Dayjs = dayjs()): string[] {
  return Array.from({ length: n }, (_, i) => now.subtract(n - 1 - i, 'month').format('YYYY-MM'));
}

/** An inspection's 0–100 points (at most two decimals) as basis points: 86.5 → 8650; null when out of range. */
export function pointsToBp(points: number | null | undefined): number | null {
  if (points === null || points === undefined || !Number.isFinite(points) || points < 0 || points > 100) return null;
  return Math.round(points * 100);
}

/** The item codes of the built-in catalogue by category (their texts come back with the inspection's items). */
export const CATALOGUE_ITEMS: Record<(typeof CATEGORIES)[number], readonly string[]> = {
  facilities: ['FAC-01', 'FAC-02', 'FAC-03', 'FAC-04', 'FAC-05', 'FAC-06'],
  cleaning: ['CLN-01', 'CLN-02', 'CLN-03', 'CLN-04', 'CLN-05'],
  security: ['SEC-01', 'SEC-02', 'SEC-03', 'SEC-04', 'SEC-05'],
  greening: ['GRN-01', 'GRN-02', 'GRN-03', 'GRN-04'],
  service: ['SVC-01', 'SVC-02', 'SVC-03', 'SVC-04'],
};

/** An SLA's minutes in the largest whole unit: 30 → 30 minutes, 960 → 16 hours, 90 → 90 minutes. */
export function slaSpan(minutes: number): { unit: 'minutes' | 'hours'; n: number } {
  return minutes >= 60 && minutes % 60 === 0 ? { unit: 'hours', n: minutes / 60 } : { unit: 'minutes', n: minutes };
}

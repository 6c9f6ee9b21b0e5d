/**
 * Reading work orders (DESIGN §2.6), by who asks:
 *
 *   the filing household   every account whose person owns or lives in the order's unit: its
 *                          orders in full (contact name and phone, photos, notes) —
 *                          GET /api/me/work-orders and the order itself.
 *   trustee                every order of the community in full: it has to call and visit.
 *   committee, supervisor  every order with its SLA, but without the contact name and phone and
 *                          without the photos (they may show the inside of a home): they
 *                          supervise the service, not the household.
 *   everyone               the month's aggregates only (stats): counts by category and state,
 *                          SLA compliance, the overdue count — no title, unit, name or phone.
 *
 * Small groups in the public statistics: the counts are shown even when a category has fewer
 * than five orders in a month. A count says that somebody reported, say, a lift fault; it names
 * no one and no unit, and the trustee's workload and compliance are exactly what the public is
 * meant to see. (Survey ratings are different — opinions — and are suppressed below five.)
 *
 * SLA status is computed on reading, at clock.now(), with the community's current working
 * calendar: a holiday added to the settings moves the due times of orders still running.
 */
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/db/schema.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { type Calendar, DAY_MS, dayOfDate, startOfDay } from './quality.calendar.js';
import { type SlaStatus, type SlaTarget, type WorkOrderState, WORK_ORDER_STATES, isTerminalWorkOrder, slaCompliance, slaStatus } from './quality.rules.js';
import type { QualitySettings } from './quality.settings.js';
import * as repo from './workorders.repository.js';
import type { Community } from './workorders.service.js';
import './workorders.messages.js';

export interface Viewer {
  accountId: number;
  /** the caller's roles in the community */
  roles: ReadonlySet<Role>;
}

type Row = repo.WorkOrderRow & { unit_code?: string | null };

/** Orders filed before this many days ahead of a month can still be due in it (longest SLA plus a long holiday). */
const LOOKBACK_DAYS = 62;

function slaOf(row: Pick<repo.WorkOrderRow, 'sla' | 'state' | 'submitted_at' | 'assigned_at' | 'resolved_at'>, cal: Calendar, now: Date): SlaStatus | null {
  if (row.state === 'cancelled') return null;
  return slaStatus({ submittedAt: row.submitted_at, respondedAt: row.assigned_at, resolvedAt: row.resolved_at }, row.sla as SlaTarget, cal, now);
}

function present(row: Row, cal: Calendar, now: Date, full: boolean) {
  const sla = row.sla as SlaTarget;
  const status = slaOf(row, cal, now);
  return {
    id: row.id,
    unitCode: row.unit_code ?? null,
    kind: row.kind,
    category: row.category,
    urgent: row.urgent,
    title: row.title,
    description: row.description,
    location: row.location,
    /** null unless the caller is the household or the trustee */
    contact: full ? { name: row.contact_name, phone: row.contact_phone } : null,
    state: row.state,
    assignee: row.assignee,
    submittedAt: row.submitted_at.toISOString(),
    assignedAt: row.assigned_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    rating: row.rating,
    ratingComment: row.rating_comment,
    catalogueVersion: row.catalogue_version,
    sla: {
      ...sla,
      responseDueAt: status?.responseDueAt.toISOString() ?? null,
      completionDueAt: status?.completionDueAt.toISOString() ?? null,
      responseMet: status?.responseMet ?? null,
      completionMet: status?.completionMet ?? null,
      overdue: status?.overdue ?? false,
    },
  };
}

export type WorkOrderView = ReturnType<typeof present>;

const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;

export function createWorkOrderViews(ctx: AppContext, settings: QualitySettings) {
  const { db } = ctx;

  /** 'full', 'redacted', or null when the viewer may not see the order at all. */
  async function sight(row: repo.WorkOrderRow, viewer: Viewer): Promise<'full' | 'redacted' | null> {
    if (viewer.roles.has('trustee')) return 'full';
    if (row.unit_id !== null && (await repo.householdUnitIds(db, viewer.accountId)).includes(row.unit_id)) return 'full';
    if (viewer.roles.has('committee') || viewer.roles.has('supervisor')) return 'redacted';
    return null;
  }

  async function visibleOrder(c: Community, id: number, viewer: Viewer) {
    const row = await repo.order(db, c.id, id);
    const seen = row && (await sight(row, viewer));
    if (!row || !seen) throw new NotFoundError('quality.work_order_not_found');
    return { row, seen };
  }

  return {
    /** The queue: trustee (in full), committee and supervisor (without contact); `overdue` keeps only overdue ones. */
    async list(c: Community, viewer: Viewer, f: { state?: WorkOrderState; open?: boolean; overdue?: boolean; limit?: number }) {
      const cal = await settings.calendarFor(c.id);
      const now = ctx.clock.now();
      const rows = await repo.list(db, c.id, { state: f.state, open: f.open, limit: f.limit ?? 200 });
      const full = viewer.roles.has('trustee');
      const items = rows.map((r) => present(r, cal, now, full));
      return f.overdue ? items.filter((i) => i.sla.overdue) : items;
    },

    /** One order with its events; photos and contact only for the household and the trustee. */
    async view(c: Community, id: number, viewer: Viewer) {
      const { row, seen } = await visibleOrder(c, id, viewer);
      const unit = row.unit_id === null ? undefined : await repo.unitInCommunity(db, c.id, row.unit_id);
      const full = seen === 'full';
      const events = await repo.events(db, row.id);
      return {
        ...present({ ...row, unit_code: unit?.code ?? null }, await settings.calendarFor(c.id), ctx.clock.now(), full),
        reopenUntil: row.state === 'resolved' && row.resolved_at ? new Date(row.resolved_at.getTime() + (await settings.reopenDaysFor(c.id)) * DAY_MS).toISOString() : null,
        events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor_role, from: e.from_state, to: e.to_state, note: e.note, photos: full ? e.photos : [] })),
      };
    },

    /** A photo of an order, for those who see it in full. */
    async photo(c: Community, id: number, sha256: string, viewer: Viewer) {
      const { row, seen } = await visibleOrder(c, id, viewer);
      // committee and supervisor see the order without its photos: for them there is none
      if (seen !== 'full' || !(await repo.isPhotoOf(db, row.id, sha256))) throw new NotFoundError('quality.photo_not_found');
      const [data, file] = await Promise.all([ctx.files.get(sha256), repo.mediaTypeOf(db, sha256)]);
      if (!data || !file) throw new Error(`work order photo ${sha256} is missing from the file store`);
      return { data, mediaType: file.media_type, name: `${sha256.slice(0, 12)}.${file.media_type === 'image/png' ? 'png' : 'jpg'}` };
    },

    /** 我的工单: the orders of every unit the caller's persons own or live in, in full. */
    async mine(accountId: number) {
      const rows = await repo.ofUnits(db, await repo.householdUnitIds(db, accountId), 200);
      const calendars = new Map<number, Calendar>();
      const now = ctx.clock.now();
      const out = [];
      for (const r of rows) {
        if (!calendars.has(r.community_id)) calendars.set(r.community_id, await settings.calendarFor(r.community_id));
        out.push({ ...present(r, calendars.get(r.community_id)!, now, true), community: { code: r.community_code, name: r.community_name } });
      }
      return out;
    },

    /**
     * The month's public figures (YYYY-MM, Asia/Shanghai): orders filed in the month by category
     * and by state, those of them overdue now, and SLA compliance over the orders whose
     * completion fell due in the month (slaCompliance; cancelled orders left out).
     */
    async stats(c: Community, month: string) {
      if (!monthRe.test(month)) throw new ValidationError('quality.bad_month', { value: month });
      const [y, m] = month.split('-').map(Number) as [number, number];
      const from = new Date(startOfDay(dayOfDate(`${month}-01`)));
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      const to = new Date(startOfDay(dayOfDate(`${next}-01`)));
      const rows = await repo.submittedBetween(db, c.id, new Date(from.getTime() - LOOKBACK_DAYS * DAY_MS), to);
      const cal = await settings.calendarFor(c.id);
      const now = ctx.clock.now();
      const statuses = rows.map((r) => ({ r, s: slaOf(r, cal, now) }));
      const inMonth = statuses.filter(({ r }) => r.submitted_at >= from);
      const byCategory = new Map<string, number>();
      const byState = new Map<WorkOrderState, number>(WORK_ORDER_STATES.map((s) => [s, 0]));
      for (const { r } of inMonth) {
        byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + 1);
        byState.set(r.state, byState.get(r.state)! + 1);
      }
      const compliance = slaCompliance(statuses.flatMap(({ s }) => (s ? [s] : [])), month);
      return {
        month,
        total: inMonth.length,
        byCategory: [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, count]) => ({ category, count })),
        byState: [...byState].map(([state, count]) => ({ state, count })),
        overdueCount: inMonth.filter(({ r, s }) => !isTerminalWorkOrder(r.state) && s?.overdue).length,
        sla: { ...compliance, complianceBp: compliance.dueCount ? Math.floor((compliance.metCount * 10_000) / compliance.dueCount) : null },
      };
    },
  };
}

export type WorkOrderViews = ReturnType<typeof createWorkOrderViews>;

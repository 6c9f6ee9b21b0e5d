/**
 * Service-quality rules (DESIGN §2.6), pure: the life of a work order (报修/投诉) as data, its
 * response and completion SLAs, and the month's SLA compliance. The monthly score, the
 * remuneration deduction and survey figures are in quality.score.ts; the default standards in
 * quality.catalogue.ts; working-hour arithmetic in quality.calendar.ts.
 */
import './quality.messages.js';
import { shanghaiDay } from '../../platform/clock.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.js';
import { CALENDAR_24X7, type Calendar, type CalendarKind, addWorkingMs, minutesToMs } from './quality.calendar.js';

// ---------------------------------------------------------------------------------------------
// lifecycle (CONVENTIONS 8: a state machine as data)

export const WORK_ORDER_STATES = ['submitted', 'assigned', 'in_progress', 'resolved', 'closed', 'cancelled'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];
/**
 * 'resident': the person who filed the order (an owner or a tenant; the service checks it is
 * them); 'trustee': the property company's staff; 'system': the clock.
 */
export type WorkOrderActor = 'resident' | 'trustee' | 'system';
export const WORK_ORDER_ACTORS: readonly WorkOrderActor[] = ['resident', 'trustee', 'system'];

/**
 * Who may move a work order. Choices:
 * - submitted → assigned is the trustee's acceptance and dispatch (受理派单): the order's first
 *   response, the event the response SLA measures.
 * - The resident may cancel only before assignment; afterwards a worker may be on the way, and
 *   the trustee resolves the order instead (with a note that it was withdrawn).
 * - Only the trustee works the order (assigned → in_progress → resolved). Changing the worker is
 *   an update of the assignee, not a move.
 * - resolved → closed: the resident confirms with a 1–5 rating (assertRating), or the system
 *   closes it without a rating once the reopen window has passed (autoCloseDue).
 * - resolved → in_progress: the resident reopens within the window (mayReopen); the same worker
 *   continues and the completion SLA is judged on the final resolution.
 * - closed and cancelled are terminal: a new problem is a new order.
 */
export const WORK_ORDER_TRANSITIONS: Readonly<Record<WorkOrderState, Partial<Record<WorkOrderState, readonly WorkOrderActor[]>>>> = {
  submitted: { assigned: ['trustee'], cancelled: ['resident'] },
  assigned: { in_progress: ['trustee'] },
  in_progress: { resolved: ['trustee'] },
  resolved: { closed: ['resident', 'system'], in_progress: ['resident'] },
  closed: {},
  cancelled: {},
};

export const TERMINAL_WORK_ORDER_STATES: readonly WorkOrderState[] = ['closed', 'cancelled'];

export const isTerminalWorkOrder = (s: WorkOrderState) => TERMINAL_WORK_ORDER_STATES.includes(s);

export function canMoveWorkOrder(from: WorkOrderState, to: WorkOrderState, actor: WorkOrderActor): boolean {
  return WORK_ORDER_TRANSITIONS[from]?.[to]?.includes(actor) ?? false;
}

/** Throws ConflictError when no one may make the move, ForbiddenError when only others may. */
export function assertWorkOrderMove(from: WorkOrderState, to: WorkOrderState, actor: WorkOrderActor): void {
  const allowed = WORK_ORDER_TRANSITIONS[from]?.[to];
  if (!allowed) throw new ConflictError('quality.bad_transition', { from, to });
  if (!allowed.includes(actor)) throw new ForbiddenError('quality.actor_not_allowed', { from, to, actors: allowed.join(', ') });
}

/** A resident's rating of a closed order or a survey answer: a whole number 1–5 (5 = 非常满意). */
export function assertRating(rating: number): number {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new ValidationError('quality.bad_rating', { value: String(rating) });
  return rating;
}

/** Days after resolution during which the resident may reopen; then the system closes the order. */
export const DEFAULT_REOPEN_DAYS = 7;

/** May the resident still reopen? Within `days` × 24 h of the resolution, the bound included. */
export function mayReopen(resolvedAt: Date, now: Date, days = DEFAULT_REOPEN_DAYS): boolean {
  return now.getTime() - resolvedAt.getTime() <= days * 86_400_000;
}

/** Is an unconfirmed resolved order due for closing by the system (the reopen window is over)? */
export const autoCloseDue = (resolvedAt: Date, now: Date, days = DEFAULT_REOPEN_DAYS) => !mayReopen(resolvedAt, now, days);

// ---------------------------------------------------------------------------------------------
// SLAs

export interface SlaTarget {
  /** from submission to the first response (assignment), in minutes of `calendar` */
  responseMinutes: number;
  /** from submission to resolution, in minutes of `calendar` */
  completionMinutes: number;
  /** 'working': the community's working hours; '24x7': around the clock (security, emergencies) */
  calendar: CalendarKind;
}

/** Targets are positive whole minutes, and a response cannot be due after the completion. */
export function assertSla(sla: SlaTarget): SlaTarget {
  const ok =
    Number.isSafeInteger(sla.responseMinutes) &&
    Number.isSafeInteger(sla.completionMinutes) &&
    sla.responseMinutes > 0 &&
    sla.responseMinutes <= sla.completionMinutes &&
    (sla.calendar === 'working' || sla.calendar === '24x7');
  if (!ok) throw new ValidationError('quality.bad_sla', { response: String(sla.responseMinutes), completion: String(sla.completionMinutes) });
  return sla;
}

export interface WorkOrderTimes {
  submittedAt: Date;
  /** the first move to 'assigned'; null while unanswered */
  respondedAt: Date | null;
  /** the last move to 'resolved' (after a reopening, the final one); null while unresolved */
  resolvedAt: Date | null;
}

export interface SlaStatus {
  responseDueAt: Date;
  completionDueAt: Date;
  /** true: on time (the due instant included); false: late, or still open after the due instant; null: open, not yet due */
  responseMet: boolean | null;
  completionMet: boolean | null;
  /** an open target is past its due instant now */
  overdue: boolean;
}

/**
 * Both clocks start at submission and count minutes of the SLA's calendar (`working` is the
 * community's working calendar, used when sla.calendar is 'working'). No pause: time waiting for
 * the resident (access to the flat, parts) counts — the simple rule both sides can check; a
 * category that often waits sets a longer target.
 */
export function slaStatus(times: WorkOrderTimes, sla: SlaTarget, working: Calendar, now: Date): SlaStatus {
  assertSla(sla);
  const cal = sla.calendar === '24x7' ? CALENDAR_24X7 : working;
  const responseDueAt = addWorkingMs(cal, times.submittedAt, minutesToMs(sla.responseMinutes));
  const completionDueAt = addWorkingMs(cal, times.submittedAt, minutesToMs(sla.completionMinutes));
  const judge = (doneAt: Date | null, dueAt: Date): boolean | null => {
    if (doneAt) return doneAt.getTime() <= dueAt.getTime();
    return now.getTime() > dueAt.getTime() ? false : null;
  };
  const responseMet = judge(times.respondedAt, responseDueAt);
  const completionMet = judge(times.resolvedAt, completionDueAt);
  const overdue = (!times.respondedAt && responseMet === false) || (!times.resolvedAt && completionMet === false);
  return { responseDueAt, completionDueAt, responseMet, completionMet, overdue };
}

export interface SlaCompliance {
  /** orders due in the month whose outcome is known */
  dueCount: number;
  /** of those, orders that met both the response and the completion target */
  metCount: number;
  /** orders due in the month still open and not yet due (only before the month has ended) */
  pendingCount: number;
}

/**
 * The month's SLA compliance (score component a). An order belongs to the month its completion
 * is due in (Asia/Shanghai), whenever it was filed; cancelled orders are left out by the caller.
 * It counts as met when both targets are met. Computed after the month has ended every order
 * due in it is decided (response due ≤ completion due ≤ month end < now); a provisional figure
 * during the month counts only the decided ones and reports the others as pending.
 */
export function slaCompliance(statuses: readonly SlaStatus[], month: string): SlaCompliance {
  const result: SlaCompliance = { dueCount: 0, metCount: 0, pendingCount: 0 };
  for (const s of statuses) {
    if (shanghaiDay(s.completionDueAt).slice(0, 7) !== month) continue;
    const met = s.responseMet === true && s.completionMet === true;
    if (met || s.responseMet === false || s.completionMet === false) {
      result.dueCount += 1;
      if (met) result.metCount += 1;
    } else {
      result.pendingCount += 1;
    }
  }
  return result;
}

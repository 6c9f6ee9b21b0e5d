/**
 * Work orders (报修/投诉, DESIGN §2.6): a resident files one for a unit they own or live in, with
 * photos; the trustee assigns, starts and resolves it; the resident confirms with a rating, or
 * reopens it within the window; the system closes what nobody confirmed once the window is over.
 * Reading (queues, the household's orders, public statistics) is in workorders.views.ts.
 *
 * Who moves an order is quality.rules.ts's WORK_ORDER_TRANSITIONS. Every move locks the order's
 * row, runs in one transaction, appends an event (work_order_events refuses UPDATE and DELETE)
 * and writes the audit log. The SLA is fixed when the order is filed: the category's targets in
 * the catalogue in force that day (workOrderSla), with the calendar kind it runs on; the working
 * calendar itself is the community's current one (quality.settings.ts).
 *
 * The resident's moves (confirm, reopen, cancel) are the filer's own, as quality.rules.ts says;
 * the rest of the household sees the order in full but does not act on it.
 */
import { audit } from '../../platform/audit.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { sha256Of, sniffVoucherType } from '../../platform/files.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { isStorableText } from '../ledger/ledger.rules.js';
import { type StandardCategory, workOrderSla } from './quality.catalogue.js';
import { type WorkOrderActor, type WorkOrderState, assertRating, assertWorkOrderMove, autoCloseDue, mayReopen } from './quality.rules.js';
import type { QualitySettings } from './quality.settings.js';
import * as repo from './workorders.repository.js';
import './quality.messages.js';
import './workorders.messages.js';

export type Community = Pick<CommunityRef, 'id' | 'code'>;
/** Who acts on an order: the resident or the trustee (their account), or the clock. */
export type Actor = { role: Exclude<WorkOrderActor, 'system'>; accountId: number } | { role: 'system'; accountId?: null };

export const SYSTEM: Actor = { role: 'system' };
export const trustee = (accountId: number): Actor => ({ role: 'trustee', accountId });
export const resident = (accountId: number): Actor => ({ role: 'resident', accountId });

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 9;
/** A photo over MAX_PHOTO_BYTES (or no photo at all) in an upload. */
export const photoTooBig = () => new ValidationError('quality.photo_size', { maxMiB: MAX_PHOTO_BYTES / 1024 / 1024 });

export interface FileInput {
  unitId: number;
  kind: 'repair' | 'complaint';
  category: string;
  urgent?: boolean;
  title: string;
  description?: string;
  location?: string;
  /** default: the name and phone the register holds for the caller's person */
  contactName?: string;
  contactPhone?: string;
  photos?: string[];
  idempotencyKey: string;
}

function text(value: string | undefined, max: number, what: string, required: boolean): string {
  const s = (value ?? '').trim();
  if ((required && s.length === 0) || s.length > max || !isStorableText(s)) throw new ValidationError('quality.bad_text', { what, max });
  return s;
}

export function createWorkOrdersService(ctx: AppContext, settings: QualitySettings) {
  const { db } = ctx;

  async function checkPhotos(t: Db, photos: readonly string[] | undefined): Promise<string[]> {
    const list = [...new Set(photos ?? [])];
    if (list.length > MAX_PHOTOS) throw new ValidationError('quality.too_many_photos', { max: MAX_PHOTOS });
    const known = await repo.imageShas(t, list);
    const missing = list.find((sha) => !known.has(sha));
    if (missing) throw new ValidationError('quality.photo_unknown', { sha256: missing });
    return list;
  }

  /**
   * One move: lock, check who may, apply, event, audit. `check` runs on the locked row before
   * anything is written (a window, a rating); `set` holds the columns the move changes.
   */
  async function move(
    c: Community,
    id: number,
    to: WorkOrderState,
    actor: Actor,
    opts: { note?: string; photos?: string[]; check?: (row: repo.WorkOrderRow, t: Db, now: Date) => Promise<void> | void; set?: (now: Date) => Parameters<typeof repo.updateOrder>[2] } = {},
  ) {
    return db.transaction().execute(async (t) => {
      const row = await repo.orderForUpdate(t, c.id, id);
      if (!row) throw new NotFoundError('quality.work_order_not_found');
      if (actor.role === 'resident' && row.filed_by !== actor.accountId) throw new ForbiddenError('quality.not_filer');
      assertWorkOrderMove(row.state, to, actor.role);
      const now = ctx.clock.now();
      await opts.check?.(row, t, now);
      const photos = await checkPhotos(t, opts.photos);
      const updated = await repo.updateOrder(t, row.id, { state: to, ...opts.set?.(now) });
      await repo.insertEvent(t, { workOrderId: row.id, at: now, actorId: actor.accountId ?? null, actorRole: actor.role, from: row.state, to, note: opts.note, photos });
      await audit(t, { accountId: actor.accountId ?? null, communityId: c.id, action: `quality.work_order_${to}`, subject: `work_order:${row.id}`, details: { from: row.state, to }, at: now });
      return { id: updated.id, state: updated.state };
    });
  }

  /** The same key and the same content: the same order; the same key and other content: refused. */
  async function replay(existing: repo.WorkOrderRow, candidate: ReturnType<typeof fingerprint>) {
    const first = (await repo.events(db, existing.id))[0];
    const stored = fingerprint({ ...existing, photos: first?.photos ?? [] });
    if (JSON.stringify(stored) !== JSON.stringify(candidate)) throw new ConflictError('quality.idempotency_conflict');
    return { id: existing.id, state: existing.state };
  }

  return {
    async communityOrThrow(code: string): Promise<Community> {
      const c = await repo.findCommunity(db, code);
      if (!c) throw new NotFoundError('community.not_found', { code });
      return c;
    },

    /** Stores a photo (JPEG or PNG by its bytes) for a work order or an inspection. */
    async storePhoto(data: Buffer) {
      if (data.length === 0 || data.length > MAX_PHOTO_BYTES) throw new ValidationError('quality.photo_size', { maxMiB: MAX_PHOTO_BYTES / 1024 / 1024 });
      const mediaType = sniffVoucherType(data);
      if (mediaType !== 'image/jpeg' && mediaType !== 'image/png') throw new ValidationError('quality.photo_type');
      const sha256 = await ctx.files.put(data);
      if (sha256 !== sha256Of(data)) throw new Error('file store returned a different hash');
      await repo.insertFile(db, { sha256, sizeBytes: data.length, mediaType });
      return { sha256, mediaType, sizeBytes: data.length };
    },

    /** 报修/投诉: by an owner or occupant of the unit (403 quality.not_your_unit for anyone else). */
    async file(c: Community, accountId: number, input: FileInput) {
      const unit = await repo.unitInCommunity(db, c.id, input.unitId);
      if (!unit) throw new NotFoundError('quality.unit_not_found');
      const link = await repo.householdLink(db, accountId, unit.id);
      if (!link) throw new ForbiddenError('quality.not_your_unit', { unit: unit.code });
      if (input.kind !== 'repair' && input.kind !== 'complaint') throw new ValidationError('quality.bad_text', { what: 'kind', max: 10 });
      const key = text(input.idempotencyKey, 200, 'idempotencyKey', true);
      const candidate = fingerprint({
        unit_id: unit.id,
        kind: input.kind,
        category: input.category,
        urgent: input.urgent ?? false,
        title: text(input.title, 200, '标题 title', true),
        description: text(input.description, 5000, '描述 description', false),
        location: text(input.location, 200, '位置 location', false),
        contact_name: text(input.contactName ?? link.name, 100, '联系人 contact name', false) || null,
        contact_phone: text(input.contactPhone ?? link.phone, 40, '联系电话 contact phone', false) || null,
        photos: [...new Set(input.photos ?? [])],
      });
      const existing = await repo.orderByKey(db, accountId, key);
      if (existing) return replay(existing, candidate);

      const now = ctx.clock.now();
      const catalogue = await settings.catalogueFor(c.id, shanghaiDay(now));
      const category = catalogue.categories.find((x) => x.code === input.category);
      if (!category) throw new ValidationError('quality.unknown_category', { category: input.category, known: catalogue.categories.map((x) => x.code).join(', ') });
      const sla = workOrderSla(category, candidate.urgent);
      const made = await db.transaction().execute(async (t) => {
        const photos = await checkPhotos(t, candidate.photos);
        const { photos: _, ...columns } = candidate;
        const row = await repo.insertOrder(t, { ...columns, community_id: c.id, filed_by: accountId, state: 'submitted', sla: JSON.stringify(sla), catalogue_version: catalogue.version, submitted_at: now, idempotency_key: key });
        if (!row) return null; // the same key at the same moment: the other request made it
        await repo.insertEvent(t, { workOrderId: row.id, at: now, actorId: accountId, actorRole: 'resident', from: null, to: 'submitted', photos });
        await audit(t, { accountId, communityId: c.id, action: 'quality.work_order_submitted', subject: `work_order:${row.id}`, details: { unitId: unit.id, category: category.code, urgent: candidate.urgent, sla }, at: now });
        return { id: row.id, state: row.state };
      });
      return made ?? replay((await repo.orderByKey(db, accountId, key))!, candidate);
    },

    /**
     * 巡查整改: a finding of a submitted inspection becomes a work order for the common area
     * (no unit, no personal contact), filed by the inspector in the caller's transaction; the
     * inspector confirms it once fixed, as a resident confirms theirs. Its SLA is the category's.
     */
    async fileFinding(t: Db, c: Community, f: { inspectionItemId: number; itemCode: string; category: StandardCategory; catalogueVersion: number | null; finding: string; photos: string[]; by: number }) {
      const now = ctx.clock.now();
      const item = f.category.items.find((i) => i.code === f.itemCode);
      const sla = workOrderSla(f.category, false);
      const row = await repo.insertOrder(t, {
        community_id: c.id,
        unit_id: null,
        filed_by: f.by,
        kind: f.category.code === 'facilities' ? 'repair' : 'complaint',
        category: f.category.code,
        title: text(`巡查整改：${item?.commitment ?? f.itemCode}`.slice(0, 200), 200, 'title', true),
        description: text(f.finding, 5000, 'finding', true),
        location: '',
        contact_name: null,
        contact_phone: null,
        state: 'submitted',
        sla: JSON.stringify(sla),
        catalogue_version: f.catalogueVersion,
        submitted_at: now,
        inspection_item_id: f.inspectionItemId,
        idempotency_key: `inspection-item:${f.inspectionItemId}`,
      });
      if (!row) throw new ConflictError('quality.finding_filed', { code: f.itemCode });
      await repo.insertEvent(t, { workOrderId: row.id, at: now, actorId: f.by, actorRole: 'resident', from: null, to: 'submitted', note: f.finding, photos: await checkPhotos(t, f.photos) });
      await audit(t, { accountId: f.by, communityId: c.id, action: 'quality.work_order_submitted', subject: `work_order:${row.id}`, details: { inspectionItemId: f.inspectionItemId, category: f.category.code, sla }, at: now });
      return { id: row.id, state: row.state };
    },

    /** 受理派单: the trustee accepts the order and names who will do it (the response SLA's event). */
    async assign(c: Community, id: number, by: number, assignee: string) {
      const name = text(assignee, 100, '处理人 assignee', true);
      return move(c, id, 'assigned', trustee(by), { note: name, set: (now) => ({ assignee: name, assigned_at: now }) });
    },

    async start(c: Community, id: number, by: number) {
      return move(c, id, 'in_progress', trustee(by));
    },

    async resolve(c: Community, id: number, by: number, input: { note: string; photos?: string[] }) {
      return move(c, id, 'resolved', trustee(by), { note: text(input.note, 2000, '处理说明 note', true), photos: input.photos, set: (now) => ({ resolved_at: now }) });
    },

    /** The resident confirms the work and rates it 1–5: a rating is required to close. */
    async confirm(c: Community, id: number, by: number, input: { rating: number; comment?: string }) {
      const rating = assertRating(input.rating);
      const comment = text(input.comment, 1000, '评价 comment', false);
      return move(c, id, 'closed', resident(by), { note: comment, set: (now) => ({ closed_at: now, rating, rating_comment: comment || null }) });
    },

    /** Not fixed after all: back to the same worker, within the community's reopen window. */
    async reopen(c: Community, id: number, by: number, input: { note?: string }) {
      return move(c, id, 'in_progress', resident(by), {
        note: text(input.note, 2000, '原因 note', false),
        check: async (row, t, now) => {
          const days = await settings.reopenDaysFor(c.id, t);
          if (!row.resolved_at || !mayReopen(row.resolved_at, now, days)) throw new ConflictError('quality.reopen_window_over', { days });
        },
        // the completion SLA is judged on the final resolution
        set: () => ({ resolved_at: null }),
      });
    },

    /** Withdrawn by the resident before the trustee has assigned it. */
    async cancel(c: Community, id: number, by: number, input: { note?: string }) {
      return move(c, id, 'cancelled', resident(by), { note: text(input.note, 2000, '原因 note', false), set: (now) => ({ cancelled_at: now }) });
    },

    /**
     * The daily job: resolved orders nobody confirmed or reopened within the window are closed
     * without a rating. Each in its own transaction, so one failure does not hold back the rest.
     */
    async autoClose(): Promise<{ closed: number }> {
      const now = ctx.clock.now();
      const windows = new Map<number, number>();
      let closed = 0;
      for (const o of await repo.resolvedOrders(db)) {
        if (!windows.has(o.community_id)) windows.set(o.community_id, await settings.reopenDaysFor(o.community_id));
        if (!o.resolved_at || !autoCloseDue(o.resolved_at, now, windows.get(o.community_id))) continue;
        try {
          await move({ id: o.community_id, code: '' }, o.id, 'closed', SYSTEM, {
            // the resident may have confirmed or reopened it since the list was read
            check: (row, _t, at) => {
              if (!row.resolved_at || !autoCloseDue(row.resolved_at, at, windows.get(o.community_id))) throw new ConflictError('quality.bad_transition', { from: row.state, to: 'closed' });
            },
            note: '超过确认期限，系统自动关闭',
            set: (at) => ({ closed_at: at }),
          });
          closed += 1;
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
        }
      }
      return { closed };
    },
  };
}

/** What makes two filings "the same": every field the resident entered, after the defaults. */
function fingerprint(o: {
  unit_id: number | null;
  kind: string;
  category: string;
  urgent: boolean;
  title: string;
  description: string;
  location: string;
  contact_name: string | null;
  contact_phone: string | null;
  photos: readonly string[];
}) {
  return {
    unit_id: o.unit_id as number,
    kind: o.kind as 'repair' | 'complaint',
    category: o.category,
    urgent: o.urgent,
    title: o.title,
    description: o.description,
    location: o.location,
    contact_name: o.contact_name,
    contact_phone: o.contact_phone,
    photos: [...o.photos].sort(),
  };
}

export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>;

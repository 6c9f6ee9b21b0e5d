/**
 * Inspections (DESIGN §2.6): a committee member or a supervisor inspects the community on a day
 * against the standards catalogue in force that day, scores the items they checked (0–100 points,
 * kept as basis points 0–10000) with a finding and photos, and submits. The inspection's score is
 * the mean of its items' scores, rounded half up to a whole bp:
 *   items 90.00, 85.00, 72.50 → (9000 + 8500 + 7250) / 3 = 8250 bp (82.50 points)
 *   items 90.00, 85.01        → 17501 / 2 = 8750.5 → 8751 bp
 * A submitted inspection is final: its items, score and photos never change again (the monthly
 * score and the published averages refer to it). Only the inspector who opened a draft changes or
 * submits it. The month an inspection counts in is the month it was submitted (Asia/Shanghai):
 * once a month is over, no late submission can change the score the month close has used.
 */
import { audit } from '../../platform/audit.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { divRoundHalfUp } from '../../platform/money.js';
import { isDate, isPeriod, isStorableText } from '../ledger/ledger.rules.js';
import * as repo from './inspections.repository.js';
import type { StandardCategory } from './quality.catalogue.js';
import { imageShas, mediaTypeOf } from './workorders.repository.js';
import './quality.messages.js';
import type { QualitySettings } from './quality.settings.js';
import { MAX_PHOTOS } from './workorders.service.js';
import { FULL_BP } from './quality.score.js';

export type Community = { id: number; code: string };


export function checkDate(value: string): string {
  if (!isDate(value)) throw new ValidationError('quality.bad_date', { value });
  return value;
}

/** A range of months YYYY-MM, in order, at most `max` months long. */
export function checkMonthRange(from: string, to: string, max = 60): { from: string; to: string } {
  for (const value of [from, to]) if (!isPeriod(value)) throw new ValidationError('quality.bad_month', { value });
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  if (months < 1 || months > max) throw new ValidationError('quality.bad_range', { from, to, max });
  return { from, to };
}

export function checkText(value: string | undefined, max: number): string {
  const v = value?.trim() ?? '';
  if (v.length > max || !isStorableText(v)) throw new ValidationError('quality.text_too_long', { max });
  return v;
}

/** The mean of the items' scores, half up to a whole bp (see the header). */
export function inspectionScore(itemScoresBp: readonly number[]): number {
  if (itemScoresBp.length === 0) throw new RangeError('an inspection without items has no score');
  for (const s of itemScoresBp) if (!Number.isInteger(s) || s < 0 || s > FULL_BP) throw new ValidationError('quality.bad_inspection_score', { value: String(s) });
  return Number(divRoundHalfUp(BigInt(itemScoresBp.reduce((a, b) => a + b, 0)), BigInt(itemScoresBp.length)));
}

export interface ItemInput {
  scoreBp: number;
  finding?: string;
  photos?: string[];
}

/** Photo storage, shared with work orders (workorders.service.ts storePhoto: JPEG or PNG by their bytes). */
export interface PhotoStore {
  storePhoto(data: Buffer): Promise<{ sha256: string; mediaType: string; sizeBytes: number }>;
}

/** Work orders, as inspections raise them from findings (workorders.service.ts fileFinding). */
export interface FindingSink {
  fileFinding(t: Db, c: Community, f: { inspectionItemId: number; itemCode: string; category: StandardCategory; catalogueVersion: number | null; finding: string; photos: string[]; by: number }): Promise<{ id: number; state: string }>;
}

export function createInspectionsService(ctx: AppContext, settings: Pick<QualitySettings, 'catalogueFor'>, photos: PhotoStore & FindingSink) {
  const { db, clock } = ctx;

  /** A draft the caller may change, locked for the rest of the transaction. */
  async function ownDraft(t: typeof db, c: Community, id: number, by: number) {
    const row = await repo.lockInspection(t, c.id, id);
    if (!row) throw new NotFoundError('quality.inspection_not_found', { id });
    if (row.state !== 'draft') throw new ConflictError('quality.inspection_submitted', { id });
    if (row.inspector_id !== by) throw new ForbiddenError('quality.inspection_not_yours', { id });
    return row;
  }

  async function inspectionOrThrow(c: Community, id: number) {
    const row = await repo.inspection(db, c.id, id);
    if (!row) throw new NotFoundError('quality.inspection_not_found', { id });
    return row;
  }

  return {
    /** The community of a public route (no access hook resolved it). */
    async communityOrThrow(code: string): Promise<Community> {
      const c = await repo.communityByCode(db, code);
      if (!c) throw new NotFoundError('community.not_found', { code });
      return c;
    },

    /** Stores a photo (JPEG or PNG) to attach to an item: the same store as work orders' photos. */
    storePhoto: (data: Buffer) => photos.storePhoto(data),

    /** Opens a draft inspection of a day (not after today) against the catalogue in force that day. */
    async create(c: Community, input: { inspectedOn: string; note?: string }, by: number) {
      const inspectedOn = checkDate(input.inspectedOn);
      if (inspectedOn > shanghaiDay(clock.now())) throw new ValidationError('quality.inspection_future', { date: inspectedOn });
      const note = checkText(input.note, 2000);
      // the built-in default catalogue (no version adopted) is version 0
      const version = (await settings.catalogueFor(c.id, inspectedOn)).version ?? 0;
      return db.transaction().execute(async (t) => {
        const id = await repo.insertInspection(t, { communityId: c.id, catalogueVersion: version, inspectedOn, inspectorId: by, note, at: clock.now() });
        await audit(t, { accountId: by, communityId: c.id, action: 'quality.inspection_created', subject: `inspection:${id}`, details: { inspectedOn, catalogueVersion: version }, at: clock.now() });
        return { id, catalogueVersion: version };
      });
    },

    /** Scores one item of the catalogue (again: the new score, finding and photos replace the old). */
    async scoreItem(c: Community, id: number, itemCode: string, input: ItemInput, by: number) {
      if (!Number.isInteger(input.scoreBp) || input.scoreBp < 0 || input.scoreBp > FULL_BP) throw new ValidationError('quality.bad_inspection_score', { value: String(input.scoreBp) });
      const finding = checkText(input.finding, 2000);
      const shas = [...new Set(input.photos ?? [])];
      if (shas.length > MAX_PHOTOS) throw new ValidationError('quality.too_many_photos', { max: MAX_PHOTOS });
      const known = await imageShas(db, shas);
      for (const sha256 of shas) if (!known.has(sha256)) throw new ValidationError('quality.photo_unknown', { sha256 });
      return db.transaction().execute(async (t) => {
        const row = await ownDraft(t, c, id, by);
        const categories = await repo.catalogueVersion(t, c.id, row.catalogue_version);
        if (!categories.some((cat) => cat.items.some((i) => i.code === itemCode))) throw new ValidationError('quality.unknown_item', { code: itemCode, version: row.catalogue_version });
        await repo.upsertItem(t, id, { itemCode, scoreBp: input.scoreBp, finding, photos: shas });
        return { id, itemCode, scoreBp: input.scoreBp };
      });
    },

    /** Takes an item out of a draft (scored by mistake). */
    async removeItem(c: Community, id: number, itemCode: string, by: number) {
      return db.transaction().execute(async (t) => {
        await ownDraft(t, c, id, by);
        return { id, itemCode, removed: await repo.deleteItem(t, id, itemCode) };
      });
    },

    /** Submits: the score is fixed and nothing of the inspection changes after. */
    async submit(c: Community, id: number, by: number) {
      return db.transaction().execute(async (t) => {
        await ownDraft(t, c, id, by);
        const items = await repo.items(t, id);
        if (items.length === 0) throw new ValidationError('quality.inspection_empty', { id });
        const scoreBp = inspectionScore(items.map((i) => i.score_bp));
        const at = clock.now();
        await repo.markSubmitted(t, id, scoreBp, at);
        await audit(t, { accountId: by, communityId: c.id, action: 'quality.inspection_submitted', subject: `inspection:${id}`, details: { scoreBp, items: items.length }, at });
        return { id, scoreBp, submittedAt: at.toISOString() };
      });
    },

    /**
     * 整改: a finding of a submitted inspection becomes a work order for the trustee, once; the
     * item keeps the order's number (any inspector of the community, not only the one who found it).
     */
    async raiseFinding(c: Community, id: number, itemCode: string, by: number) {
      return db.transaction().execute(async (t) => {
        const row = await repo.lockInspection(t, c.id, id);
        if (!row) throw new NotFoundError('quality.inspection_not_found', { id });
        if (row.state !== 'submitted') throw new ConflictError('quality.inspection_not_submitted', { id });
        const item = (await repo.items(t, id)).find((i) => i.item_code === itemCode);
        if (!item) throw new NotFoundError('quality.unknown_item', { code: itemCode, version: row.catalogue_version });
        if (!item.finding.trim()) throw new ValidationError('quality.finding_empty', { code: itemCode });
        if (item.work_order_id !== null) throw new ConflictError('quality.finding_filed', { code: itemCode });
        const categories = await repo.catalogueVersion(t, c.id, row.catalogue_version);
        const category = categories.find((cat) => cat.items.some((i) => i.code === itemCode))!;
        const order = await photos.fileFinding(t, c, { inspectionItemId: item.id, itemCode, category, catalogueVersion: row.catalogue_version || null, finding: item.finding, photos: item.photos, by });
        await repo.linkWorkOrder(t, item.id, order.id);
        return { inspectionId: id, itemCode, workOrderId: order.id };
      });
    },

    /** Inspections of a day range (for committee, supervisors, trustee and officials). */
    async list(c: Community, range: { from: string; to: string }) {
      const rows = await repo.inspections(db, c.id, checkDate(range.from), checkDate(range.to));
      return rows.map(inspectionOut);
    },

    /** An inspection in full: items with findings, photos and the work orders made from them. */
    async view(c: Community, id: number) {
      const row = await inspectionOrThrow(c, id);
      const [items, categories] = await Promise.all([repo.items(db, id), repo.catalogueVersion(db, c.id, row.catalogue_version)]);
      const names = new Map(categories.flatMap((cat) => cat.items.map((i) => [i.code, { category: cat.code, commitment: i.commitment }] as const)));
      return {
        ...inspectionOut(row),
        items: items.map((i) => ({ itemCode: i.item_code, category: names.get(i.item_code)?.category ?? null, commitment: names.get(i.item_code)?.commitment ?? null, scoreBp: i.score_bp, finding: i.finding, photos: i.photos, workOrderId: i.work_order_id })),
      };
    },

    /** A photo of one of the inspection's items. */
    async photo(c: Community, id: number, sha256: string) {
      await inspectionOrThrow(c, id);
      if (!(await repo.inspectionHasPhoto(db, id, sha256))) throw new NotFoundError('quality.inspection_photo_not_found');
      const [data, file] = await Promise.all([ctx.files.get(sha256), mediaTypeOf(db, sha256)]);
      if (!data || !file) throw new NotFoundError('quality.inspection_photo_not_found');
      return { data, mediaType: file.media_type };
    },

    /** The public figures: per month, how many inspections were submitted and their mean score. */
    async monthly(c: Community, range: { from: string; to: string }) {
      const { from, to } = checkMonthRange(range.from, range.to);
      const rows = await repo.monthlyAverages(db, c.id, from, to);
      return rows.map((r) => ({ month: r.month, inspections: r.count, averageBp: r.average_bp }));
    },
  };
}

function inspectionOut(r: NonNullable<Awaited<ReturnType<typeof repo.inspection>>>) {
  return {
    id: r.id,
    catalogueVersion: r.catalogue_version,
    inspectedOn: r.inspected_on,
    inspectorId: r.inspector_id,
    inspector: r.inspector,
    state: r.state,
    scoreBp: r.score_bp,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
  };
}

export type InspectionsService = ReturnType<typeof createInspectionsService>;

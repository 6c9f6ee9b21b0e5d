/**
 * A community's quality settings (DESIGN §2.6), read by work orders, inspections and the score:
 * the working-hour calendar SLAs count, the reopen window, the score weights, and the standards
 * catalogue in force on a day. Absent settings take the defaults of quality.calendar.ts,
 * quality.rules.ts and quality.score.ts; no catalogue version yet means DEFAULT_CATALOGUE
 * (version null).
 *
 * The committee edits the settings (they are part of what the owners agreed with the trustee);
 * a calendar is validated by workingCalendar() before it is stored, so a stored one always builds.
 */
import { audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { shanghaiDay } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { isDate } from '../ledger/ledger.rules.js';
import { sql } from 'kysely';
import { type Calendar, DEFAULT_HOURS, DEFAULT_WORKDAYS, type WorkingCalendarConfig, workingCalendar } from './quality.calendar.js';
import { DEFAULT_CATALOGUE, type StandardCategory, assertCatalogue } from './quality.catalogue.js';
import { DEFAULT_REOPEN_DAYS } from './quality.rules.js';
import { DEFAULT_SCORE_WEIGHTS, type ScoreWeights, assertWeights } from './quality.score.js';
import * as repo from './quality.settings.repository.js';
import './quality.messages.js';

export interface CatalogueInForce {
  /** null: the built-in DEFAULT_CATALOGUE (no version adopted yet) */
  version: number | null;
  categories: readonly StandardCategory[];
}

export interface QualitySettingsInput {
  calendar?: WorkingCalendarConfig | null;
  reopenDays?: number | null;
  weights?: ScoreWeights | null;
}

export function createQualitySettings(ctx: AppContext) {
  const read = (communityId: number, db: Db) => repo.settings(db, communityId);
  async function catalogueFor(communityId: number, onDay: string, db: Db = ctx.db): Promise<CatalogueInForce> {
    const row = await repo.catalogueOn(db, communityId, onDay);
    return row ? { version: row.version, categories: row.catalogue as StandardCategory[] } : { version: null, categories: DEFAULT_CATALOGUE };
  }

  return {
    /** The community's working calendar (for SLAs on the 'working' calendar). */
    async calendarFor(communityId: number, db: Db = ctx.db): Promise<Calendar> {
      const s = await read(communityId, db);
      return workingCalendar((s?.calendar as WorkingCalendarConfig | null) ?? {});
    },

    /** Days after resolution during which the resident may reopen an order. */
    async reopenDaysFor(communityId: number, db: Db = ctx.db): Promise<number> {
      return (await read(communityId, db))?.reopen_days ?? DEFAULT_REOPEN_DAYS;
    },

    async weightsFor(communityId: number, db: Db = ctx.db): Promise<ScoreWeights> {
      return ((await read(communityId, db))?.weights as ScoreWeights | null) ?? DEFAULT_SCORE_WEIGHTS;
    },

    /** The catalogue in force on `onDay` (YYYY-MM-DD, Asia/Shanghai). */
    catalogueFor,

    /** The catalogue in force today (Asia/Shanghai). */
    catalogueToday: (communityId: number) => catalogueFor(communityId, shanghaiDay(ctx.clock.now())),

    /** The settings with every default filled in, as the committee and trustee read them. */
    async view(communityId: number) {
      const s = await read(communityId, ctx.db);
      const cal = (s?.calendar as WorkingCalendarConfig | null) ?? {};
      return {
        calendar: { workdays: [...(cal.workdays ?? DEFAULT_WORKDAYS)], hours: [...(cal.hours ?? DEFAULT_HOURS)], holidays: [...(cal.holidays ?? [])], workdaysExtra: [...(cal.workdaysExtra ?? [])] },
        reopenDays: s?.reopen_days ?? DEFAULT_REOPEN_DAYS,
        weights: (s?.weights as ScoreWeights | null) ?? DEFAULT_SCORE_WEIGHTS,
        updatedAt: s ? s.updated_at.toISOString() : null,
      };
    },

    /** Replaces the settings given (null: back to the default; absent: unchanged). */
    /**
     * A new version of the standards (with a contract change): never an edit of the one in
     * force, so that every work order and inspection keeps the standards it was held to. It takes
     * effect on its day, which may not be in the past.
     */
    async addCatalogue(communityId: number, input: { effectiveFrom: string; contractRef: string; categories: StandardCategory[] }, by: number | null) {
      if (!isDate(input.effectiveFrom)) throw new ValidationError('quality.bad_date', { value: String(input.effectiveFrom) });
      if (input.effectiveFrom < shanghaiDay(ctx.clock.now())) throw new ValidationError('quality.catalogue_in_past', { from: input.effectiveFrom });
      const ref = input.contractRef?.trim() ?? '';
      if (!ref || ref.length > 300) throw new ValidationError('quality.catalogue_contract_ref');
      if (!input.categories.length) throw new ValidationError('quality.catalogue_empty');
      const categories = assertCatalogue(input.categories);
      return ctx.db.transaction().execute(async (t) => {
        await sql`select pg_advisory_xact_lock(hashtext('quality_catalogues'), ${communityId}::int)`.execute(t);
        const version = (await repo.lastCatalogueVersion(t, communityId)) + 1;
        const at = ctx.clock.now();
        const row = await repo.insertCatalogue(t, { communityId, version, effectiveFrom: input.effectiveFrom, contractRef: ref, catalogue: categories, by, at });
        if (!row) throw new ConflictError('quality.catalogue_exists', { from: input.effectiveFrom });
        await audit(t, { accountId: by, communityId, action: 'quality.catalogue', subject: `catalogue:${version}`, details: { effectiveFrom: input.effectiveFrom, contractRef: ref, categories: categories.length }, at });
        return { version, effectiveFrom: input.effectiveFrom };
      });
    },

    async update(communityId: number, input: QualitySettingsInput, by: number | null) {
      return ctx.db.transaction().execute(async (t) => {
        const s = await read(communityId, t);
        const calendar = input.calendar === undefined ? (s?.calendar ?? null) : input.calendar;
        if (calendar) workingCalendar(calendar as WorkingCalendarConfig);
        const weights = input.weights === undefined ? (s?.weights ?? null) : input.weights;
        if (weights) assertWeights(weights as ScoreWeights);
        const reopenDays = input.reopenDays === undefined ? (s?.reopen_days ?? null) : input.reopenDays;
        if (reopenDays !== null && (!Number.isInteger(reopenDays) || reopenDays < 1 || reopenDays > 60)) throw new ValidationError('quality.bad_reopen_days', { value: String(reopenDays) });
        const at = ctx.clock.now();
        await repo.upsertSettings(t, { communityId, calendar, weights, reopenDays, by, at });
        await audit(t, { accountId: by, communityId, action: 'quality.settings', details: { calendar, weights, reopenDays }, at });
      });
    },
  };
}

export type QualitySettings = ReturnType<typeof createQualitySettings>;

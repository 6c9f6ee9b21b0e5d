/**
 * Roster (花名册) import and export. An import is all or nothing: a workbook with any bad row
 * imports nothing and reports every bad cell; a good one is applied in one transaction, and
 * re-importing the same content changes nothing (unchanged units are not written at all).
 *
 * Identity rules: a unit is its 房号 within the community; a person is (name, phone) within the
 * community, so one person on several rows owns several units. An empty ID-number cell keeps
 * the stored ID number (a roster without that column must not wipe it).
 */
import { audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { ValidationError } from '../../platform/errors.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { type Locale, translate } from '../../platform/i18n.js';
import { decryptText, encryptText, sha256Hex } from '../../platform/security.js';
import * as repo from './register.repository.js';
import { isOrganizationName } from './register.rules.js';
import * as rosterRepo from './roster.repository.js';
import { type RosterCellError, type RosterPerson, type RosterRow, readRosterWorkbook, writeRosterWorkbook } from './roster.xlsx.js';

export type RosterEntry = Omit<RosterRow, 'row'>;

export interface ImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
}

const MAX_REPORTED_ERRORS = 1000;
const personKey = (p: { name: string; phone: string }) => `${p.name}\u0000${p.phone}`;

export function rosterInvalid(errors: RosterCellError[]): ValidationError {
  return new ValidationError('roster.invalid', { count: errors.length }, (locale: Locale) => ({
    total: errors.length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ row: e.row, column: e.column, code: e.code, message: translate(locale, e.code, e.params), value: e.value })),
  }));
}

/** Checks across rows that the workbook reader cannot know: one (name, phone) with two ID numbers. */
function crossRowErrors(rows: RosterRow[]): RosterCellError[] {
  const errors: RosterCellError[] = [];
  const seen = new Map<string, { id: string; row: number }>();
  for (const r of rows) {
    for (const p of [...r.owners, ...r.tenants]) {
      if (!p.idNumber) continue;
      const prev = seen.get(personKey(p));
      if (prev && prev.id !== p.idNumber) {
        errors.push({ row: r.row, column: '业主身份证号', code: 'roster.person_id_conflict', params: { name: p.name, firstRow: prev.row }, value: p.idNumber });
      } else if (!prev) seen.set(personKey(p), { id: p.idNumber, row: r.row });
    }
  }
  return errors;
}

function samePeople(stored: repo.PersonRow[], wanted: RosterPerson[], key: Buffer): boolean {
  if (stored.length !== wanted.length) return false;
  const byKey = new Map(stored.map((p) => [personKey(p), p]));
  for (const w of wanted) {
    const s = byKey.get(personKey(w));
    if (!s) return false;
    if (w.idNumber && (!s.id_number_enc || decryptText(key, s.id_number_enc) !== w.idNumber)) return false;
  }
  return true;
}

function unchanged(stored: repo.UnitRow, row: RosterEntry, key: Buffer): boolean {
  return (
    stored.building === row.building &&
    stored.kind === row.kind &&
    stored.area_cm2 === row.areaCm2 &&
    stored.delivery_status === row.deliveryStatus &&
    (stored.grid ?? null) === (row.grid ?? null) &&
    (stored.micro_grid ?? null) === (row.microGrid ?? null) &&
    samePeople(stored.owners, row.owners, key) &&
    samePeople(stored.tenants, row.tenants, key)
  );
}

function dedupe(people: RosterPerson[]): RosterPerson[] {
  return [...new Map(people.map((p) => [personKey(p), p])).values()];
}

/**
 * Applies validated roster entries to a community inside the caller's transaction.
 * Returns what changed; with `dryRun` nothing is written.
 */
export async function applyRoster(trx: Db, ctx: Pick<AppContext, 'secretKey' | 'clock'>, communityId: number, entries: RosterEntry[], dryRun: boolean) {
  await repo.lockCommunity(trx, communityId);
  const existing = new Map((await repo.allUnits(trx, communityId)).map((u) => [u.code, u]));
  const changed = entries.filter((e) => {
    const s = existing.get(e.unitCode);
    return !s || !unchanged(s, e, ctx.secretKey);
  });
  const created = changed.filter((e) => !existing.has(e.unitCode)).length;
  const result = { total: entries.length, created, updated: changed.length - created, unchanged: entries.length - changed.length };
  if (dryRun || changed.length === 0) return result;

  const now = ctx.clock.now();
  const buildings = await rosterRepo.ensureBuildings(trx, communityId, [...new Set(changed.map((e) => e.building))]);
  const gridPairs = changed.filter((e) => e.grid).map((e) => ({ grid: e.grid!, micro: e.microGrid }));
  const grids = gridPairs.length ? await rosterRepo.ensureGrids(trx, communityId, gridPairs) : new Map<string, number>();
  const people = dedupe(changed.flatMap((e) => [...e.owners, ...e.tenants]));
  const persons = await rosterRepo.ensurePersons(
    trx,
    communityId,
    people.map((p) => ({ name: p.name, phone: p.phone, kind: isOrganizationName(p.name) ? 'organization' : 'natural' })),
  );
  const idUpdates = people.flatMap((p) => {
    const stored = persons.get(personKey(p))!;
    if (!p.idNumber || (stored.idNumberEnc && decryptText(ctx.secretKey, stored.idNumberEnc) === p.idNumber)) return [];
    return [{ personId: stored.id, enc: encryptText(ctx.secretKey, p.idNumber), last4: p.idNumber.slice(-4) }];
  });
  await rosterRepo.setPersonIdNumbers(trx, idUpdates);
  const unitIds = await rosterRepo.upsertUnits(
    trx,
    communityId,
    changed.map((e) => ({
      code: e.unitCode,
      buildingId: buildings.get(e.building)!,
      kind: e.kind,
      areaCm2: e.areaCm2,
      deliveryStatus: e.deliveryStatus,
      gridId: e.grid ? (grids.get(e.microGrid ? `${e.grid}/${e.microGrid}` : e.grid) ?? null) : null,
    })),
    now,
  );
  const links = (pick: (e: RosterEntry) => RosterPerson[]) =>
    changed.flatMap((e) => dedupe(pick(e)).map((p) => ({ unitId: unitIds.get(e.unitCode)!, personId: persons.get(personKey(p))!.id })));
  await rosterRepo.replaceUnitPeople(trx, communityId, [...unitIds.values()], links((e) => e.owners), links((e) => e.tenants));
  return result;
}

export function createRosterService(ctx: AppContext) {
  const { db, clock } = ctx;
  return {
    async importWorkbook(community: CommunityRef, data: Buffer, opts: { dryRun: boolean; accountId: number | null }): Promise<ImportResult> {
      const { rows, errors } = await readRosterWorkbook(data);
      const allErrors = errors.length ? errors : crossRowErrors(rows);
      if (allErrors.length) throw rosterInvalid(allErrors);
      const sha256 = sha256Hex(data);
      const result = await db.transaction().execute(async (trx) => {
        const r = await applyRoster(trx, ctx, community.id, rows, opts.dryRun);
        if (!opts.dryRun) {
          const at = clock.now();
          await rosterRepo.recordImport(trx, { communityId: community.id, sha256, accountId: opts.accountId, ...r, at });
          await audit(trx, { accountId: opts.accountId, communityId: community.id, action: 'register.roster_import', subject: sha256, details: r, at });
        }
        return r;
      });
      return { dryRun: opts.dryRun, ...result };
    },

    async exportEntries(community: CommunityRef): Promise<RosterEntry[]> {
      const units = await repo.allUnits(db, community.id);
      const person = (p: repo.PersonRow): RosterPerson => ({ name: p.name, phone: p.phone, idNumber: p.id_number_enc ? decryptText(ctx.secretKey, p.id_number_enc) : null });
      return units
        .map((u) => ({
          building: u.building,
          unitCode: u.code,
          kind: u.kind,
          areaCm2: u.area_cm2,
          deliveryStatus: u.delivery_status,
          owners: u.owners.map(person),
          tenants: u.tenants.map(person),
          grid: u.grid,
          microGrid: u.micro_grid,
        }))
        .sort((a, b) => a.building.localeCompare(b.building, 'zh-CN', { numeric: true }) || a.unitCode.localeCompare(b.unitCode, 'en', { numeric: true }));
    },

    async exportWorkbook(community: CommunityRef, accountId: number | null): Promise<Buffer> {
      const entries = await this.exportEntries(community);
      await audit(db, { accountId, communityId: community.id, action: 'register.roster_export', details: { units: entries.length }, at: clock.now() });
      return writeRosterWorkbook(entries);
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;

/**
 * Bank statement import and reconciliation (DESIGN §2.3). A statement file is parsed and every
 * incoming transfer matched to a unit (by the unit code in the memo, else by an amount equal to
 * exactly one unit's open balance); the trustee reviews matched / ambiguous / unmatched lines and
 * confirms them in bulk, each becoming a payment (idempotency key from the bank transaction's
 * fingerprint). The same file imported twice is the same import; a transaction that an earlier,
 * overlapping statement already brought in is marked duplicate and can never be booked twice.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { sha256Of } from '../../platform/files.js';
import type { CommunityRef } from '../../platform/http/access.js';
import { buildUnitIndex, matchLineIndexed } from './bank-match.rules.js';
import { type BankEncoding, type BankMapping, parseStatement } from './bank.rules.js';
import * as repo from './billing.repository.js';
import type { BillingService } from './billing.service.js';

type Community = Pick<CommunityRef, 'id' | 'code'>;
export const MAX_STATEMENT_BYTES = 5 * 1024 * 1024;

export function createBankService(ctx: AppContext, billing: BillingService) {
  const { db } = ctx;

  async function view(c: Community, importId: number, created: boolean) {
    const imp = await db.selectFrom('bank_imports').selectAll().where('id', '=', importId).where('community_id', '=', c.id).executeTakeFirst();
    if (!imp) throw new NotFoundError('common.not_found');
    const lines = await db
      .selectFrom('bank_lines as l')
      .leftJoin('units as u', 'u.id', 'l.unit_id')
      .leftJoin('payments as p', 'p.id', 'l.payment_id')
      .select(['l.id', 'l.line_no', 'l.txn_date', 'l.amount_fen', 'l.counterparty', 'l.memo', 'l.serial', 'l.status', 'l.match_rule', 'l.unit_id', 'u.code', 'l.candidates', 'p.receipt_no'])
      .where('l.import_id', '=', imp.id)
      .orderBy('l.line_no')
      .execute();
    const candidateIds = [...new Set(lines.flatMap((l) => l.candidates as number[]))];
    const codes = new Map(
      candidateIds.length ? (await db.selectFrom('units').select(['id', 'code']).where('id', 'in', candidateIds).execute()).map((u) => [u.id, u.code]) : [],
    );
    const counts: Record<string, number> = {};
    for (const l of lines) counts[l.status] = (counts[l.status] ?? 0) + 1;
    return {
      id: imp.id,
      fileName: imp.file_name,
      encoding: imp.encoding,
      importedAt: imp.imported_at.toISOString(),
      created,
      counts,
      lines: lines.map((l) => ({
        id: l.id,
        lineNo: l.line_no,
        date: l.txn_date,
        amountFen: l.amount_fen,
        counterparty: l.counterparty,
        memo: l.memo,
        serial: l.serial,
        status: l.status,
        rule: l.match_rule,
        unit: l.unit_id && l.code ? { id: l.unit_id, code: l.code } : null,
        candidates: (l.candidates as number[]).map((id) => ({ id, code: codes.get(id) ?? String(id) })),
        receiptNo: l.receipt_no,
      })),
    };
  }

  return {
    view: (c: Community, importId: number) => view(c, importId, false),

    async list(c: Community) {
      const rows = await db
        .selectFrom('bank_imports as i')
        .leftJoin('bank_lines as l', 'l.import_id', 'i.id')
        .select(['i.id', 'i.file_name', 'i.imported_at', 'i.line_count', 'l.status', sql<number>`count(l.id)::int4`.as('n')])
        .where('i.community_id', '=', c.id)
        .groupBy(['i.id', 'l.status'])
        .orderBy('i.id', 'desc')
        .execute();
      const out = new Map<number, { id: number; fileName: string; importedAt: string; lineCount: number; counts: Record<string, number> }>();
      for (const r of rows) {
        const x = out.get(r.id) ?? { id: r.id, fileName: r.file_name, importedAt: r.imported_at.toISOString(), lineCount: r.line_count, counts: {} };
        if (r.status) x.counts[r.status] = r.n;
        out.set(r.id, x);
      }
      return [...out.values()];
    },

    /** Imports a statement file; the same file again returns the first import, changing nothing. */
    async importStatement(c: Community, f: { data: Buffer; fileName: string; encoding?: BankEncoding; mapping?: Partial<BankMapping> }, by: number | null) {
      if (f.data.length > MAX_STATEMENT_BYTES) throw new ValidationError('bank.too_large', { maxMiB: MAX_STATEMENT_BYTES / 1024 / 1024 });
      const sha256 = sha256Of(f.data);
      const existing = await db.selectFrom('bank_imports').select('id').where('community_id', '=', c.id).where('file_sha256', '=', sha256).executeTakeFirst();
      if (existing) return view(c, existing.id, false);
      const settings = await repo.settings(db, c.id);
      const saved = (settings.bank_mapping ?? undefined) as Partial<BankMapping> | undefined;
      const parsed = parseStatement(f.data, { encoding: f.encoding, mapping: f.mapping ?? saved });
      const fileName = f.fileName.replace(/[^\p{L}\p{N}._() -]/gu, '_').slice(0, 200) || 'statement.csv';
      let importId: number;
      try {
        importId = await db.transaction().execute(async (t) => {
          // the open balance of every unit, for matching by amount (one query for the community)
          const units = await sql<{ id: number; code: string; open_fen: number }>`
            select u.id, u.code, coalesce(sum(b.amount_fen - b.paid_fen), 0)::int8 as open_fen
              from units u left join bills b on b.unit_id = u.id and b.paid_fen < b.amount_fen
             where u.community_id = ${c.id} group by u.id, u.code`.execute(t);
          const index = buildUnitIndex(units.rows.map((u) => ({ unitId: u.id, code: u.code, openFen: u.open_fen })));
          const seen = new Set(
            parsed.lines.length
              ? (
                  await t
                    .selectFrom('bank_lines')
                    .select('fingerprint')
                    .where('community_id', '=', c.id)
                    .where('status', '<>', 'duplicate')
                    .where(
                      'fingerprint',
                      'in',
                      parsed.lines.map((l) => l.fingerprint),
                    )
                    .execute()
                ).map((r) => r.fingerprint)
              : [],
          );
          const imp = await t
            .insertInto('bank_imports')
            .values({ community_id: c.id, file_sha256: sha256, file_name: fileName, encoding: parsed.encoding, mapping: JSON.stringify(parsed.mapping), line_count: parsed.lines.length, imported_by: by, imported_at: ctx.clock.now() })
            .returning('id')
            .executeTakeFirstOrThrow();
          const rows = parsed.lines.map((l) => {
            const base = { import_id: imp.id, community_id: c.id, line_no: l.lineNo, txn_date: l.date, amount_fen: l.amountFen, counterparty: l.counterparty.slice(0, 200), memo: l.memo.slice(0, 500), serial: l.serial, fingerprint: l.fingerprint };
            if (seen.has(l.fingerprint)) return { ...base, status: 'duplicate' as const, match_rule: null, unit_id: null, candidates: '[]' };
            const m = matchLineIndexed(l, index);
            if (m.status === 'matched') return { ...base, status: 'matched' as const, match_rule: m.rule, unit_id: m.unitId, candidates: '[]' };
            if (m.status === 'ambiguous') return { ...base, status: 'ambiguous' as const, match_rule: m.rule, unit_id: null, candidates: JSON.stringify(m.candidates) };
            return { ...base, status: 'unmatched' as const, match_rule: null, unit_id: null, candidates: '[]' };
          });
          for (let i = 0; i < rows.length; i += 2000) await t.insertInto('bank_lines').values(rows.slice(i, i + 2000)).execute();
          if (f.mapping) await repo.saveSettings(t, c.id, { bank_mapping: JSON.stringify(parsed.mapping) });
          return imp.id;
        });
      } catch (err) {
        // the same file imported twice at once: the second finds the first
        if ((err as { code?: string }).code !== '23505') throw err;
        const again = await db.selectFrom('bank_imports').select('id').where('community_id', '=', c.id).where('file_sha256', '=', sha256).executeTakeFirst();
        if (!again) throw err;
        return view(c, again.id, false);
      }
      return view(c, importId, true);
    },

    /**
     * Confirms lines as payments (a unit may be chosen for ambiguous or unmatched lines), all in one
     * transaction: a bad line books nothing. Each payment's key derives from the bank transaction,
     * so a retry books nothing twice.
     */
    async confirm(c: Community, importId: number, lines: { lineId: number; unitId?: number }[], by: number | null) {
      const rows = await db.selectFrom('bank_lines').selectAll().where('import_id', '=', importId).where('community_id', '=', c.id).where('id', 'in', lines.map((l) => l.lineId)).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const plan: { line: (typeof rows)[number]; unitId: number }[] = [];
      let already = 0;
      for (const l of lines) {
        const row = byId.get(l.lineId);
        if (!row) throw new ValidationError('billing.bad_line', { line: l.lineId });
        if (row.status === 'confirmed') {
          already++;
          continue;
        }
        if (row.status === 'duplicate' || row.status === 'ignored') throw new ValidationError('billing.line_done', { line: row.line_no, status: row.status });
        const unitId = l.unitId ?? row.unit_id;
        if (!unitId) throw new ValidationError('billing.line_no_unit', { line: row.line_no });
        if (!(await repo.unitInCommunity(db, c.id, unitId))) throw new ValidationError('billing.unit_not_found', { unit: String(unitId) });
        plan.push({ line: row, unitId });
      }
      // one transaction: every line is booked or none (a line dated in a closed month fails them all)
      const booked = await db.transaction().execute(async (t) => {
        const ids = plan.map((x) => x.line.id).sort((x, y) => x - y);
        const locked = ids.length ? await t.selectFrom('bank_lines').select(['id', 'status']).where('id', 'in', ids).orderBy('id').forUpdate().execute() : [];
        const open = new Set(locked.filter((r) => r.status !== 'confirmed').map((r) => r.id));
        const todo = plan.filter((x) => open.has(x.line.id));
        const results = await billing.recordPayments(
          c,
          todo.map(({ line, unitId }) => ({ unitId, amountFen: line.amount_fen, channel: 'bank' as const, paidOn: line.txn_date, idempotencyKey: `bank:${line.fingerprint}`, reference: line.serial, note: null, bankLineId: line.id })),
          by,
          t,
        );
        for (const [i, { line, unitId }] of todo.entries()) {
          await t.updateTable('bank_lines').set({ status: 'confirmed', unit_id: unitId, payment_id: results[i]!.paymentId }).where('id', '=', line.id).execute();
        }
        return { done: todo.map(({ line }, i) => ({ lineId: line.id, receiptNo: results[i]!.receiptNo })), raced: plan.length - todo.length };
      });
      const payments = booked.done;
      already += booked.raced;
      return { confirmed: payments.length, already, payments };
    },

    /** Marks lines as not fee payments (e.g. a refund from a supplier); never deleted. */
    async ignore(c: Community, importId: number, lineIds: number[]) {
      const rows = await db.selectFrom('bank_lines').select(['id', 'status', 'line_no']).where('import_id', '=', importId).where('community_id', '=', c.id).where('id', 'in', lineIds).execute();
      if (rows.length !== new Set(lineIds).size) throw new ValidationError('billing.bad_line', { line: lineIds.find((id) => !rows.some((r) => r.id === id)) ?? 0 });
      const done = rows.find((r) => r.status === 'confirmed');
      if (done) throw new ValidationError('billing.line_done', { line: done.line_no, status: done.status });
      await db.updateTable('bank_lines').set({ status: 'ignored' }).where('id', 'in', lineIds).where('status', 'in', ['matched', 'ambiguous', 'unmatched']).execute();
      return view(c, importId, false);
    },
  };
}

export type BankService = ReturnType<typeof createBankService>;

/**
 * The owners' right to inspect (Trust Law art. 20; DESIGN §2.2 "every voucher viewable by
 * owners … the system logs who viewed what"): a voucher is served only as part of the entry it
 * is attached to, and every view is written to `voucher_views` before the file leaves.
 * Who may call these is the route's access rule (ledger.routes.ts).
 */
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/errors.js';
import { registerMessages } from '../../platform/i18n.js';
import * as repo from './disclosure.repository.js';
import type { LedgerRef } from './ledger.repository.js';

registerMessages({
  'ledger.voucher_not_found': { 'zh-CN': '第 {seq} 号分录没有这张凭证', en: 'Entry {seq} has no such voucher' },
});

export interface VoucherFile {
  data: Buffer;
  mediaType: string;
  name: string;
}

export function createInspectionService(ctx: AppContext) {
  const { db, clock, files } = ctx;

  return {
    /** The voucher file of entry `seq`, logged as viewed by `accountId`. */
    async viewVoucher(ledger: LedgerRef, seq: number, sha256: string, accountId: number | null): Promise<VoucherFile> {
      const v = await repo.voucherOfEntry(db, ledger.id, seq, sha256);
      if (!v) throw new NotFoundError('ledger.voucher_not_found', { seq });
      const data = await files.get(sha256);
      // the files row exists (foreign key) but the bytes do not: the store lost a file — a bug, not the caller's error
      if (!data) throw new Error(`voucher ${sha256} of ${ledger.communityCode}/${ledger.code} #${seq} is missing from the file store`);
      await repo.insertVoucherView(db, { accountId, entryId: v.entryId, sha256, at: clock.now() });
      return { data, mediaType: v.mediaType, name: v.fileName };
    },

    /** Who viewed which voucher, newest first. */
    async voucherViews(ledger: LedgerRef, page: { page: number; pageSize: number }) {
      const { total, rows } = await repo.voucherViews(db, ledger.id, page.page, page.pageSize);
      return {
        total,
        page: page.page,
        pageSize: page.pageSize,
        items: rows.map((r) => ({
          at: new Date(r.at).toISOString(),
          accountId: r.account_id,
          viewer: r.display_name ?? null,
          seq: r.seq,
          sha256: r.sha256,
          name: r.file_name,
        })),
      };
    },
  };
}

export type InspectionService = ReturnType<typeof createInspectionService>;

/** The audit trail: who did what, when (owners' right to inspect has its own trail in the ledger). */
import type { Db } from './db/database.js';

export interface AuditEvent {
  accountId: number | null;
  communityId: number | null;
  action: string;
  subject?: string;
  details?: unknown;
  at: Date;
}

export async function audit(db: Db, e: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ account_id: e.accountId, community_id: e.communityId, action: e.action, subject: e.subject ?? null, details: JSON.stringify(e.details ?? {}), at: e.at })
    .execute();
}

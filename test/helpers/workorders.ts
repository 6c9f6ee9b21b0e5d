/** A community for work-order tests: two flats (one let to a tenant), their accounts, a trustee and a committee member. */
import type { FileInput } from '../../src/modules/quality/workorders.service.js';
import type { Viewer } from '../../src/modules/quality/workorders.views.js';
import type { Role } from '../../src/platform/db/schema.js';
import type { CommunityRef } from '../../src/platform/http/access.js';
import { PASSWORD, accountOf, committeeMember, person, voteCommunity } from './decisions.js';
import type { TestDb } from './test-db.js';

/** 2026-01-16 is a Friday; 09:50Z is 17:50 in Shanghai, ten working minutes before closing. */
export const FRIDAY_1750 = '2026-01-16T09:50:00Z';
export const OWNER_A = person('业主甲');
export const OWNER_B = person('业主乙');
export const TENANT = person('租户丙');
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface OrderSetup {
  c: CommunityRef;
  /** 1-1-0101: owner A lives there; 1-1-0102: owner B lets it to the tenant */
  unitA: number;
  unitB: number;
  ownerA: number;
  ownerB: number;
  tenant: number;
  trustee: number;
  committee: number;
}

let n = 0;
export async function orderCommunity(t: TestDb): Promise<OrderSetup> {
  const s = await voteCommunity(t, [
    { unitCode: '1-1-0101', owners: [OWNER_A] },
    { unitCode: '1-1-0102', owners: [OWNER_B], tenants: [TENANT] },
  ]);
  const trustee = await t.services.accounts.createAccount({ login: `wy${++n}${s.c.code}`, displayName: '物业 王工', password: PASSWORD });
  await t.services.accounts.grantRole({ accountId: trustee, role: 'trustee', communityCode: s.c.code }, null);
  return {
    c: s.c,
    unitA: s.unitIds.get('1-1-0101')!,
    unitB: s.unitIds.get('1-1-0102')!,
    ownerA: await accountOf(t, s.c, OWNER_A.name),
    ownerB: await accountOf(t, s.c, OWNER_B.name),
    tenant: await accountOf(t, s.c, TENANT.name),
    trustee,
    committee: s.committee[0] ?? (await committeeMember(t, s.c)),
  };
}

export const viewer = (accountId: number, ...roles: Role[]): Viewer => ({ accountId, roles: new Set(roles) });

let k = 0;
/** A corridor light out (facilities: 30 working minutes to respond, 960 to complete), with a fresh idempotency key. */
export function orderInput(unitId: number, over: Partial<FileInput> = {}): FileInput {
  return { unitId, kind: 'repair', category: 'facilities', title: '楼道灯不亮', description: '三楼楼道声控灯坏了', location: '1栋1单元3楼', idempotencyKey: `wo-${++k}`, ...over };
}

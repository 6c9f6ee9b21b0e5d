/**
 * The demo as a new user meets it on 2026-11-28: the committed bank statement (demo/bank-statement.csv)
 * is exactly what the demo generates for that day, it imports and reconciles against the demo's open
 * bills, confirming it books the payments, and every billing invariant still holds afterwards.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bankStatementCsv } from '../../src/demo/billing-history.js';
import { DEMO_CODE, seedDemo } from '../../src/demo/fenghuayuan.js';
import { createTestDb } from '../helpers/test-db.js';

const t = await createTestDb({ clock: '2026-11-28T02:00:00Z' });
const FILE = new URL('../../demo/bank-statement.csv', import.meta.url);
let community: { id: number; code: string };

beforeAll(async () => {
  await seedDemo(t.ctx, t.services, { decisions: false, quality: false });
  community = await t.services.billing.communityOrThrow(DEMO_CODE);
}, 180_000);

describe('the demo bank statement', () => {
  it('is what the demo generates for its day', async () => {
    const st = await bankStatementCsv(t.ctx, community.id, '2026-11-28');
    expect(Buffer.compare(st.data, readFileSync(FILE))).toBe(0);
  });

  it('imports, reconciles and books; the invariants hold; the same file again changes nothing', async () => {
    const data = readFileSync(FILE);
    const imported = await t.services.bank.importStatement(community, { data, fileName: 'bank-statement.csv' }, null);
    expect(imported.encoding).toBe('gbk');
    expect(imported.counts.matched).toBeGreaterThanOrEqual(20);
    expect(imported.counts.ambiguous).toBe(1);
    expect(imported.counts.unmatched).toBe(1);
    const lines = imported.lines.filter((l) => l.status === 'matched' || l.status === 'ambiguous').map((l) => ({ lineId: l.id, unitId: l.unit?.id ?? l.candidates[0]!.id }));
    const before = await t.db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await t.services.bank.confirm(community, imported.id, lines, null);
    expect(r.confirmed).toBe(lines.length);
    const after = await t.db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(lines.length);
    expect(await t.services.billingCheck.check(community)).toEqual([]);

    const again = await t.services.bank.importStatement(community, { data, fileName: 'copy.csv' }, null);
    expect(again).toMatchObject({ id: imported.id, created: false });
    const twice = await t.services.bank.confirm(community, imported.id, lines, null);
    expect(twice).toMatchObject({ confirmed: 0, already: lines.length });
  });

  it('shows the collection rising from about 73 % to about 99 %', async () => {
    const f = await t.services.collection.figures(community, {}, true);
    const rate = (p: string) => f.trend.find((x) => x.period === p)!.ontimeByUnitsBp!;
    expect(rate('2024-01')).toBeGreaterThan(7000);
    expect(rate('2024-01')).toBeLessThan(7700);
    expect(rate('2025-12')).toBeGreaterThan(9800);
    expect(f.aging.some((a) => a.bucket === '180+' && (a.suppressed || (a.units ?? 0) > 0))).toBe(true);
  });
});

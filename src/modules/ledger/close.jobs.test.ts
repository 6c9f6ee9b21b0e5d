import { describe, expect, it } from 'vitest';
import { buildCommunity } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { autoCloseMonths, dueForAutoClose } from './close.jobs.js';

describe('automatic month close', () => {
  it('closes month M from day 3 of M+1 (configurable), never before the month ends', () => {
    expect(dueForAutoClose('2026-01', '2026-02-02', 3)).toBe(false);
    expect(dueForAutoClose('2026-01', '2026-02-03', 3)).toBe(true);
    expect(dueForAutoClose('2026-01', '2026-01-31', 1)).toBe(false);
    expect(dueForAutoClose('2026-12', '2027-01-05', 3)).toBe(true);
  });

  it('closes every due month of every ledger in order, once', async () => {
    const t = await createTestDb({ clock: '2026-03-02T20:00:00Z' }); // 2026-03-03 04:00 in Shanghai
    const c = await buildCommunity(t.services);
    const l = await t.services.ledger.ensureLedger(c.id, c.code);
    await t.services.ledger.post(l, {
      idempotencyKey: 'a',
      date: '2026-01-10',
      memo: '收入',
      reason: 'fee_income',
      lines: [
        { account: '1001', debitFen: 100, creditFen: 0 },
        { account: '4001', debitFen: 0, creditFen: 100 },
      ],
    });
    expect(await autoCloseMonths(t.ctx, t.services.ledger, t.services.close)).toEqual([`${c.code} 2026-01`, `${c.code} 2026-02`]);
    expect(await autoCloseMonths(t.ctx, t.services.ledger, t.services.close)).toEqual([]);
  });
});

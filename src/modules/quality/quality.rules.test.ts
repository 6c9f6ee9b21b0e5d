/** Work-order lifecycle, SLAs, the month's SLA compliance, and the default catalogue. */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.js';
import { hasMessage } from '../../platform/i18n.js';
import { DEFAULT_CATALOGUE, type StandardCategory, assertCatalogue, workOrderSla } from './quality.catalogue.js';
import { CALENDAR_24X7, workingCalendar } from './quality.calendar.js';
import {
  TERMINAL_WORK_ORDER_STATES,
  WORK_ORDER_ACTORS,
  WORK_ORDER_STATES,
  WORK_ORDER_TRANSITIONS,
  type SlaStatus,
  type SlaTarget,
  type WorkOrderState,
  assertRating,
  assertSla,
  assertWorkOrderMove,
  autoCloseDue,
  canMoveWorkOrder,
  isTerminalWorkOrder,
  mayReopen,
  slaCompliance,
  slaStatus,
} from './quality.rules.js';

const sh = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const wall = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const ALLOWED = new Set([
  'submitted>assigned:trustee',
  'submitted>cancelled:resident',
  'assigned>in_progress:trustee',
  'in_progress>resolved:trustee',
  'resolved>closed:resident',
  'resolved>closed:system',
  'resolved>in_progress:resident',
]);

describe('work-order lifecycle', () => {
  it('allows exactly the listed moves, over every state × state × actor', () => {
    let allowed = 0;
    for (const from of WORK_ORDER_STATES)
      for (const to of WORK_ORDER_STATES)
        for (const actor of WORK_ORDER_ACTORS) {
          const expected = ALLOWED.has(`${from}>${to}:${actor}`);
          expect(canMoveWorkOrder(from, to, actor), `${from} → ${to} by ${actor}`).toBe(expected);
          if (expected) {
            allowed += 1;
            expect(() => assertWorkOrderMove(from, to, actor)).not.toThrow();
          } else if (WORK_ORDER_TRANSITIONS[from][to]) {
            expect(() => assertWorkOrderMove(from, to, actor)).toThrow(ForbiddenError);
          } else {
            expect(() => assertWorkOrderMove(from, to, actor)).toThrow(ConflictError);
          }
        }
    expect(allowed).toBe(ALLOWED.size);
  });

  it('terminal states have no exits; every state is reachable from submitted and can reach an end', () => {
    expect(TERMINAL_WORK_ORDER_STATES).toEqual(['closed', 'cancelled']);
    for (const s of WORK_ORDER_STATES) expect(Object.keys(WORK_ORDER_TRANSITIONS[s]).length === 0).toBe(isTerminalWorkOrder(s));
    const reach = (start: WorkOrderState) => {
      const seen = new Set<WorkOrderState>([start]);
      for (const s of seen) for (const to of Object.keys(WORK_ORDER_TRANSITIONS[s]) as WorkOrderState[]) seen.add(to);
      return seen;
    };
    expect([...reach('submitted')].sort()).toEqual([...WORK_ORDER_STATES].sort());
    for (const s of WORK_ORDER_STATES) expect([...reach(s)].some(isTerminalWorkOrder)).toBe(true);
  });

  it('ratings are whole numbers 1–5', () => {
    for (const r of [1, 3, 5]) expect(assertRating(r)).toBe(r);
    for (const r of [0, 6, 4.5, Number.NaN]) expect(() => assertRating(r)).toThrow(ValidationError);
  });

  it('reopen within 7 × 24 h of the resolution, the bound included; then the system closes', () => {
    const resolved = sh('2026-11-02 10:00');
    expect(mayReopen(resolved, sh('2026-11-09 10:00'))).toBe(true);
    expect(mayReopen(resolved, new Date(sh('2026-11-09 10:00').getTime() + 1))).toBe(false);
    expect(autoCloseDue(resolved, sh('2026-11-09 10:00'))).toBe(false);
    expect(autoCloseDue(resolved, sh('2026-11-09 10:01'))).toBe(true);
    expect(mayReopen(resolved, sh('2026-11-04 10:01'), 2)).toBe(false);
  });
});

describe('SLA status', () => {
  const cal = workingCalendar();
  const repair: SlaTarget = { responseMinutes: 30, completionMinutes: 960, calendar: 'working' };
  const filed = sh('2026-11-27 17:50'); // a Friday

  it('due instants count working minutes from submission', () => {
    const s = slaStatus({ submittedAt: filed, respondedAt: null, resolvedAt: null }, repair, cal, filed);
    expect(wall(s.responseDueAt)).toBe('2026-11-30 08:50');
    expect(wall(s.completionDueAt)).toBe('2026-12-01 17:50');
    expect(s).toMatchObject({ responseMet: null, completionMet: null, overdue: false });
  });

  it('on time includes the due instant; open past the due instant is missed and overdue', () => {
    const on = slaStatus({ submittedAt: filed, respondedAt: sh('2026-11-30 08:50'), resolvedAt: sh('2026-12-01 17:50') }, repair, cal, sh('2026-12-10 00:00'));
    expect(on).toMatchObject({ responseMet: true, completionMet: true, overdue: false });
    const late = slaStatus({ submittedAt: filed, respondedAt: sh('2026-11-30 08:51'), resolvedAt: null }, repair, cal, sh('2026-11-30 09:00'));
    expect(late).toMatchObject({ responseMet: false, completionMet: null, overdue: false });
    const open = slaStatus({ submittedAt: filed, respondedAt: null, resolvedAt: null }, repair, cal, sh('2026-11-30 08:51'));
    expect(open).toMatchObject({ responseMet: false, completionMet: null, overdue: true });
    const unfinished = slaStatus({ submittedAt: filed, respondedAt: sh('2026-11-30 08:00'), resolvedAt: null }, repair, cal, sh('2026-12-01 17:51'));
    expect(unfinished).toMatchObject({ responseMet: true, completionMet: false, overdue: true });
  });

  it('a 24x7 category ignores the working calendar', () => {
    const security: SlaTarget = { responseMinutes: 10, completionMinutes: 120, calendar: '24x7' };
    const s = slaStatus({ submittedAt: sh('2026-11-28 23:55'), respondedAt: null, resolvedAt: null }, security, cal, sh('2026-11-28 23:55'));
    expect(wall(s.responseDueAt)).toBe('2026-11-29 00:05');
    expect(wall(s.completionDueAt)).toBe('2026-11-29 01:55');
  });

  it('refuses an SLA whose response is due after its completion, or not in whole positive minutes', () => {
    for (const bad of [
      { responseMinutes: 60, completionMinutes: 30, calendar: 'working' },
      { responseMinutes: 0, completionMinutes: 30, calendar: 'working' },
      { responseMinutes: 1.5, completionMinutes: 30, calendar: 'working' },
      { responseMinutes: 10, completionMinutes: 30, calendar: 'weekends' },
    ] as SlaTarget[]) {
      expect(() => assertSla(bad)).toThrow(ValidationError);
    }
  });
});

describe('SLA compliance of a month', () => {
  const status = (completionDue: string, responseMet: boolean | null, completionMet: boolean | null): SlaStatus => ({
    responseDueAt: sh(completionDue),
    completionDueAt: sh(completionDue),
    responseMet,
    completionMet,
    overdue: false,
  });

  it('counts orders by the Shanghai month their completion is due in; met means both targets met', () => {
    const c = slaCompliance(
      [
        status('2026-11-01 00:00', true, true),
        status('2026-11-30 23:59', true, true),
        status('2026-12-01 00:00', true, true), // December in Shanghai, still 30 November in UTC
        status('2026-10-31 23:59', true, true),
        status('2026-11-15 10:00', false, true),
        status('2026-11-15 10:00', true, false),
        status('2026-11-15 10:00', false, null),
        status('2026-11-20 10:00', true, null),
        status('2026-11-20 10:00', null, null),
      ],
      '2026-11',
    );
    expect(c).toEqual({ dueCount: 5, metCount: 2, pendingCount: 2 });
  });
});

describe('default catalogue', () => {
  it('is valid: unique codes, texts in both languages, valid SLAs', () => {
    expect(assertCatalogue(DEFAULT_CATALOGUE)).toBe(DEFAULT_CATALOGUE);
    expect(DEFAULT_CATALOGUE.map((c) => c.name)).toEqual(['清洁卫生', '秩序维护（安保）', '绿化养护', '设施设备', '客户服务']);
    for (const c of DEFAULT_CATALOGUE) {
      expect(c.nameEn).not.toBe('');
      expect(c.items.length).toBeGreaterThanOrEqual(4);
      for (const item of c.items) for (const text of [item.commitmentEn, item.metricEn, item.evidenceEn]) expect(text.trim()).not.toBe('');
    }
  });

  it('security runs around the clock; facilities have an urgent 24x7 SLA; repairs answer within 30 working minutes', () => {
    const byCode = (code: string) => DEFAULT_CATALOGUE.find((c) => c.code === code)!;
    expect(byCode('security').sla.calendar).toBe('24x7');
    expect(workOrderSla(byCode('facilities'))).toEqual({ responseMinutes: 30, completionMinutes: 960, calendar: 'working' });
    expect(workOrderSla(byCode('facilities'), true).calendar).toBe('24x7');
    expect(workOrderSla(byCode('cleaning'), true)).toBe(byCode('cleaning').sla);
    expect(CALENDAR_24X7.kind).toBe('24x7');
  });

  it('refuses duplicate or malformed codes, missing texts and bad frequencies', () => {
    const [first] = DEFAULT_CATALOGUE as [StandardCategory];
    const item = first.items[0]!;
    const withItems = (items: StandardCategory['items']): StandardCategory[] => [{ ...first, items }];
    expect(() => assertCatalogue([first, first])).toThrow('quality.catalogue_duplicate_code');
    expect(() => assertCatalogue(withItems([item, item]))).toThrow('quality.catalogue_duplicate_code');
    expect(() => assertCatalogue(withItems([{ ...item, code: 'a b' }]))).toThrow('quality.catalogue_bad_code');
    expect(() => assertCatalogue(withItems([{ ...item, metric: ' ' }]))).toThrow('quality.catalogue_missing_text');
    expect(() => assertCatalogue(withItems([{ ...item, frequency: { kind: 'interval', every: 0, unit: 'day' } }]))).toThrow('quality.catalogue_bad_frequency');
    expect(() => assertCatalogue([{ ...first, sla: { responseMinutes: 60, completionMinutes: 30, calendar: 'working' } }])).toThrow('quality.bad_sla');
  });
});

describe('messages', () => {
  it('every error key thrown by the module has zh-CN and en text', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const dir = new URL('.', import.meta.url);
    const keys = new Set<string>();
    for (const f of await readdir(dir)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
      for (const m of (await readFile(new URL(f, dir), 'utf8')).matchAll(/Error\('(quality\.\w+)'/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(15);
    for (const k of keys) expect(hasMessage(k), k).toBe(true);
  });
});

/** Satisfaction surveys on the real database: one answer per household, replaced while open, refused closed; public results with small groups suppressed. */
import { describe, expect, it } from 'vitest';
import { accountOf, person, voteCommunity } from '../../../test/helpers/decisions.js';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { DEFAULT_CATALOGUE } from './quality.catalogue.js';
import { quarterOf } from './surveys.service.js';

const t = await createTestDb({ clock: '2026-03-20T02:00:00Z' });
const { surveys } = t.services;

/** Six households: 1-1-0101 … 0106, owners 业主A…F; 0101 also has a tenant 租户A. */
async function setup() {
  const v = await voteCommunity(
    t,
    ['A', 'B', 'C', 'D', 'E', 'F'].map((x, i) => ({ unitCode: `1-1-010${i + 1}`, owners: [person(`业主${x}${Math.random()}`)], tenants: i === 0 ? [person(`租户A${Math.random()}`)] : [] })),
  );
  const owners = await Promise.all(v.entries.map((e) => accountOf(t, v.c, e.owners[0]!.name)));
  const tenant = await accountOf(t, v.c, v.entries[0]!.tenants[0]!.name);
  const unit = (i: number) => v.unitIds.get(`1-1-010${i + 1}`)!;
  return { ...v, owners, tenant, unit };
}
// one community for the file (accounts take a password hash each: slow); each test its own survey periods
const setupOnce = setup();

describe('surveys', () => {
  it('defaults to the quarter it opens in and every catalogue category; one per period', async () => {
    const { c, committee } = await setupOnce;
    expect(quarterOf('2026-05-20')).toBe('2026-Q2');
    const s = await surveys.create(c, { opensOn: '2026-03-15', closesOn: '2026-03-31' }, committee[0]);
    expect(s).toMatchObject({ period: '2026-Q1', categories: DEFAULT_CATALOGUE.map((x) => x.code) });
    await expect(surveys.create(c, { opensOn: '2026-03-15', closesOn: '2026-03-31' }, committee[0])).rejects.toMatchObject({ code: 'quality.survey_exists' });
    await expect(surveys.create(c, { period: '2026-Q5', opensOn: '2026-03-15', closesOn: '2026-03-31' }, committee[0])).rejects.toMatchObject({ code: 'quality.bad_survey_period' });
    await expect(surveys.create(c, { period: '2026-02', opensOn: '2026-03-15', closesOn: '2026-03-01' }, committee[0])).rejects.toMatchObject({ code: 'quality.survey_bad_dates' });
    await expect(surveys.create(c, { period: '2026-02', opensOn: '2026-03-01', closesOn: '2026-03-05', categories: ['cleaning', 'pool'] }, committee[0])).rejects.toMatchObject({ code: 'quality.unknown_category' });
    const monthly = await surveys.create(c, { period: '2026-02', opensOn: '2026-03-01', closesOn: '2026-03-05', categories: ['cleaning'] }, committee[0]);
    expect((await surveys.list(c)).filter((x) => ['2026-Q1', '2026-02'].includes(x.period)).map((x) => [x.period, x.state])).toEqual([
      ['2026-Q1', 'open'],
      ['2026-02', 'closed'],
    ]);
    expect(monthly.categories).toEqual(['cleaning']);
  });

  it('takes one answer per household from an owner or occupant, replaces it while open, and refuses anyone else or out of time', async () => {
    const { c, committee, owners, tenant, unit } = await setupOnce;
    const s = await surveys.create(c, { period: '2026-03', opensOn: '2026-03-15', closesOn: '2026-03-31', categories: ['cleaning', 'security'] }, committee[0]);
    await surveys.respond(c, s.id, owners[0]!, { unitId: unit(0), ratings: { cleaning: 2, security: 3 }, comment: '楼道不够干净' });
    // the tenant of the same household answers again: it replaces the owner's answer
    await surveys.respond(c, s.id, tenant, { unitId: unit(0), ratings: { cleaning: 4 } });
    const mine = await surveys.mine(c, s.id, owners[0]!);
    expect(mine.households).toEqual([{ unitId: unit(0), unitCode: '1-1-0101', answer: { ratings: { cleaning: 4 }, comment: '', submittedAt: expect.any(String) } }]);
    expect((await surveys.mine(c, s.id, tenant)).households.map((h) => h.unitId)).toEqual([unit(0)]);
    expect((await t.db.selectFrom('survey_responses').select('unit_id').where('survey_id', '=', s.id).execute()).length).toBe(1);

    await expect(surveys.respond(c, s.id, owners[1]!, { unitId: unit(0), ratings: { cleaning: 1 } })).rejects.toMatchObject({ code: 'quality.not_your_household' });
    await expect(surveys.respond(c, s.id, committee[0], { unitId: unit(1), ratings: { cleaning: 1 } })).rejects.toMatchObject({ code: 'quality.not_your_household' });
    await expect(surveys.respond(c, s.id, owners[1]!, { unitId: unit(1), ratings: { greening: 5 } })).rejects.toMatchObject({ code: 'quality.survey_bad_category' });
    await expect(surveys.respond(c, s.id, owners[1]!, { unitId: unit(1), ratings: { cleaning: 6 } })).rejects.toMatchObject({ code: 'quality.bad_rating' });
    await expect(surveys.respond(c, s.id, owners[1]!, { unitId: unit(1), ratings: {} })).rejects.toMatchObject({ code: 'quality.survey_no_ratings' });

    const later = await surveys.create(c, { period: '2026-Q2', opensOn: '2026-06-20', closesOn: '2026-06-30' }, committee[0]);
    await expect(surveys.respond(c, later.id, owners[1]!, { unitId: unit(1), ratings: { cleaning: 5 } })).rejects.toMatchObject({ code: 'quality.survey_not_open' });
    t.clock.set('2026-04-01T02:00:00Z'); // 10:00 on 1 April: the survey closed with 31 March
    try {
      await expect(surveys.respond(c, s.id, owners[1]!, { unitId: unit(1), ratings: { cleaning: 5 } })).rejects.toMatchObject({ code: 'quality.survey_closed' });
    } finally {
      t.clock.set('2026-03-20T02:00:00Z');
    }
    const other = await voteCommunity(t, [{ owners: [person(`别处${Math.random()}`)] }]);
    await expect(surveys.results(other.c, s.id)).rejects.toMatchObject({ code: 'quality.survey_not_found' });
  });

  it('publishes per category the figures of five households or more, and only the count below', async () => {
    const { c, committee, owners, unit } = await setupOnce;
    const s = await surveys.create(c, { period: '2026-01', opensOn: '2026-03-15', closesOn: '2026-03-31', categories: ['cleaning', 'security', 'greening'] }, committee[0]);
    const cleaning = [5, 4, 4, 3, 5, 2];
    for (const [i, rating] of cleaning.entries()) {
      await surveys.respond(c, s.id, owners[i]!, { unitId: unit(i), ratings: i < 4 ? { cleaning: rating, security: 5 } : { cleaning: rating }, comment: `住户 ${i} 的意见` });
    }
    const r = await surveys.results(c, s.id);
    expect(r).toMatchObject({ households: 6, state: 'open' });
    // 23 / 6 = 3.833 → 383; (23 − 6) × 2500 / 6 = 7083.3 → 7083
    expect(r.categories).toEqual([
      { category: 'cleaning', responses: 6, suppressed: false, meanRatingX100: 383, scoreBp: 7083, counts: [0, 1, 1, 2, 2] },
      { category: 'security', responses: 4, suppressed: true, meanRatingX100: null, scoreBp: null, counts: null },
      { category: 'greening', responses: 0, suppressed: true, meanRatingX100: null, scoreBp: null, counts: null },
    ]);
    expect(JSON.stringify(r)).not.toContain('意见');
  });
});

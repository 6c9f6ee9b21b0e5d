/** Sign-in, rate limiting, sessions and the owner's claim, on the real database. */
import { describe, expect, it } from 'vitest';
import { buildCommunity, buildUnit, rosterWorkbook } from '../../../test/helpers/factories.js';
import { createTestDb } from '../../../test/helpers/test-db.js';

const t = await createTestDb({ config: { XINYI_LOGIN_MAX_FAILURES: '3' } });
const meta = { ip: '10.0.0.1', userAgent: 'test' };
const { accounts } = t.services;

describe('sign-in', () => {
  it('signs in with the right password only, with the same error for unknown logins', async () => {
    await accounts.createAccount({ login: 'li', displayName: '李', password: 'secret123' });
    const ok = await accounts.login({ login: 'li', password: 'secret123', ...meta, ip: '10.0.1.1' });
    expect(ok.me.account?.login).toBe('li');
    expect(await accounts.authenticator.authenticate(ok.sessionToken)).toMatchObject({ login: 'li' });
    await expect(accounts.login({ login: 'li', password: 'nope12345', ...meta, ip: '10.0.1.2' })).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    await expect(accounts.login({ login: 'nobody', password: 'nope12345', ...meta, ip: '10.0.1.3' })).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
  });

  it('locks a login after repeated failures, even for the right password, until the window passes', async () => {
    await accounts.createAccount({ login: 'wang', displayName: '王', password: 'secret123' });
    for (let i = 0; i < 3; i++) await expect(accounts.login({ login: 'wang', password: `bad${i}xxxxx`, ...meta })).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    await expect(accounts.login({ login: 'wang', password: 'secret123', ...meta })).rejects.toMatchObject({ code: 'auth.rate_limited' });
    t.clock.advance(16 * 60_000);
    await expect(accounts.login({ login: 'wang', password: 'secret123', ...meta })).resolves.toBeTruthy();
  });

  it('sessions expire and logout ends them', async () => {
    await accounts.createAccount({ login: 'zhao', displayName: '赵', password: 'secret123' });
    const s = await accounts.login({ login: 'zhao', password: 'secret123', ...meta, ip: '10.0.2.1' });
    const auth = (await accounts.authenticator.authenticate(s.sessionToken))!;
    await accounts.logout(auth);
    expect(await accounts.authenticator.authenticate(s.sessionToken)).toBeNull();
    const s2 = await accounts.login({ login: 'zhao', password: 'secret123', ...meta, ip: '10.0.2.1' });
    t.clock.advance(15 * 24 * 3_600_000);
    expect(await accounts.authenticator.authenticate(s2.sessionToken)).toBeNull();
  });
});

describe('claiming a unit with an invitation code', () => {
  it('creates the owner account linked to the registered owner; the code works once', async () => {
    const c = await buildCommunity(t.services);
    const owner = { name: '孙悦', phone: '13512345678', idNumber: null };
    await t.services.roster.importWorkbook(c, await rosterWorkbook([buildUnit({ unitCode: '5-1-0101', owners: [owner] })]), { dryRun: false, accountId: null });
    const unit = await t.db.selectFrom('units').select('id').where('community_id', '=', c.id).executeTakeFirstOrThrow();
    const staff = await accounts.createAccount({ login: `staff-${c.code}`, displayName: '物业', password: 'secret123' });
    const staffAuth = { accountId: staff, login: 'staff', displayName: '物业', locale: 'zh-CN' as const, csrfToken: '', sessionTokenHash: '' };
    const { code } = await accounts.createInvitation(c, unit.id, staffAuth);

    await expect(accounts.claim({ invitationCode: code, phone: '13500000000', password: 'mypass123', ...meta, ip: '10.0.3.1' })).rejects.toMatchObject({ code: 'auth.phone_not_owner' });
    await expect(accounts.claim({ invitationCode: code, phone: '135 1234 5678', password: 'short', ...meta, ip: '10.0.3.2' })).rejects.toMatchObject({ code: 'auth.password_weak' });
    const s = await accounts.claim({ invitationCode: code.toLowerCase(), phone: '+86 135-1234-5678', password: 'mypass123', ...meta, ip: '10.0.3.3' });
    expect(s.me.account).toMatchObject({ login: '13512345678', displayName: '孙悦' });
    expect(s.me.roles).toEqual([{ role: 'owner', communityCode: c.code, communityName: c.name, region: null }]);
    expect(await t.services.register.myUnits((await accounts.authenticator.authenticate(s.sessionToken))!)).toMatchObject([{ code: '5-1-0101', relation: 'owner' }]);
    await expect(accounts.claim({ invitationCode: code, phone: '13512345678', password: 'mypass123', ...meta, ip: '10.0.3.4' })).rejects.toMatchObject({ code: 'auth.invitation_invalid' });
    const again = await accounts.createInvitation(c, unit.id, staffAuth);
    await expect(accounts.claim({ invitationCode: again.code, phone: '13512345678', password: 'mypass123', ...meta, ip: '10.0.3.5' })).rejects.toMatchObject({ code: 'auth.already_claimed' });
  });

  it('an expired invitation is refused', async () => {
    const c = await buildCommunity(t.services);
    await t.services.roster.importWorkbook(c, await rosterWorkbook([buildUnit({ unitCode: '6-1-0101', owners: [{ name: '周', phone: '13600001111', idNumber: null }] })]), { dryRun: false, accountId: null });
    const unit = await t.db.selectFrom('units').select('id').where('community_id', '=', c.id).executeTakeFirstOrThrow();
    const { code } = await accounts.createInvitation(c, unit.id, { accountId: 1, login: '', displayName: '', locale: 'zh-CN', csrfToken: '', sessionTokenHash: '' });
    t.clock.advance(31 * 86_400_000);
    await expect(accounts.claim({ invitationCode: code, phone: '13600001111', password: 'mypass123', ...meta, ip: '10.0.4.1' })).rejects.toMatchObject({ code: 'auth.invitation_invalid' });
  });
});

describe('invitations', () => {
  it('are refused for a unit without an individual owner with a phone (the developer’s unsold home)', async () => {
    const c = await buildCommunity(t.services);
    await t.services.roster.importWorkbook(
      c,
      await rosterWorkbook([buildUnit({ unitCode: '7-1-0101', deliveryStatus: 'unsold', owners: [{ name: '成都华锦置业有限公司', phone: '', idNumber: null }] })]),
      { dryRun: false, accountId: null },
    );
    const unit = await t.db.selectFrom('units').select('id').where('community_id', '=', c.id).executeTakeFirstOrThrow();
    await expect(accounts.createInvitation(c, unit.id, { accountId: 1, login: '', displayName: '', locale: 'zh-CN', csrfToken: '', sessionTokenHash: '' })).rejects.toMatchObject({
      code: 'auth.invitation_no_owner',
    });
  });
});

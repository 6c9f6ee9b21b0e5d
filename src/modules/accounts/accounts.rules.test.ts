import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInvitationCode, normalizeInvitationCode, passwordAcceptable, regionCovers } from './accounts.rules.js';

describe('invitation codes', () => {
  it('are XXXX-XXXX in unambiguous characters and survive how people retype them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.boolean(), (bytes, sloppy) => {
        const code = formatInvitationCode(bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
        const typed = sloppy ? code.toLowerCase().replace('-', ' ') : code.replace('-', '');
        expect(normalizeInvitationCode(typed)).toBe(code);
      }),
    );
  });
  it('distinct 40-bit values give distinct codes', () => {
    expect(formatInvitationCode(new Uint8Array([0, 0, 0, 0, 1]))).not.toBe(formatInvitationCode(new Uint8Array([0, 0, 0, 0, 2])));
    expect(formatInvitationCode(new Uint8Array([0, 0, 0, 0, 0]))).toBe('0000-0000');
    expect(formatInvitationCode(new Uint8Array([255, 255, 255, 255, 255]))).toBe('ZZZZ-ZZZZ');
  });
});

describe('rules', () => {
  it('passwords need 8 characters with letters and digits', () => {
    expect(passwordAcceptable('abc12345')).toBe(true);
    expect(passwordAcceptable('abcdefgh')).toBe(false);
    expect(passwordAcceptable('1234567')).toBe(false);
  });
  it('officials cover their district or street only', () => {
    const c = { district: '武侯区', street: '晋阳街道' };
    expect(regionCovers('district_official', '武侯区', c)).toBe(true);
    expect(regionCovers('district_official', '锦江区', c)).toBe(false);
    expect(regionCovers('street_official', '武侯区/晋阳街道', c)).toBe(true);
    expect(regionCovers('street_official', '武侯区/簇桥街道', c)).toBe(false);
    expect(regionCovers('street_official', '晋阳街道', c)).toBe(false);
  });
});

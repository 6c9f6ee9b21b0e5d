import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  MAX_AREA_CM2,
  RegisterRuleError,
  deliveryStatusLabel,
  formatAreaCm2,
  idNumberCheckChar,
  isOrganizationName,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizePhone,
  normalizeUnitCode,
  parseAreaToCm2,
  parseDeliveryStatus,
  parseUnitKind,
  unitKindLabel,
  validateIdNumber,
} from './register.rules.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegisterRuleError) return e.code;
    throw e;
  }
  return 'no error';
}

/** A valid 18-character ID: region, real birth date, sequence, GB 11643 check character. */
export const idNumberArb = fc
  .record({
    region: fc.integer({ min: 110000, max: 829999 }),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, seq }) => {
    const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    return first17 + idNumberCheckChar(first17);
  });
export const mobileArb = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);

describe('parseAreaToCm2 / formatAreaCm2', () => {
  it('parses the accepted spellings exactly', () => {
    expect(parseAreaToCm2('85.32')).toBe(8532);
    expect(parseAreaToCm2('85.3')).toBe(8530);
    expect(parseAreaToCm2('85')).toBe(8500);
    expect(parseAreaToCm2(85.32)).toBe(8532);
    expect(parseAreaToCm2('85.32㎡')).toBe(8532);
    expect(parseAreaToCm2('85.32 m²')).toBe(8532);
    expect(parseAreaToCm2(' 85.32平方米 ')).toBe(8532);
    expect(parseAreaToCm2('８５．３２')).toBe(8532);
    expect(parseAreaToCm2('85.320')).toBe(8532);
    expect(parseAreaToCm2('.5')).toBe(50);
    expect(parseAreaToCm2('0.01')).toBe(1);
    expect(parseAreaToCm2('100000')).toBe(MAX_AREA_CM2);
    // 1.15 * 100 = 114.99999999999999 in floating point: the digit parser must not go there.
    expect(parseAreaToCm2('1.15')).toBe(115);
    expect(parseAreaToCm2(1.15)).toBe(115);
  });

  it('rejects bad areas with the right code', () => {
    expect(codeOf(() => parseAreaToCm2('abc'))).toBe('roster.area_not_number');
    expect(codeOf(() => parseAreaToCm2(''))).toBe('roster.area_not_number');
    expect(codeOf(() => parseAreaToCm2('85,32'))).toBe('roster.area_not_number');
    expect(codeOf(() => parseAreaToCm2(Number.NaN))).toBe('roster.area_not_number');
    expect(codeOf(() => parseAreaToCm2('-85'))).toBe('roster.area_not_positive');
    expect(codeOf(() => parseAreaToCm2(-85))).toBe('roster.area_not_positive');
    expect(codeOf(() => parseAreaToCm2('0'))).toBe('roster.area_not_positive');
    expect(codeOf(() => parseAreaToCm2(0))).toBe('roster.area_not_positive');
    expect(codeOf(() => parseAreaToCm2('85.321'))).toBe('roster.area_too_precise');
    expect(codeOf(() => parseAreaToCm2(93.85200000000001))).toBe('roster.area_too_precise');
    expect(codeOf(() => parseAreaToCm2(1e-7))).toBe('roster.area_too_precise');
    expect(codeOf(() => parseAreaToCm2('100000.01'))).toBe('roster.area_too_large');
    expect(codeOf(() => parseAreaToCm2('12345678901234567890'))).toBe('roster.area_too_large');
    expect(codeOf(() => parseAreaToCm2(1e21))).toBe('roster.area_too_large');
  });

  it('formats with two decimals', () => {
    expect(formatAreaCm2(8532)).toBe('85.32');
    expect(formatAreaCm2(8530)).toBe('85.30');
    expect(formatAreaCm2(1)).toBe('0.01');
    expect(formatAreaCm2(MAX_AREA_CM2)).toBe('100000.00');
    expect(() => formatAreaCm2(1.5)).toThrow(RangeError);
  });

  it('round-trips every area through its text and through an Excel number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AREA_CM2 }), (cm2) => {
        const text = formatAreaCm2(cm2);
        expect(parseAreaToCm2(text)).toBe(cm2);
        expect(parseAreaToCm2(Number(text))).toBe(cm2);
      }),
    );
  });

  it('parses any "integer.dd" string as the integer arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 }), fc.boolean(), (int, dd, oneDigit) => {
        fc.pre(int > 0 || dd > 0);
        const frac = oneDigit ? String(Math.floor(dd / 10)) : String(dd).padStart(2, '0');
        const expected = int * 100 + (oneDigit ? Math.floor(dd / 10) * 10 : dd);
        fc.pre(expected > 0);
        expect(parseAreaToCm2(`${int}.${frac}`)).toBe(expected);
      }),
    );
  });
});

describe('normalizeUnitCode', () => {
  it('accepts the documented spellings', () => {
    expect(normalizeUnitCode('3-2-1201')).toBe('3-2-1201');
    expect(normalizeUnitCode('３－２－１２０１')).toBe('3-2-1201');
    expect(normalizeUnitCode(' 3 - 2 - 1201 ')).toBe('3-2-1201');
    expect(normalizeUnitCode('3栋2单元1201')).toBe('3-2-1201');
    expect(normalizeUnitCode('3幢2单元1201室')).toBe('3-2-1201');
    expect(normalizeUnitCode('3号楼2单元1201号')).toBe('3-2-1201');
    expect(normalizeUnitCode('3#2-1201')).toBe('3-2-1201');
    expect(normalizeUnitCode('A座1201')).toBe('A-1201');
    expect(normalizeUnitCode('a-1201')).toBe('A-1201');
    expect(normalizeUnitCode('3—2—1201')).toBe('3-2-1201');
    expect(normalizeUnitCode('P-001')).toBe('P-001');
    expect(normalizeUnitCode('P001')).toBe('P-001');
    expect(normalizeUnitCode('车位P001')).toBe('P-001');
    expect(normalizeUnitCode('车位001')).toBe('P-001');
    expect(normalizeUnitCode('B1-023')).toBe('B1-023');
  });

  it('rejects what cannot be a code', () => {
    for (const bad of ['', '  ', '---', '3/2/1201', '3号2单元x室楼', 'x'.repeat(51), '3-2-1201🙂']) {
      expect(codeOf(() => normalizeUnitCode(bad))).toBe('roster.unit_code_invalid');
    }
  });

  it('is idempotent and its output has the canonical shape', () => {
    const digits = fc.integer({ min: 1, max: 9999 }).map(String);
    const toFullWidth = (s: string) => s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    const spelled = fc.tuple(digits, digits, digits, fc.integer({ min: 0, max: 4 })).map(([b, e, r, form]) =>
      [`${b}-${e}-${r}`, `${b}栋${e}单元${r}`, `${b}号楼${e}单元${r}室`, toFullWidth(`${b}-${e}-${r}`), `车位P${r}`][form]!,
    );
    const arbitrary = fc.string({ unit: fc.constantFrom(...'0123456789-ABPp栋单元室号车位# －'), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(spelled, arbitrary), (input) => {
        let once: string;
        try {
          once = normalizeUnitCode(input);
        } catch (e) {
          expect(e).toBeInstanceOf(RegisterRuleError);
          return;
        }
        expect(once).toMatch(/^[A-Z0-9](?:-?[A-Z0-9])*$/);
        expect(once.length).toBeLessThanOrEqual(50);
        expect(normalizeUnitCode(once)).toBe(once);
      }),
    );
  });
});

describe('kind and delivery status', () => {
  it('parses Chinese and English words', () => {
    expect(parseUnitKind('住宅')).toBe('residential');
    expect(parseUnitKind(' Residential ')).toBe('residential');
    expect(parseUnitKind('商铺')).toBe('commercial');
    expect(parseUnitKind('商业')).toBe('commercial');
    expect(parseUnitKind('车位')).toBe('parking');
    expect(parseUnitKind('PARKING')).toBe('parking');
    expect(parseUnitKind('杂物间')).toBe('storage');
    expect(parseUnitKind('储藏室')).toBe('storage');
    expect(codeOf(() => parseUnitKind('别墅'))).toBe('roster.kind_unknown');
    expect(codeOf(() => parseUnitKind(''))).toBe('roster.kind_unknown');
    expect(parseDeliveryStatus('')).toBe('delivered');
    expect(parseDeliveryStatus('已交付')).toBe('delivered');
    expect(parseDeliveryStatus('未交付')).toBe('undelivered');
    expect(parseDeliveryStatus('Unsold')).toBe('unsold');
    expect(codeOf(() => parseDeliveryStatus('出租'))).toBe('roster.status_unknown');
  });

  it('labels parse back to the same value in both locales', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const kind of ['residential', 'commercial', 'parking', 'storage'] as const) expect(parseUnitKind(unitKindLabel(kind, locale))).toBe(kind);
      for (const s of ['delivered', 'undelivered', 'unsold'] as const) expect(parseDeliveryStatus(deliveryStatusLabel(s, locale))).toBe(s);
    }
    expect(unitKindLabel('parking', 'zh-CN')).toBe('车位');
    expect(deliveryStatusLabel('unsold', 'en')).toBe('Unsold');
  });
});

describe('normalizePhone', () => {
  it('normalizes mobiles and landlines', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('8613812345678')).toBe('13812345678');
    expect(normalizePhone('１３８１２３４５６７８')).toBe('13812345678');
    expect(normalizePhone('028-85551234')).toBe('028-85551234');
    expect(normalizePhone('(028)85551234')).toBe('028-85551234');
    expect(normalizePhone('02885551234')).toBe('028-85551234');
    expect(normalizePhone('010 6555 1234')).toBe('010-65551234');
    expect(normalizePhone('07558888123')).toBe('0755-8888123');
  });

  it('rejects anything else', () => {
    for (const bad of ['', '12812345678', '1381234567', '138123456789', 'abc', '28-85551234', '028-123']) {
      expect(codeOf(() => normalizePhone(bad))).toBe('roster.phone_invalid');
    }
  });

  it('is idempotent on generated mobiles', () => {
    fc.assert(fc.property(mobileArb, (m) => {
      expect(normalizePhone(normalizePhone(m))).toBe(m);
    }));
  });
});

describe('validateIdNumber', () => {
  it('checks the GB 11643 check character and birth date', () => {
    expect(validateIdNumber('11010519491231002X')).toBe('11010519491231002X');
    expect(validateIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(codeOf(() => validateIdNumber('110105194912310021'))).toBe('roster.id_number_invalid');
    expect(codeOf(() => validateIdNumber('110105194902300021'))).toBe('roster.id_number_invalid'); // 30 Feb
    expect(codeOf(() => validateIdNumber('110105491231002'))).toBe('roster.id_number_invalid'); // 15 digits
    expect(codeOf(() => validateIdNumber(''))).toBe('roster.id_number_invalid');
  });

  it('accepts every generated valid number and rejects every single-character change', () => {
    fc.assert(
      fc.property(idNumberArb, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'), (id, pos, c) => {
        expect(validateIdNumber(id)).toBe(id);
        fc.pre(id[pos] !== c);
        const changed = id.slice(0, pos) + c + id.slice(pos + 1);
        expect(codeOf(() => validateIdNumber(changed))).toBe('roster.id_number_invalid');
      }),
    );
  });
});

describe('masks (个人信息保护法)', () => {
  it('masks names, phones and ID numbers', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('张')).toBe('*');
    expect(maskName('John Smith')).toBe('J*** *****');
    expect(maskName('买买提·艾力')).toBe('买**·**');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('028-85551234')).toBe('028-******34');
    expect(maskPhone('0755-8888123')).toBe('0755-*****23');
    expect(maskPhone('')).toBe('');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });

  it('never shows a whole name of two or more characters', () => {
    const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    const latin = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ·');
    const name = fc.oneof(fc.string({ unit: hanzi, minLength: 2, maxLength: 6 }), fc.string({ unit: latin, minLength: 2, maxLength: 20 }));
    fc.assert(
      fc.property(name, (n) => {
        fc.pre(n.trim().length >= 2);
        expect(maskName(n).includes(n.trim())).toBe(false);
      }),
    );
  });

  it('never shows a whole phone or ID number', () => {
    fc.assert(fc.property(mobileArb, (m) => {
      const masked = maskPhone(m);
      expect(masked).toHaveLength(11);
      expect(masked.slice(3, 7)).toBe('****');
      expect(masked.includes(m)).toBe(false);
    }));
    fc.assert(fc.property(idNumberArb, (id) => {
      const masked = maskIdNumber(id);
      expect(masked).toHaveLength(18);
      expect(masked.slice(3, 14)).toBe('*'.repeat(11)); // region and birth date hidden
      expect(masked.includes(id)).toBe(false);
    }));
  });
});

describe('isOrganizationName', () => {
  it('recognizes developers and public bodies, not people', () => {
    expect(isOrganizationName('成都风华置业有限公司')).toBe(true);
    expect(isOrganizationName('某某街道办事处')).toBe(true);
    expect(isOrganizationName('Acme Co. Ltd')).toBe(true);
    expect(isOrganizationName('张三')).toBe(false);
    expect(isOrganizationName('Colin Incheon')).toBe(false);
  });
});

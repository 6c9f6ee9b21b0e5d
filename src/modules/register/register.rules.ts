/**
 * Register rules (DESIGN §2.1), pure: areas, unit codes, kinds, delivery status, phones,
 * resident ID numbers, and the masks used to protect personal information
 * (个人信息保护法 art. 51: technical measures such as de-identification for lower-privilege
 * roles and public pages). No I/O here; the roster reader and the services build on these.
 */
import type { Locale } from '../../platform/i18n.js';

/** A broken register rule; `code` is also the i18n key (catalogue in roster.xlsx.ts). */
export class RegisterRuleError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'RegisterRuleError';
  }
}

export const UNIT_KINDS = ['residential', 'commercial', 'parking', 'storage'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const DELIVERY_STATUSES = ['delivered', 'undelivered', 'unsold'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Largest registered area of one unit: 100 000 m², far above any real 专有部分. */
export const MAX_AREA_CM2 = 10_000_000;

// ---------------------------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------------------------

const AREA_MAX_PARAMS = { max: MAX_AREA_CM2 / 100 };
const AREA_UNIT_SUFFIX = /(?:m²|m2|平方米|平米|平)$/i;

/**
 * Registered area in m² (at most 2 decimals) → integer centi-m². Exact: strings are parsed
 * digit by digit, never through a float multiplication (85.32 * 100 = 8532.000000000001).
 * An Excel number cell is read through its shortest decimal representation (`String(n)`),
 * so 85.32 stays "85.32" and a float artefact such as 93.85200000000001 is rejected as too
 * precise rather than silently rounded (a vote weight must not depend on rounding).
 *
 * Accepted: "85.32", "85.3", "85", "85.320" (trailing zeros), "８５.３２", "85.32㎡",
 * "85.32 m²", "85.32平方米", 85.32 (number). Examples: "85.3" → 8530, 85.32 → 8532.
 */
export function parseAreaToCm2(text: string | number): number {
  let s: string;
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) throw new RegisterRuleError('roster.area_not_number');
    if (text <= 0) throw new RegisterRuleError('roster.area_not_positive');
    s = String(text);
    // String() switches to exponent notation below 1e-6 and from 1e21.
    if (/e/i.test(s)) {
      if (text >= 1) throw new RegisterRuleError('roster.area_too_large', AREA_MAX_PARAMS);
      throw new RegisterRuleError('roster.area_too_precise', { maxDecimals: 2 });
    }
  } else {
    s = text.normalize('NFKC').replace(/\s+/g, '').replace(AREA_UNIT_SUFFIX, '');
  }
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(s) ?? /^([+-]?)()\.(\d+)$/.exec(s);
  if (!m) throw new RegisterRuleError('roster.area_not_number');
  const [, sign = '', intDigits = '', rawFrac = ''] = m;
  const frac = rawFrac.replace(/0+$/, '');
  if (frac.length > 2) throw new RegisterRuleError('roster.area_too_precise', { maxDecimals: 2 });
  const intPart = intDigits.replace(/^0+(?=\d)/, '');
  if (intPart.length > 6) throw new RegisterRuleError('roster.area_too_large', AREA_MAX_PARAMS);
  const cm2 = Number(intPart || '0') * 100 + Number(frac.padEnd(2, '0'));
  if (cm2 === 0 || sign === '-') throw new RegisterRuleError('roster.area_not_positive');
  if (cm2 > MAX_AREA_CM2) throw new RegisterRuleError('roster.area_too_large', AREA_MAX_PARAMS);
  return cm2;
}


/** Integer centi-m² → "85.32", always two decimals, integer arithmetic only. */
export function formatAreaCm2(cm2: number): string {
  if (!Number.isSafeInteger(cm2)) throw new RangeError(`area must be an integer number of centi-m², got ${cm2}`);
  const abs = Math.abs(cm2);
  const cents = abs % 100;
  return `${cm2 < 0 ? '-' : ''}${(abs - cents) / 100}.${String(cents).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Unit codes
// ---------------------------------------------------------------------------------------------

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_]/g;

/**
 * Canonical unit code: 1–50 characters of [A-Z0-9-], upper case, single dashes, no dash at
 * either end. It is the register's key (unique per community), so every spelling of the
 * same unit must collapse to one code. Accepted spellings:
 * - `3-2-1201` (building-entrance-room) and `3-1201`, `A-1201`, `B1-023`;
 * - full-width or typographic digits and dashes, spaces anywhere: `３－２－１２０１`, `3 - 2 - 1201`;
 * - Chinese markers: `3栋2单元1201`, `3幢2单元1201室`, `3号楼2单元1201号`, `A座1201`, `3#2-1201`
 *   (栋/幢/号楼/座/# and 单元 become dashes, a trailing 室/号 is dropped);
 * - parking: `P001`, `p-001`, `车位P001`, `车位001` → `P-001` (P, a dash, then the number);
 * - lower case is upper-cased: `a-1201` → `A-1201`.
 * Idempotent: normalizeUnitCode(normalizeUnitCode(x)) === normalizeUnitCode(x).
 */
export function normalizeUnitCode(text: string): string {
  let s = String(text).normalize('NFKC').replace(/\s+/g, '').replace(DASHES, '-').toUpperCase();
  s = s.replace(/^车位/, '');
  if (/^\d+$/.test(s) && String(text).includes('车位')) s = `P-${s}`;
  s = s
    .replace(/(?:号楼|栋|幢|座|#)/g, '-')
    .replace(/单元/g, '-')
    .replace(/[室号]$/, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const parking = /^P-?(\d[0-9A-Z-]*)$/.exec(s);
  if (parking) s = `P-${parking[1]}`;
  if (!/^[A-Z0-9-]{1,50}$/.test(s)) throw new RegisterRuleError('roster.unit_code_invalid', { max: 50 });
  return s;
}

// ---------------------------------------------------------------------------------------------
// Kind and delivery status
// ---------------------------------------------------------------------------------------------

const KIND_LABELS: Record<UnitKind, Record<Locale, string>> = {
  residential: { 'zh-CN': '住宅', en: 'Residential' },
  commercial: { 'zh-CN': '商业', en: 'Commercial' },
  parking: { 'zh-CN': '车位', en: 'Parking' },
  storage: { 'zh-CN': '储藏室', en: 'Storage' },
};
const KIND_WORDS: Record<string, UnitKind> = {
  住宅: 'residential', residential: 'residential', 住房: 'residential',
  商业: 'commercial', 商铺: 'commercial', 商用: 'commercial', commercial: 'commercial',
  车位: 'parking', 车库: 'parking', 停车位: 'parking', parking: 'parking',
  储藏室: 'storage', 储物间: 'storage', 杂物间: 'storage', storage: 'storage',
};

/** 住宅/商业/商铺/车位/储藏室/杂物间 or the English word (any case) → the kind. */
export function parseUnitKind(text: string): UnitKind {
  const kind = KIND_WORDS[squash(text).toLowerCase()];
  if (!kind) throw new RegisterRuleError('roster.kind_unknown');
  return kind;
}

export function unitKindLabel(kind: UnitKind, locale: Locale): string {
  return KIND_LABELS[kind][locale];
}

const STATUS_LABELS: Record<DeliveryStatus, Record<Locale, string>> = {
  delivered: { 'zh-CN': '已交付', en: 'Delivered' },
  undelivered: { 'zh-CN': '未交付', en: 'Undelivered' },
  unsold: { 'zh-CN': '未售', en: 'Unsold' },
};
const STATUS_WORDS: Record<string, DeliveryStatus> = {
  '': 'delivered', 已交付: 'delivered', 已交房: 'delivered', delivered: 'delivered',
  未交付: 'undelivered', 未交房: 'undelivered', 已售未交付: 'undelivered', undelivered: 'undelivered',
  未售: 'unsold', 待售: 'unsold', unsold: 'unsold',
};

/** 已交付 (also the default for an empty cell) / 未交付 / 未售, or the English word. */
export function parseDeliveryStatus(text: string): DeliveryStatus {
  const status = STATUS_WORDS[squash(text).toLowerCase()];
  if (!status) throw new RegisterRuleError('roster.status_unknown');
  return status;
}

export function deliveryStatusLabel(status: DeliveryStatus, locale: Locale): string {
  return STATUS_LABELS[status][locale];
}

function squash(text: string): string {
  return String(text).normalize('NFKC').replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------------------------
// Phones and ID numbers
// ---------------------------------------------------------------------------------------------

/**
 * Chinese mobile `1[3-9]` + 9 digits (spaces, dashes, parentheses and a +86/0086/86 prefix
 * removed) → `13812341234`; landline area code + 7–8 digit number → `028-85551234`.
 * Without a dash, the area code length follows the national plan: 010 and 02x have three
 * digits, every other area code four.
 */
export function normalizePhone(text: string): string {
  const s = squash(text).replace(DASHES, '-');
  const digits = s.replace(/[-()]/g, '');
  const mobile = /^(?:\+?86|0086)?(1[3-9]\d{9})$/.exec(digits);
  if (mobile?.[1]) return mobile[1];
  const dashed = /^\(?(0\d{2,3})\)?-?(\d{7,8})$/.exec(s);
  if (dashed && /[-()]/.test(s)) return `${dashed[1]}-${dashed[2]}`;
  if (/^0\d{9,11}$/.test(digits)) {
    const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : 4;
    const local = digits.slice(areaLength);
    if (local.length >= 7 && local.length <= 8) return `${digits.slice(0, areaLength)}-${local}`;
  }
  throw new RegisterRuleError('roster.phone_invalid', { value: String(text).trim() });
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/**
 * 18-character resident ID number (GB 11643): 6-digit region, birth date YYYYMMDD (a real
 * calendar date from 1900 on), 3-digit sequence, check character (0-9 or X, upper-cased).
 * Returns the canonical form; 15-digit first-generation numbers are rejected (expired 2013).
 */
export function validateIdNumber(text: string): string {
  const s = squash(text).toUpperCase();
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(s);
  if (!m) throw new RegisterRuleError('roster.id_number_invalid');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDate = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (year < 1900 || !realDate || idNumberCheckChar(s) !== s[17]) throw new RegisterRuleError('roster.id_number_invalid');
  return s;
}

// ---------------------------------------------------------------------------------------------
// Organizations and masks
// ---------------------------------------------------------------------------------------------

const ORGANIZATION_WORDS =
  /(?:公司|集团|有限|中心|委员会|政府|管理处|管理局|办事处|合作社|银行|医院|学校|学院|研究院|研究所|事务所|协会|基金会|物业|开发商|\b(?:co|ltd|inc|llc|corp|company|limited)\b)/i;

/**
 * An owner that is an organization (developer, company, public body). Such owners have no
 * personal phone or ID number on the roster, so the phone may be left empty for them.
 */
export function isOrganizationName(name: string): boolean {
  return ORGANIZATION_WORDS.test(name);
}

/** 复姓 kept whole, so 欧阳娜娜 → 欧阳** reads like the usual 张* convention. */
const COMPOUND_SURNAMES = new Set(
  ('欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 ' +
    '百里 呼延 赫连 澹台 申屠 闻人 万俟 司空 太史 钟离 濮阳 公冶 宗政 淳于 单于 仲孙 拓跋 东郭 左丘').split(' '),
);

/**
 * 张三 → 张*, 欧阳娜娜 → 欧阳**, John Smith → J*** *****. The surname (first character,
 * or a compound surname when the name is longer than it) stays; every other character except
 * spaces and the 间隔号 · becomes *. A one-character name is fully masked.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  const masked = chars.map((c, i) => (i < keep || /[\s·•]/.test(c) ? c : '*')).join('');
  // A name made of one letter and separators only ("A·") would come back unchanged.
  return masked.includes('*') ? masked : `${chars[0]}*`;
}

/** 13812341234 → 138****1234; 028-85551234 → 028-******34 (area code and last 2 kept). */
export function maskPhone(phone: string): string {
  if (phone.trim() === '') return '';
  let canonical: string;
  try {
    canonical = normalizePhone(phone);
  } catch {
    const chars = Array.from(phone.trim());
    return chars.map((c, i) => (i >= chars.length - 2 && chars.length > 4 ? c : '*')).join('');
  }
  if (!canonical.includes('-')) return `${canonical.slice(0, 3)}****${canonical.slice(7)}`;
  const [area = '', local = ''] = canonical.split('-');
  return `${area}-${'*'.repeat(local.length - 2)}${local.slice(-2)}`;
}

/** 110105199001011234 → 110***********1234 (first 3, last 4). Short inputs: all stars. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

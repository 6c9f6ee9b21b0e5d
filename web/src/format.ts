import dayjs from 'dayjs';

/**
 * Display formats. Areas and money arrive as integers in their smallest unit (centi-m², fen) and
 * are split with integer arithmetic, never divided as floats, so 8532 shows as "85.32 m²" exactly.
 */

const grouped = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** Splits an integer count of hundredths into "1,234.56" (sign kept, grouping by Intl zh-CN). */
function hundredths(value: number | bigint): string {
  const n = typeof value === 'bigint' ? value : BigInt(Math.round(value));
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / 100n;
  const rest = abs % 100n;
  return `${negative ? '-' : ''}${grouped.format(whole)}.${rest.toString().padStart(2, '0')}`;
}

/** 8532 → "85.32 m²"; 123456789 → "1,234,567.89 m²". */
export function formatAreaCm2(areaCm2: number | bigint): string {
  if (typeof areaCm2 === 'number' && !Number.isFinite(areaCm2)) return '—';
  return `${hundredths(areaCm2)} m²`;
}

/** 123456 → "¥1,234.56"; -5 → "-¥0.05". */
export function formatFen(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isFinite(fen)) return '—';
  const text = hundredths(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

export function formatCount(n: number): string {
  return grouped.format(n);
}

/** Any ISO date or timestamp → "YYYY-MM-DD" in the browser's time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  // A bare date must not shift across time zones.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

/**
 * part / whole as a percentage truncated (never rounded up) to two decimals, with integer
 * arithmetic: 2/3 → "66.66%", so a quorum shown is never overstated — as the server's
 * percentText (src/modules/decisions/tally.rules.ts). "—" when the whole is 0.
 */
export function formatPercent(part: number, whole: number): string {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return '—';
  const bp = (BigInt(Math.trunc(part)) * 10_000n) / BigInt(Math.trunc(whole));
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')}%`;
}

/** Basis points as a number with two decimals, exactly (8063 → '80.63'; a score in points, a rate in %). */
export function bpText(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(bp));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

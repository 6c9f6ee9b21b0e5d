/**
 * Money is integer fen (分) end to end: `number` holding a safe integer in TypeScript, `bigint`
 * (int8) in SQL, integers in JSON. The few operations we need live here, with their rounding.
 *
 * Rates are integers with an explicit scale: basis points (1 bp = 0.01 %, so 15.00 % = 1500 bp).
 *
 * Rounding is half-up (四舍五入) on the absolute value, once, at the end of a computation:
 *   applyRateBp(10_000, 1500)  = 1500      (100.00 yuan × 15.00 % = 15.00 yuan)
 *   applyRateBp(3, 1500)       = 0         (0.45 fen → 0)
 *   applyRateBp(10, 1500)      = 2         (1.5 fen → 2)
 *   applyRateBp(-10, 1500)     = -2        (symmetric for negative amounts)
 *   applyRateBp(123_456_789, 1234) = 15_234_568  (15 234 567.7626 fen → 15 234 568)
 */

export function assertFen(n: number, what = 'amount'): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number of fen, got ${n}`);
  return n;
}

/** round_half_up(numerator / denominator) in exact integer arithmetic (denominator > 0). */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** amount × rate (basis points), rounded half-up to the fen. */
export function applyRateBp(amountFen: number, rateBp: number): number {
  assertFen(amountFen);
  if (!Number.isInteger(rateBp)) throw new RangeError('rate must be whole basis points');
  return Number(divRoundHalfUp(BigInt(amountFen) * BigInt(rateBp), 10_000n));
}

/** ¥1,234.56 (zh-CN grouping), from integer arithmetic only. */
export function formatFen(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1500 bp → "15.00%" (integer arithmetic). */
export function formatRateBp(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

/** "1234.56" → 123456 fen, exactly (at most two decimals). */
export function parseYuan(text: string): number {
  const m = /^\s*(-)?(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) throw new RangeError(`not an amount in yuan: ${text}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && fen !== 0 ? -fen : fen;
}

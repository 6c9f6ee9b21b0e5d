/**
 * Amounts in Chinese capital numerals (大写), as written on receipts and bank documents, from
 * integer fen (never a float): 10980 → 壹佰零玖元捌角整.
 *
 * Rules (中国人民银行《正确填写票据和结算凭证的基本规定》):
 *   - 壹贰叁肆伍陆柒捌玖, 拾佰仟, 万亿; "壹拾" is written in full (¥16.00 → 壹拾陆元整);
 *   - zeros between digits are written as one 零 (¥1,409.50 → 壹仟肆佰零玖元伍角整; ¥100,001 →
 *     壹拾万零壹元整); a zero in the 角 place before a non-zero 分 is written (¥325.04 →
 *     叁佰贰拾伍元零肆分);
 *   - the amount ends with 整 after 元 or 角, never after 分;
 *   - an amount under one yuan starts at its first non-zero digit (¥0.50 → 伍角整).
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;
/** one unit per group of four digits: 1 万 = 10⁴, 1 亿 = 10⁸, 1 万亿 = 10¹² */
const GROUP_UNITS = ['', '万', '亿', '万亿'] as const;

/** One group of four digits (1…9999) without leading zeros: 1009 → 壹仟零玖. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d]! + SMALL_UNITS[pos]!;
    }
  }
  return out;
}

/** A whole number of yuan (> 0) in capitals, without the 元. */
function integerWords(yuan: bigint): string {
  const groups: number[] = [];
  for (let n = yuan; n > 0n; n /= 10_000n) groups.push(Number(n % 10_000n));
  let out = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) {
      if (out) pendingZero = true;
      continue;
    }
    // a gap before this group (a zero group, or fewer than four digits after a higher group)
    if (out && (pendingZero || g < 1000)) out += '零';
    out += group(g) + GROUP_UNITS[i]!;
    pendingZero = false;
  }
  return out;
}

/** 10980 → "壹佰零玖元捌角整"; 0 → "零元整"; negative amounts get 负 in front. */
export function amountInWords(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  let n = BigInt(fen);
  const negative = n < 0n;
  if (negative) n = -n;
  if (n >= 10n ** 18n) throw new RangeError('amount too large for capital numerals');
  if (n === 0n) return '零元整';
  const yuan = n / 100n;
  const jiao = Number((n / 10n) % 10n);
  const fenDigit = Number(n % 10n);
  let out = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (jiao === 0 && fenDigit === 0) return `${negative ? '负' : ''}${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  out += fenDigit > 0 ? `${DIGITS[fenDigit]}分` : '整';
  return `${negative ? '负' : ''}${out}`;
}

import { describe, expect, it } from 'vitest';
import { amountInWords } from './amountInWords';

describe('amountInWords (金额大写)', () => {
  it.each([
    [10980, '壹佰零玖元捌角整'],
    [0, '零元整'],
    [1, '壹分'],
    [50, '伍角整'],
    [55, '伍角伍分'],
    [100, '壹元整'],
    [1000, '壹拾元整'],
    [1600, '壹拾陆元整'],
    [140950, '壹仟肆佰零玖元伍角整'],
    [32504, '叁佰贰拾伍元零肆分'],
    [600714, '陆仟零柒元壹角肆分'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [10700053, '壹拾万柒仟元伍角叁分'],
    [10000100, '壹拾万零壹元整'],
    [100000000, '壹佰万元整'],
    [1000000000000, '壹佰亿元整'],
    [10000000100, '壹亿零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [12345678901, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分'],
    [-10980, '负壹佰零玖元捌角整'],
    [10n, '壹角整'],
  ])('%s fen → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it('refuses what is not a whole number of fen', () => {
    expect(() => amountInWords(1.5)).toThrow(RangeError);
    expect(() => amountInWords(Number.NaN)).toThrow(RangeError);
  });
});

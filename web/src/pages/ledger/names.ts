import { currentLang } from '../../i18n';
import type { AccountAmount } from '../../api';

/** "5002 保洁费用" (or the English name in English). */
export function accountLabel(a: Pick<AccountAmount, 'code' | 'name' | 'nameEn'>): string {
  return `${a.code} ${currentLang() === 'en' && a.nameEn ? a.nameEn : a.name}`;
}

export type ChartNames = ReadonlyMap<string, Pick<AccountAmount, 'code' | 'name' | 'nameEn' | 'type'>>;

export function labelOf(chart: ChartNames | undefined, code: string): string {
  const a = chart?.get(code);
  return a ? accountLabel(a) : code;
}

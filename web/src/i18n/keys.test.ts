import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN';
import en from './en';

/** Every key path of a nested message catalogue, e.g. "billing.channel.wechat". */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

/** The {{placeholders}} of a message, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

function get(o: object, path: string): string {
  return path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as string;
}

describe('UI message catalogues', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    for (const k of keys(zhCN)) {
      expect(get(zhCN, k).trim(), k).not.toBe('');
      expect(get(en, k).trim(), k).not.toBe('');
      expect(placeholders(get(en, k)), k).toEqual(placeholders(get(zhCN, k)));
    }
  });

  it('the reminder texts and the arrears page cite Civil Code art. 944: no utility is ever cut', () => {
    for (const text of [zhCN.notice.art944, zhCN.billing.art944]) {
      expect(text).toContain('第九百四十四条');
      expect(text).toContain('停止供电、供水、供热、供燃气');
    }
    expect(en.notice.art944).toMatch(/article 944/);
  });
});

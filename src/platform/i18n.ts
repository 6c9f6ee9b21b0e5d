/**
 * Server-side messages (errors, reports, CLI output) in zh-CN first and English second.
 * Each module registers its own catalogue; keys are stable codes like `roster.area_not_number`.
 * Parameters are written `{name}` in the text.
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export type Catalogue = Record<string, { 'zh-CN': string; en: string }>;

const messages = new Map<string, { 'zh-CN': string; en: string }>();

export function registerMessages(catalogue: Catalogue): void {
  for (const [key, texts] of Object.entries(catalogue)) messages.set(key, texts);
}

export function hasMessage(key: string): boolean {
  return messages.has(key);
}

export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const texts = messages.get(key);
  const template = texts ? texts[locale] : key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Picks the locale from a cookie value or an Accept-Language header; zh-CN by default. */
export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookieValue === 'en' || cookieValue === 'zh-CN') return cookieValue;
  if (acceptLanguage && /^\s*en\b/i.test(acceptLanguage)) return 'en';
  return 'zh-CN';
}

registerMessages({
  'common.internal': { 'zh-CN': '服务器内部错误，请稍后再试', en: 'Internal server error, please try again later' },
  'common.invalid_input': { 'zh-CN': '输入不正确：{detail}', en: 'Invalid input: {detail}' },
  'common.unavailable': { 'zh-CN': '服务暂不可用（数据库无法连接）', en: 'Service unavailable (the database cannot be reached)' },
  'common.not_found': { 'zh-CN': '未找到', en: 'Not found' },
  'common.forbidden': { 'zh-CN': '您没有权限执行此操作', en: 'You are not allowed to do this' },
  'common.unauthenticated': { 'zh-CN': '请先登录', en: 'Please sign in first' },
  'common.csrf': { 'zh-CN': '请求校验失败，请刷新页面后重试', en: 'Request check failed; reload the page and try again' },
  'community.not_found': { 'zh-CN': '小区 {code} 不存在', en: 'Community {code} does not exist' },
});

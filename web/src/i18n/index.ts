import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './zh-CN';
import en from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhCN };
  }
}

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

/** localStorage key and cookie name; the server reads the cookie to localize its error messages. */
const STORE_KEY = 'xinyi_lang';

function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  return document.cookie
    .split('; ')
    .find((part) => part.startsWith(prefix))
    ?.slice(prefix.length);
}

function storedLang(): Lang {
  try {
    const saved = localStorage.getItem(STORE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Private mode or storage disabled: fall back to the cookie.
  }
  const cookie = readCookie(STORE_KEY);
  return isLang(cookie) ? cookie : 'zh-CN';
}

function persist(lang: Lang): void {
  try {
    localStorage.setItem(STORE_KEY, lang);
  } catch {
    // The cookie below still carries the choice.
  }
  document.cookie = `${STORE_KEY}=${lang}; path=/; max-age=${60 * 60 * 24 * 365}; SameSite=Lax`;
}

function apply(lang: Lang): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang;
  persist(lang);
}

const initial = storedLang();
apply(initial);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: LANGS as Lang[],
  interpolation: { escapeValue: false }, // React escapes already.
  returnNull: false,
});

export function currentLang(): Lang {
  return isLang(i18n.language) ? i18n.language : 'zh-CN';
}

export async function setLang(lang: Lang): Promise<void> {
  apply(lang);
  await i18n.changeLanguage(lang);
}

export default i18n;

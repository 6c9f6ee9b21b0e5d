import { currentLang } from '../i18n';

/** The community's name in the UI language (English name when there is one). */
export function localName(c: { name: string; nameEn: string | null }): string {
  return currentLang() === 'en' && c.nameEn ? c.nameEn : c.name;
}

/** Joins the non-empty parts with " · ". */
export function joinParts(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

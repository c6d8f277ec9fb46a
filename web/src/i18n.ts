import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../src/i18n/languages.ts';
import en from './locales/en.json';
import fr from './locales/fr.json';
import es from './locales/es.json';
import ru from './locales/ru.json';
import zh from './locales/zh.json';
import ar from './locales/ar.json';
import serverEn from '../../src/i18n/locales/en.json';
import serverFr from '../../src/i18n/locales/fr.json';
import serverEs from '../../src/i18n/locales/es.json';
import serverRu from '../../src/i18n/locales/ru.json';
import serverZh from '../../src/i18n/locales/zh.json';
import serverAr from '../../src/i18n/locales/ar.json';

export { LANGUAGES, type Language };

/** Each language named in itself, as a switcher should show it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  zh: '中文',
  ar: 'العربية',
};

const STORAGE_KEY = 'kimberlite.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function browserLanguage(): Language | null {
  const candidates = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of candidates) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return null;
}

function applyToDocument(language: Language): void {
  const html = document.documentElement;
  html.setAttribute('lang', language);
  html.setAttribute('dir', directionOf(language));
}

/** Changes the UI language; `remember` stores an explicit choice of the user. */
export async function setLanguage(language: Language, { remember = true } = {}): Promise<void> {
  if (remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  applyToDocument(language);
  await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/**
 * Check names and reason texts of a verification are the server's (`verifyPage.checks`,
 * `verifyPage.reasons`), so the public page, the CLI and the staff app say the same words.
 */
function withVerification<T extends object>(web: T, server: { verifyPage: { checks: object; reasons: object } }) {
  return { ...web, checks: server.verifyPage.checks, reasons: server.verifyPage.reasons };
}

const initial: Language = storedLanguage() ?? browserLanguage() ?? 'en';
applyToDocument(initial);

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: withVerification(en, serverEn) },
    fr: { translation: withVerification(fr, serverFr) },
    es: { translation: withVerification(es, serverEs) },
    ru: { translation: withVerification(ru, serverRu) },
    zh: { translation: withVerification(zh, serverZh) },
    ar: { translation: withVerification(ar, serverAr) },
  },
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;

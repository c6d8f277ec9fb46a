import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from './i18n.ts';

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = language + JSON.stringify(options);
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    cache.set(key, format);
  }
  return format;
}

/** A calendar day `YYYY-MM-DD`, in the UI language. */
export function formatDay(day: string | null | undefined, language: Language = currentLanguage()): string {
  if (!day) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/**
 * A register date at the precision the sources give: `2003` stays a year, `2008-06` a month
 * and year, `2013-05-23` a full date.
 */
export function formatRegisterDate(text: string | null | undefined, language: Language = currentLanguage()): string {
  if (!text) return '';
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text.trim());
  if (!match) return text;
  const [, year, month, day] = match;
  if (day !== undefined) return formatDay(text, language);
  if (month !== undefined) {
    return dateFormat(language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(year), Number(month) - 1, 1)));
  }
  return dateFormat(language, { year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(year), 0, 1)));
}

/** A moment (ISO timestamp) with date and time, in the user's time zone. */
export function formatDateTime(iso: string | null | undefined, language: Language = currentLanguage()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number, language: Language = currentLanguage()): string {
  return new Intl.NumberFormat(language).format(value);
}

/** Re-renders with the UI language and gives formatters bound to it. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = (i18n.language as Language) ?? 'en';
  return {
    language,
    day: (value: string | null | undefined) => formatDay(value, language),
    registerDate: (value: string | null | undefined) => formatRegisterDate(value, language),
    dateTime: (value: string | null | undefined) => formatDateTime(value, language),
    number: (value: number) => formatNumber(value, language),
  };
}

/** Today as `YYYY-MM-DD` in UTC, as the server reckons licence validity. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

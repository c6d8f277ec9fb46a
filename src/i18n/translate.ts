import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ru from './locales/ru.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import ar from './locales/ar.json' with { type: 'json' };
import type { Language } from './languages.ts';

type Messages = { [key: string]: string | Messages };

export const MESSAGES: Record<Language, Messages> = { en, fr, es, ru, zh, ar };

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** `{{name}}` placeholders, as i18next writes them, so the SPA and the server share one file. */
export function translate(language: Language, key: string, params: Record<string, string | number> = {}): string {
  const template = lookup(MESSAGES[language], key) ?? lookup(MESSAGES.en, key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Every key path of a locale, for the completeness check. */
export function flattenKeys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flattenKeys(value, `${prefix}${key}.`),
  );
}

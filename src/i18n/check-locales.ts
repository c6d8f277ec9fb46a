import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Language } from './languages.ts';
import { flattenKeys } from './translate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Locale folders: the server's messages (errors, register) and the staff app's. */
export const LOCALE_DIRS = ['src/i18n/locales', 'web/src/locales'];

export interface LocaleProblem {
  dir: string;
  language: Language;
  missing: string[];
  extra: string[];
  empty: string[];
}

type Messages = { [key: string]: string | Messages };

function valueAt(messages: Messages, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Messages)[part] : undefined), messages);
}

/**
 * Compares every language with English in each locale folder: keys missing, keys English does
 * not have, and empty strings. A folder without any locale file is itself a problem.
 */
export function localeProblems(root = ROOT): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  for (const dir of LOCALE_DIRS) {
    const load = (language: Language): Messages | null => {
      const file = path.join(root, dir, `${language}.json`);
      return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
    };
    const english = load('en');
    if (!english) {
      problems.push({ dir, language: 'en', missing: ['<file>'], extra: [], empty: [] });
      continue;
    }
    const reference = flattenKeys(english);
    for (const language of LANGUAGES) {
      const messages = load(language);
      if (!messages) {
        problems.push({ dir, language, missing: ['<file>'], extra: [], empty: [] });
        continue;
      }
      const keys = new Set(flattenKeys(messages));
      const problem: LocaleProblem = {
        dir,
        language,
        missing: reference.filter((key) => !keys.has(key)),
        extra: [...keys].filter((key) => !reference.includes(key)),
        empty: [...keys].filter((key) => String(valueAt(messages, key)).trim() === ''),
      };
      if (problem.missing.length || problem.extra.length || problem.empty.length) problems.push(problem);
    }
  }
  return problems;
}

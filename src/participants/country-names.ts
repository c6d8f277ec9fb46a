import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { LANGUAGES, type Language } from '../i18n/languages.ts';
import { translate } from '../i18n/translate.ts';

const require = createRequire(import.meta.url);
for (const language of LANGUAGES) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`));
}

/**
 * The name of a participant or territory in `language`. Countries come from the maintained
 * i18n-iso-countries data; the two register entries that are not countries (the European Union
 * and the trading entity of Chinese Taipei, named as the KP names it) come from our locale files.
 */
export function participantName(code: string, language: Language): string {
  if (code === 'EU' || code === 'TW') return translate(language, `register.entityNames.${code}`);
  return countries.getName(code, language) ?? countries.getName(code, 'en') ?? code;
}

import { describe, expect, it } from 'vitest';
import { localeProblems } from './check-locales.ts';
import { translate } from './translate.ts';
import { ERROR_STATUS } from '../domain/errors.ts';
import { LANGUAGES } from './languages.ts';

describe('six UN languages', () => {
  it('has every key of the server and of the staff app in every language, none empty', () => {
    expect(localeProblems()).toEqual([]);
  });

  it('has a message for every error code in every language, with its placeholders kept', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      const english = translate('en', `errors.${code}`);
      const placeholders = english.match(/\{\{\s*\w+\s*\}\}/g) ?? [];
      for (const language of LANGUAGES) {
        const message = translate(language, `errors.${code}`);
        expect(message, `${language} ${code}`).not.toBe(`errors.${code}`);
        for (const placeholder of placeholders) expect(message, `${language} ${code}`).toContain(placeholder.replace(/\s/g, ''));
        if (language !== 'en') expect(message, `${language} ${code} is still English`).not.toBe(english);
      }
    }
  });
});

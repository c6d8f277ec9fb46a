import countries from 'i18n-iso-countries';
import { useMemo } from 'react';
import type { ParticipantSummary } from './api.ts';
import type { Language } from './i18n.ts';
import { useApi } from './useApi.ts';

/** ISO 3166-1 alpha-2 codes the server accepts as countries of origin or transit (plus the EU). */
export const COUNTRY_CODES: string[] = [...Object.keys(countries.getAlpha2Codes()), 'EU'];

const displayNames = new Map<string, Intl.DisplayNames | null>();

function regionName(code: string, language: Language): string | undefined {
  if (!displayNames.has(language)) {
    try {
      displayNames.set(language, new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
    } catch {
      displayNames.set(language, null);
    }
  }
  try {
    return displayNames.get(language)?.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}

export interface CountryNames {
  /** Name in the UI language: the register's name for a participant (e.g. Chinese Taipei), else the browser's. */
  name: (code: string | null | undefined) => string;
  /** All countries, sorted by name in the UI language, for pickers. */
  options: { value: string; label: string }[];
  participants: ParticipantSummary[] | null;
  error: unknown;
}

/** Country and participant names in the UI language (participants from the server, others from Intl). */
export function useCountryNames(language: Language): CountryNames {
  const register = useApi<ParticipantSummary[]>('/api/participants');
  return useMemo(() => {
    const fromRegister = new Map((register.data ?? []).map((row) => [row.code, row.name]));
    const name = (code: string | null | undefined) => (code ? (fromRegister.get(code) ?? regionName(code, language) ?? code) : '');
    const collator = new Intl.Collator(language);
    const options = COUNTRY_CODES.map((code) => ({ value: code, label: name(code) })).sort((a, b) => collator.compare(a.label, b.label));
    return { name, options, participants: register.data, error: register.error };
  }, [register.data, register.error, language]);
}

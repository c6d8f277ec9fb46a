import type { Deps } from '../deps.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { decimal, usdPerCarat } from './figures.ts';
import type { Rankings } from './schemas.ts';
import { rankParticipantsOn, type RankingMeasure } from './statistics-repository.ts';

/**
 * All participants with a figure for the measure in the year, largest first (equal figures share
 * a rank). The EU ranks as one participant.
 *
 * @example
 *   const { rows } = await rankParticipants({ year: 2025, measure: 'exports_usd', language: 'en' }, deps);
 *   rows[0]; // { rank: 1, participant: 'BW', name: 'Botswana', valueUsd: '…', … }
 */
export async function rankParticipants({ year, measure, language }: { year: number; measure: RankingMeasure; language: Language }, deps: Deps): Promise<Rankings> {
  const rows = await rankParticipantsOn(deps.db, { year, measure });
  return {
    year,
    measure,
    rows: rows.map((row) => ({
      rank: row.rank,
      participant: row.participant,
      name: participantName(row.participant, language),
      carats: decimal(row.carats),
      valueUsd: decimal(row.valueCents),
      usdPerCarat: usdPerCarat(row.valueCents, row.carats),
      certificates: row.certificates,
    })),
  };
}

/** Where one participant stands on a measure: its rank (null without a figure) among how many. */
export async function rankParticipant({ code, year, measure }: { code: string; year: number; measure: RankingMeasure }, deps: Deps) {
  const rows = await rankParticipantsOn(deps.db, { year, measure });
  return { measure, rank: rows.find((row) => row.participant === code)?.rank ?? null, of: rows.length };
}

import { participants } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { inGoodStandingDuring } from '../domain/participant-status.ts';
import { statusHistories } from '../participants/participant-repository.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { firstReturnsFor } from './production-repository.ts';
import { halfYearEnd, halfYearStart, returnDeadline, type Half } from './production-rules.ts';
import type { MissingReturns } from './schemas.ts';

/**
 * Participants that owed a return for the half-year and had none by the deadline — the list the
 * KP publishes. Empty until the deadline has passed. Historic imported figures count as on time:
 * the date they first reached the KP is not in the file.
 */
export async function listMissingReturns(deps: Deps, { year, half, language }: { year: number; half: Half; language: Language }): Promise<MissingReturns> {
  const deadline = returnDeadline(year, half, deps.config.productionDeadlineDays);
  const deadlinePassed = deadline < todayUtc(deps.now());
  if (!deadlinePassed) return { year, half, deadline, deadlinePassed, missing: [] };
  const [register, eventsOf, returns] = await Promise.all([
    deps.db.select({ code: participants.code }).from(participants),
    statusHistories(deps.db),
    firstReturnsFor(deps.db, year, half),
  ]);
  const start = halfYearStart(year, half);
  const end = halfYearEnd(year, half);
  const collator = new Intl.Collator(language);
  const missing = register
    .filter(({ code }) => inGoodStandingDuring(eventsOf.get(code) ?? [], start, end))
    .flatMap(({ code }) => {
      const first = returns.get(code);
      if (first && (first.source === 'import' || todayUtc(first.submittedAt) <= deadline)) return [];
      return [{ participantCode: code, name: participantName(code, language), returnedLateOn: first ? todayUtc(first.submittedAt) : null }];
    })
    .sort((a, b) => collator.compare(a.name, b.name));
  return { year, half, deadline, deadlinePassed, missing };
}

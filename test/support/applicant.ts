import type { Db } from '../../src/db/database.ts';
import { participantStatusEvents } from '../../src/db/schema.ts';
import { newId } from '../../src/domain/ids.ts';

/**
 * Makes a participant an applicant in the test's register from 1 January 2026. The register
 * seed lists no current applicant: Bangladesh applied in 2005 but is inferred a Participant from
 * 2008 (src/participants/seed-register.ts), so admission tests give it a fresh application status.
 */
export async function standAsApplicant(db: Db, participantCode: string, effectiveOn = '2026-01-01'): Promise<void> {
  await db.insert(participantStatusEvents).values({ id: newId(), participantCode, status: 'applicant', effectiveOn, precision: 'day', note: 'Test fixture: an applicant for admission.' });
}

import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { embargoMeasures } from '../db/schema.ts';
import { newId } from '../domain/ids.ts';

/** Known measures on rough diamonds by origin; sources in reference-data/kp-participants.csv (CI note). */
export const KNOWN_EMBARGOES = [
  {
    originCode: 'CI',
    legalBasis: 'UN Security Council resolution 1643 (2005); lifted by resolution 2153 (2014)',
    startsOn: '2005-12-15',
    endsOn: '2014-04-29',
    note: 'Import of rough diamonds from Côte d’Ivoire barred by the UN; not a KP suspension.',
  },
];

/** Fills an empty embargo register once; safe on every start. */
export async function seedEmbargoes(tx: Tx): Promise<void> {
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(embargoMeasures);
  if (count > 0) return;
  for (const measure of KNOWN_EMBARGOES) {
    const id = newId();
    await tx.insert(embargoMeasures).values({ id, ...measure });
    await recordAudit(tx, { actor: 'system:register-seed', action: 'embargo.registered', entityType: 'embargo', entityId: id, participantCode: null, data: { ...measure } });
  }
}

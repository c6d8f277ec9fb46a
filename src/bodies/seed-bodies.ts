import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { chairmanships, kpBodies } from '../db/schema.ts';
import { HISTORIC_CHAIRMANSHIPS, STANDING_BODIES } from './body-rules.ts';

const SEED_ACTOR = 'system:register-seed';

/**
 * Adds the standing bodies an installation lacks (so a body added in a later release appears on
 * the next start), and the historic chairmanships into an empty table once; safe on every start.
 * Nothing recorded through the API is ever overwritten.
 */
export async function seedBodies(tx: Tx): Promise<void> {
  const existing = new Set((await tx.select({ code: kpBodies.code }).from(kpBodies)).map((row) => row.code));
  for (const body of STANDING_BODIES) {
    if (existing.has(body.code)) continue;
    await tx.insert(kpBodies).values({ ...body, subjectParticipantCode: null, decisionId: null, dissolvedOn: null });
    await recordAudit(tx, { actor: SEED_ACTOR, action: 'body.registered', entityType: 'body', entityId: body.code, participantCode: null, data: { ...body } });
  }
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(chairmanships);
  if (count > 0) return;
  const recordedAt = new Date();
  for (const chairmanship of HISTORIC_CHAIRMANSHIPS) {
    await tx.insert(chairmanships).values({ ...chairmanship, decisionId: null, recordedBy: null, recordedAt });
    await recordAudit(tx, {
      actor: SEED_ACTOR,
      action: 'chairmanship.recorded',
      entityType: 'chairmanship',
      entityId: String(chairmanship.year),
      participantCode: chairmanship.chairParticipantCode,
      data: { ...chairmanship },
    });
  }
}

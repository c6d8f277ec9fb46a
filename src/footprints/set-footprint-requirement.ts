import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { footprintRequirements } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { toFootprintRequirement } from './footprint-repository.ts';
import type { FootprintRequirement } from './schemas.ts';

/** The WGDE lists an origin whose exports must carry a size-frequency profile per parcel (again: the note is replaced). */
export async function setFootprintRequirement(
  { actor, participantCode, note }: { actor: Actor; participantCode: string; note: string | null },
  deps: Deps,
): Promise<FootprintRequirement> {
  if (!hasRole(actor, 'wgde')) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    if (!(await participantExists(tx, participantCode))) throw new AppError('NOT_FOUND');
    const [before] = await tx.select().from(footprintRequirements).where(eq(footprintRequirements.participantCode, participantCode));
    const [saved] = await tx
      .insert(footprintRequirements)
      .values({ participantCode, note, recordedBy: actor.userId, recordedAt: now })
      .onConflictDoUpdate({ target: footprintRequirements.participantCode, set: { note, recordedBy: actor.userId, recordedAt: now } })
      .returning();
    await recordAudit(tx, { actor, action: 'footprint.requirement_set', entityType: 'footprint_requirement', entityId: participantCode, participantCode, data: { note, before: before?.note ?? null, listed: before !== undefined } });
    return saved;
  });
  return toFootprintRequirement(row);
}

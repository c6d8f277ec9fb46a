import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { footprintRequirements } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';

/** The WGDE takes an origin off the list. */
export async function removeFootprintRequirement({ actor, participantCode }: { actor: Actor; participantCode: string }, deps: Deps): Promise<void> {
  if (!hasRole(actor, 'wgde')) throw new AppError('FORBIDDEN');
  await transact(deps, async (tx) => {
    const [removed] = await tx.delete(footprintRequirements).where(eq(footprintRequirements.participantCode, participantCode)).returning();
    if (!removed) throw new AppError('NOT_FOUND');
    await recordAudit(tx, { actor, action: 'footprint.requirement_removed', entityType: 'footprint_requirement', entityId: participantCode, participantCode, data: { note: removed.note } });
  });
}

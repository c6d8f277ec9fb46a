import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { compliantZones, decisions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { toCompliantZone } from './zone-repository.ts';
import type { CompliantZone, CompliantZoneDraft } from './schemas.ts';

/**
 * The Chair lists a zone of a participant from which exports may be certified while it is under
 * zone restriction, on a legal basis (usually an adopted decision, named by `decisionId`).
 * Decisions can also list zones themselves (a `compliant_zone` effect).
 *
 * @example
 * await listCompliantZone({ actor: chair, participantCode: 'CF', draft: { name: 'Berbérati', compliantFrom: '2016-03-01',
 *   legalBasis: 'Administrative Decision on CAR (2015), operational framework' } }, deps);
 */
export async function listCompliantZone(
  { actor, participantCode, draft }: { actor: Actor; participantCode: string; draft: CompliantZoneDraft },
  deps: Deps,
): Promise<CompliantZone> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  if (!(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    if (draft.decisionId) {
      const [decision] = await tx.select({ id: decisions.id }).from(decisions).where(and(eq(decisions.id, draft.decisionId), eq(decisions.status, 'adopted')));
      if (!decision) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['decisionId'], message: 'not an adopted decision' }]);
    }
    const [zone] = await tx
      .insert(compliantZones)
      .values({
        id: newId(),
        participantCode,
        name: draft.name,
        description: draft.description ?? null,
        compliantFrom: draft.compliantFrom,
        legalBasis: draft.legalBasis,
        decisionId: draft.decisionId ?? null,
        recordedBy: actor.userId,
        recordedAt: now,
      })
      .returning();
    await recordAudit(tx, { actor, action: 'zone.listed', entityType: 'compliant_zone', entityId: zone.id, participantCode, data: { ...draft } });
    return zone;
  });
  return toCompliantZone(row, todayUtc(now));
}

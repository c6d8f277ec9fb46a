import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { compliantZones } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { findZoneRow, toCompliantZone } from './zone-repository.ts';
import type { CompliantZone, EndZoneCompliance } from './schemas.ts';

/**
 * The Chair ends a zone's compliance: `compliantUntil` is the last day exports from it may be
 * certified. The legal basis of the ending is added to the zone's legal basis (the register
 * keeps one text per zone) and to the audit log.
 */
export async function endZoneCompliance(
  { actor, participantCode, zoneId, end }: { actor: Actor; participantCode: string; zoneId: string; end: EndZoneCompliance },
  deps: Deps,
): Promise<CompliantZone> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const zone = await findZoneRow(tx, zoneId, { forUpdate: true });
    if (!zone || zone.participantCode !== participantCode) throw new AppError('NOT_FOUND');
    if (zone.compliantUntil !== null && zone.compliantUntil <= end.compliantUntil) throw new AppError('ZONE_ALREADY_ENDED', { compliantUntil: zone.compliantUntil });
    if (end.compliantUntil < zone.compliantFrom) throw new AppError('ZONE_DATES_INVALID', { compliantFrom: zone.compliantFrom });
    const [updated] = await tx
      .update(compliantZones)
      .set({ compliantUntil: end.compliantUntil, legalBasis: `${zone.legalBasis} — ended: ${end.legalBasis}` })
      .where(eq(compliantZones.id, zone.id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'zone.compliance_ended',
      entityType: 'compliant_zone',
      entityId: zone.id,
      participantCode,
      data: { name: zone.name, compliantUntil: end.compliantUntil, before: zone.compliantUntil, legalBasis: end.legalBasis },
    });
    return updated;
  });
  return toCompliantZone(row, todayUtc(now));
}

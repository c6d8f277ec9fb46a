import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { embargoMeasures } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { toEmbargo, type Embargo, type EmbargoLiftSchema } from './certificate-settings.ts';

/**
 * The Chair ends an embargo measure: `endsOn` is its last day, not before it started and not in
 * the past (certificates already refused stay refused). Refuses `EMBARGO_ALREADY_LIFTED` when the
 * measure already has an end on or before that day, `EMBARGO_LIFT_DATE_INVALID` for a bad date.
 *
 * @example
 * await liftEmbargo({ actor: chair, id, lift: { endsOn: '2026-12-31', liftLegalBasis: 'UNSC resolution 2153 (2014)' } }, deps);
 */
export async function liftEmbargo({ actor, id, lift }: { actor: Actor; id: string; lift: z.infer<typeof EmbargoLiftSchema> }, deps: Deps): Promise<Embargo> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  return transact(deps, async (tx) => {
    const [measure] = await tx.select().from(embargoMeasures).where(eq(embargoMeasures.id, id)).for('update');
    if (!measure) throw new AppError('NOT_FOUND');
    if (measure.endsOn !== null && measure.endsOn <= lift.endsOn) throw new AppError('EMBARGO_ALREADY_LIFTED', { endsOn: measure.endsOn });
    const yesterday = todayUtc(new Date(deps.now().getTime() - 86_400_000));
    if (lift.endsOn < measure.startsOn || lift.endsOn < yesterday) throw new AppError('EMBARGO_LIFT_DATE_INVALID', { startsOn: measure.startsOn, earliest: measure.startsOn > yesterday ? measure.startsOn : yesterday });
    const [row] = await tx
      .update(embargoMeasures)
      .set({ endsOn: lift.endsOn, liftedBy: actor.userId, liftLegalBasis: lift.liftLegalBasis })
      .where(eq(embargoMeasures.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'embargo.lifted',
      entityType: 'embargo',
      entityId: id,
      participantCode: null,
      data: { originCode: measure.originCode, endsOn: lift.endsOn, before: measure.endsOn, liftLegalBasis: lift.liftLegalBasis },
    });
    return toEmbargo(row);
  });
}

import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { addDays } from '../certificates/certificate-rules.ts';
import type { Tx } from '../db/database.ts';
import { compliantZones, embargoMeasures, participants } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { ParticipantCodeSchema } from '../http/schemas.ts';

/**
 * Effects of a decision other than a status change: listing a compliant zone of a participant
 * under zone restriction (the CAR operational framework, 2015), and imposing or lifting an
 * embargo on rough diamonds of an origin. Like status effects they apply from the decision's
 * effective date; the rows they write carry the decision's id.
 */
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const ZoneEffectSchema = z
  .object({
    type: z.literal('compliant_zone'),
    participantCode: ParticipantCodeSchema,
    zone: z.object({ name: text(1, 160), description: text(1, 2000).nullable().optional() }).strict(),
  })
  .strict()
  .meta({ description: 'Lists a compliant zone of a participant under zone restriction (or put under it by the same decision), from the effective date' });

export const EmbargoEffectSchema = z
  .object({
    type: z.literal('embargo'),
    participantCode: ParticipantCodeSchema.meta({ description: 'The origin (ISO 3166-1 alpha-2) whose rough diamonds the measure bars' }),
    measure: z.enum(['impose', 'lift']),
    legalBasis: text(3, 500).optional().meta({ description: 'Default: the decision’s reference and title' }),
  })
  .strict()
  .meta({ description: 'Imposes an embargo on rough diamonds of an origin from the effective date, or lifts the one in force (it ends the day before)' });

export type ZoneEffect = z.infer<typeof ZoneEffectSchema>;
export type EmbargoEffect = z.infer<typeof EmbargoEffectSchema>;
export type MeasureEffect = ZoneEffect | EmbargoEffect;

/** What a measure effect did once decided. */
export type MeasureOutcome = 'applied' | 'already_in_force' | 'no_measure_in_force';

export function isMeasureEffect(effect: { type: string }): effect is MeasureEffect {
  return effect.type === 'compliant_zone' || effect.type === 'embargo';
}

const effectInvalid = (participant: string, reason: string) => new AppError('DECISION_EFFECT_INVALID', { participant, reason }, { participant, reason });

/**
 * Checks a measure effect when the decision is recorded or circulated: a zone belongs to a
 * participant that is, or by this decision becomes, zone-restricted; an embargo names a real
 * origin; the same measure is not proposed twice.
 */
export async function checkMeasureEffect(
  tx: Tx,
  effect: MeasureEffect,
  { latestStatus, others }: { latestStatus: string | null; others: readonly { type: string; participantCode: string; status?: string }[] },
): Promise<void> {
  if (effect.type === 'compliant_zone') {
    const [known] = await tx.select({ code: participants.code }).from(participants).where(eq(participants.code, effect.participantCode));
    if (!known) throw effectInvalid(effect.participantCode, 'unknown_participant');
    const restrictedHere = others.some((other) => other.type === 'status' && other.participantCode === effect.participantCode && other.status === 'zone_restricted');
    if (latestStatus !== 'zone_restricted' && !restrictedHere) throw effectInvalid(effect.participantCode, 'not_zone_restricted');
    return;
  }
  if (effect.participantCode !== 'EU' && !countries.isValid(effect.participantCode)) throw effectInvalid(effect.participantCode, 'unknown_origin');
  const twice = others.filter((other) => other.type === 'embargo' && other.participantCode === effect.participantCode).length > 1;
  if (twice) throw effectInvalid(effect.participantCode, 'duplicate');
}

/** Applies one measure effect from `effectiveOn` inside the decision's transaction. */
export async function applyMeasureEffect(
  tx: Tx,
  effect: MeasureEffect,
  { effectiveOn, note, recordedBy, decisionId, now }: { effectiveOn: string; note: string; recordedBy: string; decisionId: string; now: Date },
): Promise<MeasureOutcome> {
  if (effect.type === 'compliant_zone') {
    await tx.insert(compliantZones).values({
      id: newId(),
      participantCode: effect.participantCode,
      name: effect.zone.name,
      description: effect.zone.description ?? null,
      compliantFrom: effectiveOn,
      legalBasis: note,
      decisionId,
      recordedBy,
      recordedAt: now,
    });
    return 'applied';
  }
  const inForce = await tx
    .select()
    .from(embargoMeasures)
    .where(and(eq(embargoMeasures.originCode, effect.participantCode), lte(embargoMeasures.startsOn, effectiveOn), or(isNull(embargoMeasures.endsOn), gte(embargoMeasures.endsOn, effectiveOn))));
  const legalBasis = effect.legalBasis ?? note;
  if (effect.measure === 'impose') {
    if (inForce.length > 0) return 'already_in_force';
    await tx.insert(embargoMeasures).values({ id: newId(), originCode: effect.participantCode, legalBasis, startsOn: effectiveOn, endsOn: null, note, decisionId, recordedBy });
    return 'applied';
  }
  if (inForce.length === 0) return 'no_measure_in_force';
  for (const measure of inForce) {
    // The measure's last day is the day before the lifting applies.
    const endsOn = addDays(effectiveOn, -1);
    await tx
      .update(embargoMeasures)
      .set({ endsOn: endsOn < measure.startsOn ? measure.startsOn : endsOn, liftedBy: recordedBy, liftLegalBasis: legalBasis })
      .where(eq(embargoMeasures.id, measure.id));
  }
  return 'applied';
}

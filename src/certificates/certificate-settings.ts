import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { embargoMeasures, participantSettings } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { IsoDateSchema, LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { certificateSettings } from './certificate-repository.ts';

export const CertificateSettingsSchema = z
  .object({
    validityDays: z.number().int().min(1).max(3650),
    language: LanguageSchema.meta({ description: 'Language printed beside English on certificates' }),
    mixedOriginWording: z.boolean().meta({ description: 'Print the traditional word "Mixed" for mixed-origin parcels' }),
  })
  .strict()
  .meta({ id: 'CertificateSettings' });
export type CertificateSettingsInput = z.infer<typeof CertificateSettingsSchema>;

/** The participant administrator sets its certificates' validity (within the KP-wide maximum), language and origin wording. */
export async function updateCertificateSettings(
  { actor, participantCode, settings }: { actor: Actor; participantCode: string; settings: CertificateSettingsInput },
  deps: Deps,
): Promise<CertificateSettingsInput> {
  if (!(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  if (!access.manageAuthorities(actor, participantCode)) throw new AppError('FORBIDDEN');
  if (settings.validityDays > deps.config.certificateMaxValidityDays) {
    throw new AppError('EXPIRY_BEYOND_MAXIMUM', { expiryDate: `+${settings.validityDays}`, latest: `+${deps.config.certificateMaxValidityDays}`, days: deps.config.certificateMaxValidityDays });
  }
  await transact(deps, async (tx) => {
    const before = await certificateSettings(tx, participantCode, deps.config.certificateDefaultValidityDays);
    const row = { certificateValidityDays: settings.validityDays, certificateLanguage: settings.language, mixedOriginWording: settings.mixedOriginWording };
    await tx.insert(participantSettings).values({ participantCode, ...row }).onConflictDoUpdate({ target: participantSettings.participantCode, set: row });
    await recordAudit(tx, { actor, action: 'participant.certificate_settings_changed', entityType: 'participant', entityId: participantCode, participantCode, data: { before, after: settings } });
  });
  return settings;
}

export const EmbargoDraftSchema = z
  .object({
    originCode: ParticipantCodeSchema,
    legalBasis: z.string().trim().min(3).max(500),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema.nullable(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict()
  .meta({ id: 'EmbargoDraft' });

export const EmbargoSchema = EmbargoDraftSchema.extend({
  id: z.string(),
  note: z.string().nullable(),
  decisionId: z.string().nullable().meta({ description: 'The KP decision that imposed the measure (none for a UN measure recorded by the Chair)' }),
  liftLegalBasis: z.string().nullable().meta({ description: 'On what legal basis the measure was ended early, if it was' }),
}).meta({ id: 'Embargo' });
export type Embargo = z.infer<typeof EmbargoSchema>;

export const EmbargoLiftSchema = z
  .object({
    endsOn: IsoDateSchema.meta({ description: 'Last day the measure applies' }),
    liftLegalBasis: z.string().trim().min(3).max(500),
  })
  .strict()
  .meta({ id: 'EmbargoLift' });

/** An embargo row as the API shows it. */
export function toEmbargo(row: typeof embargoMeasures.$inferSelect): Embargo {
  return {
    id: row.id,
    originCode: row.originCode,
    legalBasis: row.legalBasis,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    note: row.note,
    decisionId: row.decisionId,
    liftLegalBasis: row.liftLegalBasis,
  };
}

/** The Chair records a measure barring rough diamonds of an origin, with its legal basis and dates. */
export async function registerEmbargo({ actor, draft }: { actor: Actor; draft: z.infer<typeof EmbargoDraftSchema> }, deps: Deps) {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  if (draft.endsOn && draft.endsOn < draft.startsOn) throw new AppError('INVALID_VALIDITY_PERIOD', { validFrom: draft.startsOn, validUntil: draft.endsOn });
  return transact(deps, async (tx) => {
    const [row] = await tx.insert(embargoMeasures).values({ id: newId(), ...draft, note: draft.note ?? null, recordedBy: actor.userId }).returning();
    await recordAudit(tx, { actor, action: 'embargo.registered', entityType: 'embargo', entityId: row.id, participantCode: null, data: { ...draft } });
    return toEmbargo(row);
  });
}

import { z } from 'zod';
import { LICENCE_TYPES } from '../domain/licence.ts';
import { IsoDateSchema } from '../http/schemas.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const LicenceTypeSchema = z.enum(LICENCE_TYPES);

/** A licence or registration number as the authority writes it (operators, sites). */
export const LicenceNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'letters, digits, space, dot, slash and hyphen');

export const OperatorDraftSchema = z
  .object({
    name: text(200),
    address: text(500),
    licenceNumber: LicenceNumberSchema,
    licenceTypes: z
      .array(LicenceTypeSchema)
      .min(1)
      .refine((types) => new Set(types).size === types.length, 'each licence type once'),
    validFrom: IsoDateSchema,
    validUntil: IsoDateSchema,
    registrationCard: z.string().trim().min(1).max(64).nullable().optional().meta({ description: 'An artisanal miner’s registration card number' }),
    cooperativeId: z.uuid().nullable().optional().meta({ description: 'The cooperative (an operator with a cooperative licence) the miner belongs to' }),
  })
  .strict()
  .meta({ id: 'OperatorDraft' });
export type OperatorDraft = z.infer<typeof OperatorDraftSchema>;

export const OperatorUpdateSchema = OperatorDraftSchema.partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'at least one field')
  .meta({ id: 'OperatorUpdate' });
export type OperatorUpdate = z.infer<typeof OperatorUpdateSchema>;

export const SuspendOperatorSchema = z.object({ reason: text(2000) }).strict().meta({ id: 'SuspendOperator' });
export const ReinstateOperatorSchema = z.object({ note: text(2000) }).strict().meta({ id: 'ReinstateOperator' });

export const OperatorSchema = z
  .object({
    id: z.string(),
    participantCode: z.string(),
    name: z.string(),
    address: z.string(),
    licenceNumber: z.string(),
    licenceTypes: z.array(LicenceTypeSchema),
    validFrom: IsoDateSchema,
    validUntil: IsoDateSchema,
    licenceState: z.enum(['valid', 'suspended', 'expired', 'not_yet_valid']),
    suspendedAt: z.string().nullable(),
    suspensionReason: z.string().nullable(),
    registrationCard: z.string().nullable(),
    cooperativeId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Operator' });
export type OperatorDto = z.infer<typeof OperatorSchema>;

import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const AuthorityRoleSchema = z.enum(['exporting', 'importing']);

export const AuthorityDraftSchema = z
  .object({
    role: AuthorityRoleSchema,
    name: text(200),
    address: text(500),
    email: z.email().max(200).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{5,40}$/, 'digits, spaces and + ( ) . / -')
      .nullable()
      .optional(),
    territoryCode: z.string().regex(/^[A-Z]{2}$/).nullable().optional(),
  })
  .strict()
  .meta({ id: 'AuthorityDraft' });
export type AuthorityDraft = z.infer<typeof AuthorityDraftSchema>;

export const AuthorityUpdateSchema = AuthorityDraftSchema.partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'at least one field')
  .meta({ id: 'AuthorityUpdate' });
export type AuthorityUpdate = z.infer<typeof AuthorityUpdateSchema>;

export const AuthoritySchema = z
  .object({
    id: z.string(),
    participantCode: z.string(),
    role: AuthorityRoleSchema,
    name: z.string(),
    address: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    territoryCode: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Authority' });
export type AuthorityDto = z.infer<typeof AuthoritySchema>;

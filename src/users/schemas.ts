import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';
import { LanguageSchema } from '../http/schemas.ts';

export const RoleSchema = z.enum(ROLES);

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    kind: z.enum(['person', 'machine']),
    roles: z.array(RoleSchema),
    participantCode: z.string().nullable(),
    observerCode: z.string().nullable(),
    language: z.string(),
    locked: z.boolean(),
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const UserDraftSchema = z
  .object({
    email: z.email().max(200),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['person', 'machine']).default('person'),
    roles: z
      .array(RoleSchema)
      .min(1)
      .refine((roles) => new Set(roles).size === roles.length, 'each role once'),
    participantCode: z.string().regex(/^[A-Z]{2}$/).nullable().optional(),
    observerCode: z.string().regex(/^[A-Z]{2,10}$/).nullable().optional(),
    language: LanguageSchema.default('en'),
    password: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: 'UserDraft', description: 'A person needs a password (12+ characters); a machine client (national system) has none and uses API tokens.' });
export type UserDraft = z.input<typeof UserDraftSchema>;

export const UserUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    roles: z
      .array(RoleSchema)
      .min(1)
      .refine((roles) => new Set(roles).size === roles.length, 'each role once')
      .optional(),
    language: LanguageSchema.optional(),
    disabled: z.boolean().optional(),
    unlock: z.literal(true).optional(),
    password: z.string().max(200).optional(),
  })
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'at least one field')
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const ApiTokenDraftSchema = z
  .object({
    label: z.string().trim().min(1).max(100),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .meta({ id: 'ApiTokenDraft' });

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    label: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiTokenDto = z.infer<typeof ApiTokenSchema>;

export const IssuedApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().meta({ description: 'Shown once. Send as `Authorization: Bearer <token>`.' }),
}).meta({ id: 'IssuedApiToken' });

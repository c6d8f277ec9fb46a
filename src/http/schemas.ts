import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';

export const LanguageSchema = z.enum(LANGUAGES);
export const ParticipantCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1 alpha-2 or EU)');
export const IdSchema = z.uuid();
export const IsoDateSchema = z.iso.date();

export const ErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error', description: 'Every refusal: a stable code, a message in the caller’s language, and details.' });

export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  422: ErrorSchema,
} as const;

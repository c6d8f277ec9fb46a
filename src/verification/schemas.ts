import { z } from 'zod';
import { CertificateContentSchema } from '../certificates/certificate-content.ts';

const CheckStatusSchema = z.enum(['VALID', 'INVALID', 'UNKNOWN']);

export const VerificationResultSchema = z.object({
  verdict: CheckStatusSchema,
  mode: z.enum(['online', 'offline']),
  verifiedAt: z.string(),
  form: z.enum(['seal', 'credential', 'register']).nullable(),
  certificate: CertificateContentSchema.nullable(),
  kid: z.string().nullable(),
  checks: z.array(z.object({ check: z.string(), status: CheckStatusSchema, reason: z.string(), params: z.record(z.string(), z.string()).optional() })),
  needsNetwork: z.array(z.string()),
  trustListIssuedAt: z.string().nullable(),
});

/** Exactly one of: the QR text (or the link in the QR), the Verifiable Credential, or number + security code. */
export const VerifyRequestSchema = z.union([
  z.object({ qr: z.string().min(1).max(8000) }).strict(),
  z.object({ credential: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ number: z.string().regex(/^[A-Z]{2}-\d{4}-\d{6}$/), securityCode: z.string().min(5).max(20) }).strict(),
]);
export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;


import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { errorResponses } from '../http/schemas.ts';
import { VerificationResultSchema, VerifyRequestSchema, type VerifyRequest } from './schemas.ts';
import { verifyByNumber, verifyOnline, type Presenter } from './verify-online.ts';
import type { VerificationResult } from './verifier.ts';

/** One entry point for every online door (API, public page, staff app). */
export function verifyRequest(deps: Deps, body: VerifyRequest, presenter: Presenter): Promise<VerificationResult> {
  if ('qr' in body) return verifyOnline(deps, { text: body.qr }, presenter);
  if ('credential' in body) return verifyOnline(deps, { credential: body.credential }, presenter);
  return verifyByNumber(deps, body, presenter);
}

export async function verificationRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/verify',
    {
      config: { rateLimit: { max: deps.config.verifyRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['verification'],
        summary:
          'Verify a certificate (public): send the QR text, the Verifiable Credential, or number + security code. The answer is a verdict with each check and its reason; it is never an error for a bad certificate.',
        body: VerifyRequestSchema,
        response: { 200: VerificationResultSchema, ...errorResponses },
      },
    },
    async (request) => verifyRequest(deps, request.body, { channel: request.actor ? 'staff_app' : 'api', ip: request.ip }),
  );
}


import { z } from 'zod';
import { CertificateNumberSchema } from '../certificates/routes.ts';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses } from '../http/schemas.ts';
import { findReceipt, recordReceipt } from './record-receipt.ts';
import { ReceiptDraftSchema, ReceiptSchema } from './schemas.ts';

export async function receiptRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/certificates/:number/receipt',
    {
      schema: {
        tags: ['receipts'],
        summary:
          'Confirm receipt (importing officer of the destination participant): parcels, carats, importer and exporter as found, date, seal. Differences beyond tolerance are recorded as discrepancies. Once per certificate.',
        params: z.object({ number: CertificateNumberSchema }),
        body: ReceiptDraftSchema,
        response: { 201: ReceiptSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await recordReceipt({ actor: requireActor(request), number: request.params.number, draft: request.body }, deps)),
  );

  app.get(
    '/api/certificates/:number/receipt',
    {
      schema: {
        tags: ['receipts'],
        summary: 'The confirmation of receipt of a certificate (issuing and importing participant, Chair, WGM)',
        params: z.object({ number: CertificateNumberSchema }),
        response: { 200: ReceiptSchema, ...errorResponses },
      },
    },
    async (request) => findReceipt(deps, requireActor(request), request.params.number),
  );
}

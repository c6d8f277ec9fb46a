import { z } from 'zod';
import { CertificateNumberSchema } from '../certificates/routes.ts';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses } from '../http/schemas.ts';
import { getOriginTrail } from './origin-trail.ts';
import { OriginTrailSchema } from './origin-trail-schema.ts';

export async function originTrailRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/certificates/:number/origin-trail',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Whether a certificate’s origin is backed by recorded custody, and the trail back to the sites (whoever sees the certificate)',
        description:
          'Per parcel and origin site: the carats drawn from the exporter’s recorded stock and the chain of production, sales and transfers behind them, with each actor’s licence type and state on the day. Names, licence numbers, prices and parcel references only for the issuing participant’s custody officials.',
        params: z.object({ number: CertificateNumberSchema }),
        response: { 200: OriginTrailSchema, ...errorResponses },
      },
    },
    async (request) => getOriginTrail({ actor: requireActor(request), number: request.params.number }, deps),
  );
}

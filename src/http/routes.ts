import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { alertRoutes } from '../alerts/routes.ts';
import { anomalyRoutes } from '../anomalies/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { authorityRoutes } from '../authorities/routes.ts';
import { certificateRoutes } from '../certificates/routes.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole } from '../domain/roles.ts';
import { operatorRoutes } from '../operators/routes.ts';
import { custodyRoutes } from '../custody/routes.ts';
import { custodyReportRoutes } from '../custody/report-routes.ts';
import { originTrailRoutes } from '../custody/origin-trail-routes.ts';
import { participantRoutes } from '../participants/routes.ts';
import { productionRoutes } from '../production/routes.ts';
import { receiptRoutes } from '../receipts/routes.ts';
import { statisticsRoutes } from '../statistics/routes.ts';
import { userRoutes } from '../users/routes.ts';
import { verificationRoutes } from '../verification/routes.ts';
import { verifyPageRoutes } from '../verification/public-page/routes.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { decisionRoutes } from '../decisions/routes.ts';
import { annualReportRoutes } from '../annual-reports/routes.ts';
import { peerReviewRoutes } from '../peer-reviews/routes.ts';
import { notificationRoutes } from '../notifications/routes.ts';
import { zoneRoutes } from '../zones/routes.ts';
import { bodyRoutes } from '../bodies/routes.ts';
import { admissionRoutes } from '../admission/routes.ts';
import { footprintRoutes } from '../footprints/routes.ts';
import type { App } from './app.ts';
import type { Metrics } from './metrics.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export async function registerRoutes(app: App, deps: Deps, metrics: Metrics): Promise<void> {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) },
      },
    },
    async (_request, reply) => {
      try {
        await deps.db.execute(sql`select 1`);
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );

  app.get(
    '/api/metrics',
    { schema: { tags: ['system'], summary: 'Prometheus metrics (loopback callers or the system administrator)', produces: ['text/plain'] } },
    async (request, reply) => {
      const allowed = hasRole(request.actor, 'system_admin') || !deps.config.metricsLoopbackOnly || LOOPBACK.has(request.ip);
      if (!allowed) throw new AppError('NOT_FOUND');
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await authRoutes(app, deps);
  await participantRoutes(app, deps);
  await authorityRoutes(app, deps);
  await operatorRoutes(app, deps);
  await custodyRoutes(app, deps);
  await custodyReportRoutes(app, deps);
  await originTrailRoutes(app, deps);
  await userRoutes(app, deps);
  await certificateRoutes(app, deps);
  await receiptRoutes(app, deps);
  await productionRoutes(app, deps);
  await alertRoutes(app, deps);
  await auditRoutes(app, deps);
  await verificationRoutes(app, deps);
  await app.register(verifyPageRoutes, { deps });
  await webhookRoutes(app, deps);
  await statisticsRoutes(app, deps);
  await anomalyRoutes(app, deps);
  await decisionRoutes(app, deps);
  await annualReportRoutes(app, deps);
  await peerReviewRoutes(app, deps);
  await notificationRoutes(app, deps);
  await zoneRoutes(app, deps);
  await bodyRoutes(app, deps);
  await admissionRoutes(app, deps);
  await footprintRoutes(app, deps);
}

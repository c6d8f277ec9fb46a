import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole } from '../domain/roles.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { createWebhookSubscription } from './create-webhook-subscription.ts';
import { disableWebhookSubscription } from './disable-webhook-subscription.ts';
import { CreatedWebhookSubscriptionSchema, WebhookDeliverySchema, WebhookSubscriptionDraftSchema, WebhookSubscriptionSchema } from './schemas.ts';
import { canSeeSubscription, findSubscriptionRow, listRecentDeliveryRows, listSubscriptionRows, toDeliveryDto, toSubscriptionDto } from './webhook-repository.ts';

export async function webhookRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe the national system to events by signed webhook (participant administrator). The secret is shown once.',
        body: WebhookSubscriptionDraftSchema,
        response: { 201: CreatedWebhookSubscriptionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createWebhookSubscription({ actor: requireActor(request), draft: request.body }, deps);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook subscriptions: a participant administrator sees its participant’s; the system administrator all. Never the secret.',
        querystring: z.object({ participant: ParticipantCodeSchema.optional() }),
        response: { 200: z.array(WebhookSubscriptionSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      let scope: string | undefined;
      if (hasRole(actor, 'system_admin')) scope = request.query.participant;
      else if (actor.participantCode && canSeeSubscription(actor, actor.participantCode)) scope = actor.participantCode;
      else throw new AppError('FORBIDDEN');
      return (await listSubscriptionRows(deps.db, scope)).map(toSubscriptionDto);
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Disable a subscription; deliveries still pending are dropped (participant administrator)',
        params: z.object({ id: IdSchema }),
        response: { 200: WebhookSubscriptionSchema, ...errorResponses },
      },
    },
    async (request) => disableWebhookSubscription({ actor: requireActor(request), subscriptionId: request.params.id }, deps),
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Recent deliveries of a subscription, newest first: status, attempts, last answer or error',
        params: z.object({ id: IdSchema }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(WebhookDeliverySchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const subscription = await findSubscriptionRow(deps.db, request.params.id);
      if (!subscription || !canSeeSubscription(actor, subscription.participantCode)) throw new AppError('NOT_FOUND');
      return (await listRecentDeliveryRows(deps.db, subscription.id, request.query.limit)).map(toDeliveryDto);
    },
  );
}

import { z } from 'zod';
import { WEBHOOK_EVENTS } from './outbox.ts';

export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);

export const WebhookSubscriptionDraftSchema = z
  .object({
    url: z.url().max(2000),
    events: z
      .array(WebhookEventSchema)
      .min(1)
      .refine((events) => new Set(events).size === events.length, 'each event once'),
  })
  .strict()
  .meta({ id: 'WebhookSubscriptionDraft', description: 'https address (http only to localhost) and the events to receive.' });
export type WebhookSubscriptionDraft = z.infer<typeof WebhookSubscriptionDraftSchema>;

export const WebhookSubscriptionSchema = z
  .object({
    id: z.string(),
    participantCode: z.string(),
    url: z.string(),
    events: z.array(WebhookEventSchema),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'WebhookSubscription' });
export type WebhookSubscriptionDto = z.infer<typeof WebhookSubscriptionSchema>;

export const CreatedWebhookSubscriptionSchema = WebhookSubscriptionSchema.extend({
  secret: z.string().describe('whsec_…: the key for verifying kimberlite-signature. Shown once, never again.'),
}).meta({ id: 'CreatedWebhookSubscription' });

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryDto = z.infer<typeof WebhookDeliverySchema>;

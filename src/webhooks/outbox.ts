import { and, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { newId } from '../domain/ids.ts';

/** Events a national system can subscribe to. */
export const WEBHOOK_EVENTS = ['receipt.recorded', 'alert.raised', 'alert.commented', 'alert.closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Queues an event for every active subscription of the given participants that asked for it,
 * inside the transaction that caused the event: the event exists if and only if the change
 * committed. The dispatcher delivers it later, with retries.
 */
export async function enqueueEvent(
  tx: Tx,
  { participants, type, data, now }: { participants: string[]; type: WebhookEvent; data: Record<string, unknown>; now: Date },
): Promise<number> {
  const targets = [...new Set(participants)];
  if (targets.length === 0) return 0;
  const subscriptions = await tx
    .select()
    .from(webhookSubscriptions)
    .where(and(inArray(webhookSubscriptions.participantCode, targets), isNull(webhookSubscriptions.disabledAt)));
  const wanted = subscriptions.filter((subscription) => subscription.events.includes(type));
  if (wanted.length === 0) return 0;
  const eventId = newId();
  await tx.insert(webhookDeliveries).values(
    wanted.map((subscription) => ({
      id: newId(),
      subscriptionId: subscription.id,
      eventId,
      eventType: type,
      payload: { id: eventId, type, occurredAt: now.toISOString(), participant: subscription.participantCode, data },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
  return wanted.length;
}


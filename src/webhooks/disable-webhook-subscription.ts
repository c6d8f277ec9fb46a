import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import type { WebhookSubscriptionDto } from './schemas.ts';
import { canManageSubscription, canSeeSubscription, findSubscriptionRow, toSubscriptionDto } from './webhook-repository.ts';

/**
 * Stops a subscription: no new events are queued for it, and deliveries still pending are
 * closed as failed in the same transaction, so nothing is sent after the administrator said stop.
 */
export async function disableWebhookSubscription({ actor, subscriptionId }: { actor: Actor; subscriptionId: string }, deps: Deps): Promise<WebhookSubscriptionDto> {
  const existing = await findSubscriptionRow(deps.db, subscriptionId);
  if (!existing || !canSeeSubscription(actor, existing.participantCode)) throw new AppError('NOT_FOUND');
  if (!canManageSubscription(actor, existing.participantCode)) throw new AppError('FORBIDDEN');
  return transact(deps, async (tx) => {
    const now = deps.now();
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ disabledAt: now })
      .where(and(eq(webhookSubscriptions.id, subscriptionId), isNull(webhookSubscriptions.disabledAt)))
      .returning();
    if (!row) throw new AppError('WEBHOOK_ALREADY_DISABLED');
    const dropped = await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: 'subscription disabled' })
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.status, 'pending')))
      .returning({ id: webhookDeliveries.id });
    await recordAudit(tx, {
      actor,
      action: 'webhook.disabled',
      entityType: 'webhook_subscription',
      entityId: subscriptionId,
      participantCode: row.participantCode,
      data: { host: new URL(row.url).host, pendingDeliveriesDropped: dropped.length },
    });
    return toSubscriptionDto(row);
  });
}

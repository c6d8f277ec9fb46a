import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { actsFor, hasRole, type Actor } from '../domain/roles.ts';
import type { WebhookEvent } from './outbox.ts';
import type { WebhookDeliveryDto, WebhookSubscriptionDto } from './schemas.ts';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A participant administrator sees its participant's subscriptions; the system administrator all. */
export function canSeeSubscription(actor: Actor, participantCode: string): boolean {
  return actsFor(actor, participantCode, 'participant_admin') || hasRole(actor, 'system_admin');
}

/** Only the participant's own administrator subscribes and unsubscribes its national system. */
export function canManageSubscription(actor: Actor, participantCode: string): boolean {
  return actsFor(actor, participantCode, 'participant_admin');
}

/** Never carries the secret, sealed or not. */
export function toSubscriptionDto(row: SubscriptionRow): WebhookSubscriptionDto {
  return {
    id: row.id,
    participantCode: row.participantCode,
    url: row.url,
    events: row.events as WebhookEvent[],
    createdAt: row.createdAt.toISOString(),
    disabledAt: row.disabledAt?.toISOString() ?? null,
  };
}

export function toDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as WebhookDeliveryDto['status'],
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findSubscriptionRow(db: Db | Tx, id: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  return row;
}

/** Oldest first; `participantCode` undefined lists every participant's. */
export function listSubscriptionRows(db: Db, participantCode: string | undefined): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(participantCode ? eq(webhookSubscriptions.participantCode, participantCode) : undefined)
    .orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id));
}

export function listRecentDeliveryRows(db: Db, subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * Locks up to `limit` due pending deliveries of active subscriptions. SKIP LOCKED: rows another
 * dispatcher has just locked are left to it, so two server processes never claim the same one.
 */
export function lockDueDeliveries(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), isNull(webhookSubscriptions.disabledAt)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit)
    .for('update', { of: webhookDeliveries, skipLocked: true });
}

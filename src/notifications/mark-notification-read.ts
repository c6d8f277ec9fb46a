import { and, eq, isNull } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findOwnNotification, toNotificationDto } from './notification-repository.ts';
import type { NotificationDto } from './schemas.ts';

/**
 * Marks one of the actor's own notifications read; marking it again keeps the first time.
 * Someone else's notification does not exist for the actor (NOT_FOUND). Personal, so not audited.
 */
export async function markNotificationRead({ actor, notificationId }: { actor: Actor; notificationId: string }, deps: Deps): Promise<NotificationDto> {
  return transact(deps, async (tx) => {
    const row = await findOwnNotification(tx, actor.userId, notificationId);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.readAt) return toNotificationDto(row);
    const [updated] = await tx
      .update(notifications)
      .set({ readAt: deps.now() })
      .where(and(eq(notifications.id, row.id), isNull(notifications.readAt)))
      .returning();
    return toNotificationDto(updated ?? row);
  });
}

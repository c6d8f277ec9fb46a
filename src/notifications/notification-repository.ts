import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { notificationEmails, notifications, users } from '../db/schema.ts';
import type { NotificationKind, NotificationParams } from './notification-kinds.ts';
import type { NotificationDto } from './schemas.ts';

export type NotificationRow = typeof notifications.$inferSelect;

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    params: row.params as NotificationParams,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** A user's own notifications, unread first, newest first within each. */
export async function listOwnNotifications(db: Db, userId: string, { page, pageSize }: { page: number; pageSize: number }) {
  const own = eq(notifications.userId, userId);
  const [rows, [{ total }], [{ unread }]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(own)
      .orderBy(sql`${notifications.readAt} is null desc`, desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(notifications).where(own),
    db.select({ unread: count() }).from(notifications).where(and(own, isNull(notifications.readAt))),
  ]);
  return { rows, total: Number(total), unread: Number(unread) };
}

export async function findOwnNotification(db: Db | Tx, userId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return row;
}

/**
 * Locks up to `limit` e-mails due now, with what they say and who reads them. SKIP LOCKED: rows
 * another dispatcher has just locked are left to it.
 */
export function lockDueEmails(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ email: notificationEmails, notification: notifications, language: users.language })
    .from(notificationEmails)
    .innerJoin(notifications, eq(notifications.id, notificationEmails.notificationId))
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notificationEmails.status, 'pending'), lte(notificationEmails.nextAttemptAt, now)))
    .orderBy(asc(notificationEmails.nextAttemptAt), asc(notificationEmails.id))
    .limit(limit)
    .for('update', { of: notificationEmails, skipLocked: true });
}

export async function markEmailsFailed(tx: Tx, ids: string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(notificationEmails).set({ status: 'failed', lastError: reason }).where(inArray(notificationEmails.id, ids));
}

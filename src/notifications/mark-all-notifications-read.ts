import { and, eq, isNull } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import type { Actor } from '../domain/roles.ts';

/** Marks every unread notification of the actor read. Returns how many were unread. */
export async function markAllNotificationsRead({ actor }: { actor: Actor }, deps: Deps): Promise<number> {
  return transact(deps, async (tx) => {
    const marked = await tx
      .update(notifications)
      .set({ readAt: deps.now() })
      .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return marked.length;
  });
}

import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema } from '../http/schemas.ts';
import { markAllNotificationsRead } from './mark-all-notifications-read.ts';
import { markNotificationRead } from './mark-notification-read.ts';
import { listOwnNotifications, toNotificationDto } from './notification-repository.ts';
import { NotificationListQuerySchema, NotificationPageSchema, NotificationSchema } from './schemas.ts';

/** Each signed-in person's own notifications; nobody sees or marks anyone else's. */
export async function notificationRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, unread first, newest first, with the unread count',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { page, pageSize } = request.query;
      const { rows, total, unread } = await listOwnNotifications(deps.db, actor.userId, { page, pageSize });
      return { items: rows.map(toNotificationDto), total, unread, page, pageSize };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications read',
        params: z.object({ id: IdSchema }),
        response: { 200: NotificationSchema, ...errorResponses },
      },
    },
    async (request) => markNotificationRead({ actor: requireActor(request), notificationId: request.params.id }, deps),
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        response: { 200: z.object({ marked: z.number() }), ...errorResponses },
      },
    },
    async (request) => ({ marked: await markAllNotificationsRead({ actor: requireActor(request) }, deps) }),
  );
}

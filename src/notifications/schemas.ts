import { z } from 'zod';
import { NOTIFICATION_KINDS } from './notification-kinds.ts';

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    params: z.record(z.string(), z.string()).describe('The placeholders of `notifications.kinds.<kind>`: the SPA words it in the reader’s language.'),
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const NotificationPageSchema = z
  .object({
    items: z.array(NotificationSchema),
    total: z.number(),
    unread: z.number(),
    page: z.number(),
    pageSize: z.number(),
  })
  .meta({ id: 'NotificationPage', description: 'Unread first, then newest first.' });
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

import { Anchor, Button, Group, Pagination, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type NotificationDto, type NotificationPage } from '../api.ts';
import { ToneBadge } from '../components/Badges.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { NOTIFICATIONS_CHANGED } from '../components/NotificationBell.tsx';
import { NotificationText } from '../components/NotificationText.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';

const PAGE_SIZE = 20;

/** `/notifications`: the signed-in person's notifications, unread first, each opening what it is about. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [page, setPage] = useState(1);
  const list = useApi<NotificationPage>(`/api/notifications?page=${page}&pageSize=${PAGE_SIZE}`);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const changed = () => {
    list.reload();
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
  };
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      changed();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const markRead = (notification: NotificationDto) => run(() => api(`/api/notifications/${notification.id}/read`, { method: 'POST' }));
  // opening the link counts as reading it; the navigation itself is not held up
  const opened = (notification: NotificationDto) => {
    if (!notification.readAt) void api(`/api/notifications/${notification.id}/read`, { method: 'POST' }).then(() => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED)), () => undefined);
  };

  const unread = list.data?.unread ?? 0;
  return (
    <Page
      title={t('notifications.title')}
      actions={
        unread > 0 && (
          <Button variant="default" loading={busy} onClick={() => void run(() => api('/api/notifications/read-all', { method: 'POST' }))} data-testid="mark-all-read">
            {t('notifications.markAllRead')}
          </Button>
        )
      }
    >
      {failure !== null && <ErrorAlert error={failure} />}
      <Loaded ready={list.data !== null} error={list.error}>
        {() => (
          <Stack gap="sm">
            <Text c="gray.8">{t('notifications.unreadCount', { formatted: format.number(unread) })}</Text>
            {list.data!.items.length === 0 && <Text>{t('notifications.empty')}</Text>}
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {list.data!.items.map((notification) => (
                <Paper
                  key={notification.id}
                  component="li"
                  withBorder
                  p="md"
                  radius="md"
                  data-testid="notification"
                  data-read={notification.readAt ? 'true' : 'false'}
                  style={notification.readAt ? undefined : { borderInlineStartWidth: 4, borderInlineStartColor: 'var(--mantine-color-blue-8)' }}
                >
                  <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                    <Stack gap={4} style={{ flex: '1 1 20rem', minWidth: 0 }}>
                      <Group gap="xs" wrap="wrap">
                        <ToneBadge tone={notification.readAt ? 'gray' : 'blue'}>{notification.readAt ? t('notifications.read') : t('notifications.unread')}</ToneBadge>
                        <Text fz="sm" c="gray.8">
                          {t('notifications.receivedAt')}: {format.dateTime(notification.createdAt)}
                        </Text>
                      </Group>
                      <Text fw={notification.readAt ? 400 : 700} id={`notification-${notification.id}`}>
                        {notification.link ? (
                          <Anchor component={Link} to={notification.link} onClick={() => opened(notification)} inherit>
                            <NotificationText notification={notification} />
                          </Anchor>
                        ) : (
                          <NotificationText notification={notification} />
                        )}
                      </Text>
                    </Stack>
                    {!notification.readAt && (
                      <Button size="xs" variant="default" disabled={busy} onClick={() => void markRead(notification)} aria-describedby={`notification-${notification.id}`}>
                        {t('notifications.markRead')}
                      </Button>
                    )}
                  </Group>
                </Paper>
              ))}
            </Stack>
            {list.data!.total > PAGE_SIZE && (
              <Pagination total={Math.ceil(list.data!.total / PAGE_SIZE)} value={page} onChange={setPage} aria-label={t('notifications.title')} />
            )}
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}

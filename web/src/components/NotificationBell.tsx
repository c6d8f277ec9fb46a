import { Badge, Button } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { NotificationPage } from '../api.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';

/** Sent by the notifications page when it marks something read, so the count follows at once. */
export const NOTIFICATIONS_CHANGED = 'kimberlite:notifications-changed';
const REFRESH_MS = 60_000;

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/** The header's link to `/notifications`, with the number of unread notifications; its name says the count. */
export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const location = useLocation();
  const { data, reload } = useApi<NotificationPage>('/api/notifications?pageSize=1');

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, reload);
    };
  }, [reload]);
  useEffect(reload, [location.pathname, reload]);

  const unread = data?.unread ?? 0;
  return (
    <Button
      component={Link}
      to="/notifications"
      variant="default"
      size="sm"
      px="xs"
      aria-label={t('notifications.bell', { formatted: format.number(unread) })}
      data-testid="notification-bell"
      rightSection={
        unread > 0 ? (
          <Badge size="sm" circle={unread < 10} color="red.9" aria-hidden="true">
            {format.number(unread)}
          </Badge>
        ) : undefined
      }
    >
      <BellIcon />
    </Button>
  );
}

import { useTranslation } from 'react-i18next';
import type { NotificationDto } from '../api.ts';
import { useFormat } from '../format.ts';

/** What a notification says, in the reader's language: the deadline and due day by Intl, the result in words. */
export function NotificationText({ notification }: { notification: Pick<NotificationDto, 'kind' | 'params'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { params } = notification;
  const shown: Record<string, string> = { ...params };
  if (params.deadline) shown.deadline = format.dateTime(params.deadline);
  if (params.due) shown.due = format.day(params.due);
  if (params.result) shown.result = t(`notifications.decisionResult.${params.result}`);
  if (params.leader) shown.asLeader = params.leader === 'yes' ? t('notifications.peerReviewLeader') : '';
  // titles are free text in any script: let each run find its own direction
  return <span dir="auto">{t(`notifications.kinds.${notification.kind}`, { ...shown, interpolation: { escapeValue: false } })}</span>;
}

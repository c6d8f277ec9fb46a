import { translate } from '../i18n/translate.ts';
import type { Language } from '../i18n/languages.ts';

/**
 * What Kimberlite tells people about. Each kind is a key under `notifications.kinds` in the
 * server's and the SPA's locale files; its parameters are the `{{placeholders}}` there.
 */
export const NOTIFICATION_KINDS = [
  'decision.circulated',
  'decision.decided',
  'annual_report.question',
  'annual_report.answer',
  'anomaly.raised',
  'peer_review.assigned',
  'admission.submitted',
  'admission.question',
  'admission.answer',
  'admission.recommended',
  'admission.withdrawn',
  'reminder.decision_deadline',
  'reminder.annual_report_due',
  'shipment.approved',
  'shipment.refused',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Parameters are stored as strings: references, codes, ISO instants (`deadline`) and days (`due`). */
export type NotificationParams = Record<string, string>;

/**
 * The parameters as a reader of `language` sees them: instants and days by `Intl` (in UTC, the
 * time the KP deadlines are set in), a written procedure's result in words.
 */
export function displayParams(language: Language, params: NotificationParams): NotificationParams {
  const shown = { ...params };
  if (params.deadline) {
    shown.deadline = `${new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(params.deadline))} UTC`;
  }
  if (params.due) shown.due = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${params.due}T00:00:00Z`));
  if (params.result) shown.result = translate(language, `notifications.decisionResult.${params.result}`);
  if (params.leader) shown.asLeader = params.leader === 'yes' ? translate(language, 'notifications.peerReviewLeader') : '';
  return shown;
}

/**
 * One line saying what happened, in the reader's language.
 *
 * @example
 * notificationText('fr', { kind: 'decision.circulated', params: { reference: 'WP 2026/01', title: 'Suspension', deadline: '2026-12-15T17:00:00Z' } });
 */
export function notificationText(language: Language, { kind, params }: { kind: string; params: NotificationParams }): string {
  return translate(language, `notifications.kinds.${kind}`, displayParams(language, params));
}

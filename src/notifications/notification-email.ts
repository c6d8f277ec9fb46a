import { publicUrlOf, type Config } from '../config.ts';
import { isLanguage, type Language } from '../i18n/languages.ts';
import { translate } from '../i18n/translate.ts';
import { notificationText, type NotificationParams } from './notification-kinds.ts';

export interface NotificationEmail {
  subject: string;
  text: string;
}

/**
 * The e-mail copy of a notification, in the recipient's language: the same sentence as in the
 * app as the subject, and the address to open it at.
 */
export function notificationEmail(
  { kind, params, link }: { kind: string; params: NotificationParams; link: string | null },
  language: string,
  config: Config,
): NotificationEmail {
  const reader: Language = isLanguage(language) ? language : 'en';
  const sentence = notificationText(reader, { kind, params });
  const url = `${publicUrlOf(config)}${link ?? '/notifications'}`;
  return {
    subject: `Kimberlite: ${sentence}`,
    text: [sentence, translate(reader, 'notifications.email.open', { url }), translate(reader, 'notifications.email.footer')].join('\n\n'),
  };
}

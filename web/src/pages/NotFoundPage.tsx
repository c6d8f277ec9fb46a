import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../api.ts';
import { useMe } from '../auth.tsx';
import { Page } from '../components/Page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <Text>{t('notFound.text')}</Text>
      <Anchor component={Link} to="/">
        {t('nav.home')}
      </Anchor>
    </Page>
  );
}

/**
 * A page only some may see, at an address that must be well formed: to anyone else, or at a
 * malformed address, the page of an unknown address (not found, never forbidden).
 * @example <NotFoundUnless allowed={can.readReports} valid={ID.test(id)}><AlertView id={id} /></NotFoundUnless>
 */
export function NotFoundUnless({ allowed, valid = true, children }: { allowed?: (me: Me) => boolean; valid?: boolean; children: ReactNode }) {
  const me = useMe();
  return valid && (allowed?.(me) ?? true) ? children : <NotFoundPage />;
}

import { useTranslation } from 'react-i18next';
import { ChairmanshipsTable } from '../../components/ChairmanshipsTable.tsx';
import { Page } from '../../components/Page.tsx';

/** `/statistics/chairs`: the KP Chair and Vice-Chair by year, for anyone (KPCS-DOMAIN §6). */
export function ChairmanshipsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('bodies.chairmanshipsHeading')}>
      <ChairmanshipsTable />
    </Page>
  );
}

import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CertificateDetail } from '../api.ts';
import { useMe } from '../auth.tsx';
import { CertificateForm } from '../components/CertificateForm.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/** `/certificates/new`: an exporting officer issues a certificate. */
export function IssueCertificatePage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!can.issueCertificates(me)) return <NotFoundPage />;
  return (
    <Page title={t('certificates.form.title')}>
      <Anchor component={Link} to="/certificates" fz="sm">
        {t('certificates.detail.back')}
      </Anchor>
      <Text>{t('certificates.form.intro')}</Text>
      <CertificateForm />
    </Page>
  );
}

/** `/certificates/:number/replace`: the issue form prefilled from the certificate it amends. */
export function ReplaceCertificatePage() {
  const { number = '' } = useParams();
  const me = useMe();
  if (!can.issueCertificates(me) || !/^[A-Z]{2}-\d{4}-\d{6}$/.test(number)) return <NotFoundPage />;
  return <ReplaceCertificate number={number} />;
}

function ReplaceCertificate({ number }: { number: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const certificate = useApi<CertificateDetail>(`/api/certificates/${number}`);
  const data = certificate.data;
  return (
    <Page title={t('certificates.form.replaceTitle', { number })}>
      <Anchor component={Link} to={`/certificates/${number}`} fz="sm">
        {t('certificates.form.backToCertificate', { number })}
      </Anchor>
      <Loaded ready={data !== null} error={certificate.error}>
        {() =>
          data!.status !== 'issued' || !can.amendCertificate(me, data!.issuingParticipant) ? (
            <Text>{t('certificates.form.notReplaceable', { number, status: t(`certificateStatus.${data!.status}`) })}</Text>
          ) : (
            <>
              <Text>{t('certificates.form.replaceIntro', { number })}</Text>
              <CertificateForm initial={data!.content} replacing={number} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}

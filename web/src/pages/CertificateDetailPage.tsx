import { Anchor, Button, Code, Collapse, CopyButton, Group, SimpleGrid, Stack, Table, Text, Timeline, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatAmount, pricePerCarat } from '../amounts.ts';
import { api, type CertificateDetail } from '../api.ts';
import { useMe } from '../auth.tsx';
import { directionOf } from '../certificates.ts';
import { useCountryNames } from '../countries.ts';
import { CertificateStatusBadge, ToneBadge } from '../components/Badges.tsx';
import { KeyValueTable, type KeyValueRow } from '../components/KeyValueTable.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { ReceiptSection } from '../components/ReceiptSection.tsx';
import { CertificateFootprintsSection } from '../components/FootprintParts.tsx';
import { OriginTrailSection } from '../components/OriginTrailParts.tsx';
import { ApprovalSummary } from '../components/ZoneParts.tsx';
import { ReportDialog } from '../components/ReportDialog.tsx';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { Amount } from './CertificatesPage.tsx';
import { NotFoundUnless } from './NotFoundPage.tsx';

const NUMBER = /^[A-Z]{2}-\d{4}-\d{6}$/;

export function CertificateDetailPage() {
  const { number = '' } = useParams();
  return (
    <NotFoundUnless allowed={can.readCertificates} valid={NUMBER.test(number)}>
      <CertificateView number={number} />
    </NotFoundUnless>
  );
}

function Party({ name, address, licence, licenceLabel }: { name: string; address: string; licence: string; licenceLabel: string }) {
  return (
    <Stack gap={0}>
      <Text fz="sm" fw={600}>
        {name}
      </Text>
      <Text fz="sm" className="preserve-lines">
        {address}
      </Text>
      <Text fz="sm">
        {licenceLabel}: <span className="mono">{licence}</span>
      </Text>
    </Stack>
  );
}

function CertificateView({ number }: { number: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const location = useLocation();
  const names = useCountryNames(format.language);
  const certificate = useApi<CertificateDetail>(`/api/certificates/${number}`);
  const [voiding, setVoiding] = useState(false);
  const [sealOpen, setSealOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(() => {
    const state = location.state as { notice?: string; replaced?: string } | null;
    if (state?.notice === 'issued') return t('certificates.detail.issuedNotice', { number });
    if (state?.notice === 'replaced') return t('certificates.detail.replacedNotice', { number, old: state.replaced });
    return null;
  });

  const data = certificate.data;
  const title = t('certificates.detail.title', { number });
  const amend = data !== null && data.status === 'issued' && can.amendCertificate(me, data.issuingParticipant);

  return (
    <Page
      title={title}
      actions={
        data && (
          <>
            <Button component="a" href={data.links.pdf} download={`${data.number}.pdf`} variant="default" data-testid="download-pdf">
              {t('certificates.detail.downloadPdf')}
            </Button>
            {amend && (
              <>
                <Button component={Link} to={`/certificates/${data.number}/replace`} variant="default">
                  {t('certificates.detail.replace')}
                </Button>
                <Button color="red" onClick={() => setVoiding(true)}>
                  {t('certificates.detail.void')}
                </Button>
              </>
            )}
            {can.reportCertificate(me) && (
              <Button variant="default" color="red" onClick={() => setReporting(true)}>
                {t('alerts.report')}
              </Button>
            )}
          </>
        )
      }
    >
      <Anchor component={Link} to="/certificates" fz="sm">
        {t('certificates.detail.back')}
      </Anchor>
      {notice && <Notice>{notice}</Notice>}
      <Loaded ready={data !== null} error={certificate.error}>
        {() => {
          const c = data!.content;
          const direction = directionOf(me, data!);
          const countryList = (codes: string[]) => (codes.length === 0 ? t('certificates.detail.none') : codes.map((code) => names.name(code)).join(', '));
          return (
            <Stack gap="lg">
              <Section title={t('certificates.detail.status')} testId="certificate-status-section">
                <Group gap="sm">
                  <span data-testid="certificate-status">
                    <CertificateStatusBadge status={data!.status} />
                  </span>
                  {direction && <ToneBadge tone="gray">{t(`certificates.${direction}`)}</ToneBadge>}
                </Group>
                <Timeline active={-1} bulletSize={14} lineWidth={2} data-testid="certificate-timeline">
                  {data!.replacesNumber && (
                    <Timeline.Item title={t('certificates.detail.replacesTitle')}>
                      <Text fz="sm">
                        {t('certificates.detail.replacesText')}{' '}
                        <Anchor component={Link} to={`/certificates/${data!.replacesNumber}`} className="mono">
                          {data!.replacesNumber}
                        </Anchor>
                      </Text>
                    </Timeline.Item>
                  )}
                  <Timeline.Item title={t('certificates.detail.issuedTitle')}>
                    <Text fz="sm">{t('certificates.detail.issuedText', { at: format.dateTime(data!.issuedAt), by: c.validatedBy })}</Text>
                  </Timeline.Item>
                  {data!.status === 'received' && (
                    <Timeline.Item title={t('certificateStatus.received')}>
                      <Text fz="sm">{t('certificates.detail.receivedText', { name: names.name(data!.importingParticipant) })}</Text>
                    </Timeline.Item>
                  )}
                  {data!.voidedAt && (
                    <Timeline.Item title={t('certificates.detail.voidedTitle')}>
                      <Text fz="sm">{t('certificates.detail.voidedText', { at: format.dateTime(data!.voidedAt) })}</Text>
                      {data!.voidReason && (
                        <Text fz="sm" data-testid="void-reason">
                          {t('certificates.detail.reason')}: {data!.voidReason}
                        </Text>
                      )}
                    </Timeline.Item>
                  )}
                  {data!.replacedByNumber && (
                    <Timeline.Item title={t('certificates.detail.replacedTitle')}>
                      <Text fz="sm">
                        {t('certificates.detail.replacedText')}{' '}
                        <Anchor component={Link} to={`/certificates/${data!.replacedByNumber}`} className="mono">
                          {data!.replacedByNumber}
                        </Anchor>
                      </Text>
                    </Timeline.Item>
                  )}
                </Timeline>
              </Section>

              {data!.approval && (
                <Section title={t('approvals.sectionTitle')} testId="approval-section">
                  <ApprovalSummary approval={data!.approval} />
                </Section>
              )}

              <Section title={t('receipt.title')} testId="receipt-section">
                <ReceiptSection certificate={data!} onRecorded={certificate.reload} />
              </Section>

              <CertificateFootprintsSection certificate={data!} />

              <OriginTrailSection certificate={data!} />

              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <Section title={t('certificates.detail.parties')}>
                  <KeyValueTable
                    caption={t('certificates.detail.parties')}
                    labelWidth="40%"
                    alignTop
                    rows={[
                      [t('certificates.number'), <span className="mono" key="n">{c.number}</span>],
                      [t('certificates.exportingParticipant'), names.name(c.issuingParticipant)],
                      ...(c.issuingTerritory ? [[t('certificates.form.territory'), names.name(c.issuingTerritory)] as KeyValueRow] : []),
                      [
                        t('certificates.detail.issuingAuthority'),
                        <Stack gap={0} key="a">
                          <Text fz="sm" fw={600}>
                            {c.issuingAuthority.name}
                          </Text>
                          <Text fz="sm">{c.issuingAuthority.address}</Text>
                        </Stack>,
                      ],
                      [t('certificates.detail.exporter'), <Party key="e" {...c.exporter} licenceLabel={t('certificates.detail.licence')} />],
                      [t('certificates.importingParticipant'), names.name(c.importingParticipant)],
                      [t('certificates.detail.importer'), <Party key="i" {...c.importer} licenceLabel={t('certificates.detail.licence')} />],
                    ]}
                  />
                </Section>
                <Section title={t('certificates.detail.shipment')}>
                  <KeyValueTable
                    caption={t('certificates.detail.shipment')}
                    labelWidth="40%"
                    alignTop
                    rows={[
                      [t('certificates.detail.origin'), `${countryList(c.origin.countries)}${c.origin.mixed ? ` — ${t('certificates.detail.mixed')}` : ''}`],
                      [t('certificates.issueDate'), format.day(c.issueDate)],
                      [t('certificates.expiryDate'), format.day(c.expiryDate)],
                      [t('certificates.form.purpose'), t(`purpose.${c.purpose}`)],
                      [t('certificates.form.seals'), c.seals.length === 0 ? t('certificates.detail.none') : <span className="mono">{c.seals.join(', ')}</span>],
                      [t('certificates.form.transit'), countryList(c.transitCountries)],
                      [t('certificates.detail.validatedBy'), c.validatedBy],
                    ]}
                  />
                  <Text fz="sm" fs="italic">
                    {t('certificates.detail.statement')}
                  </Text>
                </Section>
              </SimpleGrid>

              <Section title={t('certificates.form.parcels')} testId="certificate-parcels">
                <Table.ScrollContainer minWidth={560}>
                  <Table striped verticalSpacing="xs">
                    <VisuallyHidden component="caption">{t('certificates.form.parcels')}</VisuallyHidden>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">#</Table.Th>
                        <Table.Th scope="col">{t('certificates.hsCode')}</Table.Th>
                        <Table.Th scope="col" ta="end">
                          {t('certificates.carats')}
                        </Table.Th>
                        <Table.Th scope="col" ta="end">
                          {t('certificates.valueUsd')}
                        </Table.Th>
                        <Table.Th scope="col" ta="end">
                          {t('certificates.perCarat')}
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {c.parcels.map((parcel, index) => (
                        <Table.Tr key={index}>
                          <Table.Td>{format.number(index + 1)}</Table.Td>
                          <Table.Td>
                            <span className="mono">{parcel.hsCode}</span> — {t(`hsCode.${parcel.hsCode.replace('.', '_')}`)}
                          </Table.Td>
                          <Table.Td>
                            <Amount value={formatAmount(parcel.carats, format.language)} />
                          </Table.Td>
                          <Table.Td>
                            <Amount value={formatAmount(parcel.valueUsd, format.language)} />
                          </Table.Td>
                          <Table.Td>
                            <Amount value={formatAmount(pricePerCarat(parcel.valueUsd, parcel.carats), format.language) || null} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                    <Table.Tfoot>
                      <Table.Tr>
                        <Table.Th scope="row" colSpan={2}>
                          {t('certificates.detail.total', { formatted: format.number(c.parcelCount) })}
                        </Table.Th>
                        <Table.Td fw={700}>
                          <Amount value={formatAmount(c.totals.carats, format.language)} testId="detail-total-carats" />
                        </Table.Td>
                        <Table.Td fw={700}>
                          <Amount value={formatAmount(c.totals.valueUsd, format.language)} testId="detail-total-value" />
                        </Table.Td>
                        <Table.Td fw={700}>
                          <Amount value={formatAmount(pricePerCarat(c.totals.valueUsd, c.totals.carats), format.language) || null} />
                        </Table.Td>
                      </Table.Tr>
                    </Table.Tfoot>
                  </Table>
                </Table.ScrollContainer>
              </Section>

              <Section title={t('certificates.detail.seal')}>
                <Text fz="sm">{t('certificates.detail.sealIntro', { kid: data!.kid })}</Text>
                <Group>
                  <Button variant="default" aria-expanded={sealOpen} aria-controls="certificate-seal" onClick={() => setSealOpen((open) => !open)}>
                    {sealOpen ? t('certificates.detail.hideSeal') : t('certificates.detail.showSeal')}
                  </Button>
                  <CopyButton value={data!.seal}>
                    {({ copied, copy }) => (
                      <Button variant={copied ? 'filled' : 'default'} color={copied ? 'teal.9' : undefined} onClick={copy}>
                        {copied ? t('certificates.detail.copied') : t('certificates.detail.copySeal')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Collapse expanded={sealOpen} id="certificate-seal">
                  <Code block dir="ltr" data-testid="certificate-seal" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {data!.seal}
                  </Code>
                </Collapse>
              </Section>
            </Stack>
          );
        }}
      </Loaded>
      {reporting && data && <ReportDialog certificateNumber={data.number} onClose={() => setReporting(false)} />}
      {voiding && data && (
        <ReasonDialog
          title={t('certificates.detail.voidTitle')}
          message={t('certificates.detail.voidConfirm', { number: data.number })}
          label={t('certificates.detail.reason')}
          confirmLabel={t('certificates.detail.void')}
          danger
          onClose={() => setVoiding(false)}
          onConfirm={async (reason) => {
            await api<CertificateDetail>(`/api/certificates/${data.number}/void`, { method: 'POST', body: { reason } });
            setVoiding(false);
            setNotice(t('certificates.detail.voidedNotice', { number: data.number }));
            certificate.reload();
          }}
        />
      )}
    </Page>
  );
}

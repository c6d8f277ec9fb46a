import { Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../amounts.ts';
import type { Check, VerificationResult } from '../api.ts';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { VerdictBadge } from './Badges.tsx';
import { KeyValueTable } from './KeyValueTable.tsx';

const DATE_PARAMS = new Set(['receivedOn', 'revokedOn', 'validFrom', 'validUntil', 'issueDate', 'expiryDate']);
const PARTICIPANT_PARAMS = new Set(['participant', 'keyParticipant']);

/** A check's reason code as a sentence in the UI language, its dates and participants formatted. */
export function useReasonText() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  return (check: Pick<Check, 'reason' | 'params'>): string => {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(check.params ?? {})) {
      if (DATE_PARAMS.has(key)) values[key] = value ? format.day(value) : '—';
      else if (PARTICIPANT_PARAMS.has(key)) values[key] = value === 'KP' ? 'KP' : names.name(value);
      else if (key === 'status') values[key] = i18n.exists(`status.${value}`) ? t(`status.${value}`) : value;
      else values[key] = value;
    }
    return i18n.exists(`reasons.${check.reason}`) ? t(`reasons.${check.reason}`, values) : check.reason;
  };
}

/** The name of a check (`signature`, `receipt`, …) in the UI language. */
export function useCheckName() {
  const { t, i18n } = useTranslation();
  return (check: string) => (i18n.exists(`checks.${check}`) ? t(`checks.${check}`) : check);
}

/**
 * One verification result: the verdict in words and colour, what the certificate states, and
 * every check with its reason. An offline result also lists what only the register can tell.
 */
export function VerificationResultView({ result, title, testId, actions }: { result: VerificationResult; title: string; testId: string; actions?: ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const reasonText = useReasonText();
  const checkName = useCheckName();
  const c = result.certificate;
  const border = result.verdict === 'VALID' ? '#2f855a' : result.verdict === 'INVALID' ? '#c53030' : '#b7791f';
  const offlineOnly = result.mode === 'offline' && result.needsNetwork.length > 0;
  const verdictText =
    result.verdict === 'VALID' && offlineOnly ? t('verify.verdictText.VALID_OFFLINE') : t(`verify.verdictText.${result.verdict}`);

  return (
    <Paper withBorder p="lg" radius="md" component="section" data-testid={testId} style={{ borderInlineStart: `6px solid ${border}` }}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Group gap="sm" align="center">
          <span data-testid={`${testId}-verdict`}>
            <VerdictBadge verdict={result.verdict} size="xl" />
          </span>
          <Text fw={600}>{verdictText}</Text>
        </Group>
        {result.trustListIssuedAt && (
          <Text fz="sm">{t('verify.trustListUsed', { at: format.dateTime(result.trustListIssuedAt) })}</Text>
        )}
        {c && (
          <KeyValueTable
            caption={t('verify.certificateFields')}
            labelWidth="40%"
            verticalSpacing={4}
            rows={[
              [t('certificates.number'), <span className="mono" key="n">{c.number}</span>],
              [t('certificates.exportingParticipant'), names.name(c.issuingParticipant)],
              [t('certificates.importingParticipant'), names.name(c.importingParticipant)],
              [t('certificates.detail.exporter'), c.exporter.name],
              [t('certificates.detail.importer'), c.importer.name],
              [t('certificates.issueDate'), format.day(c.issueDate)],
              [t('certificates.expiryDate'), format.day(c.expiryDate)],
              [t('verify.parcels'), format.number(c.parcelCount)],
              [t('certificates.carats'), formatAmount(c.totals.carats, format.language)],
              [t('certificates.valueUsd'), formatAmount(c.totals.valueUsd, format.language)],
              ...(c.originZone ? [[t('zones.originZone'), `${c.originZone.name} (${c.originZone.monitoringTeam})`] as [string, string]] : []),
              ...(c.sizeProfiles
                ? [[t('verify.sizeProfiles'), <span className="mono" key="fp">{`${c.sizeProfiles.parcels.join(', ')}; ${c.sizeProfiles.digest}`}</span>] as [string, ReactNode]]
                : []),
              ...(c.stockDraws ? [[t('originTrail.verifyLabel'), t('originTrail.verifyValue', { count: c.stockDraws.sites })] as [string, string]] : []),
            ]}
          />
        )}
        <Table.ScrollContainer minWidth={480}>
          <Table striped verticalSpacing="xs" captionSide="top" data-testid={`${testId}-checks`}>
            <caption style={{ textAlign: 'start', fontWeight: 600, paddingBottom: 4 }}>{t('verify.checks')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('verify.check')}</Table.Th>
                <Table.Th scope="col">{t('verify.result')}</Table.Th>
                <Table.Th scope="col">{t('verify.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.checks.map((check, index) => (
                <Table.Tr key={`${check.check}-${index}`} data-check={check.check}>
                  <Table.Td>{checkName(check.check)}</Table.Td>
                  <Table.Td>
                    {check.reason === 'needs_network' ? <Text fz="sm">{t('verify.needsNetworkShort')}</Text> : <VerdictBadge verdict={check.status} />}
                  </Table.Td>
                  <Table.Td>{reasonText(check)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {offlineOnly && (
          <Stack gap={2}>
            <Text fz="sm" fw={600}>
              {t('verify.needsNetwork')}
            </Text>
            <List size="sm">
              {result.needsNetwork.map((check) => (
                <List.Item key={check}>{checkName(check)}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        {actions && <Group gap="sm">{actions}</Group>}
      </Stack>
    </Paper>
  );
}

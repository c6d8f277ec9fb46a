import { Button, Group, NativeSelect, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { CheckStatus, VerificationAttempt } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { VerdictBadge } from '../components/Badges.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useCheckName, useReasonText } from '../components/VerificationResultView.tsx';
import { useFormat } from '../format.ts';
import { can, hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const PAGE_SIZE = 50;

/** `/verification-attempts`: verifications that failed or stayed in doubt, against the own participant's numbers (all for the Chair and the WGM). */
export function VerificationAttemptsPage() {
  const me = useMe();
  if (!can.readVerificationAttempts(me)) return <NotFoundPage />;
  return <AttemptList />;
}

function AttemptList() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const reasonText = useReasonText();
  const checkName = useCheckName();
  const [params, setParams] = useSearchParams();
  const kpWide = hasRole(me, 'kp_chair', 'wgm');
  const participant = kpWide ? (params.get('participant') ?? '') : '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (/^[A-Z]{2}$/.test(participant)) query.set('participant', participant);
  const attempts = useApi<{ items: VerificationAttempt[]; total: number }>(`/api/verification-attempts?${query}`);

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'page' });
  };

  const participants = useMemo(() => {
    const collator = new Intl.Collator(format.language);
    return [...(names.participants ?? [])].sort((a, b) => collator.compare(a.name, b.name));
  }, [names.participants, format.language]);

  /**
   * `signature:signature_mismatch` → "Signature: The signature does not match …". An attempt keeps
   * only the reason codes, not their values: a value other than the number shows as an ellipsis.
   */
  const describe = (reason: string, claimedNumber: string | null) => {
    const [check, code] = reason.includes(':') ? reason.split(':', 2) : ['', reason];
    const text = reasonText({ reason: code, params: claimedNumber ? { number: claimedNumber } : undefined }).replace(/\{\{\s*\w+\s*\}\}/g, '…');
    return check ? `${checkName(check)}: ${text}` : text;
  };

  const data = attempts.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <Page title={t('attempts.title')}>
      <Text>{kpWide ? t('attempts.introKp') : t('attempts.introParticipant', { name: me.participant?.name ?? '' })}</Text>
      {kpWide && (
        <Group align="flex-end" role="search" aria-label={t('attempts.filters')}>
          <NativeSelect label={t('attempts.participant')} value={participant} onChange={(event) => update('participant', event.currentTarget.value)} w={260}>
            <option value="">{t('attempts.allParticipants')}</option>
            {participants.map((row) => (
              <option key={row.code} value={row.code}>
                {row.name}
              </option>
            ))}
          </NativeSelect>
        </Group>
      )}
      <Loaded ready={data !== null} error={attempts.error}>
        {() => (
          <>
            <Text fz="sm" role="status" aria-live="polite">
              {t('attempts.showing', { formatted: format.number(data!.total) })}
            </Text>
            {data!.items.length === 0 ? (
              <Text>{t('attempts.none')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table striped verticalSpacing="xs" data-testid="attempts-table">
                  <VisuallyHidden component="caption">{t('attempts.title')}</VisuallyHidden>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('attempts.at')}</Table.Th>
                      <Table.Th scope="col">{t('attempts.channel')}</Table.Th>
                      <Table.Th scope="col">{t('attempts.claimedNumber')}</Table.Th>
                      <Table.Th scope="col">{t('attempts.claimedIssuer')}</Table.Th>
                      <Table.Th scope="col">{t('verify.result')}</Table.Th>
                      <Table.Th scope="col">{t('attempts.reasons')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data!.items.map((attempt) => (
                      <Table.Tr key={attempt.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(attempt.at)}</Table.Td>
                        <Table.Td>{t(`attempts.channels.${attempt.channel}`, { defaultValue: attempt.channel })}</Table.Td>
                        <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                          {attempt.claimedNumber ?? '—'}
                        </Table.Td>
                        <Table.Td>{attempt.claimedIssuer ? names.name(attempt.claimedIssuer) : '—'}</Table.Td>
                        <Table.Td>
                          <VerdictBadge verdict={attempt.verdict as CheckStatus} />
                        </Table.Td>
                        <Table.Td>
                          {attempt.reasons.map((reason) => (
                            <Text key={reason} fz="sm">
                              {describe(reason, attempt.claimedNumber)}
                            </Text>
                          ))}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {pages > 1 && (
              <Group component="nav" aria-label={t('certificates.pages')} justify="center" gap="sm">
                <Button variant="default" size="sm" disabled={page <= 1 || attempts.loading} onClick={() => update('page', String(page - 1))}>
                  {t('certificates.previous')}
                </Button>
                <Text fz="sm">{t('certificates.pageOf', { page: format.number(page), pages: format.number(pages) })}</Text>
                <Button variant="default" size="sm" disabled={page >= pages || attempts.loading} onClick={() => update('page', String(page + 1))}>
                  {t('certificates.next')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}

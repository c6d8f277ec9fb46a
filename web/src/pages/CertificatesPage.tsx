import { Anchor, Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatAmount, pricePerCarat } from '../amounts.ts';
import type { CertificateSummary, Page as ResultPage } from '../api.ts';
import { useMe } from '../auth.tsx';
import { CERTIFICATE_STATUSES, directionOf, partnerOf } from '../certificates.ts';
import { useCountryNames } from '../countries.ts';
import { CertificateStatusBadge, ReceiptStateBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const column = createColumnHelper<CertificateSummary>();
export const PAGE_SIZE = 25;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Receipt filters the server understands; `received` includes receipts with a discrepancy. */
export const RECEIPT_FILTERS = ['received', 'awaiting', 'unconfirmed'] as const;

/** Numbers read from the start in every script direction, aligned at the end of the cell. */
export function Amount({ value, testId }: { value: string | null; testId?: string }) {
  return (
    <Text fz="sm" ta="end" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
      {value ?? '—'}
    </Text>
  );
}

export function CertificatesPage() {
  const me = useMe();
  if (!can.readCertificates(me)) return <NotFoundPage />;
  return <CertificateList />;
}

function CertificateList() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [params, setParams] = useSearchParams();
  const own = me.participant?.code;

  const filters = {
    direction: own ? (params.get('direction') ?? '') : '',
    status: params.get('status') ?? '',
    receipt: params.get('receipt') ?? '',
    partner: params.get('partner') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

  const query = new URLSearchParams();
  if (filters.direction === 'exports' || filters.direction === 'imports') query.set('direction', filters.direction);
  if ((CERTIFICATE_STATUSES as readonly string[]).includes(filters.status)) query.set('status', filters.status);
  if ((RECEIPT_FILTERS as readonly string[]).includes(filters.receipt)) query.set('receipt', filters.receipt);
  if (/^[A-Z]{2}$/.test(filters.partner)) query.set('partner', filters.partner);
  if (ISO_DATE.test(filters.from)) query.set('from', filters.from);
  if (ISO_DATE.test(filters.to)) query.set('to', filters.to);
  query.set('page', String(page));
  query.set('pageSize', String(PAGE_SIZE));
  const result = useApi<ResultPage<CertificateSummary>>(`/api/certificates?${query}`);

  /** Changes one filter in the address; reads the address itself so quick successive changes all stick. */
  const update = (key: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'page' });
  };

  const columns = useMemo(
    () => [
      column.accessor('number', {
        header: () => t('certificates.number'),
        enableSorting: false,
        cell: (info) => (
          <Anchor component={Link} to={`/certificates/${info.getValue()}`} className="mono" style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Anchor>
        ),
      }),
      column.accessor('status', { header: () => t('certificates.status'), enableSorting: false, cell: (info) => <CertificateStatusBadge status={info.getValue()} /> }),
      column.accessor('receiptState', {
        header: () => t('receipt.column'),
        enableSorting: false,
        cell: (info) => (
          <span data-testid="receipt-state-cell">
            <ReceiptStateBadge state={info.getValue()} confirmBy={info.row.original.confirmBy} />
          </span>
        ),
      }),
      ...(own
        ? [
            column.display({
              id: 'direction',
              header: () => t('certificates.direction'),
              cell: (info) => {
                const direction = directionOf(me, info.row.original);
                return direction ? t(`certificates.${direction}`) : '—';
              },
            }),
            column.display({ id: 'partner', header: () => t('certificates.partner'), cell: (info) => names.name(partnerOf(own, info.row.original)) }),
          ]
        : [
            column.display({ id: 'from', header: () => t('certificates.exportingParticipant'), cell: (info) => names.name(info.row.original.issuingParticipant) }),
            column.display({ id: 'to', header: () => t('certificates.importingParticipant'), cell: (info) => names.name(info.row.original.importingParticipant) }),
          ]),
      column.accessor('issueDate', {
        header: () => t('certificates.issueDate'),
        enableSorting: false,
        cell: (info) => <span style={{ whiteSpace: 'nowrap' }}>{format.day(info.getValue())}</span>,
      }),
      column.accessor('expiryDate', {
        header: () => t('certificates.expiryDate'),
        enableSorting: false,
        cell: (info) => <span style={{ whiteSpace: 'nowrap' }}>{format.day(info.getValue())}</span>,
      }),
      column.accessor('totalCarats', { header: () => t('certificates.carats'), enableSorting: false, cell: (info) => <Amount value={formatAmount(info.getValue(), format.language)} /> }),
      column.accessor('totalValueUsd', { header: () => t('certificates.valueUsd'), enableSorting: false, cell: (info) => <Amount value={formatAmount(info.getValue(), format.language)} /> }),
      column.display({
        id: 'perCarat',
        header: () => t('certificates.perCarat'),
        cell: (info) => {
          const price = pricePerCarat(info.row.original.totalValueUsd, info.row.original.totalCarats);
          return <Amount value={price === null ? null : formatAmount(price, format.language)} />;
        },
      }),
    ],
    [t, format.language, names, own, me],
  );

  const partners = useMemo(() => {
    const collator = new Intl.Collator(format.language);
    return (names.participants ?? []).filter((row) => row.code !== own).sort((a, b) => collator.compare(a.name, b.name));
  }, [names.participants, own, format.language]);

  const data = result.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Page
      title={t('certificates.title')}
      actions={
        can.issueCertificates(me) && (
          <Button component={Link} to="/certificates/new">
            {t('certificates.issue')}
          </Button>
        )
      }
    >
      <Text>{own ? t('certificates.introParticipant', { name: me.participant?.name }) : t('certificates.introKp')}</Text>
      <Group align="flex-end" gap="md" role="search" aria-label={t('certificates.filters')}>
        {own && (
          <NativeSelect label={t('certificates.direction')} value={filters.direction} onChange={(event) => update('direction', event.currentTarget.value)} w={170}>
            <option value="">{t('certificates.allDirections')}</option>
            <option value="exports">{t('certificates.exports')}</option>
            <option value="imports">{t('certificates.imports')}</option>
          </NativeSelect>
        )}
        <NativeSelect label={t('certificates.status')} value={filters.status} onChange={(event) => update('status', event.currentTarget.value)} w={170}>
          <option value="">{t('certificates.allStatuses')}</option>
          {CERTIFICATE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`certificateStatus.${status}`)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('receipt.filter')} value={filters.receipt} onChange={(event) => update('receipt', event.currentTarget.value)} w={200}>
          <option value="">{t('receipt.allStates')}</option>
          {RECEIPT_FILTERS.map((state) => (
            <option key={state} value={state}>
              {t(`receipt.filterState.${state}`)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('certificates.partner')} value={filters.partner} onChange={(event) => update('partner', event.currentTarget.value)} w={240}>
          <option value="">{t('certificates.allPartners')}</option>
          {partners.map((row) => (
            <option key={row.code} value={row.code}>
              {row.name}
            </option>
          ))}
        </NativeSelect>
        <TextInput label={t('certificates.issuedFrom')} type="date" value={filters.from} onChange={(event) => update('from', event.currentTarget.value)} w={170} />
        <TextInput label={t('certificates.issuedTo')} type="date" value={filters.to} onChange={(event) => update('to', event.currentTarget.value)} w={170} />
      </Group>
      <Loaded ready={data !== null} error={result.error}>
        {() => (
          <>
            <Text fz="sm" role="status" aria-live="polite" data-testid="certificates-count">
              {t('certificates.showing', { formatted: format.number(data!.total) })}
            </Text>
            <DataTable
              data={data!.items}
              columns={columns}
              caption={t('certificates.title')}
              getRowId={(row) => row.number}
              emptyText={t('certificates.none')}
              testId="certificates-table"
            />
            {pages > 1 && (
              <Group component="nav" aria-label={t('certificates.pages')} justify="center" gap="sm">
                <Button variant="default" size="sm" disabled={page <= 1 || result.loading} onClick={() => update('page', String(page - 1))}>
                  {t('certificates.previous')}
                </Button>
                <Text fz="sm">
                  {t('certificates.pageOf', { page: format.number(data!.page), pages: format.number(pages) })}
                </Text>
                <Button variant="default" size="sm" disabled={page >= pages || result.loading} onClick={() => update('page', String(page + 1))}>
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

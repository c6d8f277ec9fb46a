import { Anchor, Button, Group, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ReportStatus, ReportSummary } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { ReportStatusBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { ReportDialog } from '../components/ReportDialog.tsx';
import { FilterSelect } from '../components/SearchFilter.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

export const REPORT_STATUSES: ReportStatus[] = ['open', 'confirmed_fraudulent', 'closed'];
const column = createColumnHelper<ReportSummary>();

/** `/alerts`: reports of suspicious or fraudulent certificates and of refused shipments. */
export function AlertsPage() {
  return (
    <NotFoundUnless allowed={can.readReports}>
      <AlertList />
    </NotFoundUnless>
  );
}

function AlertList() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [params] = useSearchParams();
  const [reporting, setReporting] = useState(false);
  const status = REPORT_STATUSES.includes(params.get('status') as ReportStatus) ? (params.get('status') as ReportStatus) : '';
  const reports = useApi<{ items: ReportSummary[] }>(`/api/reports${status ? `?status=${status}` : ''}`);

  const columns = useMemo(
    () => [
      column.accessor('reportedAt', {
        header: () => t('alerts.reportedAt'),
        cell: (info) => (
          <Anchor component={Link} to={`/alerts/${info.row.original.id}`} style={{ whiteSpace: 'nowrap' }}>
            {format.dateTime(info.getValue())}
          </Anchor>
        ),
      }),
      column.accessor('certificateNumber', {
        header: () => t('certificates.number'),
        cell: (info) => (
          <span className="mono" style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </span>
        ),
      }),
      column.accessor('kind', { header: () => t('alerts.kind'), cell: (info) => t(`reportKind.${info.getValue()}`) }),
      column.accessor('status', { header: () => t('alerts.status'), cell: (info) => <ReportStatusBadge status={info.getValue()} /> }),
      column.accessor('issuingParticipant', {
        header: () => t('alerts.issuingParticipant'),
        cell: (info) => (info.getValue() ? names.name(info.getValue()) : t('alerts.unknownIssuer')),
      }),
      column.accessor('reportingParticipant', {
        header: () => t('alerts.reportedBy'),
        cell: (info) => (info.getValue() ? names.name(info.getValue()) : t('alerts.kpWide')),
      }),
    ],
    [t, format, names],
  );

  return (
    <Page
      title={t('alerts.title')}
      actions={
        can.reportCertificate(me) && (
          <Button color="red" variant="default" onClick={() => setReporting(true)}>
            {t('alerts.report')}
          </Button>
        )
      }
    >
      <Text>{t('alerts.intro')}</Text>
      <Group align="flex-end" role="search" aria-label={t('alerts.filters')}>
        <FilterSelect
          param="status"
          label={t('alerts.status')}
          value={status}
          allLabel={t('alerts.allStatuses')}
          options={REPORT_STATUSES.map((value) => ({ value, label: t(`reportStatus.${value}`) }))}
          w={240}
        />
      </Group>
      <Loaded ready={reports.data !== null} error={reports.error}>
        {() => (
          <DataTable
            data={reports.data!.items}
            columns={columns}
            caption={t('alerts.title')}
            getRowId={(row) => row.id}
            initialSorting={[{ id: 'reportedAt', desc: true }]}
            emptyText={t('alerts.none')}
            testId="alerts-table"
          />
        )}
      </Loaded>
      {reporting && <ReportDialog certificateNumber="" onClose={() => setReporting(false)} />}
    </Page>
  );
}

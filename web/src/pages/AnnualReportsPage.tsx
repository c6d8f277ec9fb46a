import { Anchor, Button, Checkbox, Group, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AnnualReportOverview, SharedAnnualReports } from '../api.ts';
import { CaptionedTable } from '../components/CaptionedTable.tsx';
import { useMe } from '../auth.tsx';
import { AnnualReportStatusBadge, LateBadge, ReportYearSelect, reportYearFrom } from '../components/AnnualReportParts.tsx';
import { ToneBadge } from '../components/Badges.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { useSetSearchParam } from '../components/SearchFilter.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

type Row = AnnualReportOverview['rows'][number];
type CountKey = keyof AnnualReportOverview['counts'];
const COUNTS: CountKey[] = ['owed', 'submitted', 'submittedLate', 'missing', 'withOpenQuestions'];
/** Sorting by status follows the report's life: not started, draft, submitted. */
const STATUS_ORDER: Record<Row['status'], number> = { not_started: 0, draft: 1, submitted: 2 };
const column = createColumnHelper<Row>();

/**
 * `/annual-reports`: the annual reports for a year (KPCS Section VI §11). The Chair and the WGM
 * see every participant that owes one, who filed, who is late, and open questions; a
 * participant's staff see their own report.
 */
export function AnnualReportsPage() {
  return (
    <NotFoundUnless allowed={can.readAnnualReports}>
      <AnnualReportsFor />
    </NotFoundUnless>
  );
}

/** Observers read the reports shared with them; everyone else who reads reports, the dashboard. */
function AnnualReportsFor() {
  const me = useMe();
  return can.reviewAnnualReports(me) || me.participant != null ? <AnnualReportsDashboard /> : <SharedAnnualReports />;
}

/** The submitted reports the KP shares with observers, newest year first. */
function SharedAnnualReports() {
  const { t } = useTranslation();
  const format = useFormat();
  const shared = useApi<SharedAnnualReports>('/api/annual-reports/shared');
  return (
    <Page title={t('annualReports.title')}>
      <Loaded ready={shared.data !== null} error={shared.error}>
        {() =>
          shared.data!.items.length === 0 ? (
            <Text>{t('sharing.sharedReportsEmpty')}</Text>
          ) : (
            <CaptionedTable
              caption={t('sharing.sharedReports')}
              testId="shared-reports"
              head={
                <>
                  <Table.Th scope="col">{t('annualReports.participant')}</Table.Th>
                  <Table.Th scope="col">{t('annualReports.year')}</Table.Th>
                  <Table.Th scope="col">{t('annualReports.submittedOn')}</Table.Th>
                </>
              }
            >
              {shared.data!.items.map((item) => (
                <Table.Tr key={`${item.participantCode}-${item.year}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/annual-reports/${item.participantCode}/${item.year}`}>
                      {item.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{item.year}</Table.Td>
                  <Table.Td>
                    <bdi>{format.dateTime(item.submittedAt)}</bdi>
                  </Table.Td>
                </Table.Tr>
              ))}
            </CaptionedTable>
          )
        }
      </Loaded>
    </Page>
  );
}

function AnnualReportsDashboard() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const year = reportYearFrom(params.get('year'));
  // the boxes answer at once; the address follows (a navigation React may defer)
  const [lateOnly, setLateOnly] = useState(params.get('late') === '1');
  const [openOnly, setOpenOnly] = useState(params.get('open') === '1');
  const reviewer = can.reviewAnnualReports(me);
  const overview = useApi<AnnualReportOverview>(`/api/annual-reports?year=${year}`);

  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('annualReports.participant'),
        cell: (info) => (
          <Anchor component={Link} to={`/annual-reports/${info.row.original.participantCode}/${year}`}>
            {info.getValue()}
          </Anchor>
        ),
      }),
      column.accessor((row) => STATUS_ORDER[row.status], {
        id: 'status',
        header: () => t('annualReports.statusLabel'),
        cell: (info) => <AnnualReportStatusBadge status={info.row.original.status} />,
      }),
      column.accessor((row) => row.submittedAt ?? '', {
        id: 'submittedAt',
        header: () => t('annualReports.submittedOn'),
        cell: (info) => (info.row.original.submittedAt ? <bdi>{format.dateTime(info.row.original.submittedAt)}</bdi> : '—'),
      }),
      column.accessor((row) => (row.late ? 1 : 0), {
        id: 'late',
        header: () => t('annualReports.lateLabel'),
        cell: (info) => <LateBadge late={info.row.original.late} submitted={info.row.original.status === 'submitted'} />,
      }),
      column.accessor('openQuestions', {
        header: () => t('annualReports.openQuestions'),
        cell: (info) =>
          info.getValue() > 0 ? (
            <ToneBadge tone="yellow" data-testid="open-questions">
              {format.number(info.getValue())}
            </ToneBadge>
          ) : (
            <span data-testid="open-questions">{format.number(0)}</span>
          ),
      }),
    ],
    [t, format, year],
  );

  return (
    <Page title={t('annualReports.title')}>
      <Text>{t('annualReports.intro')}</Text>
      <Group align="flex-end" role="search" aria-label={t('annualReports.filters')}>
        <ReportYearSelect label={t('annualReports.year')} year={year} onChange={(value) => setParam('year', String(value))} />
        {reviewer && (
          <>
            <Checkbox label={t('annualReports.lateOnly')} checked={lateOnly} onChange={(event) => {
                setLateOnly(event.currentTarget.checked);
                setParam('late', event.currentTarget.checked ? '1' : null);
              }} mb={8} />
            <Checkbox label={t('annualReports.openOnly')} checked={openOnly} onChange={(event) => {
                setOpenOnly(event.currentTarget.checked);
                setParam('open', event.currentTarget.checked ? '1' : null);
              }} mb={8} />
          </>
        )}
      </Group>
      <Loaded ready={overview.data !== null && overview.data.year === year} error={overview.error}>
        {() => {
          const data = overview.data!;
          const rows = data.rows.filter((row) => (!lateOnly || row.late) && (!openOnly || row.openQuestions > 0));
          const own = me.participant ? data.rows.find((row) => row.participantCode === me.participant!.code) : undefined;
          return (
            <>
              <Text fz="sm" data-testid="due-on">
                {t('annualReports.dueOn', { year, date: format.day(data.dueOn) })}
              </Text>
              {reviewer && (
                <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('annualReports.countsLabel')}>
                  {COUNTS.map((key) => (
                    <Paper key={key} withBorder p="sm" radius="md" component="li">
                      <Text fz="sm" c="gray.8">
                        {t(`annualReports.counts.${key}`)}
                      </Text>
                      <Text fz="xl" fw={800} data-testid={`count-${key}`}>
                        {format.number(data.counts[key])}
                      </Text>
                    </Paper>
                  ))}
                </SimpleGrid>
              )}
              {own && (
                <Group>
                  <Button component={Link} to={`/annual-reports/${own.participantCode}/${year}`} data-testid="open-own-report">
                    {can.writeAnnualReport(me, own.participantCode) && own.status !== 'submitted' ? t('annualReports.writeOwn', { year }) : t('annualReports.openOwn', { year })}
                  </Button>
                </Group>
              )}
              <DataTable
                data={rows}
                columns={columns}
                caption={t('annualReports.caption', { year })}
                getRowId={(row) => row.participantCode}
                emptyText={lateOnly || openOnly ? t('annualReports.noneFiltered') : t('annualReports.none')}
                testId="annual-reports-table"
              />
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

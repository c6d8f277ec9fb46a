import { Paper, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { FiledReports } from '../../api.ts';
import { ReportYearSelect, reportYearFrom } from '../../components/AnnualReportParts.tsx';
import { ToneBadge } from '../../components/Badges.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Loaded, Page } from '../../components/Page.tsx';
import { useFormat } from '../../format.ts';
import { useApi } from '../../useApi.ts';

type FiledRow = FiledReports['rows'][number];
const column = createColumnHelper<FiledRow>();

/** The public list of who filed the annual report for a year (KPCS Section VI §11), and when; never the content. */
export function AnnualReportsFiledPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const year = reportYearFrom(params.get('year'));
  const filed = useApi<FiledReports>(`/api/annual-reports/filed?year=${year}`);

  const columns = useMemo(
    () => [
      column.accessor('name', { header: () => t('annualReports.participant') }),
      column.accessor((row) => (row.filed ? 1 : 0), {
        id: 'filed',
        header: () => t('annualReports.public.filedLabel'),
        cell: (info) => (
          <ToneBadge tone={info.row.original.filed ? 'green' : 'gray'} data-testid="filed-state">
            {t(info.row.original.filed ? 'annualReports.public.filed' : 'annualReports.public.notFiled')}
          </ToneBadge>
        ),
      }),
      column.accessor((row) => row.filedOn ?? '', {
        id: 'filedOn',
        header: () => t('annualReports.public.filedOn'),
        cell: (info) => (info.row.original.filedOn ? <bdi data-testid="filed-on">{format.day(info.row.original.filedOn)}</bdi> : '—'),
      }),
    ],
    [t, format],
  );

  return (
    <Page
      title={t('annualReports.public.title')}
      actions={<ReportYearSelect label={t('annualReports.year')} year={year} onChange={(value) => setParams({ year: String(value) })} />}
    >
      <Text c="gray.8">{t('annualReports.public.explanation')}</Text>
      <Loaded ready={filed.data !== null && filed.data.year === year} error={filed.error}>
        {() => {
          const data = filed.data!;
          return (
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Text fz="sm" data-testid="filed-summary">
                  {t('annualReports.public.summary', {
                    filed: format.number(data.rows.filter((row) => row.filed).length),
                    owed: format.number(data.rows.length),
                    date: format.day(data.dueOn),
                  })}
                </Text>
                <DataTable
                  data={data.rows}
                  columns={columns}
                  caption={t('annualReports.public.caption', { year })}
                  getRowId={(row) => row.participantCode}
                  emptyText={t('annualReports.none')}
                  testId="filed-table"
                />
              </Stack>
            </Paper>
          );
        }}
      </Loaded>
    </Page>
  );
}

import { NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { GlobalStatistics, YearSummary } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Loaded, Page } from '../../components/Page.tsx';
import { useFormat } from '../../format.ts';
import { useApi } from '../../useApi.ts';
import { DownloadLinks } from './DownloadLinks.tsx';
import { amountText, defaultYear, plotted, plottedText, yearOptions } from './labels.ts';
import { StatisticsChart, type ChartOption } from './StatisticsChart.tsx';

const column = createColumnHelper<YearSummary>();

/** The KP annual global summary of one year, and every year as a table and a chart. */
export function GlobalStatisticsPage() {
  const { t } = useTranslation();
  const { language } = useFormat();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear();
  const path = `/api/statistics/global?year=${year}&lang=${language}`;
  const global = useApi<GlobalStatistics>(path);
  const series = global.data?.series ?? [];

  const columns = useMemo(
    () => [
      column.accessor('year', { header: t('statistics.year') }),
      column.accessor((row) => row.production.carats, { id: 'productionCarats', header: t('statistics.columns.productionCarats'), cell: (info) => amountText(info.getValue(), language), sortingFn: amountSort }),
      column.accessor((row) => row.production.valueUsd, { id: 'productionUsd', header: t('statistics.columns.productionUsd'), cell: (info) => amountText(info.getValue(), language), sortingFn: amountSort }),
      column.accessor((row) => row.production.usdPerCarat, { id: 'productionPerCarat', header: t('statistics.columns.productionPerCarat'), cell: (info) => amountText(info.getValue(), language), sortingFn: amountSort }),
      column.accessor((row) => row.exports.carats, { id: 'exportsCarats', header: t('statistics.columns.exportsCarats'), cell: (info) => amountText(info.getValue(), language), sortingFn: amountSort }),
      column.accessor((row) => row.exports.valueUsd, { id: 'exportsUsd', header: t('statistics.columns.exportsUsd'), cell: (info) => amountText(info.getValue(), language), sortingFn: amountSort }),
      column.accessor((row) => row.exports.certificates, { id: 'certificates', header: t('statistics.certificates') }),
    ],
    [t, language],
  );

  const chart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => plottedText(value, language) },
      legend: { top: 0 },
      grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: series.map((row) => String(row.year)) },
      yAxis: [
        { type: 'value', name: t('statistics.carats'), axisLabel: { formatter: (value: number) => new Intl.NumberFormat(language, { notation: 'compact' }).format(value) } },
        { type: 'value', name: t('statistics.usd'), axisLabel: { formatter: (value: number) => new Intl.NumberFormat(language, { notation: 'compact' }).format(value) } },
      ],
      series: [
        { type: 'bar', name: t('statistics.columns.productionCarats'), data: series.map((row) => plotted(row.production.carats)) },
        { type: 'line', name: t('statistics.columns.productionUsd'), yAxisIndex: 1, data: series.map((row) => plotted(row.production.valueUsd)) },
        { type: 'line', name: t('statistics.columns.exportsUsd'), yAxisIndex: 1, data: series.map((row) => plotted(row.exports.valueUsd)) },
      ],
    }),
    [series, t, language],
  );

  return (
    <Page
      title={t('statistics.globalTitle')}
      actions={
        <NativeSelect
          label={t('statistics.year')}
          value={String(year)}
          data={yearOptions(series.map((row) => row.year), year)}
          onChange={(event) => setParams({ year: event.currentTarget.value })}
          data-testid="year-select"
          w={140}
        />
      }
    >
      <Loaded ready={global.data !== null} error={global.error}>
        {() => (
          <Stack gap="xl">
            <Paper withBorder p="md" component="section" aria-labelledby="summary-heading">
              <Stack gap="sm">
                <Title order={2} size="h3" id="summary-heading">
                  {t('statistics.summaryHeading', { year: global.data!.year })}
                </Title>
                <SummaryTable summary={global.data!.summary} />
                <DownloadLinks path={path} table="summary" caption={t('statistics.summaryHeading', { year: global.data!.year })} />
              </Stack>
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="series-heading">
              <Stack gap="sm">
                <Title order={2} size="h3" id="series-heading">
                  {t('statistics.seriesHeading')}
                </Title>
                <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
                  <StatisticsChart
                    option={chart}
                    testId="series-chart"
                    label={t('statistics.seriesChart', { from: series[0]?.year ?? year, to: series.at(-1)?.year ?? year })}
                  />
                  <DataTable data={[...series].reverse()} columns={columns} caption={t('statistics.seriesHeading')} testId="series-table" getRowId={(row) => String(row.year)} />
                </SimpleGrid>
                <DownloadLinks path={path} table="series" caption={t('statistics.seriesHeading')} />
              </Stack>
            </Paper>
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}

/** Sorts amount strings by their value (exactly: by integer and fraction digits), missing last. */
function amountSort(a: { getValue: (id: string) => unknown }, b: { getValue: (id: string) => unknown }, id: string): number {
  return compareAmounts(a.getValue(id) as string | null, b.getValue(id) as string | null);
}

export function compareAmounts(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const [aWhole, aCents = ''] = a.split('.');
  const [bWhole, bCents = ''] = b.split('.');
  const difference = BigInt(aWhole) * 100n + BigInt(aCents.padEnd(2, '0')) - (BigInt(bWhole) * 100n + BigInt(bCents.padEnd(2, '0')));
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Production, exports and imports of the year: one row each. */
function SummaryTable({ summary }: { summary: YearSummary }) {
  const { t } = useTranslation();
  const { language, number } = useFormat();
  const rows = [
    { key: 'production', label: t('statistics.production'), figures: summary.production, certificates: null },
    { key: 'exports', label: t('statistics.exports'), figures: summary.exports, certificates: summary.exports.certificates },
    { key: 'imports', label: t('statistics.imports'), figures: summary.imports, certificates: summary.imports.certificates },
  ];
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing="xs" data-testid="summary-table">
          <VisuallyHidden component="caption">{t('statistics.summaryHeading', { year: summary.year })}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('statistics.flow')}</Table.Th>
              <Table.Th scope="col">{t('statistics.carats')}</Table.Th>
              <Table.Th scope="col">{t('statistics.usd')}</Table.Th>
              <Table.Th scope="col">{t('statistics.usdPerCarat')}</Table.Th>
              <Table.Th scope="col">{t('statistics.certificates')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key} data-testid={`summary-${row.key}`}>
                <Table.Th scope="row">{row.label}</Table.Th>
                <Table.Td>{amountText(row.figures.carats, language)}</Table.Td>
                <Table.Td>{amountText(row.figures.valueUsd, language)}</Table.Td>
                <Table.Td>{amountText(row.figures.usdPerCarat, language)}</Table.Td>
                <Table.Td>{row.certificates === null ? '—' : number(row.certificates)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text fz="sm" c="gray.8">
        {t('statistics.reporting', { producing: summary.production.producingParticipants, reporting: summary.production.reportingParticipants })}
      </Text>
    </Stack>
  );
}

import { Anchor, Group, NativeSelect, Paper, SimpleGrid, Stack } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { RankingMeasure, Rankings } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Loaded, Page } from '../../components/Page.tsx';
import { useCountryNames } from '../../countries.ts';
import { directionOf } from '../../i18n.ts';
import { useFormat } from '../../format.ts';
import { useApi } from '../../useApi.ts';
import { DownloadLinks } from './DownloadLinks.tsx';
import { compareAmounts } from './GlobalStatisticsPage.tsx';
import { amountText, defaultYear, plotted, plottedText, yearOptions } from './labels.ts';
import { StatisticsChart, type ChartOption } from './StatisticsChart.tsx';

type RankingRow = Rankings['rows'][number];
const column = createColumnHelper<RankingRow>();
const MEASURES = ['production_carats', 'production_usd', 'exports_usd', 'imports_usd'] as const satisfies readonly RankingMeasure[];
/** The chart shows the largest participants; the table all of them. */
const CHARTED = 15;

const isMeasure = (value: string | null): value is RankingMeasure => (MEASURES as readonly string[]).includes(value ?? '');

/** All participants ranked on one measure for a year: a table and a horizontal bar chart. */
export function RankingsPage() {
  const { t } = useTranslation();
  const { language, number } = useFormat();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear();
  const measureParam = params.get('measure');
  const measure: RankingMeasure = isMeasure(measureParam) ? measureParam : 'production_carats';
  const names = useCountryNames(language);
  const path = `/api/statistics/rankings?year=${year}&measure=${measure}&lang=${language}`;
  const rankings = useApi<Rankings>(path);
  const global = useApi<{ series: { year: number }[] }>(`/api/statistics/global?year=${year}`);
  const rows = rankings.data?.rows ?? [];
  const key: 'carats' | 'valueUsd' = measure === 'production_carats' ? 'carats' : 'valueUsd';

  const columns = useMemo(() => {
    const amount = (id: 'carats' | 'valueUsd' | 'usdPerCarat', header: string) =>
      column.accessor((row) => row[id], { id, header, cell: (info) => amountText(info.getValue(), language), sortingFn: (a, b, columnId) => compareAmounts(a.getValue(columnId), b.getValue(columnId)) });
    return [
      column.accessor('rank', { header: t('statistics.rank') }),
      column.accessor((row) => names.name(row.participant), {
        id: 'participant',
        header: t('statistics.participant'),
        cell: (info) => (
          <Anchor component={Link} to={`/statistics/participants/${info.row.original.participant}?year=${year}`} fz="sm">
            {info.getValue()}
          </Anchor>
        ),
      }),
      amount('carats', t('statistics.carats')),
      amount('valueUsd', t('statistics.usd')),
      amount('usdPerCarat', t('statistics.usdPerCarat')),
      column.accessor('certificates', { header: t('statistics.certificates'), cell: (info) => (info.getValue() === null ? '—' : number(info.getValue()!)) }),
    ];
  }, [t, language, names, number, year]);

  const charted = rows.slice(0, CHARTED);
  const rtl = directionOf(language) === 'rtl';
  const chart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => plottedText(value, language) },
      grid: { left: 16, right: 16, top: 8, bottom: 8, containLabel: true },
      // in Arabic the bars grow from the right, names on the right
      xAxis: { type: 'value', inverse: rtl, axisLabel: { formatter: (value: number) => new Intl.NumberFormat(language, { notation: 'compact' }).format(value) } },
      yAxis: { type: 'category', inverse: true, position: rtl ? 'right' : 'left', data: charted.map((row) => names.name(row.participant)) },
      series: [{ type: 'bar', name: t(`statistics.measures.${measure}`), data: charted.map((row) => plotted(row[key])) }],
    }),
    [charted, names, t, measure, key, language, rtl],
  );

  return (
    <Page
      title={t('statistics.rankingsTitle')}
      actions={
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label={t('statistics.measure')}
            value={measure}
            data={MEASURES.map((value) => ({ value, label: t(`statistics.measures.${value}`) }))}
            onChange={(event) => setParams({ year: String(year), measure: event.currentTarget.value })}
            w={220}
          />
          <NativeSelect
            label={t('statistics.year')}
            value={String(year)}
            data={yearOptions((global.data?.series ?? []).map((row) => row.year), year)}
            onChange={(event) => setParams({ year: event.currentTarget.value, measure })}
            data-testid="year-select"
            w={120}
          />
        </Group>
      }
    >
      <Loaded ready={rankings.data !== null} error={rankings.error}>
        {() => (
          <Paper withBorder p="md">
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
                <StatisticsChart
                  option={chart}
                  height={Math.max(240, charted.length * 28)}
                  testId="rankings-chart"
                  label={t('statistics.rankingsChart', {
                    count: charted.length,
                    measure: t(`statistics.measures.${measure}`),
                    year,
                    first: charted[0] ? `${names.name(charted[0].participant)} (${amountText(charted[0][key], language)})` : '—',
                  })}
                />
                <DataTable
                  data={rows}
                  columns={columns}
                  caption={`${t('statistics.rankingsTitle')} — ${t(`statistics.measures.${measure}`)}, ${year}`}
                  testId="rankings-table"
                  getRowId={(row) => row.participant}
                  emptyText={t('statistics.noFigures')}
                />
              </SimpleGrid>
              <DownloadLinks path={path} table="rankings" caption={`${t('statistics.rankingsTitle')} — ${t(`statistics.measures.${measure}`)}`} />
            </Stack>
          </Paper>
        )}
      </Loaded>
    </Page>
  );
}

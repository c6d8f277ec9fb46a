import { Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { ParticipantStatistics } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Loaded, Page } from '../../components/Page.tsx';
import { useCountryNames } from '../../countries.ts';
import { useFormat } from '../../format.ts';
import { useApi } from '../../useApi.ts';
import { DownloadLinks } from './DownloadLinks.tsx';
import { amountText, defaultYear, periodLabel, plotted, plottedText, yearOptions } from './labels.ts';
import { StatisticsChart, type ChartOption } from './StatisticsChart.tsx';
import { tradeColumns } from './tradeColumns.tsx';

type ProductionRow = ParticipantStatistics['production'][number];
type PartnerRow = ParticipantStatistics['exports']['byPartner'][number];
type HsCodeRow = ParticipantStatistics['exports']['byHsCode'][number];

const productionColumn = createColumnHelper<ProductionRow>();
const partnerColumn = createColumnHelper<PartnerRow>();
const hsColumn = createColumnHelper<HsCodeRow>();

const PERIOD_PARTS = ['', 'H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'] as const;

/** One participant's production per half-year and its trade by partner and HS code, for a year. */
export function ParticipantStatisticsPage() {
  const { t } = useTranslation();
  const { language, number } = useFormat();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear();
  const [part, setPart] = useState<(typeof PERIOD_PARTS)[number]>('');
  const names = useCountryNames(language);
  const path = `/api/statistics/participants/${encodeURIComponent(code)}?year=${year}&lang=${language}`;
  const statistics = useApi<ParticipantStatistics>(code ? path : null);
  const global = useApi<{ series: { year: number }[] }>(`/api/statistics/global?year=${year}`);
  const name = names.name(code);
  const period = part ? `${year}-${part}` : String(year);

  const productionColumns = useMemo(
    () => [
      productionColumn.accessor('period', { header: t('statistics.period'), cell: (info) => periodLabel(info.getValue(), t), enableSorting: false }),
      productionColumn.accessor('reportType', { header: t('statistics.reportType'), cell: (info) => t(`statistics.reportTypes.${info.getValue() ?? 'missing'}`), enableSorting: false }),
      productionColumn.accessor('carats', { header: t('statistics.carats'), cell: (info) => amountText(info.getValue(), language), enableSorting: false }),
      productionColumn.accessor('valueUsd', { header: t('statistics.usd'), cell: (info) => amountText(info.getValue(), language), enableSorting: false }),
      productionColumn.accessor('usdPerCarat', { header: t('statistics.usdPerCarat'), cell: (info) => amountText(info.getValue(), language), enableSorting: false }),
    ],
    [t, language],
  );
  const partnerColumns = useMemo(
    () =>
      tradeColumns<PartnerRow>([partnerColumn.accessor((row) => names.name(row.partner), { id: 'partner', header: t('statistics.partner') })], t, language, number),
    [t, language, names, number],
  );
  const hsColumns = useMemo(
    () => tradeColumns<HsCodeRow>([hsColumn.accessor('hsCode', { header: t('statistics.hsCode') })], t, language, number),
    [t, language, number],
  );

  const production = statistics.data?.production ?? [];
  const halves = production.filter((row) => /-H[12]$/.test(row.period));
  const chart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => plottedText(value, language) },
      legend: { top: 0 },
      grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: production.map((row) => periodLabel(row.period, t)) },
      yAxis: [
        { type: 'value', name: t('statistics.carats'), axisLabel: { formatter: (value: number) => new Intl.NumberFormat(language, { notation: 'compact' }).format(value) } },
        { type: 'value', name: t('statistics.usd'), axisLabel: { formatter: (value: number) => new Intl.NumberFormat(language, { notation: 'compact' }).format(value) } },
      ],
      series: [
        { type: 'bar', name: t('statistics.carats'), data: production.map((row) => plotted(row.carats)) },
        { type: 'bar', name: t('statistics.usd'), yAxisIndex: 1, data: production.map((row) => plotted(row.valueUsd)) },
      ],
    }),
    [production, t, language],
  );

  const participants = (names.participants ?? []).map((row) => ({ value: row.code, label: names.name(row.code) })).sort((a, b) => a.label.localeCompare(b.label, language));

  const flows = statistics.data
    ? ([
        ['exports', statistics.data.exports],
        ['imports', statistics.data.imports],
      ] as const)
    : [];

  return (
    <Page
      title={t('statistics.participantTitle', { name })}
      actions={
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label={t('statistics.participant')}
            value={code}
            data={participants.length ? participants : [{ value: code, label: name }]}
            onChange={(event) => navigate(`/statistics/participants/${event.currentTarget.value}?year=${year}`)}
            w={220}
          />
          <NativeSelect
            label={t('statistics.year')}
            value={String(year)}
            data={yearOptions((global.data?.series ?? []).map((row) => row.year), year)}
            onChange={(event) => setParams({ year: event.currentTarget.value })}
            data-testid="year-select"
            w={120}
          />
        </Group>
      }
    >
      <Loaded ready={statistics.data !== null} error={statistics.error}>
        {() => (
          <Stack gap="xl">
            <Paper withBorder p="md" component="section" aria-labelledby="production-heading">
              <Stack gap="sm">
                <Title order={2} size="h3" id="production-heading">
                  {t('statistics.productionHeading', { year })}
                </Title>
                {/* stacked, not side by side: the unsortable table has nothing to focus, so it must not need scrolling */}
                <Stack gap="lg">
                  <StatisticsChart
                    option={chart}
                    height={300}
                    testId="production-chart"
                    label={t('statistics.productionChart', {
                      name,
                      year,
                      first: amountText(halves[0]?.carats, language),
                      second: amountText(halves[1]?.carats, language),
                    })}
                  />
                  <DataTable data={production} columns={productionColumns} caption={t('statistics.productionHeading', { year })} testId="production-table" />
                </Stack>
                <DownloadLinks path={path} table="production" caption={t('statistics.productionHeading', { year })} />
              </Stack>
            </Paper>
            <NativeSelect
              label={t('statistics.period')}
              value={part}
              w={240}
              data={PERIOD_PARTS.map((value) => ({ value, label: periodLabel(value ? `${year}-${value}` : String(year), t) }))}
              onChange={(event) => setPart(event.currentTarget.value as (typeof PERIOD_PARTS)[number])}
            />
            {flows.map(([flow, tables]) => (
              <Paper key={flow} withBorder p="md" component="section" aria-labelledby={`${flow}-heading`}>
                <Stack gap="md">
                  <Title order={2} size="h3" id={`${flow}-heading`}>
                    {t(`statistics.${flow}Heading`, { period: periodLabel(period, t) })}
                  </Title>
                  <Title order={3} size="h5">
                    {t('statistics.byPartner')}
                  </Title>
                  <DataTable
                    data={tables.byPartner.filter((row) => row.period === period)}
                    columns={partnerColumns}
                    caption={`${t(`statistics.${flow}`)} — ${t('statistics.byPartner')}`}
                    testId={`${flow}-by-partner`}
                    emptyText={t('statistics.noTrade')}
                  />
                  <DownloadLinks path={path} table={`${flow}_by_partner`} caption={`${t(`statistics.${flow}`)} — ${t('statistics.byPartner')}`} />
                  <Title order={3} size="h5">
                    {t('statistics.byHsCode')}
                  </Title>
                  <DataTable
                    data={tables.byHsCode.filter((row) => row.period === period)}
                    columns={hsColumns}
                    caption={`${t(`statistics.${flow}`)} — ${t('statistics.byHsCode')}`}
                    testId={`${flow}-by-hs-code`}
                    emptyText={t('statistics.noTrade')}
                  />
                  <DownloadLinks path={path} table={`${flow}_by_hs_code`} caption={`${t(`statistics.${flow}`)} — ${t('statistics.byHsCode')}`} />
                </Stack>
              </Paper>
            ))}
            <Text fz="sm" c="gray.8">
              {t('statistics.rankedAs', {
                ranks: statistics.data!.rankings
                  .map((rank) => `${t(`statistics.measures.${rank.measure}`)}: ${rank.rank === null ? '—' : t('statistics.rankOf', { rank: rank.rank, of: rank.of })}`)
                  .join(' · '),
              })}
            </Text>
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}

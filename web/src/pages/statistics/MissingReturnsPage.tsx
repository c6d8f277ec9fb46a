import { Alert, Anchor, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { GlobalStatistics, MissingReturns } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Loaded, Page } from '../../components/Page.tsx';
import { useFormat } from '../../format.ts';
import { useApi } from '../../useApi.ts';
import { DownloadLinks } from './DownloadLinks.tsx';
import { defaultYear, yearOptions } from './labels.ts';

type MissingRow = MissingReturns['missing'][number];
const column = createColumnHelper<MissingRow>();

/**
 * The public list of non-submitters: participants in good standing during a half-year that sent
 * no production return by the deadline (or sent it late), as the KP publishes it.
 */
export function MissingReturnsPage() {
  const { t } = useTranslation();
  const { language, day } = useFormat();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear();
  const half = params.get('half') === '1' ? 1 : 2;
  const path = `/api/production/missing?year=${year}&half=${half}&lang=${language}`;
  const missing = useApi<MissingReturns>(path);
  const global = useApi<GlobalStatistics>(`/api/statistics/global?year=${year}`);

  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: t('statistics.participant'),
        cell: (info) => (
          <Anchor component={Link} to={`/statistics/participants/${info.row.original.participantCode}?year=${year}`} fz="sm">
            {info.getValue()}
          </Anchor>
        ),
      }),
      column.accessor('returnedLateOn', {
        header: t('statistics.missing.state'),
        cell: (info) => {
          const late = info.getValue();
          return late ? t('statistics.missing.lateOn', { date: day(late) }) : t('statistics.missing.notReceived');
        },
      }),
    ],
    [t, day, year],
  );

  const caption = t('statistics.missing.caption', { period: t(`statistics.periods.H${half}`, { year }) });
  return (
    <Page
      title={t('statistics.missing.title')}
      actions={
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label={t('statistics.year')}
            value={String(year)}
            data={yearOptions((global.data?.series ?? []).map((row) => row.year), year)}
            onChange={(event) => setParams({ year: event.currentTarget.value, half: String(half) })}
            data-testid="year-select"
            w={120}
          />
          <NativeSelect
            label={t('statistics.missing.half')}
            value={String(half)}
            data={[1, 2].map((value) => ({ value: String(value), label: t(`statistics.missing.halves.H${value}`) }))}
            onChange={(event) => setParams({ year: String(year), half: event.currentTarget.value })}
            data-testid="half-select"
            w={200}
          />
        </Group>
      }
    >
      <Text c="gray.8">{t('statistics.missing.explanation')}</Text>
      <Loaded ready={missing.data !== null} error={missing.error}>
        {() => (
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Text fz="sm" data-testid="missing-deadline">
                {t('statistics.missing.deadline', { date: day(missing.data!.deadline) })}
              </Text>
              {missing.data!.deadlinePassed ? (
                <>
                  <DataTable
                    data={missing.data!.missing}
                    columns={columns}
                    caption={caption}
                    testId="missing-table"
                    getRowId={(row) => row.participantCode}
                    emptyText={t('statistics.missing.none')}
                  />
                  <DownloadLinks path={path} table="missing" caption={caption} />
                </>
              ) : (
                <Alert color="blue" data-testid="missing-not-yet">
                  {t('statistics.missing.notYet')}
                </Alert>
              )}
            </Stack>
          </Paper>
        )}
      </Loaded>
    </Page>
  );
}

import { Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MissingReturns } from '../../../src/production/schemas.ts';
import { todayIso, useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { DataTable } from './DataTable.tsx';
import { Loaded, Section } from './Page.tsx';
import { ReturnStateBadge } from './ProductionHalfYear.tsx';
import { halfYearEnd } from './ProductionReturnForm.tsx';

type Row = MissingReturns['missing'][number];
const column = createColumnHelper<Row>();

function MissingForHalf({ year, half }: { year: number; half: 1 | 2 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const missing = useApi<MissingReturns>(`/api/production/missing?year=${year}&half=${half}`);
  const period = t(`production.periods.H${half}`, { year });
  const columns = useMemo(
    () => [
      column.accessor('name', { header: () => t('production.participant') }),
      column.accessor('returnedLateOn', {
        header: () => t('production.standing'),
        cell: (info) => <ReturnStateBadge state={info.getValue() ? 'late' : 'missing'} lateOn={info.getValue()} />,
      }),
    ],
    [t],
  );
  return (
    <Stack gap="xs" data-testid={`missing-H${half}`}>
      <Title order={3} size="h4">
        {period}
      </Title>
      <Loaded ready={missing.data !== null} error={missing.error}>
        {() =>
          missing.data!.deadlinePassed ? (
            <>
              <Text fz="sm">{t('production.missing.summary', { date: format.day(missing.data!.deadline), formatted: format.number(missing.data!.missing.length) })}</Text>
              <DataTable
                data={missing.data!.missing}
                columns={columns}
                caption={t('production.missing.caption', { period })}
                getRowId={(row) => row.participantCode}
                emptyText={t('production.missing.none')}
                testId={`missing-table-H${half}`}
              />
            </>
          ) : (
            <Text fz="sm">{t('production.missing.notYet', { date: format.day(missing.data!.deadline) })}</Text>
          )
        }
      </Loaded>
    </Stack>
  );
}

/** Participants that owed a return for a half-year of `year` and had none by the deadline (public, as the KP publishes it). */
export function ProductionMissingReturns({ year }: { year: number }) {
  const { t } = useTranslation();
  const halves = ([1, 2] as const).filter((half) => halfYearEnd(year, half) < todayIso());
  return (
    <Section title={t('production.missing.title', { year })} testId="missing-returns">
      <Text fz="sm">{t('production.missing.intro')}</Text>
      {halves.length === 0 && <Text fz="sm">{t('production.missing.noneEnded')}</Text>}
      {halves.map((half) => (
        <MissingForHalf key={half} year={year} half={half} />
      ))}
    </Section>
  );
}

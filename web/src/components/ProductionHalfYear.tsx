import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MissingReturns, ProductionReturn, ProductionReturnVersion } from '../../../src/production/schemas.ts';
import { formatAmount } from '../amounts.ts';
import { todayIso, useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { ToneBadge, type Tone } from './Badges.tsx';
import { DataTable } from './DataTable.tsx';
import { Loaded, Section } from './Page.tsx';
import { halfYearEnd } from './ProductionReturnForm.tsx';

/** Where a participant stands with one half-year's return. */
export type ReturnState = 'not_ended' | 'due' | 'on_time' | 'late' | 'missing';

const STATE_TONE: Record<ReturnState, Tone> = { not_ended: 'gray', due: 'blue', on_time: 'green', late: 'orange', missing: 'red' };

export function returnState({ ended, hasReturn, missing, participantCode }: { ended: boolean; hasReturn: boolean; missing: MissingReturns | null; participantCode: string }): ReturnState {
  if (!ended) return 'not_ended';
  const listed = missing?.missing.find((row) => row.participantCode === participantCode);
  if (hasReturn) return listed?.returnedLateOn ? 'late' : 'on_time';
  return missing?.deadlinePassed ? 'missing' : 'due';
}

export function ReturnStateBadge({ state, lateOn }: { state: ReturnState; lateOn?: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ToneBadge tone={STATE_TONE[state]} data-testid="return-state">
      {state === 'late' && lateOn ? t('production.states.lateOn', { date: format.day(lateOn) }) : t(`production.states.${state}`)}
    </ToneBadge>
  );
}

/** "12 345.67 ct · US$ 1 234.00" for a part of a return, or a dash when the part was not reported. */
function PartFigures({ part }: { part: { carats: string; valueUsd: string } | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!part) return <>{t('production.notReported')}</>;
  return <>{t('production.partFigures', { carats: formatAmount(part.carats, format.language), usd: formatAmount(part.valueUsd, format.language) })}</>;
}

const column = createColumnHelper<ProductionReturnVersion>();

function VersionHistory({ versions, caption }: { versions: ProductionReturnVersion[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const latest = Math.max(...versions.map((version) => version.version));
  const columns = useMemo(
    () => [
      column.accessor('version', {
        header: () => t('production.version'),
        cell: (info) => (
          <Group gap={6} wrap="nowrap">
            <span>{format.number(info.getValue())}</span>
            {info.getValue() === latest && <ToneBadge tone="green">{t('production.inForce')}</ToneBadge>}
          </Group>
        ),
      }),
      column.accessor('reportType', { header: () => t('production.reportType'), cell: (info) => t(`production.reportTypes.${info.getValue()}`) }),
      column.accessor('carats', { header: () => t('production.carats'), cell: (info) => <span dir="ltr">{formatAmount(info.getValue(), format.language)}</span> }),
      column.accessor('valueUsd', { header: () => t('production.valueUsd'), cell: (info) => <span dir="ltr">{formatAmount(info.getValue(), format.language)}</span> }),
      column.accessor('usdPerCarat', { header: () => t('production.usdPerCarat'), cell: (info) => (info.getValue() ? <span dir="ltr">{formatAmount(info.getValue(), format.language)}</span> : '—') }),
      column.accessor('source', { header: () => t('production.source'), cell: (info) => t(`production.sources.${info.getValue()}`) }),
      column.accessor('submittedBy', { header: () => t('production.submittedBy'), cell: (info) => info.getValue() ?? t('production.notRecorded') }),
      column.accessor('submittedAt', { header: () => t('production.submittedAt'), cell: (info) => format.dateTime(info.getValue()) }),
      column.accessor('note', { header: () => t('production.note'), cell: (info) => <span className="preserve-lines">{info.getValue() ?? '—'}</span>, enableSorting: false }),
    ],
    [t, format, latest],
  );
  return (
    <DataTable
      data={versions}
      columns={columns}
      caption={caption}
      getRowId={(row) => String(row.version)}
      initialSorting={[{ id: 'version', desc: true }]}
      testId="production-history"
    />
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" fz="xs" fw={700} c="gray.8">
        {label}
      </Text>
      <Text component="dd" m={0} fz="sm">
        {children}
      </Text>
    </div>
  );
}

interface Props {
  participantCode: string;
  year: number;
  half: 1 | 2;
  inForce: ProductionReturn | null;
  /** Shown when the user may correct this return (their own participant). */
  onCorrect?: () => void;
}

/** One half-year of a participant: the return in force, its deadline and standing, and every version. */
export function ProductionHalfYear({ participantCode, year, half, inForce, onCorrect }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const ended = halfYearEnd(year, half) < todayIso();
  const missing = useApi<MissingReturns>(ended ? `/api/production/missing?year=${year}&half=${half}` : null);
  const history = useApi<{ versions: ProductionReturnVersion[] }>(inForce ? `/api/participants/${participantCode}/production/${year}/${half}/history` : null);
  const period = t(`production.periods.H${half}`, { year });
  const state = returnState({ ended, hasReturn: inForce !== null, missing: missing.data, participantCode });
  const lateOn = missing.data?.missing.find((row) => row.participantCode === participantCode)?.returnedLateOn;
  const latest = history.data?.versions.at(-1);
  const amount = (value: string | null) => (value === null ? '—' : <span dir="ltr">{formatAmount(value, format.language)}</span>);

  return (
    <Section title={period} testId={`production-H${half}`}>
      <Group gap="sm">
        <ReturnStateBadge state={state} lateOn={lateOn} />
        {missing.data && (
          <Text fz="sm">
            {t(missing.data.deadlinePassed ? 'production.deadlinePassed' : 'production.deadlineOn', { date: format.day(missing.data.deadline) })}
          </Text>
        )}
        {!ended && <Text fz="sm">{t('production.endsOn', { date: format.day(halfYearEnd(year, half)) })}</Text>}
      </Group>
      {inForce ? (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" spacing="md" style={{ margin: 0 }} data-testid="production-in-force">
            <Item label={t('production.reportType')}>{t(`production.reportTypes.${inForce.reportType}`)}</Item>
            <Item label={t('production.carats')}>{amount(inForce.carats)}</Item>
            <Item label={t('production.valueUsd')}>{amount(inForce.valueUsd)}</Item>
            <Item label={t('production.usdPerCarat')}>{amount(inForce.usdPerCarat)}</Item>
            <Item label={t('production.asm')}>
              <PartFigures part={inForce.asm} />
            </Item>
            <Item label={t('production.lsm')}>
              <PartFigures part={inForce.lsm} />
            </Item>
            <Item label={t('production.version')}>
              <span data-testid="version-in-force">{format.number(inForce.version)}</span> · {t(`production.sources.${inForce.source}`)}
            </Item>
            <Item label={t('production.submitted')}>
              {t('production.submittedByOn', { who: latest?.submittedBy ?? t('production.notRecorded'), date: format.dateTime(inForce.submittedAt) })}
            </Item>
          </SimpleGrid>
          {onCorrect && (
            <Group>
              <Button variant="default" onClick={onCorrect}>
                {t('production.correct')}
              </Button>
            </Group>
          )}
          <Title order={3} size="h4">
            {t('production.history')}
          </Title>
          <Loaded ready={history.data !== null} error={history.error}>
            {() => <VersionHistory versions={history.data!.versions} caption={t('production.historyOf', { period })} />}
          </Loaded>
        </Stack>
      ) : (
        <Text fz="sm">{ended ? t('production.noReturn') : t('production.notDueYet')}</Text>
      )}
    </Section>
  );
}

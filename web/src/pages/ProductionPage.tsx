import { Alert, Anchor, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ProductionReturn } from '../../../src/production/schemas.ts';
import { useMe } from '../auth.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { ProductionHalfYear } from '../components/ProductionHalfYear.tsx';
import { ProductionMissingReturns } from '../components/ProductionMissingReturns.tsx';
import { FIRST_STATISTICS_YEAR, latestEndedHalfYear, ProductionReturnForm, valuesFrom, type ProductionValues } from '../components/ProductionReturnForm.tsx';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { can, hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * `/production`: half-year production returns. A participant's statistics officer or
 * administrator sees and returns its own; the Chair, the WGS and the WGM pick a participant.
 */
export function ProductionPage() {
  const me = useMe();
  if (!can.readProduction(me)) return <NotFoundPage />;
  return <ProductionReturns />;
}

function ProductionReturns() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const [params, setParams] = useSearchParams();
  const kpWide = hasRole(me, 'kp_chair', 'wgs', 'wgm');
  const latest = latestEndedHalfYear();
  // A participant's own staff always work on their own participant, whatever the address says.
  const participantCode = kpWide ? (params.get('participant') ?? '') : (me.participant?.code ?? '');
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= FIRST_STATISTICS_YEAR && yearParam <= latest.year ? yearParam : latest.year;
  const canSubmit = participantCode !== '' && can.submitProduction(me, participantCode);
  const [tick, setTick] = useState(0);
  const [saved, setSaved] = useState<ProductionReturn | null>(null);
  const [start, setStart] = useState<ProductionValues>(() => valuesFrom(null, latest.year, latest.half));
  const formRef = useRef<HTMLDivElement>(null);

  const inForce = useApi<{ returns: ProductionReturn[] }>(participantCode ? `/api/participants/${participantCode}/production?year=${year}` : null);
  const years = useMemo(() => Array.from({ length: latest.year - FIRST_STATISTICS_YEAR + 1 }, (_, index) => latest.year - index), [latest.year]);
  const participants = useMemo(() => {
    const collator = new Intl.Collator(format.language);
    return [...(names.participants ?? [])].sort((a, b) => collator.compare(a.name, b.name));
  }, [names.participants, format.language]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const correct = (current: ProductionReturn, half: 1 | 2) => {
    setSaved(null);
    setStart(valuesFrom(current, year, half));
    formRef.current?.scrollIntoView({ block: 'start' });
    formRef.current?.querySelector<HTMLElement>('textarea')?.focus();
  };

  return (
    <Page
      title={t('production.title')}
      actions={
        can.importStatistics(me) && (
          <Anchor component={Link} to="/production/import">
            {t('production.import.nav')}
          </Anchor>
        )
      }
    >
      <Text>{t('production.intro')}</Text>
      <Group align="flex-end" role="search" aria-label={t('production.filters')}>
        {kpWide ? (
          <NativeSelect label={t('production.participant')} value={participantCode} w={280} onChange={(event) => setParam('participant', event.currentTarget.value)}>
            <option value="">{t('production.chooseParticipant')}</option>
            {participants.map((participant) => (
              <option key={participant.code} value={participant.code}>
                {participant.name}
              </option>
            ))}
          </NativeSelect>
        ) : (
          <Stack gap={2}>
            <Text fz="sm" fw={500}>
              {t('production.participant')}
            </Text>
            <Text data-testid="production-participant">{me.participant?.name}</Text>
          </Stack>
        )}
        <NativeSelect label={t('production.year')} value={String(year)} w={140} onChange={(event) => setParam('year', event.currentTarget.value)}>
          {years.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </NativeSelect>
      </Group>

      {saved && (
        <Alert color="green" variant="outline" role="status" styles={{ message: { color: '#14532d' } }} data-testid="production-saved">
          {t('production.saved', { version: saved.version, period: t(`production.periods.H${saved.half}`, { year: saved.year }) })}
        </Alert>
      )}

      {participantCode === '' ? (
        <Text fz="sm">{t('production.pickParticipant')}</Text>
      ) : (
        <Loaded ready={inForce.data !== null} error={inForce.error}>
          {() => (
            <Stack gap="lg">
              {([1, 2] as const).map((half) => {
                const current = inForce.data!.returns.find((row) => row.year === year && row.half === half) ?? null;
                return (
                  <ProductionHalfYear
                    key={`${participantCode}-${year}-${half}-${tick}`}
                    participantCode={participantCode}
                    year={year}
                    half={half}
                    inForce={current}
                    onCorrect={canSubmit && current ? () => correct(current, half) : undefined}
                  />
                );
              })}
            </Stack>
          )}
        </Loaded>
      )}

      {canSubmit && (
        <div ref={formRef} style={{ scrollMarginTop: 90 }}>
          <Section title={t('production.form.title')} testId="production-form">
            <Text fz="sm">{t('production.form.intro')}</Text>
            <ProductionReturnForm
              participantCode={participantCode}
              start={start}
              onSaved={(result) => {
                setSaved(result);
                setStart(valuesFrom(result, result.year, result.half as 1 | 2));
                setTick((value) => value + 1);
                inForce.reload();
                setParam('year', String(result.year));
                window.scrollTo({ top: 0 });
              }}
            />
          </Section>
        </div>
      )}

      <ProductionMissingReturns key={tick} year={year} />
    </Page>
  );
}

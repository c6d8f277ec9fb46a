import { Alert, Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CertificateFootprints, ComparisonResult, Footprint, ParcelFootprintState } from '../../../src/footprints/schemas.ts';
import { SIZE_SERIES, type SeriesId } from '../../../src/footprints/size-classes.ts';
import { ToneBadge, type Tone } from './Badges.tsx';
import type { CertificateDetail } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useFormat } from '../format.ts';
import { actsFor } from '../permissions.ts';
import { ParcelProfileForm } from './FootprintForms.tsx';
import { useApi } from '../useApi.ts';
import type { ChartOption } from '../pages/statistics/StatisticsChart.tsx';

// ECharts stays in its own chunk, loaded with the first chart, as on the statistics pages.
const LazyChart = lazy(() => import('../pages/statistics/StatisticsChart.tsx').then((module) => ({ default: module.StatisticsChart })));
function StatisticsChart(props: { option: ChartOption; label: string; height?: number; testId?: string }) {
  return (
    <Suspense fallback={null}>
      <LazyChart {...props} />
    </Suspense>
  );
}
import { Section } from './Page.tsx';

const STATE_TONE: Record<ParcelFootprintState, Tone> = {
  consistent: 'green',
  inconsistent: 'red',
  insufficient_data: 'yellow',
  no_footprint: 'gray',
  no_profile: 'gray',
};

export function FootprintStateBadge({ state }: { state: ParcelFootprintState }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={STATE_TONE[state]} data-testid={`footprint-state-${state}`}>
      {t(`footprints.state.${state}`)}
    </ToneBadge>
  );
}

export function SyntheticBadge() {
  const { t } = useTranslation();
  return <ToneBadge tone="violet">{t('footprints.synthetic')}</ToneBadge>;
}

/** "0.05–0.1 ct", "< 0.014 ct", "≥ 1.2 ct": a class on the carat scale, in the reader's number format. */
export function useClassLabel() {
  const { language } = useFormat();
  return (minCarats: number, maxCarats: number | null) => {
    const f = (value: number) => new Intl.NumberFormat(language, { maximumSignificantDigits: 2 }).format(value);
    if (minCarats === 0 && maxCarats !== null) return `< ${f(maxCarats)} ct`;
    if (maxCarats === null) return `≥ ${f(minCarats)} ct`;
    return `${f(minCarats)}–${f(maxCarats)} ct`;
  };
}

/** The parcel drawn over the footprint: share of stones per class of the comparison grid. */
export function ComparisonChart({ result }: { result: ComparisonResult }) {
  const { t } = useTranslation();
  const label = useClassLabel();
  const option = useMemo<ChartOption>(() => {
    const parcelTotal = result.grid.reduce((sum, c) => sum + c.parcelStones, 0) || 1;
    const expectedTotal = result.grid.reduce((sum, c) => sum + c.expectedStones, 0) || 1;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => `${Number(value).toFixed(1)} %` },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: { type: 'category', data: result.grid.map((c) => label(c.minCarats, c.maxCarats)), axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: 'value', name: '%' },
      series: [
        { name: t('footprints.chart.footprint'), type: 'bar', data: result.grid.map((c) => (100 * c.expectedStones) / expectedTotal), itemStyle: { color: '#9aa5b1' } },
        { name: t('footprints.chart.parcel'), type: 'line', data: result.grid.map((c) => (100 * c.parcelStones) / parcelTotal), itemStyle: { color: '#1c7ed6' }, lineStyle: { width: 2 } },
      ],
    };
  }, [result, t, label]);
  return <StatisticsChart option={option} label={t('footprints.chart.label')} height={300} testId="footprint-chart" />;
}

/** A footprint's own distribution: share of stones and of carats per class of its series. */
export function FootprintChart({ footprint }: { footprint: Footprint }) {
  const { t } = useTranslation();
  const label = useClassLabel();
  const option = useMemo<ChartOption>(() => {
    const classes = SIZE_SERIES[footprint.series as SeriesId].classes;
    const byCode = new Map(footprint.classes.map((entry) => [entry.code, entry]));
    const stones = classes.map((c) => byCode.get(c.code)?.stones ?? 0);
    const carats = classes.map((c) => Number(byCode.get(c.code)?.carats ?? 0));
    const totalStones = stones.reduce((a, b) => a + b, 0) || 1;
    const totalCarats = carats.reduce((a, b) => a + b, 0) || 1;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => `${Number(value).toFixed(1)} %` },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: { type: 'category', data: classes.map((c) => (footprint.series === 'sieve' ? c.code : label(c.minCarats, c.maxCarats))), axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: 'value', name: '%' },
      series: [
        { name: t('footprints.chart.stones'), type: 'bar', data: stones.map((value) => (100 * value) / totalStones), itemStyle: { color: '#9aa5b1' } },
        { name: t('footprints.chart.carats'), type: 'line', data: carats.map((value) => (100 * value) / totalCarats), itemStyle: { color: '#e8590c' } },
      ],
    };
  }, [footprint, t, label]);
  return <StatisticsChart option={option} label={t('footprints.chart.footprintLabel')} height={320} testId="footprint-distribution-chart" />;
}

function ResultNumbers({ result }: { result: ComparisonResult }) {
  const { t } = useTranslation();
  const { language } = useFormat();
  const n = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '—' : new Intl.NumberFormat(language, { maximumSignificantDigits: digits }).format(value));
  const p = (value: number) => (value < 0.0001 ? `< ${n(0.0001)}` : `= ${n(value, 2)}`);
  const rows: [string, string][] = [
    [t('footprints.numbers.stones'), `${n(result.parcelStones, 6)} / ${n(result.footprintStones, 6)}`],
    [t('footprints.numbers.classes'), n(result.testedClasses)],
    [t('footprints.numbers.gTest'), result.gTest ? `G = ${n(result.gTest.statistic)}, df = ${result.gTest.degreesOfFreedom}, p ${p(result.gTest.pValue)}` : '—'],
    [t('footprints.numbers.chiSquare'), result.chiSquare ? `χ² = ${n(result.chiSquare.statistic)}, df = ${result.chiSquare.degreesOfFreedom}, p ${p(result.chiSquare.pValue)}` : '—'],
    [t('footprints.numbers.ks'), n(result.kolmogorovSmirnov)],
    [t('footprints.numbers.hellinger'), n(result.hellinger)],
  ];
  return (
    <Table withRowBorders={false} fz="sm">
      <Table.Tbody>
        {rows.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th w="40%">{key}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Keeps a digest left-to-right inside a right-to-left sentence (Unicode isolates). */
const ltr = (text: string) => `\u2066${text}\u2069`;

/**
 * What the certificate's signature says about the exporter's profiles: a note when the stored
 * profiles still hash to the signed digest, an alert when they no longer do, nothing when no
 * profile was declared with the certificate.
 */
export function SignedProfilesNote({ signed }: { signed: CertificateFootprints['signedProfiles'] }) {
  const { t } = useTranslation();
  if (signed.state === 'not_signed') return null;
  const values = { parcels: signed.parcels.join(', '), digest: ltr(signed.digest ?? '') };
  if (signed.state === 'intact') {
    return (
      <Alert color="green" variant="outline" role="status" styles={{ message: { color: '#14532d', overflowWrap: 'anywhere' } }} data-testid="footprint-signed-intact">
        {t('footprints.certificate.signedIntact', values)}
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="outline"
      role="alert"
      title={t('footprints.certificate.signedAlteredTitle')}
      styles={{ title: { color: '#7f1d1d' }, message: { color: '#3b0d0d', overflowWrap: 'anywhere' } }}
      data-testid="footprint-signed-altered"
    >
      {t('footprints.certificate.signedAltered', values)}
    </Alert>
  );
}

/**
 * The certificate a footprint section is about. `status` null: not known to the view (the verify
 * page reads the presented document, not the register's record), so no profile form is offered.
 */
export type FootprintSubject = Pick<CertificateDetail, 'number' | 'issuingParticipant' | 'importingParticipant'> & { status: CertificateDetail['status'] | null };

/**
 * The footprint section of a certificate: each parcel profile against the declared origin's
 * footprint (chart and numbers) and the most similar footprints, with the profile forms for the
 * exporting and importing officers while the certificate is open to them. Renders nothing for a
 * reader the API does not show the comparison to (it answers 404), so it may sit on any page of
 * the staff app (signed in: `useMe`); the anonymous public `/verify` page never shows it.
 */
export function CertificateFootprintsSection({ certificate, testId = 'footprint-section' }: { certificate: FootprintSubject; testId?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const number = certificate.number;
  const result = useApi<CertificateFootprints>(`/api/certificates/${number}/footprints`);
  if (!result.data) return null;
  const data = result.data;
  const missing = (source: 'exporter' | 'importer') =>
    data.parcels.filter((parcel) => !parcel.comparisons.some((comparison) => comparison.profile.source === source)).map((parcel) => parcel.position);
  const exporterMay = actsFor(me, certificate.issuingParticipant, 'exporting_officer') && certificate.status === 'issued' && missing('exporter').length > 0;
  const importerMay = actsFor(me, certificate.importingParticipant, 'importing_officer') && (certificate.status === 'issued' || certificate.status === 'received') && missing('importer').length > 0;
  return (
    <Section title={t('footprints.certificate.title')} testId={testId}>
      <Group justify="space-between">
        <Group gap="xs">
          <FootprintStateBadge state={data.state} />
          {data.profileRequired && <ToneBadge tone="blue">{t('footprints.certificate.required')}</ToneBadge>}
        </Group>
        <Anchor href={`/api/certificates/${number}/footprint-report.pdf`} target="_blank" data-testid="footprint-report-link">
          {t('footprints.certificate.report')}
        </Anchor>
      </Group>
      <SignedProfilesNote signed={data.signedProfiles} />
      {data.parcels.every((parcel) => parcel.comparisons.length === 0) && <Text>{t('footprints.certificate.none')}</Text>}
      {data.profileRequired && certificate.status === 'issued' && missing('exporter').length > 0 && (
        <Text fz="sm" data-testid="footprint-receipt-waits">
          {t('footprints.certificate.receiptWaits', { parcels: missing('exporter').join(', ') })}
        </Text>
      )}
      {exporterMay && <ParcelProfileForm number={number} positions={missing('exporter')} kind="profile" onSaved={result.reload} />}
      {importerMay && <ParcelProfileForm number={number} positions={missing('importer')} kind="arrival-profile" onSaved={result.reload} />}
      {data.parcels.map((parcel) =>
        parcel.comparisons.map((comparison) => (
          <Stack key={`${parcel.position}-${comparison.profile.source}`} gap="xs" data-testid={`footprint-parcel-${parcel.position}-${comparison.profile.source}`}>
            <Group gap="xs">
              <Text fw={700}>{t('footprints.certificate.parcel', { position: parcel.position, hsCode: parcel.hsCode })}</Text>
              <Text c="dimmed">{t(`footprints.source.${comparison.profile.source}`)}</Text>
              <FootprintStateBadge state={comparison.declaredOrigin?.verdict ?? 'no_footprint'} />
              {comparison.signedWithCertificate && (
                <ToneBadge tone="green" data-testid="footprint-signed-badge">
                  {t('footprints.certificate.signedBadge')}
                </ToneBadge>
              )}
            </Group>
            {comparison.declaredOrigin ? (
              <>
                <Text fz="sm">
                  {t('footprints.certificate.declared')}:{' '}
                  <Anchor component={Link} to={`/footprints/${comparison.declaredOrigin.areaId}`}>
                    {comparison.declaredOrigin.participantCode} — {comparison.declaredOrigin.region} (v{comparison.declaredOrigin.version})
                  </Anchor>{' '}
                  {comparison.declaredOrigin.synthetic && <SyntheticBadge />}
                </Text>
                <ComparisonChart result={comparison.declaredOrigin} />
                <ResultNumbers result={comparison.declaredOrigin} />
              </>
            ) : (
              <Text fz="sm">{t('footprints.certificate.noFootprint')}</Text>
            )}
            <Table fz="sm" data-testid="footprint-ranking">
              <Table.Caption>{t('footprints.certificate.ranking')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('footprints.area')}</Table.Th>
                  <Table.Th>{t('footprints.result')}</Table.Th>
                  <Table.Th>{t('footprints.numbers.divergence')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {comparison.ranking.map((ranked) => (
                  <Table.Tr key={ranked.footprintId}>
                    <Table.Td>{ranked.rank}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/footprints/${ranked.areaId}`}>
                        {ranked.participantCode} — {ranked.region}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <FootprintStateBadge state={ranked.verdict} />
                    </Table.Td>
                    <Table.Td>{ranked.divergence.toFixed(3)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )),
      )}
    </Section>
  );
}

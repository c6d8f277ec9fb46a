import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Timeline, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OriginStep, OriginTrail } from '../../../src/custody/origin-trail-schema.ts';
import type { StockLine } from '../../../src/custody/schemas.ts';
import { formatAmount, formatHundredths, parseHundredths } from '../amounts.ts';
import type { CertificateDetail } from '../api.ts';
import type { Language } from '../i18n.ts';
import { useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { ToneBadge } from './Badges.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Section } from './Page.tsx';

/** One row of a parcel's "Drawn from stock" part: an origin site of the exporter's stock and the carats taken from it. */
export interface DrawRow {
  id: number;
  siteId: string;
  carats: string;
}

let nextDrawId = 1;
export const emptyDraw = (): DrawRow => ({ id: nextDrawId++, siteId: '', carats: '' });

/** Hundredths of a carat the exporter holds per origin site. */
export function availableBySite(lines: StockLine[]): Map<string, bigint> {
  const available = new Map<string, bigint>();
  for (const line of lines) {
    const parsed = parseHundredths(line.carats);
    if ('units' in parsed) available.set(line.siteId, (available.get(line.siteId) ?? 0n) + parsed.units);
  }
  return available;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * What is wrong with the draws of every parcel, keyed `parcels.N.stockDraws` like the server's
 * refusals: a site and an amount on each row, each site once, the rows adding up to the parcel's
 * carats, and no site drawn beyond the exporter's stock over all parcels together.
 */
export function stockDrawProblems(parcels: { carats: string; draws: DrawRow[] }[], available: Map<string, bigint>, t: Translate, language: Language): Record<string, string> {
  const errors: Record<string, string> = {};
  const totalBySite = new Map<string, bigint>();
  parcels.forEach((parcel, index) => {
    const key = `parcels.${index}.stockDraws`;
    const rows = parcel.draws;
    if (rows.length === 0 || rows.every((row) => !row.siteId && !row.carats.trim())) {
      errors[key] = t('certificates.form.stockDrawsRequired');
      return;
    }
    let sum = 0n;
    for (const row of rows) {
      const carats = parseHundredths(row.carats);
      if (!row.siteId || !('units' in carats) || carats.units <= 0n) {
        errors[key] = t('certificates.form.stockDrawIncomplete');
        return;
      }
      sum += carats.units;
      totalBySite.set(row.siteId, (totalBySite.get(row.siteId) ?? 0n) + carats.units);
    }
    if (new Set(rows.map((row) => row.siteId)).size !== rows.length) {
      errors[key] = t('certificates.form.stockDrawSiteTwice');
      return;
    }
    const parcelCarats = parseHundredths(parcel.carats);
    if ('units' in parcelCarats && parcelCarats.units !== sum) {
      errors[key] = t('certificates.form.stockDrawsMismatch', {
        drawn: formatAmount(formatHundredths(sum), language),
        carats: formatAmount(formatHundredths(parcelCarats.units), language),
      });
    }
  });
  parcels.forEach((parcel, index) => {
    const key = `parcels.${index}.stockDraws`;
    if (errors[key]) return;
    const over = parcel.draws.find((row) => (totalBySite.get(row.siteId) ?? 0n) > (available.get(row.siteId) ?? 0n));
    if (over) errors[key] = t('certificates.form.stockDrawsOverStock', { available: formatAmount(formatHundredths(available.get(over.siteId) ?? 0n), language) });
  });
  return errors;
}

/** A parcel's "Drawn from stock" rows: origin site from the exporter's stock lines (with carats held) and carats. */
export function StockDrawsInput({
  draws,
  lines,
  exporterChosen,
  error,
  onChange,
}: {
  draws: DrawRow[];
  /** The exporter's stock lines; null while loading or before an exporter is chosen. */
  lines: StockLine[] | null;
  exporterChosen: boolean;
  error?: string;
  onChange: (draws: DrawRow[]) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const set = (id: number, change: Partial<DrawRow>) => onChange(draws.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const sites = lines ?? [];
  // named by its heading alone: the parcel's fieldset around it already says which parcel
  const labelId = useId();
  return (
    <Stack gap="xs" data-testid="parcel-stock-draws" role="group" aria-labelledby={labelId}>
      <Text fz="sm" fw={600} id={labelId}>
        {t('certificates.form.stockDraws')}
      </Text>
      <Text fz="xs">{t('certificates.form.stockDrawsHint')}</Text>
      {!exporterChosen && <Text fz="sm">{t('certificates.form.stockDrawsChooseExporter')}</Text>}
      {lines !== null && sites.length === 0 && <Text fz="sm">{t('certificates.form.noStock')}</Text>}
      {draws.map((row, index) => (
        <Group key={row.id} align="flex-start" gap="sm" wrap="wrap" data-testid="stock-draw-row">
          <NativeSelect
            label={t('certificates.form.stockDrawSite', { number: index + 1 })}
            value={row.siteId}
            onChange={(event) => set(row.id, { siteId: event.currentTarget.value })}
            w={360}
          >
            <option value="">{t('common.choose')}</option>
            {sites.map((line) => (
              <option key={line.siteId} value={line.siteId}>
                {t('certificates.form.stockLine', { site: line.siteName, carats: formatAmount(line.carats, format.language) })}
              </option>
            ))}
          </NativeSelect>
          <TextInput
            label={t('certificates.form.stockDrawCarats', { number: index + 1 })}
            inputMode="decimal"
            autoComplete="off"
            dir="ltr"
            value={row.carats}
            onChange={(event) => set(row.id, { carats: event.currentTarget.value })}
            w={200}
          />
          <Button variant="default" mt={26} disabled={draws.length === 1} onClick={() => onChange(draws.filter((each) => each.id !== row.id))}>
            {t('certificates.form.removeStockDraw', { number: index + 1 })}
          </Button>
        </Group>
      ))}
      {error && (
        <Text c="red.9" fz="sm" role="alert" data-testid="stock-draws-error">
          {error}
        </Text>
      )}
      <Group>
        <Button variant="default" size="xs" disabled={draws.length >= 20} onClick={() => onChange([...draws, emptyDraw()])}>
          {t('certificates.form.addStockDraw')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Every chain of a draw from the site up to the exporter: each path production first. */
function chainsOf(steps: OriginStep[]): OriginStep[][] {
  return steps.flatMap((step) => (step.sources.length === 0 ? [[step]] : chainsOf(step.sources).map((chain) => [...chain, step])));
}

function StepItem({ step }: { step: OriginStep }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={2}>
      <Text fz="sm">
        {t('originTrail.stepLine', { kind: t(`originTrail.kind.${step.kind}`), carats: formatAmount(step.carats, format.language), date: format.day(step.occurredOn) })}
      </Text>
      {step.actor.name && (
        <Text fz="sm" data-testid="trail-actor-name">
          {step.actor.name}
          {step.actor.licenceNumber && (
            <>
              {' — '}
              <span className="mono">{step.actor.licenceNumber}</span>
            </>
          )}
          {step.actor.cooperativeName ? ` — ${t('originTrail.memberOf', { name: step.actor.cooperativeName })}` : ''}
        </Text>
      )}
      <Group gap="xs">
        <ToneBadge tone={step.actor.licenceState === 'valid' ? 'green' : 'orange'}>{t('originTrail.licence', { state: t(`licenceState.${step.actor.licenceState}`) })}</ToneBadge>
        {step.warranty && <ToneBadge tone="blue">{t('originTrail.warranty')}</ToneBadge>}
      </Group>
      {step.valueUsd !== undefined && (
        <Text fz="xs">
          {t('originTrail.entryDetails', {
            carats: formatAmount(step.entryCarats ?? '', format.language),
            value: formatAmount(step.valueUsd, format.language),
            reference: step.parcelReference ?? '—',
          })}
        </Text>
      )}
      {step.untraced !== '0.00' && (
        <Text fz="xs" c="#6b3000">
          {t('originTrail.untraced', { carats: formatAmount(step.untraced, format.language) })}
        </Text>
      )}
    </Stack>
  );
}

/** The certificate page's "Origin trail" panel: backed or not, the signature check, and per parcel and site the chain back to production. */
export function OriginTrailSection({ certificate }: { certificate: CertificateDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const trail = useApi<OriginTrail>(`/api/certificates/${certificate.number}/origin-trail`);
  const rolesOf = (step: OriginStep) => step.actor.licenceTypes.map((type) => t(`licenceType.${type}`)).join(', ') || t('originTrail.unknownActor');
  const data = trail.data;
  return (
    <Section title={t('originTrail.title')} testId="origin-trail">
      <ErrorAlert error={trail.error} />
      {data === null ? (
        !trail.error && <Text fz="sm">{t('common.loading')}</Text>
      ) : (
        <Stack gap="sm">
          <Group gap="sm">
            <span data-testid="origin-trail-backed">
              <ToneBadge tone={data.backed ? 'green' : 'orange'}>{data.backed ? t('originTrail.backed', { count: data.sites }) : t('originTrail.notBacked')}</ToneBadge>
            </span>
            {data.integrity !== 'not_signed' && (
              <span data-testid="origin-trail-integrity">
                <ToneBadge tone={data.integrity === 'intact' ? 'green' : 'red'}>{t(`originTrail.integrity.${data.integrity}`)}</ToneBadge>
              </span>
            )}
          </Group>
          {data.reason && <Text fz="sm">{t(`originTrail.reason.${data.reason}`)}</Text>}
          {data.released && (
            <Alert color="orange" variant="outline" styles={{ message: { color: '#3d1c00' } }}>
              {t('originTrail.released', { status: t(`certificateStatus.${data.certificateStatus}`) })}
            </Alert>
          )}
          {data.sites > 0 && !data.complete && <Text fz="sm">{t('originTrail.incomplete')}</Text>}
          {data.sites > 0 && <Text fz="sm">{data.counterparties ? t('originTrail.namesShown') : t('originTrail.namesHidden')}</Text>}
          {data.parcels
            .filter((parcel) => parcel.draws.length > 0)
            .map((parcel) => (
              <Stack key={parcel.position} gap="xs" data-testid="origin-trail-parcel">
                <Title order={3} size="h5">
                  {t('originTrail.parcel', { number: format.number(parcel.position), carats: formatAmount(parcel.carats, format.language), drawn: formatAmount(parcel.drawn, format.language) })}
                </Title>
                {parcel.draws.map((draw) =>
                  (draw.steps.length === 0 ? [[]] : chainsOf(draw.steps)).map((chain, index) => (
                    <Stack key={`${draw.site.id}-${index}`} gap={4} data-testid="origin-trail-chain">
                      <Timeline active={chain.length + 1} bulletSize={14} lineWidth={2}>
                        <Timeline.Item title={t('originTrail.site', { name: draw.site.name })}>
                          <Text fz="sm">
                            {t('originTrail.siteDetails', {
                              region: draw.site.region,
                              deposit: t(`originTrail.deposit.${draw.site.depositType}`),
                              scale: draw.site.artisanal ? t('originTrail.artisanal') : t('originTrail.industrial'),
                            })}
                            {draw.site.zoneName ? ` — ${t('originTrail.zone', { name: draw.site.zoneName })}` : ''}
                          </Text>
                          {draw.site.licenceNumber && (
                            <Text fz="xs">
                              <span className="mono">{draw.site.licenceNumber}</span>
                              {draw.site.holderName ? ` — ${draw.site.holderName}` : ''}
                            </Text>
                          )}
                        </Timeline.Item>
                        {chain.map((step, position) => (
                          <Timeline.Item key={position} title={rolesOf(step)}>
                            <StepItem step={step} />
                          </Timeline.Item>
                        ))}
                        <Timeline.Item title={t('originTrail.certificate', { number: data.certificateNumber })}>
                          <Text fz="sm">{t('originTrail.drawn', { carats: formatAmount(draw.carats, format.language), date: format.day(data.issueDate) })}</Text>
                          {draw.untraced !== '0.00' && (
                            <Text fz="xs" c="#6b3000">
                              {t('originTrail.untraced', { carats: formatAmount(draw.untraced, format.language) })}
                            </Text>
                          )}
                        </Timeline.Item>
                      </Timeline>
                    </Stack>
                  )),
                )}
              </Stack>
            ))}
        </Stack>
      )}
    </Section>
  );
}

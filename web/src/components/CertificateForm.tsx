import { Alert, Anchor, Button, Checkbox, Fieldset, Group, MultiSelect, NativeSelect, Paper, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { FootprintRequirement } from '../../../src/footprints/schemas.ts';
import type { SeriesId } from '../../../src/footprints/size-classes.ts';
import { profileFromClasses } from '../../../src/footprints/size-profile.ts';
import { formatAmount, formatHundredths, parseHundredths, pricePerCaratCents, type AmountProblem } from '../amounts.ts';
import { api, ApiError, newUuid, type CertificateContent, type CertificateDetail, type CertificateDraft, type OperatorDto, type ParticipantDetail } from '../api.ts';
import { useMe } from '../auth.tsx';
import { HS_CODES, PURPOSES, type Purpose } from '../certificates.ts';
import { useCountryNames, type CountryNames } from '../countries.ts';
import { todayIso, useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ClassesInput, parseClassLines, SeriesSelect } from './FootprintForms.tsx';
import { Loaded } from './Page.tsx';
import { availableBySite, emptyDraw, stockDrawProblems, StockDrawsInput, type DrawRow } from './OriginTrailParts.tsx';
import type { InternalControlsDto, StockLine } from '../../../src/custody/schemas.ts';
import type { OriginTrail } from '../../../src/custody/origin-trail-schema.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface ParcelRow {
  id: number;
  hsCode: string;
  carats: string;
  valueUsd: string;
  /** The size-frequency profile part is open: its lines go with the parcel as `sizeProfile`. */
  profileOpen: boolean;
  profileSeries: SeriesId;
  /** Classes as typed, one per line: "code stones carats". */
  profileLines: string;
  /** Internal controls: the exporter's recorded stock the parcel is drawn from, per origin site. */
  draws: DrawRow[];
}

export interface CertificateValues {
  importingParticipant: string;
  exporterId: string;
  importerName: string;
  importerAddress: string;
  importerLicence: string;
  originCountries: string[];
  mixedOrigin: boolean;
  territory: string;
  expiryDate: string;
  parcels: ParcelRow[];
  seals: string[];
  transitCountries: string[];
  purpose: Purpose;
  reason: string;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

const AMOUNT_MESSAGE: Record<AmountProblem, string> = {
  required: 'validation.required',
  not_a_number: 'validation.amount',
  not_positive: 'validation.amountPositive',
  too_precise: 'validation.amountPrecision',
  too_large: 'validation.amountTooLarge',
};

export interface FormContext {
  ownCode: string;
  goodStanding: Set<string>;
  exporterIds: Set<string>;
  territories: string[];
  replacing: boolean;
}

/** The rules of CertificateDraftSchema and the parcel checks, before anything is sent. Keys are the server's field paths. */
export function validateCertificate(values: CertificateValues, context: FormContext, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  const text = (key: string, value: string, max: number) => {
    const trimmed = value.trim();
    if (!trimmed) errors[key] = t('validation.required');
    else if (trimmed.length > max) errors[key] = t('validation.maxLength', { max });
  };
  if (context.replacing) text('reason', values.reason, 2000);
  if (!values.importingParticipant) errors.importingParticipant = t('validation.required');
  else if (values.importingParticipant === context.ownCode) errors.importingParticipant = t('validation.destinationOwn');
  else if (!context.goodStanding.has(values.importingParticipant)) errors.importingParticipant = t('validation.destinationNotInGoodStanding');
  if (!values.exporterId) errors.exporterId = t('validation.required');
  else if (!context.exporterIds.has(values.exporterId)) errors.exporterId = t('validation.exporterNotLicensed');
  text('importer.name', values.importerName, 160);
  text('importer.address', values.importerAddress, 240);
  text('importer.licence', values.importerLicence, 64);
  if (values.originCountries.length === 0) errors.originCountries = t('validation.originRequired');
  else if (values.originCountries.length > 12) errors.originCountries = t('validation.maxItems', { max: 12 });
  if (context.territories.length > 0 && !context.territories.includes(values.territory)) errors.territory = t('validation.required');
  if (values.expiryDate) {
    if (!isRealDate(values.expiryDate)) errors.expiryDate = t('validation.date');
    else if (values.expiryDate <= todayIso()) errors.expiryDate = t('validation.expiryNotAfterToday');
  }
  if (values.parcels.length === 0) errors.parcels = t('validation.parcelsRequired');
  else if (values.parcels.length > 50) errors.parcels = t('validation.maxItems', { max: 50 });
  values.parcels.forEach((parcel, index) => {
    if (!(HS_CODES as readonly string[]).includes(parcel.hsCode)) errors[`parcels.${index}.hsCode`] = t('validation.required');
    for (const field of ['carats', 'valueUsd'] as const) {
      const parsed = parseHundredths(parcel[field]);
      if ('problem' in parsed) errors[`parcels.${index}.${field}`] = t(AMOUNT_MESSAGE[parsed.problem]);
    }
    const profileProblem = sizeProfileProblem(parcel, t);
    if (profileProblem) errors[`parcels.${index}.sizeProfile`] = profileProblem;
  });
  if (values.seals.length > 20) errors.seals = t('validation.maxItems', { max: 20 });
  else if (values.seals.some((seal) => seal.trim().length > 40)) errors.seals = t('validation.maxLength', { max: 40 });
  if (values.transitCountries.length > 10) errors.transitCountries = t('validation.maxItems', { max: 10 });
  return errors;
}

/** What is wrong with the parcel's profile, translated; null when it reads or none is attached. */
function sizeProfileProblem(parcel: ParcelRow, t: Translate): string | null {
  const read = sizeProfileOf(parcel);
  if (!read || 'classes' in read) return null;
  if ('badLine' in read) return t('footprints.form.badLine', { line: read.badLine });
  return t(`certificates.form.sizeProfileProblem.${read.problem}`, 'code' in read ? { code: read.code } : {});
}

/**
 * The parcel's size-frequency profile when its part is open and has lines: the classes as the API
 * takes them, the first line that could not be read, or what `profileFromClasses` (the server's
 * check) finds wrong with them. Null when no profile is attached.
 */
function sizeProfileOf(parcel: ParcelRow) {
  if (!parcel.profileOpen || parcel.profileLines.trim() === '') return null;
  const read = parseClassLines(parcel.profileLines);
  if ('badLine' in read) return read;
  const checked = profileFromClasses(parcel.profileSeries, read.classes.map((entry) => ({ ...entry, carats: Number(entry.carats) })));
  if ('problem' in checked) return checked;
  return { series: parcel.profileSeries, classes: read.classes };
}

/** Sums and $/ct on integer hundredths: rows with a missing or invalid amount count as not given. */
export function parcelTotals(parcels: ParcelRow[]) {
  let carats = 0n;
  let value = 0n;
  let complete = parcels.length > 0;
  const rows = parcels.map((parcel) => {
    const c = parseHundredths(parcel.carats);
    const v = parseHundredths(parcel.valueUsd);
    const rowCarats = 'units' in c ? c.units : null;
    const rowValue = 'units' in v ? v.units : null;
    if (rowCarats !== null) carats += rowCarats;
    if (rowValue !== null) value += rowValue;
    if (rowCarats === null || rowValue === null) complete = false;
    const price = rowCarats !== null && rowValue !== null ? pricePerCaratCents(rowValue, rowCarats) : null;
    return { perCarat: price === null ? null : formatHundredths(price) };
  });
  const price = carats > 0n && value > 0n ? pricePerCaratCents(value, carats) : null;
  return {
    rows,
    complete,
    carats: formatHundredths(carats),
    valueUsd: formatHundredths(value),
    perCarat: price === null ? null : formatHundredths(price),
  };
}

/**
 * A refusal's problems keyed like `validateCertificate`'s: per field of a VALIDATION_FAILED refusal
 * (those inside a parcel's profile on the profile), and per parcel the profile a listed origin
 * requires or the one the server could not accept.
 */
function serverFieldErrors(caught: unknown, t: Translate, parcels: ParcelRow[] = [], lines: StockLine[] | null = null): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(caught instanceof ApiError)) return errors;
  for (const problem of caught.fieldProblems) {
    const path = problem.path.join('.');
    errors[/^parcels\.\d+\.sizeProfile/.exec(path)?.[0] ?? path] ??= problem.message;
  }
  const details = (caught.details ?? {}) as { parcels?: unknown; parcel?: unknown };
  if (caught.code === 'FOOTPRINT_PROFILE_REQUIRED_AT_ISSUE' && Array.isArray(details.parcels)) {
    for (const position of details.parcels) if (typeof position === 'number') errors[`parcels.${position - 1}.sizeProfile`] = t('certificates.form.sizeProfileMissing');
  }
  if (caught.code === 'FOOTPRINT_PROFILE_INVALID' && typeof details.parcel === 'number') errors[`parcels.${details.parcel - 1}.sizeProfile`] = caught.message;
  return { ...errors, ...stockDrawErrors(caught, parcels, lines) };
}

/**
 * The server's refusals of the stock drawn, on the parcels they concern: the parcels its details
 * name, or (a refusal of stock) those drawing from the site its message names as "name (licence)".
 */
function stockDrawErrors(caught: ApiError, parcels: ParcelRow[], lines: StockLine[] | null): Record<string, string> {
  const errors: Record<string, string> = {};
  if (caught.code === 'STOCK_DRAWS_ORIGIN') return { originCountries: caught.message };
  if (!caught.code.startsWith('STOCK_')) return errors;
  const details = (caught.details ?? {}) as { parcel?: unknown; parcels?: unknown };
  const named = Array.isArray(details.parcels) ? details.parcels.map(Number) : typeof details.parcel === 'number' ? [details.parcel] : null;
  let positions: number[];
  if (named) positions = named;
  else if (caught.code === 'STOCK_INSUFFICIENT' || caught.code === 'STOCK_DRAWS_OUTSIDE_ZONE') {
    const siteIds = new Set((lines ?? []).filter((line) => caught.message.includes(`${line.siteName} (`)).map((line) => line.siteId));
    positions = parcels.flatMap((parcel, index) => (parcel.draws.some((draw) => siteIds.has(draw.siteId)) ? [index + 1] : []));
  } else positions = parcels.map((_, index) => index + 1);
  for (const position of positions) if (position >= 1 && position <= parcels.length) errors[`parcels.${position - 1}.stockDraws`] = caught.message;
  return errors;
}

/**
 * The exporter's stock lines, plus what the certificate being replaced drew (it goes back to stock
 * when the replacement is issued). Null until both are known.
 */
function withReturnedDraws(lines: StockLine[] | null, previous: { data: OriginTrail | null; error: unknown } | null): StockLine[] | null {
  if (lines === null) return null;
  if (previous === null || previous.error) return lines;
  if (previous.data === null) return null;
  if (previous.data.released) return lines;
  const merged = lines.map((line) => ({ ...line }));
  for (const draw of previous.data.parcels.flatMap((parcel) => parcel.draws)) {
    const drawn = parseHundredths(draw.carats);
    if (!('units' in drawn)) continue;
    const line = merged.find((each) => each.siteId === draw.site.id);
    if (line) {
      const held = parseHundredths(line.carats);
      line.carats = formatHundredths(('units' in held ? held.units : 0n) + drawn.units);
    } else {
      merged.push({ operatorId: '', operatorName: '', licenceNumber: '', siteId: draw.site.id, siteName: draw.site.name, carats: draw.carats });
    }
  }
  return merged;
}

let nextRowId = 1;
const emptyParcel = (profileOpen = false): ParcelRow => ({
  id: nextRowId++,
  hsCode: '7102.31',
  carats: '',
  valueUsd: '',
  profileOpen,
  profileSeries: 'sieve',
  profileLines: '',
  draws: [emptyDraw()],
});

function initialValues(initial: CertificateContent | null, exporters: OperatorDto[]): CertificateValues {
  if (!initial) {
    return {
      importingParticipant: '',
      exporterId: exporters.length === 1 ? exporters[0].id : '',
      importerName: '',
      importerAddress: '',
      importerLicence: '',
      originCountries: [],
      mixedOrigin: false,
      territory: '',
      expiryDate: '',
      parcels: [emptyParcel()],
      seals: [],
      transitCountries: [],
      purpose: 'commercial',
      reason: '',
    };
  }
  const exporter = exporters.find((operator) => operator.licenceNumber === initial.exporter.licence && operator.name === initial.exporter.name)
    ?? exporters.find((operator) => operator.licenceNumber === initial.exporter.licence);
  return {
    importingParticipant: initial.importingParticipant,
    exporterId: exporter?.id ?? '',
    importerName: initial.importer.name,
    importerAddress: initial.importer.address,
    importerLicence: initial.importer.licence,
    originCountries: [...initial.origin.countries],
    mixedOrigin: initial.origin.mixed,
    territory: initial.issuingTerritory ?? '',
    expiryDate: initial.expiryDate > todayIso() ? initial.expiryDate : '',
    parcels: initial.parcels.map((parcel) => ({ ...emptyParcel(), hsCode: parcel.hsCode, carats: parcel.carats, valueUsd: parcel.valueUsd })),
    seals: [...initial.seals],
    transitCountries: [...initial.transitCountries],
    purpose: initial.purpose,
    reason: '',
  };
}

/** The values as the API takes them: trimmed, amounts in canonical two-decimal form, totals declared. */
export function toDraft(values: CertificateValues, hasTerritories: boolean, withStockDraws = false): CertificateDraft {
  const canonical = (text: string) => {
    const parsed = parseHundredths(text);
    return 'units' in parsed ? formatHundredths(parsed.units) : text.trim();
  };
  const parcels = values.parcels.map((parcel) => {
    const profile = sizeProfileOf(parcel);
    return {
      hsCode: parcel.hsCode,
      carats: canonical(parcel.carats),
      valueUsd: canonical(parcel.valueUsd),
      // only a profile that reads: validateCertificate has refused the others before anything is sent
      ...(profile && 'classes' in profile && { sizeProfile: profile }),
      ...(withStockDraws && { stockDraws: parcel.draws.map((draw) => ({ siteId: draw.siteId, carats: canonical(draw.carats) })) }),
    };
  });
  const totals = parcelTotals(values.parcels);
  const draft: CertificateDraft = {
    importingParticipant: values.importingParticipant,
    exporterId: values.exporterId,
    importer: { name: values.importerName.trim(), address: values.importerAddress.trim(), licence: values.importerLicence.trim() },
    originCountries: values.originCountries,
    mixedOrigin: values.mixedOrigin,
    parcels,
    declaredTotals: { parcelCount: parcels.length, carats: totals.carats, valueUsd: totals.valueUsd },
    seals: values.seals.map((seal) => seal.trim()).filter(Boolean),
    transitCountries: values.transitCountries,
    purpose: values.purpose,
  };
  if (hasTerritories) draft.territory = values.territory;
  if (values.expiryDate) draft.expiryDate = values.expiryDate;
  return draft;
}

interface Props {
  /** Prefill from an issued certificate (replacement). */
  initial?: CertificateContent | null;
  /** Number of the certificate being replaced: submits to /replace with a reason. */
  replacing?: string | null;
}

/** Loads the pickers' data (register, own operators and territories), then shows the form. */
export function CertificateForm({ initial = null, replacing = null }: Props) {
  const me = useMe();
  const format = useFormat();
  const own = me.participant!.code;
  const names = useCountryNames(format.language);
  const operators = useApi<OperatorDto[]>(`/api/participants/${own}/operators`);
  const participant = useApi<ParticipantDetail>(`/api/participants/${own}`);
  const controls = useApi<InternalControlsDto>(`/api/participants/${own}/internal-controls`);
  return (
    <Loaded
      ready={names.participants !== null && operators.data !== null && participant.data !== null && controls.data !== null}
      error={names.error ?? operators.error ?? participant.error ?? controls.error}
    >
      {() => (
        <CertificateFields
          own={own}
          initial={initial}
          replacing={replacing}
          operators={operators.data!}
          participant={participant.data!}
          names={names}
          drawsFromStock={controls.data!.enabled}
        />
      )}
    </Loaded>
  );
}

function CertificateFields({
  own,
  initial,
  replacing,
  operators,
  participant,
  names,
  drawsFromStock,
}: {
  own: string;
  initial: CertificateContent | null;
  replacing: string | null;
  operators: OperatorDto[];
  participant: ParticipantDetail;
  names: CountryNames;
  /** Internal controls are on: every parcel names the exporter's recorded stock it is drawn from. */
  drawsFromStock: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const exporters = useMemo(
    () => operators.filter((operator) => operator.licenceTypes.includes('exporter') && operator.licenceState === 'valid').sort((a, b) => a.name.localeCompare(b.name, format.language)),
    [operators, format.language],
  );
  const [values, setValues] = useState<CertificateValues>(() => initialValues(initial, exporters));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const topRef = useRef<HTMLDivElement>(null);
  /** One idempotency key per distinct draft: a double click or a retry of the same draft reuses it. */
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const set = <K extends keyof CertificateValues>(key: K, value: CertificateValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const setParcel = (id: number, change: Partial<ParcelRow>) =>
    setValues((current) => ({ ...current, parcels: current.parcels.map((parcel) => (parcel.id === id ? { ...parcel, ...change } : parcel)) }));
  const openProfiles = (which: (index: number) => boolean) =>
    setValues((current) => ({ ...current, parcels: current.parcels.map((parcel, index) => (which(index) && !parcel.profileOpen ? { ...parcel, profileOpen: true } : parcel)) }));

  // Origins on the WGDE's list need a profile for every parcel (the server refuses to issue without).
  const requirements = useApi<FootprintRequirement[]>('/api/footprint-requirements');
  const listedOrigins = values.originCountries.filter((code) => requirements.data?.some((requirement) => requirement.participantCode === code));
  const profileRequired = listedOrigins.length > 0;
  useEffect(() => {
    if (profileRequired) openProfiles(() => true);
  }, [profileRequired]);

  const destinations = useMemo(() => {
    const collator = new Intl.Collator(format.language);
    return (names.participants ?? []).filter((row) => row.code !== own).sort((a, b) => collator.compare(a.name, b.name));
  }, [names.participants, own, format.language]);
  const territories = participant.territories;
  const context: FormContext = {
    ownCode: own,
    goodStanding: new Set(destinations.filter((row) => row.status === 'participant').map((row) => row.code)),
    exporterIds: new Set(exporters.map((operator) => operator.id)),
    territories: territories.map((territory) => territory.code),
    replacing: replacing !== null,
  };
  const stock = useApi<StockLine[]>(drawsFromStock && values.exporterId ? `/api/participants/${own}/custody/stock?operatorId=${values.exporterId}` : null);
  // a replacement draws afresh: the old certificate's draws go back to stock as it is issued
  const previous = useApi<OriginTrail>(drawsFromStock && replacing ? `/api/certificates/${replacing}/origin-trail` : null);
  const originalExporter = useRef(values.exporterId).current;
  const stockLines = useMemo(
    () =>
      drawsFromStock && values.exporterId
        ? withReturnedDraws(stock.data, replacing && values.exporterId === originalExporter ? { data: previous.data, error: previous.error } : null)
        : null,
    [drawsFromStock, values.exporterId, stock.data, replacing, originalExporter, previous.data, previous.error],
  );
  useEffect(() => {
    const old = previous.data;
    if (!old || old.released) return;
    setValues((current) => ({
      ...current,
      parcels: current.parcels.map((parcel, index) => {
        const draws = old.parcels[index]?.draws ?? [];
        const untouched = parcel.draws.length === 1 && !parcel.draws[0].siteId && !parcel.draws[0].carats.trim();
        return untouched && draws.length > 0 ? { ...parcel, draws: draws.map((draw) => ({ ...emptyDraw(), siteId: draw.site.id, carats: draw.carats })) } : parcel;
      }),
    }));
  }, [previous.data]);
  const totals = parcelTotals(values.parcels);
  const amount = (decimal: string | null) => (decimal === null ? '—' : formatAmount(decimal, format.language));
  const hasErrors = Object.keys(errors).length > 0;

  const showTop = () => requestAnimationFrame(() => topRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = {
      ...validateCertificate(values, context, t),
      ...(drawsFromStock && stockDrawProblems(values.parcels, availableBySite(stockLines ?? []), t, format.language)),
    };
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      showTop();
      return;
    }
    const draft = toDraft(values, territories.length > 0, drawsFromStock);
    setBusy(true);
    try {
      let certificate: CertificateDetail;
      if (replacing) {
        certificate = await api<CertificateDetail>(`/api/certificates/${replacing}/replace`, { method: 'POST', body: { reason: values.reason.trim(), draft } });
      } else {
        const body = JSON.stringify(draft);
        if (attempt.current?.body !== body) attempt.current = { key: newUuid(), body };
        certificate = await api<CertificateDetail>('/api/certificates', { method: 'POST', body: draft, headers: { 'Idempotency-Key': attempt.current.key } });
      }
      navigate(`/certificates/${certificate.number}`, { state: { notice: replacing ? 'replaced' : 'issued', replaced: replacing } });
    } catch (caught) {
      setError(caught);
      const fieldErrors = serverFieldErrors(caught, t, values.parcels, stockLines);
      // someone drew on the same stock meanwhile: show what is left now
      if (caught instanceof ApiError && caught.code === 'STOCK_INSUFFICIENT') stock.reload();
      const profileParcels = Object.keys(fieldErrors).flatMap((key) => /^parcels\.(\d+)\.sizeProfile$/.exec(key)?.[1] ?? []).map(Number);
      if (profileParcels.length > 0) openProfiles((index) => profileParcels.includes(index));
      setErrors(fieldErrors);
      showTop();
    } finally {
      setBusy(false);
    }
  }

  const hsLabel = (code: string) => `${code} — ${t(`hsCode.${code.replace('.', '_')}`)}`;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <div ref={topRef} style={{ scrollMarginTop: 90 }}>
          <ErrorAlert error={error} title={t('certificates.form.refused')} />
          {!error && hasErrors && (
            <Alert color="red" variant="outline" role="alert" title={t('certificates.form.fixTitle')} styles={{ title: { color: '#7f1d1d' }, message: { color: '#3b0d0d' } }}>
              {t('certificates.form.fixErrors')}
            </Alert>
          )}
        </div>
        {replacing && (
          <Textarea
            label={t('certificates.form.replaceReason')}
            description={t('certificates.form.replaceReasonHint')}
            required
            autosize
            minRows={2}
            value={values.reason}
            error={errors.reason}
            onChange={(event) => set('reason', event.currentTarget.value)}
          />
        )}

        <Fieldset legend={t('certificates.form.shipment')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <NativeSelect
                label={t('certificates.form.destination')}
                description={t('certificates.form.destinationHint')}
                required
                value={values.importingParticipant}
                error={errors.importingParticipant}
                onChange={(event) => set('importingParticipant', event.currentTarget.value)}
              >
                <option value="">{t('common.choose')}</option>
                {destinations.map((row) => (
                  <option key={row.code} value={row.code} disabled={row.status !== 'participant'}>
                    {row.status === 'participant' ? row.name : `${row.name} — ${row.status ? t(`status.${row.status}`) : t('status.none')}`}
                  </option>
                ))}
              </NativeSelect>
              {territories.length > 0 && (
                <NativeSelect
                  label={t('certificates.form.territory')}
                  description={t('certificates.form.territoryHint')}
                  required
                  value={values.territory}
                  error={errors.territory}
                  onChange={(event) => set('territory', event.currentTarget.value)}
                >
                  <option value="">{t('common.choose')}</option>
                  {[...territories]
                    .sort((a, b) => names.name(a.code).localeCompare(names.name(b.code), format.language))
                    .map((territory) => (
                      <option key={territory.code} value={territory.code}>
                        {names.name(territory.code)}
                      </option>
                    ))}
                </NativeSelect>
              )}
              <NativeSelect
                label={t('certificates.form.purpose')}
                value={values.purpose}
                error={errors.purpose}
                onChange={(event) => set('purpose', event.currentTarget.value as Purpose)}
              >
                {PURPOSES.map((purpose) => (
                  <option key={purpose} value={purpose}>
                    {t(`purpose.${purpose}`)}
                  </option>
                ))}
              </NativeSelect>
              <TextInput
                label={t('certificates.form.expiryDate')}
                description={t('certificates.form.expiryHint')}
                type="date"
                min={todayIso()}
                value={values.expiryDate}
                error={errors.expiryDate}
                onChange={(event) => set('expiryDate', event.currentTarget.value)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('certificates.form.parties')}>
          <Stack gap="sm">
            {exporters.length === 0 ? (
              <Alert color="yellow" variant="outline" styles={{ message: { color: '#5c4400' } }}>
                {t('certificates.form.noExporters')}{' '}
                <Anchor component={Link} to={`/participants/${own}/operators`}>
                  {t('home.openOperatorRegister')}
                </Anchor>
              </Alert>
            ) : null}
            <NativeSelect
              label={t('certificates.form.exporter')}
              description={t('certificates.form.exporterHint')}
              required
              value={values.exporterId}
              error={errors.exporterId}
              onChange={(event) => set('exporterId', event.currentTarget.value)}
            >
              <option value="">{t('common.choose')}</option>
              {exporters.map((operator) => (
                <option key={operator.id} value={operator.id}>
                  {operator.name} ({operator.licenceNumber})
                </option>
              ))}
            </NativeSelect>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput label={t('certificates.form.importerName')} required value={values.importerName} error={errors['importer.name']} onChange={(event) => set('importerName', event.currentTarget.value)} />
              <TextInput
                label={t('certificates.form.importerLicence')}
                required
                value={values.importerLicence}
                error={errors['importer.licence']}
                onChange={(event) => set('importerLicence', event.currentTarget.value)}
                dir="ltr"
              />
              <Textarea
                label={t('certificates.form.importerAddress')}
                required
                autosize
                minRows={1}
                value={values.importerAddress}
                error={errors['importer.address']}
                onChange={(event) => set('importerAddress', event.currentTarget.value)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('certificates.form.originAndRoute')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <MultiSelect
                label={t('certificates.form.origin')}
                description={t('certificates.form.originHint')}
                required
                searchable
                maxValues={12}
                data={names.options}
                value={values.originCountries}
                error={errors.originCountries}
                nothingFoundMessage={t('certificates.form.noCountry')}
                onChange={(value) => set('originCountries', value)}
              />
              <MultiSelect
                label={t('certificates.form.transit')}
                description={t('certificates.form.transitHint')}
                searchable
                maxValues={10}
                data={names.options}
                value={values.transitCountries}
                error={errors.transitCountries}
                nothingFoundMessage={t('certificates.form.noCountry')}
                onChange={(value) => set('transitCountries', value)}
              />
            </SimpleGrid>
            <Checkbox
              label={t('certificates.form.mixedOrigin')}
              description={t('certificates.form.mixedOriginHint')}
              checked={values.mixedOrigin}
              onChange={(event) => set('mixedOrigin', event.currentTarget.checked)}
            />
            <TagsInput
              label={t('certificates.form.seals')}
              description={t('certificates.form.sealsHint')}
              maxTags={20}
              value={values.seals}
              error={errors.seals}
              onChange={(value) => set('seals', value)}
              acceptValueOnBlur
              dir="ltr"
            />
          </Stack>
        </Fieldset>

        <Fieldset legend={t('certificates.form.parcels')}>
          <Stack gap="sm">
            <Text fz="sm">{t('certificates.form.parcelsHint')}</Text>
            {profileRequired && (
              <Alert color="blue" variant="outline" title={t('certificates.form.sizeProfileRequiredTitle')} styles={{ title: { color: '#0b3a75' }, message: { color: '#0b2a55' } }} data-testid="size-profile-required">
                {t('certificates.form.sizeProfileRequired', { origins: new Intl.ListFormat(format.language, { type: 'conjunction' }).format(listedOrigins.map((code) => names.name(code))) })}
              </Alert>
            )}
            {errors.parcels && (
              <Text c="red.9" fz="sm" role="alert">
                {errors.parcels}
              </Text>
            )}
            {values.parcels.map((parcel, index) => {
              const number = index + 1;
              return (
                <Fieldset key={parcel.id} legend={t('certificates.form.parcel', { number })} variant="filled" data-testid="parcel-row">
                  <Stack gap="sm">
                    <Group align="flex-start" gap="sm" wrap="wrap">
                      <NativeSelect
                        label={t('certificates.hsCode')}
                        value={parcel.hsCode}
                        error={errors[`parcels.${index}.hsCode`]}
                        onChange={(event) => setParcel(parcel.id, { hsCode: event.currentTarget.value })}
                        w={260}
                      >
                        {HS_CODES.map((code) => (
                          <option key={code} value={code}>
                            {hsLabel(code)}
                          </option>
                        ))}
                      </NativeSelect>
                      <TextInput
                        label={t('certificates.carats')}
                        description={t('certificates.form.amountHint')}
                        required
                        inputMode="decimal"
                        autoComplete="off"
                        dir="ltr"
                        value={parcel.carats}
                        error={errors[`parcels.${index}.carats`]}
                        onChange={(event) => setParcel(parcel.id, { carats: event.currentTarget.value })}
                        w={170}
                      />
                      <TextInput
                        label={t('certificates.valueUsd')}
                        description={t('certificates.form.amountHint')}
                        required
                        inputMode="decimal"
                        autoComplete="off"
                        dir="ltr"
                        value={parcel.valueUsd}
                        error={errors[`parcels.${index}.valueUsd`]}
                        onChange={(event) => setParcel(parcel.id, { valueUsd: event.currentTarget.value })}
                        w={190}
                      />
                      <Stack gap={4} miw={120}>
                        <Text fz="sm" fw={500}>
                          {t('certificates.perCarat')}
                        </Text>
                        <Text fz="sm" data-testid="parcel-per-carat" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {amount(totals.rows[index].perCarat)}
                        </Text>
                      </Stack>
                      <Button
                        variant="default"
                        color="red"
                        mt={26}
                        disabled={values.parcels.length === 1}
                        onClick={() => setValues((current) => ({ ...current, parcels: current.parcels.filter((row) => row.id !== parcel.id) }))}
                      >
                        {t('certificates.form.removeParcel', { number })}
                      </Button>
                    </Group>
                    <Checkbox
                      label={t('certificates.form.attachSizeProfile')}
                      description={t('certificates.form.attachSizeProfileHint')}
                      checked={parcel.profileOpen}
                      error={parcel.profileOpen ? undefined : errors[`parcels.${index}.sizeProfile`]}
                      onChange={(event) => setParcel(parcel.id, { profileOpen: event.currentTarget.checked })}
                    />
                    {drawsFromStock && (
                      <StockDrawsInput
                        draws={parcel.draws}
                        lines={stockLines}
                        exporterChosen={values.exporterId !== ''}
                        error={errors[`parcels.${index}.stockDraws`]}
                        onChange={(draws) => setParcel(parcel.id, { draws })}
                      />
                    )}
                    {parcel.profileOpen && (
                      <Stack gap="xs" data-testid="parcel-size-profile">
                        <SeriesSelect value={parcel.profileSeries} onChange={(series) => setParcel(parcel.id, { profileSeries: series })} />
                        <ClassesInput
                          series={parcel.profileSeries}
                          value={parcel.profileLines}
                          error={errors[`parcels.${index}.sizeProfile`]}
                          onChange={(lines) => setParcel(parcel.id, { profileLines: lines })}
                        />
                      </Stack>
                    )}
                  </Stack>
                </Fieldset>
              );
            })}
            <Group>
              <Button
                variant="default"
                disabled={values.parcels.length >= 50}
                onClick={() => setValues((current) => ({ ...current, parcels: [...current.parcels, emptyParcel(profileRequired)] }))}
              >
                {t('certificates.form.addParcel')}
              </Button>
            </Group>
            <Paper withBorder p="md" radius="md" data-testid="parcel-totals" aria-live="polite">
              <Stack gap={4}>
                <Text fw={700}>{t('certificates.form.totals')}</Text>
                <SimpleGrid cols={{ base: 2, sm: 4 }}>
                  <Stack gap={0}>
                    <Text fz="xs">{t('certificates.parcelCount')}</Text>
                    <Text fw={700} data-testid="total-parcels">
                      {format.number(values.parcels.length)}
                    </Text>
                  </Stack>
                  <Stack gap={0}>
                    <Text fz="xs">{t('certificates.carats')}</Text>
                    <Text fw={700} data-testid="total-carats" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {amount(totals.carats)}
                    </Text>
                  </Stack>
                  <Stack gap={0}>
                    <Text fz="xs">{t('certificates.valueUsd')}</Text>
                    <Text fw={700} data-testid="total-value" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {amount(totals.valueUsd)}
                    </Text>
                  </Stack>
                  <Stack gap={0}>
                    <Text fz="xs">{t('certificates.perCarat')}</Text>
                    <Text fw={700} data-testid="total-per-carat" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {amount(totals.perCarat)}
                    </Text>
                  </Stack>
                </SimpleGrid>
                {!totals.complete && <Text fz="xs">{t('certificates.form.totalsIncomplete')}</Text>}
              </Stack>
            </Paper>
          </Stack>
        </Fieldset>

        <Group justify="flex-end">
          <Button variant="default" component={Link} to={replacing ? `/certificates/${replacing}` : '/certificates'}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {replacing ? t('certificates.form.submitReplacement') : t('certificates.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

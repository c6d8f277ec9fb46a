import { Button, Checkbox, FileInput, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERIES_IDS, SIZE_SERIES, type SeriesId } from '../../../src/footprints/size-classes.ts';
import { api } from '../api.ts';
import { useFormat } from '../format.ts';
import { fileToBase64 } from '../qr.ts';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/**
 * Classes typed one per line, "code stones carats" (e.g. "+9 120 14.35"), as a lab sheet reads.
 * Returns the classes, or the first line it could not read.
 */
export function parseClassLines(text: string): { classes: { code: string; stones: number; carats: string }[] } | { badLine: string } {
  const classes = [];
  for (const line of text.split('\n').map((each) => each.trim()).filter(Boolean)) {
    const match = /^(\S+)\s+(\d+)\s+(\d+(?:[.,]\d{1,2})?)$/.exec(line);
    if (!match) return { badLine: line };
    classes.push({ code: match[1], stones: Number(match[2]), carats: match[3].replace(',', '.') });
  }
  return { classes };
}

export function ClassesInput({ series, value, onChange, error }: { series: SeriesId; value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  const codes = SIZE_SERIES[series].classes.map((each) => each.code).join(' ');
  return (
    <Textarea
      label={t('footprints.form.classes')}
      description={t('footprints.form.classesHelp', { codes })}
      autosize
      minRows={5}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      data-testid="footprint-classes-input"
      styles={{ input: { fontFamily: 'monospace' } }}
    />
  );
}

export function SeriesSelect({ value, onChange }: { value: SeriesId; onChange: (value: SeriesId) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('footprints.form.series')}
      data={SERIES_IDS.map((id) => ({ value: id, label: t(`footprints.series.${id}`) }))}
      value={value}
      onChange={(next) => next && onChange(next as SeriesId)}
      allowDeselect={false}
    />
  );
}

/** The photo types a browser shows inline on the area page. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_PHOTOS = 10;
const MAX_SHARE_NAME = 40;

/**
 * Shares typed one per line, "name per-cent" (e.g. "octahedron 45"; the name may have spaces, a
 * trailing "%" is allowed). Returns the shares (null when nothing was typed), the first line it
 * could not read (or a name given twice), or the total when the shares add up to more than 100.
 */
export function parseShareLines(text: string): { shares: Record<string, number> | null } | { badLine: string } | { total: number } {
  const shares: Record<string, number> = {};
  for (const line of text.split('\n').map((each) => each.trim()).filter(Boolean)) {
    const match = /^(.+?)\s+(\d{1,3}(?:[.,]\d+)?)\s*%?$/.exec(line);
    const name = match?.[1].trim() ?? '';
    const share = match ? Number(match[2].replace(',', '.')) : NaN;
    if (!match || name.length > MAX_SHARE_NAME || share > 100 || Object.hasOwn(shares, name)) return { badLine: line };
    shares[name] = share;
  }
  const total = Object.values(shares).reduce((sum, share) => sum + share, 0);
  // a little slack for decimal shares that do not add up exactly in binary (33.3 + 33.3 + 33.4)
  if (total > 100 + 1e-9) return { total: Math.round(total * 100) / 100 };
  return { shares: Object.keys(shares).length > 0 ? shares : null };
}

/** The WGDE records a new footprint area (first version), or with `version` a new measurement of an existing area. */
export function FootprintForm({ onSaved, version }: { onSaved: (areaId: string) => void; version?: { areaId: string; basedOnVersion: number } }) {
  const { t } = useTranslation();
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const [participantCode, setParticipantCode] = useState('');
  const [region, setRegion] = useState('');
  const [depositType, setDepositType] = useState<'alluvial' | 'kimberlite'>('alluvial');
  const [series, setSeries] = useState<SeriesId>('sieve');
  const [lines, setLines] = useState('');
  const [sampledOn, setSampledOn] = useState('');
  const [measuredBy, setMeasuredBy] = useState('');
  const [synthetic, setSynthetic] = useState(false);
  const [note, setNote] = useState('');
  const [morphologyLines, setMorphologyLines] = useState('');
  const [colourLines, setColourLines] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const format = useFormat();

  const submit = () => {
    const found: Record<string, string> = {};
    const read = parseClassLines(lines);
    if ('badLine' in read) found.classes = t('footprints.form.badLine', { line: read.badLine });
    const shares = { morphology: parseShareLines(morphologyLines), colour: parseShareLines(colourLines) };
    for (const field of ['morphology', 'colour'] as const) {
      const parsed = shares[field];
      if ('badLine' in parsed) found[field] = t('footprints.form.badShareLine', { line: parsed.badLine });
      else if ('total' in parsed) found[field] = t('footprints.form.sharesOver100', { total: format.number(parsed.total) });
    }
    if (photos.length > MAX_PHOTOS) found.photos = t('validation.maxItems', { max: MAX_PHOTOS });
    else {
      const wrongType = photos.find((photo) => !PHOTO_TYPES.includes(photo.type));
      if (wrongType) found.photos = t('footprints.form.photoType', { fileName: wrongType.name });
    }
    setErrors(found);
    if ('badLine' in read || Object.keys(found).length > 0) return;
    const morphology = 'shares' in shares.morphology ? shares.morphology.shares : null;
    const colour = 'shares' in shares.colour ? shares.colour.shares : null;
    void attempt(async () => {
      const encoded = await Promise.all(photos.map(async (photo) => ({ fileName: photo.name, mediaType: photo.type, contentBase64: await fileToBase64(photo) })));
      const measurement = {
        series,
        classes: read.classes,
        morphology,
        colour,
        sampledOn,
        measuredBy,
        synthetic,
        note: note || null,
        ...(encoded.length > 0 ? { photos: encoded } : {}),
      };
      const saved = version
        ? await api<{ latest: { areaId: string } }>(`/api/footprints/${version.areaId}/versions`, { method: 'POST', body: { ...measurement, basedOnVersion: version.basedOnVersion } })
        : await api<{ latest: { areaId: string } }>('/api/footprints', { method: 'POST', body: { participantCode: participantCode.toUpperCase(), region, depositType, ...measurement } });
      onSaved(saved.latest.areaId);
    });
  };

  return (
    <Stack gap="sm" data-testid="footprint-form">
      <ErrorAlert error={error} />
      {!version && (
        <Group grow>
          <TextInput label={t('footprints.participant')} value={participantCode} onChange={(event) => setParticipantCode(event.currentTarget.value)} maxLength={2} required error={errors.participantCode} />
          <TextInput label={t('footprints.area')} value={region} onChange={(event) => setRegion(event.currentTarget.value)} required error={errors.region} />
          <Select
            label={t('footprints.depositType')}
            data={['alluvial', 'kimberlite'].map((value) => ({ value, label: t(`footprints.deposit.${value}`) }))}
            value={depositType}
            onChange={(next) => next && setDepositType(next as 'alluvial' | 'kimberlite')}
            allowDeselect={false}
          />
        </Group>
      )}
      <SeriesSelect value={series} onChange={setSeries} />
      <ClassesInput series={series} value={lines} onChange={setLines} error={errors.classes} />
      <Group grow>
        <TextInput label={t('footprints.sampledOn')} placeholder="YYYY-MM-DD" value={sampledOn} onChange={(event) => setSampledOn(event.currentTarget.value)} required error={errors.sampledOn} />
        <TextInput label={t('footprints.measuredBy')} value={measuredBy} onChange={(event) => setMeasuredBy(event.currentTarget.value)} required error={errors.measuredBy} />
      </Group>
      <Group grow align="start">
        <Textarea
          label={t('footprints.form.morphology')}
          description={t('footprints.form.morphologyHelp')}
          autosize
          minRows={3}
          value={morphologyLines}
          onChange={(event) => setMorphologyLines(event.currentTarget.value)}
          error={errors.morphology}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <Textarea
          label={t('footprints.form.colour')}
          description={t('footprints.form.colourHelp')}
          autosize
          minRows={3}
          value={colourLines}
          onChange={(event) => setColourLines(event.currentTarget.value)}
          error={errors.colour}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
      </Group>
      <FileInput
        label={t('footprints.form.photos')}
        description={t('footprints.form.photosHelp', { max: MAX_PHOTOS })}
        placeholder={t('footprints.form.choosePhotos')}
        multiple
        clearable
        clearButtonProps={{ 'aria-label': t('footprints.form.clearPhotos') }}
        accept={PHOTO_TYPES.join(',')}
        value={photos}
        onChange={(value) => setPhotos(value ?? [])}
        error={errors.photos}
      />
      <Checkbox label={t('footprints.form.synthetic')} checked={synthetic} onChange={(event) => setSynthetic(event.currentTarget.checked)} />
      <Textarea label={t('footprints.form.note')} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
      <Group>
        <Button onClick={submit} loading={busy} data-testid="footprint-save">
          {t('footprints.form.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The exporting officer (`profile`) or importing officer (`arrival-profile`) attaches a parcel's profile. */
export function ParcelProfileForm({ number, positions, kind, onSaved }: { number: string; positions: number[]; kind: 'profile' | 'arrival-profile'; onSaved: () => void }) {
  const { t } = useTranslation();
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const [position, setPosition] = useState(String(positions[0] ?? 1));
  const [series, setSeries] = useState<SeriesId>('sieve');
  const [lines, setLines] = useState('');

  const submit = () => {
    const read = parseClassLines(lines);
    if ('badLine' in read) return setErrors({ classes: t('footprints.form.badLine', { line: read.badLine }) });
    void attempt(async () => {
      await api(`/api/certificates/${number}/parcels/${position}/${kind}`, { method: 'POST', body: { series, classes: read.classes } });
      setLines('');
      onSaved();
    });
  };

  return (
    <Stack gap="sm" data-testid={`parcel-${kind}-form`}>
      <ErrorAlert error={error} />
      <Group grow>
        <Select
          label={t('footprints.form.parcel')}
          data={positions.map((each) => ({ value: String(each), label: String(each) }))}
          value={position}
          onChange={(next) => next && setPosition(next)}
          allowDeselect={false}
        />
        <SeriesSelect value={series} onChange={setSeries} />
      </Group>
      <ClassesInput series={series} value={lines} onChange={setLines} error={errors.classes} />
      <Group>
        <Button onClick={submit} loading={busy} data-testid={`parcel-${kind}-save`}>
          {t(kind === 'profile' ? 'footprints.form.attach' : 'footprints.form.record')}
        </Button>
      </Group>
    </Stack>
  );
}

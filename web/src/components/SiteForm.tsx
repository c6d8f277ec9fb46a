import { Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type OperatorDto } from '../api.ts';
import { DEPOSIT_TYPES, holdsOneOf, SITE_HOLDER_LICENCES, type SiteDraft, type SiteDto } from '../custody.ts';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

const LICENCE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;
const COORDINATE = /^-?\d{1,3}(\.\d{1,6})?$/;

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

interface Values {
  name: string;
  licenceNumber: string;
  holderOperatorId: string;
  depositType: SiteDraft['depositType'];
  artisanal: boolean;
  region: string;
  zoneId: string;
  latitude: string;
  longitude: string;
  validFrom: string;
  validUntil: string;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The rules of SiteDraftSchema, checked before the request is sent. */
export function validateSite(values: Values, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  const required = (key: keyof Values, max: number) => {
    const text = String(values[key]).trim();
    if (!text) errors[key] = t('validation.required');
    else if (text.length > max) errors[key] = t('validation.maxLength', { max });
  };
  required('name', 200);
  required('region', 200);
  required('licenceNumber', 64);
  if (!errors.licenceNumber && !LICENCE_NUMBER.test(values.licenceNumber.trim())) errors.licenceNumber = t('validation.licenceNumber');
  for (const [key, limit] of [
    ['latitude', 90],
    ['longitude', 180],
  ] as const) {
    const text = values[key].trim();
    if (text && (!COORDINATE.test(text) || Math.abs(Number(text)) > limit)) errors[key] = t('custody.sites.coordinateInvalid', { limit });
  }
  if (!isRealDate(values.validFrom)) errors.validFrom = t('validation.date');
  if (!isRealDate(values.validUntil)) errors.validUntil = t('validation.date');
  else if (isRealDate(values.validFrom) && values.validUntil < values.validFrom) errors.validUntil = t('validation.untilBeforeFrom');
  return errors;
}

interface Zone {
  id: string;
  name: string;
}

/** License a mine or mining site, or correct one. */
export function SiteForm({ participantCode, site, operators, zones, onClose, onSaved }: { participantCode: string; site: SiteDto | null; operators: OperatorDto[]; zones: Zone[]; onClose: () => void; onSaved: (site: SiteDto) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => ({
    name: site?.name ?? '',
    licenceNumber: site?.licenceNumber ?? '',
    holderOperatorId: site?.holderOperatorId ?? '',
    depositType: site?.depositType ?? 'alluvial',
    artisanal: site?.artisanal ?? false,
    region: site?.region ?? '',
    zoneId: site?.zoneId ?? '',
    latitude: site?.latitude ?? '',
    longitude: site?.longitude ?? '',
    validFrom: site?.validFrom ?? '',
    validUntil: site?.validUntil ?? '',
  }));
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((current) => ({ ...current, [key]: value }));
  const holders = operators.filter((operator) => holdsOneOf(operator, SITE_HOLDER_LICENCES)).sort((a, b) => a.name.localeCompare(b.name));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateSite(values, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const draft: SiteDraft = {
      name: values.name.trim(),
      licenceNumber: values.licenceNumber.trim(),
      holderOperatorId: values.holderOperatorId || null,
      depositType: values.depositType,
      artisanal: values.artisanal,
      region: values.region.trim(),
      zoneId: values.zoneId || null,
      latitude: values.latitude.trim() || null,
      longitude: values.longitude.trim() || null,
      validFrom: values.validFrom,
      validUntil: values.validUntil,
    };
    await attempt(async () => {
      if (!site) {
        onSaved(await api<SiteDto>(`/api/participants/${participantCode}/sites`, { method: 'POST', body: draft }));
        return;
      }
      const changed = Object.fromEntries(Object.entries(draft).filter(([key, value]) => value !== site[key as keyof SiteDto]));
      onSaved(Object.keys(changed).length > 0 ? await api<SiteDto>(`/api/sites/${site.id}`, { method: 'PATCH', body: changed }) : site);
    });
  }

  return (
    <Modal opened onClose={onClose} title={site ? t('custody.sites.edit') : t('custody.sites.add')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate data-testid="site-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('custody.sites.name')} required value={values.name} error={errors.name} onChange={(event) => set('name', event.currentTarget.value)} />
          <TextInput
            label={t('custody.sites.licenceNumber')}
            description={t('operators.licenceNumberHint')}
            required
            dir="ltr"
            value={values.licenceNumber}
            error={errors.licenceNumber}
            onChange={(event) => set('licenceNumber', event.currentTarget.value)}
          />
          <NativeSelect
            label={t('custody.sites.holder')}
            description={t('custody.sites.holderHint')}
            value={values.holderOperatorId}
            error={errors.holderOperatorId}
            onChange={(event) => set('holderOperatorId', event.currentTarget.value)}
          >
            <option value="">{t('custody.sites.noHolder')}</option>
            {holders.map((operator) => (
              <option key={operator.id} value={operator.id}>
                {`${operator.name} (${operator.licenceNumber}) — ${t(`licenceState.${operator.licenceState}`)}`}
              </option>
            ))}
          </NativeSelect>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <NativeSelect label={t('custody.sites.depositType')} required value={values.depositType} onChange={(event) => set('depositType', event.currentTarget.value as Values['depositType'])}>
              {DEPOSIT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`custody.depositType.${type}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput label={t('custody.sites.region')} required value={values.region} error={errors.region} onChange={(event) => set('region', event.currentTarget.value)} />
          </SimpleGrid>
          <Checkbox label={t('custody.sites.artisanal')} checked={values.artisanal} onChange={(event) => set('artisanal', event.currentTarget.checked)} />
          {zones.length > 0 && (
            <NativeSelect label={t('custody.sites.zone')} value={values.zoneId} error={errors.zoneId} onChange={(event) => set('zoneId', event.currentTarget.value)}>
              <option value="">{t('custody.sites.noZone')}</option>
              {zones.map((zone) => (
                <option key={zone.id} value={zone.id}>
                  {zone.name}
                </option>
              ))}
            </NativeSelect>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('custody.sites.latitude')} description={t('custody.sites.coordinateHint')} inputMode="decimal" dir="ltr" value={values.latitude} error={errors.latitude} onChange={(event) => set('latitude', event.currentTarget.value)} />
            <TextInput label={t('custody.sites.longitude')} description={t('custody.sites.coordinateHint')} inputMode="decimal" dir="ltr" value={values.longitude} error={errors.longitude} onChange={(event) => set('longitude', event.currentTarget.value)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('operators.validFrom')} type="date" required value={values.validFrom} error={errors.validFrom} onChange={(event) => set('validFrom', event.currentTarget.value)} />
            <TextInput label={t('operators.validUntil')} type="date" required value={values.validUntil} error={errors.validUntil} onChange={(event) => set('validUntil', event.currentTarget.value)} />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {site ? t('common.save') : t('custody.sites.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

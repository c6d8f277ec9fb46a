import { Alert, Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductionReturn, ProductionReturnDraft } from '../../../src/production/schemas.ts';
import { formatAmount, formatHundredths, parseHundredths, pricePerCaratCents } from '../amounts.ts';
import { api } from '../api.ts';
import { todayIso, useFormat } from '../format.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/** First year of KPCS statistics (src/production/production-rules.ts). */
export const FIRST_STATISTICS_YEAR = 2003;
const NOTE_MAX = 2000;

type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface ProductionValues {
  year: string;
  half: '1' | '2';
  reportType: 'production' | 'no_production';
  carats: string;
  valueUsd: string;
  asmCarats: string;
  asmValueUsd: string;
  lsmCarats: string;
  lsmValueUsd: string;
  note: string;
}

/** Last day of a half-year, as the server reckons it. */
export function halfYearEnd(year: number, half: number): string {
  return half === 1 ? `${year}-06-30` : `${year}-12-31`;
}

/** The most recent half-year that has ended by `today`: the one a return is next due for. */
export function latestEndedHalfYear(today = todayIso()): { year: number; half: 1 | 2 } {
  const year = Number(today.slice(0, 4));
  return halfYearEnd(year, 1) < today ? { year, half: 1 } : { year: year - 1, half: 2 };
}

/**
 * A production amount in hundredths. Unlike a parcel a return may say zero, so only a sign is
 * refused (mirrors parseProductionAmount in src/production/production-rules.ts).
 */
function productionAmount(text: string): { units: bigint } | { message: string } {
  const trimmed = text.trim();
  if (!trimmed) return { message: 'validation.required' };
  if (/^-\d+(\.\d+)?$/.test(trimmed)) return { message: 'production.validation.negative' };
  const parsed = parseHundredths(trimmed);
  if ('units' in parsed) return parsed;
  if (parsed.problem === 'not_positive') return { units: 0n };
  if (parsed.problem === 'too_precise') return { message: 'validation.amountPrecision' };
  if (parsed.problem === 'too_large') return { message: 'validation.amountTooLarge' };
  return { message: 'validation.amount' };
}

/** The rules of ProductionReturnDraftSchema and of the server's Annex III checks, before anything is sent. */
export function validateProductionReturn(values: ProductionValues, { correcting, today }: { correcting: boolean; today: string }, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  const year = Number(values.year);
  if (!/^\d{4}$/.test(values.year.trim()) || year < FIRST_STATISTICS_YEAR) errors.year = t('production.validation.year', { first: FIRST_STATISTICS_YEAR });
  else if (!(halfYearEnd(year, Number(values.half)) < today)) errors.half = t('production.validation.notEnded');
  if (correcting && !values.note.trim()) errors.note = t('production.validation.noteRequired');
  if (values.note.trim().length > NOTE_MAX) errors.note = t('validation.maxLength', { max: NOTE_MAX });
  if (values.reportType === 'no_production') return errors;

  const amount = (key: keyof ProductionValues): bigint | null => {
    const parsed = productionAmount(values[key]);
    if ('units' in parsed) return parsed.units;
    errors[key] = t(parsed.message);
    return null;
  };
  const carats = amount('carats');
  const valueUsd = amount('valueUsd');
  const part = (caratsKey: 'asmCarats' | 'lsmCarats', valueKey: 'asmValueUsd' | 'lsmValueUsd') => {
    if (!values[caratsKey].trim() && !values[valueKey].trim()) return null;
    const partCarats = amount(caratsKey);
    const partValue = amount(valueKey);
    return partCarats === null || partValue === null ? undefined : { carats: partCarats, value: partValue };
  };
  const asm = part('asmCarats', 'asmValueUsd');
  const lsm = part('lsmCarats', 'lsmValueUsd');
  if (carats === null || valueUsd === null || asm === undefined || lsm === undefined) return errors;
  if (asm && lsm) {
    if (asm.carats + lsm.carats !== carats || asm.value + lsm.value !== valueUsd) errors.split = t('production.validation.splitMismatch');
  } else {
    const single = asm ?? lsm;
    if (single && (single.carats > carats || single.value > valueUsd)) errors.split = t('production.validation.partExceedsTotal');
  }
  return errors;
}

/** The values as the API takes them: amounts in canonical two-decimal form, parts only when given. */
export function toProductionDraft(values: ProductionValues): ProductionReturnDraft {
  const canonical = (text: string) => {
    const parsed = productionAmount(text);
    return 'units' in parsed ? formatHundredths(parsed.units) : text.trim();
  };
  const note = values.note.trim() || undefined;
  const base = { year: Number(values.year), half: Number(values.half) as 1 | 2, note };
  if (values.reportType === 'no_production') return { ...base, reportType: 'no_production', carats: '0.00', valueUsd: '0.00' };
  const part = (carats: string, valueUsd: string) => (carats.trim() || valueUsd.trim() ? { carats: canonical(carats), valueUsd: canonical(valueUsd) } : undefined);
  return {
    ...base,
    reportType: 'production',
    carats: canonical(values.carats),
    valueUsd: canonical(values.valueUsd),
    asm: part(values.asmCarats, values.asmValueUsd),
    lsm: part(values.lsmCarats, values.lsmValueUsd),
  };
}

/** The form prefilled from the figure in force (a correction starts from what is there). */
export function valuesFrom(current: ProductionReturn | null, year: number, half: 1 | 2): ProductionValues {
  return {
    year: String(year),
    half: String(half) as '1' | '2',
    reportType: current?.reportType ?? 'production',
    carats: current && current.reportType === 'production' ? current.carats : '',
    valueUsd: current && current.reportType === 'production' ? current.valueUsd : '',
    asmCarats: current?.asm?.carats ?? '',
    asmValueUsd: current?.asm?.valueUsd ?? '',
    lsmCarats: current?.lsm?.carats ?? '',
    lsmValueUsd: current?.lsm?.valueUsd ?? '',
    note: '',
  };
}

interface Props {
  participantCode: string;
  /** Set by "Correct this return": the half-year and figures to start from (a new object each time). */
  start: ProductionValues;
  onSaved: (saved: ProductionReturn) => void;
}

/**
 * A half-year production return, or a correction of one, for the user's own participant. The
 * figures are checked here as the server checks them; a refusal shows the server's message.
 */
export function ProductionReturnForm({ participantCode, start, onSaved }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [values, setValues] = useState<ProductionValues>(start);
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const topRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setValues(start);
    setErrors({});
  }, [start, setErrors]);

  const validYear = /^\d{4}$/.test(values.year.trim()) ? Number(values.year) : null;
  const inForce = useApi<{ returns: ProductionReturn[] }>(validYear ? `/api/participants/${participantCode}/production?year=${validYear}` : null);
  const current = inForce.data?.returns.find((row) => row.year === validYear && row.half === Number(values.half)) ?? null;
  const correcting = current !== null;

  const set = <K extends keyof ProductionValues>(key: K, value: ProductionValues[K]) => setValues((previous) => ({ ...previous, [key]: value }));
  const total = { carats: hundredths(values.carats), value: hundredths(values.valueUsd) };
  const price = total.carats !== null && total.value !== null ? pricePerCaratCents(total.value, total.carats) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateProductionReturn(values, { correcting, today: todayIso() }, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      topRef.current?.scrollIntoView({ block: 'start' });
      return;
    }
    await attempt(async () => {
      const saved = await api<ProductionReturn>(`/api/participants/${participantCode}/production`, { method: 'POST', body: toProductionDraft(values) });
      inForce.reload();
      onSaved(saved);
    });
  }

  const amountInput = (key: keyof ProductionValues, label: string, required: boolean) => (
    <TextInput
      label={label}
      description={t('production.form.amountHint')}
      required={required}
      inputMode="decimal"
      autoComplete="off"
      dir="ltr"
      value={values[key]}
      error={errors[key]}
      onChange={(event) => set(key, event.currentTarget.value as never)}
    />
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('production.form.title')}>
      <Stack gap="md">
        <div ref={topRef} style={{ scrollMarginTop: 90 }}>
          <ErrorAlert error={error} title={t('production.form.refused')} />
          {!error && Object.keys(errors).length > 0 && (
            <Alert color="red" variant="outline" role="alert" title={t('production.form.fixTitle')} styles={{ title: { color: '#7f1d1d' }, message: { color: '#3b0d0d' } }}>
              {errors.split ?? t('production.form.fixErrors')}
            </Alert>
          )}
        </div>
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('production.year')}
            required
            inputMode="numeric"
            autoComplete="off"
            dir="ltr"
            w={120}
            value={values.year}
            error={errors.year}
            onChange={(event) => set('year', event.currentTarget.value)}
          />
          <NativeSelect label={t('production.half')} required w={200} value={values.half} error={errors.half} onChange={(event) => set('half', event.currentTarget.value as '1' | '2')}>
            <option value="1">{t('production.halves.1')}</option>
            <option value="2">{t('production.halves.2')}</option>
          </NativeSelect>
          <NativeSelect
            label={t('production.reportType')}
            required
            w={220}
            value={values.reportType}
            onChange={(event) => set('reportType', event.currentTarget.value as ProductionValues['reportType'])}
          >
            <option value="production">{t('production.reportTypes.production')}</option>
            <option value="no_production">{t('production.reportTypes.no_production')}</option>
          </NativeSelect>
        </Group>
        <Text fz="sm" data-testid="production-form-mode" aria-live="polite">
          {correcting
            ? t('production.form.correcting', { version: current.version, next: current.version + 1 })
            : t('production.form.firstReturn')}
        </Text>
        {values.reportType === 'production' && (
          <>
            <Fieldset legend={t('production.form.total')}>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {amountInput('carats', t('production.carats'), true)}
                {amountInput('valueUsd', t('production.valueUsd'), true)}
                <Stack gap={4}>
                  <Text fz="sm" fw={500}>
                    {t('production.usdPerCarat')}
                  </Text>
                  <Text fz="sm" dir="ltr" ta="start" data-testid="production-form-price">
                    {price === null ? '—' : formatAmount(formatHundredths(price), format.language)}
                  </Text>
                </Stack>
              </SimpleGrid>
            </Fieldset>
            <Fieldset legend={t('production.form.split')}>
              <Text fz="sm" mb="xs">
                {t('production.form.splitHint')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {amountInput('asmCarats', t('production.form.asmCarats'), false)}
                {amountInput('asmValueUsd', t('production.form.asmValueUsd'), false)}
                {amountInput('lsmCarats', t('production.form.lsmCarats'), false)}
                {amountInput('lsmValueUsd', t('production.form.lsmValueUsd'), false)}
              </SimpleGrid>
            </Fieldset>
          </>
        )}
        <Textarea
          label={t('production.form.note')}
          description={correcting ? t('production.form.noteHintCorrection') : t('production.form.noteHint')}
          required={correcting}
          autosize
          minRows={2}
          maxLength={NOTE_MAX}
          value={values.note}
          error={errors.note}
          onChange={(event) => set('note', event.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {correcting ? t('production.form.submitCorrection') : t('production.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function hundredths(text: string): bigint | null {
  const parsed = productionAmount(text);
  return 'units' in parsed ? parsed.units : null;
}

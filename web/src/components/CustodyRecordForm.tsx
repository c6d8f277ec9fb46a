import { Button, Checkbox, NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperatorDto } from '../api.ts';
import { formatAmount, parseHundredths } from '../amounts.ts';
import { holdsOneOf, partyLicences, RECORDED_KINDS, type CustodyEntryDraft, type RecordedKind, type SiteDto, type StockLine } from '../custody.ts';
import { todayIso, useFormat } from '../format.ts';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Notice } from './Notice.tsx';

type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface EntryValues {
  kind: RecordedKind;
  siteId: string;
  fromOperatorId: string;
  toOperatorId: string;
  occurredOn: string;
  carats: string;
  valueUsd: string;
  parcelReference: string;
  warranty: boolean;
  note: string;
}

export function emptyEntry(): EntryValues {
  return { kind: 'production', siteId: '', fromOperatorId: '', toOperatorId: '', occurredOn: todayIso(), carats: '', valueUsd: '', parcelReference: '', warranty: false, note: '' };
}

export function entryValuesOf(draft: CustodyEntryDraft): EntryValues {
  return {
    kind: draft.kind,
    siteId: draft.siteId,
    fromOperatorId: draft.fromOperatorId ?? '',
    toOperatorId: draft.toOperatorId,
    occurredOn: draft.occurredOn,
    carats: draft.carats,
    valueUsd: draft.valueUsd,
    parcelReference: draft.parcelReference ?? '',
    warranty: draft.warranty ?? false,
    note: draft.note ?? '',
  };
}

const ZERO = /^0+(\.0+)?$/;

function amountProblem(text: string, t: Translate, { zeroAllowed }: { zeroAllowed: boolean }): string | undefined {
  if (zeroAllowed && ZERO.test(text.trim())) return undefined;
  const parsed = parseHundredths(text);
  if ('units' in parsed) return undefined;
  if (parsed.problem === 'required') return t('validation.required');
  if (parsed.problem === 'not_positive') return t('validation.amountPositive');
  if (parsed.problem === 'too_precise') return t('validation.amountPrecision');
  if (parsed.problem === 'too_large') return t('validation.amountTooLarge');
  return t('validation.amount');
}

/** The rules of CustodyEntryDraftSchema and of the ledger checked before anything is sent or queued. */
export function validateEntry(values: EntryValues, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.siteId) errors.siteId = t('validation.required');
  if (!values.toOperatorId) errors.toOperatorId = t('validation.required');
  if (values.kind !== 'production') {
    if (!values.fromOperatorId) errors.fromOperatorId = t('validation.required');
    else if (values.fromOperatorId === values.toOperatorId) errors.toOperatorId = t('custody.record.sameParty');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.occurredOn)) errors.occurredOn = t('validation.date');
  else if (values.occurredOn > todayIso()) errors.occurredOn = t('custody.record.dateInFuture');
  const carats = amountProblem(values.carats, t, { zeroAllowed: false });
  if (carats) errors.carats = carats;
  const valueRequired = values.kind === 'sale';
  if (valueRequired || values.valueUsd.trim()) {
    const value = amountProblem(values.valueUsd, t, { zeroAllowed: !valueRequired });
    if (value) errors.valueUsd = value;
  }
  if (values.parcelReference.trim().length > 100) errors.parcelReference = t('validation.maxLength', { max: 100 });
  if (values.note.trim().length > 2000) errors.note = t('validation.maxLength', { max: 2000 });
  return errors;
}

function twoDecimals(text: string): string {
  const [whole, fraction = ''] = text.trim().split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

export function draftOf(values: EntryValues): CustodyEntryDraft {
  const draft: CustodyEntryDraft = {
    kind: values.kind,
    occurredOn: values.occurredOn,
    siteId: values.siteId,
    toOperatorId: values.toOperatorId,
    carats: twoDecimals(values.carats),
    valueUsd: values.valueUsd.trim() ? twoDecimals(values.valueUsd) : '0.00',
  };
  if (values.kind !== 'production') draft.fromOperatorId = values.fromOperatorId;
  if (values.parcelReference.trim()) draft.parcelReference = values.parcelReference.trim();
  if (values.kind === 'sale') draft.warranty = values.warranty;
  if (values.note.trim()) draft.note = values.note.trim();
  return draft;
}

interface Props {
  operators: OperatorDto[];
  sites: SiteDto[];
  stock: StockLine[];
  initial?: EntryValues;
  submitLabel: string;
  testId: string;
  /** Sends or queues the draft; a refusal thrown here is shown above the form. */
  onSubmit: (draft: CustodyEntryDraft) => Promise<void>;
  onCancel?: () => void;
  /** False while the device is offline: the form says the entry will wait on the phone. */
  online?: boolean;
}

/**
 * Production at a site, a sale or a transfer, in one column on a phone: native pickers, large
 * fields, the seller's stock of the chosen origin shown as a hint.
 */
export function CustodyRecordForm({ operators, sites, stock, initial, submitLabel, testId, onSubmit, onCancel, online }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [values, setValues] = useState<EntryValues>(() => initial ?? emptyEntry());
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = <K extends keyof EntryValues>(key: K, value: EntryValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const licences = partyLicences(values.kind);
  const sorted = useMemo(() => [...operators].sort((a, b) => a.name.localeCompare(b.name)), [operators]);
  const fromChoices = licences.from ? sorted.filter((operator) => holdsOneOf(operator, licences.from!)) : [];
  const toChoices = sorted.filter((operator) => holdsOneOf(operator, licences.to));
  const optionLabel = (operator: OperatorDto) => `${operator.name} (${operator.licenceNumber}) — ${t(`licenceState.${operator.licenceState}`)}`;
  const held = values.fromOperatorId && values.siteId ? stock.find((line) => line.operatorId === values.fromOperatorId && line.siteId === values.siteId) : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateEntry(values, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      await onSubmit(draftOf(values));
      setValues((current) => ({ ...emptyEntry(), kind: current.kind, siteId: current.siteId, occurredOn: current.occurredOn }));
    });
  }

  const size = 'md';
  return (
    <form onSubmit={submit} noValidate data-testid={testId}>
      <Stack gap="sm">
        <ErrorAlert error={error} title={t('custody.record.refused')} />
        <NativeSelect
          size={size}
          label={t('custody.record.kind')}
          value={values.kind}
          onChange={(event) => {
            const kind = event.currentTarget.value as RecordedKind;
            setValues((current) => ({ ...current, kind, fromOperatorId: '', toOperatorId: '' }));
          }}
        >
          {RECORDED_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`custody.kind.${kind}`)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect size={size} label={t('custody.record.site')} required value={values.siteId} error={errors.siteId} onChange={(event) => set('siteId', event.currentTarget.value)}>
          <option value="">{t('common.choose')}</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {`${site.name} (${site.licenceNumber}) — ${t(`licenceState.${site.licenceState}`)}`}
            </option>
          ))}
        </NativeSelect>
        {licences.from && (
          <NativeSelect
            size={size}
            label={t(values.kind === 'sale' ? 'custody.record.seller' : 'custody.record.giver')}
            required
            value={values.fromOperatorId}
            error={errors.fromOperatorId}
            description={held ? t('custody.record.inStock', { carats: formatAmount(held.carats, format.language) }) : undefined}
            onChange={(event) => set('fromOperatorId', event.currentTarget.value)}
          >
            <option value="">{t('common.choose')}</option>
            {fromChoices.map((operator) => (
              <option key={operator.id} value={operator.id}>
                {optionLabel(operator)}
              </option>
            ))}
          </NativeSelect>
        )}
        <NativeSelect
          size={size}
          label={t(values.kind === 'production' ? 'custody.record.producer' : values.kind === 'sale' ? 'custody.record.buyer' : 'custody.record.receiver')}
          required
          value={values.toOperatorId}
          error={errors.toOperatorId}
          onChange={(event) => set('toOperatorId', event.currentTarget.value)}
        >
          <option value="">{t('common.choose')}</option>
          {toChoices.map((operator) => (
            <option key={operator.id} value={operator.id}>
              {optionLabel(operator)}
            </option>
          ))}
        </NativeSelect>
        <TextInput
          size={size}
          type="date"
          label={t('custody.record.date')}
          required
          max={todayIso()}
          value={values.occurredOn}
          error={errors.occurredOn}
          onChange={(event) => set('occurredOn', event.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput size={size} label={t('custody.record.carats')} required inputMode="decimal" dir="ltr" value={values.carats} error={errors.carats} onChange={(event) => set('carats', event.currentTarget.value)} />
          <TextInput
            size={size}
            label={t('custody.record.valueUsd')}
            required={values.kind === 'sale'}
            description={values.kind === 'sale' ? undefined : t('custody.record.valueOptional')}
            inputMode="decimal"
            dir="ltr"
            value={values.valueUsd}
            error={errors.valueUsd}
            onChange={(event) => set('valueUsd', event.currentTarget.value)}
          />
        </SimpleGrid>
        <TextInput size={size} label={t('custody.record.parcelReference')} value={values.parcelReference} error={errors.parcelReference} onChange={(event) => set('parcelReference', event.currentTarget.value)} />
        {values.kind === 'sale' && (
          <Checkbox size={size} label={t('custody.record.warranty')} checked={values.warranty} onChange={(event) => set('warranty', event.currentTarget.checked)} />
        )}
        <Textarea size={size} label={t('custody.record.note')} autosize minRows={2} value={values.note} error={errors.note} onChange={(event) => set('note', event.currentTarget.value)} />
        {online === false && <Notice tone="awaited">{t('custody.queue.offlineHint')}</Notice>}
        <Button type="submit" size="lg" loading={busy} fullWidth>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="default" size="lg" onClick={onCancel} fullWidth>
            {t('common.cancel')}
          </Button>
        )}
      </Stack>
    </form>
  );
}

import { Button, Checkbox, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAmount, formatHundredths, parseHundredths } from '../amounts.ts';
import { api, type CertificateDetail, type Receipt, type ReceiptDraft } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames } from '../countries.ts';
import { todayIso, useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { ReceiptStateBadge, ToneBadge } from './Badges.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { KeyValueTable, type KeyValueRow } from './KeyValueTable.tsx';
import { Loaded } from './Page.tsx';

const AMOUNT_MESSAGE = {
  required: 'validation.required',
  not_a_number: 'validation.amount',
  not_positive: 'validation.amountPositive',
  too_precise: 'validation.amountPrecision',
  too_large: 'validation.amountTooLarge',
} as const;

/**
 * The confirmation of receipt on a certificate: the form for the destination's importing officer
 * while the certificate awaits it, and the recorded receipt (with any discrepancies) for everyone
 * who may see the certificate.
 */
export function ReceiptSection({ certificate, onRecorded }: { certificate: CertificateDetail; onRecorded: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const received = certificate.receiptState === 'received' || certificate.receiptState === 'received_with_discrepancy';
  const stored = useApi<Receipt>(received ? `/api/certificates/${certificate.number}/receipt` : null);
  const [recorded, setRecorded] = useState<Receipt | null>(null);
  const receipt = recorded ?? stored.data;
  const mayConfirm = !received && !recorded && certificate.status === 'issued' && can.confirmReceipt(me, certificate.importingParticipant);

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <span data-testid="receipt-state">
          <ReceiptStateBadge state={recorded ? (recorded.outcome === 'matched' ? 'received' : 'received_with_discrepancy') : certificate.receiptState} confirmBy={certificate.confirmBy} />
        </span>
        {!received && !recorded && certificate.receiptState !== 'not_applicable' && (
          <Text fz="sm">{t('receipt.confirmBy', { date: format.day(certificate.confirmBy) })}</Text>
        )}
      </Group>
      {received && !recorded && (
        <Loaded ready={stored.data !== null} error={stored.error}>
          {() => <ReceiptPanel receipt={stored.data!} />}
        </Loaded>
      )}
      {recorded && <ReceiptPanel receipt={recorded} />}
      {mayConfirm && !receipt && (
        <ReceiptForm
          certificate={certificate}
          onSaved={(saved) => {
            setRecorded(saved);
            onRecorded();
          }}
        />
      )}
    </Stack>
  );
}

export function ReceiptPanel({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const rows: KeyValueRow[] = [
    [t('receipt.receivedOn'), format.day(receipt.receivedOn)],
    [t('receipt.receivedBy'), names.name(receipt.participantCode)],
    [t('receipt.parcelCount'), format.number(receipt.parcelCount)],
    [t('receipt.carats'), formatAmount(receipt.carats, format.language)],
    [t('receipt.importerName'), receipt.importerName],
    [t('receipt.exporterName'), receipt.exporterName],
    [t('receipt.seal'), receipt.sealIntact ? t('receipt.sealIntact') : t('receipt.sealBroken')],
    [t('receipt.recordedAt'), format.dateTime(receipt.recordedAt)],
    ...(receipt.notes ? [[t('receipt.notes'), <span key="notes" className="preserve-lines">{receipt.notes}</span>] as KeyValueRow] : []),
  ];
  return (
    <Stack gap="sm" data-testid="receipt-panel">
      <Group gap="sm">
        <ToneBadge tone={receipt.outcome === 'matched' ? 'green' : 'orange'} size="lg">
          {t(`receipt.outcome.${receipt.outcome}`)}
        </ToneBadge>
      </Group>
      <KeyValueTable caption={t('receipt.title')} rows={rows} labelWidth="40%" verticalSpacing={4} />
      {receipt.discrepancies.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table striped verticalSpacing="xs" captionSide="top" data-testid="receipt-discrepancies">
            <caption style={{ textAlign: 'start', fontWeight: 600, paddingBottom: 4 }}>{t('receipt.discrepancies')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('receipt.field')}</Table.Th>
                <Table.Th scope="col">{t('receipt.onCertificate')}</Table.Th>
                <Table.Th scope="col">{t('receipt.found')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {receipt.discrepancies.map((item) => (
                <Table.Tr key={item.field}>
                  <Table.Th scope="row">{t(`discrepancyField.${item.field}`)}</Table.Th>
                  <Table.Td>{discrepancyValue(item.field, item.onCertificate, format)}</Table.Td>
                  <Table.Td>{item.field === 'seal' ? t('receipt.sealBroken') : discrepancyValue(item.field, item.found, format)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function discrepancyValue(field: string, value: string, format: ReturnType<typeof useFormat>): string {
  if (field === 'carats') return formatAmount(value, format.language);
  if (field === 'expiry') return format.day(value);
  if (field === 'parcelCount' && /^\d+$/.test(value)) return format.number(Number(value));
  return value;
}

function ReceiptForm({ certificate, onSaved }: { certificate: CertificateDetail; onSaved: (receipt: Receipt) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const c = certificate.content;
  const [values, setValues] = useState({
    receivedOn: todayIso(),
    parcelCount: c.parcelCount as number | string,
    carats: c.totals.carats,
    importerName: c.importer.name,
    exporterName: c.exporter.name,
    sealIntact: true,
    notes: '',
  });
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((current) => ({ ...current, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const today = todayIso();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.receivedOn)) found.receivedOn = t('validation.date');
    else if (values.receivedOn < c.issueDate || values.receivedOn > today) found.receivedOn = t('receipt.dateRange', { issueDate: format.day(c.issueDate) });
    const parcels = typeof values.parcelCount === 'number' ? values.parcelCount : Number.NaN;
    if (!Number.isInteger(parcels) || parcels < 0 || parcels > 1000) found.parcelCount = t('receipt.parcelCountRange');
    const carats = parseHundredths(values.carats);
    if ('problem' in carats) found.carats = t(AMOUNT_MESSAGE[carats.problem]);
    for (const key of ['importerName', 'exporterName'] as const) {
      if (!values[key].trim()) found[key] = t('validation.required');
      else if (values[key].trim().length > 160) found[key] = t('validation.maxLength', { max: 160 });
    }
    if (values.notes.trim().length > 4000) found.notes = t('validation.maxLength', { max: 4000 });
    setErrors(found);
    if (Object.keys(found).length > 0 || !('units' in carats)) return;
    const draft: ReceiptDraft = {
      receivedOn: values.receivedOn,
      parcelCount: parcels,
      carats: formatHundredths(carats.units),
      importerName: values.importerName.trim(),
      exporterName: values.exporterName.trim(),
      sealIntact: values.sealIntact,
      ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
    };
    await attempt(async () => {
      onSaved(await api<Receipt>(`/api/certificates/${certificate.number}/receipt`, { method: 'POST', body: draft }));
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="receipt-form" aria-labelledby="receipt-form-title">
      <Stack gap="sm">
        <Text fw={700} id="receipt-form-title">
          {t('receipt.formTitle')}
        </Text>
        <Text fz="sm">{t('receipt.formIntro')}</Text>
        <ErrorAlert error={error} title={t('receipt.notRecorded')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('receipt.receivedOn')} type="date" required value={values.receivedOn} error={errors.receivedOn} onChange={(event) => set('receivedOn', event.currentTarget.value)} />
          <NumberInput
            label={t('receipt.parcelCount')}
            description={t('receipt.onCertificateHint', { value: format.number(c.parcelCount) })}
            required
            min={0}
            max={1000}
            allowDecimal={false}
            allowNegative={false}
            value={values.parcelCount}
            error={errors.parcelCount}
            onChange={(value) => set('parcelCount', value)}
          />
          <TextInput
            label={t('receipt.carats')}
            description={t('receipt.onCertificateHint', { value: formatAmount(c.totals.carats, format.language) })}
            required
            inputMode="decimal"
            dir="ltr"
            value={values.carats}
            error={errors.carats}
            onChange={(event) => set('carats', event.currentTarget.value)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('receipt.importerName')}
            description={t('receipt.onCertificateHint', { value: c.importer.name })}
            required
            value={values.importerName}
            error={errors.importerName}
            onChange={(event) => set('importerName', event.currentTarget.value)}
          />
          <TextInput
            label={t('receipt.exporterName')}
            description={t('receipt.onCertificateHint', { value: c.exporter.name })}
            required
            value={values.exporterName}
            error={errors.exporterName}
            onChange={(event) => set('exporterName', event.currentTarget.value)}
          />
        </SimpleGrid>
        <Checkbox
          label={t('receipt.sealIntactLabel', { seals: c.seals.length > 0 ? c.seals.join(', ') : '—' })}
          checked={values.sealIntact}
          onChange={(event) => set('sealIntact', event.currentTarget.checked)}
        />
        <Textarea label={t('receipt.notes')} autosize minRows={2} value={values.notes} error={errors.notes} onChange={(event) => set('notes', event.currentTarget.value)} />
        <Group>
          <Button type="submit" loading={busy}>
            {t('receipt.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

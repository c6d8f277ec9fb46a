import { Button, Checkbox, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LICENCE_TYPES, type LicenceType } from '../../../src/domain/licence.ts';
import { api, type OperatorDraft, type OperatorDto } from '../api.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { useSubmission } from '../useSubmission.ts';

const LICENCE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

interface Values {
  name: string;
  address: string;
  licenceNumber: string;
  licenceTypes: LicenceType[];
  validFrom: string;
  validUntil: string;
  registrationCard: string;
  cooperativeId: string;
}

/** The rules of OperatorDraftSchema, checked before the request is sent. */
export function validateOperator(values: Values, t: (key: string, options?: Record<string, unknown>) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = values.name.trim();
  const address = values.address.trim();
  const licenceNumber = values.licenceNumber.trim();
  if (!name) errors.name = t('validation.required');
  else if (name.length > 200) errors.name = t('validation.maxLength', { max: 200 });
  if (!address) errors.address = t('validation.required');
  else if (address.length > 500) errors.address = t('validation.maxLength', { max: 500 });
  if (!licenceNumber) errors.licenceNumber = t('validation.required');
  else if (licenceNumber.length > 64) errors.licenceNumber = t('validation.maxLength', { max: 64 });
  else if (!LICENCE_NUMBER.test(licenceNumber)) errors.licenceNumber = t('validation.licenceNumber');
  if (values.licenceTypes.length === 0) errors.licenceTypes = t('validation.licenceTypes');
  if (!isRealDate(values.validFrom)) errors.validFrom = t('validation.date');
  if (!isRealDate(values.validUntil)) errors.validUntil = t('validation.date');
  else if (isRealDate(values.validFrom) && values.validUntil < values.validFrom) errors.validUntil = t('validation.untilBeforeFrom');
  if (values.registrationCard.trim().length > 64) errors.registrationCard = t('validation.maxLength', { max: 64 });
  return errors;
}

interface Props {
  participantCode: string;
  operator: OperatorDto | null;
  /** The register's cooperatives, one of which a miner may belong to. */
  cooperatives?: OperatorDto[];
  onClose: () => void;
  onSaved: (operator: OperatorDto) => void;
}

export function OperatorForm({ participantCode, operator, cooperatives = [], onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => ({
    name: operator?.name ?? '',
    address: operator?.address ?? '',
    licenceNumber: operator?.licenceNumber ?? '',
    licenceTypes: operator?.licenceTypes ?? [],
    validFrom: operator?.validFrom ?? '',
    validUntil: operator?.validUntil ?? '',
    registrationCard: operator?.registrationCard ?? '',
    cooperativeId: operator?.cooperativeId ?? '',
  }));
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((current) => ({ ...current, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateOperator(values, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const draft: OperatorDraft = {
      name: values.name.trim(),
      address: values.address.trim(),
      licenceNumber: values.licenceNumber.trim(),
      licenceTypes: LICENCE_TYPES.filter((type) => values.licenceTypes.includes(type)),
      validFrom: values.validFrom,
      validUntil: values.validUntil,
      registrationCard: values.registrationCard.trim() || null,
      cooperativeId: values.cooperativeId || null,
    };
    await attempt(async () => {
      let saved: OperatorDto;
      if (operator) {
        const changed: Partial<OperatorDraft> = {};
        if (draft.name !== operator.name) changed.name = draft.name;
        if (draft.address !== operator.address) changed.address = draft.address;
        if (draft.licenceNumber !== operator.licenceNumber) changed.licenceNumber = draft.licenceNumber;
        if (draft.licenceTypes.join() !== LICENCE_TYPES.filter((type) => operator.licenceTypes.includes(type)).join()) changed.licenceTypes = draft.licenceTypes;
        if (draft.validFrom !== operator.validFrom) changed.validFrom = draft.validFrom;
        if (draft.validUntil !== operator.validUntil) changed.validUntil = draft.validUntil;
        if (draft.registrationCard !== operator.registrationCard) changed.registrationCard = draft.registrationCard;
        if (draft.cooperativeId !== operator.cooperativeId) changed.cooperativeId = draft.cooperativeId;
        saved = Object.keys(changed).length > 0 ? await api<OperatorDto>(`/api/operators/${operator.id}`, { method: 'PATCH', body: changed }) : operator;
      } else {
        saved = await api<OperatorDto>(`/api/participants/${participantCode}/operators`, { method: 'POST', body: draft });
      }
      onSaved(saved);
    });
  }

  return (
    <Modal opened onClose={onClose} title={operator ? t('operators.edit') : t('operators.add')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('operators.name')} required value={values.name} error={errors.name} onChange={(event) => set('name', event.currentTarget.value)} />
          <Textarea label={t('operators.address')} required autosize minRows={2} value={values.address} error={errors.address} onChange={(event) => set('address', event.currentTarget.value)} />
          <TextInput
            label={t('operators.licenceNumber')}
            description={t('operators.licenceNumberHint')}
            required
            value={values.licenceNumber}
            error={errors.licenceNumber}
            onChange={(event) => set('licenceNumber', event.currentTarget.value)}
            dir="ltr"
          />
          <Checkbox.Group
            label={t('operators.licenceTypes')}
            required
            value={values.licenceTypes}
            error={errors.licenceTypes}
            onChange={(value) => set('licenceTypes', value as LicenceType[])}
          >
            <Group mt="xs">
              {LICENCE_TYPES.map((type) => (
                <Checkbox key={type} value={type} label={t(`licenceType.${type}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput
            label={t('operators.registrationCard')}
            description={t('operators.registrationCardHint')}
            value={values.registrationCard}
            error={errors.registrationCard}
            onChange={(event) => set('registrationCard', event.currentTarget.value)}
            dir="ltr"
          />
          <NativeSelect
            label={t('operators.cooperative')}
            description={t('operators.cooperativeHint')}
            value={values.cooperativeId}
            error={errors.cooperativeId}
            onChange={(event) => set('cooperativeId', event.currentTarget.value)}
          >
            <option value="">{t('operators.noCooperative')}</option>
            {cooperatives
              .filter((candidate) => candidate.id !== operator?.id && candidate.licenceTypes.includes('cooperative'))
              .map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {`${candidate.name} (${candidate.licenceNumber})`}
                </option>
              ))}
          </NativeSelect>
          <Group grow align="flex-start">
            <TextInput label={t('operators.validFrom')} type="date" required value={values.validFrom} error={errors.validFrom} onChange={(event) => set('validFrom', event.currentTarget.value)} />
            <TextInput label={t('operators.validUntil')} type="date" required value={values.validUntil} error={errors.validUntil} onChange={(event) => set('validUntil', event.currentTarget.value)} />
          </Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {operator ? t('common.save') : t('operators.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

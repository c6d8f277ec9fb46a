import { Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuthorityDraft, type AuthorityDto } from '../api.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { useSubmission } from '../useSubmission.ts';

interface Props {
  participantCode: string;
  territories: { code: string; name: string }[];
  authority: AuthorityDto | null;
  opened: boolean;
  onClose: () => void;
  onSaved: () => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{5,40}$/;

/** Designate an authority or change one; the rules mirror AuthorityDraftSchema. */
export function AuthorityForm({ participantCode, territories, authority, opened, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => ({
    role: authority?.role ?? 'exporting',
    name: authority?.name ?? '',
    address: authority?.address ?? '',
    email: authority?.email ?? '',
    phone: authority?.phone ?? '',
    territoryCode: authority?.territoryCode ?? '',
  }));
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!values.name.trim()) found.name = t('validation.required');
    else if (values.name.trim().length > 200) found.name = t('validation.maxLength', { max: 200 });
    if (!values.address.trim()) found.address = t('validation.required');
    else if (values.address.trim().length > 500) found.address = t('validation.maxLength', { max: 500 });
    if (values.email.trim() && !EMAIL.test(values.email.trim())) found.email = t('validation.email');
    if (values.phone.trim() && !PHONE.test(values.phone.trim())) found.phone = t('validation.phone');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const draft: AuthorityDraft = {
      role: values.role as AuthorityDraft['role'],
      name: values.name.trim(),
      address: values.address.trim(),
      email: values.email.trim() || null,
      phone: values.phone.trim() || null,
      territoryCode: values.territoryCode || null,
    };
    await attempt(async () => {
      if (authority) {
        const changed: Partial<AuthorityDraft> = {};
        for (const key of Object.keys(draft) as (keyof AuthorityDraft)[]) {
          if ((draft[key] ?? null) !== (authority[key] ?? null)) (changed as Record<string, unknown>)[key] = draft[key];
        }
        if (Object.keys(changed).length > 0) await api(`/api/authorities/${authority.id}`, { method: 'PATCH', body: changed });
      } else {
        await api(`/api/participants/${participantCode}/authorities`, { method: 'POST', body: draft });
      }
      onSaved();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={authority ? t('authorities.edit') : t('authorities.add')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <NativeSelect label={t('authorities.role')} value={values.role} onChange={(event) => set('role')(event.currentTarget.value)} required>
            <option value="exporting">{t('authorityRole.exporting')}</option>
            <option value="importing">{t('authorityRole.importing')}</option>
          </NativeSelect>
          <TextInput label={t('authorities.name')} required value={values.name} error={errors.name} onChange={(event) => set('name')(event.currentTarget.value)} />
          <Textarea label={t('authorities.address')} required autosize minRows={2} value={values.address} error={errors.address} onChange={(event) => set('address')(event.currentTarget.value)} />
          <Group grow align="flex-start">
            <TextInput label={t('authorities.email')} type="email" value={values.email} error={errors.email} onChange={(event) => set('email')(event.currentTarget.value)} />
            <TextInput label={t('authorities.phone')} type="tel" value={values.phone} error={errors.phone} onChange={(event) => set('phone')(event.currentTarget.value)} />
          </Group>
          {territories.length > 0 && (
            <NativeSelect label={t('authorities.territory')} value={values.territoryCode} onChange={(event) => set('territoryCode')(event.currentTarget.value)}>
              <option value="">{t('authorities.noTerritory')}</option>
              {territories.map((territory) => (
                <option key={territory.code} value={territory.code}>
                  {territory.name}
                </option>
              ))}
            </NativeSelect>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

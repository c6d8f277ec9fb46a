import { Button, Group, NativeSelect, Paper, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTICIPANT_STATUSES } from '../../../src/domain/participant-status.ts';
import { api } from '../api.ts';
import { todayIso } from '../format.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Notice } from './Notice.tsx';
import { useSubmission } from '../useSubmission.ts';

/** The Chair records a status change (suspension, lifting, withdrawal …) with its date and a note. */
export function StatusChangeForm({ participantCode, onRecorded }: { participantCode: string; onRecorded: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string>('suspended');
  const [effectiveOn, setEffectiveOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) found.effectiveOn = t('validation.date');
    if (!note.trim()) found.note = t('validation.required');
    else if (note.trim().length > 2000) found.note = t('validation.maxLength', { max: 2000 });
    setErrors(found);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      await api(`/api/participants/${participantCode}/status-events`, { method: 'POST', body: { status, effectiveOn, note: note.trim() } });
      setNote('');
      setSaved(true);
      onRecorded();
    });
  }

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="status-change-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="status-change-title">
            {t('participant.recordStatus')}
          </Title>
          <ErrorAlert error={error} />
          {saved && <Notice>{t('participant.statusRecorded')}</Notice>}
          <Group grow align="flex-start">
            <NativeSelect label={t('participant.newStatus')} value={status} onChange={(event) => setStatus(event.currentTarget.value)} required>
              {PARTICIPANT_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`status.${value}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput
              label={t('participant.effectiveOn')}
              type="date"
              required
              value={effectiveOn}
              error={errors.effectiveOn}
              onChange={(event) => setEffectiveOn(event.currentTarget.value)}
            />
          </Group>
          <Textarea label={t('participant.note')} required autosize minRows={2} value={note} error={errors.note} onChange={(event) => setNote(event.currentTarget.value)} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('participant.recordStatusButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert.tsx';

interface Props {
  title: string;
  message: string;
  label: string;
  confirmLabel: string;
  danger?: boolean;
  onClose: () => void;
  /** Carries out the action; a rejection is shown in the dialog. */
  onConfirm: (text: string) => Promise<void>;
}

/** A confirmation that requires a reason or note (1–2000 characters). */
export function ReasonDialog({ title, message, label, confirmLabel, danger, onClose, onConfirm }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return setFieldError(t('validation.required'));
    if (trimmed.length > 2000) return setFieldError(t('validation.maxLength', { max: 2000 }));
    setFieldError(undefined);
    setBusy(true);
    setError(null);
    try {
      await onConfirm(trimmed);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fz="sm">{message}</Text>
          <ErrorAlert error={error} />
          <Textarea label={label} required autosize minRows={3} value={text} error={fieldError} onChange={(event) => setText(event.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={busy}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

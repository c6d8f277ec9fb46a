import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/**
 * One required text for the server (a comment, a question, an answer), checked against the
 * server's length limit first and emptied once sent.
 * @example <MessageForm label={t('alerts.comment')} button={t('alerts.addComment')} maxLength={8000}
 *            send={async (body) => onSaved(await api<Report>(`/api/reports/${id}/comments`, { method: 'POST', body: { body } }))} />
 */
export function MessageForm({
  label,
  button,
  maxLength,
  send,
  dir,
  testId,
}: {
  label: string;
  button: string;
  maxLength: number;
  send: (body: string) => Promise<void>;
  /** `auto` where the text may be in a language written right to left. */
  dir?: 'auto';
  testId?: string;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = body.trim();
    if (!trimmed) return setErrors({ body: t('validation.required') });
    if (trimmed.length > maxLength) return setErrors({ body: t('validation.maxLength', { max: maxLength }) });
    setErrors({});
    await attempt(async () => {
      await send(trimmed);
      setBody('');
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid={testId}>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <Textarea label={label} required autosize minRows={2} dir={dir} value={body} error={errors.body} onChange={(event) => setBody(event.currentTarget.value)} />
        <Group>
          <Button type="submit" loading={busy}>
            {button}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

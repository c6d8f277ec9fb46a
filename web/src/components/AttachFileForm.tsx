import { Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { fileToBase64 } from '../qr.ts';
import { useSubmission } from '../useSubmission.ts';
import { formatSize } from './AttachmentsTable.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

/** Files the server keeps with a document (REPORT_FILE_MAX_BYTES on the server). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface PickedFile {
  fileName: string;
  mediaType: string;
  contentBase64: string;
}

/**
 * Attaching a file to a document: a choice of what the file is (an annual report's section, an
 * application's kind of document), the file, read in the browser and sent as base64 by `upload`.
 * `labels` holds translation keys: `title`, `kind`, `choose`, `attach`, `tooLarge` (with `{{max}}`).
 * @example <AttachFileForm id="annual-report-file" labels={…} kinds={[{ value: 'legislation', label: t('…') }]} upload={(kind, file) => api(…)} />
 */
export function AttachFileForm<K extends string>({
  id,
  labels,
  kinds,
  initialKind,
  kindTestId,
  upload,
}: {
  id: string;
  labels: { title: string; kind: string; choose: string; attach: string; tooLarge: string };
  kinds: { value: K; label: string }[];
  initialKind: K;
  kindTestId?: string;
  upload: (kind: K, file: PickedFile) => Promise<void>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<K>(initialKind);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setErrors({ file: t('validation.required') });
    if (file.size > MAX_FILE_BYTES) return setErrors({ file: t(labels.tooLarge, { max: formatSize(MAX_FILE_BYTES, format.language) }) });
    setErrors({});
    await attempt(async () => {
      await upload(kind, { fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await fileToBase64(file) });
      setFile(null);
      setInputKey((value) => value + 1);
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="attach-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t(labels.title)}
        </Title>
        <ErrorAlert error={error} />
        <Group align="flex-start" wrap="wrap">
          <NativeSelect label={t(labels.kind)} value={kind} w={280} onChange={(event) => setKind(event.currentTarget.value as K)} data={kinds} data-testid={kindTestId} />
          <Stack gap={4}>
            <label htmlFor={id} style={{ fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 }}>
              {t(labels.choose)}
            </label>
            <input
              key={inputKey}
              id={id}
              name="file"
              type="file"
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={errors.file ? `${id}-error` : undefined}
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            />
            {errors.file && (
              <Text id={`${id}-error`} fz="sm" c="red.9">
                {errors.file}
              </Text>
            )}
          </Stack>
        </Group>
        <Group>
          <Button type="submit" variant="default" loading={busy}>
            {t(labels.attach)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

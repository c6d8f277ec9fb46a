import { Button, FileInput, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type Report, type ReportDraft, type ReportKind } from '../api.ts';
import { fileToBase64 } from '../qr.ts';
import { useSubmission } from '../useSubmission.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

export const REPORT_KINDS: ReportKind[] = ['suspicious', 'fraudulent', 'shipment_refused'];
const NUMBER = /^[A-Z]{2}-\d{4}-\d{6}$/;
/** Evidence is sent inline as base64; larger files belong in the national system, not in an alert. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 5;

/** Report a suspicious or fraudulent certificate, or a refused shipment; on success, opens the new alert. */
export function ReportDialog({ certificateNumber, onClose }: { certificateNumber: string; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [number, setNumber] = useState(certificateNumber);
  const [kind, setKind] = useState<ReportKind>('suspicious');
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!NUMBER.test(number.trim())) found.certificateNumber = t('alerts.numberFormat');
    if (!description.trim()) found.description = t('validation.required');
    else if (description.trim().length > 8000) found.description = t('validation.maxLength', { max: 8000 });
    if (files.length > MAX_FILES) found.files = t('validation.maxItems', { max: MAX_FILES });
    else if (files.some((file) => file.size > MAX_FILE_BYTES)) found.files = t('alerts.fileTooLarge', { max: '5 MB' });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      const draft: ReportDraft = { certificateNumber: number.trim(), kind, description: description.trim() };
      if (files.length > 0) {
        draft.files = await Promise.all(
          files.map(async (file) => ({ fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await fileToBase64(file) })),
        );
      }
      const report = await api<Report>('/api/reports', { method: 'POST', body: draft });
      navigate(`/alerts/${report.id}`, { state: { notice: 'reported' } });
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('alerts.reportTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fz="sm">{t('alerts.reportIntro')}</Text>
          <ErrorAlert error={error} />
          <TextInput
            label={t('certificates.number')}
            required
            className="mono"
            value={number}
            error={errors.certificateNumber}
            onChange={(event) => setNumber(event.currentTarget.value.toUpperCase())}
          />
          <NativeSelect label={t('alerts.kind')} required value={kind} onChange={(event) => setKind(event.currentTarget.value as ReportKind)}>
            {REPORT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`reportKind.${value}`)}
              </option>
            ))}
          </NativeSelect>
          <Textarea
            label={t('alerts.description')}
            description={t('alerts.descriptionHint')}
            required
            autosize
            minRows={4}
            value={description}
            error={errors.description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            data-autofocus
          />
          <FileInput
            label={t('alerts.files')}
            description={t('alerts.filesHint')}
            placeholder={t('alerts.chooseFiles')}
            multiple
            clearable
            value={files}
            error={errors.files}
            onChange={(value) => setFiles(value ?? [])}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {t('alerts.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

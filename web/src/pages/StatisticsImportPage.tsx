import { Alert, Anchor, Button, Group, Input, SimpleGrid, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportRowError, StatisticsImportSummary } from '../../../src/production/schemas.ts';
import { api, ApiError } from '../api.ts';
import { useMe } from '../auth.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Page, Section } from '../components/Page.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/** `/production/import`: a KP statistics database export, checked first, then imported whole (the Chair and the WGS). */
export function StatisticsImportPage() {
  const me = useMe();
  if (!can.importStatistics(me)) return <NotFoundPage />;
  return <StatisticsImport />;
}

/** The body POST /api/statistics/imports takes: CSV as text, XLSX as base64. */
async function importBody(file: File, dryRun: boolean) {
  if (/\.xlsx$/i.test(file.name)) return { fileName: file.name, xlsxBase64: toBase64(new Uint8Array(await file.arrayBuffer())), dryRun };
  return { fileName: file.name, csv: await file.text(), dryRun };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // in slices: String.fromCharCode takes its bytes as arguments, and a workbook can be megabytes
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/** The bad lines of an IMPORT_ROWS_INVALID refusal. */
function rowErrorsOf(error: unknown): ImportRowError[] {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_ROWS_INVALID') return [];
  const errors = (error.details as { errors?: ImportRowError[] } | undefined)?.errors;
  return Array.isArray(errors) ? errors : [];
}

const column = createColumnHelper<ImportRowError>();

function RowErrors({ errors }: { errors: ImportRowError[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(
    () => [
      column.accessor('line', { header: () => t('production.import.line'), cell: (info) => format.number(info.getValue()) }),
      column.accessor('column', { header: () => t('production.import.field'), cell: (info) => (info.getValue() ? <span className="mono">{info.getValue()}</span> : '—') }),
      column.accessor('value', { header: () => t('production.import.value'), cell: (info) => (info.getValue() ? <span className="mono">{info.getValue()}</span> : '—'), enableSorting: false }),
      column.accessor('reason', {
        header: () => t('production.import.problem'),
        cell: (info) => t(`production.import.problems.${info.getValue()}`, { otherLine: info.row.original.otherLine ?? '' }),
      }),
    ],
    [t, format],
  );
  return (
    <DataTable
      data={errors}
      columns={columns}
      caption={t('production.import.errorsCaption')}
      getRowId={(row) => `${row.line}-${row.reason}-${row.column ?? ''}`}
      initialSorting={[{ id: 'line', desc: false }]}
      testId="import-errors"
    />
  );
}

function Summary({ summary }: { summary: StatisticsImportSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const items: [string, string][] = [
    [t('production.import.rows'), format.number(summary.rows)],
    [t('production.import.returns'), format.number(summary.returns)],
    [summary.dryRun ? t('production.import.wouldStore') : t('production.import.stored'), format.number(summary.stored)],
    [t('production.import.corrections'), format.number(summary.corrections)],
    [t('production.import.skipped'), format.number(summary.skipped)],
    [t('production.import.duplicates'), format.number(summary.identicalDuplicates)],
    [t('production.import.participants'), format.number(summary.participants)],
    [t('production.import.years'), summary.years ? `${summary.years.from}–${summary.years.to}` : '—'],
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" spacing="md" style={{ margin: 0 }} data-testid="import-summary">
      {items.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" fz="xs" fw={700} c="gray.8">
            {label}
          </Text>
          <Text component="dd" m={0} fz="sm" dir="auto">
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function StatisticsImport() {
  const { t } = useTranslation();
  const format = useFormat();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<StatisticsImportSummary | null>(null);
  const [imported, setImported] = useState<StatisticsImportSummary | null>(null);
  const [running, setRunning] = useState<'check' | 'import' | null>(null);
  const { busy, error, attempt } = useSubmission();
  const rowErrors = rowErrorsOf(error);

  const run = (dryRun: boolean) => {
    setRunning(dryRun ? 'check' : 'import');
    if (dryRun) setChecked(null);
    setImported(null);
    return attempt(async () => {
      if (!file) return;
      const summary = await api<StatisticsImportSummary>('/api/statistics/imports', { method: 'POST', body: await importBody(file, dryRun) });
      if (dryRun) setChecked(summary);
      else {
        setChecked(null);
        setImported(summary);
      }
    }).finally(() => setRunning(null));
  };

  return (
    <Page
      title={t('production.import.title')}
      actions={
        <Anchor component={Link} to="/production">
          {t('production.title')}
        </Anchor>
      }
    >
      <Text>{t('production.import.intro')}</Text>
      <Section title={t('production.import.fileSection')} testId="import-file">
        <Input.Wrapper label={t('production.import.file')} description={t('production.import.fileHint')} id={inputId}>
          <input
            id={inputId}
            aria-describedby={`${inputId}-description`}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              setFile(event.currentTarget.files?.[0] ?? null);
              setChecked(null);
              setImported(null);
            }}
            style={{ display: 'block', marginBlockStart: 6 }}
          />
        </Input.Wrapper>
        <Group>
          <Button variant="default" disabled={!file} loading={busy && running === 'check'} onClick={() => void run(true)}>
            {t('production.import.check')}
          </Button>
          <Button disabled={!file || !checked} loading={busy && running === 'import'} onClick={() => void run(false)}>
            {t('production.import.import')}
          </Button>
        </Group>
        <Text fz="sm">{t('production.import.nothingPartial')}</Text>
      </Section>

      {error !== null && (
        <Stack gap="sm" data-testid="import-refused">
          <ErrorAlert error={error} title={t('production.import.refused')} />
          {rowErrors.length > 0 && <RowErrors errors={rowErrors} />}
        </Stack>
      )}

      {checked && !error && (
        <Section title={t('production.import.checkedTitle', { file: checked.fileName })} testId="import-checked">
          <Text fz="sm">{t('production.import.checkedIntro')}</Text>
          <Summary summary={checked} />
        </Section>
      )}

      {imported && !error && (
        <Alert color="green" variant="outline" role="status" title={t('production.import.doneTitle')} styles={{ message: { color: '#14532d' } }} data-testid="import-done">
          <Stack gap="sm">
            <Text fz="sm">
              {imported.stored > 0
                ? t('production.import.done', { file: imported.fileName, stored: format.number(imported.stored) })
                : t('production.import.doneNothingNew', { file: imported.fileName })}
            </Text>
            <Summary summary={imported} />
          </Stack>
        </Alert>
      )}
    </Page>
  );
}

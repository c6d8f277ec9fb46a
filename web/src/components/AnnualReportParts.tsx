import { Anchor, NativeSelect, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { REPORT_PARTS, REPORT_SECTIONS } from '../../../src/annual-reports/annual-report-rules.ts';
import type { AnnualReport, ReportStatistics } from '../api.ts';
import { amountText, periodLabel } from '../pages/statistics/labels.ts';
import { useFormat } from '../format.ts';
import { ToneBadge, type Tone } from './Badges.tsx';

export { REPORT_PARTS, REPORT_SECTIONS };
export type AnnualReportStatus = AnnualReport['status'];
type ReportFile = AnnualReport['files'][number];

/** The first year of the scheme: no annual report before it. */
export const FIRST_REPORT_YEAR = 2003;

/** Without `?year=`, the last calendar year: the one whose report falls due this spring. */
export function defaultReportYear(): number {
  return new Date().getUTCFullYear() - 1;
}

/** A `?year=` that names a year with a report (2003 to last year), else the default. */
export function reportYearFrom(text: string | null | undefined): number {
  const year = Number(text);
  return Number.isInteger(year) && year >= FIRST_REPORT_YEAR && year <= defaultReportYear() ? year : defaultReportYear();
}

/** Year picker, newest first. */
export function ReportYearSelect({ year, onChange, label }: { year: number; onChange: (year: number) => void; label: string }) {
  const years = Array.from({ length: defaultReportYear() - FIRST_REPORT_YEAR + 1 }, (_, index) => String(defaultReportYear() - index));
  return <NativeSelect label={label} value={String(year)} data={years} w={120} onChange={(event) => onChange(Number(event.currentTarget.value))} data-testid="year-select" />;
}

const STATUS_TONE: Record<AnnualReportStatus, Tone> = { not_started: 'gray', draft: 'blue', submitted: 'green' };

export function AnnualReportStatusBadge({ status }: { status: AnnualReportStatus }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={STATUS_TONE[status]} data-testid="report-status">
      {t(`annualReports.status.${status}`)}
    </ToneBadge>
  );
}

/** Late: filed after the due date (orange), or still not filed once it has passed (red). */
export function LateBadge({ late, submitted }: { late: boolean; submitted: boolean }) {
  const { t } = useTranslation();
  if (!late) return submitted ? <ToneBadge tone="green" data-testid="late-flag">{t('annualReports.onTime')}</ToneBadge> : <Text span fz="sm">—</Text>;
  return (
    <ToneBadge tone={submitted ? 'orange' : 'red'} data-testid="late-flag">
      {t(submitted ? 'annualReports.submittedLate' : 'annualReports.overdue')}
    </ToneBadge>
  );
}

/** `partA.legislation` → "Part A — Legislation" in the UI language. */
export function sectionPathLabel(path: string, t: (key: string) => string): string {
  const [part, section] = path.split('.');
  return `${t(`annualReports.parts.${part}`)} — ${t(`annualReports.sections.${section}`)}`;
}

export function formatSize(bytes: number, language: string): string {
  const unit = bytes >= 1_048_576 ? 'megabyte' : bytes >= 1024 ? 'kilobyte' : 'byte';
  const value = unit === 'megabyte' ? bytes / 1_048_576 : unit === 'kilobyte' ? bytes / 1024 : bytes;
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** The attachments of a report, grouped by the section they document, each with its size and SHA-256. */
export function AnnualReportFiles({ report }: { report: AnnualReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (report.files.length === 0) return <Text fz="sm">{t('annualReports.files.none')}</Text>;
  const url = (file: ReportFile) => `/api/participants/${report.participantCode}/annual-reports/${report.year}/files/${file.id}`;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} data-testid="report-files">
        <VisuallyHidden component="caption">{t('annualReports.files.title')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('annualReports.files.section')}</Table.Th>
            <Table.Th scope="col">{t('annualReports.files.file')}</Table.Th>
            <Table.Th scope="col">{t('annualReports.files.size')}</Table.Th>
            <Table.Th scope="col">SHA-256</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {REPORT_SECTIONS.flatMap((section) => report.files.filter((file) => file.section === section)).map((file) => (
            <Table.Tr key={file.id}>
              <Table.Td>{t(`annualReports.sections.${file.section}`)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Anchor href={url(file)} download={file.fileName} dir="auto">
                  {file.fileName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <bdi>{formatSize(file.size, format.language)}</bdi>
              </Table.Td>
              <Table.Td className="mono" dir="ltr" style={{ overflowWrap: 'anywhere' }} data-testid="file-sha256">
                {file.sha256}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The participant's figures for the year as Kimberlite holds them: live until submission, frozen into the report then. */
export function AnnualReportFigures({ statistics, submitted, submittedAt }: { statistics: ReportStatistics; submitted: boolean; submittedAt: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount = (value: string | null) => amountText(value, format.language);
  const trade: [string, ReportStatistics['exports'] | ReportStatistics['received']][] = [
    [t('annualReports.figures.exports'), statistics.exports],
    [t('annualReports.figures.imports'), statistics.imports],
    [t('annualReports.figures.received'), statistics.received],
  ];
  return (
    <>
      <Text fz="sm" data-testid="figures-note">
        {submitted ? t('annualReports.figures.frozen', { date: format.dateTime(submittedAt) }) : t('annualReports.figures.live')}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6} data-testid="report-figures">
          <VisuallyHidden component="caption">{t('annualReports.figures.production')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('annualReports.figures.production')}</Table.Th>
              <Table.Th scope="col">{t('annualReports.figures.return')}</Table.Th>
              <Table.Th scope="col" ta="end">
                {t('annualReports.figures.carats')}
              </Table.Th>
              <Table.Th scope="col" ta="end">
                {t('annualReports.figures.valueUsd')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {statistics.production.map((row) => (
              <Table.Tr key={row.period}>
                <Table.Th scope="row" fw={row.period.includes('-') ? 400 : 700}>
                  {periodLabel(row.period, t)}
                </Table.Th>
                <Table.Td>{row.reportType ? t(`annualReports.figures.reportTypes.${row.reportType}`) : t('annualReports.figures.noReturn')}</Table.Td>
                <Table.Td ta="end">
                  <bdi>{amount(row.carats)}</bdi>
                </Table.Td>
                <Table.Td ta="end">
                  <bdi>{amount(row.valueUsd)}</bdi>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6} data-testid="report-trade">
          <VisuallyHidden component="caption">{t('annualReports.figures.trade')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('annualReports.figures.trade')}</Table.Th>
              <Table.Th scope="col" ta="end">
                {t('annualReports.figures.certificates')}
              </Table.Th>
              <Table.Th scope="col" ta="end">
                {t('annualReports.figures.carats')}
              </Table.Th>
              <Table.Th scope="col" ta="end">
                {t('annualReports.figures.valueUsd')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trade.map(([label, row]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" fw={400}>
                  {label}
                </Table.Th>
                <Table.Td ta="end">
                  <bdi>{format.number(row.certificates)}</bdi>
                </Table.Td>
                <Table.Td ta="end">
                  <bdi>{amount(row.carats)}</bdi>
                </Table.Td>
                <Table.Td ta="end">
                  <bdi>{'valueUsd' in row ? amount(row.valueUsd) : '—'}</bdi>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

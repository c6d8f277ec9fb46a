import { NativeSelect, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_PARTS, REPORT_SECTIONS } from '../../../src/annual-reports/annual-report-rules.ts';
import type { AnnualReport, ReportStatistics } from '../api.ts';
import { amountText, periodLabel } from '../pages/statistics/labels.ts';
import { useFormat } from '../format.ts';
import { AttachmentsTable } from './AttachmentsTable.tsx';
import { ToneBadge, type Tone } from './Badges.tsx';
import { CaptionedTable } from './CaptionedTable.tsx';

export { REPORT_PARTS, REPORT_SECTIONS };
export type AnnualReportStatus = AnnualReport['status'];

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

/** The attachments of a report, grouped by the section they document, each with its size and SHA-256. */
export function AnnualReportFiles({ report }: { report: AnnualReport }) {
  const { t } = useTranslation();
  if (report.files.length === 0) return <Text fz="sm">{t('annualReports.files.none')}</Text>;
  return (
    <AttachmentsTable
      files={REPORT_SECTIONS.flatMap((section) => report.files.filter((file) => file.section === section))}
      testId="report-files"
      caption={t('annualReports.files.title')}
      headings={{ group: t('annualReports.files.section'), file: t('annualReports.files.file'), size: t('annualReports.files.size') }}
      group={(file) => t(`annualReports.sections.${file.section}`)}
      href={(file) => `/api/participants/${report.participantCode}/annual-reports/${report.year}/files/${file.id}`}
    />
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
  const amountColumns = [
    { label: t('annualReports.figures.carats'), numeric: true },
    { label: t('annualReports.figures.valueUsd'), numeric: true },
  ];
  return (
    <>
      <Text fz="sm" data-testid="figures-note">
        {submitted ? t('annualReports.figures.frozen', { date: format.dateTime(submittedAt) }) : t('annualReports.figures.live')}
      </Text>
      <FigureTable caption={t('annualReports.figures.production')} columns={[{ label: t('annualReports.figures.return') }, ...amountColumns]} testId="report-figures">
        {statistics.production.map((row) => (
          <Table.Tr key={row.period}>
            <Table.Th scope="row" fw={row.period.includes('-') ? 400 : 700}>
              {periodLabel(row.period, t)}
            </Table.Th>
            <Table.Td>{row.reportType ? t(`annualReports.figures.reportTypes.${row.reportType}`) : t('annualReports.figures.noReturn')}</Table.Td>
            <Figure>{amount(row.carats)}</Figure>
            <Figure>{amount(row.valueUsd)}</Figure>
          </Table.Tr>
        ))}
      </FigureTable>
      <FigureTable caption={t('annualReports.figures.trade')} columns={[{ label: t('annualReports.figures.certificates'), numeric: true }, ...amountColumns]} testId="report-trade">
        {trade.map(([label, row]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" fw={400}>
              {label}
            </Table.Th>
            <Figure>{format.number(row.certificates)}</Figure>
            <Figure>{amount(row.carats)}</Figure>
            <Figure>{'valueUsd' in row ? amount(row.valueUsd) : '—'}</Figure>
          </Table.Tr>
        ))}
      </FigureTable>
    </>
  );
}

/** A table of figures: its caption heads the column of row labels; numeric columns align to the end. */
function FigureTable({ caption, columns, testId, children }: { caption: string; columns: { label: string; numeric?: boolean }[]; testId: string; children: ReactNode }) {
  return (
    <CaptionedTable
      caption={caption}
      testId={testId}
      head={
        <>
          <Table.Th scope="col">{caption}</Table.Th>
          {columns.map((column) => (
            <Table.Th key={column.label} scope="col" ta={column.numeric ? 'end' : undefined}>
              {column.label}
            </Table.Th>
          ))}
        </>
      }
    >
      {children}
    </CaptionedTable>
  );
}

/** A figure in its cell, isolated so that digits and separators keep their order in a right-to-left page. */
function Figure({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="end">
      <bdi>{children}</bdi>
    </Table.Td>
  );
}

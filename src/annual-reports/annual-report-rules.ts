/**
 * The KP annual report (KPCS Section VI §11; KPCS-DOMAIN §7): due by 31 March for the previous
 * calendar year, in the prescribed format covering Sections II–V and Annex II. Part A is the
 * baseline, Part B the changes since the last report (2014). Kimberlite's template has one
 * free-text answer per section in each part.
 */
export const REPORT_SECTIONS = [
  'authorities',
  'legislation',
  'import_export_regime',
  'internal_controls',
  'statistics',
  'enforcement',
  'industry_self_regulation',
  'artisanal_production',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const REPORT_PARTS = ['partA', 'partB'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

export type ReportContent = Record<ReportPart, Record<ReportSection, string>>;

export const ANNUAL_REPORT_STATUSES = ['draft', 'submitted'] as const;
export type AnnualReportStatus = (typeof ANNUAL_REPORT_STATUSES)[number];

export function emptyContent(): ReportContent {
  const blank = () => Object.fromEntries(REPORT_SECTIONS.map((section) => [section, ''])) as Record<ReportSection, string>;
  return { partA: blank(), partB: blank() };
}

/** Sections still empty (`partA.legislation`, …): every one must be answered to submit (Part B may say "no change"). */
export function unansweredSections(content: ReportContent): string[] {
  return REPORT_PARTS.flatMap((part) => REPORT_SECTIONS.filter((section) => content[part][section].trim() === '').map((section) => `${part}.${section}`));
}

/** The last day a report for `year` is on time: `monthDay` (`MM-DD`) of the next year. */
export function reportDueDate(year: number, monthDay: string): string {
  return `${year + 1}-${monthDay}`;
}

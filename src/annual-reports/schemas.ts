import { z } from 'zod';
import { ThreadMessageSchema } from '../domain/message-thread.ts';
import { EvidenceFileSchema } from '../alerts/schemas.ts';
import { LanguageSchema } from '../http/schemas.ts';
import { ANNUAL_REPORT_STATUSES, REPORT_SECTIONS } from './annual-report-rules.ts';

const answer = z.string().max(20_000).default('');
const part = z.object(Object.fromEntries(REPORT_SECTIONS.map((section) => [section, answer])) as Record<(typeof REPORT_SECTIONS)[number], typeof answer>).strict();

export const ReportContentSchema = z
  .object({ partA: part.meta({ description: 'Part A: the baseline, section by section' }), partB: part.meta({ description: 'Part B: changes since the last report' }) })
  .strict()
  .meta({ id: 'AnnualReportContent' });

export const AnnualReportDraftSchema = z.object({ content: ReportContentSchema }).strict().meta({ id: 'AnnualReportDraft' });

export const ReportSectionSchema = z.enum(REPORT_SECTIONS);

export const AnnualReportFileDraftSchema = EvidenceFileSchema.extend({ section: ReportSectionSchema }).strict().meta({ id: 'AnnualReportFileDraft' });
export type AnnualReportFileDraft = z.infer<typeof AnnualReportFileDraftSchema>;

export const MessageDraftSchema = z
  .object({ body: z.string().trim().min(1).max(8000), language: LanguageSchema.optional() })
  .strict()
  .meta({ id: 'AnnualReportMessageDraft' });
export type MessageDraft = z.infer<typeof MessageDraftSchema>;

const Amount = z.string().nullable();
export const ReportStatisticsSchema = z
  .object({
    production: z.array(z.object({ period: z.string(), reportType: z.string().nullable(), carats: Amount, valueUsd: Amount })),
    exports: z.object({ certificates: z.number().int(), carats: Amount, valueUsd: Amount }),
    imports: z.object({ certificates: z.number().int(), carats: Amount, valueUsd: Amount }),
    received: z.object({ certificates: z.number().int(), carats: Amount }),
  })
  .meta({ id: 'AnnualReportStatistics', description: 'The participant’s figures for the year from Kimberlite: production returns in force, certificates issued and destined to it, receipts confirmed' });
export type ReportStatistics = z.infer<typeof ReportStatisticsSchema>;

export const AnnualReportSchema = z
  .object({
    id: z.uuid().nullable().meta({ description: 'Null while nothing is saved yet (a pre-filled template)' }),
    participantCode: z.string(),
    year: z.number().int(),
    status: z.enum(['not_started', ...ANNUAL_REPORT_STATUSES]),
    dueOn: z.string(),
    late: z.boolean().meta({ description: 'Submitted after the due date, or not submitted and the due date has passed' }),
    content: ReportContentSchema,
    statistics: ReportStatisticsSchema.meta({ description: 'Frozen at submission; live figures before' }),
    updatedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    files: z.array(z.object({ id: z.uuid(), section: ReportSectionSchema, fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string() })),
    messages: z.array(ThreadMessageSchema),
    can: z.object({ edit: z.boolean(), submit: z.boolean(), ask: z.boolean(), answer: z.boolean(), comment: z.boolean(), share: z.boolean() }),
    sharedWithObservers: z.boolean().meta({ description: 'Observers read the submitted report (not the WGM’s questions and answers); false: KP ONLY' }),
  })
  .meta({ id: 'AnnualReport' });

export const SharedReportsSchema = z
  .object({
    items: z.array(z.object({ participantCode: z.string(), name: z.string(), year: z.number().int(), submittedAt: z.string() })),
  })
  .meta({ id: 'SharedAnnualReports' });
export type SharedReports = z.infer<typeof SharedReportsSchema>;
export type AnnualReport = z.infer<typeof AnnualReportSchema>;

export const AnnualReportOverviewSchema = z
  .object({
    year: z.number().int(),
    dueOn: z.string(),
    rows: z.array(
      z.object({
        participantCode: z.string(),
        name: z.string(),
        status: z.enum(['not_started', ...ANNUAL_REPORT_STATUSES]),
        submittedAt: z.string().nullable(),
        late: z.boolean(),
        openQuestions: z.number().int(),
      }),
    ),
    counts: z.object({ owed: z.number().int(), submitted: z.number().int(), submittedLate: z.number().int(), missing: z.number().int(), withOpenQuestions: z.number().int() }),
  })
  .meta({ id: 'AnnualReportOverview' });
export type AnnualReportOverview = z.infer<typeof AnnualReportOverviewSchema>;

export const FiledReportsSchema = z
  .object({
    year: z.number().int(),
    dueOn: z.string(),
    rows: z.array(z.object({ participantCode: z.string(), name: z.string(), filed: z.boolean(), filedOn: z.string().nullable() })),
  })
  .meta({ id: 'FiledAnnualReports', description: 'Which participants filed their annual report for the year (public; never the content)' });
export type FiledReports = z.infer<typeof FiledReportsSchema>;

import { z } from 'zod';
import { CertificateNumberSchema } from '../certificates/routes.ts';
import { ParticipantCodeSchema } from '../http/schemas.ts';

export const REPORT_KINDS = ['suspicious', 'fraudulent', 'shipment_refused'] as const;
export const REPORT_STATUSES = ['open', 'confirmed_fraudulent', 'closed'] as const;
export const CLOSE_OUTCOMES = ['confirmed_fraudulent', 'unfounded', 'resolved'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const EvidenceFileSchema = z
  .object({
    fileName: text(200),
    mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i).max(100),
    contentBase64: z.string().max(16 * 1024 * 1024),
  })
  .strict();

export const ReportDraftSchema = z
  .object({
    certificateNumber: CertificateNumberSchema,
    kind: z.enum(REPORT_KINDS),
    description: text(8000),
    files: z.array(EvidenceFileSchema).max(5).default([]),
  })
  .strict()
  .meta({ id: 'ReportDraft' });
export type ReportDraft = z.infer<typeof ReportDraftSchema>;

export const CommentDraftSchema = z.object({ body: text(8000), files: z.array(EvidenceFileSchema).max(5).default([]) }).strict();
export const CloseReportSchema = z.object({ outcome: z.enum(CLOSE_OUTCOMES), note: text(4000) }).strict();

export const ReportSummarySchema = z
  .object({
    id: z.string(),
    certificateNumber: z.string(),
    certificateKnown: z.boolean(),
    issuingParticipant: z.string().nullable(),
    reportingParticipant: z.string().nullable(),
    kind: z.enum(REPORT_KINDS),
    status: z.enum(REPORT_STATUSES),
    reportedAt: z.string(),
    closedAt: z.string().nullable(),
    commentCount: z.number(),
  })
  .meta({ id: 'ReportSummary' });

export const ReportSchema = ReportSummarySchema.extend({
  description: z.string(),
  reportedBy: z.string(),
  resolution: z.string().nullable(),
  comments: z.array(z.object({ id: z.string(), authorLabel: z.string(), participantCode: z.string().nullable(), body: z.string(), createdAt: z.string() })),
  files: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string() })),
}).meta({ id: 'Report' });
export type Report = z.infer<typeof ReportSchema>;

export const ReportListQuerySchema = z.object({ status: z.enum(REPORT_STATUSES).optional() });

export const AttemptListQuerySchema = z.object({
  participant: ParticipantCodeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const AttemptSchema = z.object({
  id: z.string(),
  at: z.string(),
  channel: z.string(),
  claimedNumber: z.string().nullable(),
  claimedIssuer: z.string().nullable(),
  verdict: z.string(),
  reasons: z.array(z.string()),
});

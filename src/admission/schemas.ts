import { z } from 'zod';
import { ThreadMessageSchema } from '../domain/message-thread.ts';
import { EvidenceFileSchema } from '../alerts/schemas.ts';
import { LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { APPLICATION_STAGES, APPLICATION_STATUSES, CRITERIA, FILE_KINDS, FINDING_RESULTS, RECOMMENDATIONS, REQUIRED_PARTS } from './admission-rules.ts';

const Text = (max: number) => z.string().max(max).default('');

const AuthoritySchema = z
  .object({ name: Text(300), address: Text(1000), email: Text(320), phone: Text(100) })
  .strict()
  .meta({ description: 'A designated KP authority (core document section V(a)): who issues and checks certificates' });

const ContactSchema = z.object({ name: Text(300), position: Text(300), email: Text(320), phone: Text(100) }).strict();

export const ApplicationContentSchema = z
  .object({
    legislation: Text(20_000).meta({ description: 'Laws and regulations implementing the KPCS (section II)' }),
    authorities: z.array(AuthoritySchema).max(20).default([]),
    contacts: z.array(ContactSchema).max(20).default([]),
    internalControls: Text(20_000).meta({ description: 'The system of internal controls over rough diamonds (section IV)' }),
    statisticsCapability: Text(20_000).meta({ description: 'How the applicant will collect and report production and trade statistics (Annex III)' }),
  })
  .strict()
  .meta({ id: 'AdmissionApplicationContent' });

export const OpenApplicationSchema = z
  .object({
    applicantCode: ParticipantCodeSchema.optional().meta({ description: 'The applicant; the caller’s own participant by default (required when the Chair files on behalf of an applicant)' }),
  })
  .strict()
  .meta({ id: 'AdmissionApplicationOpen' });

export const ApplicationDraftSchema = z.object({ content: ApplicationContentSchema }).strict().meta({ id: 'AdmissionApplicationDraft' });

export const FileKindSchema = z.enum(FILE_KINDS);
export const ApplicationFileDraftSchema = EvidenceFileSchema.extend({ kind: FileKindSchema }).strict().meta({ id: 'AdmissionApplicationFileDraft' });
export type ApplicationFileDraft = z.infer<typeof ApplicationFileDraftSchema>;

const FindingSchema = z.object({ result: z.enum(FINDING_RESULTS), note: z.string().trim().max(8000).default('') }).strict();
const FindingsSchema = z.object(Object.fromEntries(CRITERIA.map((criterion) => [criterion, FindingSchema.optional()])) as Record<(typeof CRITERIA)[number], z.ZodOptional<typeof FindingSchema>>).strict();

export const AssessmentDraftSchema = z.object({ findings: FindingsSchema }).strict().meta({ id: 'AdmissionAssessmentDraft', description: 'The CPC’s findings per criterion: met, not met, or more information needed, each with a note' });

export const RecommendationDraftSchema = z
  .object({ recommendation: z.enum(RECOMMENDATIONS), note: z.string().trim().min(1).max(8000) })
  .strict()
  .meta({ id: 'AdmissionRecommendationDraft' });

export const ApplicationMessageDraftSchema = z
  .object({ kind: z.enum(['question', 'answer', 'comment']), body: z.string().trim().min(1).max(8000), language: LanguageSchema.optional(), questionId: z.uuid().optional() })
  .strict()
  .meta({ id: 'AdmissionApplicationMessageDraft' });
export type ApplicationMessageDraft = z.infer<typeof ApplicationMessageDraftSchema>;

export const WithdrawApplicationSchema = z.object({ note: z.string().trim().min(1).max(2000) }).strict().meta({ id: 'AdmissionApplicationWithdrawal' });

export const ApplicationDecisionSchema = z
  .object({ id: z.uuid(), reference: z.string(), kind: z.enum(['plenary', 'written_procedure']), status: z.enum(['circulating', 'adopted', 'blocked', 'not_adopted', 'withdrawn']) })
  .meta({ id: 'AdmissionDecision', description: 'The KP decision on the applicant’s admission, proposed after the application was submitted' });
export type ApplicationDecision = z.infer<typeof ApplicationDecisionSchema>;

const StageSchema = z.enum(APPLICATION_STAGES).meta({ description: 'Where it stands, with the outcome read from the decisions and the register' });
const OutcomeSchema = z.enum(['admitted', 'refused']).nullable();

export const AdmissionApplicationSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    applicantCode: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    stage: StageSchema,
    outcome: OutcomeSchema,
    decision: ApplicationDecisionSchema.nullable(),
    admittedOn: z.string().nullable(),
    content: ApplicationContentSchema,
    missing: z.array(z.enum(REQUIRED_PARTS)).meta({ description: 'Drafts: what must still be provided before submitting' }),
    assessment: z
      .object({
        findings: z.record(z.string(), z.object({ result: z.enum(FINDING_RESULTS), note: z.string() })),
        recommendationNote: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'The CPC’s findings: for the CPC and the Chair; for the applicant once the CPC has recommended' }),
    recommendation: z.enum(RECOMMENDATIONS).nullable(),
    recommendedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
    createdAt: z.string(),
    files: z.array(z.object({ id: z.uuid(), kind: FileKindSchema, fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string() })),
    messages: z.array(ThreadMessageSchema),
    can: z.object({
      edit: z.boolean(),
      submit: z.boolean(),
      withdraw: z.boolean(),
      startAssessment: z.boolean(),
      assess: z.boolean(),
      ask: z.boolean(),
      answer: z.boolean(),
      comment: z.boolean(),
      proposeDecision: z.boolean().meta({ description: 'The Chair: record or circulate the admission decision' }),
    }),
  })
  .meta({ id: 'AdmissionApplication' });
export type AdmissionApplication = z.infer<typeof AdmissionApplicationSchema>;

export const ApplicationSummarySchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    applicantCode: z.string(),
    name: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    stage: StageSchema,
    outcome: OutcomeSchema,
    recommendation: z.enum(RECOMMENDATIONS).nullable(),
    decision: ApplicationDecisionSchema.nullable(),
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
    openQuestions: z.number().int(),
  })
  .meta({ id: 'AdmissionApplicationSummary' });
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;

export const ApplicationListSchema = z
  .object({
    items: z.array(ApplicationSummarySchema),
    counts: z.record(z.enum(APPLICATION_STAGES), z.number().int()),
    /** The caller may open an application now (an applicant's administrator without an open one). */
    mayOpen: z.boolean(),
  })
  .meta({ id: 'AdmissionApplicationList' });
export type ApplicationList = z.infer<typeof ApplicationListSchema>;

export const PublicApplicationSchema = z
  .object({
    reference: z.string(),
    applicantCode: z.string(),
    name: z.string(),
    submittedOn: z.string(),
    stage: z.enum(['submitted', 'under_assessment', 'awaiting_decision', 'admitted', 'refused', 'withdrawn']),
    outcome: OutcomeSchema,
    admittedOn: z.string().nullable(),
    decisionReference: z.string().nullable(),
  })
  .meta({ id: 'PublicAdmissionApplication', description: 'A submitted application as the public sees it: who applied, when, where it stands; never the content or the CPC’s findings' });

export const PublicApplicationListQuerySchema = z.object({ participant: ParticipantCodeSchema.optional() });

import { z } from 'zod';
import { EvidenceFileSchema } from '../alerts/schemas.ts';
import { IdSchema, IsoDateSchema, LanguageSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { HOST_REPORTABLE_STATUSES, PEER_REVIEW_KINDS, PEER_REVIEW_STATUSES, RECOMMENDATION_STATUSES, REPORT_STAGES, TIMELINE_STEPS } from './peer-review-rules.ts';

const TextSchema = (max: number) => z.string().trim().min(1).max(max);
const files = z.array(EvidenceFileSchema).max(5).default([]);

export const VisitInvitationSchema = z
  .object({
    kind: z.literal('visit'),
    hostParticipantCode: ParticipantCodeSchema,
    scope: TextSchema(20_000).meta({ description: 'The invitation: what the host asks the team to review' }),
  })
  .strict();

export const ReviewMissionSchema = z
  .object({
    kind: z.literal('mission'),
    hostParticipantCode: ParticipantCodeSchema,
    decisionId: IdSchema.meta({ description: 'The adopted decision that initiates the mission' }),
    scope: TextSchema(20_000).meta({ description: 'The mission’s terms of reference' }),
  })
  .strict();

export const PeerReviewDraftSchema = z.discriminatedUnion('kind', [VisitInvitationSchema, ReviewMissionSchema]).meta({ id: 'PeerReviewDraft' });
export type PeerReviewDraft = z.infer<typeof PeerReviewDraftSchema>;

export const TeamDraftSchema = z
  .object({
    members: z
      .array(z.object({ userId: IdSchema, leader: z.boolean().default(false) }).strict())
      .min(1)
      .max(30)
      .meta({ description: 'Staff of participants (not the host) or of observer organisations; exactly one leader' }),
  })
  .strict()
  .meta({ id: 'PeerReviewTeamDraft' });
export type TeamDraft = z.infer<typeof TeamDraftSchema>;

export const VisitDatesSchema = z
  .object({ startsOn: IsoDateSchema, endsOn: IsoDateSchema })
  .strict()
  .meta({ id: 'PeerReviewVisitDates' });
export type VisitDates = z.infer<typeof VisitDatesSchema>;

export const DraftReportSchema = z
  .object({ body: TextSchema(100_000), files })
  .strict()
  .meta({ id: 'PeerReviewDraftReport', description: 'The team’s draft report; files (base64, at most REPORT_FILE_MAX_BYTES each) are added to those already attached' });
export type DraftReport = z.infer<typeof DraftReportSchema>;

export const HostCommentSchema = z
  .object({ body: TextSchema(20_000), language: LanguageSchema.optional() })
  .strict()
  .meta({ id: 'PeerReviewHostComment' });
export type HostComment = z.infer<typeof HostCommentSchema>;

export const RecommendationDraftSchema = z
  .object({
    text: TextSchema(5000),
    owner: z
      .discriminatedUnion('kind', [z.object({ kind: z.literal('participant') }).strict(), z.object({ kind: z.literal('body'), name: TextSchema(200) }).strict()])
      .meta({ description: 'Who acts on it: the host participant, or a named body (a working group, an agency)' }),
    dueOn: IsoDateSchema,
  })
  .strict()
  .meta({ id: 'RecommendationDraft' });
export type RecommendationDraft = z.infer<typeof RecommendationDraftSchema>;

export const FinalReportSchema = z
  .object({ body: TextSchema(100_000), recommendations: z.array(RecommendationDraftSchema).max(100).default([]), files })
  .strict()
  .meta({ id: 'PeerReviewFinalReport' });
export type FinalReport = z.infer<typeof FinalReportSchema>;

export const RecommendationsDraftSchema = z
  .object({ recommendations: z.array(RecommendationDraftSchema).min(1).max(100) })
  .strict()
  .meta({ id: 'RecommendationsDraft' });

export const RecommendationEventDraftSchema = z
  .object({
    status: z.enum(RECOMMENDATION_STATUSES).meta({
      description: `The host’s administrator reports ${HOST_REPORTABLE_STATUSES.join(', ')}; the WGM and the Chair may set any status, and close`,
    }),
    note: TextSchema(5000),
  })
  .strict()
  .meta({ id: 'RecommendationEventDraft' });
export type RecommendationEventDraft = z.infer<typeof RecommendationEventDraftSchema>;

export const CloseReviewSchema = z.object({ note: TextSchema(5000) }).strict().meta({ id: 'PeerReviewClosing' });

export const TimelineStepSchema = z
  .object({
    step: z.enum(TIMELINE_STEPS),
    at: z.string().nullable().meta({ description: 'When the step was recorded' }),
    on: z.string().nullable().meta({ description: 'The day the step refers to: the first day of the visit, else the day recorded' }),
    until: z.string().nullable().meta({ description: 'The last day of the visit' }),
  })
  .meta({ id: 'PeerReviewStep' });
export type TimelineStepDto = z.infer<typeof TimelineStepSchema>;

const RecommendationCountsSchema = z.object({ total: z.number().int(), open: z.number().int(), overdue: z.number().int() });

export const RecommendationSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    text: z.string(),
    ownerKind: z.enum(['participant', 'body']),
    owner: z.string().meta({ description: 'The host participant’s code, or the named body' }),
    dueOn: z.string(),
    status: z.enum(RECOMMENDATION_STATUSES),
    overdue: z.boolean().meta({ description: 'The due date has passed and it is not closed' }),
    closedAt: z.string().nullable(),
    events: z.array(z.object({ status: z.enum(RECOMMENDATION_STATUSES), note: z.string().nullable(), authorName: z.string(), onBehalfOf: z.string().nullable(), at: z.string() })),
  })
  .meta({ id: 'Recommendation' });
export type Recommendation = z.infer<typeof RecommendationSchema>;

const ReportTextSchema = z.object({ body: z.string(), at: z.string(), byName: z.string() });

export const PeerReviewSummarySchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    kind: z.enum(PEER_REVIEW_KINDS),
    hostParticipantCode: z.string(),
    status: z.enum(PEER_REVIEW_STATUSES),
    decision: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }).nullable().meta({ description: 'Missions: the decision that initiated it' }),
    steps: z.array(TimelineStepSchema).meta({ description: 'The steps reached so far, oldest first' }),
    recommendationCounts: RecommendationCountsSchema,
  })
  .meta({ id: 'PeerReviewSummary' });
export type PeerReviewSummary = z.infer<typeof PeerReviewSummarySchema>;

export const PeerReviewSchema = PeerReviewSummarySchema.extend({
  scope: z.string(),
  invitedByName: z.string(),
  visit: z.object({ startsOn: z.string(), endsOn: z.string() }).nullable(),
  team: z.array(z.object({ userId: z.uuid(), name: z.string(), participantCode: z.string().nullable(), observerCode: z.string().nullable(), leader: z.boolean() })),
  draftReport: ReportTextSchema.nullable(),
  hostComments: z.array(z.object({ id: z.uuid(), body: z.string(), language: z.string(), authorName: z.string(), at: z.string() })),
  finalReport: ReportTextSchema.nullable(),
  files: z.array(z.object({ id: z.uuid(), stage: z.enum(REPORT_STAGES), fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string() })),
  recommendations: z.array(RecommendationSchema),
  closingNote: z.string().nullable(),
  /** What the caller may do now. */
  can: z.object({
    formTeam: z.boolean(),
    scheduleVisit: z.boolean(),
    draftReport: z.boolean(),
    comment: z.boolean(),
    finalise: z.boolean(),
    addRecommendations: z.boolean(),
    reportProgress: z.boolean(),
    closeRecommendations: z.boolean(),
    close: z.boolean(),
    share: z.boolean(),
  }),
  sharedWithObservers: z.boolean().meta({ description: 'Observers not on the team read the review; false: KP ONLY' }),
}).meta({ id: 'PeerReview' });
export type PeerReview = z.infer<typeof PeerReviewSchema>;

export const ParticipantPeerReviewsSchema = z
  .object({ participantCode: z.string(), items: z.array(PeerReviewSummarySchema) })
  .meta({ id: 'ParticipantPeerReviews', description: 'A participant’s reviews, oldest first, each with its dated steps' });

export const FollowUpSchema = z
  .object({
    items: z.array(
      RecommendationSchema.omit({ events: true }).extend({
        reviewId: z.uuid(),
        reviewReference: z.string(),
        hostParticipantCode: z.string(),
        lastNote: z.string().nullable(),
        lastEventAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'RecommendationFollowUp', description: 'Recommendations not yet closed, most overdue first' });
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const FollowUpQuerySchema = z.object({
  participant: ParticipantCodeSchema.optional().meta({ description: 'Only this host participant’s' }),
});

export const TeamCandidateSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    participantCode: z.string().nullable(),
    observerCode: z.string().nullable(),
  })
  .meta({ id: 'PeerReviewTeamCandidate' });
export type TeamCandidateDto = z.infer<typeof TeamCandidateSchema>;

import { base64BodyLimit } from '../domain/attachments.ts';
import { sendAttachment } from '../http/send-attachment.ts';
import { z } from 'zod';
import { SharingDraftSchema } from '../domain/observer-sharing.ts';
import { sharePeerReview } from './share-peer-review.ts';
import type { Deps } from '../deps.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { closePeerReview } from './close-peer-review.ts';
import { createPeerReview } from './create-peer-review.ts';
import { getPeerReview, getPeerReviewFile, listPeerReviews, participantPeerReviews, recommendationFollowUp, listTeamCandidates } from './find-peer-reviews.ts';
import { addRecommendations, recordRecommendationStatus } from './follow-up-recommendations.ts';
import { formReviewTeam } from './form-review-team.ts';
import { scheduleReviewVisit } from './schedule-review-visit.ts';
import {
  CloseReviewSchema,
  DraftReportSchema,
  FinalReportSchema,
  FollowUpQuerySchema,
  FollowUpSchema,
  HostCommentSchema,
  ParticipantPeerReviewsSchema,
  PeerReviewDraftSchema,
  PeerReviewSchema,
  PeerReviewSummarySchema,
  RecommendationEventDraftSchema,
  RecommendationsDraftSchema,
  TeamDraftSchema,
  VisitDatesSchema, TeamCandidateSchema } from './schemas.ts';
import { commentOnDraftReport, finaliseReviewReport, writeDraftReport } from './write-review-report.ts';

const params = z.object({ id: IdSchema });
/** Report files travel base64 inside JSON: up to five per request. */
const reportBodyLimit = (deps: Deps) => base64BodyLimit(deps.config.reportFileMaxBytes, 5, 256 * 1024);

/**
 * Peer review (KPCS-DOMAIN §7): review visits invited by the host and review missions initiated
 * by decision; the team, the visit, the draft and final reports, and the follow-up of
 * recommendations. The Chair, the WGM, the host's staff and the team see a review; the public
 * sees nothing yet.
 */
export async function peerReviewRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/peer-reviews',
    {
      schema: {
        tags: ['governance'],
        summary: 'Invite a review visit (the host participant’s administrator), or open a review mission initiated by an adopted decision (Chair)',
        body: PeerReviewDraftSchema,
        response: { 201: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createPeerReview({ actor: requireActor(request), draft: request.body }, deps)),
  );

  app.get(
    '/api/peer-reviews',
    {
      schema: {
        tags: ['governance'],
        summary: 'Peer reviews the caller sees, newest first: all for the Chair and WGM; those of one’s own participant or team for others',
        response: { 200: z.object({ items: z.array(PeerReviewSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listPeerReviews(deps, { actor: requireActor(request) }) }),
  );

  app.get(
    '/api/peer-reviews/follow-up',
    {
      schema: {
        tags: ['governance'],
        summary: 'Recommendations not yet closed, with the overdue flag (Chair and WGM: every participant’s; participant staff: their own)',
        querystring: FollowUpQuerySchema,
        response: { 200: FollowUpSchema, ...errorResponses },
      },
    },
    async (request) => recommendationFollowUp(deps, { actor: requireActor(request), participant: request.query.participant }),
  );

  app.get(
    '/api/participants/:code/peer-reviews',
    {
      schema: {
        tags: ['governance'],
        summary: 'A participant’s peer-review timeline: its reviews with their dated steps (its staff, Chair, WGM)',
        params: z.object({ code: ParticipantCodeSchema }),
        response: { 200: ParticipantPeerReviewsSchema, ...errorResponses },
      },
    },
    async (request) => participantPeerReviews(deps, { actor: requireActor(request), participantCode: request.params.code }),
  );

  app.get(
    '/api/peer-reviews/:id',
    {
      schema: {
        tags: ['governance'],
        summary: 'One peer review in full: team, visit, reports, host comments, recommendations and their follow-up (Chair, WGM, the host’s staff, the team)',
        params,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => getPeerReview(deps, { actor: requireActor(request), id: request.params.id }),
  );

  app.get(
    '/api/peer-reviews/:id/files/:fileId',
    { schema: { tags: ['governance'], summary: 'Download a file of a draft or final report', params: params.extend({ fileId: IdSchema }) } },
    async (request, reply) => {
      const file = await getPeerReviewFile(deps, { actor: requireActor(request), id: request.params.id, fileId: request.params.fileId });
      return sendAttachment(reply, file);
    },
  );

  app.get(
    '/api/peer-reviews/:id/team-candidates',
    {
      schema: {
        tags: ['governance'],
        summary: 'The people who may sit on the team: active staff of participants other than the host, and of observer organisations (Chair, WGM)',
        params,
        response: { 200: z.object({ items: z.array(TeamCandidateSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listTeamCandidates(deps, { actor: requireActor(request), id: request.params.id }) }),
  );

  app.put(
    '/api/peer-reviews/:id/team',
    {
      schema: {
        tags: ['governance'],
        summary: 'Form or change the team: participants’ and observers’ staff, not the host’s, exactly one leader (Chair, WGM; until the draft report)',
        params,
        body: TeamDraftSchema,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => formReviewTeam({ actor: requireActor(request), id: request.params.id, draft: request.body }, deps),
  );

  app.put(
    '/api/peer-reviews/:id/visit',
    {
      schema: {
        tags: ['governance'],
        summary: 'Set or move the dates of the visit (Chair, WGM, team leader; until the draft report)',
        params,
        body: VisitDatesSchema,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => scheduleReviewVisit({ actor: requireActor(request), id: request.params.id, dates: request.body }, deps),
  );

  app.post(
    '/api/peer-reviews/:id/draft-report',
    {
      bodyLimit: reportBodyLimit(deps),
      schema: {
        tags: ['governance'],
        summary: 'Enter or replace the draft report, with files (team leader; once the visit is over, until the host comments)',
        params,
        body: DraftReportSchema,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => writeDraftReport({ actor: requireActor(request), id: request.params.id, report: request.body }, deps),
  );

  app.post(
    '/api/peer-reviews/:id/host-comments',
    {
      schema: {
        tags: ['governance'],
        summary: 'Comment the draft report (the host participant’s administrator)',
        params,
        body: HostCommentSchema,
        response: { 201: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await commentOnDraftReport({ actor: requireActor(request), id: request.params.id, comment: request.body }, deps)),
  );

  app.post(
    '/api/peer-reviews/:id/final-report',
    {
      bodyLimit: reportBodyLimit(deps),
      schema: {
        tags: ['governance'],
        summary: 'Finalise the report with its recommendations (team leader or Chair; after the host’s comments)',
        params,
        body: FinalReportSchema,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => finaliseReviewReport({ actor: requireActor(request), id: request.params.id, report: request.body }, deps),
  );

  app.post(
    '/api/peer-reviews/:id/recommendations',
    {
      schema: {
        tags: ['governance'],
        summary: 'Add recommendations to a final report (team leader, Chair, WGM)',
        params,
        body: RecommendationsDraftSchema,
        response: { 201: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addRecommendations({ actor: requireActor(request), id: request.params.id, drafts: request.body.recommendations }, deps)),
  );

  app.post(
    '/api/peer-reviews/:id/recommendations/:recommendationId/events',
    {
      schema: {
        tags: ['governance'],
        summary: 'Follow up a recommendation: the host’s administrator reports progress; the WGM or Chair closes it. The review closes with its last recommendation.',
        params: params.extend({ recommendationId: IdSchema }),
        body: RecommendationEventDraftSchema,
        response: { 201: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordRecommendationStatus({ actor: requireActor(request), id: request.params.id, recommendationId: request.params.recommendationId, event: request.body }, deps)),
  );

  app.post(
    '/api/peer-reviews/:id/close',
    {
      schema: {
        tags: ['governance'],
        summary: 'Close a review at any step, with a note (Chair)',
        params,
        body: CloseReviewSchema,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => closePeerReview({ actor: requireActor(request), id: request.params.id, note: request.body.note }, deps),
  );

  app.put(
    '/api/peer-reviews/:id/sharing',
    {
      schema: {
        tags: ['governance'],
        summary: 'Share a review with observers, or mark it KP ONLY (Chair, WGM)',
        params,
        body: SharingDraftSchema,
        response: { 200: PeerReviewSchema, ...errorResponses },
      },
    },
    async (request) => sharePeerReview({ actor: requireActor(request), id: request.params.id, draft: request.body }, deps),
  );
}

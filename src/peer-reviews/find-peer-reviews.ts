import { and, asc, desc, eq, inArray, ne, or } from 'drizzle-orm';
import { peerReviewFiles, peerReviewRecommendationEvents, peerReviewRecommendations, peerReviews, peerReviewTeamMembers, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { isOverdue, memberProblem, type RecommendationStatus } from './peer-review-rules.ts';
import {
  assertReadsParticipantReviews,
  assertSeesReview,
  findReview,
  overseesPeerReviews,
  ownerOf,
  reviewDetail,
  summariesOf,
  teamOf,
} from './peer-review-repository.ts';
import type { FollowUp, PeerReview, PeerReviewSummary, TeamCandidateDto } from './schemas.ts';

/** One review in full; NOT_FOUND (or FORBIDDEN for roles that never see one) when the caller may not see it. */
export async function getPeerReview(deps: Deps, { actor, id }: { actor: Actor; id: string }): Promise<PeerReview> {
  const review = await findReview(deps.db, id);
  assertSeesReview(actor, review, review ? await teamOf(deps.db, id) : []);
  return reviewDetail(deps.db, review, actor, deps.now());
}

/** A file of the draft or final report, for those who see the review. */
export async function getPeerReviewFile(deps: Deps, { actor, id, fileId }: { actor: Actor; id: string; fileId: string }) {
  const review = await findReview(deps.db, id);
  assertSeesReview(actor, review, review ? await teamOf(deps.db, id) : []);
  const [file] = await deps.db.select().from(peerReviewFiles).where(and(eq(peerReviewFiles.id, fileId), eq(peerReviewFiles.reviewId, id)));
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}

/**
 * The reviews the caller sees, newest first: every one for the Chair and the WGM; for others,
 * those hosted by their participant and those they sit on the team of; observers also those shared with them. Roles that never see a
 * review (other working groups, the system administrator) are refused.
 */
export async function listPeerReviews(deps: Deps, { actor }: { actor: Actor }): Promise<PeerReviewSummary[]> {
  if (!overseesPeerReviews(actor) && actor.participantCode === null && !hasRole(actor, 'observer')) throw new AppError('FORBIDDEN');
  const onTeam = deps.db.select({ reviewId: peerReviewTeamMembers.reviewId }).from(peerReviewTeamMembers).where(eq(peerReviewTeamMembers.userId, actor.userId));
  const query = deps.db.select().from(peerReviews);
  const rows = overseesPeerReviews(actor)
    ? await query.orderBy(desc(peerReviews.invitedAt), desc(peerReviews.reference))
    : await query
        .where(
          actor.participantCode
            ? or(eq(peerReviews.hostParticipantCode, actor.participantCode), inArray(peerReviews.id, onTeam))
            : hasRole(actor, 'observer')
              ? or(inArray(peerReviews.id, onTeam), eq(peerReviews.sharedWithObservers, true))
              : inArray(peerReviews.id, onTeam),
        )
        .orderBy(desc(peerReviews.invitedAt), desc(peerReviews.reference));
  return summariesOf(deps.db, rows, todayUtc(deps.now()));
}

/** A participant's timeline: its reviews, oldest first, each with its dated steps (its staff, the Chair, the WGM). */
export async function participantPeerReviews(deps: Deps, { actor, participantCode }: { actor: Actor; participantCode: string }): Promise<{ participantCode: string; items: PeerReviewSummary[] }> {
  if (!(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  assertReadsParticipantReviews(actor, participantCode);
  const rows = await deps.db.select().from(peerReviews).where(eq(peerReviews.hostParticipantCode, participantCode)).orderBy(asc(peerReviews.invitedAt), asc(peerReviews.reference));
  return { participantCode, items: await summariesOf(deps.db, rows, todayUtc(deps.now())) };
}

/**
 * Recommendations still to be closed, across the reviews being followed up (a review the Chair
 * closed takes its open recommendations with it), most overdue first. The Chair and the WGM see
 * every participant's; a participant's staff see their own participant's.
 */
export async function recommendationFollowUp(deps: Deps, { actor, participant }: { actor: Actor; participant?: string }): Promise<FollowUp> {
  let host = participant;
  if (!overseesPeerReviews(actor)) {
    if (actor.participantCode === null) throw new AppError('FORBIDDEN');
    if (participant !== undefined && participant !== actor.participantCode) throw new AppError('NOT_FOUND');
    host = actor.participantCode;
  }
  const rows = await deps.db
    .select({ recommendation: peerReviewRecommendations, review: peerReviews })
    .from(peerReviewRecommendations)
    .innerJoin(peerReviews, eq(peerReviews.id, peerReviewRecommendations.reviewId))
    .where(and(ne(peerReviewRecommendations.status, 'closed'), ne(peerReviews.status, 'closed'), host ? eq(peerReviews.hostParticipantCode, host) : undefined))
    .orderBy(asc(peerReviewRecommendations.dueOn), asc(peerReviews.reference), asc(peerReviewRecommendations.number));
  const events = rows.length
    ? await deps.db
        .select()
        .from(peerReviewRecommendationEvents)
        .where(inArray(peerReviewRecommendationEvents.recommendationId, rows.map((row) => row.recommendation.id)))
        .orderBy(asc(peerReviewRecommendationEvents.at), asc(peerReviewRecommendationEvents.id))
    : [];
  const latest = new Map(events.map((event) => [event.recommendationId, event]));
  const today = todayUtc(deps.now());
  return {
    items: rows.map(({ recommendation, review }) => {
      const last = latest.get(recommendation.id);
      return {
        id: recommendation.id,
        number: recommendation.number,
        text: recommendation.text,
        ownerKind: recommendation.ownerKind as 'participant' | 'body',
        owner: ownerOf(recommendation, review.hostParticipantCode),
        dueOn: recommendation.dueOn,
        status: recommendation.status as RecommendationStatus,
        overdue: isOverdue(recommendation, today),
        closedAt: null,
        reviewId: review.id,
        reviewReference: review.reference,
        hostParticipantCode: review.hostParticipantCode,
        lastNote: last?.note ?? null,
        lastEventAt: (last?.at ?? recommendation.createdAt).toISOString(),
      };
    }),
  };
}

/**
 * The people the Chair or the WGM may put on a review's team: active staff of participants other
 * than the host, and of observer organisations (never a national system's account), by body and
 * name. Others who see the review get FORBIDDEN; those who do not, NOT_FOUND.
 */
export async function listTeamCandidates(deps: Deps, { actor, id }: { actor: Actor; id: string }): Promise<TeamCandidateDto[]> {
  const review = await findReview(deps.db, id);
  assertSeesReview(actor, review, review ? await teamOf(deps.db, id) : []);
  if (!overseesPeerReviews(actor)) throw new AppError('FORBIDDEN');
  const people = await deps.db.select().from(users);
  return people
    .filter((user) => memberProblem({ ...user, disabled: user.disabledAt !== null }, review!.hostParticipantCode) === null)
    .map((user) => ({ userId: user.id, name: user.name, participantCode: user.participantCode, observerCode: user.observerCode }))
    .sort((a, b) => (a.participantCode ?? `~${a.observerCode}`).localeCompare(b.participantCode ?? `~${b.observerCode}`) || a.name.localeCompare(b.name));
}

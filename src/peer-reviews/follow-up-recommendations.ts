import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { peerReviewRecommendationEvents, peerReviewRecommendations, peerReviews } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { HOST_REPORTABLE_STATUSES } from './peer-review-rules.ts';
import { actsForHost, assertStatus, hasOpenRecommendations, insertRecommendations, isLeader, overseesPeerReviews, reviewDetail, reviewForChange } from './peer-review-repository.ts';
import type { PeerReview, RecommendationDraft, RecommendationEventDraft } from './schemas.ts';

/** More recommendations on a final report (the team leader, the Chair or the WGM). */
export async function addRecommendations({ actor, id, drafts }: { actor: Actor; id: string; drafts: RecommendationDraft[] }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review, team } = await reviewForChange(tx, actor, id);
    if (!isLeader(actor, team) && !overseesPeerReviews(actor)) throw new AppError('FORBIDDEN');
    assertStatus(review, ['final_report']);
    const added = await insertRecommendations(tx, { review, drafts, actor, at: now });
    await recordAudit(tx, {
      actor,
      action: 'peer_review.recommendations_added',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, recommendations: added },
    });
    return review;
  });
  return reviewDetail(deps.db, row, actor, now);
}

/**
 * The follow-up of a recommendation: the host's administrator reports progress (open,
 * in progress, implemented) with a note; the WGM or the Chair may set any status and alone
 * close it, with a note. Each change is a new event, never edited. When the last open
 * recommendation is closed, the review closes.
 */
export async function recordRecommendationStatus(
  { actor, id, recommendationId, event }: { actor: Actor; id: string; recommendationId: string; event: RecommendationEventDraft },
  deps: Deps,
): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review } = await reviewForChange(tx, actor, id);
    const [recommendation] = await tx
      .select()
      .from(peerReviewRecommendations)
      .where(and(eq(peerReviewRecommendations.id, recommendationId), eq(peerReviewRecommendations.reviewId, id)))
      .for('update');
    if (!recommendation) throw new AppError('NOT_FOUND');
    const host = actsForHost(actor, review);
    const oversees = overseesPeerReviews(actor);
    if (!oversees && !(host && (HOST_REPORTABLE_STATUSES as readonly string[]).includes(event.status))) throw new AppError('FORBIDDEN');
    assertStatus(review, ['final_report']);
    if (recommendation.status === 'closed') throw new AppError('PEER_REVIEW_RECOMMENDATION_CLOSED', { number: recommendation.number }, { recommendationId });
    await tx.insert(peerReviewRecommendationEvents).values({
      id: newId(),
      recommendationId,
      status: event.status,
      note: event.note,
      userId: actor.userId,
      authorName: actor.name,
      onBehalfOf: oversees ? null : review.hostParticipantCode,
      at: now,
    });
    await tx
      .update(peerReviewRecommendations)
      .set({ status: event.status, closedAt: event.status === 'closed' ? now : null })
      .where(eq(peerReviewRecommendations.id, recommendationId));
    await recordAudit(tx, {
      actor,
      action: 'peer_review.recommendation_status',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, recommendationId, number: recommendation.number, from: recommendation.status, to: event.status },
    });
    if (event.status !== 'closed' || (await hasOpenRecommendations(tx, id))) return review;
    const [closed] = await tx.update(peerReviews).set({ status: 'closed', closedAt: now }).where(eq(peerReviews.id, id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.closed',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, reason: 'all_recommendations_closed' },
    });
    return closed;
  });
  return reviewDetail(deps.db, row, actor, now);
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { peerReviewComments, peerReviews } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { COMMENTABLE, DRAFTABLE } from './peer-review-rules.ts';
import { actsForHost, assertStatus, attachReportFiles, insertRecommendations, isLeader, reviewDetail, reviewForChange } from './peer-review-repository.ts';
import type { DraftReport, FinalReport, HostComment, PeerReview } from './schemas.ts';

/**
 * The team leader enters the draft report once the visit is over (its last day included); the
 * text may be replaced until the host comments it, and files are added to those attached.
 */
export async function writeDraftReport({ actor, id, report }: { actor: Actor; id: string; report: DraftReport }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review, team } = await reviewForChange(tx, actor, id);
    if (!isLeader(actor, team)) throw new AppError('FORBIDDEN');
    assertStatus(review, DRAFTABLE);
    if (review.visitEndsOn && todayUtc(now) < review.visitEndsOn) throw new AppError('PEER_REVIEW_VISIT_NOT_OVER', { endsOn: review.visitEndsOn }, { endsOn: review.visitEndsOn });
    const files = await attachReportFiles(tx, { reviewId: id, stage: 'draft', files: report.files, actor, at: now, maxBytes: deps.config.reportFileMaxBytes });
    const [drafted] = await tx
      .update(peerReviews)
      .set({ status: 'draft_report', draftReport: report.body, draftReportBy: actor.userId, draftReportAt: now })
      .where(eq(peerReviews.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.draft_report',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, replaced: review.draftReport !== null, length: report.body.length, files },
    });
    return drafted;
  });
  return reviewDetail(deps.db, row, actor, now);
}

/** The host participant's administrator comments the draft (as often as needed, until the report is final). Kept, never edited. */
export async function commentOnDraftReport({ actor, id, comment }: { actor: Actor; id: string; comment: HostComment }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review } = await reviewForChange(tx, actor, id);
    if (!actsForHost(actor, review)) throw new AppError('FORBIDDEN');
    assertStatus(review, COMMENTABLE);
    const commentId = newId();
    const language = comment.language ?? actor.language;
    await tx.insert(peerReviewComments).values({ id: commentId, reviewId: id, body: comment.body, language, userId: actor.userId, authorName: actor.name, at: now });
    const [commented] = await tx
      .update(peerReviews)
      .set({ status: 'host_comments', hostCommentedAt: review.hostCommentedAt ?? now })
      .where(eq(peerReviews.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.host_commented',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, commentId, language },
    });
    return commented;
  });
  return reviewDetail(deps.db, row, actor, now);
}

/**
 * The team leader or the Chair finalises the report once the host has commented the draft, with
 * its recommendations; the report then never changes, and the recommendations are followed up.
 */
export async function finaliseReviewReport({ actor, id, report }: { actor: Actor; id: string; report: FinalReport }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review, team } = await reviewForChange(tx, actor, id);
    if (!isLeader(actor, team) && !hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
    assertStatus(review, ['host_comments']);
    const files = await attachReportFiles(tx, { reviewId: id, stage: 'final', files: report.files, actor, at: now, maxBytes: deps.config.reportFileMaxBytes });
    const recommendations = await insertRecommendations(tx, { review, drafts: report.recommendations, actor, at: now });
    const [finalised] = await tx
      .update(peerReviews)
      .set({ status: 'final_report', finalReport: report.body, finalReportBy: actor.userId, finalReportAt: now })
      .where(eq(peerReviews.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.final_report',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, length: report.body.length, files, recommendations },
    });
    return finalised;
  });
  return reviewDetail(deps.db, row, actor, now);
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { peerReviews } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { PEER_REVIEW_STATUSES } from './peer-review-rules.ts';
import { assertStatus, reviewDetail, reviewForChange } from './peer-review-repository.ts';
import type { PeerReview } from './schemas.ts';

/**
 * The Chair closes a review at any step, with a note: an invitation withdrawn, a mission
 * overtaken by events, or recommendations the Plenary no longer follows. Open recommendations
 * stay as they are, and leave the follow-up list with the review.
 */
export async function closePeerReview({ actor, id, note }: { actor: Actor; id: string; note: string }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review } = await reviewForChange(tx, actor, id);
    if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
    assertStatus(review, PEER_REVIEW_STATUSES.filter((status) => status !== 'closed'));
    const [closed] = await tx.update(peerReviews).set({ status: 'closed', closedAt: now, closingNote: note }).where(eq(peerReviews.id, id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.closed',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, reason: 'closed_by_chair', from: review.status, note },
    });
    return closed;
  });
  return reviewDetail(deps.db, row, actor, now);
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { peerReviews } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { SharingDraft } from '../domain/observer-sharing.ts';
import type { Actor } from '../domain/roles.ts';
import { overseesPeerReviews, reviewDetail, reviewForChange } from './peer-review-repository.ts';
import type { PeerReview } from './schemas.ts';

/** The Chair or the WGM shares a review with every observer organisation, or marks it KP ONLY (the team's observers see it either way). */
export async function sharePeerReview({ actor, id, draft }: { actor: Actor; id: string; draft: SharingDraft }, deps: Deps): Promise<PeerReview> {
  const row = await transact(deps, async (tx) => {
    const { review } = await reviewForChange(tx, actor, id);
    if (!overseesPeerReviews(actor)) throw new AppError('FORBIDDEN');
    if (review.sharedWithObservers === draft.sharedWithObservers) return review;
    const [updated] = await tx.update(peerReviews).set({ sharedWithObservers: draft.sharedWithObservers }).where(eq(peerReviews.id, id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.sharing_changed',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, sharedWithObservers: draft.sharedWithObservers },
    });
    return updated;
  });
  return reviewDetail(deps.db, row, actor, deps.now());
}

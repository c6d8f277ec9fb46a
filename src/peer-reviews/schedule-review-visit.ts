import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { peerReviews } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { VISIT_SCHEDULABLE } from './peer-review-rules.ts';
import { assertStatus, isLeader, overseesPeerReviews, reviewDetail, reviewForChange } from './peer-review-repository.ts';
import type { PeerReview, VisitDates } from './schemas.ts';

/**
 * The dates of the visit, agreed with the host: set by the Chair, the WGM or the team leader once
 * the team is formed, and movable until the draft report. Past dates are accepted, so a visit
 * held before it was recorded here can be entered.
 */
export async function scheduleReviewVisit({ actor, id, dates }: { actor: Actor; id: string; dates: VisitDates }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review, team } = await reviewForChange(tx, actor, id);
    if (!overseesPeerReviews(actor) && !isLeader(actor, team)) throw new AppError('FORBIDDEN');
    assertStatus(review, VISIT_SCHEDULABLE);
    if (dates.endsOn < dates.startsOn) throw new AppError('PEER_REVIEW_DATES_INVALID', dates, dates);
    const [scheduled] = await tx
      .update(peerReviews)
      .set({ status: 'visit_scheduled', visitStartsOn: dates.startsOn, visitEndsOn: dates.endsOn, visitScheduledAt: now })
      .where(eq(peerReviews.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.visit_scheduled',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, ...dates, previous: review.visitStartsOn ? { startsOn: review.visitStartsOn, endsOn: review.visitEndsOn } : null },
    });
    return scheduled;
  });
  return reviewDetail(deps.db, row, actor, now);
}

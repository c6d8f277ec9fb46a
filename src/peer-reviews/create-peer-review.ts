import { recordAudit } from '../audit/record-audit.ts';
import { peerReviews } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { actsFor, hasRole, type Actor } from '../domain/roles.ts';
import { findDecision } from '../decisions/decision-repository.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { nextReference, reviewDetail } from './peer-review-repository.ts';
import type { PeerReview, PeerReviewDraft } from './schemas.ts';

/**
 * Opens a peer review. A review visit is voluntary: only the host participant's administrator
 * invites one. A review mission is created by the Chair and names the adopted decision that
 * initiated it (KPCS-DOMAIN §7).
 *
 * @example
 * await createPeerReview({ actor: adminBw, draft: { kind: 'visit', hostParticipantCode: 'BW', scope: 'Our export controls' } }, deps);
 * await createPeerReview({ actor: chair, draft: { kind: 'mission', hostParticipantCode: 'CF', decisionId, scope: 'Terms of reference' } }, deps);
 */
export async function createPeerReview({ actor, draft }: { actor: Actor; draft: PeerReviewDraft }, deps: Deps): Promise<PeerReview> {
  const host = draft.hostParticipantCode;
  const allowed = draft.kind === 'visit' ? actsFor(actor, host, 'participant_admin') : hasRole(actor, 'kp_chair');
  if (!allowed) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    if (!(await participantExists(tx, host))) throw new AppError('UNKNOWN_PARTICIPANT', { code: host });
    let decisionReference: string | null = null;
    if (draft.kind === 'mission') {
      const decision = await findDecision(tx, draft.decisionId);
      if (!decision || decision.status !== 'adopted') {
        throw new AppError('PEER_REVIEW_DECISION_NOT_ADOPTED', { decision: decision?.reference ?? draft.decisionId }, { decisionId: draft.decisionId, status: decision?.status ?? null });
      }
      decisionReference = decision.reference;
    }
    const id = newId();
    const reference = await nextReference(tx, draft.kind, now.getUTCFullYear());
    const [created] = await tx
      .insert(peerReviews)
      .values({
        id,
        reference,
        kind: draft.kind,
        hostParticipantCode: host,
        decisionId: draft.kind === 'mission' ? draft.decisionId : null,
        scope: draft.scope,
        status: 'invited',
        invitedBy: actor.userId,
        invitedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: draft.kind === 'visit' ? 'peer_review.invited' : 'peer_review.mission_created',
      entityType: 'peer_review',
      entityId: id,
      participantCode: host,
      data: { reference, kind: draft.kind, decisionId: created.decisionId, decisionReference },
    });
    return created;
  });
  return reviewDetail(deps.db, row, actor, now);
}

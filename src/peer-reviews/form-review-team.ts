import { eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { peerReviews, peerReviewTeamMembers, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { memberProblem, TEAM_FORMABLE } from './peer-review-rules.ts';
import { assertStatus, overseesPeerReviews, reviewDetail, reviewForChange } from './peer-review-repository.ts';
import type { PeerReview, TeamDraft } from './schemas.ts';

/**
 * The Chair or the WGM forms the team: staff of participants other than the host, and of
 * observer organisations, exactly one of them the leader. The whole team is given each time, so
 * it can be changed until the draft report exists; members' names and bodies are kept as they
 * are now.
 */
export async function formReviewTeam({ actor, id, draft }: { actor: Actor; id: string; draft: TeamDraft }, deps: Deps): Promise<PeerReview> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const { review, team: earlier } = await reviewForChange(tx, actor, id);
    if (!overseesPeerReviews(actor)) throw new AppError('FORBIDDEN');
    assertStatus(review, TEAM_FORMABLE);
    const leaders = draft.members.filter((member) => member.leader).length;
    if (leaders !== 1) throw new AppError('PEER_REVIEW_TEAM_LEADER', { count: leaders }, { leaders });
    const ids = draft.members.map((member) => member.userId);
    const candidates = await tx.select().from(users).where(inArray(users.id, ids));
    const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    for (const [index, member] of draft.members.entries()) {
      const candidate = byId.get(member.userId);
      const problem = ids.indexOf(member.userId) !== index
        ? 'duplicate'
        : candidate
          ? memberProblem({ ...candidate, disabled: candidate.disabledAt !== null }, review.hostParticipantCode)
          : 'unknown_user';
      if (problem === 'host_staff') throw new AppError('PEER_REVIEW_MEMBER_FROM_HOST', { name: candidate!.name, participant: review.hostParticipantCode }, { userId: member.userId });
      if (problem) throw new AppError('PEER_REVIEW_MEMBER_NOT_ELIGIBLE', { name: candidate?.name ?? member.userId }, { userId: member.userId, problem });
    }
    const team = draft.members.map((member) => {
      const user = byId.get(member.userId)!;
      return { reviewId: id, userId: user.id, name: user.name, participantCode: user.participantCode, observerCode: user.observerCode, leader: member.leader };
    });
    await tx.delete(peerReviewTeamMembers).where(eq(peerReviewTeamMembers.reviewId, id));
    await tx.insert(peerReviewTeamMembers).values(team);
    const [formed] = await tx
      .update(peerReviews)
      .set({ status: review.status === 'invited' ? 'team_formed' : review.status, teamFormedAt: now })
      .where(eq(peerReviews.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'peer_review.team_formed',
      entityType: 'peer_review',
      entityId: id,
      participantCode: review.hostParticipantCode,
      data: { reference: review.reference, team: team.map(({ userId, name, participantCode, observerCode, leader }) => ({ userId, name, participantCode, observerCode, leader })) },
    });
    // each member newly on the team, or newly its leader, is told of the assignment
    for (const member of team) {
      const before = earlier.find((entry) => entry.userId === member.userId);
      if (before && before.leader === member.leader) continue;
      await notify(
        tx,
        {
          to: { userIds: [member.userId] },
          kind: 'peer_review.assigned',
          params: { reference: review.reference, participantCode: review.hostParticipantCode, leader: member.leader ? 'yes' : 'no' },
          link: `/peer-reviews/${id}`,
          except: actor.userId,
        },
        deps,
      );
    }
    return formed;
  });
  return reviewDetail(deps.db, row, actor, now);
}

import { recordAudit } from '../audit/record-audit.ts';
import { decisionComments } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { decisionDetail, findDecision, mayComment } from './decision-repository.ts';
import type { Decision, DecisionCommentDraft } from './schemas.ts';

/**
 * Comments on a circulating written procedure: participants' administrators, observers when it is
 * shared with them (they comment but do not take positions), the Chair, working groups and
 * committees. Kept, never edited.
 */
export async function commentOnDecision({ actor, id, draft }: { actor: Actor; id: string; draft: DecisionCommentDraft }, deps: Deps): Promise<Decision> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const decision = await findDecision(tx, id, { forUpdate: true });
    if (!decision) throw new AppError('NOT_FOUND');
    if (!mayComment(actor, decision)) throw new AppError(decision.status === 'adopted' || !hasRole(actor, 'observer') ? 'FORBIDDEN' : 'NOT_FOUND');
    if (decision.status !== 'circulating' || (decision.deadline !== null && now >= decision.deadline)) {
      throw new AppError('DECISION_NOT_CIRCULATING', { status: decision.status === 'circulating' ? 'deadline_passed' : decision.status });
    }
    const commentId = newId();
    const language = draft.language ?? actor.language;
    await tx.insert(decisionComments).values({
      id: commentId,
      decisionId: id,
      userId: actor.userId,
      authorName: actor.name,
      onBehalfOf: actor.participantCode ?? actor.observerCode,
      body: draft.body,
      language,
      at: now,
    });
    await recordAudit(tx, {
      actor,
      action: 'decision.commented',
      entityType: 'decision',
      entityId: id,
      participantCode: actor.participantCode,
      data: { reference: decision.reference, commentId, language },
    });
    return decision;
  });
  return decisionDetail(deps.db, row, actor, { now, concernedMayBlock: deps.config.concernedParticipantMayBlock });
}

import { recordAudit } from '../audit/record-audit.ts';
import { decisionPositions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { decisionDetail, findDecision } from './decision-repository.ts';
import type { Decision, PositionDraft } from './schemas.ts';

/**
 * A participant's administrator supports or objects to a circulating written procedure, for its
 * own participant only; staying silent is giving no position. A later position replaces an
 * earlier one until the deadline; every one is kept.
 */
export async function takePosition({ actor, id, draft }: { actor: Actor; id: string; draft: PositionDraft }, deps: Deps): Promise<Decision> {
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const participantCode = actor.participantCode;
    if (participantCode === null || !hasRole(actor, 'participant_admin')) throw new AppError('FORBIDDEN');
    const decision = await findDecision(tx, id, { forUpdate: true });
    if (!decision) throw new AppError('NOT_FOUND');
    if (decision.kind !== 'written_procedure' || decision.status !== 'circulating' || (decision.deadline !== null && now >= decision.deadline)) {
      throw new AppError('DECISION_NOT_CIRCULATING', { status: decision.status === 'circulating' ? 'deadline_passed' : decision.status });
    }
    if (!decision.eligible.includes(participantCode)) throw new AppError('DECISION_NOT_ELIGIBLE', { participant: participantCode });
    const positionId = newId();
    await tx.insert(decisionPositions).values({ id: positionId, decisionId: id, participantCode, position: draft.position, comment: draft.comment ?? null, userId: actor.userId, at: now });
    await recordAudit(tx, {
      actor,
      action: 'decision.position_taken',
      entityType: 'decision',
      entityId: id,
      participantCode,
      data: { reference: decision.reference, position: draft.position, positionId },
    });
    return decision;
  });
  return decisionDetail(deps.db, row, actor, { now, concernedMayBlock: deps.config.concernedParticipantMayBlock });
}

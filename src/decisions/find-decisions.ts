import { AppError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../domain/roles.ts';
import { decisionDetail, decisionsPositionedBy, findDecision, seesInFull, listDecisionRows, summaryOf, takesPart, type StoredEffect } from './decision-repository.ts';
import type { DecisionStatus } from './decision-rules.ts';
import { settleDueDecisions } from './settle-due-decisions.ts';
import type { Decision, DecisionSummary } from './schemas.ts';

/**
 * Decisions newest first. The public sees adopted decisions; KP members (participants' staff,
 * Chair, working groups, observers) see every one, circulating procedures included.
 */
export async function listDecisions(
  deps: Deps,
  { actor, status, participant }: { actor: Actor | null; status?: DecisionStatus; participant?: string },
): Promise<DecisionSummary[]> {
  await settleDueDecisions(deps);
  const rows = await listDecisionRows(deps.db, { status });
  const now = deps.now();
  const positioned = actor?.participantCode ? await decisionsPositionedBy(deps.db, actor.participantCode) : new Set<string>();
  return rows
    .filter((row) => row.status === 'adopted' || seesInFull(actor, row))
    .filter((row) => !participant || (row.effects as StoredEffect[]).some((effect) => effect.participantCode === participant))
    .map((row) => summaryOf(row, row.status === 'circulating' && row.deadline !== null && now < row.deadline && takesPart(actor, row) && !positioned.has(row.id)));
}

/** One decision; one the caller may not see is `NOT_FOUND`, as if it did not exist. */
export async function getDecision(deps: Deps, { actor, id }: { actor: Actor | null; id: string }): Promise<Decision> {
  await settleDueDecisions(deps);
  const row = await findDecision(deps.db, id);
  if (!row || (row.status !== 'adopted' && !seesInFull(actor, row))) throw new AppError('NOT_FOUND');
  return decisionDetail(deps.db, row, actor, { now: deps.now(), concernedMayBlock: deps.config.concernedParticipantMayBlock });
}

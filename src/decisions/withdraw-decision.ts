import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { decisions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { decisionDetail, findDecision } from './decision-repository.ts';
import type { Decision } from './schemas.ts';

/** The Chair withdraws a written procedure before its deadline; nothing it proposed applies. */
export async function withdrawDecision({ actor, id, note }: { actor: Actor; id: string; note: string }, deps: Deps): Promise<Decision> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const row = await transact(deps, async (tx) => {
    const decision = await findDecision(tx, id, { forUpdate: true });
    if (!decision) throw new AppError('NOT_FOUND');
    if (decision.status !== 'circulating' || (decision.deadline !== null && now >= decision.deadline)) {
      throw new AppError('DECISION_NOT_CIRCULATING', { status: decision.status === 'circulating' ? 'deadline_passed' : decision.status });
    }
    const [updated] = await tx.update(decisions).set({ status: 'withdrawn', decidedAt: now, outcome: { tally: null, note } }).where(eq(decisions.id, id)).returning();
    await recordAudit(tx, { actor, action: 'decision.withdrawn', entityType: 'decision', entityId: id, data: { reference: decision.reference } });
    return updated;
  });
  return decisionDetail(deps.db, row, actor, { now, concernedMayBlock: deps.config.concernedParticipantMayBlock });
}

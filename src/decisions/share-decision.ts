import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { decisions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { SharingDraft } from '../domain/observer-sharing.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { decisionDetail, findDecision } from './decision-repository.ts';
import type { Decision } from './schemas.ts';

/** The Chair shares a decision with observers or marks it KP ONLY; every change is audited. */
export async function shareDecision({ actor, id, draft }: { actor: Actor; id: string; draft: SharingDraft }, deps: Deps): Promise<Decision> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const row = await transact(deps, async (tx) => {
    const decision = await findDecision(tx, id, { forUpdate: true });
    if (!decision) throw new AppError('NOT_FOUND');
    if (decision.sharedWithObservers === draft.sharedWithObservers) return decision;
    const [updated] = await tx.update(decisions).set({ sharedWithObservers: draft.sharedWithObservers }).where(eq(decisions.id, id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'decision.sharing_changed',
      entityType: 'decision',
      entityId: id,
      data: { reference: decision.reference, sharedWithObservers: draft.sharedWithObservers },
    });
    return updated;
  });
  return decisionDetail(deps.db, row, actor, { now: deps.now(), concernedMayBlock: deps.config.concernedParticipantMayBlock });
}

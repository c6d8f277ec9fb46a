import { recordAudit } from '../audit/record-audit.ts';
import { decisions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { invalidateTrustList } from '../verification/verify-online.ts';
import { applyEffects, checkedEffects } from './decision-effects.ts';
import { decisionDetail, nextReference, participantsTakingPartOn } from './decision-repository.ts';
import { requiredSupportOf } from './decision-rules.ts';
import type { Decision, DecisionDraft } from './schemas.ts';

const dateInvalid = (reason: string) => new AppError('DECISION_DATE_INVALID', { reason }, { reason });

/**
 * The Chair records a decision adopted in plenary (it applies its effects from the effective
 * date at once), or circulates a draft for written procedure: the participants in good standing
 * today may take a position until the deadline, when the result is computed
 * (`settleDueDecisions`).
 *
 * @example
 * await createDecision({ actor: chair, draft: { kind: 'written_procedure', title: 'Suspension of X', body: '…',
 *   deadline: '2026-12-15T17:00:00Z', effects: [{ type: 'status', participantCode: 'CF', status: 'suspended' }] } }, deps);
 */
export async function createDecision({ actor, draft }: { actor: Actor; draft: DecisionDraft }, deps: Deps): Promise<Decision> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const created = await transact(deps, async (tx) => {
    const id = newId();
    if (draft.kind === 'plenary') {
      if (draft.effectiveOn < draft.adoptedOn) throw dateInvalid('effective_before_adopted');
      if (draft.adoptedOn > todayUtc(now)) throw dateInvalid('adopted_in_future');
      const reference = await nextReference(tx, 'plenary', Number(draft.adoptedOn.slice(0, 4)));
      const proposed = await checkedEffects(tx, draft.effects, draft.effectiveOn);
      const effects = await applyEffects(tx, proposed, { effectiveOn: draft.effectiveOn, note: `${reference}: ${draft.title}`, recordedBy: actor.userId, decisionId: id, now });
      const [row] = await tx
        .insert(decisions)
        .values({
          id,
          reference,
          kind: 'plenary',
          title: draft.title,
          body: draft.body,
          status: 'adopted',
          meeting: draft.meeting,
          communique: draft.communique,
          adoptedOn: draft.adoptedOn,
          effectiveOn: draft.effectiveOn,
          decidedAt: now,
          effects,
          sharedWithObservers: draft.sharedWithObservers ?? true,
          createdBy: actor.userId,
        })
        .returning();
      await recordAudit(tx, { actor, action: 'decision.recorded', entityType: 'decision', entityId: id, data: { reference, kind: 'plenary', title: draft.title, adoptedOn: draft.adoptedOn, effectiveOn: draft.effectiveOn, effects } });
      return row;
    }

    const deadline = new Date(draft.deadline);
    if (deadline <= now) throw dateInvalid('deadline_passed');
    const deadlineDay = todayUtc(deadline);
    if (draft.effectiveOn !== undefined && draft.effectiveOn < deadlineDay) throw dateInvalid('effective_before_deadline');
    const reference = await nextReference(tx, 'written_procedure', now.getUTCFullYear());
    const effects = await checkedEffects(tx, draft.effects, draft.effectiveOn ?? deadlineDay);
    const eligible = await participantsTakingPartOn(tx, todayUtc(now));
    const requiredSupport = requiredSupportOf(eligible.length, deps.config.writtenProcedureSupportPercent);
    const [row] = await tx
      .insert(decisions)
      .values({
        id,
        reference,
        kind: 'written_procedure',
        title: draft.title,
        body: draft.body,
        status: 'circulating',
        effectiveOn: draft.effectiveOn ?? null,
        circulatedAt: now,
        deadline,
        eligible,
        requiredSupport,
        effects,
        sharedWithObservers: draft.sharedWithObservers ?? true,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'decision.circulated',
      entityType: 'decision',
      entityId: id,
      data: { reference, deadline: deadline.toISOString(), effectiveOn: draft.effectiveOn ?? null, eligible: eligible.length, requiredSupport, effects },
    });
    await notify(
      tx,
      {
        to: [{ participants: eligible, roles: ['participant_admin'] }, ...(draft.sharedWithObservers === false ? [] : [{ roles: ['observer' as const] }])],
        kind: 'decision.circulated',
        params: { reference, title: draft.title, deadline: deadline.toISOString() },
        link: `/decisions/${id}`,
      },
      deps,
    );
    return row;
  });
  if (created.kind === 'plenary' && draft.effects.length > 0) invalidateTrustList(deps);
  return decisionDetail(deps.db, created, actor, { now, concernedMayBlock: deps.config.concernedParticipantMayBlock });
}

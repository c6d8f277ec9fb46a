import { desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { participantStatusEvents, participants } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { ParticipantStatus } from '../domain/participant-status.ts';
import { appendStatusEvent } from '../participants/record-status-change.ts';
import { effectProblem, type StatusEffect } from './decision-rules.ts';
import { applyMeasureEffect, checkMeasureEffect, isMeasureEffect, type MeasureEffect } from './measure-effects.ts';
import type { EffectOutcome, StoredEffect } from './decision-repository.ts';

/** The participant and reason go in the message and, for programs, in `details`. */
const effectInvalid = (participant: string, reason: string) => new AppError('DECISION_EFFECT_INVALID', { participant, reason }, { participant, reason });

/** The latest recorded status event of a participant (it may lie in the future), or null. */
async function latestEvent(tx: Tx, participantCode: string): Promise<{ status: ParticipantStatus; effectiveOn: string } | null> {
  const [latest] = await tx
    .select({ status: participantStatusEvents.status, effectiveOn: participantStatusEvents.effectiveOn })
    .from(participantStatusEvents)
    .where(eq(participantStatusEvents.participantCode, participantCode))
    .orderBy(desc(participantStatusEvents.effectiveOn), desc(participantStatusEvents.recordedAt))
    .limit(1);
  return latest ? { status: latest.status as ParticipantStatus, effectiveOn: latest.effectiveOn } : null;
}

/**
 * Checks proposed effects against the register: each participant exists, appears once, and the
 * change makes sense from its latest status and is not dated before it. Refuses with
 * `DECISION_EFFECT_INVALID` naming the participant and the reason.
 */
export async function checkedEffects(tx: Tx, proposed: readonly (StatusEffect | MeasureEffect)[], effectiveFrom: string): Promise<StoredEffect[]> {
  const effects = proposed.filter((effect): effect is StatusEffect => effect.type === 'status');
  const codes = effects.map((effect) => effect.participantCode);
  const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
  if (duplicate) throw effectInvalid(duplicate, 'duplicate');
  const known = codes.length ? new Set((await tx.select({ code: participants.code }).from(participants).where(inArray(participants.code, codes))).map((row) => row.code)) : new Set<string>();
  const stored: StoredEffect[] = [];
  for (const effect of effects) {
    if (!known.has(effect.participantCode)) throw effectInvalid(effect.participantCode, 'unknown_participant');
    const latest = await latestEvent(tx, effect.participantCode);
    const problem = effectProblem(latest?.status ?? null, effect.status);
    if (problem) throw effectInvalid(effect.participantCode, problem);
    if (latest && effectiveFrom < latest.effectiveOn) throw effectInvalid(effect.participantCode, 'date_before_history');
    stored.push({ type: 'status', participantCode: effect.participantCode, status: effect.status, from: latest?.status ?? null, outcome: null });
  }
  for (const effect of proposed) {
    if (!isMeasureEffect(effect)) continue;
    const latest = await latestEvent(tx, effect.participantCode);
    await checkMeasureEffect(tx, effect, { latestStatus: latest?.status ?? null, others: proposed });
    stored.push({ ...effect, outcome: null });
  }
  return stored;
}

/**
 * Applies adopted effects as status events from `effectiveOn`, in the caller's transaction. An
 * effect the register no longer allows (the status changed meanwhile) is not applied; its
 * outcome says why.
 */
export async function applyEffects(
  tx: Tx,
  effects: readonly StoredEffect[],
  { effectiveOn, note, recordedBy, decisionId, now }: { effectiveOn: string; note: string; recordedBy: string; decisionId: string; now: Date },
): Promise<StoredEffect[]> {
  const applied: StoredEffect[] = [];
  // Status changes first: a zone is listed for a participant the same decision restricts.
  for (const effect of effects) {
    if (isMeasureEffect(effect)) continue;
    const latest = await latestEvent(tx, effect.participantCode);
    let outcome: EffectOutcome = 'applied';
    if (latest?.status === effect.status) outcome = 'status_unchanged';
    else if (effectProblem(latest?.status ?? null, effect.status) === 'not_a_participant') outcome = 'not_a_participant';
    else if (latest && effectiveOn < latest.effectiveOn) outcome = 'date_before_history';
    else await appendStatusEvent(tx, { participantCode: effect.participantCode, status: effect.status, effectiveOn, note, recordedBy });
    applied.push({ ...effect, outcome });
  }
  for (const effect of effects) {
    if (!isMeasureEffect(effect)) continue;
    applied.push({ ...effect, outcome: await applyMeasureEffect(tx, effect, { effectiveOn, note, recordedBy, decisionId, now }) });
  }
  return applied;
}

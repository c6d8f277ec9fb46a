import { desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { participantStatusEvents, participants } from '../db/schema.ts';
import { invalidateTrustList } from '../verification/verify-online.ts';
import type { Tx } from '../db/database.ts';
import { transact, type Deps } from '../deps.ts';
import type { ParticipantStatus } from '../domain/participant-status.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import type { RecordStatusChange } from './schemas.ts';

/**
 * Appends a status event inside the caller's transaction: history only grows, so a change cannot
 * be dated before the latest recorded event, nor repeat the status in force. The caller audits
 * and invalidates the trust list.
 */
export async function appendStatusEvent(
  tx: Tx,
  { participantCode, status, effectiveOn, note, recordedBy }: { participantCode: string; status: ParticipantStatus; effectiveOn: string; note: string; recordedBy: string },
): Promise<{ id: string; from: string | null }> {
  const [participant] = await tx.select().from(participants).where(eq(participants.code, participantCode));
  if (!participant) throw new AppError('NOT_FOUND');
  const [latest] = await tx
    .select()
    .from(participantStatusEvents)
    .where(eq(participantStatusEvents.participantCode, participantCode))
    .orderBy(desc(participantStatusEvents.effectiveOn), desc(participantStatusEvents.recordedAt))
    .limit(1);
  if (latest && effectiveOn < latest.effectiveOn) throw new AppError('STATUS_DATE_BEFORE_HISTORY', { latest: latest.effectiveOn });
  if (latest && latest.status === status) throw new AppError('STATUS_UNCHANGED', { status });
  const id = newId();
  await tx.insert(participantStatusEvents).values({ id, participantCode, status, effectiveOn, precision: 'day', inferred: false, note, recordedBy });
  return { id, from: latest?.status ?? null };
}

/**
 * The Chair or secretariat records a change of a participant's status (admission, suspension,
 * self-suspension, readmission, removal) with the date it takes effect.
 */
export async function recordStatusChange(
  { actor, participantCode, change }: { actor: Actor; participantCode: string; change: RecordStatusChange },
  deps: Deps,
): Promise<{ id: string }> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const recorded = await transact(deps, async (tx) => {
    const { id, from } = await appendStatusEvent(tx, { participantCode, ...change, recordedBy: actor.userId });
    await recordAudit(tx, {
      actor,
      action: 'participant.status_changed',
      entityType: 'participant',
      entityId: participantCode,
      participantCode,
      data: { from, to: change.status, effectiveOn: change.effectiveOn, note: change.note },
    });
    return { id };
  });
  // Standing on a date is part of the trust list: verifiers must see the change at once.
  invalidateTrustList(deps);
  return recorded;
}

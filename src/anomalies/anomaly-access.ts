import { AppError } from '../domain/errors.ts';
import { hasRole, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import type { Db, Tx } from '../db/database.ts';
import { findCase, type CaseRow } from './anomaly-repository.ts';

/**
 * Who sees anomaly cases: the Chair, the WGS and the WGM see all; a participant's staff see the
 * cases about their own participant; nobody else (observers, WGDE, system administrators) any.
 */
export function reviewsAnomalies(actor: Actor): boolean {
  return hasRole(actor, 'kp_chair', 'wgs', 'wgm');
}

export function isParticipantStaff(actor: Actor): boolean {
  return actor.participantCode !== null && hasRole(actor, ...PARTICIPANT_ROLES);
}

/** The Chair and the WGS run the engine and decide cases (close, escalate). */
export function decidesAnomalies(actor: Actor): boolean {
  return hasRole(actor, 'kp_chair', 'wgs');
}

/** A case the actor may see: FORBIDDEN for roles that see no cases, NOT_FOUND for another participant's case. */
export async function visibleCase(db: Db | Tx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  if (!reviewsAnomalies(actor) && !isParticipantStaff(actor)) throw new AppError('FORBIDDEN');
  const row = await findCase(db, id, options);
  if (!row || (!reviewsAnomalies(actor) && row.participantCode !== actor.participantCode)) throw new AppError('NOT_FOUND');
  return row;
}

import { passwordProblem } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, isParticipantRole, roleBindingProblem, type Actor, type RoleBinding } from '../domain/roles.ts';
import { observerExists, participantExists } from '../participants/participant-repository.ts';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';

export const DEMO_DOMAIN = '@demo.test';

/** The role binding must be sound, and a participant administrator may grant only participant roles. */
export async function assertGrantable(actor: Actor, binding: RoleBinding, db: Db): Promise<void> {
  const problem = roleBindingProblem(binding);
  if (problem) throw new AppError('INVALID_ROLE_BINDING', { reason: problem });
  if (!hasRole(actor, 'system_admin') && !binding.roles.every(isParticipantRole)) {
    throw new AppError('ROLE_NOT_GRANTABLE', { roles: binding.roles.filter((role) => !isParticipantRole(role)).join(', ') });
  }
  if (binding.participantCode && !(await participantExists(db, binding.participantCode))) {
    throw new AppError('UNKNOWN_PARTICIPANT', { code: binding.participantCode });
  }
  if (binding.observerCode && !(await observerExists(db, binding.observerCode))) {
    throw new AppError('UNKNOWN_OBSERVER', { code: binding.observerCode });
  }
}

/** The demo password opens demo accounts only; real accounts need a real password. */
export function assertUsablePassword(password: string, email: string): void {
  const problem = password === DEMO_PASSWORD && !email.endsWith(DEMO_DOMAIN) ? 'known_demo_password' : passwordProblem(password, email);
  if (problem) throw new AppError('PASSWORD_TOO_WEAK', { reason: problem });
}

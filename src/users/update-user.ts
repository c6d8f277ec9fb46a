import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { sessions, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor, Role } from '../domain/roles.ts';
import { toUserDto, type UserDto } from './user-repository.ts';
import { assertGrantable, assertUsablePassword } from './user-rules.ts';
import type { UserUpdate } from './schemas.ts';

/**
 * Changes an account: name, roles, language; disables or re-enables it; lifts a lockout; sets a
 * new password. Disabling or a new password ends the account's sessions.
 */
export async function updateUser({ actor, userId, update }: { actor: Actor; userId: string; update: UserUpdate }, deps: Deps): Promise<UserDto> {
  const [target] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!target || !access.manageUsersOf(actor, target.participantCode)) throw new AppError('NOT_FOUND');
  if (update.roles) {
    await assertGrantable(actor, { roles: update.roles, participantCode: target.participantCode, observerCode: target.observerCode }, deps.db);
  }
  if (update.password !== undefined) {
    if (target.kind !== 'person') {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: ['password'], message: 'machine clients use API tokens, not passwords' }]);
    }
    assertUsablePassword(update.password, target.email);
  }
  const passwordHash = update.password !== undefined ? await hashPassword(update.password) : undefined;
  const now = deps.now();
  return transact(deps, async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        ...(update.name !== undefined && { name: update.name }),
        ...(update.roles !== undefined && { roles: update.roles as Role[] }),
        ...(update.language !== undefined && { language: update.language }),
        ...(update.disabled !== undefined && { disabledAt: update.disabled ? (target.disabledAt ?? now) : null }),
        ...(update.unlock && { lockedUntil: null, failedLoginCount: 0 }),
        ...(passwordHash !== undefined && { passwordHash }),
      })
      .where(eq(users.id, userId))
      .returning();
    if (update.disabled || passwordHash !== undefined) await tx.delete(sessions).where(eq(sessions.userId, userId));
    const { password, ...visible } = update;
    await recordAudit(tx, {
      actor,
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      participantCode: target.participantCode,
      data: { ...visible, ...(password !== undefined && { passwordChanged: true }), previousRoles: target.roles },
    });
    return toUserDto(row, now);
  });
}

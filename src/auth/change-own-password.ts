import { and, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { sessions, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { assertUsablePassword } from '../users/user-rules.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { sha256Hex } from './secrets.ts';

/** A person changes its own password; every other session of the account ends. */
export async function changeOwnPassword(
  { actor, currentPassword, newPassword, keepSessionToken }: { actor: Actor; currentPassword: string; newPassword: string; keepSessionToken?: string },
  deps: Deps,
): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !user.passwordHash) throw new AppError('FORBIDDEN');
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new AppError('INVALID_CREDENTIALS');
  assertUsablePassword(newPassword, user.email);
  const passwordHash = await hashPassword(newPassword);
  await transact(deps, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const keep = keepSessionToken ? sha256Hex(keepSessionToken) : '';
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.tokenHash, keep)));
    await recordAudit(tx, { actor, action: 'user.password_changed', entityType: 'user', entityId: user.id, participantCode: user.participantCode });
  });
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { users } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { hasRole, type Actor, type Role } from '../domain/roles.ts';
import type { Language } from '../i18n/languages.ts';
import { normaliseEmail, toUserDto, type UserDto } from './user-repository.ts';
import { assertGrantable, assertUsablePassword, DEMO_DOMAIN } from './user-rules.ts';

export interface NewUser {
  email: string;
  name: string;
  kind: 'person' | 'machine';
  roles: Role[];
  participantCode?: string | null;
  observerCode?: string | null;
  language: Language;
  password?: string;
}

/**
 * Creates an account. A participant administrator creates accounts for its own participant
 * only, with participant roles only; the system administrator (or the `cli`) may create any.
 */
export async function createUser({ actor, draft }: { actor: Actor | 'cli'; draft: NewUser }, deps: Deps): Promise<UserDto> {
  const email = normaliseEmail(draft.email);
  const participantCode =
    draft.participantCode !== undefined ? draft.participantCode : actor !== 'cli' && !hasRole(actor, 'system_admin') ? actor.participantCode : null;
  const binding = { roles: draft.roles, participantCode: participantCode ?? null, observerCode: draft.observerCode ?? null };
  if (actor !== 'cli') {
    if (!access.manageUsersOf(actor, binding.participantCode)) throw new AppError('FORBIDDEN');
    await assertGrantable(actor, binding, deps.db);
  } else {
    await assertGrantable({ roles: ['system_admin'] } as Actor, binding, deps.db);
  }
  if (draft.kind === 'person') {
    if (draft.password === undefined) throw new AppError('PASSWORD_TOO_WEAK', { reason: 'missing' });
    assertUsablePassword(draft.password, email);
  } else if (draft.password !== undefined) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: ['password'], message: 'machine clients use API tokens, not passwords' }]);
  }
  const passwordHash = draft.password !== undefined ? await hashPassword(draft.password) : null;
  try {
    return await transact(deps, async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) throw new AppError('EMAIL_TAKEN', { email });
      const [row] = await tx
        .insert(users)
        .values({
          id: newId(),
          email,
          name: draft.name,
          kind: draft.kind,
          passwordHash,
          roles: draft.roles,
          participantCode: binding.participantCode,
          observerCode: binding.observerCode,
          language: draft.language,
          isDemo: email.endsWith(DEMO_DOMAIN),
          createdAt: deps.now(),
        })
        .returning();
      await recordAudit(tx, {
        actor: actor === 'cli' ? 'cli' : actor,
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        participantCode: row.participantCode,
        data: { email, name: draft.name, kind: draft.kind, roles: draft.roles, observerCode: binding.observerCode },
      });
      return toUserDto(row, deps.now());
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN', { email });
    throw error;
  }
}

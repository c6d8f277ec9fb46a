import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { sessions, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { rolesGrantedOn } from '../bodies/body-membership.ts';
import { todayUtc } from '../domain/licence.ts';
import { findUserByEmail, toActor } from '../users/user-repository.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import { newSecret, sha256Hex } from './secrets.ts';

export interface LogInResult {
  sessionToken: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * E-mail + password login. Wrong passwords count toward a lockout; a locked, disabled or
 * (outside demo mode) demo account is refused with its own code. The session cookie value is
 * returned once; only its hash is stored.
 */
export async function logIn({ email, password }: { email: string; password: string }, deps: Deps): Promise<LogInResult> {
  const now = deps.now();
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.kind !== 'person' || !user.passwordHash) {
    await burnPasswordCheck(password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', { until: user.lockedUntil.toISOString() });
  }
  if (user.isDemo && !deps.config.demo) throw new AppError('DEMO_ACCOUNTS_DISABLED');

  const passwordMatches = await verifyPassword(password, user.passwordHash);
  if (!passwordMatches) {
    const lockedUntil = await transact(deps, async (tx) => {
      const [fresh] = await tx.select().from(users).where(eq(users.id, user.id));
      const failures = (fresh?.failedLoginCount ?? 0) + 1;
      const locks = failures >= deps.config.lockoutThreshold;
      const until = locks ? new Date(now.getTime() + deps.config.lockoutMinutes * 60_000) : null;
      await tx
        .update(users)
        .set({ failedLoginCount: locks ? 0 : failures, lockedUntil: until ?? fresh?.lockedUntil ?? null })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        actor: `anonymous`,
        action: locks ? 'auth.account_locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        participantCode: user.participantCode,
        data: { failures, lockedUntil: until },
      });
      return until;
    });
    if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', { until: lockedUntil.toISOString() });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');

  const sessionToken = newSecret();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlMinutes * 60_000);
  await transact(deps, async (tx) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ tokenHash: sha256Hex(sessionToken), userId: user.id, expiresAt });
    await recordAudit(tx, {
      actor: toActor(user, 'session'),
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      participantCode: user.participantCode,
      data: { expiresAt },
    });
  });
  return { sessionToken, expiresAt, actor: toActor(user, 'session', await rolesGrantedOn(deps.db, { userId: user.id, day: todayUtc(now) })) };
}

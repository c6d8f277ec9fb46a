import { eq } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { rolesGrantedOn } from '../bodies/body-membership.ts';
import { todayUtc } from '../domain/licence.ts';
import { toActor } from '../users/user-repository.ts';
import { parseApiToken, sameHash, sha256Hex } from './secrets.ts';

export const SESSION_COOKIE = 'kimberlite_session';

/**
 * Who is calling: an API token (`Authorization: Bearer klt_…`) or a session cookie. A presented
 * but bad token is refused outright (INVALID_TOKEN); an unknown or expired cookie means anonymous.
 * The actor's roles are the account's own plus those its body memberships grant today.
 */
export async function resolveActor(
  { authorization, sessionToken }: { authorization?: string; sessionToken?: string },
  deps: Deps,
): Promise<Actor | null> {
  const now = deps.now();
  if (authorization !== undefined) {
    const [scheme, value] = authorization.split(' ');
    const parsed = scheme?.toLowerCase() === 'bearer' && value ? parseApiToken(value) : null;
    if (!parsed) throw new AppError('INVALID_TOKEN');
    const [row] = await deps.db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, parsed.id));
    const valid =
      row !== undefined &&
      sameHash(row.token.secretHash, sha256Hex(parsed.secret)) &&
      row.token.revokedAt === null &&
      (row.token.expiresAt === null || row.token.expiresAt > now) &&
      row.user.disabledAt === null;
    if (!valid) throw new AppError('INVALID_TOKEN');
    return toActor(row.user, 'token', await rolesGrantedOn(deps.db, { userId: row.user.id, day: todayUtc(now) }));
  }
  if (sessionToken) {
    const [row] = await deps.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sha256Hex(sessionToken)));
    if (!row || row.session.expiresAt <= now || row.user.disabledAt !== null) return null;
    if (row.user.isDemo && !deps.config.demo) return null;
    return toActor(row.user, 'session', await rolesGrantedOn(deps.db, { userId: row.user.id, day: todayUtc(now) }));
  }
  return null;
}

import { and, asc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { formatApiToken, newSecret, sha256Hex } from '../auth/secrets.ts';
import { apiTokens, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import type { ApiTokenDto } from './schemas.ts';

type TokenRow = typeof apiTokens.$inferSelect;

function toTokenDto(row: TokenRow): ApiTokenDto {
  return {
    id: row.id,
    userId: row.userId,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

async function loadManagedUser(actor: Actor, userId: string, deps: Deps) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user || !access.manageUsersOf(actor, user.participantCode)) throw new AppError('NOT_FOUND');
  return user;
}

/** Issues an API token for a national system; the secret is returned once and stored hashed. */
export async function issueApiToken(
  { actor, userId, label, expiresAt }: { actor: Actor; userId: string; label: string; expiresAt?: string | null },
  deps: Deps,
): Promise<ApiTokenDto & { token: string }> {
  const user = await loadManagedUser(actor, userId, deps);
  const expiry = expiresAt ? new Date(expiresAt) : null;
  if (expiry && expiry <= deps.now()) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: ['expiresAt'], message: 'must be in the future' }]);
  }
  const id = newId();
  const secret = newSecret();
  const row = await transact(deps, async (tx) => {
    const [inserted] = await tx
      .insert(apiTokens)
      .values({ id, userId, label, secretHash: sha256Hex(secret), createdBy: actor.userId, createdAt: deps.now(), expiresAt: expiry })
      .returning();
    await recordAudit(tx, { actor, action: 'api_token.issued', entityType: 'api_token', entityId: id, participantCode: user.participantCode, data: { userId, expiresAt: expiry } });
    return inserted;
  });
  return { ...toTokenDto(row), token: formatApiToken(id, secret) };
}

export async function listApiTokens({ actor, userId }: { actor: Actor; userId: string }, deps: Deps): Promise<ApiTokenDto[]> {
  await loadManagedUser(actor, userId, deps);
  const rows = await deps.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt));
  return rows.map(toTokenDto);
}

/** Revokes a token at once: the next request carrying it is refused with INVALID_TOKEN. */
export async function revokeApiToken({ actor, tokenId }: { actor: Actor; tokenId: string }, deps: Deps): Promise<ApiTokenDto> {
  const [token] = await deps.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
  if (!token) throw new AppError('NOT_FOUND');
  const user = await loadManagedUser(actor, token.userId, deps);
  return transact(deps, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: deps.now() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw new AppError('TOKEN_ALREADY_REVOKED');
    await recordAudit(tx, { actor, action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId, participantCode: user.participantCode, data: { userId: token.userId } });
    return toTokenDto(row);
  });
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { authorities } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { isTerritoryOf, toAuthorityDto, type AuthorityRow } from './authority-repository.ts';
import type { AuthorityDto, AuthorityUpdate } from './schemas.ts';

/** Changes an authority's name, address or contact details. */
export async function updateAuthority(
  { actor, authorityId, update }: { actor: Actor; authorityId: string; update: AuthorityUpdate },
  deps: Deps,
): Promise<AuthorityDto> {
  return transact(deps, async (tx) => {
    const [before] = await tx.select().from(authorities).where(eq(authorities.id, authorityId));
    if (!before) throw new AppError('NOT_FOUND');
    if (!access.manageAuthorities(actor, before.participantCode)) throw new AppError('FORBIDDEN');
    if (update.territoryCode && !(await isTerritoryOf(tx, before.participantCode, update.territoryCode))) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: ['territoryCode'], message: 'not a territory of this participant' }]);
    }
    const [row] = await tx
      .update(authorities)
      .set({ ...update, updatedAt: deps.now() })
      .where(eq(authorities.id, authorityId))
      .returning();
    const changed = Object.fromEntries(
      Object.entries(update).map(([key, value]) => [key, { from: before[key as keyof AuthorityRow] ?? null, to: value ?? null }]),
    );
    await recordAudit(tx, {
      actor,
      action: 'authority.updated',
      entityType: 'authority',
      entityId: authorityId,
      participantCode: before.participantCode,
      data: { changed },
    });
    return toAuthorityDto(row);
  });
}

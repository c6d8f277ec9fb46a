import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { authorities, participants } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { isTerritoryOf, toAuthorityDto } from './authority-repository.ts';
import type { AuthorityDraft, AuthorityDto } from './schemas.ts';

/** Designates an exporting or importing authority of a participant (Section IV(b)). */
export async function registerAuthority(
  { actor, participantCode, draft }: { actor: Actor; participantCode: string; draft: AuthorityDraft },
  deps: Deps,
): Promise<AuthorityDto> {
  if (!access.manageAuthorities(actor, participantCode)) {
    throw new AppError(access.readAuthorities(actor) ? 'FORBIDDEN' : 'NOT_FOUND');
  }
  return transact(deps, async (tx) => {
    const [participant] = await tx.select().from(participants).where(eq(participants.code, participantCode));
    if (!participant) throw new AppError('NOT_FOUND');
    if (draft.territoryCode && !(await isTerritoryOf(tx, participantCode, draft.territoryCode))) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: ['territoryCode'], message: 'not a territory of this participant' }]);
    }
    const now = deps.now();
    const [row] = await tx
      .insert(authorities)
      .values({
        id: newId(),
        participantCode,
        role: draft.role,
        name: draft.name,
        address: draft.address,
        email: draft.email ?? null,
        phone: draft.phone ?? null,
        territoryCode: draft.territoryCode ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, { actor, action: 'authority.registered', entityType: 'authority', entityId: row.id, participantCode, data: { ...draft } });
    return toAuthorityDto(row);
  });
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { sessions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import type { Actor } from '../domain/roles.ts';
import { sha256Hex } from './secrets.ts';

/** Ends the session behind this cookie value; the cookie is useless afterwards. */
export async function logOut({ actor, sessionToken }: { actor: Actor; sessionToken: string }, deps: Deps): Promise<void> {
  await transact(deps, async (tx) => {
    const removed = await tx.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(sessionToken))).returning();
    if (removed.length === 0) return;
    await recordAudit(tx, {
      actor,
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
      participantCode: actor.participantCode,
    });
  });
}

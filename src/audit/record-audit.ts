import { eq } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { auditHead, auditLog } from '../db/schema.ts';
import type { Actor } from '../domain/roles.ts';
import { newId } from '../domain/ids.ts';
import { auditHash } from './audit-hash.ts';

export interface AuditEntryInput {
  /** The actor, or a label such as `system:seed` / `cli` for changes made outside a request. */
  actor: Actor | string;
  action: string;
  entityType: string;
  entityId: string;
  participantCode?: string | null;
  /**
   * What changed. Never secrets: no passwords, hashes or token values. Nor the record's own words
   * (reasons, notes, titles, labels, addresses): the system administrator and the Chair read the whole
   * trail but not every record, so the entry points at the record and the record keeps its text.
   */
  data?: Record<string, unknown>;
}

/** Drops undefined and turns Dates into ISO text, so what is hashed is what jsonb gives back. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}));
}

/**
 * Appends one entry to the audit chain inside the caller's transaction, so the change and its
 * record commit or vanish together. Locks the chain head: concurrent writers line up (or retry).
 */
export async function recordAudit(tx: Tx, input: AuditEntryInput): Promise<{ seq: number; hash: string }> {
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('Audit chain head missing: migrations not applied');
  const actorId = typeof input.actor === 'string' ? null : input.actor.userId;
  const actorLabel = typeof input.actor === 'string' ? input.actor : input.actor.email;
  const content = {
    seq: head.seq + 1,
    id: newId(),
    at: new Date().toISOString(),
    actorId,
    actorLabel,
    participantCode: input.participantCode ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    data: plain(input.data),
    prevHash: head.hash,
  };
  const hash = auditHash(content);
  await tx.insert(auditLog).values({ ...content, at: new Date(content.at), hash });
  await tx.update(auditHead).set({ seq: content.seq, hash }).where(eq(auditHead.id, 1));
  return { seq: content.seq, hash };
}


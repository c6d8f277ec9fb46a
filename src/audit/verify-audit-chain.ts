import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditHead, auditLog } from '../db/schema.ts';
import { GENESIS_HASH, auditHash } from './audit-hash.ts';

export type AuditBreak =
  | { seq: number; reason: 'hash_mismatch'; expected: string; found: string }
  | { seq: number; reason: 'prev_hash_mismatch'; expected: string; found: string }
  | { seq: number; reason: 'sequence_gap'; expected: number; found: number }
  | { seq: number; reason: 'head_mismatch'; expected: string; found: string };

export interface AuditVerification {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  firstBreak: AuditBreak | null;
}

const PAGE = 1000;

/**
 * Recomputes every hash from the first entry on and reports the first broken link: an edited
 * entry, a removed one (sequence gap) or a chain that does not end at the recorded head.
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let firstBreak: AuditBreak | null = null;
  let lastSeq = 0;
  while (firstBreak === null) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      entries++;
      lastSeq = row.seq;
      if (row.seq !== expectedSeq) {
        firstBreak = { seq: row.seq, reason: 'sequence_gap', expected: expectedSeq, found: row.seq };
        break;
      }
      if (row.prevHash !== expectedPrev) {
        firstBreak = { seq: row.seq, reason: 'prev_hash_mismatch', expected: expectedPrev, found: row.prevHash };
        break;
      }
      const recomputed = auditHash({
        seq: row.seq,
        id: row.id,
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        participantCode: row.participantCode,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        data: row.data,
        prevHash: row.prevHash,
      });
      if (recomputed !== row.hash) {
        firstBreak = { seq: row.seq, reason: 'hash_mismatch', expected: recomputed, found: row.hash };
        break;
      }
      expectedPrev = row.hash;
      expectedSeq++;
    }
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (firstBreak === null && (headSeq !== expectedSeq - 1 || headHash !== expectedPrev)) {
    firstBreak = { seq: expectedSeq, reason: 'head_mismatch', expected: headHash, found: expectedPrev };
  }
  return { ok: firstBreak === null, entries, headSeq, headHash, firstBreak };
}

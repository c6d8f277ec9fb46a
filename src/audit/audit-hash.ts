import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  participantCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
  prevHash: string;
}

/** SHA-256 over the RFC 8785 canonical JSON of the entry, previous hash included. */
export function auditHash(content: AuditContent): string {
  const canonical = canonicalize(content);
  if (canonical === undefined) throw new Error('Audit entry cannot be canonicalised');
  return createHash('sha256').update(canonical).digest('hex');
}

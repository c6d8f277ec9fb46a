import { eq } from 'drizzle-orm';
import { releaseStockDraws } from '../custody/certificate-draws.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { certificates } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import type { Tx } from '../db/database.ts';
import { canSeeCertificate, findCertificateRow, certificateDetailOf, type CertificateRow } from './certificate-repository.ts';
import type { CertificateDetail } from './schemas.ts';

/**
 * The issuing authority voids a certificate it issued (obtained with false information, shipment
 * cancelled). Its QR then fails online checks; nothing is deleted.
 */
export async function voidCertificate({ actor, number, reason }: { actor: Actor; number: string; reason: string }, deps: Deps): Promise<CertificateDetail> {
  const row = await transact(deps, async (tx) => {
    const existing = await findCertificateRow(tx, number);
    if (!existing || !canSeeCertificate(actor, existing)) throw new AppError('NOT_FOUND');
    if (!actsFor(actor, existing.participantCode, 'exporting_officer')) throw new AppError('FORBIDDEN');
    return voidCertificateRow(tx, { actor, row: existing, reason, now: deps.now() });
  });
  return certificateDetailOf(deps, row);
}

/**
 * Marks an issued certificate voided with its reason and audits it, in the caller's transaction:
 * the one path to `voided`, whether the issuer voids or the monitoring team refuses the shipment.
 */
export async function voidCertificateRow(tx: Tx, { actor, row, reason, now }: { actor: Actor; row: CertificateRow; reason: string; now: Date }): Promise<CertificateRow> {
  if (row.status !== 'issued') throw new AppError('CERTIFICATE_NOT_VOIDABLE', { status: row.status });
  const [updated] = await tx.update(certificates).set({ status: 'voided', voidedAt: now, voidReason: reason }).where(eq(certificates.id, row.id)).returning();
  // Goods drawn from recorded stock go back to the exporter's stock.
  await releaseStockDraws(tx, { certificateId: row.id, actor, now, reason: 'certificate voided' });
  await recordAudit(tx, { actor, action: 'certificate.voided', entityType: 'certificate', entityId: row.number, participantCode: row.participantCode });
  return updated;
}

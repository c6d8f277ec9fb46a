import { eq } from 'drizzle-orm';
import { releaseStockDraws } from '../custody/certificate-draws.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { certificates } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import { canSeeCertificate, findCertificateRow, certificateDetailOf } from './certificate-repository.ts';
import { requestHashOf, writeCertificate } from './issue-certificate.ts';
import type { CertificateDetail, CertificateDraft } from './schemas.ts';

/**
 * Amendment: a new certificate with a new number, linked to the old one, which is marked
 * replaced (and so void) in the same transaction. The old certificate stays on record.
 */
export async function replaceCertificate(
  { actor, number, reason, draft }: { actor: Actor; number: string; reason: string; draft: CertificateDraft },
  deps: Deps,
): Promise<CertificateDetail> {
  const row = await transact(deps, async (tx) => {
    const old = await findCertificateRow(tx, number);
    if (!old || !canSeeCertificate(actor, old)) throw new AppError('NOT_FOUND');
    if (!actsFor(actor, old.participantCode, 'exporting_officer')) throw new AppError('FORBIDDEN');
    if (old.status !== 'issued') throw new AppError('CERTIFICATE_NOT_REPLACEABLE', { status: old.status });
    // The old certificate's draws go back to stock first: the replacement draws afresh.
    await releaseStockDraws(tx, { certificateId: old.id, actor, now: deps.now(), reason: 'certificate replaced' });
    const replacement = await writeCertificate(tx, { actor, draft, replaces: number }, deps, requestHashOf(draft));
    const now = deps.now();
    await tx
      .update(certificates)
      .set({ status: 'replaced', replacedByNumber: replacement.number, voidedAt: now, voidReason: reason })
      .where(eq(certificates.id, old.id));
    await recordAudit(tx, {
      actor,
      action: 'certificate.replaced',
      entityType: 'certificate',
      entityId: number,
      participantCode: old.participantCode,
      data: { replacedBy: replacement.number },
    });
    return replacement;
  });
  return certificateDetailOf(deps, row);
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { isActiveMember } from '../bodies/body-membership.ts';
import { canSeeCertificate, certificateDetailOf } from '../certificates/certificate-repository.ts';
import type { CertificateDetail } from '../certificates/schemas.ts';
import { voidCertificateRow } from '../certificates/void-certificate.ts';
import { certificates, shipmentApprovals } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { shipmentApprovalOf } from './zone-repository.ts';
import type { ShipmentApprovalDraft } from './schemas.ts';

/**
 * A member of the monitoring team named on a zone-restricted certificate approves or refuses the
 * shipment, once. Approved, the certificate becomes valid (verification says so, the importer
 * may confirm receipt); refused, it is voided with the team's reason in the same transaction, so
 * it leaves the statistics as any voided certificate does. The issuer's exporting officers and
 * the importer's importing officers are told.
 *
 * @example
 * await decideShipmentApproval({ actor: member, number: 'CF-2026-000003', draft: { outcome: 'approved' } }, deps);
 */
export async function decideShipmentApproval(
  { actor, number, draft }: { actor: Actor; number: string; draft: ShipmentApprovalDraft },
  deps: Deps,
): Promise<CertificateDetail> {
  const now = deps.now();
  const today = todayUtc(now);
  try {
    const row = await transact(deps, async (tx) => {
      const [certificate] = await tx.select().from(certificates).where(eq(certificates.number, number)).for('update');
      if (!certificate) throw new AppError('NOT_FOUND');
      const member = certificate.approvalBodyCode !== null && (await isActiveMember(tx, { bodyCode: certificate.approvalBodyCode, userId: actor.userId, day: today }));
      if (!member) {
        if (!canSeeCertificate(actor, certificate)) throw new AppError('NOT_FOUND');
        if (certificate.approvalBodyCode === null) throw new AppError('SHIPMENT_APPROVAL_NOT_REQUIRED');
        throw new AppError('NOT_ON_MONITORING_TEAM', { body: certificate.approvalBodyCode });
      }
      const earlier = await shipmentApprovalOf(tx, certificate.id);
      if (earlier) throw new AppError('SHIPMENT_ALREADY_DECIDED', { outcome: earlier.outcome });
      if (certificate.status !== 'issued') throw new AppError('SHIPMENT_NOT_PENDING', { status: certificate.status });
      await tx.insert(shipmentApprovals).values({
        id: newId(),
        certificateId: certificate.id,
        bodyCode: certificate.approvalBodyCode!,
        outcome: draft.outcome,
        note: draft.note ?? null,
        decidedBy: actor.userId,
        decidedAt: now,
      });
      await recordAudit(tx, {
        actor,
        action: draft.outcome === 'approved' ? 'certificate.shipment_approved' : 'certificate.shipment_refused',
        entityType: 'certificate',
        entityId: number,
        participantCode: certificate.participantCode,
        data: { body: certificate.approvalBodyCode, note: draft.note ?? null },
      });
      const updated =
        draft.outcome === 'refused'
          ? await voidCertificateRow(tx, { actor, row: certificate, reason: `Refused by monitoring team ${certificate.approvalBodyCode}: ${draft.note}`, now })
          : certificate;
      await notify(
        tx,
        {
          to: [
            { participants: [certificate.participantCode], roles: ['exporting_officer'] },
            { participants: [certificate.importingParticipant], roles: ['importing_officer'] },
          ],
          kind: draft.outcome === 'approved' ? 'shipment.approved' : 'shipment.refused',
          params: { number, body: certificate.approvalBodyCode! },
          link: `/certificates/${number}`,
          except: actor.userId,
        },
        deps,
      );
      return updated;
    });
    return certificateDetailOf(deps, row);
  } catch (error) {
    if (isUniqueViolation(error, 'shipment_approvals_certificate_unique')) throw new AppError('SHIPMENT_ALREADY_DECIDED', { outcome: 'decided' });
    throw error;
  }
}

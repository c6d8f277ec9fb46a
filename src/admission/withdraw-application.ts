import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { admissionApplications } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { isOpen, type ApplicationStatus } from './admission-rules.ts';
import { applicationView, verdicts, visibleApplication, writesApplication } from './admission-repository.ts';
import type { AdmissionApplication } from './schemas.ts';

/**
 * The applicant withdraws its application before the KP decides: not once admitted or refused,
 * nor while a written procedure on its admission circulates (the Chair withdraws that first).
 * The file and the CPC's work stay on record; the applicant may apply again later.
 */
export async function withdrawApplication({ actor, id, note }: { actor: Actor; id: string; note: string }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: application, chairFiles } = await visibleApplication(tx, actor, id, { forUpdate: true });
    if (!writesApplication(actor, application.applicantCode, chairFiles)) throw new AppError('FORBIDDEN');
    const verdict = (await verdicts(tx, [application])).get(application.id)!;
    if (!isOpen(application.status as ApplicationStatus, verdict.outcome)) throw new AppError('ADMISSION_APPLICATION_CLOSED', { reference: application.reference }, { status: application.status, outcome: verdict.outcome });
    if (verdict.decision?.status === 'circulating') throw new AppError('ADMISSION_DECISION_PENDING', { reference: verdict.decision.reference }, { decisionId: verdict.decision.id });
    const now = deps.now();
    const [withdrawn] = await tx.update(admissionApplications).set({ status: 'withdrawn', updatedBy: actor.userId, updatedAt: now }).where(eq(admissionApplications.id, application.id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'admission_application.withdrawn',
      entityType: 'admission_application',
      entityId: application.id,
      participantCode: application.applicantCode,
      data: { reference: application.reference, from: application.status, note },
    });
    if (application.status !== 'draft') {
      await notify(
        tx,
        { to: { roles: ['cpc', 'kp_chair'] }, kind: 'admission.withdrawn', params: { reference: application.reference, participantCode: application.applicantCode }, link: `/admission/${application.id}`, except: actor.userId },
        deps,
      );
    }
    return { row: withdrawn, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

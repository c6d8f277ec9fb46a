import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { admissionApplications } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { isOpen, unmetCriteria, unsettledCriteria, type ApplicationStatus, type Assessment, type Criterion, type Finding, type Recommendation } from './admission-rules.ts';
import { applicationView, assessesApplications, verdicts, visibleApplication, type ApplicationRow } from './admission-repository.ts';
import type { AdmissionApplication } from './schemas.ts';

/** The application, locked, for the CPC, in one of `statuses` and not yet decided. */
async function forAssessor(tx: Tx, actor: Actor, id: string, statuses: readonly ApplicationStatus[]): Promise<{ row: ApplicationRow; chairFiles: boolean }> {
  const found = await visibleApplication(tx, actor, id, { forUpdate: true });
  if (!assessesApplications(actor)) throw new AppError('FORBIDDEN');
  const verdict = (await verdicts(tx, [found.row])).get(found.row.id)!;
  if (!isOpen(found.row.status as ApplicationStatus, verdict.outcome)) throw new AppError('ADMISSION_APPLICATION_CLOSED', { reference: found.row.reference }, { status: found.row.status, outcome: verdict.outcome });
  if (!statuses.includes(found.row.status as ApplicationStatus)) throw new AppError('ADMISSION_STEP_NOT_ALLOWED', { status: found.row.status }, { status: found.row.status });
  return found;
}

/** The CPC takes up a submitted application. */
export async function startAssessment({ actor, id }: { actor: Actor; id: string }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: application, chairFiles } = await forAssessor(tx, actor, id, ['submitted']);
    const [started] = await tx
      .update(admissionApplications)
      .set({ status: 'under_assessment', assessment: { findings: {} } satisfies Assessment, updatedBy: actor.userId, updatedAt: deps.now() })
      .where(eq(admissionApplications.id, application.id))
      .returning();
    await recordAudit(tx, { actor, action: 'admission_application.assessment_started', entityType: 'admission_application', entityId: application.id, participantCode: application.applicantCode, data: { reference: application.reference } });
    return { row: started, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

/** The CPC records its findings (each criterion met, not met or needing information, with a note); criteria not sent keep their earlier finding. */
export async function recordFindings({ actor, id, findings }: { actor: Actor; id: string; findings: Partial<Record<Criterion, Finding>> }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: application, chairFiles } = await forAssessor(tx, actor, id, ['under_assessment']);
    const earlier = (application.assessment as Assessment | null) ?? { findings: {} };
    const assessment: Assessment = { ...earlier, findings: { ...earlier.findings, ...findings } };
    const [saved] = await tx.update(admissionApplications).set({ assessment, updatedBy: actor.userId, updatedAt: deps.now() }).where(eq(admissionApplications.id, application.id)).returning();
    await recordAudit(tx, { actor, action: 'admission_application.findings_recorded', entityType: 'admission_application', entityId: application.id, participantCode: application.applicantCode, data: { reference: application.reference, findings } });
    return { row: saved, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

/**
 * The CPC's recommendation to the Plenary: every criterion settled (met or not met) first;
 * admission only when every criterion is met. The Chair and the applicant are told; the decision
 * itself is the Plenary's (or a written procedure's).
 */
export async function recommendOnApplication(
  { actor, id, recommendation, note }: { actor: Actor; id: string; recommendation: Recommendation; note: string },
  deps: Deps,
): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: application, chairFiles } = await forAssessor(tx, actor, id, ['under_assessment']);
    const assessment = (application.assessment as Assessment | null) ?? { findings: {} };
    const unsettled = unsettledCriteria(assessment);
    if (unsettled.length > 0) throw new AppError('ADMISSION_ASSESSMENT_INCOMPLETE', { count: unsettled.length }, { criteria: unsettled });
    const unmet = unmetCriteria(assessment);
    if (recommendation === 'admit' && unmet.length > 0) throw new AppError('ADMISSION_CRITERIA_NOT_MET', { count: unmet.length }, { criteria: unmet });
    const now = deps.now();
    const [recommended] = await tx
      .update(admissionApplications)
      .set({
        status: recommendation === 'admit' ? 'recommended' : 'not_recommended',
        assessment: { ...assessment, recommendationNote: note },
        recommendation,
        recommendedBy: actor.userId,
        recommendedAt: now,
        updatedBy: actor.userId,
        updatedAt: now,
      })
      .where(eq(admissionApplications.id, application.id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'admission_application.recommended',
      entityType: 'admission_application',
      entityId: application.id,
      participantCode: application.applicantCode,
      data: { reference: application.reference, recommendation, note },
    });
    await notify(
      tx,
      {
        to: [{ roles: ['kp_chair'] }, { participants: [application.applicantCode], roles: ['participant_admin'] }],
        kind: 'admission.recommended',
        params: { reference: application.reference, participantCode: application.applicantCode, recommendation },
        link: `/admission/${application.id}`,
        except: actor.userId,
      },
      deps,
    );
    return { row: recommended, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { admissionApplicationMessages } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { isOpen, type ApplicationStatus } from './admission-rules.ts';
import { applicationView, assessesApplications, readsSubmittedApplications, verdicts, visibleApplication, writesApplication } from './admission-repository.ts';
import type { AdmissionApplication, ApplicationMessageDraft } from './schemas.ts';

/**
 * The exchange between the CPC and the applicant: the CPC asks questions of a submitted
 * application while it assesses it; the applicant answers each once while the application is
 * open; both (and the Chair) may comment on a submitted one. Every message is kept.
 */
export async function addApplicationMessage({ actor, id, draft }: { actor: Actor; id: string; draft: ApplicationMessageDraft }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: application, chairFiles } = await visibleApplication(tx, actor, id, { forUpdate: true });
    const writer = writesApplication(actor, application.applicantCode, chairFiles);
    const { kind } = draft;
    if (kind === 'question' && !assessesApplications(actor)) throw new AppError('FORBIDDEN');
    if (kind === 'answer' && !writer) throw new AppError('FORBIDDEN');
    if (kind === 'comment' && !writer && !readsSubmittedApplications(actor)) throw new AppError('FORBIDDEN');
    const status = application.status as ApplicationStatus;
    if (status === 'draft') throw new AppError('ADMISSION_STEP_NOT_ALLOWED', { status }, { status });
    if (kind !== 'comment') {
      const verdict = (await verdicts(tx, [application])).get(application.id)!;
      if (!isOpen(status, verdict.outcome)) throw new AppError('ADMISSION_APPLICATION_CLOSED', { reference: application.reference }, { status, outcome: verdict.outcome });
      if (kind === 'question' && status !== 'submitted' && status !== 'under_assessment') throw new AppError('ADMISSION_STEP_NOT_ALLOWED', { status }, { status });
    }
    if (kind === 'answer') {
      if (!draft.questionId) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['questionId'], message: 'an answer names its question' }]);
      const [question] = await tx
        .select()
        .from(admissionApplicationMessages)
        .where(and(eq(admissionApplicationMessages.id, draft.questionId), eq(admissionApplicationMessages.applicationId, application.id), eq(admissionApplicationMessages.kind, 'question')));
      if (!question) throw new AppError('NOT_FOUND');
      const [earlier] = await tx.select().from(admissionApplicationMessages).where(and(eq(admissionApplicationMessages.questionId, draft.questionId), eq(admissionApplicationMessages.kind, 'answer')));
      if (earlier) throw new AppError('ADMISSION_QUESTION_ANSWERED', {}, { questionId: draft.questionId });
    }
    const messageId = newId();
    await tx.insert(admissionApplicationMessages).values({
      id: messageId,
      applicationId: application.id,
      kind,
      questionId: kind === 'answer' ? draft.questionId! : null,
      body: draft.body,
      language: draft.language ?? actor.language,
      userId: actor.userId,
      authorName: actor.name,
      onBehalfOf: actor.participantCode,
      at: deps.now(),
    });
    await recordAudit(tx, {
      actor,
      action: `admission_application.${kind}`,
      entityType: 'admission_application',
      entityId: application.id,
      participantCode: application.applicantCode,
      data: { reference: application.reference, messageId, questionId: draft.questionId ?? null },
    });
    // A question waits on the applicant's administrators; an answer on the CPC.
    if (kind !== 'comment') {
      await notify(
        tx,
        {
          to: kind === 'question' ? { participants: [application.applicantCode], roles: ['participant_admin'] } : { roles: ['cpc'] },
          kind: kind === 'question' ? 'admission.question' : 'admission.answer',
          params: { reference: application.reference, participantCode: application.applicantCode },
          link: `/admission/${application.id}`,
          except: actor.userId,
        },
        deps,
      );
    }
    return { row: application, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

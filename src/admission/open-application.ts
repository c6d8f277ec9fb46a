import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { admissionApplications, participants } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { actsFor, hasRole, type Actor } from '../domain/roles.ts';
import { participantStatusOn } from '../participants/participant-repository.ts';
import { applicationView, chairFilesFor, nextApplicationReference, openApplicationOf, prefilledContent } from './admission-repository.ts';
import type { AdmissionApplication } from './schemas.ts';

/**
 * Opens the draft of an admission application. The applicant's administrator opens it for its
 * own participant; the Chair may open one for an applicant that has no administrator account in
 * Kimberlite yet. The participant must stand in the register as an applicant today, and may
 * have one open application at a time. The draft starts with the authorities the register holds.
 *
 * @example
 * await openApplication({ actor: adminBd }, deps); // APP 2026/01, a draft for BD
 */
export async function openApplication({ actor, applicantCode }: { actor: Actor; applicantCode?: string }, deps: Deps): Promise<AdmissionApplication> {
  const code = applicantCode ?? actor.participantCode;
  const own = code !== null && actsFor(actor, code, 'participant_admin');
  if (!own && !hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  if (code === null) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['applicantCode'], message: 'name the applicant' }]);
  const { row, chairFiles } = await transact(deps, async (tx) => {
    // One writer at a time per applicant, so two drafts cannot both pass the "one open" check.
    const [participant] = await tx.select({ code: participants.code }).from(participants).where(eq(participants.code, code)).for('update');
    if (!participant) throw new AppError('UNKNOWN_PARTICIPANT', { code });
    const chairFiles = await chairFilesFor(tx, code);
    if (!own && !chairFiles) throw new AppError('FORBIDDEN');
    const status = await participantStatusOn(tx, code, todayUtc(deps.now()));
    if (status !== 'applicant') throw new AppError('ADMISSION_NOT_AN_APPLICANT', { participant: code }, { participant: code, status: status ?? null });
    const open = await openApplicationOf(tx, code);
    if (open) throw new AppError('ADMISSION_APPLICATION_OPEN', { reference: open.reference }, { id: open.id, reference: open.reference });
    const now = deps.now();
    const reference = await nextApplicationReference(tx, now.getUTCFullYear());
    const [created] = await tx
      .insert(admissionApplications)
      .values({ id: newId(), reference, applicantCode: code, status: 'draft', content: await prefilledContent(tx, code), updatedBy: actor.userId, updatedAt: now, createdAt: now })
      .returning();
    await recordAudit(tx, { actor, action: 'admission_application.opened', entityType: 'admission_application', entityId: created.id, participantCode: code, data: { reference, onBehalf: !own } });
    return { row: created, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

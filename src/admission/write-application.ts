import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { admissionApplicationFiles, admissionApplications } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { attachmentRow } from '../domain/attachments.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { missingParts, type ApplicationContent } from './admission-rules.ts';
import { applicationView, visibleApplication, writesApplication, type ApplicationRow } from './admission-repository.ts';
import type { AdmissionApplication, ApplicationFileDraft } from './schemas.ts';

/** The draft, locked, for one who writes it; a submitted application refuses changes. */
async function draftFor(tx: Tx, actor: Actor, id: string): Promise<{ row: ApplicationRow; chairFiles: boolean }> {
  const found = await visibleApplication(tx, actor, id, { forUpdate: true });
  if (!writesApplication(actor, found.row.applicantCode, found.chairFiles)) throw new AppError('FORBIDDEN');
  if (found.row.status !== 'draft') throw new AppError('ADMISSION_APPLICATION_NOT_DRAFT', { reference: found.row.reference }, { status: found.row.status });
  return found;
}

/** Saves the whole text of the draft (the form sends every part). */
export async function saveApplication({ actor, id, content }: { actor: Actor; id: string; content: ApplicationContent }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: draft, chairFiles } = await draftFor(tx, actor, id);
    const [saved] = await tx.update(admissionApplications).set({ content, updatedBy: actor.userId, updatedAt: deps.now() }).where(eq(admissionApplications.id, draft.id)).returning();
    await recordAudit(tx, { actor, action: 'admission_application.saved', entityType: 'admission_application', entityId: saved.id, participantCode: saved.applicantCode, data: { reference: saved.reference } });
    return { row: saved, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

/** Attaches a document to the draft: a law, the certificate specimen, an organisation chart (REPORT_FILE_MAX_BYTES at most). */
export async function attachApplicationFile({ actor, id, file }: { actor: Actor; id: string; file: ApplicationFileDraft }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: draft, chairFiles } = await draftFor(tx, actor, id);
    const fileId = newId();
    const now = deps.now();
    const stored = attachmentRow(file, deps.config.reportFileMaxBytes, { userId: actor.userId, at: now });
    await tx.insert(admissionApplicationFiles).values({ id: fileId, applicationId: draft.id, kind: file.kind, ...stored });
    const [touched] = await tx.update(admissionApplications).set({ updatedBy: actor.userId, updatedAt: now }).where(eq(admissionApplications.id, draft.id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'admission_application.file_attached',
      entityType: 'admission_application',
      entityId: draft.id,
      participantCode: draft.applicantCode,
      data: { reference: draft.reference, fileId, kind: file.kind, fileName: file.fileName, sha256: stored.sha256, size: stored.size },
    });
    return { row: touched, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

/**
 * Submits the application once complete (legislation, authorities, certificate specimen,
 * contacts, internal controls, statistics); refuses with ADMISSION_APPLICATION_INCOMPLETE
 * listing what is missing. Afterwards the content never changes; the CPC and the Chair are told.
 */
export async function submitApplication({ actor, id }: { actor: Actor; id: string }, deps: Deps): Promise<AdmissionApplication> {
  const { row, chairFiles } = await transact(deps, async (tx) => {
    const { row: draft, chairFiles } = await draftFor(tx, actor, id);
    const files = await tx.select({ kind: admissionApplicationFiles.kind }).from(admissionApplicationFiles).where(eq(admissionApplicationFiles.applicationId, draft.id));
    const missing = missingParts(draft.content as ApplicationContent, files.map((file) => file.kind));
    if (missing.length > 0) throw new AppError('ADMISSION_APPLICATION_INCOMPLETE', { count: missing.length }, { missing });
    const now = deps.now();
    const [submitted] = await tx
      .update(admissionApplications)
      .set({ status: 'submitted', submittedBy: actor.userId, submittedAt: now, updatedBy: actor.userId, updatedAt: now })
      .where(eq(admissionApplications.id, draft.id))
      .returning();
    await recordAudit(tx, { actor, action: 'admission_application.submitted', entityType: 'admission_application', entityId: submitted.id, participantCode: submitted.applicantCode, data: { reference: submitted.reference } });
    await notify(
      tx,
      { to: { roles: ['cpc', 'kp_chair'] }, kind: 'admission.submitted', params: { reference: submitted.reference, participantCode: submitted.applicantCode }, link: `/admission/${submitted.id}`, except: actor.userId },
      deps,
    );
    return { row: submitted, chairFiles };
  });
  return applicationView(deps.db, actor, row, chairFiles);
}

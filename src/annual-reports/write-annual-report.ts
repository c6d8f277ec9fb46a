import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { annualReportFiles, annualReports } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { attachmentRow } from '../domain/attachments.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { unansweredSections, type ReportContent } from './annual-report-rules.ts';
import { assertReadsReports, findReport, prefilledContent, reportView, statisticsFor, writesAnnualReport, type AnnualReportRow } from './annual-report-repository.ts';
import type { AnnualReport, AnnualReportFileDraft } from './schemas.ts';

/** The first year of the scheme: no report before it. */
const FIRST_YEAR = 2003;

/** The participant's administrator, for a year that has ended; FORBIDDEN / NOT_FOUND like reading. */
async function assertWrites(tx: Tx, actor: Actor, participantCode: string, year: number, deps: Deps): Promise<void> {
  if (!(await participantExists(tx, participantCode))) throw new AppError('NOT_FOUND');
  assertReadsReports(actor, participantCode);
  if (!writesAnnualReport(actor, participantCode)) throw new AppError('FORBIDDEN');
  if (year < FIRST_YEAR || year >= deps.now().getUTCFullYear()) throw new AppError('ANNUAL_REPORT_YEAR_INVALID', { year }, { year });
}

/** The draft, created from the pre-filled template when nothing is saved yet; a submitted report refuses changes. */
async function draftFor(tx: Tx, actor: Actor, participantCode: string, year: number, deps: Deps): Promise<AnnualReportRow> {
  const existing = await findReport(tx, participantCode, year, { forUpdate: true });
  if (existing?.status === 'submitted') throw new AppError('ANNUAL_REPORT_SUBMITTED', { year }, { year });
  if (existing) return existing;
  const [created] = await tx
    .insert(annualReports)
    .values({ id: newId(), participantCode, year, status: 'draft', content: await prefilledContent(tx, participantCode, year), updatedBy: actor.userId, updatedAt: deps.now() })
    .returning();
  return created;
}

/** Saves the draft text (all of it: the form sends every section). */
export async function saveAnnualReport(
  { actor, participantCode, year, content }: { actor: Actor; participantCode: string; year: number; content: ReportContent },
  deps: Deps,
): Promise<AnnualReport> {
  const row = await transact(deps, async (tx) => {
    await assertWrites(tx, actor, participantCode, year, deps);
    const draft = await draftFor(tx, actor, participantCode, year, deps);
    const [saved] = await tx.update(annualReports).set({ content, updatedBy: actor.userId, updatedAt: deps.now() }).where(eq(annualReports.id, draft.id)).returning();
    await recordAudit(tx, { actor, action: 'annual_report.saved', entityType: 'annual_report', entityId: saved.id, participantCode, data: { year, unanswered: unansweredSections(content).length } });
    return saved;
  });
  return reportView(deps, actor, participantCode, year, row);
}

/**
 * Submits the report: every section of both parts answered (Part B may say "no change"). The
 * participant's statistics for the year are frozen into it; afterwards it never changes, and
 * the WGM's questions and the participant's answers follow it.
 */
export async function submitAnnualReport({ actor, participantCode, year }: { actor: Actor; participantCode: string; year: number }, deps: Deps): Promise<AnnualReport> {
  const row = await transact(deps, async (tx) => {
    await assertWrites(tx, actor, participantCode, year, deps);
    const draft = await draftFor(tx, actor, participantCode, year, deps);
    const missing = unansweredSections(draft.content as ReportContent);
    if (missing.length > 0) throw new AppError('ANNUAL_REPORT_INCOMPLETE', { count: missing.length }, { sections: missing });
    const now = deps.now();
    const statistics = await statisticsFor({ ...deps, db: tx }, participantCode, year);
    const [submitted] = await tx
      .update(annualReports)
      .set({ status: 'submitted', statistics, submittedBy: actor.userId, submittedAt: now, updatedBy: actor.userId, updatedAt: now })
      .where(eq(annualReports.id, draft.id))
      .returning();
    await recordAudit(tx, { actor, action: 'annual_report.submitted', entityType: 'annual_report', entityId: submitted.id, participantCode, data: { year, statistics } });
    return submitted;
  });
  return reportView(deps, actor, participantCode, year, row);
}

/** Attaches a file to a section of the draft (a law, the certificate specimen, an organisation chart). */
export async function attachAnnualReportFile(
  { actor, participantCode, year, file }: { actor: Actor; participantCode: string; year: number; file: AnnualReportFileDraft },
  deps: Deps,
): Promise<AnnualReport> {
  const row = await transact(deps, async (tx) => {
    await assertWrites(tx, actor, participantCode, year, deps);
    const draft = await draftFor(tx, actor, participantCode, year, deps);
    const id = newId();
    const stored = attachmentRow(file, deps.config.reportFileMaxBytes, { userId: actor.userId, at: deps.now() });
    await tx.insert(annualReportFiles).values({ id, reportId: draft.id, section: file.section, ...stored });
    await recordAudit(tx, {
      actor,
      action: 'annual_report.file_attached',
      entityType: 'annual_report',
      entityId: draft.id,
      participantCode,
      data: { year, fileId: id, fileName: file.fileName, sha256: stored.sha256, size: stored.size },
    });
    return draft;
  });
  return reportView(deps, actor, participantCode, year, row);
}

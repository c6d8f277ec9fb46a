import { and, asc, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { annualReports } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { SharingDraft } from '../domain/observer-sharing.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import type { Language } from '../i18n/languages.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { participantName } from '../participants/country-names.ts';
import { assertReadsReport, findReport, reportView, reviewsAnnualReports, writesAnnualReport } from './annual-report-repository.ts';
import type { AnnualReport, SharedReports } from './schemas.ts';

/**
 * The participant's administrator, the Chair or the WGM shares a submitted report with observers
 * or marks it KP ONLY again. A draft cannot be shared: observers read only what was filed.
 */
export async function shareAnnualReport(
  { actor, participantCode, year, draft }: { actor: Actor; participantCode: string; year: number; draft: SharingDraft },
  deps: Deps,
): Promise<AnnualReport> {
  const row = await transact(deps, async (tx) => {
    if (!(await participantExists(tx, participantCode))) throw new AppError('NOT_FOUND');
    const report = await findReport(tx, participantCode, year, { forUpdate: true });
    assertReadsReport(actor, participantCode, report);
    if (!writesAnnualReport(actor, participantCode) && !reviewsAnnualReports(actor)) throw new AppError('FORBIDDEN');
    if (!report || report.status !== 'submitted') throw new AppError('ANNUAL_REPORT_NOT_SUBMITTED', { year }, { year });
    if (report.sharedWithObservers === draft.sharedWithObservers) return report;
    const [updated] = await tx.update(annualReports).set({ sharedWithObservers: draft.sharedWithObservers }).where(eq(annualReports.id, report.id)).returning();
    await recordAudit(tx, {
      actor,
      action: 'annual_report.sharing_changed',
      entityType: 'annual_report',
      entityId: report.id,
      participantCode,
      data: { year, sharedWithObservers: draft.sharedWithObservers },
    });
    return updated;
  });
  return reportView(deps, actor, participantCode, year, row);
}

/** The submitted reports shared with observers, newest year first (observers, the Chair, the WGM). */
export async function sharedAnnualReports(deps: Deps, { actor, language }: { actor: Actor; language: Language }): Promise<SharedReports> {
  if (!hasRole(actor, 'observer') && !reviewsAnnualReports(actor)) throw new AppError('FORBIDDEN');
  const rows = await deps.db
    .select()
    .from(annualReports)
    .where(and(eq(annualReports.status, 'submitted'), eq(annualReports.sharedWithObservers, true)))
    .orderBy(desc(annualReports.year), asc(annualReports.participantCode));
  return {
    items: rows.map((row) => ({ participantCode: row.participantCode, name: participantName(row.participantCode, language), year: row.year, submittedAt: row.submittedAt!.toISOString() })),
  };
}

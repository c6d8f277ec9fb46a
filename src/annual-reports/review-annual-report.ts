import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { annualReportMessages } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { assertReadsReport, findReport, reportView, reviewsAnnualReports, writesAnnualReport } from './annual-report-repository.ts';
import type { AnnualReport } from './schemas.ts';

export type MessageKind = 'question' | 'answer' | 'comment';

/**
 * The WGM's review of a report: the Chair or WGM ask questions of a submitted report; the
 * participant's administrator answers each one once; both may comment. Every message is kept.
 */
export async function addAnnualReportMessage(
  {
    actor,
    participantCode,
    year,
    kind,
    body,
    language,
    questionId,
  }: { actor: Actor; participantCode: string; year: number; kind: MessageKind; body: string; language?: string; questionId?: string },
  deps: Deps,
): Promise<AnnualReport> {
  const row = await transact(deps, async (tx) => {
    const report = await findReport(tx, participantCode, year, { forUpdate: true });
    assertReadsReport(actor, participantCode, report);
    if (!report) throw new AppError('NOT_FOUND');
    const reviewer = reviewsAnnualReports(actor);
    const writer = writesAnnualReport(actor, participantCode);
    if (kind === 'question' && !reviewer) throw new AppError('FORBIDDEN');
    if (kind === 'answer' && !writer) throw new AppError('FORBIDDEN');
    if (kind === 'comment' && !reviewer && !writer) throw new AppError('FORBIDDEN');
    if (kind !== 'comment' && report.status !== 'submitted') throw new AppError('ANNUAL_REPORT_NOT_SUBMITTED', { year }, { year });
    if (kind === 'answer') {
      if (!questionId) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['questionId'], message: 'an answer names its question' }]);
      const [question] = await tx
        .select()
        .from(annualReportMessages)
        .where(and(eq(annualReportMessages.id, questionId), eq(annualReportMessages.reportId, report.id), eq(annualReportMessages.kind, 'question')));
      if (!question) throw new AppError('NOT_FOUND');
      const [earlier] = await tx.select().from(annualReportMessages).where(and(eq(annualReportMessages.questionId, questionId), eq(annualReportMessages.kind, 'answer')));
      if (earlier) throw new AppError('ANNUAL_REPORT_QUESTION_ANSWERED', {}, { questionId });
    }
    const id = newId();
    await tx.insert(annualReportMessages).values({
      id,
      reportId: report.id,
      kind,
      questionId: kind === 'answer' ? questionId! : null,
      body,
      language: language ?? actor.language,
      userId: actor.userId,
      authorName: actor.name,
      onBehalfOf: actor.participantCode,
      at: deps.now(),
    });
    await recordAudit(tx, { actor, action: `annual_report.${kind}`, entityType: 'annual_report', entityId: report.id, participantCode, data: { year, messageId: id, questionId: questionId ?? null } });
    // A question waits on the participant's administrators; an answer on the reviewers.
    if (kind !== 'comment') {
      await notify(
        tx,
        {
          to: kind === 'question' ? { participants: [participantCode], roles: ['participant_admin'] } : { roles: ['kp_chair', 'wgm'] },
          kind: kind === 'question' ? 'annual_report.question' : 'annual_report.answer',
          params: { participantCode, year: String(year) },
          link: `/annual-reports/${participantCode}/${year}`,
          except: actor.userId,
        },
        deps,
      );
    }
    return report;
  });
  return reportView(deps, actor, participantCode, year, row);
}

import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { annualReportFiles, annualReportMessages, annualReports, authorities } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasOpenQuestion, openQuestionsPer, threadView } from '../domain/message-thread.ts';
import { todayUtc } from '../domain/licence.ts';
import { observerMayRead } from '../domain/observer-sharing.ts';
import { actsFor, hasRole, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import { getParticipantStatistics } from '../statistics/get-participant-statistics.ts';
import { emptyContent, reportDueDate, type ReportContent } from './annual-report-rules.ts';
import type { AnnualReport, ReportStatistics } from './schemas.ts';

export type AnnualReportRow = typeof annualReports.$inferSelect;

/** The Chair and the WGM review every participant's reports. */
export function reviewsAnnualReports(actor: Actor): boolean {
  return hasRole(actor, 'kp_chair', 'wgm');
}

/** A participant's administrator drafts, submits and answers for its own participant. */
export function writesAnnualReport(actor: Actor, participantCode: string): boolean {
  return actsFor(actor, participantCode, 'participant_admin');
}

/**
 * Who reads a participant's reports: its own staff, the Chair and the WGM. Another participant's
 * staff and observers (who read only reports shared with them, see `assertReadsReport`) get
 * NOT_FOUND, as if it did not exist; roles that read no reports, FORBIDDEN.
 */
export function assertReadsReports(actor: Actor, participantCode: string): void {
  if (reviewsAnnualReports(actor) || actsFor(actor, participantCode, ...PARTICIPANT_ROLES)) return;
  throw new AppError(actor.participantCode !== null || hasRole(actor, 'observer') ? 'NOT_FOUND' : 'FORBIDDEN');
}

/** Observers read a participant's submitted report when it is shared with them. */
function observerReads(actor: Actor, row: AnnualReportRow | undefined): boolean {
  return !reviewsAnnualReports(actor) && row !== undefined && row.status === 'submitted' && observerMayRead(actor, row);
}

/** Like `assertReadsReports`, for one report: observers also read a submitted report shared with them (others are NOT_FOUND to them). */
export function assertReadsReport(actor: Actor, participantCode: string, row: AnnualReportRow | undefined): void {
  if (!observerReads(actor, row)) assertReadsReports(actor, participantCode);
}

/** Who shares a submitted report with observers: the participant's administrator, the Chair, the WGM. */
export function sharesReport(actor: Actor, participantCode: string, row: AnnualReportRow | undefined): boolean {
  return row?.status === 'submitted' && (writesAnnualReport(actor, participantCode) || reviewsAnnualReports(actor));
}

export async function findReport(db: Db | Tx, participantCode: string, year: number, { forUpdate = false } = {}): Promise<AnnualReportRow | undefined> {
  const query = db.select().from(annualReports).where(and(eq(annualReports.participantCode, participantCode), eq(annualReports.year, year)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findReportById(db: Db | Tx, id: string, { forUpdate = false } = {}): Promise<AnnualReportRow | undefined> {
  const query = db.select().from(annualReports).where(eq(annualReports.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export function dueOn(deps: Deps, year: number): string {
  return reportDueDate(year, deps.config.annualReportDue);
}

/** Late: submitted after the due date, or still not submitted once it has passed. */
export function isLate(row: Pick<AnnualReportRow, 'submittedAt'> | undefined, due: string, today: string): boolean {
  return row?.submittedAt ? todayUtc(row.submittedAt) > due : today > due;
}

/** The participant's figures for the year, read from the live statistics (the public ones). */
export async function statisticsFor(deps: Deps, participantCode: string, year: number): Promise<ReportStatistics> {
  const figures = await getParticipantStatistics({ code: participantCode, year, language: 'en' }, deps);
  const yearly = <T extends { period: string }>(rows: T[]) => rows.find((row) => row.period === String(year))!;
  const exported = yearly(figures.exports.totals);
  const imported = yearly(figures.imports.totals);
  const received = yearly(figures.imports.received);
  return {
    production: figures.production.map((row) => ({ period: row.period, reportType: row.reportType, carats: row.carats, valueUsd: row.valueUsd })),
    exports: { certificates: exported.certificates, carats: exported.carats, valueUsd: exported.valueUsd },
    imports: { certificates: imported.certificates, carats: imported.carats, valueUsd: imported.valueUsd },
    received: { certificates: received.certificates, carats: received.carats },
  };
}

/**
 * What a new report starts from: Part A carried over from the last submitted report (the baseline
 * changes only through Part B), or, for a first report, the designated authorities from the register.
 */
export async function prefilledContent(db: Db | Tx, participantCode: string, year: number): Promise<ReportContent> {
  const content = emptyContent();
  const [earlier] = await db
    .select()
    .from(annualReports)
    .where(and(eq(annualReports.participantCode, participantCode), eq(annualReports.status, 'submitted'), lt(annualReports.year, year)))
    .orderBy(desc(annualReports.year))
    .limit(1);
  if (earlier) return { partA: { ...(earlier.content as ReportContent).partA }, partB: content.partB };
  const designated = await db.select().from(authorities).where(eq(authorities.participantCode, participantCode)).orderBy(asc(authorities.role), asc(authorities.name));
  content.partA.authorities = designated.map((authority) => `${authority.name} (${authority.role}), ${authority.address}${authority.email ? `, ${authority.email}` : ''}`).join('\n');
  return content;
}

/** The report as `actor` sees it, with what it may do; a template when nothing is saved yet. */
export async function reportView(deps: Deps, actor: Actor, participantCode: string, year: number, row: AnnualReportRow | undefined): Promise<AnnualReport> {
  const due = dueOn(deps, year);
  const today = todayUtc(deps.now());
  const files = row ? await deps.db.select().from(annualReportFiles).where(eq(annualReportFiles.reportId, row.id)).orderBy(asc(annualReportFiles.uploadedAt)) : [];
  // The WGM's questions and the answers stay within the KP: an observer reads the report itself.
  const messages = row && !observerReads(actor, row) ? await deps.db.select().from(annualReportMessages).where(eq(annualReportMessages.reportId, row.id)).orderBy(asc(annualReportMessages.at), asc(annualReportMessages.id)) : [];
  const writes = writesAnnualReport(actor, participantCode);
  const submitted = row?.status === 'submitted';
  return {
    id: row?.id ?? null,
    participantCode,
    year,
    status: (row?.status as AnnualReport['status'] | undefined) ?? 'not_started',
    dueOn: due,
    late: isLate(row, due, today),
    content: (row?.content as ReportContent | undefined) ?? (await prefilledContent(deps.db, participantCode, year)),
    statistics: submitted ? (row!.statistics as ReportStatistics) : await statisticsFor(deps, participantCode, year),
    updatedAt: row?.updatedAt.toISOString() ?? null,
    submittedAt: row?.submittedAt?.toISOString() ?? null,
    files: files.map((file) => ({ id: file.id, section: file.section as AnnualReport['files'][number]['section'], fileName: file.fileName, mediaType: file.mediaType, size: file.size, sha256: file.sha256, uploadedAt: file.uploadedAt.toISOString() })),
    messages: threadView(messages),
    can: {
      edit: writes && !submitted,
      submit: writes && !submitted,
      ask: submitted && reviewsAnnualReports(actor),
      answer: submitted && writes && hasOpenQuestion(messages),
      comment: row !== undefined && (writes || reviewsAnnualReports(actor)),
      share: sharesReport(actor, participantCode, row),
    },
    sharedWithObservers: row?.sharedWithObservers ?? false,
  };
}

/** Open questions (asked, not yet answered) per report id. */
export async function openQuestionCounts(db: Db | Tx, reportIds: string[]): Promise<Map<string, number>> {
  if (reportIds.length === 0) return new Map();
  const messages = await db.select().from(annualReportMessages).where(inArray(annualReportMessages.reportId, reportIds));
  return openQuestionsPer(messages, (message) => message.reportId);
}

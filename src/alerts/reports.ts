import { attachmentRow } from '../domain/attachments.ts';
import { and, asc, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { findCertificateRow } from '../certificates/certificate-repository.ts';
import type { Tx } from '../db/database.ts';
import { certificateReportComments, certificateReportFiles, certificateReports, participants, verificationAttempts } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { actsFor, hasRole, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import { invalidateTrustList } from '../verification/verify-online.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';
import type { Report, ReportDraft } from './schemas.ts';
import type { z } from 'zod';
import type { EvidenceFileSchema } from './schemas.ts';

type ReportRow = typeof certificateReports.$inferSelect;
type EvidenceFile = z.infer<typeof EvidenceFileSchema>;

/**
 * Doubts about certificates (KPCS: notify the authorities concerned, the Chair and the WGM;
 * UNGA 68/128 §11). A report is seen by the issuing participant, the reporting participant,
 * the Chair and the WGM — nobody else.
 */
export function canSeeReport(actor: Actor | null, report: Pick<ReportRow, 'issuingParticipant' | 'reportingParticipant'>): boolean {
  return (
    hasRole(actor, 'kp_chair', 'wgm') ||
    (report.issuingParticipant !== null && actsFor(actor, report.issuingParticipant, ...PARTICIPANT_ROLES)) ||
    (report.reportingParticipant !== null && actsFor(actor, report.reportingParticipant, ...PARTICIPANT_ROLES))
  );
}

/** Closing (and confirming a number as fraudulent) is for the Chair, the WGM and the authority whose number it is. */
export function canCloseReport(actor: Actor | null, report: Pick<ReportRow, 'issuingParticipant'>): boolean {
  return hasRole(actor, 'kp_chair', 'wgm') || (report.issuingParticipant !== null && actsFor(actor, report.issuingParticipant, 'exporting_officer', 'participant_admin'));
}

function canReport(actor: Actor): boolean {
  return hasRole(actor, 'kp_chair', 'wgm') || (actor.participantCode !== null && hasRole(actor, 'importing_officer', 'exporting_officer', 'participant_admin'));
}

/** Who hears of a report: both participants concerned (webhooks); the Chair and WGM see every report in the app. */
const concerned = (report: ReportRow) => [report.issuingParticipant, report.reportingParticipant].filter((code): code is string => code !== null);

async function storeFiles(tx: Tx, reportId: string, files: EvidenceFile[], actor: Actor, deps: Deps): Promise<{ fileName: string; sha256: string; size: number }[]> {
  const stored = [];
  for (const file of files) {
    const row = attachmentRow(file, deps.config.reportFileMaxBytes, { userId: actor.userId, at: deps.now() });
    await tx.insert(certificateReportFiles).values({ id: newId(), reportId, ...row });
    stored.push({ fileName: file.fileName, sha256: row.sha256, size: row.size });
  }
  return stored;
}

async function reportView(db: Deps['db'] | Tx, row: ReportRow): Promise<Report> {
  const comments = await db.select().from(certificateReportComments).where(eq(certificateReportComments.reportId, row.id)).orderBy(asc(certificateReportComments.createdAt));
  const files = await db
    .select({
      id: certificateReportFiles.id,
      fileName: certificateReportFiles.fileName,
      mediaType: certificateReportFiles.mediaType,
      size: certificateReportFiles.size,
      sha256: certificateReportFiles.sha256,
      uploadedAt: certificateReportFiles.uploadedAt,
    })
    .from(certificateReportFiles)
    .where(eq(certificateReportFiles.reportId, row.id))
    .orderBy(asc(certificateReportFiles.uploadedAt));
  return {
    ...summaryOf(row, comments.length),
    description: row.description,
    reportedBy: row.reportedBy,
    resolution: row.resolution,
    comments: comments.map((comment) => ({
      id: comment.id,
      authorLabel: comment.authorLabel,
      participantCode: comment.participantCode,
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
    })),
    files: files.map((file) => ({ ...file, uploadedAt: file.uploadedAt.toISOString() })),
  };
}

function summaryOf(row: ReportRow, commentCount: number) {
  return {
    id: row.id,
    certificateNumber: row.certificateNumber,
    certificateKnown: row.certificateId !== null,
    issuingParticipant: row.issuingParticipant,
    reportingParticipant: row.reportingParticipant,
    kind: row.kind as Report['kind'],
    status: row.status as Report['status'],
    reportedAt: row.reportedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    commentCount,
  };
}

/** An officer reports a suspicious or fraudulent certificate, or a refused shipment, with evidence. */
export async function createReport({ actor, draft }: { actor: Actor; draft: ReportDraft }, deps: Deps): Promise<Report> {
  if (!canReport(actor)) throw new AppError('FORBIDDEN');
  return transact(deps, async (tx) => {
    const certificate = await findCertificateRow(tx, draft.certificateNumber);
    const prefix = draft.certificateNumber.slice(0, 2);
    const [prefixParticipant] = await tx.select({ code: participants.code }).from(participants).where(eq(participants.code, prefix));
    const now = deps.now();
    const [row] = await tx
      .insert(certificateReports)
      .values({
        id: newId(),
        certificateNumber: draft.certificateNumber,
        certificateId: certificate?.id ?? null,
        issuingParticipant: certificate?.participantCode ?? prefixParticipant?.code ?? null,
        reportingParticipant: actor.participantCode,
        kind: draft.kind,
        status: 'open',
        description: draft.description,
        reportedBy: actor.userId,
        reportedAt: now,
      })
      .returning();
    const files = await storeFiles(tx, row.id, draft.files, actor, deps);
    await recordAudit(tx, {
      actor,
      action: 'report.created',
      entityType: 'certificate_report',
      entityId: row.id,
      participantCode: actor.participantCode,
      data: { certificateNumber: row.certificateNumber, kind: row.kind, issuingParticipant: row.issuingParticipant, files },
    });
    await enqueueEvent(tx, {
      participants: concerned(row),
      type: 'alert.raised',
      data: { reportId: row.id, certificateNumber: row.certificateNumber, kind: row.kind, reportingParticipant: row.reportingParticipant },
      now,
    });
    return reportView(tx, row);
  });
}

async function visibleReport(db: Deps['db'] | Tx, actor: Actor, id: string): Promise<ReportRow> {
  const [row] = await db.select().from(certificateReports).where(eq(certificateReports.id, id));
  if (!row || !canSeeReport(actor, row)) throw new AppError('NOT_FOUND');
  return row;
}

export async function getReport(deps: Deps, actor: Actor, id: string): Promise<Report> {
  return reportView(deps.db, await visibleReport(deps.db, actor, id));
}

export async function listReports(deps: Deps, actor: Actor, status?: string) {
  const filters: SQL[] = [];
  if (!hasRole(actor, 'kp_chair', 'wgm')) {
    if (!actor.participantCode) return [];
    filters.push(or(eq(certificateReports.issuingParticipant, actor.participantCode), eq(certificateReports.reportingParticipant, actor.participantCode))!);
  }
  if (status) filters.push(eq(certificateReports.status, status));
  const rows = await deps.db.select().from(certificateReports).where(and(...filters)).orderBy(desc(certificateReports.reportedAt)).limit(500);
  const counts =
    rows.length === 0
      ? []
      : await deps.db
          .select({ reportId: certificateReportComments.reportId, n: count() })
          .from(certificateReportComments)
          .where(inArray(certificateReportComments.reportId, rows.map((row) => row.id)))
          .groupBy(certificateReportComments.reportId);
  const byReport = new Map(counts.map((entry) => [entry.reportId, entry.n]));
  return rows.map((row) => summaryOf(row, byReport.get(row.id) ?? 0));
}

export async function commentOnReport({ actor, id, body, files }: { actor: Actor; id: string; body: string; files: EvidenceFile[] }, deps: Deps): Promise<Report> {
  return transact(deps, async (tx) => {
    const row = await visibleReport(tx, actor, id);
    if (row.status !== 'open') throw new AppError('REPORT_NOT_OPEN', { status: row.status });
    const now = deps.now();
    await tx.insert(certificateReportComments).values({ id: newId(), reportId: id, authorId: actor.userId, authorLabel: actor.name, participantCode: actor.participantCode, body, createdAt: now });
    const stored = await storeFiles(tx, id, files, actor, deps);
    await recordAudit(tx, { actor, action: 'report.commented', entityType: 'certificate_report', entityId: id, participantCode: actor.participantCode, data: { files: stored } });
    await enqueueEvent(tx, { participants: concerned(row), type: 'alert.commented', data: { reportId: id, certificateNumber: row.certificateNumber }, now });
    return reportView(tx, row);
  });
}

/**
 * Closes a report. `confirmed_fraudulent` puts the number on the trust list's list of fraudulent
 * numbers: it fails verification everywhere from then on, offline included.
 */
export async function closeReport({ actor, id, outcome, note }: { actor: Actor; id: string; outcome: string; note: string }, deps: Deps): Promise<Report> {
  const report = await transact(deps, async (tx) => {
    const row = await visibleReport(tx, actor, id);
    if (!canCloseReport(actor, row)) throw new AppError('FORBIDDEN');
    if (row.status !== 'open') throw new AppError('REPORT_NOT_OPEN', { status: row.status });
    const now = deps.now();
    const [updated] = await tx
      .update(certificateReports)
      .set({ status: outcome === 'confirmed_fraudulent' ? 'confirmed_fraudulent' : 'closed', closedBy: actor.userId, closedAt: now, resolution: `${outcome}: ${note}` })
      .where(eq(certificateReports.id, id))
      .returning();
    await recordAudit(tx, { actor, action: 'report.closed', entityType: 'certificate_report', entityId: id, participantCode: actor.participantCode, data: { outcome, certificateNumber: row.certificateNumber } });
    await enqueueEvent(tx, { participants: concerned(row), type: 'alert.closed', data: { reportId: id, certificateNumber: row.certificateNumber, outcome }, now });
    return reportView(tx, updated);
  });
  if (outcome === 'confirmed_fraudulent') invalidateTrustList(deps);
  return report;
}

export async function reportFile(deps: Deps, actor: Actor, id: string, fileId: string) {
  await visibleReport(deps.db, actor, id);
  const [file] = await deps.db
    .select()
    .from(certificateReportFiles)
    .where(and(eq(certificateReportFiles.id, fileId), eq(certificateReportFiles.reportId, id)));
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}

/** Failed verifications of a participant's numbers: its own staff, the Chair and the WGM. */
export async function listAttempts(deps: Deps, actor: Actor, query: { participant?: string; page: number; pageSize: number }) {
  const kpWide = hasRole(actor, 'kp_chair', 'wgm');
  if (!kpWide) {
    if (!actor.participantCode || !hasRole(actor, ...PARTICIPANT_ROLES)) throw new AppError('FORBIDDEN');
    if (query.participant && query.participant !== actor.participantCode) throw new AppError('NOT_FOUND');
  }
  const participant = kpWide ? query.participant : actor.participantCode;
  const where = participant ? eq(verificationAttempts.claimedIssuer, participant) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    deps.db
      .select()
      .from(verificationAttempts)
      .where(where)
      .orderBy(desc(verificationAttempts.at))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    deps.db.select({ total: count() }).from(verificationAttempts).where(where),
  ]);
  return {
    items: rows.map((row) => ({ id: row.id, at: row.at.toISOString(), channel: row.channel, claimedNumber: row.claimedNumber, claimedIssuer: row.claimedIssuer, verdict: row.verdict, reasons: row.reasons })),
    total,
  };
}

import { and, asc, count, eq, gte, inArray, isNull, like, sql, arrayOverlaps } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { admissionApplicationFiles, admissionApplicationMessages, admissionApplications, authorities, decisions, participantStatusEvents, users } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { hasOpenQuestion, openQuestionsPer, threadView } from '../domain/message-thread.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, actsFor, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import {
  applicationReference,
  emptyContent,
  isOpen,
  missingParts,
  stageOf,
  type ApplicationContent,
  type ApplicationOutcome,
  type ApplicationStatus,
  type Assessment,
} from './admission-rules.ts';
import type { AdmissionApplication, ApplicationDecision } from './schemas.ts';

export type ApplicationRow = typeof admissionApplications.$inferSelect;

/** The CPC assesses applications: asks, records findings, recommends. */
export function assessesApplications(actor: Actor | null): boolean {
  return hasRole(actor, 'cpc');
}

/** The CPC and the Chair read every submitted application (never another applicant's draft). */
export function readsSubmittedApplications(actor: Actor | null): boolean {
  return hasRole(actor, 'cpc', 'kp_chair');
}

/**
 * Whether the Chair may file for this applicant: only while it has no active administrator
 * account of its own (a country that has written to the Chair but is not yet set up in
 * Kimberlite). Once it has one, the file is the applicant's to write.
 */
export async function chairFilesFor(db: Db | Tx, applicantCode: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.participantCode, applicantCode), arrayOverlaps(users.roles, ['participant_admin']), eq(users.kind, 'person'), isNull(users.disabledAt)));
  return Number(row.n) === 0;
}

/** Who writes the file: the applicant's administrator, or the Chair for an applicant without one. */
export function writesApplication(actor: Actor, applicantCode: string, chairFiles: boolean): boolean {
  return actsFor(actor, applicantCode, 'participant_admin') || (chairFiles && hasRole(actor, 'kp_chair'));
}

/**
 * Who sees an application: the applicant's own staff always; the CPC and the Chair once it is
 * submitted (the Chair also the drafts it writes). Another participant's staff and the CPC or
 * Chair facing a draft get NOT_FOUND; roles that never read applications (observers, working
 * groups, the system administrator) FORBIDDEN.
 */
export function assertSeesApplication(actor: Actor, row: Pick<ApplicationRow, 'applicantCode' | 'status'>, chairFiles: boolean): void {
  if (actsFor(actor, row.applicantCode, ...PARTICIPANT_ROLES)) return;
  if (readsSubmittedApplications(actor) && row.status !== 'draft') return;
  if (row.status === 'draft' && chairFiles && hasRole(actor, 'kp_chair')) return;
  throw new AppError(actor.participantCode !== null || readsSubmittedApplications(actor) ? 'NOT_FOUND' : 'FORBIDDEN');
}

/** The application and whether the Chair files it, checked for `actor`; NOT_FOUND when there is none. */
export async function visibleApplication(db: Db | Tx, actor: Actor, id: string, { forUpdate = false } = {}): Promise<{ row: ApplicationRow; chairFiles: boolean }> {
  if (!readsSubmittedApplications(actor) && actor.participantCode === null) throw new AppError('FORBIDDEN');
  const query = db.select().from(admissionApplications).where(eq(admissionApplications.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND');
  const chairFiles = await chairFilesFor(db, row.applicantCode);
  assertSeesApplication(actor, row, chairFiles);
  return { row, chairFiles };
}

export async function nextApplicationReference(tx: Tx, year: number): Promise<string> {
  const [{ taken }] = await tx
    .select({ taken: count() })
    .from(admissionApplications)
    .where(like(admissionApplications.reference, `APP ${year}/%`));
  return applicationReference(year, Number(taken));
}

/** A new file starts from the register: the applicant's authorities already recorded there, if any. */
export async function prefilledContent(db: Db | Tx, applicantCode: string): Promise<ApplicationContent> {
  const content = emptyContent();
  const designated = await db.select().from(authorities).where(eq(authorities.participantCode, applicantCode)).orderBy(asc(authorities.role), asc(authorities.name));
  content.authorities = designated.map((authority) => ({ name: authority.name, address: authority.address, email: authority.email ?? '', phone: authority.phone ?? '' }));
  return content;
}

interface Verdict {
  outcome: ApplicationOutcome;
  decision: ApplicationDecision | null;
  admittedOn: string | null;
}

interface DecisionFacts {
  id: string;
  reference: string;
  kind: string;
  status: string;
  effectiveOn: string | null;
  createdAt: Date;
  effects: { participantCode: string; status: string; outcome: string | null }[];
}

/**
 * What the KP decided, read from the decisions and the register (the application never changes
 * either). The decisions that matter are those proposing `participant` for the applicant, made
 * after the application was submitted, oldest first: the first one adopted with its effect
 * applied admits; one blocked or not adopted before that refuses; a circulating one is pending.
 * A `participant` status effective on or after the day of submission without such a decision (the
 * Chair changing the register directly) also counts as admission. Withdrawn procedures count for nothing.
 */
export function verdictOf(row: Pick<ApplicationRow, 'applicantCode' | 'status' | 'submittedAt'>, decided: readonly DecisionFacts[], admissions: readonly { participantCode: string; effectiveOn: string }[]): Verdict {
  const none: Verdict = { outcome: null, decision: null, admittedOn: null };
  if (!row.submittedAt || row.status === 'draft' || row.status === 'withdrawn') return none;
  const submittedAt = row.submittedAt;
  const naming = decided
    .filter((decision) => decision.createdAt >= submittedAt && decision.status !== 'withdrawn')
    .filter((decision) => decision.effects.some((effect) => effect.participantCode === row.applicantCode && effect.status === 'participant'))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const link = (decision: DecisionFacts): ApplicationDecision => ({ id: decision.id, reference: decision.reference, kind: decision.kind as ApplicationDecision['kind'], status: decision.status as ApplicationDecision['status'] });
  for (const decision of naming) {
    if (decision.status === 'circulating') return { outcome: null, decision: link(decision), admittedOn: null };
    if (decision.status === 'blocked' || decision.status === 'not_adopted') return { outcome: 'refused', decision: link(decision), admittedOn: null };
    const effect = decision.effects.find((candidate) => candidate.participantCode === row.applicantCode && candidate.status === 'participant');
    if (decision.status === 'adopted' && effect?.outcome === 'applied') return { outcome: 'admitted', decision: link(decision), admittedOn: decision.effectiveOn };
  }
  const submittedOn = todayUtc(submittedAt);
  const admitted = admissions.filter((event) => event.participantCode === row.applicantCode && event.effectiveOn >= submittedOn).sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn))[0];
  if (admitted) return { outcome: 'admitted', decision: null, admittedOn: admitted.effectiveOn };
  return none;
}

/** The verdict of each application (one query for the decisions, one for the register). */
export async function verdicts(db: Db | Tx, rows: readonly ApplicationRow[]): Promise<Map<string, Verdict>> {
  const codes = [...new Set(rows.filter((row) => row.submittedAt).map((row) => row.applicantCode))];
  const result = new Map<string, Verdict>();
  if (codes.length === 0) {
    for (const row of rows) result.set(row.id, { outcome: null, decision: null, admittedOn: null });
    return result;
  }
  const earliest = new Date(Math.min(...rows.filter((row) => row.submittedAt).map((row) => row.submittedAt!.getTime())));
  const containing = sql.join(
    codes.map((code) => sql`${decisions.effects} @> ${JSON.stringify([{ participantCode: code, status: 'participant' }])}::jsonb`),
    sql` or `,
  );
  const decided = await db
    .select({ id: decisions.id, reference: decisions.reference, kind: decisions.kind, status: decisions.status, effectiveOn: decisions.effectiveOn, createdAt: decisions.createdAt, effects: decisions.effects })
    .from(decisions)
    .where(and(gte(decisions.createdAt, earliest), sql`(${containing})`));
  const admissions = await db
    .select({ participantCode: participantStatusEvents.participantCode, effectiveOn: participantStatusEvents.effectiveOn })
    .from(participantStatusEvents)
    .where(and(inArray(participantStatusEvents.participantCode, codes), eq(participantStatusEvents.status, 'participant'), gte(participantStatusEvents.effectiveOn, todayUtc(earliest))));
  const facts = decided.map((decision) => ({ ...decision, effects: decision.effects as DecisionFacts['effects'] }));
  for (const row of rows) result.set(row.id, verdictOf(row, facts, admissions));
  return result;
}

/** The applicant's application still open (not withdrawn, not decided), if any. */
export async function openApplicationOf(db: Db | Tx, applicantCode: string): Promise<ApplicationRow | undefined> {
  const rows = await db.select().from(admissionApplications).where(eq(admissionApplications.applicantCode, applicantCode));
  const decided = await verdicts(db, rows);
  return rows.find((row) => isOpen(row.status as ApplicationStatus, decided.get(row.id)!.outcome));
}

/** Open questions (asked, not yet answered) per application. */
export async function openQuestionCounts(db: Db | Tx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const messages = await db.select().from(admissionApplicationMessages).where(inArray(admissionApplicationMessages.applicationId, ids));
  return openQuestionsPer(messages, (message) => message.applicationId);
}

/** The application as `actor` sees it, with what it may do now. */
export async function applicationView(db: Db | Tx, actor: Actor, row: ApplicationRow, chairFiles: boolean): Promise<AdmissionApplication> {
  const [files, messages, verdict] = await Promise.all([
    db.select().from(admissionApplicationFiles).where(eq(admissionApplicationFiles.applicationId, row.id)).orderBy(asc(admissionApplicationFiles.uploadedAt), asc(admissionApplicationFiles.id)),
    db.select().from(admissionApplicationMessages).where(eq(admissionApplicationMessages.applicationId, row.id)).orderBy(asc(admissionApplicationMessages.at), asc(admissionApplicationMessages.id)),
    verdicts(db, [row]).then((all) => all.get(row.id)!),
  ]);
  const status = row.status as ApplicationStatus;
  const stage = stageOf(status, verdict.outcome);
  const writes = writesApplication(actor, row.applicantCode, chairFiles);
  const assessor = assessesApplications(actor);
  const open = isOpen(status, verdict.outcome);
  const inProcedure = verdict.decision?.status === 'circulating';
  const content = row.content as ApplicationContent;
  const assessment = row.assessment as Assessment | null;
  // The applicant reads the CPC's findings once the CPC has recommended; until then they are the committee's working notes.
  const seesAssessment = readsSubmittedApplications(actor) || status === 'recommended' || status === 'not_recommended' || verdict.outcome !== null;
  return {
    id: row.id,
    reference: row.reference,
    applicantCode: row.applicantCode,
    status,
    stage,
    outcome: verdict.outcome,
    decision: verdict.decision,
    admittedOn: verdict.admittedOn,
    content,
    missing: status === 'draft' ? missingParts(content, files.map((file) => file.kind)) : [],
    assessment: seesAssessment && assessment ? { findings: assessment.findings, recommendationNote: assessment.recommendationNote ?? null } : null,
    recommendation: (row.recommendation as AdmissionApplication['recommendation']) ?? null,
    recommendedAt: row.recommendedAt?.toISOString() ?? null,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    files: files.map((file) => ({ id: file.id, kind: file.kind as AdmissionApplication['files'][number]['kind'], fileName: file.fileName, mediaType: file.mediaType, size: file.size, sha256: file.sha256, uploadedAt: file.uploadedAt.toISOString() })),
    messages: threadView(messages),
    can: {
      edit: writes && status === 'draft',
      submit: writes && status === 'draft',
      withdraw: writes && open && !inProcedure,
      startAssessment: assessor && status === 'submitted' && open,
      assess: assessor && status === 'under_assessment' && open,
      ask: assessor && (status === 'submitted' || status === 'under_assessment') && open,
      answer: writes && open && status !== 'draft' && hasOpenQuestion(messages),
      comment: status !== 'draft' && (writes || readsSubmittedApplications(actor)),
      proposeDecision: hasRole(actor, 'kp_chair') && open && status !== 'draft' && !inProcedure,
    },
  };
}

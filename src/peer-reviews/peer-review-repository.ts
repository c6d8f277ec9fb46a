import { and, asc, count, desc, eq, inArray, like, max, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import {
  decisions,
  peerReviewComments,
  peerReviewFiles,
  peerReviewRecommendationEvents,
  peerReviewRecommendations,
  peerReviews,
  peerReviewTeamMembers,
  users,
} from '../db/schema.ts';
import { attachmentRow, type Attachment } from '../domain/attachments.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { observerMayRead } from '../domain/observer-sharing.ts';
import { actsFor, hasRole, type Actor } from '../domain/roles.ts';
import {
  COMMENTABLE,
  DRAFTABLE,
  isOverdue,
  referencePrefix,
  TEAM_FORMABLE,
  VISIT_SCHEDULABLE,
  type PeerReviewKind,
  type PeerReviewStatus,
  type RecommendationStatus,
  type ReportStage,
} from './peer-review-rules.ts';
import type { PeerReview, PeerReviewSummary, Recommendation, RecommendationDraft, TimelineStepDto } from './schemas.ts';

export type PeerReviewRow = typeof peerReviews.$inferSelect;
export type TeamMemberRow = typeof peerReviewTeamMembers.$inferSelect;
export type RecommendationRow = typeof peerReviewRecommendations.$inferSelect;

/** The Chair and the WGM follow every review, and form the teams. */
export function overseesPeerReviews(actor: Actor): boolean {
  return hasRole(actor, 'kp_chair', 'wgm');
}

/** The roles that may see some review: the overseers, participants' staff (host or team) and observers (team). */
function mayEverSeeReviews(actor: Actor): boolean {
  return overseesPeerReviews(actor) || actor.participantCode !== null || hasRole(actor, 'observer');
}

export function isLeader(actor: Actor, team: readonly TeamMemberRow[]): boolean {
  return team.some((member) => member.userId === actor.userId && member.leader);
}

/** The host participant's administrator: invites visits, comments the draft, reports progress. */
export function actsForHost(actor: Actor, review: Pick<PeerReviewRow, 'hostParticipantCode'>): boolean {
  return actsFor(actor, review.hostParticipantCode, 'participant_admin');
}

/** Who sees a review, all of it: the Chair, the WGM, the host's staff, the team members, and observers when it is shared with them. */
export function seesReview(actor: Actor, review: PeerReviewRow, team: readonly TeamMemberRow[]): boolean {
  return (
    overseesPeerReviews(actor) ||
    actor.participantCode === review.hostParticipantCode ||
    team.some((member) => member.userId === actor.userId) ||
    observerMayRead(actor, review)
  );
}

/**
 * NOT_FOUND when the review does not exist or the caller may not see it (another participant's
 * staff, an observer not on the team); FORBIDDEN for roles that never see a review (working
 * groups other than the WGM, the system administrator).
 */
export function assertSeesReview(actor: Actor, review: PeerReviewRow | undefined, team: readonly TeamMemberRow[]): asserts review is PeerReviewRow {
  if (review && seesReview(actor, review, team)) return;
  throw new AppError(mayEverSeeReviews(actor) ? 'NOT_FOUND' : 'FORBIDDEN');
}

/** Who reads a participant's review record (its timeline): its staff, the Chair and the WGM. */
export function assertReadsParticipantReviews(actor: Actor, participantCode: string): void {
  if (overseesPeerReviews(actor) || actor.participantCode === participantCode) return;
  throw new AppError(actor.participantCode !== null ? 'NOT_FOUND' : 'FORBIDDEN');
}

export async function findReview(db: Db | Tx, id: string, { forUpdate = false } = {}): Promise<PeerReviewRow | undefined> {
  const query = db.select().from(peerReviews).where(eq(peerReviews.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function teamOf(db: Db | Tx, reviewId: string): Promise<TeamMemberRow[]> {
  return db.select().from(peerReviewTeamMembers).where(eq(peerReviewTeamMembers.reviewId, reviewId)).orderBy(desc(peerReviewTeamMembers.leader), asc(peerReviewTeamMembers.name));
}

/** The review locked for a change, after checking the caller may see it. */
export async function reviewForChange(tx: Tx, actor: Actor, id: string): Promise<{ review: PeerReviewRow; team: TeamMemberRow[] }> {
  const review = await findReview(tx, id, { forUpdate: true });
  const team = review ? await teamOf(tx, id) : [];
  assertSeesReview(actor, review, team);
  return { review, team };
}

/** Refuses a step the review's status does not allow. */
export function assertStatus(review: PeerReviewRow, allowed: readonly PeerReviewStatus[]): void {
  if (!allowed.includes(review.status as PeerReviewStatus)) throw new AppError('PEER_REVIEW_STEP_NOT_ALLOWED', {}, { status: review.status, allowed });
}

/** `PR 2026/03` or `RM 2026/01`: the next number of that kind in that year. */
export async function nextReference(tx: Tx, kind: PeerReviewKind, year: number): Promise<string> {
  const prefix = referencePrefix(kind, year);
  const [{ taken }] = await tx.select({ taken: count() }).from(peerReviews).where(like(peerReviews.reference, `${prefix}%`));
  return `${prefix}${String(Number(taken) + 1).padStart(2, '0')}`;
}

/** Files of a report stage, decoded and checked, stored with their SHA-256. */
export async function attachReportFiles(
  tx: Tx,
  { reviewId, stage, files, actor, at, maxBytes }: { reviewId: string; stage: ReportStage; files: readonly Attachment[]; actor: Actor; at: Date; maxBytes: number },
): Promise<{ id: string; fileName: string; sha256: string; size: number }[]> {
  const stored = [];
  for (const file of files) {
    const id = newId();
    const row = attachmentRow(file, maxBytes, { userId: actor.userId, at });
    await tx.insert(peerReviewFiles).values({ id, reviewId, stage, ...row });
    stored.push({ id, fileName: file.fileName, sha256: row.sha256, size: row.size });
  }
  return stored;
}

/** Adds recommendations, numbered after the existing ones, each `open` with its first event. */
export async function insertRecommendations(
  tx: Tx,
  { review, drafts, actor, at }: { review: PeerReviewRow; drafts: readonly RecommendationDraft[]; actor: Actor; at: Date },
): Promise<{ id: string; number: number; dueOn: string }[]> {
  const today = todayUtc(at);
  const late = drafts.find((draft) => draft.dueOn < today);
  if (late) throw new AppError('PEER_REVIEW_DUE_DATE_PAST', { dueOn: late.dueOn }, { dueOn: late.dueOn });
  const [{ highest }] = await tx.select({ highest: max(peerReviewRecommendations.number) }).from(peerReviewRecommendations).where(eq(peerReviewRecommendations.reviewId, review.id));
  let number = Number(highest ?? 0);
  const added = [];
  for (const draft of drafts) {
    const id = newId();
    number += 1;
    await tx.insert(peerReviewRecommendations).values({
      id,
      reviewId: review.id,
      number,
      text: draft.text,
      ownerKind: draft.owner.kind,
      ownerName: draft.owner.kind === 'body' ? draft.owner.name : null,
      dueOn: draft.dueOn,
      status: 'open',
      createdBy: actor.userId,
      createdAt: at,
    });
    await tx.insert(peerReviewRecommendationEvents).values({ id: newId(), recommendationId: id, status: 'open', note: null, userId: actor.userId, authorName: actor.name, onBehalfOf: null, at });
    added.push({ id, number, dueOn: draft.dueOn });
  }
  return added;
}

export async function recommendationsOf(db: Db | Tx, reviewIds: readonly string[]): Promise<RecommendationRow[]> {
  if (reviewIds.length === 0) return [];
  return db.select().from(peerReviewRecommendations).where(inArray(peerReviewRecommendations.reviewId, [...reviewIds])).orderBy(asc(peerReviewRecommendations.number));
}

/** Whether a review still has a recommendation that is not closed. */
export async function hasOpenRecommendations(tx: Tx, reviewId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: peerReviewRecommendations.id })
    .from(peerReviewRecommendations)
    .where(and(eq(peerReviewRecommendations.reviewId, reviewId), ne(peerReviewRecommendations.status, 'closed')))
    .limit(1);
  return row !== undefined;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** The dated steps a review has reached, in order. */
export function stepsOf(row: PeerReviewRow): TimelineStepDto[] {
  const steps: TimelineStepDto[] = [];
  const reached = (step: TimelineStepDto['step'], at: Date | null) => {
    if (at) steps.push({ step, at: at.toISOString(), on: todayUtc(at), until: null });
  };
  reached('invited', row.invitedAt);
  reached('team_formed', row.teamFormedAt);
  if (row.visitStartsOn) steps.push({ step: 'visit', at: iso(row.visitScheduledAt), on: row.visitStartsOn, until: row.visitEndsOn });
  reached('draft_report', row.draftReportAt);
  reached('host_comments', row.hostCommentedAt);
  reached('final_report', row.finalReportAt);
  reached('closed', row.closedAt);
  return steps;
}

async function decisionsById(db: Db | Tx, ids: (string | null)[]): Promise<Map<string, { id: string; reference: string; title: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: decisions.id, reference: decisions.reference, title: decisions.title }).from(decisions).where(inArray(decisions.id, wanted));
  return new Map(rows.map((row) => [row.id, row]));
}

function countsOf(recommendations: readonly RecommendationRow[], today: string): PeerReviewSummary['recommendationCounts'] {
  return {
    total: recommendations.length,
    open: recommendations.filter((entry) => entry.status !== 'closed').length,
    overdue: recommendations.filter((entry) => isOverdue(entry, today)).length,
  };
}

/** Reviews as summaries with their steps and recommendation counts. */
export async function summariesOf(db: Db | Tx, rows: readonly PeerReviewRow[], today: string): Promise<PeerReviewSummary[]> {
  const linked = await decisionsById(db, rows.map((row) => row.decisionId));
  const recommendations = await recommendationsOf(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    kind: row.kind as PeerReviewKind,
    hostParticipantCode: row.hostParticipantCode,
    status: row.status as PeerReviewStatus,
    decision: row.decisionId ? (linked.get(row.decisionId) ?? null) : null,
    steps: stepsOf(row),
    recommendationCounts: countsOf(recommendations.filter((entry) => entry.reviewId === row.id), today),
  }));
}

export function ownerOf(row: RecommendationRow, hostParticipantCode: string): string {
  return row.ownerKind === 'body' ? (row.ownerName ?? '') : hostParticipantCode;
}

async function userNames(db: Db | Tx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The review in full, as the caller (who may see it) reads it, with what the caller may do now. */
export async function reviewDetail(db: Db | Tx, row: PeerReviewRow, actor: Actor, now: Date): Promise<PeerReview> {
  const today = todayUtc(now);
  const [summary] = await summariesOf(db, [row], today);
  const team = await teamOf(db, row.id);
  const comments = await db.select().from(peerReviewComments).where(eq(peerReviewComments.reviewId, row.id)).orderBy(asc(peerReviewComments.at), asc(peerReviewComments.id));
  const files = await db.select().from(peerReviewFiles).where(eq(peerReviewFiles.reviewId, row.id)).orderBy(asc(peerReviewFiles.uploadedAt), asc(peerReviewFiles.fileName));
  const recommendations = await recommendationsOf(db, [row.id]);
  const events = recommendations.length
    ? await db
        .select()
        .from(peerReviewRecommendationEvents)
        .where(inArray(peerReviewRecommendationEvents.recommendationId, recommendations.map((entry) => entry.id)))
        .orderBy(asc(peerReviewRecommendationEvents.at), asc(peerReviewRecommendationEvents.id))
    : [];
  const names = await userNames(db, [row.invitedBy, row.draftReportBy, row.finalReportBy]);
  const status = row.status as PeerReviewStatus;
  const leader = isLeader(actor, team);
  const oversees = overseesPeerReviews(actor);
  const following = status === 'final_report';
  return {
    ...summary,
    scope: row.scope,
    invitedByName: names.get(row.invitedBy) ?? '',
    visit: row.visitStartsOn && row.visitEndsOn ? { startsOn: row.visitStartsOn, endsOn: row.visitEndsOn } : null,
    team: team.map((member) => ({ userId: member.userId, name: member.name, participantCode: member.participantCode, observerCode: member.observerCode, leader: member.leader })),
    draftReport: row.draftReport !== null && row.draftReportAt ? { body: row.draftReport, at: row.draftReportAt.toISOString(), byName: names.get(row.draftReportBy ?? '') ?? '' } : null,
    hostComments: comments.map((entry) => ({ id: entry.id, body: entry.body, language: entry.language, authorName: entry.authorName, at: entry.at.toISOString() })),
    finalReport: row.finalReport !== null && row.finalReportAt ? { body: row.finalReport, at: row.finalReportAt.toISOString(), byName: names.get(row.finalReportBy ?? '') ?? '' } : null,
    files: files.map((file) => ({ id: file.id, stage: file.stage as ReportStage, fileName: file.fileName, mediaType: file.mediaType, size: file.size, sha256: file.sha256, uploadedAt: file.uploadedAt.toISOString() })),
    recommendations: recommendations.map(
      (entry): Recommendation => ({
        id: entry.id,
        number: entry.number,
        text: entry.text,
        ownerKind: entry.ownerKind as Recommendation['ownerKind'],
        owner: ownerOf(entry, row.hostParticipantCode),
        dueOn: entry.dueOn,
        status: entry.status as RecommendationStatus,
        overdue: isOverdue(entry, today),
        closedAt: iso(entry.closedAt),
        events: events
          .filter((event) => event.recommendationId === entry.id)
          .map((event) => ({ status: event.status as RecommendationStatus, note: event.note, authorName: event.authorName, onBehalfOf: event.onBehalfOf, at: event.at.toISOString() })),
      }),
    ),
    closingNote: row.closingNote,
    can: {
      formTeam: oversees && TEAM_FORMABLE.includes(status),
      scheduleVisit: (oversees || leader) && VISIT_SCHEDULABLE.includes(status),
      draftReport: leader && DRAFTABLE.includes(status),
      comment: actsForHost(actor, row) && COMMENTABLE.includes(status),
      finalise: (leader || hasRole(actor, 'kp_chair')) && status === 'host_comments',
      addRecommendations: (leader || oversees) && following,
      reportProgress: actsForHost(actor, row) && following && recommendations.some((entry) => entry.status !== 'closed'),
      closeRecommendations: oversees && following && recommendations.some((entry) => entry.status !== 'closed'),
      close: hasRole(actor, 'kp_chair') && status !== 'closed',
      share: oversees,
    },
    sharedWithObservers: row.sharedWithObservers,
  };
}

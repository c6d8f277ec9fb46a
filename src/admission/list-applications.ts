import { and, desc, eq, isNotNull, ne, or, type SQL } from 'drizzle-orm';
import { admissionApplications } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { actsFor, hasRole, PARTICIPANT_ROLES, type Actor } from '../domain/roles.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { participantStatusOn } from '../participants/participant-repository.ts';
import { APPLICATION_STAGES, isOpen, stageOf, type ApplicationStage, type ApplicationStatus } from './admission-rules.ts';
import { chairFilesFor, openQuestionCounts, readsSubmittedApplications, verdicts } from './admission-repository.ts';
import type { ApplicationList, PublicApplicationSchema } from './schemas.ts';
import type { z } from 'zod';

/**
 * The applications the caller sees, newest first, with counts per stage: the CPC's and the
 * Chair's dashboard (every submitted application, and the drafts the Chair files), or an
 * applicant's own. Other roles are refused.
 */
export async function listApplications(deps: Deps, { actor, language }: { actor: Actor; language: Language }): Promise<ApplicationList> {
  const reviewer = readsSubmittedApplications(actor);
  const own = actor.participantCode !== null && hasRole(actor, ...PARTICIPANT_ROLES) ? actor.participantCode : null;
  if (!reviewer && own === null) throw new AppError('FORBIDDEN');
  const conditions: SQL[] = [];
  if (reviewer) conditions.push(ne(admissionApplications.status, 'draft'));
  if (own) conditions.push(eq(admissionApplications.applicantCode, own));
  const rows = await deps.db.select().from(admissionApplications).where(or(...conditions)).orderBy(desc(admissionApplications.createdAt));
  // The Chair also sees the drafts it files for applicants without an account of their own.
  if (hasRole(actor, 'kp_chair')) {
    const drafts = await deps.db.select().from(admissionApplications).where(eq(admissionApplications.status, 'draft'));
    for (const draft of drafts) if (!rows.some((row) => row.id === draft.id) && (await chairFilesFor(deps.db, draft.applicantCode))) rows.push(draft);
  }
  const [decided, open] = await Promise.all([verdicts(deps.db, rows), openQuestionCounts(deps.db, rows.map((row) => row.id))]);
  const items = rows.map((row) => {
    const verdict = decided.get(row.id)!;
    return {
      id: row.id,
      reference: row.reference,
      applicantCode: row.applicantCode,
      name: participantName(row.applicantCode, language),
      status: row.status as ApplicationStatus,
      stage: stageOf(row.status as ApplicationStatus, verdict.outcome),
      outcome: verdict.outcome,
      recommendation: (row.recommendation as 'admit' | 'do_not_admit' | null) ?? null,
      decision: verdict.decision,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
      openQuestions: open.get(row.id) ?? 0,
    };
  });
  const counts = Object.fromEntries(APPLICATION_STAGES.map((stage) => [stage, items.filter((item) => item.stage === stage).length])) as Record<ApplicationStage, number>;
  let mayOpen = false;
  if (own && actsFor(actor, own, 'participant_admin')) {
    const status = await participantStatusOn(deps.db, own, todayUtc(deps.now()));
    mayOpen = status === 'applicant' && !items.some((item) => item.applicantCode === own && isOpen(item.status, item.outcome));
  }
  return { items, counts, mayOpen };
}

/**
 * Public: every submitted application, who applied, when and where it stands (the direction of
 * the CPC's recommendation is not published: "awaiting decision"); never the content.
 */
export async function publicApplications(deps: Deps, { language, participant }: { language: Language; participant?: string }): Promise<z.infer<typeof PublicApplicationSchema>[]> {
  const rows = await deps.db
    .select()
    .from(admissionApplications)
    .where(and(isNotNull(admissionApplications.submittedAt), participant ? eq(admissionApplications.applicantCode, participant) : undefined))
    .orderBy(desc(admissionApplications.submittedAt));
  const decided = await verdicts(deps.db, rows);
  return rows.map((row) => {
    const verdict = decided.get(row.id)!;
    return {
      reference: row.reference,
      applicantCode: row.applicantCode,
      name: participantName(row.applicantCode, language),
      submittedOn: todayUtc(row.submittedAt!),
      stage: stageOf(row.status as ApplicationStatus, verdict.outcome) as z.infer<typeof PublicApplicationSchema>['stage'],
      outcome: verdict.outcome,
      admittedOn: verdict.admittedOn,
      decisionReference: verdict.decision && verdict.decision.status !== 'circulating' ? verdict.decision.reference : null,
    };
  });
}

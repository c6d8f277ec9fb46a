import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { bodyMemberships, chairmanships, kpBodies, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { CHAIR_OFFICE, memberProblem } from './body-rules.ts';
import { bodyDetail, bodyOrNotFound, managesMembers, summariesOf } from './body-repository.ts';
import type { Body, BodySummary, Candidate } from './schemas.ts';

const KIND_ORDER: Record<string, number> = { chair_office: 0, working_group: 1, committee: 2, monitoring_team: 3 };

/** Every body with the members sitting today: the Chair's office, working groups, committees, then monitoring teams. */
export async function listBodies(deps: Deps): Promise<BodySummary[]> {
  const rows = await deps.db.select().from(kpBodies).orderBy(asc(kpBodies.code));
  rows.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return summariesOf(deps.db, rows, todayUtc(deps.now()));
}

/** One body with its members past, present and future, and what the caller may do. */
export async function getBody(deps: Deps, { actor, code }: { actor: Actor; code: string }): Promise<Body> {
  const body = await bodyOrNotFound(deps.db, code);
  return bodyDetail(deps.db, body, actor, todayUtc(deps.now()));
}

/**
 * The people the caller may appoint to the body (for those who may appoint): active people of a
 * participant or an observer organisation not sitting in it today; for the Chair's office, people
 * of this year's Chair participant.
 */
export async function listCandidates(deps: Deps, { actor, code }: { actor: Actor; code: string }): Promise<Candidate[]> {
  const today = todayUtc(deps.now());
  const body = await bodyOrNotFound(deps.db, code);
  if (!(await managesMembers(deps.db, actor, body, today))) throw new AppError('FORBIDDEN');
  let participantCode: string | undefined;
  if (body.code === CHAIR_OFFICE) {
    const [chairmanship] = await deps.db.select().from(chairmanships).where(eq(chairmanships.year, Number(today.slice(0, 4))));
    if (!chairmanship) return [];
    participantCode = chairmanship.chairParticipantCode;
  }
  const seated = await deps.db
    .select({ userId: bodyMemberships.userId })
    .from(bodyMemberships)
    .where(and(eq(bodyMemberships.bodyCode, code), lte(bodyMemberships.startsOn, today), or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, today))));
  const sitting = new Set(seated.map((row) => row.userId));
  const rows = await deps.db
    .select()
    .from(users)
    .where(participantCode ? eq(users.participantCode, participantCode) : undefined)
    .orderBy(asc(users.participantCode), asc(users.observerCode), asc(users.name));
  return rows
    .filter((user) => !sitting.has(user.id) && memberProblem({ ...user, disabled: user.disabledAt !== null }) === null)
    .map((user) => ({ userId: user.id, name: user.name, participantCode: user.participantCode, observerCode: user.participantCode === null ? user.observerCode : null }));
}

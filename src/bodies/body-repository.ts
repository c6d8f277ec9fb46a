import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { bodyMemberships, decisions, kpBodies, users } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { CHAIR_OFFICE, runsOn, type BodyKind, type Position } from './body-rules.ts';
import type { Body, BodySummary, Membership } from './schemas.ts';

export type BodyRow = typeof kpBodies.$inferSelect;
export type MembershipRow = typeof bodyMemberships.$inferSelect;
type LinkedDecision = { id: string; reference: string; title: string };

export async function findBody(db: Db | Tx, code: string, { forUpdate = false } = {}): Promise<BodyRow | undefined> {
  const query = db.select().from(kpBodies).where(eq(kpBodies.code, code));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The body, or NOT_FOUND. */
export async function bodyOrNotFound(db: Db | Tx, code: string, options: { forUpdate?: boolean } = {}): Promise<BodyRow> {
  const body = await findBody(db, code, options);
  if (!body) throw new AppError('NOT_FOUND');
  return body;
}

/** Whether `actor` sits in the chair position of `bodyCode` on `day`. */
export async function chairsBody(db: Db | Tx, { bodyCode, userId, day }: { bodyCode: string; userId: string; day: string }): Promise<boolean> {
  const rows = await db
    .select({ id: bodyMemberships.id })
    .from(bodyMemberships)
    .where(
      and(
        eq(bodyMemberships.bodyCode, bodyCode),
        eq(bodyMemberships.userId, userId),
        eq(bodyMemberships.position, 'chair'),
        lte(bodyMemberships.startsOn, day),
        or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, day)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Who appoints and ends memberships of a body: the KP Chair, or whoever sits in the body's own
 * chair position today. The Chair's office is filled by the Chair alone.
 */
export async function managesMembers(db: Db | Tx, actor: Actor, body: BodyRow, day: string): Promise<boolean> {
  if (hasRole(actor, 'kp_chair')) return true;
  if (body.code === CHAIR_OFFICE) return false;
  return chairsBody(db, { bodyCode: body.code, userId: actor.userId, day });
}

export async function decisionsById(db: Db | Tx, ids: (string | null)[]): Promise<Map<string, LinkedDecision>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: decisions.id, reference: decisions.reference, title: decisions.title }).from(decisions).where(inArray(decisions.id, wanted));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The decision, when it exists and has been adopted; else BODY_DECISION_NOT_ADOPTED. */
export async function adoptedDecision(db: Db | Tx, id: string): Promise<LinkedDecision> {
  const [row] = await db.select({ id: decisions.id, reference: decisions.reference, title: decisions.title, status: decisions.status }).from(decisions).where(eq(decisions.id, id));
  if (!row || row.status !== 'adopted') throw new AppError('BODY_DECISION_NOT_ADOPTED', { decision: row?.reference ?? id }, { decisionId: id, status: row?.status ?? null });
  return { id: row.id, reference: row.reference, title: row.title };
}

const POSITION_ORDER: Record<string, number> = { chair: 0, vice_chair: 1, member: 2 };

/** Memberships of the given bodies with the names of members and of who appointed and ended them; running ones first, chair first. */
export async function membershipsOf(db: Db | Tx, bodyCodes: readonly string[], day: string, { runningOnly = false } = {}): Promise<Membership[]> {
  if (bodyCodes.length === 0) return [];
  const rows = await db
    .select({ membership: bodyMemberships, name: users.name })
    .from(bodyMemberships)
    .innerJoin(users, eq(users.id, bodyMemberships.userId))
    .where(
      and(
        inArray(bodyMemberships.bodyCode, [...bodyCodes]),
        runningOnly ? and(lte(bodyMemberships.startsOn, day), or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, day))) : undefined,
      ),
    )
    .orderBy(desc(bodyMemberships.startsOn), asc(users.name));
  const officials = [...new Set(rows.flatMap((row) => [row.membership.appointedBy, row.membership.endedBy]).filter((id): id is string => id !== null))];
  const names = officials.length ? new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, officials))).map((row) => [row.id, row.name])) : new Map<string, string>();
  return rows
    .map(({ membership, name }) => ({
      id: membership.id,
      bodyCode: membership.bodyCode,
      userId: membership.userId,
      name,
      position: membership.position as Position,
      participantCode: membership.participantCode,
      observerCode: membership.observerCode,
      startsOn: membership.startsOn,
      endsOn: membership.endsOn,
      active: runsOn(membership, day),
      appointedByName: names.get(membership.appointedBy) ?? '',
      appointedAt: membership.appointedAt.toISOString(),
      endedByName: membership.endedBy ? (names.get(membership.endedBy) ?? '') : null,
      endedAt: membership.endedAt ? membership.endedAt.toISOString() : null,
    }))
    .sort((a, b) => Number(b.active) - Number(a.active) || POSITION_ORDER[a.position] - POSITION_ORDER[b.position]);
}

function baseOf(row: BodyRow, linked: Map<string, LinkedDecision>) {
  return {
    code: row.code,
    kind: row.kind as BodyKind,
    name: row.name,
    grantsRole: row.grantsRole,
    subjectParticipantCode: row.subjectParticipantCode,
    mandate: row.mandate,
    decision: row.decisionId ? (linked.get(row.decisionId) ?? null) : null,
    dissolvedOn: row.dissolvedOn,
  };
}

/** Bodies with the members sitting today. */
export async function summariesOf(db: Db | Tx, rows: readonly BodyRow[], day: string): Promise<BodySummary[]> {
  const linked = await decisionsById(db, rows.map((row) => row.decisionId));
  const members = await membershipsOf(db, rows.map((row) => row.code), day, { runningOnly: true });
  return rows.map((row) => ({ ...baseOf(row, linked), members: members.filter((member) => member.bodyCode === row.code) }));
}

/** A body with every membership, as `actor` reads it. */
export async function bodyDetail(db: Db | Tx, row: BodyRow, actor: Actor, day: string): Promise<Body> {
  const linked = await decisionsById(db, [row.decisionId]);
  const members = await membershipsOf(db, [row.code], day);
  const manages = (row.dissolvedOn === null || row.dissolvedOn >= day) && (await managesMembers(db, actor, row, day));
  return { ...baseOf(row, linked), members, can: { appoint: manages, end: manages && members.some((member) => member.endedAt === null) } };
}

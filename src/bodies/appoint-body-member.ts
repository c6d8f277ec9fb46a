import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { bodyMemberships, chairmanships, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { CHAIR_OFFICE, CHAIR_OFFICE_POSITIONS, memberProblem, overlaps } from './body-rules.ts';
import { bodyDetail, bodyOrNotFound, managesMembers, type BodyRow } from './body-repository.ts';
import type { AppointmentDraft, Body } from './schemas.ts';

type UserRow = typeof users.$inferSelect;

/**
 * Seats a person in a body from `startsOn` (to `endsOn`, or open-ended): the Chair appoints to any
 * body, a body's own chair to that body. Members are active people of a participant or of an
 * observer organisation, never a national system's account. A body has one chair and one
 * vice-chair at a time, and a person holds one seat in a body at a time. In the Chair's office
 * sit people of the year's Chair participant, within that year (KPCS-DOMAIN §6).
 *
 * @example
 * await appointBodyMember({ actor: chair, code: 'WGM', draft: { userId: adminBw.id, position: 'member', startsOn: '2026-01-01' } }, deps);
 */
export async function appointBodyMember({ actor, code, draft }: { actor: Actor; code: string; draft: AppointmentDraft }, deps: Deps): Promise<Body> {
  const now = deps.now();
  const today = todayUtc(now);
  const body = await transact(deps, async (tx) => {
    const body = await bodyOrNotFound(tx, code, { forUpdate: true });
    if (!(await managesMembers(tx, actor, body, today))) throw new AppError('FORBIDDEN');
    if (body.dissolvedOn !== null) throw new AppError('BODY_DISSOLVED', { body: body.name, on: body.dissolvedOn });
    const [user] = await tx.select().from(users).where(eq(users.id, draft.userId));
    if (!user) throw new AppError('BODY_MEMBER_NOT_ELIGIBLE', { name: draft.userId }, { userId: draft.userId, problem: 'unknown_user' });
    const problem = memberProblem({ ...user, disabled: user.disabledAt !== null });
    if (problem) throw new AppError('BODY_MEMBER_NOT_ELIGIBLE', { name: user.name }, { userId: user.id, problem });
    const position = draft.position;
    const startsOn = draft.startsOn;
    const endsOn = draft.endsOn ?? (body.code === CHAIR_OFFICE ? `${startsOn.slice(0, 4)}-12-31` : null);
    if (endsOn !== null && endsOn < startsOn) throw new AppError('BODY_MEMBERSHIP_DATES_INVALID', { startsOn, endsOn }, { startsOn, endsOn });
    if (body.code === CHAIR_OFFICE) await assertFitsChairOffice(tx, { user: user, position, startsOn, endsOn: endsOn! });
    await assertSeatFree(tx, { body, user: user, position, startsOn, endsOn });
    const id = newId();
    const participantCode = user.participantCode;
    const observerCode = participantCode === null ? user.observerCode : null;
    await tx.insert(bodyMemberships).values({ id, bodyCode: body.code, userId: user.id, position, participantCode, observerCode, startsOn, endsOn, appointedBy: actor.userId, appointedAt: now });
    await recordAudit(tx, {
      actor,
      action: 'body.member_appointed',
      entityType: 'body_membership',
      entityId: id,
      participantCode,
      data: { bodyCode: body.code, userId: user.id, name: user.name, position, participantCode, observerCode, startsOn, endsOn, grantsRole: body.grantsRole },
    });
    return body;
  });
  return bodyDetail(deps.db, body, actor, today);
}

/** The Chair's office: no vice-chair seat, a term inside one year, and only people of that year's Chair participant. */
async function assertFitsChairOffice(tx: Tx, { user, position, startsOn, endsOn }: { user: UserRow; position: AppointmentDraft['position']; startsOn: string; endsOn: string }) {
  if (!CHAIR_OFFICE_POSITIONS.includes(position)) throw new AppError('BODY_POSITION_NOT_ALLOWED', { position }, { position, allowed: CHAIR_OFFICE_POSITIONS });
  const year = Number(startsOn.slice(0, 4));
  if (endsOn.slice(0, 4) !== startsOn.slice(0, 4)) throw new AppError('CHAIR_TERM_OUTSIDE_YEAR', { year }, { startsOn, endsOn });
  const [chairmanship] = await tx.select().from(chairmanships).where(eq(chairmanships.year, year));
  if (!chairmanship) throw new AppError('CHAIRMANSHIP_NOT_RECORDED', { year }, { year });
  if (user.participantCode !== chairmanship.chairParticipantCode) {
    throw new AppError('CHAIR_MEMBER_NOT_OF_CHAIR_PARTICIPANT', { name: user.name, year, participant: chairmanship.chairParticipantCode }, { userId: user.id, participantCode: user.participantCode });
  }
}

/** One seat per person at a time; one chair and one vice-chair at a time. */
async function assertSeatFree(tx: Tx, { body, user, position, startsOn, endsOn }: { body: BodyRow; user: UserRow; position: AppointmentDraft['position']; startsOn: string; endsOn: string | null }) {
  const seats = await tx.select().from(bodyMemberships).where(eq(bodyMemberships.bodyCode, body.code));
  const wanted = { startsOn, endsOn };
  const own = seats.find((seat) => seat.userId === user.id && overlaps(seat, wanted));
  if (own) throw new AppError('BODY_MEMBERSHIP_OVERLAP', { name: user.name, body: body.name }, { membershipId: own.id, startsOn: own.startsOn, endsOn: own.endsOn });
  if (position === 'member') return;
  const taken = seats.find((seat) => seat.position === position && overlaps(seat, wanted));
  if (taken) throw new AppError('BODY_POSITION_TAKEN', { position, body: body.name }, { membershipId: taken.id, startsOn: taken.startsOn, endsOn: taken.endsOn });
}

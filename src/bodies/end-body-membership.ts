import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { bodyMemberships } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { bodyDetail, bodyOrNotFound, managesMembers } from './body-repository.ts';
import type { Body } from './schemas.ts';

/**
 * Ends a membership on `endsOn`, its last day (which may lie in the past: the role it granted
 * stops from the next day). Only once, never after a last day already set, never before it started.
 * Memberships are ended, never deleted, so the body's history stays readable.
 */
export async function endBodyMembership({ actor, code, id, endsOn }: { actor: Actor; code: string; id: string; endsOn: string }, deps: Deps): Promise<Body> {
  const now = deps.now();
  const today = todayUtc(now);
  const body = await transact(deps, async (tx) => {
    const body = await bodyOrNotFound(tx, code, { forUpdate: true });
    if (!(await managesMembers(tx, actor, body, today))) throw new AppError('FORBIDDEN');
    const [membership] = await tx
      .select()
      .from(bodyMemberships)
      .where(and(eq(bodyMemberships.id, id), eq(bodyMemberships.bodyCode, code)))
      .for('update');
    if (!membership) throw new AppError('NOT_FOUND');
    if (membership.endedAt !== null) throw new AppError('BODY_MEMBERSHIP_ALREADY_ENDED', { endsOn: membership.endsOn ?? '' }, { endsOn: membership.endsOn });
    if (endsOn < membership.startsOn || (membership.endsOn !== null && endsOn > membership.endsOn)) {
      throw new AppError('BODY_MEMBERSHIP_DATES_INVALID', { startsOn: membership.startsOn, endsOn }, { startsOn: membership.startsOn, endsOn, plannedEnd: membership.endsOn });
    }
    await tx.update(bodyMemberships).set({ endsOn, endedBy: actor.userId, endedAt: now }).where(eq(bodyMemberships.id, id));
    await recordAudit(tx, {
      actor,
      action: 'body.membership_ended',
      entityType: 'body_membership',
      entityId: id,
      participantCode: membership.participantCode,
      data: { bodyCode: code, userId: membership.userId, position: membership.position, startsOn: membership.startsOn, endsOn, plannedEnd: membership.endsOn },
    });
    return body;
  });
  return bodyDetail(deps.db, body, actor, today);
}

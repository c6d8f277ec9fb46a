import { and, eq, isNull, like } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { kpBodies, participants } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { adoptedDecision, bodyDetail } from './body-repository.ts';
import type { Body, MonitoringTeamDraft } from './schemas.ts';

/**
 * The Chair sets up a monitoring team for a participant (as for the CAR from 2013, KPCS-DOMAIN
 * §6), optionally naming the adopted decision behind it. Codes are `MT-CF`, then `MT-CF-2`, … for
 * later teams. One team at a time watches a participant. A team grants its members no KP role:
 * what it may do is decided by its membership (src/bodies/body-membership.ts `isActiveMember`).
 *
 * @example
 * await createMonitoringTeam({ actor: chair, draft: { subjectParticipantCode: 'CF', mandate: 'Approve each shipment from the compliant zones' } }, deps);
 */
export async function createMonitoringTeam({ actor, draft }: { actor: Actor; draft: MonitoringTeamDraft }, deps: Deps): Promise<Body> {
  if (!hasRole(actor, 'kp_chair')) throw new AppError('FORBIDDEN');
  const now = deps.now();
  const subject = draft.subjectParticipantCode;
  const body = await transact(deps, async (tx) => {
    const [participant] = await tx.select({ name: participants.registerName }).from(participants).where(eq(participants.code, subject));
    if (!participant) throw new AppError('UNKNOWN_PARTICIPANT', { code: subject });
    const decision = draft.decisionId ? await adoptedDecision(tx, draft.decisionId) : null;
    const [current] = await tx
      .select({ code: kpBodies.code })
      .from(kpBodies)
      .where(and(eq(kpBodies.kind, 'monitoring_team'), eq(kpBodies.subjectParticipantCode, subject), isNull(kpBodies.dissolvedOn)));
    if (current) throw new AppError('MONITORING_TEAM_EXISTS', { participant: subject, code: current.code }, { code: current.code });
    const earlier = await tx.select({ code: kpBodies.code }).from(kpBodies).where(like(kpBodies.code, `MT-${subject}%`));
    const code = earlier.length === 0 ? `MT-${subject}` : `MT-${subject}-${earlier.length + 1}`;
    const [created] = await tx
      .insert(kpBodies)
      .values({
        code,
        kind: 'monitoring_team',
        name: draft.name ?? `Monitoring Team for ${participant.name}`,
        grantsRole: null,
        subjectParticipantCode: subject,
        mandate: draft.mandate,
        decisionId: decision?.id ?? null,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'body.monitoring_team_created',
      entityType: 'body',
      entityId: code,
      participantCode: subject,
      data: { code, name: created.name, mandate: draft.mandate, decisionId: decision?.id ?? null, decisionReference: decision?.reference ?? null },
    });
    return created;
  });
  return bodyDetail(deps.db, body, actor, todayUtc(now));
}

import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { authorities, operators, participants, participantStatusEvents, users } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { DEMO_APPLICANT, DEMO_DATA, DEMO_PASSWORD, demoAccounts } from './demo-data.ts';

const DEMO_ACTOR = 'system:demo-seed';

/**
 * Adds demo authorities, licensed operators and the `*@demo.test` accounts (password
 * `demo-password`), once. Demo accounts can sign in only while demo mode is on.
 */
export async function seedDemo(deps: Deps): Promise<{ seeded: boolean; accounts: number }> {
  const [existing] = await deps.db.select({ id: users.id }).from(users).where(eq(users.email, 'admin@demo.test'));
  if (existing) return { seeded: false, accounts: demoAccounts().length };
  // One hash for every demo account: they share one public password, and boot stays fast.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = deps.now();
  await transact(deps, async (tx) => {
    const [applicant] = await tx.select({ code: participants.code }).from(participants).where(eq(participants.code, DEMO_APPLICANT.code));
    if (!applicant) {
      const { code, registerName, appliedOn, note } = DEMO_APPLICANT;
      await tx.insert(participants).values({ code, kind: 'state', registerName, countedAmongParticipants: true, joined: null, note });
      await tx.insert(participantStatusEvents).values({ id: newId(), participantCode: code, status: 'applicant', effectiveOn: appliedOn, precision: 'day', note });
      await recordAudit(tx, { actor: DEMO_ACTOR, action: 'participant.registered', entityType: 'participant', entityId: code, participantCode: code, data: { registerName, status: 'applicant', effectiveOn: appliedOn, demo: true } });
    }
    for (const participant of DEMO_DATA) {
      for (const authority of participant.authorities) {
        const id = newId();
        await tx.insert(authorities).values({
          id,
          participantCode: participant.code,
          role: authority.role,
          name: authority.name,
          address: authority.address,
          email: `kp.${authority.role}.${participant.code.toLowerCase()}@demo.test`,
          phone: null,
          territoryCode: authority.territoryCode ?? null,
        });
        await recordAudit(tx, { actor: DEMO_ACTOR, action: 'authority.registered', entityType: 'authority', entityId: id, participantCode: participant.code, data: { ...authority } });
      }
      for (const operator of participant.operators) {
        const id = newId();
        const { suspensionReason, ...licence } = operator;
        await tx.insert(operators).values({
          id,
          participantCode: participant.code,
          ...licence,
          suspendedAt: suspensionReason ? now : null,
          suspensionReason: suspensionReason ?? null,
        });
        await recordAudit(tx, { actor: DEMO_ACTOR, action: 'operator.registered', entityType: 'operator', entityId: id, participantCode: participant.code, data: { ...licence } });
        if (suspensionReason) {
          await recordAudit(tx, { actor: DEMO_ACTOR, action: 'operator.suspended', entityType: 'operator', entityId: id, participantCode: participant.code, data: { reason: suspensionReason } });
        }
      }
    }
    for (const account of demoAccounts()) {
      const id = newId();
      await tx.insert(users).values({
        id,
        email: account.email,
        name: account.name,
        kind: 'person',
        passwordHash,
        roles: account.roles,
        participantCode: account.participantCode ?? null,
        observerCode: account.observerCode ?? null,
        language: account.language,
        isDemo: true,
      });
      await recordAudit(tx, {
        actor: DEMO_ACTOR,
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        participantCode: account.participantCode ?? null,
        data: { email: account.email, roles: account.roles, demo: true },
      });
    }
  });
  return { seeded: true, accounts: demoAccounts().length };
}

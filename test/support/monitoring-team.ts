import { inArray } from 'drizzle-orm';
import type { Db } from '../../src/db/database.ts';
import { bodyMemberships, kpBodies, users } from '../../src/db/schema.ts';
import { newId } from '../../src/domain/ids.ts';

/**
 * Sets up the monitoring team of a zone-restricted participant with the given demo accounts as
 * members from `since`, straight in the register tables (as the bodies API would record them).
 *
 * @example
 * await seedMonitoringTeam(ctx.deps.db, { code: 'MT-CF', subject: 'CF', members: ['admin.za@demo.test'], since: '2026-01-01' });
 */
export async function seedMonitoringTeam(db: Db, { code, subject, members, since }: { code: string; subject: string; members: string[]; since: string }): Promise<void> {
  const [chair] = await db.select({ id: users.id }).from(users).where(inArray(users.email, ['chair@demo.test']));
  await db.insert(kpBodies).values({ code, kind: 'monitoring_team', name: `Monitoring team ${subject}`, subjectParticipantCode: subject, mandate: 'Approves each shipment from the compliant zones' });
  const people = await db.select({ id: users.id, participantCode: users.participantCode }).from(users).where(inArray(users.email, members));
  for (const person of people) {
    await db.insert(bodyMemberships).values({
      id: newId(),
      bodyCode: code,
      userId: person.id,
      position: 'member',
      participantCode: person.participantCode,
      startsOn: since,
      appointedBy: chair.id,
      appointedAt: new Date(`${since}T00:00:00Z`),
    });
  }
}

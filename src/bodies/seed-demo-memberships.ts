import { eq, inArray, sql } from 'drizzle-orm';
import { bodyMemberships, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { toActor } from '../users/user-repository.ts';
import { appointBodyMember } from './appoint-body-member.ts';
import type { Position } from './body-rules.ts';

/**
 * Seats for the demo, so the bodies page shows working groups with people in them and those
 * people act with their body's role. Chosen among accounts the other demo walkthroughs and tests
 * do not rely on, since a seat changes what its holder may do.
 */
export const DEMO_SEATS: readonly { bodyCode: string; email: string; position: Position }[] = [
  { bodyCode: 'WGM', email: 'admin.us@demo.test', position: 'chair' },
  { bodyCode: 'WGM', email: 'admin.in@demo.test', position: 'member' },
  { bodyCode: 'WGS', email: 'stats.eu@demo.test', position: 'chair' },
  { bodyCode: 'WGS', email: 'stats.ru@demo.test', position: 'member' },
  { bodyCode: 'WGDE', email: 'observer.wdc@demo.test', position: 'member' },
  { bodyCode: 'WGAAP', email: 'admin.ao@demo.test', position: 'chair' },
  { bodyCode: 'CPC', email: 'admin.eu@demo.test', position: 'chair' },
  { bodyCode: 'CRP', email: 'admin.ru@demo.test', position: 'member' },
];

/** Appoints the demo seats through the Chair's own use case, from 1 January of this year; once (nothing happens when any membership exists). */
export async function seedDemoMemberships(deps: Deps): Promise<void> {
  const [{ existing }] = await deps.db.select({ existing: sql<number>`count(*)::int` }).from(bodyMemberships);
  if (existing > 0) return;
  const [chairRow] = await deps.db.select().from(users).where(eq(users.email, 'chair@demo.test'));
  if (!chairRow) return;
  const chair = toActor(chairRow, 'session');
  const people = await deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, DEMO_SEATS.map((seat) => seat.email)));
  const idOf = new Map(people.map((person) => [person.email, person.id]));
  const startsOn = `${deps.now().getUTCFullYear()}-01-01`;
  for (const seat of DEMO_SEATS) {
    const userId = idOf.get(seat.email);
    if (userId) await appointBodyMember({ actor: chair, code: seat.bodyCode, draft: { userId, position: seat.position, startsOn } }, deps);
  }
}

import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { bodyMemberships, kpBodies } from '../db/schema.ts';

/** True when `userId` sits in body `bodyCode` on `day` (`YYYY-MM-DD`) and the body is not dissolved then. */
export async function isActiveMember(db: Db | Tx, { bodyCode, userId, day }: { bodyCode: string; userId: string; day: string }): Promise<boolean> {
  const rows = await db
    .select({ id: bodyMemberships.id })
    .from(bodyMemberships)
    .innerJoin(kpBodies, eq(kpBodies.code, bodyMemberships.bodyCode))
    .where(
      and(
        eq(bodyMemberships.bodyCode, bodyCode),
        eq(bodyMemberships.userId, userId),
        lte(bodyMemberships.startsOn, day),
        or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, day)),
        or(isNull(kpBodies.dissolvedOn), gte(kpBodies.dissolvedOn, day)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

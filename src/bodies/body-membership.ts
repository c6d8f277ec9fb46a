import { and, eq, gte, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { bodyMemberships, kpBodies } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';

/** The roles a body may grant: never `observer` or `system_admin`, which only an account holds. */
export const BODY_ROLES: readonly Role[] = ['kp_chair', 'wgm', 'wgs', 'wgde', 'wgaap', 'cpc'];

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

/**
 * The KP roles `userId`'s memberships grant on `day` (`YYYY-MM-DD`), in the order of
 * BODY_ROLES: from bodies that grant a role and are not dissolved then. One query, whatever the
 * number of bodies.
 *
 * @example
 * await rolesGrantedOn(db, { userId: adminBw.id, day: '2026-12-01' }); // ['wgm'] while admin.bw sits in the WGM
 */
/**
 * The people whose seats grant one of `roles` on `day` (`YYYY-MM-DD`): the members of bodies
 * granting them, not dissolved then. Used to tell a body's members what its role is told.
 */
export function membersGrantedRoles(db: Db | Tx, { roles, day }: { roles: readonly Role[]; day: string }) {
  return db
    .select({ userId: bodyMemberships.userId })
    .from(bodyMemberships)
    .innerJoin(kpBodies, eq(kpBodies.code, bodyMemberships.bodyCode))
    .where(
      and(
        inArray(kpBodies.grantsRole, [...roles]),
        lte(bodyMemberships.startsOn, day),
        or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, day)),
        or(isNull(kpBodies.dissolvedOn), gte(kpBodies.dissolvedOn, day)),
      ),
    );
}

export async function rolesGrantedOn(db: Db | Tx, { userId, day }: { userId: string; day: string }): Promise<Role[]> {
  const rows = await db
    .selectDistinct({ role: kpBodies.grantsRole })
    .from(bodyMemberships)
    .innerJoin(kpBodies, eq(kpBodies.code, bodyMemberships.bodyCode))
    .where(
      and(
        eq(bodyMemberships.userId, userId),
        lte(bodyMemberships.startsOn, day),
        or(isNull(bodyMemberships.endsOn), gte(bodyMemberships.endsOn, day)),
        or(isNull(kpBodies.dissolvedOn), gte(kpBodies.dissolvedOn, day)),
        isNotNull(kpBodies.grantsRole),
      ),
    );
  const granted = new Set(rows.map((row) => row.role));
  return BODY_ROLES.filter((role) => granted.has(role));
}

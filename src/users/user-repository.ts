import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { users } from '../db/schema.ts';
import type { Actor, Role } from '../domain/roles.ts';
import { isLanguage } from '../i18n/languages.ts';

export type UserRow = typeof users.$inferSelect;

export interface UserDto {
  id: string;
  email: string;
  name: string;
  kind: 'person' | 'machine';
  roles: Role[];
  participantCode: string | null;
  observerCode: string | null;
  language: string;
  locked: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toUserDto(row: UserRow, now: Date): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind as UserDto['kind'],
    roles: row.roles as Role[],
    participantCode: row.participantCode,
    observerCode: row.observerCode,
    language: row.language,
    locked: row.lockedUntil !== null && row.lockedUntil > now,
    disabled: row.disabledAt !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The caller as use cases see it. `grantedRoles` are the KP roles the account's body memberships
 * grant today (src/bodies/body-membership.ts `rolesGrantedOn`), added to the account's own roles.
 */
export function toActor(row: UserRow, via: Actor['via'], grantedRoles: readonly Role[] = []): Actor {
  const roles = row.roles as Role[];
  return {
    userId: row.id,
    email: row.email,
    name: row.name,
    roles: [...roles, ...grantedRoles.filter((role, index) => !roles.includes(role) && grantedRoles.indexOf(role) === index)],
    participantCode: row.participantCode,
    observerCode: row.observerCode,
    language: isLanguage(row.language) ? row.language : 'en',
    via,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** Users of one participant, or every user when `participantCode` is undefined. */
export async function listUserRows(db: Db, participantCode?: string): Promise<UserRow[]> {
  const query = db.select().from(users);
  const filtered = participantCode === undefined ? query : query.where(and(eq(users.participantCode, participantCode)));
  return filtered.orderBy(asc(users.email));
}

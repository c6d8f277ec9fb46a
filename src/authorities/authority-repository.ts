import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { authorities, territories } from '../db/schema.ts';
import type { AuthorityDto } from './schemas.ts';

export type AuthorityRow = typeof authorities.$inferSelect;

export function toAuthorityDto(row: AuthorityRow): AuthorityDto {
  return {
    id: row.id,
    participantCode: row.participantCode,
    role: row.role as AuthorityDto['role'],
    name: row.name,
    address: row.address,
    email: row.email,
    phone: row.phone,
    territoryCode: row.territoryCode,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAuthorities(db: Db, participantCode: string): Promise<AuthorityDto[]> {
  const rows = await db
    .select()
    .from(authorities)
    .where(eq(authorities.participantCode, participantCode))
    .orderBy(asc(authorities.role), asc(authorities.name));
  return rows.map(toAuthorityDto);
}

/** A territory code on an authority must be one of the participant's territories (EU member states). */
export async function isTerritoryOf(tx: Tx, participantCode: string, territoryCode: string): Promise<boolean> {
  const [row] = await tx
    .select({ code: territories.code })
    .from(territories)
    .where(and(eq(territories.participantCode, participantCode), eq(territories.code, territoryCode)));
  return row !== undefined;
}

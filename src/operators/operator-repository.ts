import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { operators } from '../db/schema.ts';
import { licenceStateOn, type LicenceType } from '../domain/licence.ts';
import type { OperatorDto } from './schemas.ts';

export type OperatorRow = typeof operators.$inferSelect;

export function toOperatorDto(row: OperatorRow, today: string): OperatorDto {
  return {
    id: row.id,
    participantCode: row.participantCode,
    name: row.name,
    address: row.address,
    licenceNumber: row.licenceNumber,
    licenceTypes: row.licenceTypes as LicenceType[],
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    licenceState: licenceStateOn(row, today),
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
    suspensionReason: row.suspensionReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listOperatorRows(db: Db, participantCode: string): Promise<OperatorRow[]> {
  return db.select().from(operators).where(eq(operators.participantCode, participantCode)).orderBy(asc(operators.name));
}

export async function findOperatorRow(db: Db, id: string): Promise<OperatorRow | undefined> {
  const [row] = await db.select().from(operators).where(eq(operators.id, id));
  return row;
}

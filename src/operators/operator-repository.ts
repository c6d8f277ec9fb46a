import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
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
    registrationCard: row.registrationCard,
    cooperativeId: row.cooperativeId,
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

/** A miner's cooperative must be an operator of the same participant licensed as a cooperative. */
export async function assertCooperative(db: Db | Tx, participantCode: string, cooperativeId: string | null | undefined, selfId?: string): Promise<void> {
  if (!cooperativeId) return;
  const [row] = await db.select().from(operators).where(eq(operators.id, cooperativeId));
  if (!row || row.participantCode !== participantCode || row.id === selfId || !row.licenceTypes.includes('cooperative')) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: ['cooperativeId'], message: 'not a cooperative in this register' }]);
  }
}

import { and, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { operators } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { assertCooperative, toOperatorDto, type OperatorRow } from './operator-repository.ts';
import { assertValidityPeriod } from './register-operator.ts';
import type { OperatorDto, OperatorUpdate } from './schemas.ts';

/** Loads an operator for change: absent to outsiders, forbidden to insiders without the right role. */
async function loadForChange(tx: Tx, actor: Actor, id: string): Promise<OperatorRow> {
  const [row] = await tx.select().from(operators).where(eq(operators.id, id));
  if (!row || !access.readOperators(actor, row.participantCode)) throw new AppError('NOT_FOUND');
  if (!access.manageOperators(actor, row.participantCode)) throw new AppError('FORBIDDEN');
  return row;
}

/** Corrects an operator's details or licence (number, types, validity). */
export async function updateOperator(
  { actor, operatorId, update }: { actor: Actor; operatorId: string; update: OperatorUpdate },
  deps: Deps,
): Promise<OperatorDto> {
  try {
    return await transact(deps, async (tx) => {
      const before = await loadForChange(tx, actor, operatorId);
      assertValidityPeriod(update.validFrom ?? before.validFrom, update.validUntil ?? before.validUntil);
      if (update.licenceNumber !== undefined && update.licenceNumber !== before.licenceNumber) {
        const [taken] = await tx
          .select({ id: operators.id })
          .from(operators)
          .where(and(eq(operators.participantCode, before.participantCode), eq(operators.licenceNumber, update.licenceNumber), ne(operators.id, operatorId)));
        if (taken) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: update.licenceNumber });
      }
      await assertCooperative(tx, before.participantCode, update.cooperativeId, operatorId);
      const now = deps.now();
      const [row] = await tx.update(operators).set({ ...update, updatedAt: now }).where(eq(operators.id, operatorId)).returning();
      const changed = Object.fromEntries(
        Object.entries(update).map(([key, value]) => [key, { from: before[key as keyof OperatorRow], to: value }]),
      );
      await recordAudit(tx, {
        actor,
        action: 'operator.updated',
        entityType: 'operator',
        entityId: operatorId,
        participantCode: before.participantCode,
        data: { changed },
      });
      return toOperatorDto(row, todayUtc(now));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: update.licenceNumber ?? '' });
    throw error;
  }
}

/** Suspends an operator's licence with a reason; a suspended exporter cannot be named on certificates. */
export async function suspendOperator(
  { actor, operatorId, reason }: { actor: Actor; operatorId: string; reason: string },
  deps: Deps,
): Promise<OperatorDto> {
  return transact(deps, async (tx) => {
    const before = await loadForChange(tx, actor, operatorId);
    if (before.suspendedAt) throw new AppError('OPERATOR_ALREADY_SUSPENDED');
    const now = deps.now();
    const [row] = await tx
      .update(operators)
      .set({ suspendedAt: now, suspensionReason: reason, updatedAt: now })
      .where(eq(operators.id, operatorId))
      .returning();
    await recordAudit(tx, { actor, action: 'operator.suspended', entityType: 'operator', entityId: operatorId, participantCode: before.participantCode, data: { reason } });
    return toOperatorDto(row, todayUtc(now));
  });
}

/** Lifts a licence suspension. */
export async function reinstateOperator(
  { actor, operatorId, note }: { actor: Actor; operatorId: string; note: string },
  deps: Deps,
): Promise<OperatorDto> {
  return transact(deps, async (tx) => {
    const before = await loadForChange(tx, actor, operatorId);
    if (!before.suspendedAt) throw new AppError('OPERATOR_NOT_SUSPENDED');
    const now = deps.now();
    const [row] = await tx
      .update(operators)
      .set({ suspendedAt: null, suspensionReason: null, updatedAt: now })
      .where(eq(operators.id, operatorId))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'operator.reinstated',
      entityType: 'operator',
      entityId: operatorId,
      participantCode: before.participantCode,
      data: { note, previousReason: before.suspensionReason },
    });
    return toOperatorDto(row, todayUtc(now));
  });
}

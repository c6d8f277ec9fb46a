import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { operators } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { assertCooperative, toOperatorDto } from './operator-repository.ts';
import type { OperatorDraft, OperatorDto } from './schemas.ts';

export function assertValidityPeriod(validFrom: string, validUntil: string): void {
  if (validUntil < validFrom) throw new AppError('INVALID_VALIDITY_PERIOD', { validFrom, validUntil });
}

/** Adds a licensed operator (miner, dealer, exporter, importer) to the participant's register. */
export async function registerOperator(
  { actor, participantCode, draft }: { actor: Actor; participantCode: string; draft: OperatorDraft },
  deps: Deps,
): Promise<OperatorDto> {
  if (!access.readOperators(actor, participantCode) || !(await participantExists(deps.db, participantCode))) {
    throw new AppError('NOT_FOUND');
  }
  if (!access.manageOperators(actor, participantCode)) throw new AppError('FORBIDDEN');
  assertValidityPeriod(draft.validFrom, draft.validUntil);
  try {
    return await transact(deps, async (tx) => {
      const [taken] = await tx
        .select({ id: operators.id })
        .from(operators)
        .where(and(eq(operators.participantCode, participantCode), eq(operators.licenceNumber, draft.licenceNumber)));
      if (taken) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: draft.licenceNumber });
      await assertCooperative(tx, participantCode, draft.cooperativeId);
      const now = deps.now();
      const [row] = await tx
        .insert(operators)
        .values({ id: newId(), participantCode, ...draft, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(tx, {
        actor,
        action: 'operator.registered',
        entityType: 'operator',
        entityId: row.id,
        participantCode,
        data: { ...draft },
      });
      return toOperatorDto(row, todayUtc(now));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: draft.licenceNumber });
    throw error;
  }
}

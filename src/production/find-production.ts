import { inArray } from 'drizzle-orm';
import { statisticsImports, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { figuresInForce, toProductionReturn, toProductionReturnVersion, versionsOf } from './production-repository.ts';
import type { ProductionReturn, ProductionReturnVersion } from './schemas.ts';

/** Production figures are public (the KP publishes them): the figure in force for each half-year. */
export async function listProduction(deps: Deps, { participantCode, year }: { participantCode: string; year?: number }): Promise<{ participantCode: string; returns: ProductionReturn[] }> {
  if (!(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  const rows = await figuresInForce(deps.db, { participantCode, year });
  return { participantCode, returns: rows.map(toProductionReturn) };
}

/** Who may read every version of a participant's returns, with who entered them and why. */
export function canSeeProductionHistory(actor: Actor | null, participantCode: string): boolean {
  return actor !== null && (actor.participantCode === participantCode || hasRole(actor, 'kp_chair', 'wgs', 'wgm'));
}

/**
 * Every version of one half-year's return, oldest first: the participant's own staff, the Chair
 * and the working groups on statistics and monitoring. To anyone else the history looks absent.
 */
export async function productionHistory(
  deps: Deps,
  { actor, participantCode, year, half }: { actor: Actor; participantCode: string; year: number; half: number },
): Promise<{ participantCode: string; year: number; half: number; versions: ProductionReturnVersion[] }> {
  if (!canSeeProductionHistory(actor, participantCode)) throw new AppError('NOT_FOUND');
  const rows = await versionsOf(deps.db, { participantCode, year, half });
  if (rows.length === 0) throw new AppError('NOT_FOUND');
  const userIds = [...new Set(rows.flatMap((row) => (row.submittedBy ? [row.submittedBy] : [])))];
  const batchIds = [...new Set(rows.flatMap((row) => (row.importBatchId ? [row.importBatchId] : [])))];
  const [people, batches] = await Promise.all([
    userIds.length ? deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds)) : [],
    batchIds.length ? deps.db.select({ id: statisticsImports.id, importedBy: statisticsImports.importedBy }).from(statisticsImports).where(inArray(statisticsImports.id, batchIds)) : [],
  ]);
  const emailOf = new Map(people.map((person) => [person.id, person.email]));
  const importerOf = new Map(batches.map((batch) => [batch.id, batch.importedBy]));
  const who = (row: (typeof rows)[number]) =>
    (row.submittedBy && emailOf.get(row.submittedBy)) ?? (row.importBatchId && importerOf.get(row.importBatchId)) ?? null;
  return { participantCode, year, half, versions: rows.map((row) => toProductionReturnVersion(row, who(row))) };
}

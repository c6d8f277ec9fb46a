import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { isParticipantStaff, reviewsAnomalies } from './anomaly-access.ts';
import { listCases, toAnomalyCase } from './anomaly-repository.ts';
import type { AnomalyCase, AnomalyCaseListQuery } from './schemas.ts';

/** Cases, newest first: all of them for the Chair, WGS and WGM; a participant's own for its staff. */
export async function listAnomalyCases({ actor, query }: { actor: Actor; query: AnomalyCaseListQuery }, deps: Deps): Promise<AnomalyCase[]> {
  if (reviewsAnomalies(actor)) return (await listCases(deps.db, query)).map(toAnomalyCase);
  if (!isParticipantStaff(actor)) throw new AppError('FORBIDDEN');
  if (query.participant && query.participant !== actor.participantCode) throw new AppError('NOT_FOUND');
  return (await listCases(deps.db, { ...query, participant: actor.participantCode! })).map(toAnomalyCase);
}

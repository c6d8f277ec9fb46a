import type { Db, Tx } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../domain/roles.ts';
import { visibleCase } from './anomaly-access.ts';
import { eventsOf, toAnomalyCase, toAnomalyCaseEvent, type CaseRow } from './anomaly-repository.ts';
import type { AnomalyCaseDetail } from './schemas.ts';

export async function caseDetail(db: Db | Tx, row: CaseRow): Promise<AnomalyCaseDetail> {
  return { ...toAnomalyCase(row), events: (await eventsOf(db, row.id)).map(toAnomalyCaseEvent) };
}

/** One case with its history (raised, answered, closed or escalated). */
export async function getAnomalyCase({ actor, id }: { actor: Actor; id: string }, deps: Deps): Promise<AnomalyCaseDetail> {
  return caseDetail(deps.db, await visibleCase(deps.db, actor, id));
}

import { recordAudit } from '../audit/record-audit.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { decidesAnomalies, visibleCase } from './anomaly-access.ts';
import { addEvent, setCaseStatus } from './anomaly-repository.ts';
import { caseDetail } from './get-anomaly-case.ts';
import type { AnomalyCaseDetail } from './schemas.ts';

/** The WGS or the Chair closes a case as explained, with a note; a closed case cannot be closed again. */
export async function closeAnomalyCase({ actor, id, note }: { actor: Actor; id: string; outcome: 'explained'; note: string }, deps: Deps): Promise<AnomalyCaseDetail> {
  return transact(deps, async (tx) => {
    const row = await visibleCase(tx, actor, id, { forUpdate: true });
    if (!decidesAnomalies(actor)) throw new AppError('FORBIDDEN');
    if (row.status === 'closed_explained') throw new AppError('ANOMALY_CASE_CLOSED', { status: row.status });
    const event = await addEvent(tx, { caseId: id, at: deps.now(), actor: actor.email, kind: 'closed', body: note, language: actor.language });
    const updated = await setCaseStatus(tx, id, 'closed_explained');
    await recordAudit(tx, {
      actor,
      action: 'anomaly_case.closed',
      entityType: 'anomaly_case',
      entityId: id,
      participantCode: row.participantCode,
      data: { from: row.status, to: updated.status, outcome: 'explained', eventId: event.id },
    });
    return caseDetail(tx, updated);
  });
}

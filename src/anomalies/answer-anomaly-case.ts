import { recordAudit } from '../audit/record-audit.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import { visibleCase } from './anomaly-access.ts';
import { addEvent, setCaseStatus } from './anomaly-repository.ts';
import { caseDetail } from './get-anomaly-case.ts';
import type { AnomalyCaseDetail } from './schemas.ts';

/**
 * The participant concerned answers the questionnaire (its statistics officer or administrator),
 * in its language. An open, answered or escalated case becomes `answered`; a closed one refuses.
 */
export async function answerAnomalyCase(
  { actor, id, body, language }: { actor: Actor; id: string; body: string; language: string },
  deps: Deps,
): Promise<AnomalyCaseDetail> {
  return transact(deps, async (tx) => {
    const row = await visibleCase(tx, actor, id, { forUpdate: true });
    if (!actsFor(actor, row.participantCode, 'statistics_officer', 'participant_admin')) throw new AppError('FORBIDDEN');
    if (row.status === 'closed_explained') throw new AppError('ANOMALY_CASE_CLOSED', { status: row.status });
    const at = deps.now();
    const event = await addEvent(tx, { caseId: id, at, actor: actor.email, kind: 'answered', body, language });
    const updated = await setCaseStatus(tx, id, 'answered');
    await recordAudit(tx, {
      actor,
      action: 'anomaly_case.answered',
      entityType: 'anomaly_case',
      entityId: id,
      participantCode: row.participantCode,
      data: { from: row.status, to: updated.status, eventId: event.id, language },
    });
    return caseDetail(tx, updated);
  });
}

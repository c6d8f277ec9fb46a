import { recordAudit } from '../audit/record-audit.ts';
import { transact, type Deps } from '../deps.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { notify } from '../notifications/notify.ts';
import { figuresInForce } from '../production/production-repository.ts';
import { ANOMALY_RULES, type CaseCandidate } from './anomaly-case.ts';
import {
  addEvent,
  certificateOrigins,
  exportsByProducer,
  firstCountedHalf,
  insertCaseIfNew,
  mirrorFlows,
  overdueCertificates,
  tradeByParticipantHalf,
  tradeByParticipantYear,
  valuedParcels,
} from './anomaly-repository.ts';
import { mirrorCases } from './mirror-rule.ts';
import { originImplausibleCases } from './origin-rule.ts';
import type { AnomalyRun } from './schemas.ts';
import { exportsAboveSupplyCases } from './supply-rule.ts';
import { periodSwingCases } from './swing-rule.ts';
import { unconfirmedCases } from './unconfirmed-rule.ts';
import { valuationCases } from './valuation-rule.ts';
import { footprintInconsistentCases } from '../footprints/footprint-rule.ts';
import { custodyCases } from '../custody/custody-rules.ts';

/**
 * Runs every anomaly rule over the register and stores the cases not raised before, all in one
 * transaction with one audit entry giving the counts. Idempotent: a case is keyed by its
 * fingerprint, so a second run over the same figures creates nothing and changes nothing; a
 * case already raised keeps the evidence it was raised with.
 *
 * @example
 * const run = await runAnomalyEngine({ actor }, deps, { now: new Date('2026-07-01T00:00:00Z') });
 * run.created; // cases raised by this run
 */
export async function runAnomalyEngine({ actor }: { actor: Actor | string }, deps: Deps, { now = deps.now() }: { now?: Date } = {}): Promise<AnomalyRun> {
  const today = todayUtc(now);
  const thresholds = deps.config.anomaly;
  const confirmationDays = deps.config.receiptConfirmationDays;
  const actorLabel = typeof actor === 'string' ? actor : actor.email;
  const year = now.getUTCFullYear();

  return transact(deps, async (tx) => {
    // Only recent periods: older ones were reviewed in their day (or predate the platform). The
    // reads start a year earlier, for the comparisons with the period before (swings).
    const firstYear = year - thresholds.lookbackYears;
    const since = `${firstYear - 1}-01-01`;
    // One after another: a transaction is one connection.
    const flows = await mirrorFlows(tx, { today, confirmationDays, since });
    const exports = await tradeByParticipantYear(tx, 'exports', { since });
    const imports = await tradeByParticipantYear(tx, 'imports', { since });
    const production = await figuresInForce(tx);
    const parcels = await valuedParcels(tx, { since });
    const overdue = await overdueCertificates(tx, { today, confirmationDays, since });
    const exportsByHalf = await tradeByParticipantHalf(tx, 'exports', { since });
    const importsByHalf = await tradeByParticipantHalf(tx, 'imports', { since });
    const firstTrade = await firstCountedHalf(tx);
    const origins = await certificateOrigins(tx, { since, beforeYear: year });
    const exportedOrigins = await exportsByProducer(tx, { since, beforeYear: year });
    const candidates: CaseCandidate[] = [
      ...mirrorCases(flows, thresholds),
      ...exportsAboveSupplyCases({ exports, imports, production, beforeYear: year }, thresholds),
      ...valuationCases(parcels, thresholds),
      ...unconfirmedCases(overdue, { today, confirmationDays }),
      ...periodSwingCases({ production, exports: exportsByHalf, imports: importsByHalf, firstTrade, before: { year, half: now.getUTCMonth() < 6 ? 1 : 2 } }, thresholds),
      ...originImplausibleCases({ origins, exportsByProducer: exportedOrigins, production, beforeYear: year }, thresholds),
      ...(await footprintInconsistentCases(tx, { since }, deps.config.footprint)),
      ...(await custodyCases(tx, { since }, deps.config.custody)),
    ].filter((candidate) => Number(candidate.period.slice(0, 4)) >= firstYear);

    const counts = new Map(ANOMALY_RULES.map((rule) => [rule, { rule, flagged: 0, created: 0 }]));
    for (const candidate of candidates) {
      const count = counts.get(candidate.rule)!;
      count.flagged++;
      const row = await insertCaseIfNew(tx, candidate, now);
      if (!row) continue;
      count.created++;
      await addEvent(tx, { caseId: row.id, at: now, actor: actorLabel, kind: 'created' });
      await notify(
        tx,
        {
          to: { participants: [row.participantCode], roles: ['statistics_officer', 'participant_admin'] },
          kind: 'anomaly.raised',
          params: { rule: row.rule, participantCode: row.participantCode, period: row.period },
          link: `/anomalies/${row.id}`,
        },
        { config: deps.config, now: () => now },
      );
    }
    const rules = [...counts.values()];
    const created = rules.reduce((sum, rule) => sum + rule.created, 0);
    await recordAudit(tx, {
      actor,
      action: 'anomaly_engine.ran',
      entityType: 'anomaly_engine',
      entityId: today,
      data: { ranAt: now.toISOString(), created, rules },
    });
    return { ranAt: now.toISOString(), rules, created };
  });
}

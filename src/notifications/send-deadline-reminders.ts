import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import { annualReports, decisionPositions, decisions, participants } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { todayUtc } from '../domain/licence.ts';
import { inGoodStandingDuring } from '../domain/participant-status.ts';
import { reportDueDate } from '../annual-reports/annual-report-rules.ts';
import { statusHistories } from '../participants/participant-repository.ts';
import { notify } from './notify.ts';

/** A written procedure closing this soon reminds the administrators of participants that have not taken a position. */
export const DECISION_REMINDER_HOURS = 48;
/** An annual report due this soon, and not submitted, reminds the participant's administrators. */
export const ANNUAL_REPORT_REMINDER_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Reminds participants' administrators of deadlines drawing near: written procedures closing
 * within 48 h on which their participant has taken no position, and annual reports due within
 * 14 days and not yet submitted. Each reminder is given once per person and item (its key is
 * unique), so the sweep may run at start and on a timer as often as wanted.
 *
 * @returns how many reminders this call gave
 */
export async function sendDeadlineReminders(deps: Deps, now = deps.now()): Promise<number> {
  const clock = { config: deps.config, now: () => now };
  return transact(deps, async (tx) => {
    let given = 0;
    const closing = await tx
      .select()
      .from(decisions)
      .where(and(eq(decisions.status, 'circulating'), gt(decisions.deadline, now), lte(decisions.deadline, new Date(now.getTime() + DECISION_REMINDER_HOURS * 3_600_000))));
    for (const decision of closing) {
      const positioned = new Set(
        (await tx.selectDistinct({ code: decisionPositions.participantCode }).from(decisionPositions).where(eq(decisionPositions.decisionId, decision.id))).map((row) => row.code),
      );
      for (const participantCode of decision.eligible.filter((code) => !positioned.has(code))) {
        given += await notify(
          tx,
          {
            to: { participants: [participantCode], roles: ['participant_admin'] },
            kind: 'reminder.decision_deadline',
            params: { reference: decision.reference, title: decision.title, deadline: decision.deadline!.toISOString(), participantCode },
            link: `/decisions/${decision.id}`,
            dedupeKey: `reminder:decision:${decision.id}`,
          },
          clock,
        );
      }
    }

    // The report for last year falls due this year; only that one can be within the window.
    const year = now.getUTCFullYear() - 1;
    const due = reportDueDate(year, deps.config.annualReportDue);
    const today = todayUtc(now);
    const daysLeft = (Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS;
    if (daysLeft >= 0 && daysLeft <= ANNUAL_REPORT_REMINDER_DAYS) {
      const counted = await tx.select({ code: participants.code }).from(participants).where(eq(participants.countedAmongParticipants, true));
      const histories = await statusHistories(tx);
      const owing = counted.map((row) => row.code).filter((code) => inGoodStandingDuring(histories.get(code) ?? [], `${year}-01-01`, `${year}-12-31`));
      const submitted = owing.length
        ? new Set(
            (
              await tx
                .select({ code: annualReports.participantCode })
                .from(annualReports)
                .where(and(eq(annualReports.year, year), eq(annualReports.status, 'submitted'), inArray(annualReports.participantCode, owing)))
            ).map((row) => row.code),
          )
        : new Set<string>();
      for (const participantCode of owing.filter((code) => !submitted.has(code))) {
        given += await notify(
          tx,
          {
            to: { participants: [participantCode], roles: ['participant_admin'] },
            kind: 'reminder.annual_report_due',
            params: { participantCode, year: String(year), due },
            link: `/annual-reports/${participantCode}/${year}`,
            dedupeKey: `reminder:annual_report:${participantCode}:${year}`,
          },
          clock,
        );
      }
    }
    return given;
  });
}

import { and, asc, eq, lte } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { decisions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { todayUtc } from '../domain/licence.ts';
import { notify } from '../notifications/notify.ts';
import { invalidateTrustList } from '../verification/verify-online.ts';
import { applyEffects } from './decision-effects.ts';
import { currentTally, positionsOf, type Outcome, type StoredEffect } from './decision-repository.ts';

/**
 * Computes the result of every written procedure whose deadline has passed, as of its deadline:
 * adopted (enough support, no blocking objection), blocked, or not adopted. An adopted one's
 * effects become status events from its effective date (the deadline's day unless a later one
 * was set). Runs on a timer in the server, and before any read or issue that depends on it, so
 * a result is never seen late; running it twice changes nothing.
 *
 * @returns the references decided by this call
 */
export async function settleDueDecisions(deps: Deps, now = deps.now()): Promise<string[]> {
  // Cheap check first: most calls find nothing due and open no write transaction.
  const [due] = await deps.db
    .select({ id: decisions.id })
    .from(decisions)
    .where(and(eq(decisions.status, 'circulating'), lte(decisions.deadline, now)))
    .limit(1);
  if (!due) return [];
  const { settled, changedStatus } = await transact(deps, async (tx) => {
    const rows = await tx
      .select()
      .from(decisions)
      .where(and(eq(decisions.status, 'circulating'), lte(decisions.deadline, now)))
      .orderBy(asc(decisions.deadline))
      .for('update');
    const settled: string[] = [];
    let changedStatus = false;
    for (const row of rows) {
      const counted = currentTally(row, await positionsOf(tx, row.id), deps.config.concernedParticipantMayBlock)!;
      const deadlineDay = todayUtc(row.deadline!);
      const adopted = counted.result === 'adopted';
      const effectiveOn = row.effectiveOn ?? deadlineDay;
      const effects = adopted
        ? await applyEffects(tx, row.effects as StoredEffect[], { effectiveOn, note: `${row.reference}: ${row.title}`, recordedBy: row.createdBy, decisionId: row.id, now })
        : (row.effects as StoredEffect[]);
      changedStatus ||= effects.some((effect) => effect.outcome === 'applied');
      const outcome: Outcome = { tally: counted };
      await tx
        .update(decisions)
        .set({ status: counted.result, decidedAt: row.deadline, adoptedOn: adopted ? deadlineDay : null, effectiveOn: adopted ? effectiveOn : row.effectiveOn, effects, outcome })
        .where(eq(decisions.id, row.id));
      await recordAudit(tx, {
        actor: 'system:written-procedure',
        action: 'decision.decided',
        entityType: 'decision',
        entityId: row.id,
        data: { reference: row.reference, result: counted.result, tally: counted, effectiveOn: adopted ? effectiveOn : null, effects },
      });
      await notify(
        tx,
        {
          to: [{ participants: row.eligible, roles: ['participant_admin'] }, ...(row.sharedWithObservers ? [{ roles: ['observer' as const] }] : [])],
          kind: 'decision.decided',
          params: { reference: row.reference, title: row.title, result: counted.result },
          link: `/decisions/${row.id}`,
        },
        deps,
      );
      settled.push(row.reference);
    }
    return { settled, changedStatus };
  });
  if (changedStatus) invalidateTrustList(deps);
  return settled;
}

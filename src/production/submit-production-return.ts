import { recordAudit } from '../audit/record-audit.ts';
import { productionReturns } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import { actsFor, type Actor } from '../domain/roles.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { figuresOf, latestReturn, returnRow, sameFigures, toProductionReturn, type ReturnFigures } from './production-repository.ts';
import { FIRST_STATISTICS_YEAR, halfYearEnd, halfYearEnded, parseProductionAmount, splitProblem, type Figures, type Half } from './production-rules.ts';
import type { ProductionReturn, ProductionReturnDraft } from './schemas.ts';

function amountOf(text: string, field: string): number {
  const parsed = parseProductionAmount(text);
  if ('units' in parsed) return parsed.units;
  const where = { field, value: text };
  if (parsed.problem === 'negative') throw new AppError('PRODUCTION_AMOUNT_NEGATIVE', where);
  if (parsed.problem === 'too_precise') throw new AppError('PRODUCTION_AMOUNT_TOO_PRECISE', where);
  throw new AppError('PRODUCTION_AMOUNT_INVALID', where);
}

/** Checks a draft's figures against the Annex III rules and returns them in hundredths. */
export function draftFigures(draft: ProductionReturnDraft): ReturnFigures {
  const total: Figures = { carats: amountOf(draft.carats, 'carats'), valueCents: amountOf(draft.valueUsd, 'valueUsd') };
  const part = (given: ProductionReturnDraft['asm'], name: string): Figures | null =>
    given ? { carats: amountOf(given.carats, `${name}.carats`), valueCents: amountOf(given.valueUsd, `${name}.valueUsd`) } : null;
  const asm = part(draft.asm, 'asm');
  const lsm = part(draft.lsm, 'lsm');
  if (draft.reportType === 'no_production') {
    const nonZero = [total, asm, lsm].some((figures) => figures !== null && (figures.carats !== 0 || figures.valueCents !== 0));
    if (nonZero) throw new AppError('NO_PRODUCTION_NOT_ZERO');
  }
  const problem = splitProblem(total, asm, lsm);
  if (problem === 'parts_do_not_add_up') throw new AppError('PRODUCTION_SPLIT_MISMATCH');
  if (problem === 'part_exceeds_total') throw new AppError('PRODUCTION_PART_EXCEEDS_TOTAL');
  return { reportType: draft.reportType, total, asm, lsm };
}

/**
 * The statistics officer (or participant administrator) of a participant returns its production
 * for a half-year that has ended. A second return for the same half-year is a correction: a new
 * version with a note saying why; the earlier versions stay, and the highest is the figure in force.
 *
 * @example
 * await submitProductionReturn({ actor, participantCode: 'BW', draft: { year: 2024, half: 1, reportType: 'production', carats: '12000000.00', valueUsd: '1500000000.00' } }, deps);
 */
export async function submitProductionReturn(
  { actor, participantCode, draft }: { actor: Actor; participantCode: string; draft: ProductionReturnDraft },
  deps: Deps,
): Promise<ProductionReturn> {
  if (!(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  if (!actsFor(actor, participantCode, 'statistics_officer', 'participant_admin')) throw new AppError('FORBIDDEN');
  const half = draft.half as Half;
  if (draft.year < FIRST_STATISTICS_YEAR) throw new AppError('PRODUCTION_PERIOD_BEFORE_SCHEME', { year: draft.year, first: FIRST_STATISTICS_YEAR });
  if (!halfYearEnded(draft.year, half, todayUtc(deps.now()))) throw new AppError('PRODUCTION_PERIOD_NOT_ENDED', { year: draft.year, half, end: halfYearEnd(draft.year, half) });
  const figures = draftFigures(draft);
  try {
    return await transact(deps, async (tx) => {
      const key = { participantCode, year: draft.year, half };
      const current = await latestReturn(tx, key);
      if (current && !draft.note) throw new AppError('CORRECTION_NOTE_REQUIRED', { version: current.version });
      const now = deps.now();
      const [row] = await tx
        .insert(productionReturns)
        .values(returnRow({ id: newId(), ...key, version: (current?.version ?? 0) + 1, figures, source: 'submission', note: draft.note, submittedBy: actor.userId, submittedAt: now }))
        .returning();
      const result = toProductionReturn(row);
      await recordAudit(tx, {
        actor,
        action: current ? 'production.corrected' : 'production.submitted',
        entityType: 'production_return',
        entityId: `${participantCode}-${draft.year}-H${half}`,
        participantCode,
        data: {
          version: result.version,
          reportType: result.reportType,
          carats: result.carats,
          valueUsd: result.valueUsd,
          asm: result.asm,
          lsm: result.lsm,
          note: draft.note ?? null,
          ...(current && { previousVersion: current.version, unchanged: sameFigures(figuresOf(current), figures) }),
        },
      });
      return result;
    });
  } catch (error) {
    // Two first returns for the same half-year at once: the later one is told it is now a correction.
    if (isUniqueViolation(error) && !draft.note) throw new AppError('CORRECTION_NOTE_REQUIRED', { version: (await latestReturn(deps.db, { participantCode, year: draft.year, half }))?.version ?? 1 });
    throw error;
  }
}

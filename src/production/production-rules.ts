import { addDays } from '../certificates/certificate-rules.ts';
import { parseHundredths } from '../domain/amounts.ts';

/** First year of KPCS statistics: the scheme began on 1 January 2003. */
export const FIRST_STATISTICS_YEAR = 2003;

export const REPORT_TYPES = ['production', 'no_production'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const RETURN_SOURCES = ['submission', 'import'] as const;
export type ReturnSource = (typeof RETURN_SOURCES)[number];

export type Half = 1 | 2;

/** Last day of a half-year, `YYYY-MM-DD`: 30 June or 31 December. */
export function halfYearEnd(year: number, half: Half): string {
  return half === 1 ? `${year}-06-30` : `${year}-12-31`;
}

/** First day of a half-year, `YYYY-MM-DD`. */
export function halfYearStart(year: number, half: Half): string {
  return half === 1 ? `${year}-01-01` : `${year}-07-01`;
}

/** True once the whole half-year lies before `today` (a return is due only for a finished period). */
export function halfYearEnded(year: number, half: Half, today: string): boolean {
  return halfYearEnd(year, half) < today;
}

/**
 * Last day a return for the half-year is on time: `deadlineDays` after the half-year ends.
 * UNVERIFIED: the KP deadline (AD 02/2013 §3) was not retrieved; the number of days is a setting.
 */
export function returnDeadline(year: number, half: Half, deadlineDays: number): string {
  return addDays(halfYearEnd(year, half), deadlineDays);
}

export type ProductionAmountProblem = 'not_a_number' | 'negative' | 'too_precise' | 'too_large';

/**
 * A production amount in hundredths. Unlike a parcel, a return may say zero (a nil return, or a
 * production half-year whose value was not reported), so zero is accepted and only a sign refused.
 */
export function parseProductionAmount(text: string): { units: number } | { problem: ProductionAmountProblem } {
  const trimmed = text.trim();
  if (/^-/.test(trimmed)) return /^-\d+(\.\d+)?$/.test(trimmed) ? { problem: 'negative' } : { problem: 'not_a_number' };
  const parsed = parseHundredths(trimmed);
  if ('units' in parsed) return parsed;
  if (parsed.problem === 'not_positive') return { units: 0 };
  return { problem: parsed.problem };
}

/** Carats and value of a return or of one part of it, in hundredths. */
export interface Figures {
  carats: number;
  valueCents: number;
}

export type SplitProblem = 'parts_do_not_add_up' | 'part_exceeds_total';

/**
 * Artisanal (ASM) and industrial (LSM) parts must add up to the total exactly when both are
 * given; a single part can never exceed the total (the other part is then simply not reported).
 */
export function splitProblem(total: Figures, asm: Figures | null, lsm: Figures | null): SplitProblem | null {
  if (asm && lsm) {
    return asm.carats + lsm.carats === total.carats && asm.valueCents + lsm.valueCents === total.valueCents ? null : 'parts_do_not_add_up';
  }
  const part = asm ?? lsm;
  if (part && (part.carats > total.carats || part.valueCents > total.valueCents)) return 'part_exceeds_total';
  return null;
}

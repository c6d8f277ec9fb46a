import type { TFunction } from 'i18next';
import { formatAmount } from '../../amounts.ts';
import type { Language } from '../../i18n.ts';

/** `2025`, `2025-H1`, `2025-Q3` in words of the UI language. */
export function periodLabel(period: string, t: TFunction): string {
  const match = /^(\d{4})(?:-(H[12]|Q[1-4]))?$/.exec(period);
  if (!match) return period;
  const [, year, part] = match;
  return part ? t(`statistics.periods.${part}`, { year }) : year;
}

/** An amount string for reading; a dash where there is none (not reported, or no carats to divide by). */
export function amountText(value: string | null | undefined, language: Language): string {
  return value === null || value === undefined ? '—' : formatAmount(value, language);
}

/**
 * A two-decimal string as a chart coordinate. Only the drawing uses the double; every figure a
 * reader sees (table, tooltip) is formatted from the exact string or back to two decimals.
 */
export function plotted(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Tooltip text of a plotted amount: back to the two decimals it came from, then Intl. */
export function plottedText(value: unknown, language: Language): string {
  return typeof value === 'number' ? formatAmount(value.toFixed(2), language) : '—';
}

/** The years a selector offers: those with figures, the chosen one, newest first. */
export function yearOptions(years: number[], chosen: number): string[] {
  return [...new Set([...years, chosen])].sort((a, b) => b - a).map(String);
}

/** Without `?year=`, the last full calendar year. */
export function defaultYear(): number {
  return new Date().getUTCFullYear() - 1;
}

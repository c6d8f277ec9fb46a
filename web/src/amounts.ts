/**
 * Carats and US dollars in the browser, exactly as the server keeps them: integer hundredths
 * (centicarats, cents), written as decimal strings. Never parseFloat for sums or ratios; Intl
 * formats the decimal string itself, so nothing is rounded through a binary float.
 * Mirrors src/domain/amounts.ts (which the browser bundle does not import).
 */
import type { Language } from './i18n.ts';

export type AmountProblem = 'required' | 'not_a_number' | 'not_positive' | 'too_precise' | 'too_large';

const MAX_UNITS = 10n ** 15n;

/** "1234.5" or "1234.56" → 123450n, 123456n; or what is wrong with the text. */
export function parseHundredths(text: string): { units: bigint } | { problem: AmountProblem } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'required' };
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return { problem: 'not_a_number' };
  const [, minus, whole, fraction = ''] = match;
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) return { problem: 'too_precise' };
  const units = BigInt(whole) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  if (units > MAX_UNITS) return { problem: 'too_large' };
  if (minus || units === 0n) return { problem: 'not_positive' };
  return { units };
}

/** The hundredths of a valid amount, or null. */
export function hundredthsOf(text: string): bigint | null {
  const parsed = parseHundredths(text);
  return 'units' in parsed ? parsed.units : null;
}

/** 123456n → "1234.56": the canonical form the server stores and signs. */
export function formatHundredths(units: bigint): string {
  const whole = units / 100n;
  const cents = (units % 100n).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

/** US$ per carat in cents, rounded half up: value × 100 / carats on integer hundredths. */
export function pricePerCaratCents(valueCents: bigint, caratHundredths: bigint): bigint | null {
  if (caratHundredths <= 0n) return null;
  return (valueCents * 200n + caratHundredths) / (caratHundredths * 2n);
}

/** Same, from the decimal strings of the API ("4330.45", "650000.00") to a decimal string. */
export function pricePerCarat(valueUsd: string, carats: string): string | null {
  const value = hundredthsOf(valueUsd);
  const weight = hundredthsOf(carats);
  if (value === null || weight === null) return null;
  const price = pricePerCaratCents(value, weight);
  return price === null ? null : formatHundredths(price);
}

const formats = new Map<string, Intl.NumberFormat>();

/** A two-decimal amount string, grouped and with the decimal sign of the UI language. */
export function formatAmount(decimal: string | null | undefined, language: Language): string {
  if (decimal === null || decimal === undefined || decimal === '') return '';
  if (!/^\d+(\.\d+)?$/.test(decimal)) return decimal;
  let format = formats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(language, format);
  }
  return format.format(decimal as `${number}`);
}

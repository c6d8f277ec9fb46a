/**
 * Carats and US dollars are exact: two decimals, kept as integer hundredths (centicarats, cents)
 * and written as decimal strings wherever they are stored or signed. Never floats.
 */
export type AmountProblem = 'not_a_number' | 'not_positive' | 'too_precise' | 'too_large';

const MAX_UNITS = 10 ** 15; // 10 trillion dollars or carats: far above any shipment

/** Parses "1234.5" or "1234.56" into hundredths (123450, 123456), or says what is wrong. */
export function parseHundredths(text: string): { units: number } | { problem: AmountProblem } {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return { problem: 'not_a_number' };
  const [, minus, whole, fraction = ''] = match;
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) return { problem: 'too_precise' };
  const units = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(units) || units > MAX_UNITS) return { problem: 'too_large' };
  if (minus || units === 0) return { problem: 'not_positive' };
  return { units };
}

/** 123456 → "1234.56": the canonical form stored and signed. */
export function formatHundredths(units: number): string {
  const whole = Math.floor(units / 100);
  const cents = String(units % 100).padStart(2, '0');
  return `${whole}.${cents}`;
}

/** US$ per carat in cents, rounded half up: exact integer arithmetic on hundredths (bigint, no overflow). */
export function pricePerCaratCents(valueCents: number, caratHundredths: number): number {
  const value = BigInt(valueCents);
  const weight = BigInt(caratHundredths);
  return Number((2n * value * 100n + weight) / (2n * weight));
}

const TWO_DECIMALS = /^(\d+)\.(\d{2})$/;

/** A stored two-decimal amount ("1234.56") in hundredths, as a bigint. */
export function hundredths(amount: string): bigint {
  const match = TWO_DECIMALS.exec(amount);
  if (!match) throw new Error(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  return BigInt(match[1] + match[2]);
}

/** "1234567.80" → "1,234,567.80": thousands separators, digits unchanged (for print, where Intl would round through a float). */
export function formatAmount(amount: string): string {
  const match = TWO_DECIMALS.exec(amount);
  if (!match) throw new Error(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  const integer = match[1].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${integer}.${match[2]}`;
}

/** US$ per carat of two stored amounts, rounded half up to cents; null when carats is zero. */
export function pricePerCarat(valueUsd: string, carats: string): string | null {
  const value = hundredths(valueUsd);
  const weight = hundredths(carats);
  if (weight === 0n) return null;
  const cents = ((2n * value * 100n + weight) / (2n * weight)).toString().padStart(3, '0');
  return `${cents.slice(0, -2)}.${cents.slice(-2)}`;
}

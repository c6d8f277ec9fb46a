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

/** US$ per carat, rounded half up to cents: exact integer arithmetic on hundredths. */
export function pricePerCaratCents(valueCents: number, caratHundredths: number): number {
  return Math.floor((valueCents * 100 * 2 + caratHundredths) / (caratHundredths * 2));
}

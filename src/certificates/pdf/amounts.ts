/**
 * Exact arithmetic on the two-decimal amount strings of a certificate ("1234.56"). Nothing here
 * goes through a floating-point number, so what is printed is exactly what was signed.
 */
const AMOUNT = /^(\d+)\.(\d{2})$/;

/** The amount in hundredths, as a bigint. */
export function hundredths(amount: string): bigint {
  const match = AMOUNT.exec(amount);
  if (!match) throw new Error(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  return BigInt(match[1] + match[2]);
}

function fromHundredths(value: bigint): string {
  const digits = value.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "1234567.80" → "1,234,567.80" (thousands separators; digits unchanged). */
export function formatAmount(amount: string): string {
  const match = AMOUNT.exec(amount);
  if (!match) throw new Error(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  const integer = match[1].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${integer}.${match[2]}`;
}

/**
 * Value per carat, rounded half up to cents: valueUsd / carats computed on integers
 * (both amounts are in hundredths, so the scale cancels). Null when carats is zero.
 */
export function pricePerCarat(valueUsd: string, carats: string): string | null {
  const value = hundredths(valueUsd);
  const weight = hundredths(carats);
  if (weight === 0n) return null;
  // round(value * 100 / weight) = floor((2 * value * 100 + weight) / (2 * weight))
  const cents = (2n * value * 100n + weight) / (2n * weight);
  return fromHundredths(cents);
}

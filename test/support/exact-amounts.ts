/** The tests' own exact arithmetic on two-decimal amounts, independent of the code under test. */

/** "1234.5" → 123450n (hundredths). */
export const units = (amount: string): bigint => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
};

/** 123450n → "1234.50"; negatives keep their sign. */
export const text = (hundredths: bigint): string => {
  const sign = hundredths < 0n ? '-' : '';
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
};

export const abs = (value: bigint) => (value < 0n ? -value : value);

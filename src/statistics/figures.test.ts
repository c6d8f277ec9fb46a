import { describe, expect, it } from 'vitest';
import { decimal, periodsOfQuarter, rollUp, rowsOf, usdPerCarat } from './figures.ts';

describe('statistical figures', () => {
  it('formats exact hundredths and rounds $/ct half up, null without carats', () => {
    expect(decimal(123456n)).toBe('1234.56');
    expect(decimal(5n)).toBe('0.05');
    expect(usdPerCarat(1005n, 200n)).toBe('5.03');
    expect(usdPerCarat(1004n, 200n)).toBe('5.02');
    expect(usdPerCarat(0n, 0n)).toBeNull();
  });

  it('refuses to format a sum beyond exact integer range instead of rounding it', () => {
    expect(() => decimal(2n ** 60n)).toThrow(RangeError);
  });

  it('places a quarter in its half-year and year', () => {
    expect(periodsOfQuarter(2025, 2)).toEqual(['2025-Q2', '2025-H1', '2025']);
    expect(periodsOfQuarter(2025, 3)).toEqual(['2025-Q3', '2025-H2', '2025']);
    expect(() => periodsOfQuarter(2025, 5)).toThrow(RangeError);
  });

  it('rolls quarters up into halves and the year, largest value first within a period', () => {
    const rolled = rollUp(2025, [
      { quarter: 1, key: 'AE', carats: 100n, valueCents: 1000n, certificates: 1 },
      { quarter: 2, key: 'AE', carats: 50n, valueCents: 500n, certificates: 2 },
      { quarter: 3, key: 'IN', carats: 10n, valueCents: 9000n, certificates: 1 },
    ]);
    const rows = rowsOf(rolled, (period, key, sums) => `${period} ${key} ${sums.carats} ${sums.valueCents} ${sums.certificates}`);
    expect(rows).toEqual(['2025-Q1 AE 100 1000 1', '2025-Q2 AE 50 500 2', '2025-Q3 IN 10 9000 1', '2025-H1 AE 150 1500 3', '2025-H2 IN 10 9000 1', '2025 IN 10 9000 1', '2025 AE 150 1500 3']);
  });
});

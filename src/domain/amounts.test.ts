import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHundredths, parseHundredths, pricePerCaratCents } from './amounts.ts';

describe('exact carats and US$', () => {
  it('reads two-decimal amounts as integer hundredths', () => {
    expect(parseHundredths('1234.56')).toEqual({ units: 123456 });
    expect(parseHundredths('1234.5')).toEqual({ units: 123450 });
    expect(parseHundredths('7')).toEqual({ units: 700 });
    expect(parseHundredths('0.01')).toEqual({ units: 1 });
    expect(parseHundredths('12.340')).toEqual({ units: 1234 });
  });

  it('refuses zero, negative, over-precise and non-numeric amounts, each with its reason', () => {
    expect(parseHundredths('0')).toEqual({ problem: 'not_positive' });
    expect(parseHundredths('0.00')).toEqual({ problem: 'not_positive' });
    expect(parseHundredths('-5.00')).toEqual({ problem: 'not_positive' });
    expect(parseHundredths('1.234')).toEqual({ problem: 'too_precise' });
    expect(parseHundredths('1e3')).toEqual({ problem: 'not_a_number' });
    expect(parseHundredths('12,5')).toEqual({ problem: 'not_a_number' });
    expect(parseHundredths('99999999999999999')).toEqual({ problem: 'too_large' });
  });

  it('writes back exactly what it read', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 13 }), (units) => {
        expect(parseHundredths(formatHundredths(units))).toEqual({ units });
      }),
    );
  });

  it('computes $/ct in cents, rounding half up', () => {
    expect(pricePerCaratCents(72300_00, 100_00)).toBe(723_00);
    expect(pricePerCaratCents(100, 300)).toBe(33);
    expect(pricePerCaratCents(200, 300)).toBe(67);
  });
});

describe('$/ct on very large amounts', () => {
  it('stays exact beyond 2^53 on stored amounts', async () => {
    const { pricePerCarat } = await import('./amounts.ts');
    expect(pricePerCarat('90071992547409.93', '0.01')).toBe('9007199254740993.00');
  });
});

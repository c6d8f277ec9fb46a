import { describe, expect, it } from 'vitest';
import { beyondShare, percentText } from './anomaly-case.ts';

describe('anomaly case arithmetic', () => {
  it('writes a share as a percentage with two decimals, rounded half away from zero', () => {
    expect(percentText(1501n, 1500n)).toBe('100.07');
    expect(percentText(-1n, 3n)).toBe('-33.33');
    expect(percentText(1n, 8n)).toBe('12.50');
    // 1 / 20 000 = 0.005 %: exactly half a hundredth of a percent.
    expect(percentText(1n, 20_000n)).toBe('0.01');
    expect(percentText(-1n, 20_000n)).toBe('-0.01');
    expect(percentText(1n, 20_001n)).toBe('0.00');
    expect(percentText(-120n, 120n)).toBe('-100.00');
  });

  it('does not count a difference exactly at the share as beyond it', () => {
    expect(beyondShare(500n, 1000n, 5000)).toBe(false);
    expect(beyondShare(501n, 1000n, 5000)).toBe(true);
    expect(beyondShare(-501n, 1000n, 5000)).toBe(true);
  });
});

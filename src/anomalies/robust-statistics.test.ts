import { describe, expect, it } from 'vitest';
import { median, medianAbsoluteDeviation } from './robust-statistics.ts';

describe('robust statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([10, 98, 99, 100, 100, 101, 102, 300])).toBe(100);
  });

  it('measures spread by the median absolute deviation, which one wild price does not move', () => {
    expect(medianAbsoluteDeviation([100, 102, 98, 101, 99, 100, 300, 10])).toBe(1.5);
    expect(medianAbsoluteDeviation([5, 5, 5, 9])).toBe(0);
  });
});

/**
 * Median and median absolute deviation, in floating point: they only rank prices against each
 * other, never add up money, so the exactness rule for sums does not apply.
 */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The MAD: the median of the absolute deviations from the median. */
export function medianAbsoluteDeviation(values: number[], centre = median(values)): number {
  return median(values.map((value) => Math.abs(value - centre)));
}

/** 1 / Φ⁻¹(3/4): scales the MAD to the standard deviation of a normal distribution. */
export const MAD_SCALE = 1.4826;

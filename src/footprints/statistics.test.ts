import { describe, expect, it } from 'vitest';
import {
  chiSquarePValue,
  chiSquareTest,
  gTest,
  hellingerDistance,
  kolmogorovSmirnovDistance,
  logGamma,
  mergeForExpected,
  upperRegularizedGamma,
} from './statistics.ts';

describe('the chi-square distribution', () => {
  it('computes ln Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('computes Q(1, x) = e^−x and Q(a, 0) = 1', () => {
    for (const x of [0.1, 1, 2.5, 10, 40]) expect(upperRegularizedGamma(1, x)).toBeCloseTo(Math.exp(-x), 12);
    expect(upperRegularizedGamma(3, 0)).toBe(1);
  });

  it('gives p = 0.05 at the tabulated 95 % critical values', () => {
    // critical values from any χ² table (e.g. NIST/SEMATECH e-Handbook §1.3.6.7.4)
    expect(chiSquarePValue(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquarePValue(9.487729, 4)).toBeCloseTo(0.05, 6);
    expect(chiSquarePValue(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquarePValue(124.342113, 100)).toBeCloseTo(0.05, 5);
    expect(chiSquarePValue(6.634897, 1)).toBeCloseTo(0.01, 6);
  });
});

describe('goodness of fit on stone counts', () => {
  // Observed 10, 20, 30 stones (N = 60) against footprint shares 0.2, 0.3, 0.5: expected 12, 18, 30.
  const observed = [10, 20, 30];
  const expected = [12, 18, 30];

  it('computes Pearson chi-square by hand', () => {
    // χ² = (10−12)²/12 + (20−18)²/18 + 0 = 0.33333 + 0.22222 = 0.55556; df = 2;
    // for df = 2, p = e^(−χ²/2) = e^(−0.27778) = 0.75747
    const result = chiSquareTest(observed, expected);
    expect(result.statistic).toBeCloseTo(0.555556, 5);
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.pValue).toBeCloseTo(0.757465, 5);
  });

  it('computes the G-test with Williams correction by hand', () => {
    // G = 2·[10·ln(10/12) + 20·ln(20/18) + 30·ln 1] = 2·[−1.823216 + 2.107210] = 0.567988;
    // q = 1 + (k + 1)/(6N) = 1 + 4/360 = 1.011111; G/q = 0.561747; p = e^(−0.280874) = 0.755124
    const result = gTest(observed, expected);
    expect(result.statistic).toBeCloseTo(0.561747, 5);
    expect(result.pValue).toBeCloseTo(0.755124, 5);
  });

  it('counts an empty class as contributing nothing to G', () => {
    // G = 2·[0 + 10·ln(10/5)] = 13.862944; q = 1 + 3/60 = 1.05; G/q = 13.202804
    expect(gTest([0, 10], [5, 5]).statistic).toBeCloseTo(13.202804, 5);
  });

  it('merges adjacent classes until every class expects at least 5 stones', () => {
    // expected 1+2+10 = 13 ≥ 5 closes the first class; 3+4 = 7 the second
    expect(mergeForExpected([1, 2, 5, 4, 3], [1, 2, 10, 3, 4], 5)).toEqual({
      observed: [8, 7],
      expected: [13, 7],
      groups: [
        [0, 2],
        [3, 4],
      ],
    });
  });

  it('folds a short remainder into the class before it, leaving one class when nothing else reaches 5', () => {
    // 6 closes a class; 1 + 1 = 2 < 5 joins it: one class, nothing left to test
    expect(mergeForExpected([4, 2, 2], [6, 1, 1], 5)).toEqual({ observed: [8], expected: [8], groups: [[0, 2]] });
  });
});

describe('distances between carat distributions', () => {
  // parcel carat shares 0.1, 0.3, 0.6 against footprint 0.2, 0.3, 0.5
  it('takes the largest gap between cumulative shares (Kolmogorov–Smirnov)', () => {
    // cumulative 0.1 vs 0.2, 0.4 vs 0.5, 1 vs 1: D = 0.1
    expect(kolmogorovSmirnovDistance([0.1, 0.3, 0.6], [0.2, 0.3, 0.5])).toBeCloseTo(0.1, 12);
  });

  it('computes the Hellinger distance by hand', () => {
    // Σ√(pq) = √0.02 + 0.3 + √0.3 = 0.141421 + 0.3 + 0.547723 = 0.989144; H = √(1 − 0.989144) = 0.104192
    expect(hellingerDistance([0.1, 0.3, 0.6], [0.2, 0.3, 0.5])).toBeCloseTo(0.104192, 5);
    expect(hellingerDistance([1, 0], [0, 1])).toBe(1);
    expect(hellingerDistance([0.5, 0.5], [0.5, 0.5])).toBeCloseTo(0, 7);
  });
});

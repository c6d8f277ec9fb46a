/**
 * The statistics behind a footprint comparison, in floating point (they compare shares; nothing
 * here adds up money or signed amounts): the chi-square distribution, goodness-of-fit tests on
 * stone counts and distances between carat distributions. Formulas and sources: docs/footprints.md.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i += 1) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-15;
const MAX_ITERATIONS = 500;

/**
 * Upper regularised incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): a power series for
 * x < a + 1, a continued fraction (modified Lentz) otherwise — as in Numerical Recipes §6.2.
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n += 1) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_ITERATIONS; n += 1) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/** P(χ²_df ≥ statistic): the p-value of a chi-square (or G) statistic. */
export function chiSquarePValue(statistic: number, degreesOfFreedom: number): number {
  if (degreesOfFreedom <= 0) return 1;
  return upperRegularizedGamma(degreesOfFreedom / 2, statistic / 2);
}

export interface MergedClasses {
  observed: number[];
  expected: number[];
  /** For each merged class, the first and last original class index. */
  groups: [number, number][];
}

/**
 * Small-count handling: merges adjacent classes, from the smallest stones up, until every merged
 * class expects at least `minExpected` stones; a remainder short of it joins the class before it
 * (Cochran's rule of thumb, applied strictly).
 *
 * @example mergeForExpected([1, 2, 5, 4, 3], [1, 2, 10, 3, 4], 5) // groups [[0, 2], [3, 4]]
 */
export function mergeForExpected(observed: number[], expected: number[], minExpected: number): MergedClasses {
  const merged: MergedClasses = { observed: [], expected: [], groups: [] };
  let start = 0;
  let sumObserved = 0;
  let sumExpected = 0;
  for (let index = 0; index < expected.length; index += 1) {
    sumObserved += observed[index];
    sumExpected += expected[index];
    if (sumExpected >= minExpected) {
      merged.observed.push(sumObserved);
      merged.expected.push(sumExpected);
      merged.groups.push([start, index]);
      start = index + 1;
      sumObserved = 0;
      sumExpected = 0;
    }
  }
  if (start < expected.length) {
    const last = merged.groups.length - 1;
    if (last >= 0) {
      merged.observed[last] += sumObserved;
      merged.expected[last] += sumExpected;
      merged.groups[last][1] = expected.length - 1;
    } else {
      merged.observed.push(sumObserved);
      merged.expected.push(sumExpected);
      merged.groups.push([start, expected.length - 1]);
    }
  }
  return merged;
}

export interface TestResult {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/** Pearson's chi-square goodness of fit, Σ (O − E)² / E with k − 1 degrees of freedom. Expected counts must be positive. */
export function chiSquareTest(observed: number[], expected: number[]): TestResult {
  let statistic = 0;
  for (let i = 0; i < observed.length; i += 1) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  const degreesOfFreedom = observed.length - 1;
  return { statistic, degreesOfFreedom, pValue: chiSquarePValue(statistic, degreesOfFreedom) };
}

/**
 * The G-test (log-likelihood ratio), G = 2 Σ O ln(O / E), divided by Williams' correction
 * q = 1 + (k + 1) / (6 N) for a goodness-of-fit test on k classes (Sokal & Rohlf, Biometry §17.2).
 */
export function gTest(observed: number[], expected: number[]): TestResult {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < observed.length; i += 1) {
    total += observed[i];
    if (observed[i] > 0) sum += observed[i] * Math.log(observed[i] / expected[i]);
  }
  const k = observed.length;
  const williams = total > 0 ? 1 + (k + 1) / (6 * total) : 1;
  const statistic = Math.max(0, (2 * sum) / williams);
  const degreesOfFreedom = k - 1;
  return { statistic, degreesOfFreedom, pValue: chiSquarePValue(statistic, degreesOfFreedom) };
}

/** Shares of a total (all zero when the total is zero). */
export function sharesOf(values: number[]): number[] {
  let total = 0;
  for (const value of values) total += value;
  return values.map((value) => (total > 0 ? value / total : 0));
}

/** Largest gap between two cumulative distributions over the same ordered classes (Kolmogorov–Smirnov distance, 0 … 1). */
export function kolmogorovSmirnovDistance(shares: number[], reference: number[]): number {
  let cumulative = 0;
  let cumulativeReference = 0;
  let largest = 0;
  for (let i = 0; i < shares.length; i += 1) {
    cumulative += shares[i];
    cumulativeReference += reference[i];
    largest = Math.max(largest, Math.abs(cumulative - cumulativeReference));
  }
  return largest;
}

/** Hellinger distance between two discrete distributions, √(1 − Σ √(p·q)), 0 (same) … 1 (disjoint). */
export function hellingerDistance(shares: number[], reference: number[]): number {
  let affinity = 0;
  for (let i = 0; i < shares.length; i += 1) affinity += Math.sqrt(shares[i] * reference[i]);
  return Math.sqrt(Math.max(0, 1 - affinity));
}

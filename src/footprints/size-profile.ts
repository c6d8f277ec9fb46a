import { SERIES_IDS, SIZE_SERIES, type SeriesId, upperBounds } from './size-classes.ts';

/**
 * A size-frequency profile: stones and carats per class of one series, dense (one entry per class
 * of the series, zeros included). Used for footprints (run-of-mine samples) and parcels alike.
 * Carats are floating point here: the statistics only compare shares; stored profiles keep exact
 * two-decimal strings and are converted at the repository boundary.
 */
export interface SizeProfile {
  series: SeriesId;
  stones: number[];
  carats: number[];
}

/** One class as written by a person or stored: `{ code: '+9', stones: 120, carats: 7.4 }`. */
export interface ProfileClassEntry {
  code: string;
  stones: number;
  carats: number;
}

export type ProfileProblem =
  | { problem: 'unknown_class'; code: string }
  | { problem: 'duplicate_class'; code: string }
  | { problem: 'negative_amount'; code: string }
  | { problem: 'carats_without_stones'; code: string }
  | { problem: 'empty_profile' };

/**
 * Reads the classes someone entered into a dense profile, or says what is wrong. Classes left out
 * count as zero.
 *
 * @example profileFromClasses('kp_bands', [{ code: 'sand', stones: 40, carats: 2.1 }])
 */
export function profileFromClasses(series: SeriesId, entries: ProfileClassEntry[]): { profile: SizeProfile } | ProfileProblem {
  const classes = SIZE_SERIES[series].classes;
  const stones = classes.map(() => 0);
  const carats = classes.map(() => 0);
  const seen = new Set<string>();
  for (const entry of entries) {
    const index = classes.findIndex((sizeClass) => sizeClass.code === entry.code);
    if (index < 0) return { problem: 'unknown_class', code: entry.code };
    if (seen.has(entry.code)) return { problem: 'duplicate_class', code: entry.code };
    seen.add(entry.code);
    if (!(entry.stones >= 0) || !(entry.carats >= 0) || !Number.isInteger(entry.stones)) return { problem: 'negative_amount', code: entry.code };
    if (entry.stones === 0 && entry.carats > 0) return { problem: 'carats_without_stones', code: entry.code };
    stones[index] = entry.stones;
    carats[index] = entry.carats;
  }
  if (stones.every((count) => count === 0)) return { problem: 'empty_profile' };
  return { profile: { series, stones, carats } };
}

/** The non-empty classes of a profile, as entries (the stored form). */
export function classesOfProfile(profile: SizeProfile): ProfileClassEntry[] {
  return SIZE_SERIES[profile.series].classes
    .map((sizeClass, index) => ({ code: sizeClass.code, stones: profile.stones[index], carats: profile.carats[index] }))
    .filter((entry) => entry.stones > 0);
}

export function totalOf(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * Counts on an arbitrary class grid, given by the upper bound (ct per stone) of each class;
 * the last bound is Infinity and the first class starts at 0. Counts may be fractional after
 * re-binning.
 */
export interface Binned {
  upper: number[];
  stones: number[];
  carats: number[];
}

const UPPER_BOUNDS = Object.fromEntries(SERIES_IDS.map((id) => [id, upperBounds(SIZE_SERIES[id])])) as Record<SeriesId, number[]>;

export function binnedOf(profile: SizeProfile): Binned {
  return { upper: UPPER_BOUNDS[profile.series], stones: profile.stones, carats: profile.carats };
}

/** Stones are never assumed lighter than this nor heavier than that when a class is open-ended. */
const LIGHTEST = 0.0005;
const HEAVIEST = 2000;
const SAME_BOUND = 0.02;

/**
 * Upper bounds that two grids share, to within 2 % (a sieve plate's carat equivalent rarely
 * lands exactly on a carat class bound). Merging both grids onto these needs no assumption
 * about how stones spread inside a class.
 */
export function sharedUpperBounds(a: number[], b: number[]): number[] {
  const shared: number[] = [];
  let j = 0;
  for (const bound of a) {
    if (!Number.isFinite(bound)) break;
    while (j < b.length && b[j] < bound * (1 - SAME_BOUND)) j += 1;
    if (j < b.length && Number.isFinite(b[j]) && Math.abs(b[j] - bound) <= bound * SAME_BOUND) shared.push(bound);
  }
  shared.push(Number.POSITIVE_INFINITY);
  return shared;
}

/** Sums the classes of `binned` onto `upper`, whose bounds must be (to within 2 %) bounds of `binned`. */
export function mergeOnto(binned: Binned, upper: number[]): Binned {
  const stones = upper.map(() => 0);
  const carats = upper.map(() => 0);
  let target = 0;
  binned.upper.forEach((bound, index) => {
    stones[target] += binned.stones[index];
    carats[target] += binned.carats[index];
    if (target < upper.length - 1 && bound >= upper[target] * (1 - SAME_BOUND)) target += 1;
  });
  return { upper, stones, carats };
}

/** Solves a·(e^t − 1)/t = mean (open top, mean > a) or a·(1 − e^−t)/t = mean (open bottom) for t by bisection. */
function logSpanForMean(bound: number, mean: number, openTop: boolean): number {
  const meanOf = (t: number) => (openTop ? (bound * Math.expm1(t)) / t : (bound * -Math.expm1(-t)) / t);
  let low = 1e-9;
  let high = 20;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    const tooWide = openTop ? meanOf(middle) > mean : meanOf(middle) < mean;
    if (tooWide) high = middle;
    else low = middle;
  }
  return (low + high) / 2;
}

/** The weight range a class's stones are taken to span: its bounds, with open ends closed so that the class's mean stone weight comes out right. */
function effectiveRange(lower: number, upper: number, stones: number, carats: number): [number, number] {
  const mean = stones > 0 ? carats / stones : 0;
  let low = lower;
  let high = upper;
  if (!Number.isFinite(high)) {
    high = mean > low * 1.0001 ? low * Math.exp(logSpanForMean(low, mean, true)) : low * 2;
    high = Math.min(Math.max(high, low * 1.0001), HEAVIEST);
  }
  if (low <= 0) {
    low = mean > 0 && mean < high * 0.9999 ? high * Math.exp(-logSpanForMean(high, mean, false)) : high / 2;
    low = Math.max(Math.min(low, high * 0.9999), LIGHTEST);
  }
  return [low, Math.max(high, low)];
}

/**
 * Splits each class of `binned` over the classes of `upper`. Assumption (stated in
 * docs/footprints.md): inside a class, stone weights are log-uniform, so a class's stones spread
 * in proportion to the log-width of each overlap and its carats in proportion to the linear
 * width; an open-ended class is closed where its mean stone weight says.
 */
export function rebinOnto(binned: Binned, upper: number[]): Binned {
  const stones = upper.map(() => 0);
  const carats = upper.map(() => 0);
  for (let source = 0; source < binned.upper.length; source += 1) {
    const count = binned.stones[source];
    const weight = binned.carats[source];
    if (count === 0 && weight === 0) continue;
    const [low, high] = effectiveRange(source === 0 ? 0 : binned.upper[source - 1], binned.upper[source], count, weight);
    const logWidth = Math.log(high / low);
    const width = high - low;
    let placed = false;
    for (let target = 0; target < upper.length; target += 1) {
      const targetLow = target === 0 ? 0 : upper[target - 1];
      const targetHigh = upper[target];
      if (logWidth === 0) {
        if (low >= targetLow && low < targetHigh && !placed) {
          stones[target] += count;
          carats[target] += weight;
          placed = true;
        }
        continue;
      }
      const overlapLow = Math.max(low, targetLow);
      const overlapHigh = Math.min(high, targetHigh);
      if (overlapHigh <= overlapLow) continue;
      stones[target] += (count * Math.log(overlapHigh / overlapLow)) / logWidth;
      carats[target] += (weight * (overlapHigh - overlapLow)) / width;
    }
  }
  return { upper, stones, carats };
}

/**
 * Puts a parcel and a footprint on one grid: the series itself when both use it; else the bounds
 * they share when there are at least three classes; else the coarser of the two grids, with the
 * finer profile re-binned (`rebinned: true`: the comparison then leans on the log-uniform assumption).
 */
export function commonGrid(parcel: SizeProfile, footprint: SizeProfile): { parcel: Binned; footprint: Binned; rebinned: boolean } {
  const parcelBinned = binnedOf(parcel);
  const footprintBinned = binnedOf(footprint);
  if (parcel.series === footprint.series) return { parcel: parcelBinned, footprint: footprintBinned, rebinned: false };
  const shared = sharedUpperBounds(parcelBinned.upper, footprintBinned.upper);
  if (shared.length >= 3) return { parcel: mergeOnto(parcelBinned, shared), footprint: mergeOnto(footprintBinned, shared), rebinned: false };
  if (parcelBinned.upper.length <= footprintBinned.upper.length) {
    return { parcel: parcelBinned, footprint: rebinOnto(footprintBinned, parcelBinned.upper), rebinned: true };
  }
  return { parcel: rebinOnto(parcelBinned, footprintBinned.upper), footprint: footprintBinned, rebinned: true };
}

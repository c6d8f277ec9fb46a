import type { FootprintThresholds } from '../config.ts';
import { binnedOf, commonGrid, rebinOnto, totalOf, type SizeProfile } from './size-profile.ts';
import {
  chiSquareTest,
  gTest,
  hellingerDistance,
  kolmogorovSmirnovDistance,
  mergeForExpected,
  sharesOf,
  type TestResult,
} from './statistics.ts';

export const FOOTPRINT_VERDICTS = ['consistent', 'inconsistent', 'insufficient_data'] as const;
export type FootprintVerdict = (typeof FOOTPRINT_VERDICTS)[number];

/** Why a verdict came out as it did; each reason is a key the SPA and the PDF translate. */
export const FOOTPRINT_REASONS = [
  'parcel_too_few_stones',
  'parcel_too_few_carats',
  'footprint_too_few_stones',
  'too_few_classes',
  'stone_counts_differ',
  'carat_distribution_differs',
  'rebinned_across_series',
] as const;
export type FootprintReason = (typeof FOOTPRINT_REASONS)[number];

/** One class of the grid the comparison ran on, for the chart and the report. */
export interface ComparedClass {
  minCarats: number;
  maxCarats: number | null;
  parcelStones: number;
  /** Stones the parcel would hold in this class if it had the footprint's distribution. */
  expectedStones: number;
  parcelCaratShare: number;
  footprintCaratShare: number;
}

export interface FootprintComparison {
  verdict: FootprintVerdict;
  reasons: FootprintReason[];
  parcelStones: number;
  parcelCarats: number;
  footprintStones: number;
  /** True when the two profiles were on different series and one was re-binned (docs/footprints.md). */
  rebinned: boolean;
  grid: ComparedClass[];
  /** Classes left after merging for small expected counts. */
  testedClasses: number;
  chiSquare: TestResult | null;
  gTest: TestResult | null;
  /** The p-value of the configured test (`thresholds.test`). */
  pValue: number | null;
  kolmogorovSmirnov: number;
  hellinger: number;
  /** Kullback–Leibler divergence of the parcel's stone counts from the footprint's, nats per stone; what the ranking sorts by. */
  divergence: number;
}

/** Footprint stones added to every class of the parcel's grid before the divergence is taken, so that a class the footprint never saw costs a finite amount. */
const PSEUDO_STONES = 0.5;

/**
 * Kullback–Leibler divergence D(parcel ‖ footprint) on the parcel's own grid — the mean
 * log-likelihood ratio per stone. The parcel drawn from a footprint minimises it in expectation,
 * and one grid for every footprint keeps the ranking fair.
 */
export function divergenceFromFootprint(parcel: SizeProfile, footprint: SizeProfile): number {
  const parcelBinned = binnedOf(parcel);
  const onParcelGrid = parcel.series === footprint.series ? binnedOf(footprint) : rebinOnto(binnedOf(footprint), parcelBinned.upper);
  const parcelTotal = totalOf(parcelBinned.stones);
  const footprintTotal = totalOf(onParcelGrid.stones) + PSEUDO_STONES * onParcelGrid.stones.length;
  if (parcelTotal === 0) return 0;
  let divergence = 0;
  for (let i = 0; i < parcelBinned.stones.length; i += 1) {
    const share = parcelBinned.stones[i] / parcelTotal;
    if (share === 0) continue;
    divergence += share * Math.log(share / ((onParcelGrid.stones[i] + PSEUDO_STONES) / footprintTotal));
  }
  return divergence;
}

/**
 * Compares a parcel's size-frequency profile with one footprint: a goodness-of-fit test on stone
 * counts per class (classes merged until each expects `minExpectedStones`), the Kolmogorov–Smirnov
 * and Hellinger distances on carat shares, and a verdict. "Inconsistent" needs both a significant
 * test and a distance above its threshold: with thousands of stones a test alone rejects
 * differences too small to matter (docs/footprints.md).
 *
 * @example compareParcel(parcel, footprint, config.footprint).verdict // 'consistent'
 */
export function compareParcel(parcel: SizeProfile, footprint: SizeProfile, thresholds: FootprintThresholds): FootprintComparison {
  const grid = commonGrid(parcel, footprint);
  const parcelStones = totalOf(grid.parcel.stones);
  const parcelCarats = totalOf(parcel.carats);
  const footprintStones = totalOf(footprint.stones);
  const footprintShares = sharesOf(grid.footprint.stones);
  const expected = footprintShares.map((share) => share * parcelStones);
  const parcelCaratShares = sharesOf(grid.parcel.carats);
  const footprintCaratShares = sharesOf(grid.footprint.carats);
  const kolmogorovSmirnov = kolmogorovSmirnovDistance(parcelCaratShares, footprintCaratShares);
  const hellinger = hellingerDistance(parcelCaratShares, footprintCaratShares);

  const reasons: FootprintReason[] = [];
  if (totalOf(parcel.stones) < thresholds.minParcelStones) reasons.push('parcel_too_few_stones');
  if (parcelCarats < thresholds.minParcelCarats) reasons.push('parcel_too_few_carats');
  if (footprintStones < thresholds.minFootprintStones) reasons.push('footprint_too_few_stones');

  const merged = mergeForExpected(grid.parcel.stones, expected, thresholds.minExpectedStones);
  const testable = merged.observed.length >= 2 && merged.expected.every((value) => value > 0);
  if (!testable) reasons.push('too_few_classes');
  const chiSquare = testable ? chiSquareTest(merged.observed, merged.expected) : null;
  const g = testable ? gTest(merged.observed, merged.expected) : null;
  const chosen = thresholds.test === 'chi_square' ? chiSquare : g;

  let verdict: FootprintVerdict;
  if (reasons.length > 0 || chosen === null) {
    verdict = 'insufficient_data';
  } else {
    const countsDiffer = chosen.pValue < thresholds.significance;
    const caratsDiffer = kolmogorovSmirnov > thresholds.maxKolmogorovSmirnov || hellinger > thresholds.maxHellinger;
    if (countsDiffer) reasons.push('stone_counts_differ');
    if (caratsDiffer) reasons.push('carat_distribution_differs');
    verdict = countsDiffer && caratsDiffer ? 'inconsistent' : 'consistent';
  }
  if (grid.rebinned) reasons.push('rebinned_across_series');

  return {
    verdict,
    reasons,
    parcelStones,
    parcelCarats,
    footprintStones,
    rebinned: grid.rebinned,
    grid: grid.parcel.upper.map((upper, index) => ({
      minCarats: index === 0 ? 0 : grid.parcel.upper[index - 1],
      maxCarats: Number.isFinite(upper) ? upper : null,
      parcelStones: grid.parcel.stones[index],
      expectedStones: expected[index],
      parcelCaratShare: parcelCaratShares[index],
      footprintCaratShare: footprintCaratShares[index],
    })),
    testedClasses: merged.observed.length,
    chiSquare,
    gTest: g,
    pValue: chosen?.pValue ?? null,
    kolmogorovSmirnov,
    hellinger,
    divergence: divergenceFromFootprint(parcel, footprint),
  };
}

export interface RankedFootprint<Key> {
  key: Key;
  rank: number;
  comparison: FootprintComparison;
}

/**
 * Compares a parcel with every footprint and ranks them, most similar first (smallest
 * divergence; ties by Hellinger distance).
 */
export function rankFootprints<Key>(
  parcel: SizeProfile,
  footprints: { key: Key; profile: SizeProfile }[],
  thresholds: FootprintThresholds,
): RankedFootprint<Key>[] {
  return footprints
    .map(({ key, profile }) => ({ key, comparison: compareParcel(parcel, profile, thresholds) }))
    .sort((a, b) => a.comparison.divergence - b.comparison.divergence || a.comparison.hellinger - b.comparison.hellinger)
    .map((entry, index) => ({ ...entry, rank: index + 1 }));
}

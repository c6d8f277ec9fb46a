import { seededRandom } from '../domain/seeded-random.ts';
import { classIndexForCarats, SIZE_SERIES, type SeriesId } from './size-classes.ts';
import type { SizeProfile } from './size-profile.ts';

/**
 * SYNTHETIC footprints for demonstrations and tests — not measurements of any real production.
 *
 * Model: the weight W (ct) of a run-of-mine stone from an area is log-normal, ln W ~ N(ln m, σ²),
 * with median m and shape σ per area. Log-normal size distributions are the usual first model
 * for diamond populations (Deakin & Boxer, "Argyle AK1 diamond size distribution: the use of
 * fine diamonds to predict the occurrence of commercial size diamonds", 1989; Chapman & Boxer
 * 2004, Lithos 76, on size-frequency modelling; both citations UNVERIFIED: not re-read here). The parameters below are invented to look plausible:
 * kimberlites yield many small stones (low median, wide spread); alluvial deposits are sorted
 * by rivers, which leaves larger, more uniform stones (higher median, narrower spread), and in
 * some West African gravels many small industrial stones.
 */
export interface SyntheticArea {
  key: string;
  participantCode: string;
  region: string;
  depositType: 'alluvial' | 'kimberlite';
  /** Median stone weight, carats. */
  medianCarats: number;
  /** Standard deviation of ln(weight). */
  sigma: number;
}

export const SYNTHETIC_AREAS: readonly SyntheticArea[] = [
  { key: 'BW-kimberlite', participantCode: 'BW', region: 'Central District (synthetic)', depositType: 'kimberlite', medianCarats: 0.02, sigma: 1.2 },
  { key: 'ZA-kimberlite', participantCode: 'ZA', region: 'Northern Cape (synthetic)', depositType: 'kimberlite', medianCarats: 0.05, sigma: 1.0 },
  { key: 'CF-west-alluvial', participantCode: 'CF', region: 'Western zone (synthetic)', depositType: 'alluvial', medianCarats: 0.3, sigma: 0.9 },
  { key: 'CF-east-alluvial', participantCode: 'CF', region: 'Eastern zone (synthetic)', depositType: 'alluvial', medianCarats: 0.12, sigma: 0.75 },
  { key: 'CI-alluvial', participantCode: 'CI', region: 'Séguéla (synthetic)', depositType: 'alluvial', medianCarats: 0.07, sigma: 0.7 },
  { key: 'GH-alluvial', participantCode: 'GH', region: 'Akwatia (synthetic)', depositType: 'alluvial', medianCarats: 0.025, sigma: 0.6 },
  { key: 'SL-alluvial', participantCode: 'SL', region: 'Kono (synthetic)', depositType: 'alluvial', medianCarats: 0.5, sigma: 1.1 },
  { key: 'AO-kimberlite', participantCode: 'AO', region: 'Lunda Sul (synthetic)', depositType: 'kimberlite', medianCarats: 0.1, sigma: 1.3 },
];

function standardNormal(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm away from 0
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Weights (ct) of `count` stones drawn from the area's model. */
export function sampleStones(area: Pick<SyntheticArea, 'medianCarats' | 'sigma'>, count: number, random: () => number): number[] {
  const stones: number[] = [];
  for (let i = 0; i < count; i += 1) stones.push(area.medianCarats * Math.exp(area.sigma * standardNormal(random)));
  return stones;
}

/** Counts and carats of stones per class of a series. */
export function profileOfStones(series: SeriesId, weights: number[]): SizeProfile {
  const sizeSeries = SIZE_SERIES[series];
  const stones = sizeSeries.classes.map(() => 0);
  const carats = sizeSeries.classes.map(() => 0);
  for (const weight of weights) {
    const index = classIndexForCarats(sizeSeries, weight);
    stones[index] += 1;
    carats[index] += weight;
  }
  return { series, stones, carats };
}

/**
 * A profile of `stones` stones drawn (seeded) from an area's model: a synthetic footprint when
 * `stones` is a run-of-mine sample size, a synthetic parcel otherwise.
 *
 * @example syntheticProfile(SYNTHETIC_AREAS[0], { stones: 5000, series: 'sieve', seed: 1 })
 */
export function syntheticProfile(
  area: Pick<SyntheticArea, 'medianCarats' | 'sigma'>,
  { stones, series, seed }: { stones: number; series: SeriesId; seed: number },
): SizeProfile {
  return profileOfStones(series, sampleStones(area, stones, seededRandom(seed)));
}

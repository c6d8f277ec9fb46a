/**
 * The size classes a footprint or a parcel profile is counted in: the diamond sieve plates
 * (+1 … +23) and carat-weight classes, all placed on one scale — carats per stone — so that
 * profiles measured on different series can be compared (KPCS-DOMAIN §8: in Ghana, differing
 * sieve series made a size-frequency diagram impossible).
 */

export const SERIES_IDS = ['sieve', 'kp_bands', 'carat_classes'] as const;
/** `sieve`: diamond sieve plates; `kp_bands`: sand / smalls / sizes; `carat_classes`: finer carat classes. */
export type SeriesId = (typeof SERIES_IDS)[number];

/** One class: stones retained in it weigh from `minCarats` (inclusive) to `maxCarats` (exclusive; null: no upper bound). */
export interface SizeClass {
  code: string;
  minCarats: number;
  maxCarats: number | null;
  /** Sieve classes only: the apertures (mm) of the plate that retains the stones and of the next larger plate. */
  minMm?: number;
  maxMm?: number | null;
}

export interface SizeSeries {
  id: SeriesId;
  classes: SizeClass[];
}

/** Density of diamond, mg per mm³ (3.52 g/cm³). */
const DIAMOND_MG_PER_MM3 = 3.52;
const MG_PER_CARAT = 200;

/**
 * Approximate weight (ct) of a rough stone that just fails to pass a round hole of `mm`.
 *
 * Assumption: the stone is a sphere of that diameter, ct = (π/6)·d³·3.52 mg/mm³ / 200 mg/ct
 * ≈ 0.009215·d³. UNVERIFIED: run-of-mine stones are octahedra, dodecahedra, macles and
 * irregular fragments, so a sphere is an upper bound; the melee chart in KPCS-DOMAIN [49]
 * (polished goods: "+9 −9.5" 2.3–2.4 mm ≈ 0.052 ct) gives roughly half of it. The comparison
 * only needs the conversion to be monotone and the same for parcel and footprint; it matters
 * only when the two were counted on different series.
 */
export function caratsForAperture(mm: number): number {
  return ((Math.PI / 6) * mm ** 3 * DIAMOND_MG_PER_MM3) / MG_PER_CARAT;
}

/** Inverse of {@link caratsForAperture}: the sphere diameter (mm) of a stone of `carats`. */
export function apertureForCarats(carats: number): number {
  return Math.cbrt((carats * MG_PER_CARAT * 6) / (Math.PI * DIAMOND_MG_PER_MM3));
}

/**
 * Hole diameters (mm) of diamond sieve plates +1 … +23. Plates +1 … +16 follow the sieve chart
 * in KPCS-DOMAIN [49] (lower edge of each "+n −n.5" class). Plates +17 … +23 are UNVERIFIED:
 * extrapolated at 0.2 mm per plate, the step of +7 … +16 in that chart.
 */
export const SIEVE_APERTURES_MM: readonly number[] = [
  1.15, 1.25, 1.35, 1.45, 1.55, 1.7, 1.9, 2.1, 2.3, 2.5, 2.7, 2.9, 3.1, 3.3, 3.5, 3.7,
  3.9, 4.1, 4.3, 4.5, 4.7, 4.9, 5.1,
];

function sieveSeries(): SizeSeries {
  const classes: SizeClass[] = [{ code: '-1', minCarats: 0, maxCarats: caratsForAperture(SIEVE_APERTURES_MM[0]), minMm: 0, maxMm: SIEVE_APERTURES_MM[0] }];
  SIEVE_APERTURES_MM.forEach((mm, index) => {
    const next = SIEVE_APERTURES_MM[index + 1];
    classes.push({
      code: `+${index + 1}`,
      minCarats: caratsForAperture(mm),
      maxCarats: next === undefined ? null : caratsForAperture(next),
      minMm: mm,
      maxMm: next ?? null,
    });
  });
  return { id: 'sieve', classes };
}

function caratSeries(id: SeriesId, bounds: number[], codes: string[]): SizeSeries {
  return {
    id,
    classes: codes.map((code, index) => ({ code, minCarats: index === 0 ? 0 : bounds[index - 1], maxCarats: bounds[index] ?? null })),
  };
}

/** The series, by id. Codes are what a profile's classes are keyed by. */
export const SIZE_SERIES: Readonly<Record<SeriesId, SizeSeries>> = {
  sieve: sieveSeries(),
  // the coarse bands of KPCS-DOMAIN §8 [50]: sand < 0.1 ct, smalls 0.1–1 ct, sizes > 1 ct
  kp_bands: caratSeries('kp_bands', [0.1, 1], ['sand', 'smalls', 'sizes']),
  carat_classes: caratSeries(
    'carat_classes',
    [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    ['-0.01', '0.01-0.02', '0.02-0.05', '0.05-0.1', '0.1-0.2', '0.2-0.5', '0.5-1', '1-2', '2-5', '5-10', '10+'],
  ),
};

/** Index of the class of `series` a stone of `carats` falls in. */
export function classIndexForCarats(series: SizeSeries, carats: number): number {
  const { classes } = series;
  let low = 0;
  let high = classes.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (carats >= classes[middle].minCarats) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The upper class bounds of a series in carats per stone (the last one is Infinity). */
export function upperBounds(series: SizeSeries): number[] {
  return series.classes.map((sizeClass) => sizeClass.maxCarats ?? Number.POSITIVE_INFINITY);
}

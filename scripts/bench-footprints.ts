// Footprint comparison (issue #7): one parcel against 200 footprints — every comparison (G-test,
// chi-square, Kolmogorov–Smirnov, Hellinger, divergence) and the ranking — median of many runs,
// pure computation (no database). Beside it, the same with every footprint on the parcel's own
// series (no re-binning), so the printed ratio shows what re-binning across series costs.
//
//   npm run bench -- footprints
//   node --import tsx scripts/bench-footprints.ts
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { rankFootprints } from '../src/footprints/compare-parcel.ts';
import type { SeriesId } from '../src/footprints/size-classes.ts';
import { SYNTHETIC_AREAS, syntheticProfile } from '../src/footprints/synthetic-model.ts';

const FOOTPRINTS = 200;
const RUNS = 501;
const WARM_UP = 50;
const GOAL_MS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function library(seriesOf: (index: number) => SeriesId) {
  return Array.from({ length: FOOTPRINTS }, (_, index) => {
    const area = SYNTHETIC_AREAS[index % SYNTHETIC_AREAS.length];
    // spread the areas a little so the 200 footprints are not 25 copies of 8
    const jitter = 1 + ((index * 37) % 17) / 100;
    return { key: index, profile: syntheticProfile({ medianCarats: area.medianCarats * jitter, sigma: area.sigma }, { stones: 5000, series: seriesOf(index), seed: 10_000 + index }) };
  });
}

function timeRanking(footprints: ReturnType<typeof library>): { medianMs: number; p95Ms: number } {
  const thresholds = loadConfig({}).footprint;
  const parcel = syntheticProfile(SYNTHETIC_AREAS[2], { stones: 800, series: 'sieve', seed: 1 });
  const times: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run += 1) {
    const started = performance.now();
    const ranking = rankFootprints(parcel, footprints, thresholds);
    const elapsed = performance.now() - started;
    if (ranking.length !== FOOTPRINTS) throw new Error('ranking lost footprints');
    if (run >= WARM_UP) times.push(elapsed);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)] };
}

export async function benchFootprints(): Promise<void> {
  // three in four footprints on sieve plates like the parcel, one in four in carat classes (re-binned)
  const mixed = timeRanking(library((index) => (index % 4 === 3 ? 'carat_classes' : 'sieve')));
  const sameSeries = timeRanking(library(() => 'sieve'));
  console.log(`\nFootprints: one parcel (800 stones, sieve plates) ranked against ${FOOTPRINTS} footprints, median of ${RUNS} runs after ${WARM_UP} warm-up`);
  console.log('footprints                              median ms   p95 ms');
  console.log(`${'mixed series (1 in 4 re-binned)'.padEnd(38)} ${mixed.medianMs.toFixed(3).padStart(10)} ${mixed.p95Ms.toFixed(3).padStart(8)}`);
  console.log(`${'same series (no re-binning)'.padEnd(38)} ${sameSeries.medianMs.toFixed(3).padStart(10)} ${sameSeries.p95Ms.toFixed(3).padStart(8)}`);
  console.log(`ratio mixed/same ${(mixed.medianMs / sameSeries.medianMs).toFixed(2)}x; goal median < ${GOAL_MS} ms: ${mixed.medianMs < GOAL_MS ? 'met' : 'NOT met'} (${(mixed.medianMs / GOAL_MS).toFixed(3)} of the goal)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchFootprints();

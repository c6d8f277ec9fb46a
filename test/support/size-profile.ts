import { classesOfProfile } from '../../src/footprints/size-profile.ts';
import { SYNTHETIC_AREAS, syntheticProfile } from '../../src/footprints/synthetic-model.ts';

/**
 * A parcel's size-frequency profile drawn (seeded) from the synthetic model of a participant's
 * first area, in the form a certificate draft's `sizeProfile` takes. The demo puts the Central
 * African Republic on the WGDE's list, so its certificates need one per parcel.
 */
export function parcelSizeProfile(participantCode: string, stones = 300, seed = 1) {
  const area = SYNTHETIC_AREAS.find((each) => each.participantCode === participantCode);
  if (!area) throw new Error(`no synthetic area for ${participantCode}`);
  const classes = classesOfProfile(syntheticProfile(area, { stones, series: 'sieve', seed })).map((entry) => ({ code: entry.code, stones: entry.stones, carats: entry.carats.toFixed(2) }));
  return { series: 'sieve' as const, classes };
}

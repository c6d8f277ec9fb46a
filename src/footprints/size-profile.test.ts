import { describe, expect, it } from 'vitest';
import { apertureForCarats, caratsForAperture, classIndexForCarats, SIZE_SERIES } from './size-classes.ts';
import { binnedOf, commonGrid, profileFromClasses, rebinOnto, sharedUpperBounds } from './size-profile.ts';

describe('size classes', () => {
  it('converts a sieve aperture to the weight of a round stone', () => {
    // sphere: (π/6)·2.3³ mm³ · 3.52 mg/mm³ / 200 mg/ct = 0.523599 · 12.167 · 0.0176 = 0.112123 ct
    expect(caratsForAperture(2.3)).toBeCloseTo(0.112123, 5);
    expect(apertureForCarats(caratsForAperture(4.1))).toBeCloseTo(4.1, 10);
  });

  it('numbers the sieve plates +1 … +23 below an open "−1" class, with increasing bounds', () => {
    const codes = SIZE_SERIES.sieve.classes.map((sizeClass) => sizeClass.code);
    expect(codes[0]).toBe('-1');
    expect(codes.at(-1)).toBe('+23');
    expect(codes).toHaveLength(24);
    const bounds = SIZE_SERIES.sieve.classes.map((sizeClass) => sizeClass.minCarats);
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
  });

  it('places stones in the KP bands sand, smalls and sizes', () => {
    const bands = SIZE_SERIES.kp_bands;
    expect(bands.classes[classIndexForCarats(bands, 0.05)].code).toBe('sand');
    expect(bands.classes[classIndexForCarats(bands, 0.1)].code).toBe('smalls');
    expect(bands.classes[classIndexForCarats(bands, 12)].code).toBe('sizes');
  });
});

describe('profiles', () => {
  it('reads entered classes into a dense profile, unknown and duplicate classes refused', () => {
    const read = profileFromClasses('kp_bands', [{ code: 'smalls', stones: 3, carats: 1.2 }]);
    expect(read).toEqual({ profile: { series: 'kp_bands', stones: [0, 3, 0], carats: [0, 1.2, 0] } });
    expect(profileFromClasses('kp_bands', [{ code: '+9', stones: 1, carats: 1 }])).toEqual({ problem: 'unknown_class', code: '+9' });
    expect(
      profileFromClasses('kp_bands', [
        { code: 'sand', stones: 1, carats: 0.05 },
        { code: 'sand', stones: 1, carats: 0.05 },
      ]),
    ).toEqual({ problem: 'duplicate_class', code: 'sand' });
    expect(profileFromClasses('kp_bands', [{ code: 'sand', stones: 0, carats: 1 }])).toEqual({ problem: 'carats_without_stones', code: 'sand' });
    expect(profileFromClasses('kp_bands', [])).toEqual({ problem: 'empty_profile' });
  });

  it('merges fine carat classes onto the KP bands exactly, through their shared bounds', () => {
    // carat classes 1…11 stones: sand = classes below 0.1 ct (1+2+3+4), smalls (5+6+7), sizes (8+9+10+11)
    const stones = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const fine = { series: 'carat_classes' as const, stones, carats: stones.map((count) => count / 10) };
    const bands = { series: 'kp_bands' as const, stones: [10, 18, 38], carats: [1, 1.8, 3.8] };
    expect(sharedUpperBounds(binnedOf(fine).upper, binnedOf(bands).upper)).toEqual([0.1, 1, Number.POSITIVE_INFINITY]);
    const grid = commonGrid(fine, bands);
    expect(grid.rebinned).toBe(false);
    expect(grid.parcel.stones).toEqual([10, 18, 38]);
    expect(grid.parcel.carats.map((value) => Number(value.toFixed(6)))).toEqual([1, 1.8, 3.8]);
  });

  it('splits a class log-uniformly: stones by log-width, carats by linear width', () => {
    // [0.1, 1) ct with 10 stones and 5 ct, split at √0.1 = 0.316228: half the log-width each, so
    // 5 and 5 stones; carats (0.316228 − 0.1)/0.9 = 0.240253 of 5 ct = 1.201266 ct, the rest 3.798734 ct
    const split = rebinOnto({ upper: [0.1, 1, Infinity], stones: [0, 10, 0], carats: [0, 5, 0] }, [0.1, Math.sqrt(0.1), 1, Infinity]);
    expect(split.stones[1]).toBeCloseTo(5, 10);
    expect(split.stones[2]).toBeCloseTo(5, 10);
    expect(split.carats[1]).toBeCloseTo(1.201266, 5);
    expect(split.carats[2]).toBeCloseTo(3.798734, 5);
  });

  it('closes an open top class where its mean stone weight says', () => {
    // stones of [1, ∞) averaging e − 1 = 1.718282 ct span [1, e] under the log-uniform model
    // ((b − a)/ln(b/a) = e − 1 for a = 1, b = e); the share below 2 ct is ln 2 / ln e = 0.693147
    const split = rebinOnto({ upper: [1, Infinity], stones: [0, 10], carats: [0, 17.182818] }, [1, 2, Infinity]);
    expect(split.stones[1]).toBeCloseTo(6.93147, 4);
    expect(split.stones[2]).toBeCloseTo(3.06853, 4);
  });

  it('re-bins the finer profile onto the coarser grid when series share too few bounds', () => {
    const sieve = { series: 'sieve' as const, stones: SIZE_SERIES.sieve.classes.map(() => 10), carats: SIZE_SERIES.sieve.classes.map((c) => 10 * c.minCarats + 0.1) };
    const bands = { series: 'kp_bands' as const, stones: [100, 100, 40], carats: [5, 30, 60] };
    const grid = commonGrid(sieve, bands);
    expect(grid.rebinned).toBe(true);
    expect(grid.parcel.upper).toEqual([0.1, 1, Number.POSITIVE_INFINITY]);
    expect(grid.parcel.stones.reduce((a, b) => a + b)).toBeCloseTo(240, 8);
  });
});

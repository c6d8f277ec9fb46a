import { describe, expect, it } from 'vitest';
import { nulCharacterPath } from './nul-characters.ts';

describe('nulCharacterPath', () => {
  it('names the field holding a NUL character, in values and in keys', () => {
    expect(nulCharacterPath({ name: 'Serowe', parcels: [{ note: 'a\u0000b' }] })).toEqual(['parcels', '0', 'note']);
    expect(nulCharacterPath({ 'bad\u0000key': 1 })).toEqual(['bad\u0000key']);
  });

  it('passes clean input, however deep it nests', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulCharacterPath(deep)).toBeNull();
    expect(nulCharacterPath({ name: 'مرحبا 💎', carats: '1.00', empty: null })).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode, multibaseDecode, multibaseEncode } from './encodings.ts';

describe('seal encodings', () => {
  it('matches the RFC 9285 Base45 examples', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(base45Encode(text('AB'))).toBe('BB8');
    expect(base45Encode(text('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(text('base-45'))).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(base45Decode('QED8WEX0'))).toBe('ietf!');
  });

  it('round-trips any bytes through Base45 and base58btc', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base45Decode(base45Encode(bytes))).toEqual(bytes);
        expect(multibaseDecode(multibaseEncode(bytes))).toEqual(bytes);
      }),
    );
  });

  it('refuses characters outside the alphabets', () => {
    expect(() => base45Decode('ab')).toThrow();
    expect(() => multibaseDecode('z0OIl')).toThrow();
  });
});

import { createHash, timingSafeEqual } from 'node:crypto';

/** Crockford Base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The short code printed on a certificate beside its number, for verification by typing
 * (`BW-2026-000042` + `7K3QD-M2XAF`). Derived from the signed seal, so nobody can compute it
 * without the issued certificate: 50 bits from SHA-256 of the seal text.
 */
export function securityCodeOf(seal: string): string {
  const digest = createHash('sha256').update(`kimberlite-security-code:${seal}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 10; i++) code += CROCKFORD[Number((bits >> BigInt(51 - 5 * (i + 1))) & 31n)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Normalises what a person typed: case, spaces, hyphens, and the look-alikes O→0, I/L→1. */
export function normaliseSecurityCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function securityCodeMatches(seal: string, typed: string): boolean {
  const expected = Buffer.from(normaliseSecurityCode(securityCodeOf(seal)));
  const given = Buffer.from(normaliseSecurityCode(typed));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

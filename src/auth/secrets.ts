import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export const TOKEN_PREFIX = 'klt_';

/** API tokens read `klt_<token id>.<secret>`; only the secret's hash is stored. */
export function formatApiToken(id: string, secret: string): string {
  return `${TOKEN_PREFIX}${id}.${secret}`;
}

export function parseApiToken(value: string): { id: string; secret: string } | null {
  const match = /^klt_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value);
  return match ? { id: match[1], secret: match[2] } : null;
}

import fs from 'node:fs';
import path from 'node:path';
import { buildTrustList } from '../certificates/trust-list.ts';
import type { Deps } from '../deps.ts';
import type { TrustList } from './verifier.ts';

/** Where `kimberlite serve` leaves the trust list for offline verification: `<data dir>/trust-list.json`. */
export function trustListFileIn(dataDir: string): string {
  return path.join(dataDir, 'trust-list.json');
}

/**
 * Writes the current signed trust list (the body of `GET /api/trust-list`) to `file`, through a
 * temporary file and a rename, so a verifier reading it never sees half a list.
 */
export async function writeTrustListFile(deps: Deps, file: string): Promise<TrustList> {
  const trustList = await buildTrustList(deps);
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temporary, `${JSON.stringify(trustList, null, 2)}\n`);
  await fs.promises.rename(temporary, file);
  return trustList;
}

/** A trust list read from disk: the list, `missing`, or `malformed` when it is not a Kimberlite trust list. */
export function readTrustListFile(file: string): { ok: true; trustList: TrustList } | { ok: false; problem: 'missing' | 'malformed' } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { ok: false, problem: 'missing' };
  }
  try {
    const value = JSON.parse(text) as TrustList;
    const shaped =
      value?.type === 'KimberliteTrustList' &&
      Array.isArray(value.keys) &&
      typeof value.participants === 'object' &&
      typeof value.proof?.kid === 'string' &&
      typeof value.proof?.signature === 'string';
    return shaped ? { ok: true, trustList: { ...value, fraudulentNumbers: value.fraudulentNumbers ?? [] } } : { ok: false, problem: 'malformed' };
  } catch {
    return { ok: false, problem: 'malformed' };
  }
}

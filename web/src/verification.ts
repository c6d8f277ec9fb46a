import { sealTextFrom, trustListSignatureHolds, verifyCertificate } from '../../src/verification/verifier.ts';
import { api, ApiError, type TrustList, type VerificationResult } from './api.ts';

export { sealTextFrom };

const STORAGE_KEY = 'kimberlite.trustList';

export type TrustListState =
  | { list: TrustList; fresh: true }
  /** The server could not be reached (or sent a list that failed its signature): the copy kept from an earlier visit. */
  | { list: TrustList; fresh: false; why: 'offline' | 'bad_signature' }
  | { list: null; why: 'offline' | 'bad_signature' | 'insecure_context' };

/**
 * WebCrypto (Ed25519) exists only in a secure context (https or localhost). Without it every
 * signature would look broken, so offline verification is not attempted at all.
 */
export function offlineVerificationPossible(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

function storedTrustList(): TrustList | null {
  try {
    const text = window.localStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    const stored = JSON.parse(text) as { issuedAt?: string; list?: TrustList };
    return stored.list && typeof stored.list.issuedAt === 'string' ? stored.list : null;
  } catch {
    return null;
  }
}

function storeTrustList(list: TrustList): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ issuedAt: list.issuedAt, list }));
  } catch {
    // storage full or private mode: the list still serves this visit
  }
}

/**
 * The trust list for offline verification: fetched from the register and checked against its
 * own signature, then kept in localStorage; without the network, the kept copy (whose age the
 * page shows: an offline verdict is only as fresh as the list).
 */
export async function loadTrustList(): Promise<TrustListState> {
  if (!offlineVerificationPossible()) return { list: null, why: 'insecure_context' };
  const kept = storedTrustList();
  let fetched: TrustList;
  try {
    fetched = await api<TrustList>('/api/trust-list');
  } catch {
    return kept ? { list: kept, fresh: false, why: 'offline' } : { list: null, why: 'offline' };
  }
  if (!(await trustListSignatureHolds(fetched))) {
    return kept ? { list: kept, fresh: false, why: 'bad_signature' } : { list: null, why: 'bad_signature' };
  }
  // never replace a kept list by an older one (a replayed answer)
  if (kept && kept.issuedAt > fetched.issuedAt) return { list: kept, fresh: true };
  storeTrustList(fetched);
  return { list: fetched, fresh: true };
}

/** The same verifier as the server's, in the browser, against the trust list only. */
export function verifyOffline(text: string, trustList: TrustList): Promise<VerificationResult> {
  return verifyCertificate({ text }, { trustList, now: new Date() });
}

/** The register's verdict (adds register, status, receipt and fraud checks); null when the server cannot be reached. */
export async function verifyWithRegister(text: string): Promise<VerificationResult | null> {
  try {
    return await api<VerificationResult>('/api/verify', { method: 'POST', body: { qr: text } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NETWORK_ERROR') return null;
    throw error;
  }
}

/** Whole days between two moments, for "the trust list is 3 days old". */
export function ageInDays(iso: string, now = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000));
}

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';
import type { CertificateContent } from './certificate-content.ts';
import { fromSealPayload, SEAL_PREFIX, toSealPayload, type SealPayload } from './seal-payload.ts';
import { canonicalBytes } from './credential.ts';
import { base45Decode, base45Encode } from './encodings.ts';
import { signBytes, verifyBytes } from './signing-keys.ts';

/**
 * The QR seal: every Annex I field in a compact JSON payload, signed with the authority's
 * Ed25519 key, so the QR alone proves the certificate offline. Format (docs/certificate-format.md):
 *
 *   "KPC1:" + Base45( DEFLATE-raw( UTF-8( JCS( { "p": payload, "s": base64url(signature) } ) ) ) )
 *   signature = Ed25519( JCS(payload) ), key = trust-list key whose kid is payload.k
 */
export function makeSeal(content: CertificateContent, kid: string, privateKey: KeyObject): string {
  const payload = toSealPayload(content, kid);
  const signature = signBytes(canonicalBytes(payload), privateKey);
  const envelope = canonicalBytes({ p: payload, s: signature.toString('base64url') });
  return SEAL_PREFIX + base45Encode(deflateRawSync(envelope, { level: 9 }));
}

export type OpenedSeal =
  | { ok: true; payload: SealPayload; signature: Buffer; content: CertificateContent }
  | { ok: false; reason: 'not_a_seal' | 'malformed' };

/** Decodes a seal without checking its signature (that needs the trust list). Never throws. */
export function openSeal(text: string): OpenedSeal {
  const trimmed = text.trim();
  if (!trimmed.startsWith(SEAL_PREFIX)) return { ok: false, reason: 'not_a_seal' };
  try {
    const envelope = JSON.parse(inflateRawSync(base45Decode(trimmed.slice(SEAL_PREFIX.length)), { maxOutputLength: 64 * 1024 }).toString('utf8'));
    const payload = envelope.p as SealPayload;
    if (payload?.v !== 1 || typeof envelope.s !== 'string') return { ok: false, reason: 'malformed' };
    return { ok: true, payload, signature: Buffer.from(envelope.s, 'base64url'), content: fromSealPayload(payload) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

/** True when the seal's signature verifies with `publicKey` (the trust-list key named by payload.k). */
export function sealSignatureHolds(opened: Extract<OpenedSeal, { ok: true }>, publicKey: string): boolean {
  return verifyBytes(canonicalBytes(opened.payload), opened.signature, publicKey);
}

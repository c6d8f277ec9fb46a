import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';
import { CertificateContentSchema, KPCS_STATEMENT, type CertificateContent } from './certificate-content.ts';
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
export const SEAL_PREFIX = 'KPC1:';
export const SEAL_MAX_LENGTH = 1200;

const PURPOSE_CODES = { commercial: 'c', technical_research_samples: 'r', technical_seized_goods: 's' } as const;

export interface SealPayload {
  v: 1;
  k: string;
  n: string;
  ip: string;
  it: string | null;
  dp: string;
  au: [string, string];
  ex: [string, string, string];
  im: [string, string, string];
  o: string[];
  mx: 0 | 1;
  id: string;
  xd: string;
  p: [string, string, string][];
  pc: number;
  tc: string;
  tv: string;
  sl: string[];
  tr: string[];
  pu: 'c' | 'r' | 's';
  vb: string;
  rp: string | null;
}

export function toSealPayload(content: CertificateContent, kid: string): SealPayload {
  return {
    v: 1,
    k: kid,
    n: content.number,
    ip: content.issuingParticipant,
    it: content.issuingTerritory,
    dp: content.importingParticipant,
    au: [content.issuingAuthority.name, content.issuingAuthority.address],
    ex: [content.exporter.name, content.exporter.address, content.exporter.licence],
    im: [content.importer.name, content.importer.address, content.importer.licence],
    o: content.origin.countries,
    mx: content.origin.mixed ? 1 : 0,
    id: content.issueDate,
    xd: content.expiryDate,
    p: content.parcels.map((parcel) => [parcel.hsCode, parcel.carats, parcel.valueUsd]),
    pc: content.parcelCount,
    tc: content.totals.carats,
    tv: content.totals.valueUsd,
    sl: content.seals,
    tr: content.transitCountries,
    pu: PURPOSE_CODES[content.purpose],
    vb: content.validatedBy,
    rp: content.replaces,
  };
}

export function fromSealPayload(payload: SealPayload): CertificateContent {
  const purpose = (Object.entries(PURPOSE_CODES).find(([, code]) => code === payload.pu)?.[0] ?? 'commercial') as CertificateContent['purpose'];
  return CertificateContentSchema.parse({
    number: payload.n,
    title: 'Kimberley Process Certificate',
    statement: KPCS_STATEMENT,
    issuingParticipant: payload.ip,
    issuingTerritory: payload.it,
    importingParticipant: payload.dp,
    issuingAuthority: { name: payload.au[0], address: payload.au[1] },
    exporter: { name: payload.ex[0], address: payload.ex[1], licence: payload.ex[2] },
    importer: { name: payload.im[0], address: payload.im[1], licence: payload.im[2] },
    origin: { countries: payload.o, mixed: payload.mx === 1 },
    issueDate: payload.id,
    expiryDate: payload.xd,
    parcels: payload.p.map(([hsCode, carats, valueUsd]) => ({ hsCode, carats, valueUsd })),
    parcelCount: payload.pc,
    totals: { carats: payload.tc, valueUsd: payload.tv },
    seals: payload.sl,
    transitCountries: payload.tr,
    purpose,
    validatedBy: payload.vb,
    replaces: payload.rp,
  });
}

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

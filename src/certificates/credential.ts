import { createHash, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CertificateContent } from './certificate-content.ts';
import { multibaseDecode, multibaseEncode } from './encodings.ts';
import { signBytes, verifyBytes } from './signing-keys.ts';

export const CREDENTIAL_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://kimberlite.example/ns/kpcs/v1'];

export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-jcs-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

export interface CertificateCredential {
  '@context': string[];
  type: ['VerifiableCredential', 'KimberleyProcessCertificate'];
  id: string;
  issuer: { id: string; name: string };
  validFrom: string;
  validUntil: string;
  credentialSubject: CertificateContent;
  proof?: DataIntegrityProof;
}

export function verificationMethodOf(kid: string): string {
  return `urn:kimberlite:key:${kid}`;
}

export function kidOf(verificationMethod: string): string | null {
  return verificationMethod.startsWith('urn:kimberlite:key:') ? verificationMethod.slice('urn:kimberlite:key:'.length) : null;
}

/** RFC 8785 canonical JSON as bytes. */
export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** eddsa-jcs-2022: SHA-256(JCS(proof options with @context)) ‖ SHA-256(JCS(unsecured document)). */
function hashData(unsecured: Omit<CertificateCredential, 'proof'>, options: Omit<DataIntegrityProof, 'proofValue'>): Buffer {
  return Buffer.concat([sha256(canonicalBytes({ ...options, '@context': unsecured['@context'] })), sha256(canonicalBytes(unsecured))]);
}

export function buildCredential(content: CertificateContent, issuerName: string): Omit<CertificateCredential, 'proof'> {
  return {
    '@context': CREDENTIAL_CONTEXT,
    type: ['VerifiableCredential', 'KimberleyProcessCertificate'],
    id: `urn:kpc:${content.number}`,
    issuer: { id: `urn:kp:participant:${content.issuingParticipant}`, name: issuerName },
    validFrom: `${content.issueDate}T00:00:00Z`,
    validUntil: `${content.expiryDate}T23:59:59Z`,
    credentialSubject: content,
  };
}

/** Adds an eddsa-jcs-2022 Data Integrity proof made with the authority's key. */
export function signCredential(
  unsecured: Omit<CertificateCredential, 'proof'>,
  { kid, privateKey, created }: { kid: string; privateKey: KeyObject; created: Date },
): CertificateCredential {
  const options = {
    type: 'DataIntegrityProof' as const,
    cryptosuite: 'eddsa-jcs-2022' as const,
    created: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: verificationMethodOf(kid),
    proofPurpose: 'assertionMethod' as const,
  };
  const signature = signBytes(hashData(unsecured, options), privateKey);
  return { ...unsecured, proof: { ...options, proofValue: multibaseEncode(signature) } };
}

/** True when the proof verifies with `publicKey` (the key named by `proof.verificationMethod`). Never throws. */
export function credentialProofHolds(credential: CertificateCredential, publicKey: string): boolean {
  try {
    if (!credential.proof || credential.proof.cryptosuite !== 'eddsa-jcs-2022') return false;
    const { proofValue, ...options } = credential.proof;
    const { proof: _proof, ...unsecured } = credential;
    return verifyBytes(hashData(unsecured, options), multibaseDecode(proofValue), publicKey);
  } catch {
    return false;
  }
}

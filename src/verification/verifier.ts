import canonicalize from 'canonicalize';
import { inflateSync } from 'fflate';
import { CertificateContentSchema, type CertificateContent } from '../certificates/certificate-content.ts';
import { base45Decode, multibaseDecode } from '../certificates/encodings.ts';
import { fromSealPayload, SEAL_MAX_LENGTH, SEAL_PREFIX, type SealPayload } from '../certificates/seal-payload.ts';
import { GOOD_STANDING, statusOn, type DatePrecision, type ParticipantStatus } from '../domain/participant-status.ts';

/**
 * The one verifier. It runs unchanged in the server (`POST /api/verify`, the public `/verify`
 * page), in the CLI (`kimberlite verify`, offline) and in the staff app in the browser: it uses
 * only Web-standard APIs (WebCrypto Ed25519, TextEncoder) and pure-JS libraries (fflate, canonicalize,
 * zod), never Node's.
 *
 * It never throws on what it is given: every problem becomes a check with a reason code.
 */

export type CheckStatus = 'VALID' | 'INVALID' | 'UNKNOWN';

export const OFFLINE_CHECKS = ['format', 'signature', 'signing_key', 'issuer_standing', 'destination', 'expiry'] as const;
export const ONLINE_CHECKS = ['register', 'status', 'receipt', 'fraud_report'] as const;
/** `approval`: only for certificates of a zone-restricted issuer, which need the monitoring team's approval. */
export type CheckName = (typeof OFFLINE_CHECKS)[number] | (typeof ONLINE_CHECKS)[number] | 'security_code' | 'approval';

export interface Check {
  check: CheckName;
  status: CheckStatus;
  /** A stable reason code (`signature_valid`, `key_revoked`, `already_received`, …), translated by the caller. */
  reason: string;
  /** Values for the translated message (dates, numbers, participant codes). */
  params?: Record<string, string>;
}

export interface VerificationResult {
  verdict: CheckStatus;
  mode: 'online' | 'offline';
  verifiedAt: string;
  /** What was presented: the QR seal, the Verifiable Credential JSON, or a number looked up in the register. */
  form: 'seal' | 'credential' | 'register' | null;
  /** The certificate as the presented document states it (null when it could not be read). */
  certificate: CertificateContent | null;
  kid: string | null;
  checks: Check[];
  /** Checks that could not run without the network (offline mode). */
  needsNetwork: CheckName[];
  /** When the trust list used was issued: an offline result is only as fresh as it. */
  trustListIssuedAt: string | null;
}

export interface TrustListKey {
  kid: string;
  participant: string | null;
  scope: string;
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
}

export interface TrustList {
  type: 'KimberliteTrustList';
  version: 1;
  issuer: 'Kimberley Process register';
  issuedAt: string;
  registerKid: string;
  keys: TrustListKey[];
  /** Dated status history of every participant, so offline verifiers can judge standing on the issue date. */
  participants: Record<string, { status: string; effectiveOn: string }[]>;
  /** Certificate numbers confirmed as fraudulent: they fail verification everywhere, offline too. */
  fraudulentNumbers: string[];
  proof: { kid: string; signature: string };
}

/** What the register knows about a presented certificate (online verification only). */
export interface RegisterFacts {
  /** The register holds a certificate with this number. */
  found: boolean;
  /** Not found, and the issuer has not reached this serial for that year yet. */
  beyondIssuedRange: boolean;
  /** The presented content is exactly what the register holds for the number. */
  matchesRegister: boolean;
  status: 'issued' | 'voided' | 'replaced' | 'received' | null;
  replacedBy: string | null;
  received: { receivedOn: string; participant: string } | null;
  fraudulent: boolean;
  /** Open reports of suspicion against the number. */
  underInvestigation: boolean;
  /** Zone-restricted shipments: the monitoring team and where its approval stands; null or absent otherwise. */
  approval?: { body: string; state: 'pending' | 'approved' | 'refused' } | null;
}

export interface VerifyContext {
  trustList: TrustList;
  now: Date;
  /** Online mode: asks the register about the certificate. Absent offline. */
  lookup?: (certificate: CertificateContent) => Promise<RegisterFacts>;
}

export type VerifierInput = { text: string } | { credential: unknown };

const encoder = new TextEncoder();

/** RFC 8785 canonical JSON as UTF-8 bytes. */
function canonicalUtf8(value: unknown): Uint8Array<ArrayBuffer> {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return encoder.encode(text);
}

function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('invalid base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Seals are at most SEAL_MAX_LENGTH characters; twice that bounds what a hostile text can inflate to. */
const MAX_SEAL_TEXT = 2 * SEAL_MAX_LENGTH;

const publicKeys = new Map<string, Promise<CryptoKey>>();

function importPublicKey(x: string): Promise<CryptoKey> {
  let key = publicKeys.get(x);
  if (!key) {
    key = crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x }, { name: 'Ed25519' }, false, ['verify']);
    key.catch(() => publicKeys.delete(x));
    publicKeys.set(x, key);
  }
  return key;
}

/** Ed25519 verification with WebCrypto. Never throws: a malformed key or signature is not valid. */
export async function ed25519Verify(message: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>, x: string): Promise<boolean> {
  try {
    if (signature.length !== 64) return false;
    return await crypto.subtle.verify({ name: 'Ed25519' }, await importPublicKey(x), signature, message);
  } catch {
    return false;
  }
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * The seal text inside whatever was scanned or pasted: the bare `KPC1:…` text, or the
 * verification link printed in the QR (`…/verify?qr=KPC1%3A…`). Null when there is none.
 */
export function sealTextFrom(scanned: string): string | null {
  const text = scanned.trim();
  if (text.toUpperCase().startsWith(SEAL_PREFIX)) return SEAL_PREFIX + text.slice(SEAL_PREFIX.length);
  const match = /[?&#]qr=([^&#\s]+)/i.exec(text);
  if (!match) return null;
  try {
    const decoded = decodeURIComponent(match[1].replace(/\+/g, '%2B'));
    return decoded.startsWith(SEAL_PREFIX) ? decoded : null;
  } catch {
    return null;
  }
}

type Decoded =
  | { form: 'seal'; content: CertificateContent; kid: string; message: Uint8Array<ArrayBuffer>; signature: Uint8Array<ArrayBuffer> }
  | { form: 'credential'; content: CertificateContent; kid: string; credential: Record<string, unknown> & { proof: Record<string, string> } };

async function decodeSeal(text: string): Promise<Decoded | { problem: string }> {
  try {
    if (text.length > MAX_SEAL_TEXT) return { problem: 'malformed_seal' };
    const envelope = JSON.parse(new TextDecoder().decode(inflateSync(base45Decode(text.slice(SEAL_PREFIX.length)))));
    const payload = envelope?.p as SealPayload;
    if (payload?.v !== 1 || typeof envelope.s !== 'string' || typeof payload.k !== 'string') return { problem: 'unsupported_seal_version' };
    return { form: 'seal', content: fromSealPayload(payload), kid: payload.k, message: canonicalUtf8(payload), signature: base64urlDecode(envelope.s) };
  } catch {
    return { problem: 'malformed_seal' };
  }
}

function decodeCredential(value: unknown): Decoded | { problem: string } {
  if (typeof value !== 'object' || value === null) return { problem: 'not_a_certificate' };
  const credential = value as Record<string, unknown> & { proof?: Record<string, string> };
  const types = credential.type;
  if (!Array.isArray(types) || !types.includes('KimberleyProcessCertificate')) return { problem: 'not_a_certificate' };
  const proof = credential.proof;
  if (!proof || typeof proof !== 'object' || proof.cryptosuite !== 'eddsa-jcs-2022' || typeof proof.verificationMethod !== 'string') {
    return { problem: 'no_supported_proof' };
  }
  const parsed = CertificateContentSchema.safeParse(credential.credentialSubject);
  if (!parsed.success) return { problem: 'malformed_credential' };
  const kid = proof.verificationMethod.startsWith('urn:kimberlite:key:') ? proof.verificationMethod.slice('urn:kimberlite:key:'.length) : proof.verificationMethod;
  return { form: 'credential', content: parsed.data, kid, credential: credential as Record<string, unknown> & { proof: Record<string, string> } };
}

async function decode(input: VerifierInput): Promise<Decoded | { problem: string }> {
  if ('credential' in input) return decodeCredential(input.credential);
  const text = input.text.trim();
  if (text.startsWith('{')) {
    try {
      return decodeCredential(JSON.parse(text));
    } catch {
      return { problem: 'malformed_credential' };
    }
  }
  const seal = sealTextFrom(text);
  return seal ? decodeSeal(seal) : { problem: 'not_a_certificate' };
}

/** eddsa-jcs-2022 (W3C Data Integrity): SHA-256(JCS(options + @context)) ‖ SHA-256(JCS(document without proof)). */
async function credentialSignatureHolds(credential: Record<string, unknown> & { proof: Record<string, string> }, x: string): Promise<boolean> {
  try {
    const { proofValue, ...options } = credential.proof;
    const { proof: _proof, ...unsecured } = credential;
    const first = await sha256(canonicalUtf8({ ...options, '@context': unsecured['@context'] }));
    const second = await sha256(canonicalUtf8(unsecured));
    const hashData = new Uint8Array(64);
    hashData.set(first, 0);
    hashData.set(second, 32);
    return await ed25519Verify(hashData, multibaseDecode(proofValue) as Uint8Array<ArrayBuffer>, x);
  } catch {
    return false;
  }
}

const day = (iso: string) => iso.slice(0, 10);

function standingOn(trustList: TrustList, code: string, date: string): ParticipantStatus | null | undefined {
  const events = trustList.participants[code];
  if (!events) return undefined;
  const found = statusOn(
    events.map((event) => ({ status: event.status as ParticipantStatus, effectiveOn: event.effectiveOn, precision: 'day' as DatePrecision })),
    date,
  );
  return found?.status ?? null;
}

function keyCheck(key: TrustListKey | undefined, content: CertificateContent): Check {
  if (!key) return { check: 'signing_key', status: 'INVALID', reason: 'key_unknown' };
  if (key.participant !== content.issuingParticipant) {
    return { check: 'signing_key', status: 'INVALID', reason: 'key_not_of_issuer', params: { keyParticipant: key.participant ?? 'KP' } };
  }
  if (day(key.validFrom) > content.issueDate || (key.validUntil !== null && day(key.validUntil) < content.issueDate)) {
    return { check: 'signing_key', status: 'INVALID', reason: 'key_not_valid_on_issue_date', params: { validFrom: day(key.validFrom), validUntil: key.validUntil ? day(key.validUntil) : '' } };
  }
  if (key.revokedAt !== null) {
    if (day(key.revokedAt) <= content.issueDate) {
      return { check: 'signing_key', status: 'INVALID', reason: 'key_revoked', params: { revokedOn: day(key.revokedAt) } };
    }
    // Revoked later: a thief of the key could back-date; only the register can tell.
    return { check: 'signing_key', status: 'UNKNOWN', reason: 'key_revoked_after_issue', params: { revokedOn: day(key.revokedAt) } };
  }
  return { check: 'signing_key', status: 'VALID', reason: 'key_valid_on_issue_date' };
}

function overall(checks: Check[]): CheckStatus {
  if (checks.some((check) => check.status === 'INVALID')) return 'INVALID';
  if (checks.some((check) => check.status === 'UNKNOWN' && check.reason !== 'needs_network')) return 'UNKNOWN';
  return 'VALID';
}

/** Verifies a presented certificate: QR text (or the link in the QR), or the Verifiable Credential JSON. */
export async function verifyCertificate(input: VerifierInput, context: VerifyContext): Promise<VerificationResult> {
  const mode = context.lookup ? 'online' : 'offline';
  const base = { mode, verifiedAt: context.now.toISOString(), trustListIssuedAt: context.trustList.issuedAt } as const;
  const decoded = await decode(input);
  if ('problem' in decoded) {
    return { ...base, verdict: 'INVALID', form: null, certificate: null, kid: null, checks: [{ check: 'format', status: 'INVALID', reason: decoded.problem }], needsNetwork: [] };
  }
  const { content, kid } = decoded;
  const checks: Check[] = [{ check: 'format', status: 'VALID', reason: decoded.form === 'seal' ? 'seal_readable' : 'credential_readable' }];

  const key = context.trustList.keys.find((candidate) => candidate.kid === kid);
  if (!key) {
    checks.push({ check: 'signature', status: 'UNKNOWN', reason: 'key_unknown' });
  } else {
    const holds =
      decoded.form === 'seal'
        ? await ed25519Verify(decoded.message, decoded.signature, key.publicKeyJwk.x)
        : await credentialSignatureHolds(decoded.credential, key.publicKeyJwk.x);
    checks.push(holds ? { check: 'signature', status: 'VALID', reason: 'signature_valid' } : { check: 'signature', status: 'INVALID', reason: 'signature_mismatch' });
  }
  checks.push(keyCheck(key, content));

  const issuer = standingOn(context.trustList, content.issuingParticipant, content.issueDate);
  const zoneRestricted = issuer === 'zone_restricted' && content.originZone !== undefined;
  checks.push(
    zoneRestricted
      ? // Such a certificate stands only with the monitoring team's approval, which only the register knows.
        { check: 'issuer_standing', status: context.lookup ? 'VALID' : 'UNKNOWN', reason: 'issuer_zone_restricted', params: { participant: content.issuingParticipant, zone: content.originZone!.name, body: content.originZone!.monitoringTeam } }
      : issuer === undefined
      ? { check: 'issuer_standing', status: 'INVALID', reason: 'issuer_not_a_participant', params: { participant: content.issuingParticipant } }
      : issuer !== null && GOOD_STANDING.includes(issuer)
        ? { check: 'issuer_standing', status: 'VALID', reason: 'issuer_in_good_standing', params: { participant: content.issuingParticipant } }
        : { check: 'issuer_standing', status: 'INVALID', reason: 'issuer_not_in_good_standing', params: { participant: content.issuingParticipant, status: issuer ?? 'none' } },
  );

  const destination = standingOn(context.trustList, content.importingParticipant, content.issueDate);
  checks.push(
    // A zone-restricted destination is accepted only where the KP register allows it at issue (ZONE_RESTRICTED_MAY_IMPORT).
    destination === undefined || destination === null || !(GOOD_STANDING.includes(destination) || destination === 'zone_restricted')
      ? { check: 'destination', status: 'INVALID', reason: 'destination_not_a_participant', params: { participant: content.importingParticipant } }
      : { check: 'destination', status: 'VALID', reason: 'destination_is_participant', params: { participant: content.importingParticipant } },
  );

  const today = day(context.now.toISOString());
  checks.push(
    content.issueDate > today
      ? { check: 'expiry', status: 'INVALID', reason: 'issued_in_future', params: { issueDate: content.issueDate } }
      : content.expiryDate < today
        ? { check: 'expiry', status: 'INVALID', reason: 'expired', params: { expiryDate: content.expiryDate } }
        : { check: 'expiry', status: 'VALID', reason: 'not_expired', params: { expiryDate: content.expiryDate } },
  );

  const listedFraudulent = context.trustList.fraudulentNumbers?.includes(content.number) ?? false;
  const needsNetwork: CheckName[] = [];
  if (!context.lookup) {
    for (const check of ONLINE_CHECKS) {
      if (check === 'fraud_report' && listedFraudulent) {
        checks.push({ check, status: 'INVALID', reason: 'reported_fraudulent' });
        continue;
      }
      checks.push({ check, status: 'UNKNOWN', reason: 'needs_network' });
      needsNetwork.push(check);
    }
    if (content.originZone) {
      checks.push({ check: 'approval', status: 'UNKNOWN', reason: 'needs_network' });
      needsNetwork.push('approval');
    }
  } else {
    const facts = await context.lookup(content);
    checks.push(registerCheck(facts, content));
    if (facts.found) {
      if (key?.revokedAt && facts.matchesRegister) {
        const index = checks.findIndex((check) => check.check === 'signing_key');
        if (checks[index].status === 'UNKNOWN') checks[index] = { ...checks[index], status: 'VALID', reason: 'key_revoked_after_issue_register_confirms' };
      }
      checks.push(
        facts.status === 'voided'
          ? { check: 'status', status: 'INVALID', reason: 'voided' }
          : facts.status === 'replaced'
            ? { check: 'status', status: 'INVALID', reason: 'replaced', params: { replacedBy: facts.replacedBy ?? '' } }
            : { check: 'status', status: 'VALID', reason: 'in_force' },
      );
      if (facts.approval) checks.push(approvalCheck(facts.approval));
      checks.push(
        facts.received
          ? { check: 'receipt', status: 'INVALID', reason: 'already_received', params: { receivedOn: facts.received.receivedOn, participant: facts.received.participant } }
          : { check: 'receipt', status: 'VALID', reason: 'not_yet_received' },
      );
    } else {
      checks.push({ check: 'status', status: 'UNKNOWN', reason: 'not_in_register' }, { check: 'receipt', status: 'UNKNOWN', reason: 'not_in_register' });
    }
    checks.push(
      facts.fraudulent || listedFraudulent
        ? { check: 'fraud_report', status: 'INVALID', reason: 'reported_fraudulent' }
        : facts.underInvestigation
          ? { check: 'fraud_report', status: 'UNKNOWN', reason: 'under_investigation' }
          : { check: 'fraud_report', status: 'VALID', reason: 'no_reports' },
    );
  }
  return { ...base, verdict: overall(checks), form: decoded.form, certificate: content, kid, checks, needsNetwork };
}

function approvalCheck(approval: NonNullable<RegisterFacts['approval']>): Check {
  const params = { body: approval.body };
  if (approval.state === 'approved') return { check: 'approval', status: 'VALID', reason: 'approved_by_monitoring_team', params };
  if (approval.state === 'refused') return { check: 'approval', status: 'INVALID', reason: 'refused_by_monitoring_team', params };
  return { check: 'approval', status: 'INVALID', reason: 'awaiting_monitoring_team_approval', params };
}

function registerCheck(facts: RegisterFacts, content: CertificateContent): Check {
  if (!facts.found) {
    return facts.beyondIssuedRange
      ? { check: 'register', status: 'INVALID', reason: 'number_not_yet_issued', params: { number: content.number } }
      : { check: 'register', status: 'INVALID', reason: 'unknown_number', params: { number: content.number } };
  }
  return facts.matchesRegister
    ? { check: 'register', status: 'VALID', reason: 'matches_register' }
    : { check: 'register', status: 'INVALID', reason: 'differs_from_register' };
}

/** True when the trust list is signed by the register key it names (integrity of the list itself). */
export async function trustListSignatureHolds(trustList: TrustList): Promise<boolean> {
  try {
    const registerKey = trustList.keys.find((key) => key.kid === trustList.proof.kid && key.scope === 'register');
    if (!registerKey) return false;
    const { proof, ...body } = trustList;
    return await ed25519Verify(canonicalUtf8(body), multibaseDecode(proof.signature) as Uint8Array<ArrayBuffer>, registerKey.publicKeyJwk.x);
  } catch {
    return false;
  }
}

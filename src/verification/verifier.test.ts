import { describe, expect, it } from 'vitest';
import { sampleContent } from '../../test/support/sample-certificate.ts';
import { canonicalBytes } from '../certificates/credential.ts';
import { multibaseEncode } from '../certificates/encodings.ts';
import { makeSeal } from '../certificates/seal.ts';
import { generateSigningKey, signBytes } from '../certificates/signing-keys.ts';
import { sealTextFrom, trustListSignatureHolds, verifyCertificate, type TrustList, type TrustListKey } from './verifier.ts';

const authority = generateSigningKey();
const register = generateSigningKey();

function key(overrides: Partial<TrustListKey> = {}): TrustListKey {
  return {
    kid: 'BW-2026-01-01-test',
    participant: 'BW',
    scope: 'authority',
    publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: authority.publicKey },
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
    revokedAt: null,
    revocationReason: null,
    ...overrides,
  };
}

function trustList(keys: TrustListKey[], participants: TrustList['participants'] = {}): TrustList {
  const body = {
    type: 'KimberliteTrustList' as const,
    version: 1 as const,
    issuer: 'Kimberley Process register' as const,
    issuedAt: '2026-11-23T00:00:00.000Z',
    registerKid: 'KP-test',
    keys: [...keys, key({ kid: 'KP-test', participant: null, scope: 'register', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: register.publicKey } })],
    participants: { BW: [{ status: 'participant', effectiveOn: '2003-01-01' }], AE: [{ status: 'participant', effectiveOn: '2003-01-01' }], ...participants },
    fraudulentNumbers: [],
  };
  return { ...body, proof: { kid: 'KP-test', signature: multibaseEncode(signBytes(canonicalBytes(body), register.privateKey)) } };
}

const now = new Date('2026-11-24T10:00:00Z');
const seal = makeSeal(sampleContent(), 'BW-2026-01-01-test', authority.privateKey);
const checkOf = (result: Awaited<ReturnType<typeof verifyCertificate>>, name: string) => result.checks.find((check) => check.check === name);

describe('the verifier, offline', () => {
  it('standing is judged on the issue date: an issuer suspended then fails, a destination that is no participant fails', async () => {
    const suspended = await verifyCertificate({ text: seal }, { trustList: trustList([key()], { BW: [{ status: 'participant', effectiveOn: '2003-01-01' }, { status: 'suspended', effectiveOn: '2026-11-01' }] }), now });
    expect(checkOf(suspended, 'issuer_standing')).toMatchObject({ status: 'INVALID', reason: 'issuer_not_in_good_standing', params: { status: 'suspended' } });
    const laterSuspension = await verifyCertificate({ text: seal }, { trustList: trustList([key()], { BW: [{ status: 'participant', effectiveOn: '2003-01-01' }, { status: 'suspended', effectiveOn: '2026-12-01' }] }), now });
    expect(checkOf(laterSuspension, 'issuer_standing')?.status).toBe('VALID');
    const toNowhere = makeSeal(sampleContent({ importingParticipant: 'ZZ' }), 'BW-2026-01-01-test', authority.privateKey);
    expect(checkOf(await verifyCertificate({ text: toNowhere }, { trustList: trustList([key()]), now }), 'destination')?.reason).toBe('destination_not_a_participant');
  });

  it('a key is judged on the issue date: not yet valid, revoked before, or revoked only later (undecided offline)', async () => {
    const notYet = await verifyCertificate({ text: seal }, { trustList: trustList([key({ validFrom: '2026-12-01T00:00:00.000Z' })]), now });
    expect(checkOf(notYet, 'signing_key')?.reason).toBe('key_not_valid_on_issue_date');
    const revokedBefore = await verifyCertificate({ text: seal }, { trustList: trustList([key({ revokedAt: '2026-11-20T00:00:00.000Z' })]), now });
    expect(checkOf(revokedBefore, 'signing_key')?.reason).toBe('key_revoked');
    const revokedLater = await verifyCertificate({ text: seal }, { trustList: trustList([key({ revokedAt: '2026-11-24T00:00:00.000Z' })]), now });
    expect(checkOf(revokedLater, 'signing_key')).toMatchObject({ status: 'UNKNOWN', reason: 'key_revoked_after_issue' });
    expect(revokedLater.verdict).toBe('UNKNOWN');
  });

  it('a certificate presented before its issue date is refused', async () => {
    const result = await verifyCertificate({ text: seal }, { trustList: trustList([key()]), now: new Date('2026-11-01T00:00:00Z') });
    expect(checkOf(result, 'expiry')?.reason).toBe('issued_in_future');
  });

  it('the trust list’s own signature covers every key and status', async () => {
    const list = trustList([key()]);
    expect(await trustListSignatureHolds(list)).toBe(true);
    const swapped = { ...list, keys: list.keys.map((entry) => (entry.scope === 'authority' ? { ...entry, publicKeyJwk: { ...entry.publicKeyJwk, x: generateSigningKey().publicKey } } : entry)) };
    expect(await trustListSignatureHolds(swapped)).toBe(false);
    expect(await trustListSignatureHolds({ ...list, participants: {} })).toBe(false);
  });

  it('finds the seal in the link printed in the QR, or on its own', () => {
    const link = `https://kp.example.org/verify?qr=${encodeURIComponent(seal)}`;
    expect(sealTextFrom(link)).toBe(seal);
    expect(sealTextFrom(`  ${seal}\n`)).toBe(seal);
    expect(sealTextFrom('https://kp.example.org/verify')).toBeNull();
    expect(sealTextFrom('hello')).toBeNull();
  });
});

describe('the verifier, for a zone-restricted issuer', () => {
  const restricted = { BW: [{ status: 'participant', effectiveOn: '2003-01-01' }, { status: 'zone_restricted', effectiveOn: '2026-01-01' }] };
  const zoneSeal = makeSeal(sampleContent({ originZone: { name: 'Orapa', monitoringTeam: 'MT-BW' } }), 'BW-2026-01-01-test', authority.privateKey);

  it('cannot say valid offline: the approval is only in the register', async () => {
    const result = await verifyCertificate({ text: zoneSeal }, { trustList: trustList([key()], restricted), now });
    expect(checkOf(result, 'signature')?.status).toBe('VALID');
    expect(checkOf(result, 'issuer_standing')).toMatchObject({ status: 'UNKNOWN', reason: 'issuer_zone_restricted', params: { zone: 'Orapa', body: 'MT-BW' } });
    expect(checkOf(result, 'approval')).toMatchObject({ status: 'UNKNOWN', reason: 'needs_network' });
    expect(result.verdict).toBe('UNKNOWN');
  });

  it('refuses a zone-restricted issuer’s certificate that names no zone', async () => {
    const result = await verifyCertificate({ text: seal }, { trustList: trustList([key()], restricted), now });
    expect(checkOf(result, 'issuer_standing')).toMatchObject({ status: 'INVALID', reason: 'issuer_not_in_good_standing' });
  });
});

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateContent } from '../../src/certificates/certificate-content.ts';
import { canonicalBytes } from '../../src/certificates/credential.ts';
import { base45Decode, base45Encode } from '../../src/certificates/encodings.ts';
import { currentKey, revokeKey, signingKeyFor } from '../../src/certificates/key-repository.ts';
import { makeSeal } from '../../src/certificates/seal.ts';
import { SEAL_PREFIX } from '../../src/certificates/seal-payload.ts';
import { generateSigningKey, loadMasterKey } from '../../src/certificates/signing-keys.ts';
import { transact } from '../../src/deps.ts';
import { securityCodeOf } from '../../src/verification/security-code.ts';
import { verifyCertificate, type TrustList, type VerificationResult } from '../../src/verification/verifier.ts';
import { invalidateTrustList } from '../../src/verification/verify-online.ts';
import { issueThroughApi } from '../support/issue.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
let exporterBw: string;
let importerAe: string;
let chair: string;

beforeAll(async () => {
  ctx = await createTestApp();
  exporterBw = await loginAs(ctx.app, 'exporter.bw@demo.test');
  importerAe = await loginAs(ctx.app, 'importer.ae@demo.test');
  chair = await loginAs(ctx.app, 'chair@demo.test');
});
afterAll(async () => ctx?.close());

const verify = async (body: Record<string, unknown>): Promise<VerificationResult> => {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/verify', payload: body });
  expect(response.statusCode).toBe(200);
  return response.json();
};
const checkOf = (result: VerificationResult, name: string) => result.checks.find((check) => check.check === name);
const trustList = async (): Promise<TrustList> => (await ctx.app.inject({ method: 'GET', url: '/api/trust-list' })).json();

/** Re-encodes a seal with a changed payload but the original signature: what a forger editing the QR gets. */
function tamper(seal: string, change: (payload: Record<string, unknown>) => void): string {
  const envelope = JSON.parse(inflateRawSync(base45Decode(seal.slice(SEAL_PREFIX.length))).toString('utf8'));
  change(envelope.p);
  return SEAL_PREFIX + base45Encode(deflateRawSync(canonicalBytes(envelope)));
}

/** A seal signed with Botswana's real current key for content the register never issued (a stolen-key forgery). */
async function sealWithRealKey(content: CertificateContent): Promise<string> {
  const { row, privateKey } = await transact(ctx.deps, (tx) =>
    signingKeyFor(tx, { owner: 'BW', actor: 'test', masterKey: loadMasterKey(ctx.config), now: ctx.deps.now() }),
  );
  return makeSeal(content, row.kid, privateKey);
}

describe('verifying a genuine certificate', () => {
  it('is VALID online with every check passing, by QR text, by the link in the QR, by credential and by number + security code', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const byQr = await verify({ qr: certificate.seal });
    expect(byQr.verdict).toBe('VALID');
    expect(byQr.mode).toBe('online');
    expect(byQr.certificate?.number).toBe(certificate.number);
    expect(byQr.checks.map((check) => [check.check, check.status])).toEqual([
      ['format', 'VALID'],
      ['signature', 'VALID'],
      ['signing_key', 'VALID'],
      ['issuer_standing', 'VALID'],
      ['destination', 'VALID'],
      ['expiry', 'VALID'],
      ['register', 'VALID'],
      ['status', 'VALID'],
      ['receipt', 'VALID'],
      ['fraud_report', 'VALID'],
    ]);

    expect((await verify({ qr: certificate.links.verify })).verdict).toBe('VALID');
    expect((await verify({ credential: certificate.credential })).verdict).toBe('VALID');

    const byCode = await verify({ number: certificate.number, securityCode: securityCodeOf(certificate.seal).toLowerCase() });
    expect(byCode.verdict).toBe('VALID');
    expect(checkOf(byCode, 'security_code')?.reason).toBe('security_code_matches');
    const wrongCode = await verify({ number: certificate.number, securityCode: 'AAAAA-AAAAA' });
    expect(wrongCode.verdict).toBe('INVALID');
    expect(wrongCode.certificate).toBeNull();
    expect(checkOf(wrongCode, 'security_code')?.reason).toBe('security_code_mismatch');
  });

  it('offline, the same verifier passes the offline checks and names the checks that need the network', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const result = await verifyCertificate({ text: certificate.seal }, { trustList: await trustList(), now: new Date() });
    expect(result.mode).toBe('offline');
    expect(result.verdict).toBe('VALID');
    expect(result.needsNetwork).toEqual(['register', 'status', 'receipt', 'fraud_report']);
    expect(checkOf(result, 'receipt')).toMatchObject({ status: 'UNKNOWN', reason: 'needs_network' });
  });

  it('an expired certificate is INVALID: expired', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const later = new Date(Date.parse(`${certificate.expiryDate}T12:00:00Z`) + 86_400_000);
    const result = await verifyCertificate({ text: certificate.seal }, { trustList: await trustList(), now: later });
    expect(checkOf(result, 'expiry')).toMatchObject({ status: 'INVALID', reason: 'expired' });
  });
});

describe('counterfeits each get their own reason, and every failed check is logged', () => {
  it('a tampered field breaks the signature', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const forged = tamper(certificate.seal, (payload) => {
      payload.tc = '433.05';
    });
    const result = await verify({ qr: forged });
    expect(result.verdict).toBe('INVALID');
    expect(checkOf(result, 'signature')).toMatchObject({ status: 'INVALID', reason: 'signature_mismatch' });
    expect(result.certificate?.totals.carats).toBe('433.05');

    const credential = structuredClone(certificate.credential);
    credential.credentialSubject.importer.name = 'Someone Else Ltd';
    expect(checkOf(await verify({ credential }), 'signature')?.reason).toBe('signature_mismatch');
  });

  it('a seal signed with a key the trust list does not know, or with another participant’s key, is refused', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const stranger = generateSigningKey();
    const unknownKey = await verify({ qr: makeSeal(certificate.content, 'BW-2026-01-01-forged', stranger.privateKey) });
    expect(checkOf(unknownKey, 'signing_key')?.reason).toBe('key_unknown');
    expect(unknownKey.verdict).toBe('INVALID');

    const realKid = certificate.kid;
    const wrongKey = await verify({ qr: makeSeal(certificate.content, realKid, stranger.privateKey) });
    expect(checkOf(wrongKey, 'signature')?.reason).toBe('signature_mismatch');

    const za = await transact(ctx.deps, (tx) => signingKeyFor(tx, { owner: 'ZA', actor: 'test', masterKey: loadMasterKey(ctx.config), now: new Date() }));
    invalidateTrustList(ctx.deps);
    const otherIssuer = await verify({ qr: makeSeal(certificate.content, za.row.kid, za.privateKey) });
    expect(checkOf(otherIssuer, 'signature')?.status).toBe('VALID');
    expect(checkOf(otherIssuer, 'signing_key')).toMatchObject({ status: 'INVALID', reason: 'key_not_of_issuer' });
  });

  it('an unknown number inside the issued range and a number the issuer has not reached yet are told apart', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const year = certificate.number.slice(3, 7);
    const notReached = await verify({ qr: await sealWithRealKey({ ...certificate.content, number: `BW-${year}-900000` }) });
    expect(checkOf(notReached, 'signature')?.status).toBe('VALID');
    expect(checkOf(notReached, 'register')).toMatchObject({ status: 'INVALID', reason: 'number_not_yet_issued' });
    const unknown = await verify({ qr: await sealWithRealKey({ ...certificate.content, number: `BW-${year}-000000` }) });
    expect(checkOf(unknown, 'register')).toMatchObject({ status: 'INVALID', reason: 'unknown_number' });
    const altered = await verify({ qr: await sealWithRealKey({ ...certificate.content, totals: { ...certificate.content.totals, valueUsd: '1.00' } }) });
    expect(checkOf(altered, 'register')).toMatchObject({ status: 'INVALID', reason: 'differs_from_register' });
  });

  it('a voided certificate fails: voided', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const voided = await ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/void`, headers: { cookie: exporterBw }, payload: { reason: 'shipment cancelled' } });
    expect(voided.statusCode).toBe(200);
    const result = await verify({ qr: certificate.seal });
    expect(checkOf(result, 'status')).toMatchObject({ status: 'INVALID', reason: 'voided' });
  });

  it('a reused QR of a certificate already received fails: already_received', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const receipt = await ctx.app.inject({
      method: 'POST',
      url: `/api/certificates/${certificate.number}/receipt`,
      headers: { cookie: importerAe },
      payload: { receivedOn: certificate.issueDate, parcelCount: 2, carats: '4330.45', importerName: certificate.content.importer.name, exporterName: certificate.content.exporter.name, sealIntact: true },
    });
    expect(receipt.statusCode).toBe(201);
    const result = await verify({ qr: certificate.seal });
    expect(result.verdict).toBe('INVALID');
    expect(checkOf(result, 'receipt')).toMatchObject({ status: 'INVALID', reason: 'already_received', params: { participant: 'AE', receivedOn: certificate.issueDate } });
  });

  it('a revoked key: certificates signed on or after the revocation date fail', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    await transact(ctx.deps, async (tx) => {
      const key = await currentKey(tx, 'BW', new Date());
      await revokeKey(tx, { kid: key!.kid, actor: 'test', at: new Date(`${certificate.issueDate}T00:00:00Z`), reason: 'compromised' });
    });
    invalidateTrustList(ctx.deps);
    const result = await verify({ qr: certificate.seal });
    expect(checkOf(result, 'signing_key')).toMatchObject({ status: 'INVALID', reason: 'key_revoked' });
    expect(result.verdict).toBe('INVALID');
  });

  it('the issuer and the Chair see the failed attempts against its numbers; another participant does not', async () => {
    const mine = (await ctx.app.inject({ method: 'GET', url: '/api/verification-attempts', headers: { cookie: exporterBw } })).json();
    expect(mine.total).toBeGreaterThanOrEqual(5);
    const reasons = mine.items.flatMap((item: { reasons: string[] }) => item.reasons);
    for (const reason of ['signature:signature_mismatch', 'register:number_not_yet_issued', 'status:voided', 'receipt:already_received', 'security_code:security_code_mismatch']) {
      expect(reasons).toContain(reason);
    }
    expect(mine.items.every((item: { claimedIssuer: string }) => item.claimedIssuer === 'BW')).toBe(true);

    const chairView = (await ctx.app.inject({ method: 'GET', url: '/api/verification-attempts?participant=BW', headers: { cookie: chair } })).json();
    expect(chairView.total).toBe(mine.total);

    const exporterZa = await loginAs(ctx.app, 'exporter.za@demo.test');
    const theirs = await ctx.app.inject({ method: 'GET', url: '/api/verification-attempts?participant=BW', headers: { cookie: exporterZa } });
    expect(theirs.statusCode).toBe(404);
    const own = (await ctx.app.inject({ method: 'GET', url: '/api/verification-attempts', headers: { cookie: exporterZa } })).json();
    expect(own.items.some((item: { claimedIssuer: string }) => item.claimedIssuer === 'BW')).toBe(false);
  });
});

describe('garbage never raises an error', () => {
  it.each([
    ['plain text', { qr: 'hello' }, 'not_a_certificate'],
    ['a broken seal', { qr: 'KPC1:%%%%' }, 'malformed_seal'],
    ['JSON that is no certificate', { qr: '{"a":1}' }, 'not_a_certificate'],
  ])('%s gives a result with a reason', async (_label, body, reason) => {
    const result = await verify(body);
    expect(result.verdict).toBe('INVALID');
    expect(checkOf(result, 'format')?.reason).toBe(reason);
  });

  it('a request that is none of the three forms is a coded validation error', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/verify', payload: { qr: 'x', number: 'BW-2026-000001' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });
});

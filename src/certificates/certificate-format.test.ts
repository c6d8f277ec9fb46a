import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { credentialProofHolds, type CertificateCredential } from './credential.ts';
import { openSeal, sealSignatureHolds } from './seal.ts';
import { trustListSignatureHolds, verifyCertificate, type TrustList } from '../verification/verifier.ts';

const DOC = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/certificate-format.md'), 'utf8');

/** The fenced block right after `<!-- vector:name -->` in docs/certificate-format.md. */
function vector(name: string): string {
  const match = new RegExp(`<!-- vector:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  if (!match) throw new Error(`vector ${name} missing from docs/certificate-format.md`);
  return match[1];
}

describe('docs/certificate-format.md test vectors', () => {
  const publicKey = JSON.parse(vector('public-key')).x as string;

  it('the sample QR text verifies with the published key and decodes to the sample content', () => {
    const opened = openSeal(vector('seal'));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.payload.k).toBe(vector('kid'));
    expect(sealSignatureHolds(opened, publicKey)).toBe(true);
    expect(opened.content).toEqual(JSON.parse(vector('content')));
    expect(vector('seal').length).toBeLessThanOrEqual(1200);
  });

  it('the tampered QR text does not verify', () => {
    const opened = openSeal(vector('tampered-seal'));
    expect(opened.ok && sealSignatureHolds(opened, publicKey)).toBe(false);
  });

  it('the sample credential’s eddsa-jcs-2022 proof verifies, and fails once a field changes', () => {
    const credential = JSON.parse(vector('credential')) as CertificateCredential;
    expect(credentialProofHolds(credential, publicKey)).toBe(true);
    const changed = structuredClone(credential);
    changed.credentialSubject.totals.carats = '4330.46';
    expect(credentialProofHolds(changed, publicKey)).toBe(false);
  });

  it('the test-vector trust list is signed by its register key, lists the published key, and verifies the sample QR text offline', async () => {
    const trustList = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/test-vectors/trust-list.json'), 'utf8')) as TrustList;
    expect(await trustListSignatureHolds(trustList)).toBe(true);
    expect(trustList.keys.find((key) => key.kid === vector('kid'))?.publicKeyJwk.x).toBe(publicKey);
    const result = await verifyCertificate({ text: vector('seal') }, { trustList, now: new Date('2026-12-01T12:00:00Z') });
    expect(result.verdict).toBe('VALID');
    expect(result.certificate).toEqual(JSON.parse(vector('content')));
    const tampered = await verifyCertificate({ text: vector('tampered-seal') }, { trustList, now: new Date('2026-12-01T12:00:00Z') });
    expect(tampered.verdict).toBe('INVALID');
  });

  it('the published public key belongs to the published seed', async () => {
    const { createPrivateKey, createPublicKey } = await import('node:crypto');
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(vector('seed'), 'hex')]);
    const x = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x;
    expect(x).toBe(publicKey);
  });
});

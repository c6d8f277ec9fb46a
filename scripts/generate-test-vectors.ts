// Writes the test vectors of docs/certificate-format.md from fixed Ed25519 seeds, and the trust
// list that vouches for them (docs/test-vectors/trust-list.json, used by `kimberlite verify`).
// Run: node --import tsx scripts/generate-test-vectors.ts > /tmp/vectors.json
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCredential, canonicalBytes, signCredential } from '../src/certificates/credential.ts';
import { multibaseEncode } from '../src/certificates/encodings.ts';
import { makeSeal } from '../src/certificates/seal.ts';
import { signBytes } from '../src/certificates/signing-keys.ts';
import type { TrustList } from '../src/verification/verifier.ts';
import { sampleContent } from '../test/support/sample-certificate.ts';

function keyFromSeed(seed: Buffer): { x: string; privateKey: KeyObject } {
  const x = createPublicKey(createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' }))
    .export({ format: 'jwk' }).x as string;
  return { x, privateKey: createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x }, format: 'jwk' }) };
}

const seed = Buffer.alloc(32);
for (let i = 0; i < 32; i++) seed[i] = i + 1;
const { x, privateKey } = keyFromSeed(seed);
const kid = 'BW-2026-11-01-test01';
const content = sampleContent();
const seal = makeSeal(content, kid, privateKey);
const credential = signCredential(buildCredential(content, 'Botswana'), { kid, privateKey, created: new Date('2026-11-23T09:30:00Z') });
const tampered = seal.slice(0, 40) + (seal[40] === 'A' ? 'B' : 'A') + seal.slice(41);

// The register key of the vector trust list: seed bytes 33..64, for tests only as well.
const registerSeed = Buffer.alloc(32);
for (let i = 0; i < 32; i++) registerSeed[i] = i + 33;
const register = keyFromSeed(registerSeed);
const registerKid = 'KP-2026-11-01-test01';
const trustListBody: Omit<TrustList, 'proof'> = {
  type: 'KimberliteTrustList',
  version: 1,
  issuer: 'Kimberley Process register',
  issuedAt: '2026-11-23T09:00:00.000Z',
  registerKid,
  keys: [
    { kid: registerKid, participant: null, scope: 'register', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: register.x }, validFrom: '2026-11-01T00:00:00.000Z', validUntil: null, revokedAt: null, revocationReason: null },
    { kid, participant: 'BW', scope: 'authority', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x }, validFrom: '2026-11-01T00:00:00.000Z', validUntil: null, revokedAt: null, revocationReason: null },
  ],
  participants: {
    AE: [{ status: 'participant', effectiveOn: '2003-11-01' }],
    BW: [{ status: 'participant', effectiveOn: '2003-01-01' }],
  },
  fraudulentNumbers: [],
};
const trustList: TrustList = { ...trustListBody, proof: { kid: registerKid, signature: multibaseEncode(signBytes(canonicalBytes(trustListBody), register.privateKey)) } };
const trustListFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/test-vectors/trust-list.json');
fs.mkdirSync(path.dirname(trustListFile), { recursive: true });
fs.writeFileSync(trustListFile, `${JSON.stringify(trustList, null, 2)}\n`);

console.log(JSON.stringify({ privateKeySeedHex: seed.toString('hex'), publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x }, kid, content, seal, tampered, credential, trustList }, null, 2));

// Writes the test vectors of docs/certificate-format.md from a fixed Ed25519 seed.
// Run: node --import tsx scripts/generate-test-vectors.ts > /tmp/vectors.json
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { buildCredential, signCredential } from '../src/certificates/credential.ts';
import { makeSeal } from '../src/certificates/seal.ts';
import { sampleContent } from '../test/support/sample-certificate.ts';

const seed = Buffer.alloc(32);
for (let i = 0; i < 32; i++) seed[i] = i + 1;
const x = createPublicKey(createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' }))
  .export({ format: 'jwk' }).x as string;
const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x }, format: 'jwk' });
const kid = 'BW-2026-11-01-test01';
const content = sampleContent();
const seal = makeSeal(content, kid, privateKey);
const credential = signCredential(buildCredential(content, 'Botswana'), { kid, privateKey, created: new Date('2026-11-23T09:30:00Z') });
const tampered = seal.slice(0, 40) + (seal[40] === 'A' ? 'B' : 'A') + seal.slice(41);
console.log(JSON.stringify({ privateKeySeedHex: seed.toString('hex'), publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x }, kid, content, seal, tampered, credential }, null, 2));

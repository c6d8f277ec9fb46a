import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleContent } from '../../test/support/sample-certificate.ts';
import { buildCredential, credentialProofHolds, signCredential, type CertificateCredential } from './credential.ts';
import { makeSeal, openSeal, sealSignatureHolds } from './seal.ts';
import { SEAL_MAX_LENGTH } from './seal-payload.ts';
import { generateSigningKey } from './signing-keys.ts';

const key = generateSigningKey();
const other = generateSigningKey();
const credential = signCredential(buildCredential(sampleContent(), 'Botswana'), { kid: 'BW-test', privateKey: key.privateKey, created: new Date('2026-11-23T10:00:00Z') });

/** Rebuilds an object with its keys in a random order, at every depth. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, random));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(() => random() - 0.5);
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
  }
  return value;
}

/** Every leaf path of a JSON value. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return [prefix];
}

function withChangedLeaf<T>(value: T, path: (string | number)[]): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const old = node[last];
  node[last] = typeof old === 'string' ? `${old}1` : typeof old === 'number' ? old + 1 : typeof old === 'boolean' ? !old : 'x';
  return copy as T;
}

describe('signed certificate credential (eddsa-jcs-2022)', () => {
  it('verifies with the issuing key and not with another', () => {
    expect(credentialProofHolds(credential, key.publicKey)).toBe(true);
    expect(credentialProofHolds(credential, other.publicKey)).toBe(false);
  });

  it('survives key reordering and JSON round-trips', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let state = seed;
        const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        const reordered = JSON.parse(JSON.stringify(shuffleKeys(credential, random))) as CertificateCredential;
        expect(credentialProofHolds(reordered, key.publicKey)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('fails when any single field of the certificate is changed', () => {
    const paths = leafPaths(credential).filter((path) => path[0] !== 'proof' || path[1] === 'created' || path[1] === 'verificationMethod');
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      expect(credentialProofHolds(withChangedLeaf(credential, path), key.publicKey), path.join('.')).toBe(false);
    }
  });
});

describe('QR seal', () => {
  const seal = makeSeal(sampleContent(), 'BW-test', key.privateKey);

  it('carries every Annex I field in at most 1,200 QR characters and verifies offline', () => {
    expect(seal.startsWith('KPC1:')).toBe(true);
    expect(seal.length).toBeLessThanOrEqual(SEAL_MAX_LENGTH);
    expect(seal).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    const opened = openSeal(seal);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.content).toEqual(sampleContent());
    expect(opened.payload.k).toBe('BW-test');
    expect(sealSignatureHolds(opened, key.publicKey)).toBe(true);
    expect(sealSignatureHolds(opened, other.publicKey)).toBe(false);
  });

  it('fails verification when any single field in the payload is changed', () => {
    const opened = openSeal(seal);
    if (!opened.ok) throw new Error('seal did not open');
    for (const path of leafPaths(opened.payload)) {
      const tampered = { ...opened, payload: withChangedLeaf(opened.payload, path) };
      expect(sealSignatureHolds(tampered, key.publicKey), path.join('.')).toBe(false);
    }
  });

  it('says what is wrong with text that is not a seal, without throwing', () => {
    expect(openSeal('hello')).toEqual({ ok: false, reason: 'not_a_seal' });
    expect(openSeal('KPC1:ABC')).toEqual({ ok: false, reason: 'malformed' });
    expect(openSeal(`${seal.slice(0, -10)}AAAAAAAAAA`).ok).toBe(false);
  });

  it('stays within 1,200 characters for a shipment of 20 parcels', () => {
    const parcels = Array.from({ length: 20 }, (_, i) => ({ hsCode: '7102.31' as const, carats: `${1000 + i * 37}.${String(i).padStart(2, '0')}`, valueUsd: `${150000 + i * 991}.25` }));
    const big = makeSeal(
      sampleContent({ parcels, parcelCount: 20 }),
      'BW-test',
      key.privateKey,
    );
    expect(big.length).toBeLessThanOrEqual(SEAL_MAX_LENGTH);
  });
});

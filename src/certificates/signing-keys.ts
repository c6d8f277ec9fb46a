import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

/**
 * Ed25519 keys and their protection at rest. Public keys travel as the 32-byte raw key in
 * base64url (the JWK `x`); private keys are PKCS#8 sealed with AES-256-GCM under the master key.
 */
export interface GeneratedKey {
  publicKey: string;
  privateKey: KeyObject;
}

export function generateSigningKey(): GeneratedKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ format: 'jwk' }).x as string, privateKey };
}

export function publicKeyObject(x: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

export function signBytes(bytes: Uint8Array, privateKey: KeyObject): Buffer {
  return sign(null, bytes, privateKey);
}

/** Never throws: a malformed key or signature is simply not valid. */
export function verifyBytes(bytes: Uint8Array, signature: Uint8Array, publicKey: string): boolean {
  try {
    return signature.length === 64 && verify(null, bytes, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

const SEAL_VERSION = 'v1';

export function sealPrivateKey(privateKey: KeyObject, masterKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  const body = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  return [SEAL_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openPrivateKey(sealed: string, masterKey: Buffer): KeyObject {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== SEAL_VERSION || !iv || !tag || !body) throw new Error('Unknown sealed key format');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const der = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

const memoryKeys = new Map<string, Buffer>();

/**
 * The master key: `KIMBERLITE_MASTER_KEY` (32 bytes, base64), or a key file beside the data
 * (`<dataDir>/master.key`, created once with mode 0600). A throw-away database gets a
 * throw-away key.
 */
export function loadMasterKey(config: Config): Buffer {
  if (config.masterKey) {
    const key = Buffer.from(config.masterKey, 'base64');
    if (key.length !== 32) throw new Error('KIMBERLITE_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  if (config.dataDir.startsWith('memory://')) {
    let key = memoryKeys.get(config.dataDir);
    if (!key) {
      key = randomBytes(32);
      memoryKeys.set(config.dataDir, key);
    }
    return key;
  }
  const file = path.join(config.dataDir, 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    // Written beside, then linked into place: a crash never leaves an empty key file behind, and a
    // second process creating the key at the same moment keeps the first one's (EEXIST).
    const pending = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(pending, 'w', 0o600);
    try {
      fs.writeSync(fd, randomBytes(32).toString('base64'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(pending, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(pending, { force: true });
    }
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

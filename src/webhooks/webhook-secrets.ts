import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook secrets: generated once, shown once to the participant administrator, kept at rest
 * sealed with the master key (AES-256-GCM, like the signing keys) because the dispatcher needs
 * the secret itself to sign, not a hash of it.
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

const SEAL_VERSION = 'v1';

/** Seals bytes under a 32-byte key: `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
export function sealBytes(plain: Uint8Array, masterKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [SEAL_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Opens what `sealBytes` sealed; throws when the key is wrong or the text was altered. */
export function openBytes(sealed: string, masterKey: Buffer): Buffer {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== SEAL_VERSION || !iv || !tag || body === undefined) throw new Error('Unknown sealed format');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/**
 * The `kimberlite-signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The key is the whole secret text as shown (`whsec_…`), UTF-8; see docs/webhooks.md.
 *
 * @example
 * signatureHeader('whsec_abc', 1767225600, '{"id":"…"}') // 't=1767225600,v1=5f1c…'
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../domain/errors.ts';

/**
 * The envelope of a backup file (docs/backups.md):
 *
 *   "KIMBERLITE-BACKUP\n"  18 bytes, magic
 *   version                1 byte (1)
 *   scrypt log2(N), r, p   3 bytes (17, 8, 1)
 *   salt                   16 bytes, random per file
 *   nonce                  12 bytes, random per file
 *   ciphertext             AES-256-GCM of the gzip of the payload; the 50 header bytes are the AAD
 *   tag                    16 bytes
 *
 * The key is scrypt(passphrase NFC-normalised as UTF-8, salt, N, r, p) — 128 MiB of memory per
 * try, the OWASP recommendation for scrypt. A wrong passphrase and a changed byte anywhere in the
 * file, header included, both fail the GCM tag; nothing is read out of a file that fails it.
 */
export const BACKUP_MAGIC = Buffer.from('KIMBERLITE-BACKUP\n', 'ascii');
export const BACKUP_FORMAT_VERSION = 1;
export const SCRYPT = { log2N: 17, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = BACKUP_MAGIC.length + 4 + SALT_BYTES + NONCE_BYTES;

function deriveKey(passphrase: string, salt: Buffer, params: { log2N: number; r: number; p: number }): Buffer {
  const N = 2 ** params.log2N;
  return scryptSync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, 32, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 16 * 1024 * 1024 });
}

/** Compresses and encrypts a payload into the bytes of a backup file. */
export function sealBackup(payload: Buffer, passphrase: string): Buffer {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const header = Buffer.concat([BACKUP_MAGIC, Buffer.from([BACKUP_FORMAT_VERSION, SCRYPT.log2N, SCRYPT.r, SCRYPT.p]), salt, nonce]);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, SCRYPT), nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(gzipSync(payload, { level: 6 })), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

/**
 * Decrypts and decompresses a backup file. Throws `BACKUP_UNREADABLE` for what is not a
 * Kimberlite backup of a known version, `BACKUP_DECRYPTION_FAILED` for a wrong passphrase or a
 * changed file.
 */
export function openBackup(file: Buffer, passphrase: string, fileName: string): Buffer {
  if (file.length < HEADER_BYTES + TAG_BYTES || !file.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) {
    throw new AppError('BACKUP_UNREADABLE', { file: fileName });
  }
  let at = BACKUP_MAGIC.length;
  const [version, log2N, r, p] = file.subarray(at, (at += 4));
  // Bounds keep a forged header from asking for gigabytes of scrypt memory.
  if (version !== BACKUP_FORMAT_VERSION || log2N! < 14 || log2N! > 20 || r! < 1 || r! > 16 || p! < 1 || p! > 4) {
    throw new AppError('BACKUP_UNREADABLE', { file: fileName });
  }
  const salt = file.subarray(at, (at += SALT_BYTES));
  const nonce = file.subarray(at, (at += NONCE_BYTES));
  const header = file.subarray(0, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, salt, { log2N: log2N!, r: r!, p: p! }), nonce);
  decipher.setAAD(header);
  decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
  let compressed: Buffer;
  try {
    compressed = Buffer.concat([decipher.update(file.subarray(HEADER_BYTES, file.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError('BACKUP_DECRYPTION_FAILED', { file: fileName });
  }
  try {
    return gunzipSync(compressed);
  } catch {
    throw new AppError('BACKUP_UNREADABLE', { file: fileName });
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';

export interface PlacedMasterKey {
  /** Where the restored instance finds the key. */
  source: 'environment' | string;
  /** Undoes a key file this call created (the restore failed). */
  undo(): void;
}

/**
 * Makes the backup's master key the one the restored instance loads (`loadMasterKey`): the key in
 * KIMBERLITE_MASTER_KEY or an existing `<dataDir>/master.key` must be the same key, otherwise the
 * restored signing keys would not open and nothing is restored; with neither, the key file is
 * written (mode 0600).
 */
export function placeMasterKey(config: Config, masterKey: Buffer): PlacedMasterKey {
  const keep = { undo: () => {} };
  if (config.masterKey) {
    if (!Buffer.from(config.masterKey, 'base64').equals(masterKey)) throw new AppError('BACKUP_MASTER_KEY_MISMATCH', { source: 'KIMBERLITE_MASTER_KEY' });
    return { source: 'environment', ...keep };
  }
  const file = path.join(config.dataDir, 'master.key');
  if (fs.existsSync(file)) {
    if (!Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64').equals(masterKey)) throw new AppError('BACKUP_MASTER_KEY_MISMATCH', { source: file });
    return { source: file, ...keep };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, masterKey.toString('base64'), { mode: 0o600, flag: 'wx' });
  return { source: file, undo: () => fs.rmSync(file, { force: true }) };
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { loadMasterKey } from '../certificates/signing-keys.ts';
import { MIN_PASSPHRASE_LENGTH, openBackup, sealBackup } from '../backup/backup-file.ts';
import { readPayload } from '../backup/backup-payload.ts';
import { createBackup } from '../backup/create-backup.ts';
import { placeMasterKey } from '../backup/place-master-key.ts';
import { refuseUnlessEmpty, restoreBackup } from '../backup/restore-backup.ts';

export interface BackupIo {
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  readStdin(): Promise<string>;
}

const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The passphrase comes from stdin or the environment, never from the command line, and is never printed. */
async function passphraseFrom(usePipe: boolean | undefined, io: BackupIo, minimum: number): Promise<string> {
  const passphrase = usePipe ? await io.readStdin() : (io.env.KIMBERLITE_BACKUP_PASSPHRASE ?? '');
  if (passphrase.length < minimum) throw new AppError('BACKUP_PASSPHRASE_REQUIRED', { min: MIN_PASSPHRASE_LENGTH });
  return passphrase;
}

/**
 * `kimberlite backup --out FILE [--passphrase-stdin]`: the database and the master key in one
 * encrypted file (docs/backups.md). Prints the file's size and the state hash.
 */
export async function backupCommand(args: string[], config: Config, io: BackupIo): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, 'passphrase-stdin': { type: 'boolean', default: false } } });
  if (!values.out) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['--out'], message: 'usage: kimberlite backup --out FILE [--passphrase-stdin]' }]);
  const out = path.resolve(values.out);
  if (fs.existsSync(out)) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['--out'], message: `${out} exists; a backup never overwrites a file` }]);
  const passphrase = await passphraseFrom(values['passphrase-stdin'], io, MIN_PASSPHRASE_LENGTH);
  const started = performance.now();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let backup;
  try {
    backup = await createBackup({ masterKey: loadMasterKey(config), kind: database.kind }, { db: database.db });
  } finally {
    await database.close();
  }
  const sealed = sealBackup(backup.payload, passphrase);
  // Written beside the target and renamed, so a backup file is always whole.
  const partial = `${out}.${randomBytes(4).toString('hex')}.partial`;
  fs.writeFileSync(partial, sealed, { mode: 0o600, flag: 'wx' });
  fs.renameSync(partial, out);
  io.out(
    `backup of ${database.location} written to ${out}: ${megabytes(sealed.length)} encrypted (${backup.rows} rows in ${backup.manifest.tables.length} tables, ${megabytes(backup.payload.length)} before compression) in ${seconds(started)}`,
  );
  io.out(`state sha256 ${backup.manifest.stateSha256}`);
  return 0;
}

/**
 * `kimberlite restore FILE [--passphrase-stdin]`: into an instance that holds no data yet. The
 * file is decrypted and checked before the database is opened; the load is one transaction.
 */
export async function restoreCommand(args: string[], config: Config, io: BackupIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'passphrase-stdin': { type: 'boolean', default: false } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new AppError('VALIDATION_FAILED', {}, [{ path: ['restore'], message: 'usage: kimberlite restore FILE [--passphrase-stdin]' }]);
  if (!fs.existsSync(file)) throw new AppError('BACKUP_UNREADABLE', { file });
  const passphrase = await passphraseFrom(values['passphrase-stdin'], io, 1);
  const started = performance.now();
  const { manifest, tables } = readPayload(openBackup(fs.readFileSync(file), passphrase, file), file);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    // Checked again inside the restore's transaction; here so that a full instance is the reason given.
    await refuseUnlessEmpty(database.db, database.location);
    const masterKey = placeMasterKey(config, Buffer.from(manifest.masterKey, 'base64'));
    try {
      const restored = await restoreBackup({ manifest, tables, location: database.location }, { db: database.db });
      io.out(
        `restored ${path.basename(file)} (taken ${manifest.createdAt} from ${manifest.source.kind}) into ${database.location}: ${restored.rows} rows in ${restored.tables} tables in ${seconds(started)}`,
      );
      io.out(`master key: ${masterKey.source === 'environment' ? 'KIMBERLITE_MASTER_KEY (the same key)' : masterKey.source}`);
      io.out(`state sha256 ${restored.state.sha256}`);
    } catch (error) {
      masterKey.undo();
      throw error;
    }
  } finally {
    await database.close();
  }
  return 0;
}

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { openBackup } from '../../src/backup/backup-file.ts';
import { seedBodies } from '../../src/bodies/seed-bodies.ts';
import { seedEmbargoes } from '../../src/certificates/seed-embargoes.ts';
import { seedRegister } from '../../src/participants/seed-register.ts';

const BIN = path.resolve('bin/kimberlite.mjs');
const PASSPHRASE = 'a long backup passphrase for the drill';
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-backup-'));
  dirs.push(dir);
  return dir;
}

/** The CLI on a PGlite data directory unless a database URL is given. */
function run(args: string[], options: { dataDir: string; databaseUrl?: string; passphrase?: string | null; input?: string }) {
  const { DATABASE_URL: _ignored, KIMBERLITE_BACKUP_PASSPHRASE: _none, KIMBERLITE_MASTER_KEY: _key, ...rest } = process.env;
  const env: NodeJS.ProcessEnv = { ...rest, KIMBERLITE_DATA_DIR: options.dataDir, LOG_LEVEL: 'warn', LANG: 'en_GB.UTF-8' };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.passphrase !== null) env.KIMBERLITE_BACKUP_PASSPHRASE = options.passphrase ?? PASSPHRASE;
  return spawnSync(process.execPath, [BIN, ...args], { env, input: options.input, encoding: 'utf8', timeout: 170_000 });
}

const stateHashOf = (stdout: string) => /state sha256 ([0-9a-f]{64})/.exec(stdout)?.[1];

let source: string;
let backupFile: string;
let sourceHash: string;

beforeAll(async () => {
  // A demo-seeded instance, seeded in this process: one month of certificates plus governance.
  source = tempDir();
  const config = loadConfig({}, { demo: true, demoMonths: 1, dataDir: source, databaseUrl: null });
  const database = await openDatabase({ databaseUrl: null, dataDir: source });
  try {
    await inTransaction(database.db, async (tx) => {
      await seedRegister(tx);
      await seedEmbargoes(tx);
      await seedBodies(tx);
    });
    await seedDemo({ db: database.db, config, now: () => new Date() });
  } finally {
    await database.close();
  }
  backupFile = path.join(tempDir(), 'kimberlite.kbak');
  const backup = run(['backup', '--out', backupFile], { dataDir: source });
  expect(backup.stderr).toBe('');
  expect(backup.status).toBe(0);
  expect(backup.stdout).toMatch(/written to .*kimberlite\.kbak: [\d.]+ MB encrypted \(\d+ rows in \d+ tables/);
  sourceHash = stateHashOf(backup.stdout)!;
  expect(sourceHash).toMatch(/^[0-9a-f]{64}$/);
}, 300_000);

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kimberlite backup and restore on PGlite', () => {
  it('writes one encrypted file that shows none of the data and is readable by its owner only', () => {
    const bytes = fs.readFileSync(backupFile);
    expect(bytes.subarray(0, 18).toString('ascii')).toBe('KIMBERLITE-BACKUP\n');
    expect(bytes.includes(Buffer.from('demo.test'))).toBe(false);
    expect(bytes.includes(Buffer.from(fs.readFileSync(path.join(source, 'master.key'), 'utf8').trim()))).toBe(false);
    expect(fs.statSync(backupFile).mode & 0o077).toBe(0);
  });

  it('refuses a wrong passphrase and a changed byte, and creates nothing', () => {
    const target = path.join(tempDir(), 'never-created');
    const wrong = run(['restore', backupFile], { dataDir: target, passphrase: 'not the passphrase at all' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('error BACKUP_DECRYPTION_FAILED: The backup');
    expect(wrong.stderr).toContain('the passphrase is wrong or the file was altered');

    expect(fs.existsSync(target)).toBe(false);

    // In process (the CLI path is the one above): one flipped bit in the body or in the header.
    const original = fs.readFileSync(backupFile);
    for (const at of [original.length >> 1, 20]) {
      const bytes = Buffer.from(original);
      bytes[at]! ^= 0x01;
      expect(() => openBackup(bytes, PASSPHRASE, 'tampered.kbak')).toThrow(expect.objectContaining({ code: 'BACKUP_DECRYPTION_FAILED' }));
    }
  }, 120_000);

  it('restores into an empty data directory with the same state hash, an intact audit chain and the same master key, and refuses a second restore', () => {
    const target = path.join(tempDir(), 'restored');
    const restored = run(['restore', backupFile, '--passphrase-stdin'], { dataDir: target, passphrase: null, input: `${PASSPHRASE}\n` });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(stateHashOf(restored.stdout)).toBe(sourceHash);
    expect(fs.readFileSync(path.join(target, 'master.key'), 'utf8')).toBe(fs.readFileSync(path.join(source, 'master.key'), 'utf8'));
    expect(fs.statSync(path.join(target, 'master.key')).mode & 0o077).toBe(0);

    const audit = run(['audit', 'verify'], { dataDir: target });
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(/audit chain intact: [1-9]\d* entries/);

    const again = run(['restore', backupFile], { dataDir: target });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('error RESTORE_TARGET_NOT_EMPTY: The database');
    expect(again.stderr).toContain('already holds data');
    // Three CLI runs, one of them creating a PGlite database: minutes when CI shares its two cores.
  }, 300_000);
});

if (process.env.DATABASE_URL) {
  describe('kimberlite backup and restore on PostgreSQL', () => {
    const created: string[] = [];
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    const freshDatabaseUrl = async () => {
      const name = `kimberlite_backup_${randomBytes(6).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      return url.toString();
    };
    afterAll(async () => {
      for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });

    it('restores a PGlite backup into an empty PostgreSQL database with the same state hash, and a PostgreSQL backup back into PGlite', async () => {
      const databaseUrl = await freshDatabaseUrl();
      const keyDir = tempDir();
      const restored = run(['restore', backupFile], { dataDir: keyDir, databaseUrl });
      expect(restored.stderr).toBe('');
      expect(restored.status).toBe(0);
      expect(restored.stdout).toContain('from pglite');
      expect(stateHashOf(restored.stdout)).toBe(sourceHash);
      const audit = run(['audit', 'verify'], { dataDir: keyDir, databaseUrl });
      expect(audit.status).toBe(0);

      const fromPostgres = path.join(tempDir(), 'postgres.kbak');
      const backup = run(['backup', '--out', fromPostgres], { dataDir: keyDir, databaseUrl });
      expect(backup.status).toBe(0);
      expect(stateHashOf(backup.stdout)).toBe(sourceHash);
      const back = run(['restore', fromPostgres], { dataDir: path.join(tempDir(), 'back-to-pglite') });
      expect(back.status).toBe(0);
      expect(back.stdout).toContain('from postgres');
      expect(stateHashOf(back.stdout)).toBe(sourceHash);

      const full = run(['restore', backupFile], { dataDir: keyDir, databaseUrl });
      expect(full.status).toBe(2);
      expect(full.stderr).toContain('RESTORE_TARGET_NOT_EMPTY');
    }, 300_000);
  });
}

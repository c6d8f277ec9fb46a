import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/kimberlite.mjs');
const KP_FILE = path.resolve('reference-data/kp-production/production_semiannual_kpdb.csv');
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-import-'));
  dirs.push(dir);
  return dir;
}

/** The CLI on an embedded PGlite data directory, whichever database the suite runs on. */
function kimberlite(dataDir: string, ...args: string[]) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, KIMBERLITE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kimberlite import statistics', () => {
  it('imports the KP file with a summary and exit 0; a second run stores nothing new', () => {
    const dataDir = tempDir();
    const dry = kimberlite(dataDir, 'import', 'statistics', KP_FILE, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing stored');

    const first = kimberlite(dataDir, 'import', 'statistics', KP_FILE);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('1529 rows, 1455 half-year returns of 53 participants (2003–2024)');
    expect(first.stdout).toContain('stored 1455 (0 corrections)');

    const second = kimberlite(dataDir, 'import', 'statistics', KP_FILE);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('stored 0 (0 corrections), skipped 1455');
  }, 120_000);

  it('refuses a file with bad rows: exit 1, each bad line named, nothing imported', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(
      file,
      ['year,half,participant,iso2,report_type,production_type,carats,usd', '2019,1,Botswana,BW,Production,Production,1.00,2.00', '2019,1,Nowhere,XX,Production,Production,1.00,2.00', '2019,2,Botswana,BW,Production,Production,1.005,2.00'].join('\n'),
    );
    const result = kimberlite(dataDir, 'import', 'statistics', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('2 bad row(s), nothing was imported');
    expect(result.stderr).toContain('line 3: unknown_participant iso2 "XX"');
    expect(result.stderr).toContain('line 4: too_precise carats "1.005"');

    const good = path.join(dataDir, 'good.csv');
    fs.writeFileSync(good, ['year,half,participant,iso2,report_type,production_type,carats,usd', '2019,1,Botswana,BW,Production,Production,1.00,2.00'].join('\n'));
    expect(kimberlite(dataDir, 'import', 'statistics', good).stdout).toContain('stored 1 (0 corrections)');
  }, 120_000);

  it('explains its usage when the file is missing', () => {
    const result = kimberlite(tempDir(), 'import', 'statistics');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('VALIDATION_FAILED');
  });
});

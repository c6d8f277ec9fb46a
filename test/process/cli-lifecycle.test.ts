import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';

const BIN = path.resolve('bin/kimberlite.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-test-'));
  dirs.push(dir);
  return dir;
}

/** The CLI on embedded PGlite: these tests are about the data directory, whichever database the suite runs on. */
function env(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, KIMBERLITE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KIMBERLITE_DEMO_MONTHS: '1', ...extra };
}

function startServe(dataDir: string, port: number, command = 'serve'): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  const child = spawn(process.execPath, [BIN, command, '--port', String(port)], { env: env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Kimberlite is running')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return { child, output: () => output, ready };
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
const randomPort = () => 20000 + Math.floor(Math.random() * 20000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kimberlite on a PGlite data directory', () => {
  it('serves the demo, refuses a second process on the same directory, and closes cleanly on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const port = randomPort();
    const first = startServe(dataDir, port, 'demo');
    await first.ready;
    expect(first.output()).toContain('exporter.<code>@');
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(fs.existsSync(path.join(dataDir, 'kimberlite.lock'))).toBe(true);

    const second = spawnSync(process.execPath, [BIN, 'serve', '--port', String(port + 1)], { env: env(dataDir), encoding: 'utf8', timeout: 60_000 });
    expect(second.status).toBe(3);
    expect(second.stderr).toContain('DATA_DIR_LOCKED');
    expect(second.stderr).toContain(dataDir);

    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'kimberlite.lock'))).toBe(false);

    // What was stored survives the restart, and the demo is not seeded twice.
    const again = startServe(dataDir, port + 2, 'demo');
    await again.ready;
    const participants = await (await fetch(`http://127.0.0.1:${port + 2}/api/participants`)).json();
    // the register (60 Participants and Chinese Taipei) plus the demo's fictional applicant
    expect(participants).toHaveLength(62);
    const stopped = exitOf(again.child);
    again.child.kill('SIGINT');
    expect(await stopped).toBe(0);
  }, 180_000);

  it('takes over the lock of a process that was killed', async () => {
    const dataDir = tempDataDir();
    const port = randomPort();
    const first = startServe(dataDir, port);
    await first.ready;
    const killed = exitOf(first.child);
    first.child.kill('SIGKILL');
    await killed;
    expect(fs.existsSync(path.join(dataDir, 'kimberlite.lock'))).toBe(true);
    const second = startServe(dataDir, port + 1);
    await second.ready;
    expect((await fetch(`http://127.0.0.1:${port + 1}/api/health`)).status).toBe(200);
    const stopped = exitOf(second.child);
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 180_000);

  it('creates an account from the command line and verifies the audit chain, reporting the first broken link', async () => {
    const dataDir = tempDataDir();
    const created = spawnSync(
      process.execPath,
      [BIN, 'users', 'create', '--email', 'registrar@kp.example', '--name', 'KP Registrar', '--roles', 'system_admin', '--password-stdin'],
      { env: env(dataDir), input: 'a long registrar passphrase\n', encoding: 'utf8', timeout: 60_000 },
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('created person account registrar@kp.example');

    const duplicate = spawnSync(process.execPath, [BIN, 'users', 'create', '--email', 'REGISTRAR@kp.example', '--name', 'x', '--roles', 'system_admin'], {
      env: env(dataDir),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toContain('EMAIL_TAKEN');

    const intact = spawnSync(process.execPath, [BIN, 'audit', 'verify'], { env: env(dataDir), encoding: 'utf8', timeout: 60_000 });
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/audit chain intact: \d+ entries/);

    const db = new PGlite(path.join(dataDir, 'pglite'));
    await db.exec(`alter table audit_log disable trigger audit_log_no_update;
      update audit_log set actor_label = 'someone-else' where action = 'user.created';`);
    await db.close();

    const broken = spawnSync(process.execPath, [BIN, 'audit', 'verify'], { env: env(dataDir), encoding: 'utf8', timeout: 60_000 });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/audit chain BROKEN at entry #\d+: hash_mismatch/);
  }, 180_000);
});

if (process.env.DATABASE_URL) {
  describe('kimberlite on PostgreSQL', () => {
    it('runs the same migrations on the database named by DATABASE_URL and closes cleanly on SIGTERM', async () => {
      const { freshDatabase } = await import('../support/test-database.ts');
      const database = await freshDatabase();
      const url = new URL(process.env.DATABASE_URL!);
      const named = (database.location.match(/\/([^/?]+)(\?|$)/) ?? [])[1];
      url.pathname = `/${named}`;
      const port = randomPort();
      const child = spawn(process.execPath, [BIN, 'demo', '--port', String(port)], {
        env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', KIMBERLITE_DEMO_MONTHS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => output.includes('Kimberlite is running') && (clearInterval(timer), resolve()), 50);
        child.once('exit', (code) => (clearInterval(timer), reject(new Error(`exited ${code}: ${output}`))));
      });
      expect(output).toContain('postgres:');
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'importer.eu@demo.test', password: 'demo-password' }),
      });
      expect(login.status).toBe(200);
      const exited = exitOf(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await database.close();
    }, 180_000);
  });
}

describe('kimberlite keys', () => {
  it('rotates a participant’s signing key, lists keys and revokes one with a reason', async () => {
    const dataDir = tempDataDir();
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: env(dataDir), encoding: 'utf8', timeout: 60_000 });
    const first = run('keys', 'rotate', '--participant', 'BW');
    expect(first.status).toBe(0);
    const kid = /new signing key (\S+) for BW/.exec(first.stdout)?.[1];
    expect(kid).toMatch(/^BW-/);
    const second = run('keys', 'rotate', '--participant', 'BW');
    const newer = /new signing key (\S+) for BW/.exec(second.stdout)?.[1];
    expect(newer).not.toBe(kid);
    const listed = run('keys', 'list').stdout;
    expect(listed).toMatch(new RegExp(`${kid}\\s+BW\\s+from \\S+\\s+retired`));
    expect(listed).toMatch(new RegExp(`${newer}\\s+BW\\s+from \\S+\\s+active`));
    const revoked = run('keys', 'revoke', '--kid', newer!, '--reason', 'key compromised');
    expect(revoked.status).toBe(0);
    expect(run('keys', 'list').stdout).toMatch(new RegExp(`${newer}.*REVOKED .*key compromised`));
    const unknown = run('keys', 'rotate', '--participant', 'XX');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('UNKNOWN_PARTICIPANT');
    expect(fs.readFileSync(path.join(dataDir, 'master.key'), 'utf8').length).toBeGreaterThan(40);
    expect(fs.statSync(path.join(dataDir, 'master.key')).mode & 0o077).toBe(0);
  }, 180_000);
});

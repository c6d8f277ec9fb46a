import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/db/database.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { certificateInvariantProblems, certificatesByNumber } from '../support/certificate-invariants.ts';

/*
 * Crash safety (issue #8): the real server, driven over HTTP by an exporting and an importing
 * officer, is SIGKILLed at seeded random points. Whatever the server acknowledged (2xx) must be
 * there after the restart, and nothing may be half-written. Sizes come from the environment so
 * `CRASH_KILLS=200 npx vitest run test/process/crash-safety.test.ts` soaks the same test.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
/** At most this many operations are sent in one life of the server before it is killed. */
const MAX_OPS_PER_LIFE = Number(process.env.CRASH_OPS ?? 12);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 3);
const CHECKPOINT_KILLS = Number(process.env.CRASH_CHECKPOINT_KILLS ?? 3);
const SEED = Number(process.env.CRASH_SEED ?? 20_261_201);
/** PGlite allows one process per directory: the stored rows are read between lives, every this many kills (PostgreSQL: every kill). */
const DEEP_CHECK_EVERY = Number(process.env.CRASH_DEEP_CHECK_EVERY ?? 4);

const BIN = path.resolve('bin/kimberlite.mjs');
const children: ChildProcess[] = [];
const dirs: string[] = [];

type Kind = 'pglite' | 'postgres';
type State = 'issued' | 'received' | 'voided';

interface Tracked {
  number: string;
  idempotencyKey: string;
  carats: string;
  seal: string;
  /** What the client was last told; `pending` holds an operation sent without an answer. */
  state: State;
  pending: State | null;
  busy: boolean;
}

interface Figures {
  database: Kind;
  kills: number;
  checkpointKills: number;
  checkpointKillsBeforeDone: number;
  operationsSent: number;
  acknowledged: { issue: number; receipt: number; void: number };
  unacknowledged: number;
  /** Unacknowledged issues found committed when retried with their idempotency key after restart. */
  issuesCommittedUnacknowledged: number;
  deepChecks: number;
  lostWrites: number;
  unexpectedResponses: string[];
  seconds: number;
}

function harness(kind: Kind) {
  const random = seededRandom(SEED + (kind === 'postgres' ? 1 : 0));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-crash-'));
  dirs.push(dataDir);
  let databaseUrl: string | null = null;
  let checker: OpenDatabase | null = null;
  const tracked = new Map<string, Tracked>();
  /** Issues sent without an answer, by idempotency key, to be retried after the restart. */
  const unansweredIssues = new Map<string, { payload: Record<string, unknown>; carats: string; seal: string }>();
  const figures: Figures = {
    database: kind,
    kills: 0,
    checkpointKills: 0,
    checkpointKillsBeforeDone: 0,
    operationsSent: 0,
    acknowledged: { issue: 0, receipt: 0, void: 0 },
    unacknowledged: 0,
    issuesCommittedUnacknowledged: 0,
    deepChecks: 0,
    lostWrites: 0,
    unexpectedResponses: [],
    seconds: 0,
  };
  let server: ChildProcess | null = null;
  let port = 0;
  let exporter = '';
  let importer = '';
  let exporterId = '';
  let keySerial = 0;

  const env = (): NodeJS.ProcessEnv => {
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    return {
      ...rest,
      KIMBERLITE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KIMBERLITE_DEMO_MONTHS: '1',
      KIMBERLITE_DEMO_GOVERNANCE: 'false',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    };
  };

  /** `demo` every time: demo accounts log in only in demo mode; on a seeded store the seed is skipped. */
  async function start(): Promise<void> {
    port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [BIN, 'demo', '--port', String(port)], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Kimberlite is running')) {
          clearInterval(timer);
          resolve();
        }
      }, 25);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`server exited with ${code}: ${output}`));
      });
    });
    server = child;
  }

  async function kill(): Promise<void> {
    const child = server!;
    server = null;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server had already exited (${child.exitCode ?? child.signalCode})`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    figures.kills++;
  }

  const url = (p: string) => `http://127.0.0.1:${port}${p}`;

  async function call(method: string, p: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(url(p), {
      method,
      headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function login(email: string): Promise<string> {
    const response = await fetch(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-password' }) });
    if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kimberlite_session='))!;
    return cookie.split(';')[0];
  }

  function draft(seal: string, carats: string) {
    return {
      importingParticipant: 'AE',
      exporterId,
      importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
      originCountries: ['BW'],
      parcels: [
        { hsCode: '7102.31', carats, valueUsd: '468067.50' },
        { hsCode: '7102.21', carats: '1210.00', valueUsd: '24200.00' },
      ],
      seals: [seal],
    };
  }

  function unexpected(what: string, response: { status: number; body: unknown }) {
    figures.unexpectedResponses.push(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  }

  async function issue(key: string, payload: Record<string, unknown>, carats: string, seal: string, retry: boolean): Promise<void> {
    const response = await call('POST', '/api/certificates', exporter, payload, { 'idempotency-key': key });
    if (response.status !== 201 && response.status !== 200) return unexpected(`issue ${key}`, response);
    unansweredIssues.delete(key);
    figures.acknowledged.issue++;
    if (retry && response.status === 200) figures.issuesCommittedUnacknowledged++;
    tracked.set(response.body.number, { number: response.body.number, idempotencyKey: key, carats, seal, state: 'issued', pending: null, busy: false });
  }

  /** One operation, chosen by the seeded generator: issue most often, then receipt and void of certificates in hand. */
  async function operate(): Promise<void> {
    figures.operationsSent++;
    const roll = random();
    const candidates = [...tracked.values()].filter((t) => t.state === 'issued' && t.pending === null && !t.busy);
    const target = candidates.length > 0 ? candidates[Math.floor(random() * candidates.length)] : null;
    if (roll < 0.55 || !target) {
      const key = `crash-${kind}-${SEED}-${keySerial++}`;
      const carats = `${1000 + Math.floor(random() * 9000)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
      const seal = `SEAL-${key}`;
      const payload = draft(seal, carats);
      unansweredIssues.set(key, { payload, carats, seal });
      await issue(key, payload, carats, seal, false);
      return;
    }
    target.busy = true;
    const voiding = roll >= 0.8;
    target.pending = voiding ? 'voided' : 'received';
    try {
      const response = voiding
        ? await call('POST', `/api/certificates/${target.number}/void`, exporter, { reason: 'Shipment cancelled' })
        : await call('POST', `/api/certificates/${target.number}/receipt`, importer, {
            receivedOn: new Date().toISOString().slice(0, 10),
            parcelCount: 2,
            carats: (Number(target.carats) + 1210).toFixed(2),
            importerName: 'Almas Rough Trading DMCC',
            exporterName: 'Kalahari Rough Exports (Pty) Ltd',
            sealIntact: true,
          });
      if ((voiding && response.status === 200) || (!voiding && response.status === 201)) {
        target.state = target.pending;
        target.pending = null;
        figures.acknowledged[voiding ? 'void' : 'receipt']++;
      } else {
        target.pending = null;
        unexpected(`${voiding ? 'void' : 'receipt'} ${target.number}`, response);
      }
    } finally {
      target.busy = false;
    }
  }

  /** Clients send operations until the kill; a request cut off by the kill is simply unacknowledged. */
  async function life(): Promise<void> {
    const limit = 3 + Math.floor(random() * (MAX_OPS_PER_LIFE - 2));
    const killDelayMs = Math.floor(random() * 40);
    let sent = 0;
    let killing: Promise<void> | null = null;
    const client = async () => {
      while (!killing) {
        if (sent >= limit) {
          killing = new Promise((resolve) => setTimeout(resolve, killDelayMs)).then(kill);
          break;
        }
        sent++;
        try {
          await operate();
        } catch {
          figures.unacknowledged++;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    await killing;
  }

  /** After a restart: each acknowledged certificate is there with its content and its acknowledged state. */
  async function checkThroughApi(): Promise<void> {
    for (const [key, { payload, carats, seal }] of [...unansweredIssues]) await issue(key, payload, carats, seal, true);
    const list = [...tracked.values()];
    for (let i = 0; i < list.length; i += 8) {
      await Promise.all(
        list.slice(i, i + 8).map(async (t) => {
          const response = await call('GET', `/api/certificates/${t.number}`, exporter);
          if (response.status !== 200) {
            figures.lostWrites++;
            throw new Error(`acknowledged certificate ${t.number} is gone: ${response.status}`);
          }
          const { status, content } = response.body;
          expect(content.parcels[0].carats).toBe(t.carats);
          expect(content.seals).toEqual([t.seal]);
          if (t.pending) {
            // Sent, never answered: either outcome is right, and the client learns which.
            expect([t.state, t.pending]).toContain(status);
            t.state = status;
            t.pending = null;
          }
          if (status !== t.state) figures.lostWrites++;
          expect(status, `${t.number} acknowledged as ${t.state}`).toBe(t.state);
        }),
      );
    }
  }

  /** The stored rows themselves: invariants plus each acknowledged issue under its own key. */
  async function checkStored(db: OpenDatabase['db']): Promise<void> {
    figures.deepChecks++;
    expect(await certificateInvariantProblems(db)).toEqual([]);
    const stored = await certificatesByNumber(db, [...tracked.keys()]);
    for (const t of tracked.values()) {
      const row = stored.get(t.number);
      if (!row) figures.lostWrites++;
      expect(row?.idempotencyKey).toBe(t.idempotencyKey);
      if (!t.pending) expect(row?.status).toBe(t.state);
    }
  }

  async function deepCheck(): Promise<void> {
    if (kind === 'postgres') return checkStored(checker!.db);
    // PGlite: this process opens the directory as the server would, after the server's death.
    const database = await openDatabase({ databaseUrl: null, dataDir });
    try {
      await checkStored(database.db);
    } finally {
      await database.close();
    }
  }

  function auditVerify() {
    const result = spawnSync(process.execPath, [BIN, 'audit', 'verify'], { env: env(), encoding: 'utf8', timeout: 120_000 });
    expect(result.stdout + result.stderr).toMatch(/audit chain intact/);
    expect(result.status).toBe(0);
    return result.stdout.trim();
  }

  return {
    figures,
    tracked,
    async setUp() {
      if (kind === 'postgres') {
        const { freshDatabase } = await import('../support/test-database.ts');
        checker = await freshDatabase();
        const url = new URL(process.env.DATABASE_URL!);
        url.pathname = `/${(checker.location.match(/\/([^/?]+)(\?|$)/) ?? [])[1]}`;
        databaseUrl = url.toString();
      }
      await start();
      exporter = await login('exporter.bw@demo.test');
      importer = await login('importer.ae@demo.test');
      const operators = await call('GET', '/api/participants/BW/operators', exporter);
      exporterId = operators.body.find((o: { licenceNumber: string }) => o.licenceNumber === 'BW-DL-2024-0117').id;
    },
    async killLoop() {
      const started = performance.now();
      for (let round = 1; round <= KILLS; round++) {
        await life();
        if (kind === 'postgres' || round % DEEP_CHECK_EVERY === 0 || round === KILLS) await deepCheck();
        await start();
        await checkThroughApi();
      }
      figures.seconds = Math.round((performance.now() - started) / 1000);
    },
    /** PGlite: SIGKILL while a checkpoint writes dirty pages out, from a DB-level writer and from the server's closing checkpoint. */
    async checkpointKills() {
      for (let round = 0; round < CHECKPOINT_KILLS; round++) {
        await kill();
        const writer = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/support/checkpoint-writer.ts'), dataDir, '20000'], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(writer);
        let output = '';
        writer.stdout!.on('data', (chunk) => (output += chunk));
        writer.stderr!.on('data', (chunk) => (output += chunk));
        const exited = new Promise((resolve) => writer.once('exit', resolve));
        await new Promise<void>((resolve, reject) => {
          const timer = setInterval(() => {
            if (output.includes('CHECKPOINT-START')) {
              clearInterval(timer);
              resolve();
            }
          }, 1);
          writer.once('exit', () => {
            clearInterval(timer);
            reject(new Error(`checkpoint writer exited early: ${output}`));
          });
        });
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
        const finished = output.includes('CHECKPOINT-DONE');
        writer.kill('SIGKILL');
        await exited;
        figures.checkpointKills++;
        if (!finished) figures.checkpointKillsBeforeDone++;
        await start();
        await checkThroughApi();
        // The server's own shutdown checkpoint, cut short: SIGTERM starts the clean close, SIGKILL ends it.
        await life();
        await start();
        const closing = server!;
        const exitedServer = new Promise((resolve) => closing.once('exit', resolve));
        closing.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 150)));
        if (closing.exitCode === null) closing.kill('SIGKILL');
        await exitedServer;
        figures.checkpointKills++;
        await start();
        await checkThroughApi();
      }
    },
    async finish() {
      if (server) await kill();
      await deepCheck();
      const verified = auditVerify();
      await checker?.close();
      return verified;
    },
  };
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const kinds: Kind[] = process.env.DATABASE_URL ? ['postgres'] : ['pglite'];
// Each life: a restart (about 10 s here), a few seconds of traffic and the checks.
const BUDGET_MS = 180_000 + (KILLS + 2 * CHECKPOINT_KILLS) * 45_000;

for (const kind of kinds) {
  describe(`crash safety on ${kind}`, () => {
    const h = harness(kind);
    beforeAll(() => h.setUp(), 300_000);

    it(`keeps every acknowledged issue, receipt and void through ${KILLS} SIGKILLs, with gapless numbers and nothing half-written`, async () => {
      await h.killLoop();
      expect(h.figures.kills).toBe(KILLS);
      expect(h.figures.lostWrites).toBe(0);
      expect(h.figures.unexpectedResponses).toEqual([]);
      expect(h.figures.acknowledged.issue).toBeGreaterThan(KILLS);
    }, BUDGET_MS);

    // PGlite only: PostgreSQL's checkpoints belong to the shared server, which the test does not kill.
    // Not defined at all elsewhere (a skipped test would count as a failure in CI).
    if (kind === 'pglite' && CHECKPOINT_KILLS > 0) {
      it('recovers from a SIGKILL during a checkpoint', async () => {
        await h.checkpointKills();
        expect(h.figures.lostWrites).toBe(0);
        expect(h.figures.unexpectedResponses).toEqual([]);
      }, BUDGET_MS);
    }

    it('ends with every acknowledged operation stored and `kimberlite audit verify` passing', async () => {
      const verified = await h.finish();
      const { figures } = h;
      const states = [...h.tracked.values()].reduce<Record<string, number>>((count, t) => ({ ...count, [t.state]: (count[t.state] ?? 0) + 1 }), {});
      console.log(`crash safety figures ${JSON.stringify({ ...figures, certificatesByState: states, auditVerify: verified, seed: SEED })}`);
      expect(figures.lostWrites).toBe(0);
    }, 300_000);
  });
}

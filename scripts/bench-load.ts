// Load test (issue #8): the real HTTP server (startServer, demo mode) on 127.0.0.1 under autocannon
// at a sustained fixed rate, then stepped up until p99 latency or errors break down, for
//   a. public verification: anonymous POST /api/verify with the QR text of several demo certificates;
//   b. issuance: POST /api/certificates by the Botswana exporting officer, a new Idempotency-Key
//      on every request, so every request issues a new certificate.
// On PGlite (on disk, temporary directory) and, when reachable, PostgreSQL (a database created for
// the run and dropped after), side by side in one run. Afterwards the issuance is checked against
// the database: certificates issued against 2xx answers, numbers gapless.
//
//   npm run bench -- load
//   node --import tsx scripts/bench-load.ts
//
// BENCH_LOAD_SECONDS (20) sustained run, BENCH_LOAD_STEP_SECONDS (10) each step,
// BENCH_LOAD_VERIFY_RATE (50) and BENCH_LOAD_ISSUE_RATE (10) sustained rates per second,
// BENCH_LOAD_STEPS (4) steps at most, each twice the rate before, BENCH_LOAD_CONNECTIONS (32),
// BENCH_LOAD_P99_MS (1000) the p99 above which a step counts as broken down.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { and, eq, inArray, like } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { certificateCounters, certificates } from '../src/db/schema.ts';
import { startServer, type Running } from '../src/server.ts';
import { emptyPostgresDatabase, PG_URL } from './bench-database.ts';
import { botswanaDraft } from '../test/support/issue.ts';
import type { TestContext } from '../test/support/test-database.ts';

// What this file uses of autocannon beyond scripts/autocannon.d.ts.
declare module 'autocannon' {
  interface Histogram {
    p97_5: number;
    max: number;
    sent: number;
  }
  interface Result {
    duration: number;
  }
  interface Options {
    overallRate?: number;
    amount?: number;
    idReplacement?: boolean;
    requests?: { body?: string; headers?: Record<string, string> }[];
  }
}

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SECONDS = envNumber('BENCH_LOAD_SECONDS', 20);
const STEP_SECONDS = envNumber('BENCH_LOAD_STEP_SECONDS', 10);
const VERIFY_RATE = envNumber('BENCH_LOAD_VERIFY_RATE', 50);
const ISSUE_RATE = envNumber('BENCH_LOAD_ISSUE_RATE', 10);
const STEPS = envNumber('BENCH_LOAD_STEPS', 4);
const CONNECTIONS = envNumber('BENCH_LOAD_CONNECTIONS', 32);
const P99_LIMIT_MS = envNumber('BENCH_LOAD_P99_MS', 1000);
const DEMO_MONTHS = 2;
const VERIFIED_CERTIFICATES = 8;
/** The default limit is 120 a minute per client address; the whole load comes from one address. */
const VERIFY_LIMIT = 1e9;
const KEY_PREFIX = 'load-';
const WARM_UP_VERIFY = 40;
const WARM_UP_ISSUE = 5;

interface Run {
  target: number;
  seconds: number;
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** autocannon counts a timeout (no answer within 10 s) as an error too. */
const brokenDown = (run: Run) => run.rps < run.target * 0.95 || run.p99 > P99_LIMIT_MS || run.non2xx > 0 || run.errors > 0;

/**
 * rate × seconds requests at a fixed overall rate: a fixed count rather than a duration, so every
 * request is answered or times out (a duration-bound run drops what is in flight when it stops, and
 * the server issues those certificates all the same). A server below the rate stretches the run:
 * the steps stop at the first that breaks down. Latencies are corrected for coordinated omission (autocannon's default with a rate). One worker
 * thread fires the requests, so the load generator does not share the server's event loop.
 */
/**
 * Connections for a target rate: the largest count up to BENCH_LOAD_CONNECTIONS that divides the
 * rate. autocannon gives each connection a whole number of requests a second (50/s over 32
 * connections runs at 32/s), which would read as the server falling behind.
 */
function connectionsFor(rate: number): number {
  for (let count = Math.min(CONNECTIONS, rate); count > 1; count -= 1) if (rate % count === 0) return count;
  return 1;
}

async function fire(url: string, rate: number, seconds: number, options: { headers: Record<string, string>; requests: { body: string }[]; idReplacement?: boolean }): Promise<Run> {
  const result: Result = await autocannon({
    url,
    method: 'POST',
    headers: options.headers,
    requests: options.requests,
    idReplacement: options.idReplacement ?? false,
    connections: connectionsFor(rate),
    overallRate: rate,
    amount: Math.round(rate * seconds),
    workers: 1,
  });
  return {
    target: rate,
    seconds: result.duration,
    rps: (result['2xx'] + result.non2xx) / result.duration,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The sustained run, then steps at twice the rate each until one breaks down (or STEPS are done). */
async function sustainedThenSteps(at: (rate: number, seconds: number) => Promise<Run>, rate: number): Promise<{ sustained: Run; steps: Run[] }> {
  const sustained = await at(rate, SECONDS);
  const steps: Run[] = [];
  for (let step = 1; step <= STEPS; step++) {
    const run = await at(rate * 2 ** step, STEP_SECONDS);
    steps.push(run);
    if (brokenDown(run)) break;
  }
  return { sustained, steps };
}

async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-password' }) });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('kimberlite_session='));
  if (response.status !== 200 || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0];
}

/** QR texts of demo certificates that verify VALID online, from as many participants as there are. */
async function validSeals(running: Running): Promise<{ number: string; qr: string }[]> {
  const rows = await running.database.db.select({ number: certificates.number, seal: certificates.seal, participantCode: certificates.participantCode }).from(certificates).where(inArray(certificates.status, ['issued', 'received']));
  const chosen: { number: string; qr: string }[] = [];
  const participants = new Set<string>();
  // First one per participant, then fill up with any.
  for (const pass of [true, false]) {
    for (const row of rows) {
      if (chosen.length === VERIFIED_CERTIFICATES) return chosen;
      if ((pass && participants.has(row.participantCode)) || chosen.some((c) => c.number === row.number)) continue;
      const response = await fetch(`${running.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qr: row.seal }) });
      if ((await response.json()).verdict !== 'VALID') continue;
      participants.add(row.participantCode);
      chosen.push({ number: row.number, qr: row.seal });
    }
  }
  if (chosen.length === 0) throw new Error('no demo certificate verifies VALID');
  return chosen;
}

interface IssuanceCheck {
  issued: number;
  ok: number;
  sent: number;
  timeouts: number;
  gapless: boolean;
  numbers: string;
}

/** The server goes on issuing what the client stopped waiting for: wait until the count stands still. */
async function settledIssuedCount(running: Running): Promise<number> {
  const count = async () => (await running.database.db.select({ id: certificates.id }).from(certificates).where(like(certificates.idempotencyKey, `${KEY_PREFIX}%`))).length;
  let last = await count();
  for (let still = 0, polls = 0; still < 4 && polls < 120; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await count();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

/** Certificates the load issued (by their idempotency keys) against the 2xx count, and BW's serials for the year gapless. */
async function checkIssuance(running: Running, runs: Run[], warmUp: number): Promise<IssuanceCheck> {
  const db = running.database.db;
  await settledIssuedCount(running);
  const issued = await db.select({ year: certificates.year, number: certificates.number }).from(certificates).where(like(certificates.idempotencyKey, `${KEY_PREFIX}%`));
  const years = [...new Set(issued.map((row) => row.year))];
  let gapless = true;
  const ranges: string[] = [];
  for (const year of years) {
    const serials = (await db.select({ serial: certificates.serial }).from(certificates).where(and(eq(certificates.participantCode, 'BW'), eq(certificates.year, year)))).map((row) => row.serial).sort((a, b) => a - b);
    const [counter] = await db.select().from(certificateCounters).where(and(eq(certificateCounters.participantCode, 'BW'), eq(certificateCounters.year, year)));
    gapless &&= serials.every((serial, index) => serial === index + 1) && counter?.lastSerial === serials.length;
    const loadNumbers = issued.filter((row) => row.year === year).map((row) => row.number).sort();
    ranges.push(`${loadNumbers[0]}..${loadNumbers.at(-1)} (BW ${year}: serials 1..${serials.length}, counter ${counter?.lastSerial})`);
  }
  const total = (field: 'ok' | 'sent' | 'timeouts') => runs.reduce((sum, run) => sum + run[field], 0);
  return { issued: issued.length, ok: warmUp + total('ok'), sent: warmUp + total('sent'), timeouts: total('timeouts'), gapless, numbers: ranges.join('; ') };
}

interface DatabaseResult {
  label: string;
  startMs: number;
  verify: { sustained: Run; steps: Run[] };
  issue: { sustained: Run; steps: Run[] };
  check: IssuanceCheck;
  certificates: string[];
}

async function measure(label: string, databaseUrl: string | null): Promise<DatabaseResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-bench-load-'));
  const started = performance.now();
  const running = await startServer(
    loadConfig({}, { port: 0, host: '127.0.0.1', demo: true, demoMonths: DEMO_MONTHS, dataDir, databaseUrl, loginRateLimitPerMinute: 10000, verifyRateLimitPerMinute: VERIFY_LIMIT }),
    { logger: false },
  );
  const startMs = performance.now() - started;
  try {
    const url = running.url.replace('localhost', '127.0.0.1');
    const seals = await validSeals(running);
    // Warm-up, not reported: JIT, caches, pool connections.
    for (let i = 0; i < WARM_UP_VERIFY; i++) {
      await fetch(`${url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qr: seals[i % seals.length].qr }) }).then((response) => response.arrayBuffer());
    }
    const verify = await sustainedThenSteps(
      (rate, seconds) => fire(`${url}/api/verify`, rate, seconds, { headers: { 'content-type': 'application/json' }, requests: seals.map((seal) => ({ body: JSON.stringify({ qr: seal.qr }) })) }),
      VERIFY_RATE,
    );

    // Cookie sessions need no CSRF token: the server refuses a foreign Origin or Sec-Fetch-Site
    // cross-site, and autocannon sends neither.
    const cookie = await signIn(url, 'exporter.bw@demo.test');
    // the same Botswana → UAE draft the API tests issue
    const draft = JSON.stringify(await botswanaDraft({ deps: { db: running.database.db } } as unknown as TestContext));
    // autocannon replaces `[<id>]` with a new id on every request (headers included); a setupRequest
    // function could not cross into the worker thread.
    for (let i = 0; i < WARM_UP_ISSUE; i++) {
      const response = await fetch(`${url}/api/certificates`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `${KEY_PREFIX}warm-up-${i}` }, body: draft });
      if (response.status !== 201) throw new Error(`warm-up issue failed: ${response.status} ${await response.text()}`);
    }
    const issue = await sustainedThenSteps(
      (rate, seconds) =>
        fire(`${url}/api/certificates`, rate, seconds, { headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `${KEY_PREFIX}[<id>]` }, requests: [{ body: draft }], idReplacement: true }),
      ISSUE_RATE,
    );
    const check = await checkIssuance(running, [issue.sustained, ...issue.steps], WARM_UP_ISSUE);
    return { label, startMs, verify, issue, check, certificates: seals.map((seal) => seal.number) };
  } finally {
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function row(what: string, run: Run): string {
  const cells = [run.target.toFixed(0), run.rps.toFixed(1), run.seconds.toFixed(1), run.p50.toFixed(0), run.p97_5.toFixed(0), run.p99.toFixed(0), run.max.toFixed(0), String(run.ok), String(run.non2xx), `${run.errors - run.timeouts}/${run.timeouts}`];
  const widths = [7, 9, 6, 7, 8, 7, 7, 7, 8, 9];
  return `${what.padEnd(22)}${cells.map((cell, i) => cell.padStart(widths[i])).join('')}${brokenDown(run) ? '  broke down' : ''}`;
}

function print(result: DatabaseResult) {
  console.log(`\n${result.label}: server ready in ${(result.startMs / 1000).toFixed(1)} s (demo, ${DEMO_MONTHS} months); verified certificates ${result.certificates.join(', ')}`);
  console.log('scenario              target  req/s   s      p50   p97.5    p99    max    2xx  non-2xx err/tmo  (ms)');
  for (const [name, runs] of [['verify', result.verify], ['issue', result.issue]] as const) {
    console.log(row(`${name} sustained`, runs.sustained));
    runs.steps.forEach((run, index) => console.log(row(`${name} step ${index + 1}`, run)));
  }
  const { check } = result;
  const unanswered = check.issued - check.ok;
  console.log(
    `issuance check: ${check.issued} certificates issued by the load (${WARM_UP_ISSUE} warm-up included), ${check.ok} 2xx answers: ${unanswered === 0 ? 'equal' : `${unanswered} issued without a 2xx reaching the client (${check.timeouts} timed out on the client, ${check.sent} requests sent)`}; numbers ${check.gapless ? 'gapless' : 'NOT gapless'}: ${check.numbers}`,
  );
}

/** Highest target rate that did not break down (the sustained rate counts as the first). */
function lastHeld(runs: { sustained: Run; steps: Run[] }): number {
  return [runs.sustained, ...runs.steps].filter((run) => !brokenDown(run)).reduce((best, run) => Math.max(best, run.target), 0);
}

export async function benchLoad(): Promise<void> {
  console.log(`\nLoad test over 127.0.0.1 (autocannon 8, 1 worker thread, up to ${CONNECTIONS} connections (the most that divide the rate), fixed overall rate, latency corrected for coordinated omission)`);
  console.log(`sustained ${SECONDS} s, then steps of ${STEP_SECONDS} s at twice the rate each (at most ${STEPS}) until one breaks down: req/s < 95 % of target, p99 > ${P99_LIMIT_MS} ms, or any non-2xx, error or timeout`);
  console.log(`verification rate limit raised for the bench: verifyRateLimitPerMinute ${VERIFY_LIMIT} (default 120 per client address)`);
  console.log(`load average before: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()} (${os.cpus().length} CPUs)`);
  const results = [await measure('PGlite (disk)', null)];
  const postgres = await emptyPostgresDatabase();
  if (postgres) {
    try {
      results.push(await measure('PostgreSQL', postgres.url));
    } finally {
      await postgres.drop();
    }
  } else console.log(`PostgreSQL not reachable at ${PG_URL}: PGlite only`);
  for (const result of results) print(result);
  if (results.length === 2) {
    const [lite, pgr] = results;
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
    console.log('\nratio PostgreSQL ÷ PGlite (sustained runs; highest rate held)');
    for (const name of ['verify', 'issue'] as const) {
      const [l, p] = [lite[name].sustained, pgr[name].sustained];
      console.log(`${name.padEnd(7)} req/s ${ratio(p.rps, l.rps)}, p50 ${ratio(p.p50, l.p50)}, p99 ${ratio(p.p99, l.p99)}, highest rate held ${lastHeld(pgr[name])} vs ${lastHeld(lite[name])}/s (${ratio(lastHeld(pgr[name]), lastHeld(lite[name]))})`);
    }
  }
  console.log(`load average after: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchLoad();

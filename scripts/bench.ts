// Side-by-side benchmark of the foundation on embedded PGlite and on PostgreSQL (when reachable):
// public register reads and audited writes, in one run, so the printed ratios compare like with like.
// Sections: foundation, verify, statistics (scripts/bench-statistics.ts), footprints, custody (scripts/bench-custody.ts), load (scripts/bench-load.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { operators } from '../src/db/schema.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { buildApp } from '../src/http/app.ts';
import { seedRegister } from '../src/participants/seed-register.ts';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { verify as nodeVerify } from 'node:crypto';
import { canonicalBytes } from '../src/certificates/credential.ts';
import { makeSeal } from '../src/certificates/seal.ts';
import { toSealPayload } from '../src/certificates/seal-payload.ts';
import { seedEmbargoes } from '../src/certificates/seed-embargoes.ts';
import { generateSigningKey, publicKeyObject, signBytes } from '../src/certificates/signing-keys.ts';
import { verifyCertificate, type TrustList } from '../src/verification/verifier.ts';
import { sampleContent } from '../test/support/sample-certificate.ts';
import { PG_URL, postgresDatabase } from './bench-database.ts';
import { benchStatistics } from './bench-statistics.ts';
import { benchFootprints } from './bench-footprints.ts';
import { benchLoad } from './bench-load.ts';
import { benchCustody } from './bench-custody.ts';

const READS = 400;
const WRITES = 150;
const CERTIFICATES = 200;
const CLIENTS = 8;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)];
}

async function measure(label: string, database: OpenDatabase) {
  const config = loadConfig({}, { demo: true, dataDir: 'memory://', loginRateLimitPerMinute: 1e6 });
  const deps: Deps = { db: database.db, config, now: () => new Date() };
  await inTransaction(database.db, (tx) => seedRegister(tx));
  await seedDemo(deps);
  const { app } = await buildApp({ deps, logger: process.env.BENCH_LOG ? { level: 'error' } : false });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'exporter.bw@demo.test', password: 'demo-password' } });
  const cookie = `kimberlite_session=${login.cookies[0].value}`;

  const reads: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url: '/api/participants' });
    if (response.statusCode !== 200) throw new Error('read failed');
    reads.push(performance.now() - started);
  }
  const writes: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: '/api/participants/BW/operators',
      headers: { cookie },
      payload: { name: `Bench ${i}`, address: 'Gaborone', licenceNumber: `BENCH-${i}`, licenceTypes: ['dealer'], validFrom: '2026-01-01', validUntil: '2027-01-01' },
    });
    if (response.statusCode !== 201) throw new Error(`write failed ${response.body}`);
    writes.push(performance.now() - started);
  }

  // Issuance over real HTTP: signed, audited, committed; the PDF is rendered on request, not here.
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const [kalahari] = await database.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  const body = JSON.stringify({
    importingParticipant: 'AE',
    exporterId: kalahari.id,
    importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
    originCountries: ['BW'],
    parcels: [
      { hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' },
      { hsCode: '7102.21', carats: '1210.00', valueUsd: '24200.00' },
    ],
  });
  const exporterLogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'exporter.bw@demo.test', password: 'demo-password' } });
  const exporterCookie = `kimberlite_session=${exporterLogin.cookies[0].value}`;
  const issueOne = async () => {
    const response = await fetch(`${address}/api/certificates`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: exporterCookie }, body });
    if (response.status !== 201) throw new Error(`issue failed ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  await issueOne();
  let started = performance.now();
  for (let i = 0; i < CERTIFICATES; i++) await issueOne();
  const issueSequential = CERTIFICATES / ((performance.now() - started) / 1000);
  started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = 0; i < CERTIFICATES / CLIENTS; i++) await issueOne();
  }));
  const issueConcurrent = CERTIFICATES / ((performance.now() - started) / 1000);

  // Baseline on the same database: one single-row INSERT per transaction, committed.
  await database.db.execute(sql`create table bench_raw (id bigserial primary key, body text not null)`);
  started = performance.now();
  for (let i = 0; i < CERTIFICATES; i++) await database.db.execute(sql`insert into bench_raw (body) values (${body})`);
  const rawInserts = CERTIFICATES / ((performance.now() - started) / 1000);

  await app.close();
  await database.close();
  return { label, readMedian: median(reads), readP95: p95(reads), writeMedian: median(writes), writeP95: p95(writes), issueSequential, issueConcurrent, rawInserts };
}

/** `npm run bench` runs every section; `npm run bench -- verify` (or `foundation`, `statistics`, `footprints`, `load`, `custody`) runs one. */
const sections = new Set(process.argv.slice(2));
const runs = (section: 'foundation' | 'verify' | 'statistics' | 'footprints' | 'load' | 'custody') => sections.size === 0 || sections.has(section);

if (runs('foundation')) {
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-bench-'));
  const results = [await measure('pglite', await openDatabase({ databaseUrl: null, dataDir: pgliteDir }))];
  fs.rmSync(pgliteDir, { recursive: true, force: true });
  const postgres = await postgresDatabase();
  if (postgres) results.push(await measure('postgres', postgres));
  else console.log(`PostgreSQL not reachable at ${PG_URL}: PGlite only`);

  console.log(`\nKimberlite foundation benchmark (in-process HTTP, ${READS} reads of GET /api/participants, ${WRITES} audited operator registrations)`);
  console.log('database   read median   read p95   write median   write p95   (ms)');
  for (const r of results) {
    console.log(`${r.label.padEnd(10)} ${r.readMedian.toFixed(2).padStart(11)} ${r.readP95.toFixed(2).padStart(10)} ${r.writeMedian.toFixed(2).padStart(14)} ${r.writeP95.toFixed(2).padStart(11)}`);
  }
  if (results.length === 2) {
    const [lite, pgr] = results;
    console.log(`ratio postgres/pglite: reads ${(pgr.readMedian / lite.readMedian).toFixed(2)}x, writes ${(pgr.writeMedian / lite.writeMedian).toFixed(2)}x`);
  }
  console.log(`\nCertificate issuance over HTTP (${CERTIFICATES} certificates: signed, sealed, audited, committed) beside raw single-row INSERT+COMMIT on the same database`);
  console.log('database   issue/s (1 client)   issue/s (8 clients)   raw insert/s   issue(1)/raw');
  for (const r of results) {
    console.log(`${r.label.padEnd(10)} ${r.issueSequential.toFixed(1).padStart(18)} ${r.issueConcurrent.toFixed(1).padStart(21)} ${r.rawInserts.toFixed(1).padStart(14)} ${(r.issueSequential / r.rawInserts).toFixed(3).padStart(14)}`);
  }
}

/** Calls per second of `call`, awaited one after another, for `seconds` after a short warm-up. */
async function callsPerSecond(seconds: number, call: () => unknown): Promise<number> {
  for (let i = 0; i < 500; i++) await call();
  const started = performance.now();
  const until = started + seconds * 1000;
  let calls = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) await call();
    calls += 100;
  }
  return calls / ((performance.now() - started) / 1000);
}

const VERIFY_SECONDS = 3;

/** The QR seal verified offline (decode, inflate, JCS, Ed25519, trust-list checks) beside bare Ed25519 on the same signed bytes. */
async function measureOfflineVerification() {
  const key = generateSigningKey();
  const kid = 'bench-bw-2026';
  const content = sampleContent();
  const seal = makeSeal(content, kid, key.privateKey);
  const standing = [{ status: 'participant', effectiveOn: '2003-01-01' }];
  const trustList: TrustList = {
    type: 'KimberliteTrustList',
    version: 1,
    issuer: 'Kimberley Process register',
    issuedAt: '2026-11-30T00:00:00.000Z',
    registerKid: 'bench-register',
    keys: [
      {
        kid,
        participant: 'BW',
        scope: 'certificate',
        publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey },
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
        revokedAt: null,
        revocationReason: null,
      },
    ],
    participants: { BW: standing, AE: standing },
    fraudulentNumbers: [],
    proof: { kid: 'bench-register', signature: '' },
  };
  const context = { trustList, now: new Date('2026-12-01T12:00:00Z') };
  const verdict = (await verifyCertificate({ text: seal }, context)).verdict;
  if (verdict !== 'VALID') throw new Error(`bench seal does not verify: ${verdict}`);

  // The exact bytes the seal signs: JCS of the seal payload.
  const message = new Uint8Array(canonicalBytes(toSealPayload(content, kid)));
  const signature = new Uint8Array(signBytes(message, key.privateKey));
  const nodeKey = publicKeyObject(key.publicKey);
  const webKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, { name: 'Ed25519' }, false, ['verify']);
  if (!nodeVerify(null, message, nodeKey, signature) || !(await crypto.subtle.verify('Ed25519', webKey, signature, message))) throw new Error('raw verify failed');

  const seal_ = await callsPerSecond(VERIFY_SECONDS, () => verifyCertificate({ text: seal }, context));
  const node = await callsPerSecond(VERIFY_SECONDS, () => nodeVerify(null, message, nodeKey, signature));
  const web = await callsPerSecond(VERIFY_SECONDS, () => crypto.subtle.verify('Ed25519', webKey, signature, message));
  return { sealChars: seal.length, messageBytes: message.length, seal: seal_, node, web };
}

const LOAD = { connections: 10, duration: 5 };

interface Load {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  refused: number;
  errors: number;
}

async function load(label: string, url: string, body: string): Promise<Load> {
  // One worker thread fires the requests, so the load generator does not share the server's event loop.
  const result = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, ...LOAD, workers: 1 });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** POST /api/verify (online: register lookup; a VALID result records no attempt) over loopback beside a bare Fastify route, same load. */
async function measureVerifyEndpoint(): Promise<Load[]> {
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ verdict: 'VALID' }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  const config = loadConfig({}, { demo: true, dataDir: 'memory://', loginRateLimitPerMinute: 1e6, verifyRateLimitPerMinute: 1e9 });
  const deps: Deps = { db: database.db, config, now: () => new Date() };
  await inTransaction(database.db, async (tx) => {
    await seedRegister(tx);
    await seedEmbargoes(tx);
  });
  await seedDemo(deps);
  const { app } = await buildApp({ deps, logger: false });
  const [kalahari] = await database.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'exporter.bw@demo.test', password: 'demo-password' } });
  const issued = await app.inject({
    method: 'POST',
    url: '/api/certificates',
    headers: { cookie: `kimberlite_session=${login.cookies[0].value}` },
    payload: {
      importingParticipant: 'AE',
      exporterId: kalahari.id,
      importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
      originCountries: ['BW'],
      parcels: [{ hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' }],
    },
  });
  if (issued.statusCode !== 201) throw new Error(`issue failed ${issued.body}`);
  const body = JSON.stringify({ qr: issued.json().seal });
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const check = await fetch(`${appUrl}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const verdict = (await check.json()).verdict;
  if (verdict !== 'VALID') throw new Error(`bench certificate verifies ${verdict}`);

  // The same app and database with the default limiter (per client address): one client is mostly refused.
  const limitedConfig = loadConfig({}, { demo: true, dataDir: 'memory://' });
  const { app: limited } = await buildApp({ deps: { ...deps, config: limitedConfig }, logger: false });
  const limitedUrl = await limited.listen({ host: '127.0.0.1', port: 0 });

  const results = [
    await load('bare Fastify POST /bare', `${bareUrl}/bare`, body),
    await load('POST /api/verify, limiter 1e9/min', `${appUrl}/api/verify`, body),
    await load(`POST /api/verify, default limiter ${limitedConfig.verifyRateLimitPerMinute}/min`, `${limitedUrl}/api/verify`, body),
  ];
  await limited.close();
  await app.close();
  await bare.close();
  await database.close();
  return results;
}

if (runs('verify')) {
  const offline = await measureOfflineVerification();
  console.log(`\nOffline verification of the QR form (seal ${offline.sealChars} chars, signed payload ${offline.messageBytes} bytes), ${VERIFY_SECONDS} s each, one after another`);
  console.log('what                                               verifications/s');
  console.log(`verifyCertificate({ text: seal }) offline     ${offline.seal.toFixed(0).padStart(20)}`);
  console.log(`node:crypto verify (Ed25519, same bytes)      ${offline.node.toFixed(0).padStart(20)}`);
  console.log(`crypto.subtle.verify (Ed25519, same bytes)    ${offline.web.toFixed(0).padStart(20)}`);
  console.log(`ratio seal/node ${(offline.seal / offline.node).toFixed(3)}, seal/webcrypto ${(offline.seal / offline.web).toFixed(3)}, webcrypto/node ${(offline.web / offline.node).toFixed(3)}`);

  const loads = await measureVerifyEndpoint();
  console.log(`\nPOST over loopback under autocannon (${LOAD.connections} connections, ${LOAD.duration} s each, PGlite in memory), same body (the QR text)`);
  console.log('target                                          req/s    p50 ms   p99 ms      2xx   non-2xx  errors');
  for (const r of loads) {
    console.log(`${r.label.padEnd(44)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(9)} ${r.p99.toFixed(1).padStart(8)} ${String(r.ok).padStart(8)} ${String(r.refused).padStart(9)} ${String(r.errors).padStart(7)}`);
  }
  const [bareLoad, verifyLoad] = loads;
  // autocannon reports whole milliseconds: a bare p99 under 1 ms reads as 0, so the ratio is taken against 1 ms then.
  const p99Ratio = bareLoad.p99 >= 1 ? `${(verifyLoad.p99 / bareLoad.p99).toFixed(1)}x` : `≥ ${verifyLoad.p99.toFixed(0)}x (bare p99 < 1 ms)`;
  console.log(`ratio /api/verify ÷ bare: throughput ${(verifyLoad.rps / bareLoad.rps).toFixed(3)}, p99 ${p99Ratio}`);
}

if (runs('statistics')) await benchStatistics();
if (runs('footprints')) await benchFootprints();
if (runs('custody')) await benchCustody();
if (runs('load')) await benchLoad();

// Side-by-side benchmark of the foundation on embedded PGlite and on PostgreSQL (when reachable):
// public register reads and audited writes, in one run, so the printed ratios compare like with like.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { operators } from '../src/db/schema.ts';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { buildApp } from '../src/http/app.ts';
import { seedRegister } from '../src/participants/seed-register.ts';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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

async function postgresDatabase(): Promise<OpenDatabase | null> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `kimberlite_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
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

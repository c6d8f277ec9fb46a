// Public statistics at scale: N synthetic certificates (with parcels and receipts) generated inside
// the database, then the global annual summary and one participant page measured warm, beside a
// naive GROUP BY over the raw certificates in the same run, on PGlite and on PostgreSQL.
//
//   npm run bench -- statistics
//   BENCH_STATISTICS_CERTIFICATES_PG=100000 BENCH_STATISTICS_CERTIFICATES_PGLITE=100000 node --import tsx scripts/bench-statistics.ts
//
// The rows go through the real schema with every constraint and trigger in place (foreign keys,
// append-only receipts and parcels, the statistics totals): nothing is disabled. They are not
// signed: `document` is a small JSON stand-in for the credential and `seal` a placeholder, and no
// audit entries are written, because statistics read neither.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db, type OpenDatabase } from '../src/db/database.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { seedRegister } from '../src/participants/seed-register.ts';
import { getGlobalStatistics } from '../src/statistics/get-global-statistics.ts';
import { getParticipantStatistics } from '../src/statistics/get-participant-statistics.ts';
import { receiptsByYear, tradeByYear } from '../src/statistics/statistics-repository.ts';
import { PG_URL, postgresDatabase } from './bench-database.ts';

const YEAR = 2025;
const PARTICIPANT = 'BW';
const RUNS = 7;
const WARM_UP = 2;
const FIRST_DAY = '2004-01-01';
const LAST_DAY = '2026-12-31';

/**
 * Who ships rough diamonds to whom, weighted roughly like KP trade by number of certificates:
 * producers (BW, RU, CA, ZA, AO, NA, CD…) to the cutting and trading centres (the EU through
 * Antwerp, the UAE, India, Israel), which re-export among themselves. $/ct is the typical value of
 * the exporter's mix (high in Lesotho and Namibia, low in the DRC and Zimbabwe).
 */
const EXPORTERS: { code: string; weight: number; usdPerCarat: number; origins: string[]; importers: Record<string, number>; territories?: Record<string, number> }[] = [
  { code: 'EU', weight: 16, usdPerCarat: 140, origins: ['BW', 'RU', 'ZA', 'CA', 'AO', 'NA'], importers: { IN: 30, AE: 25, IL: 12, CN: 8, US: 8, CH: 5, TH: 4, BW: 3, ZA: 3, CA: 2 }, territories: { BE: 78, DE: 5, NL: 4, IT: 3, FR: 3, PT: 3, CZ: 2, AT: 2 } },
  { code: 'AE', weight: 14, usdPerCarat: 90, origins: ['BW', 'ZA', 'RU', 'AO', 'CD', 'ZW'], importers: { IN: 35, EU: 25, IL: 10, CN: 10, US: 5, CH: 5, TH: 5, LB: 3, SG: 2 } },
  { code: 'BW', weight: 12, usdPerCarat: 180, origins: ['BW'], importers: { EU: 35, AE: 25, IN: 20, IL: 10, ZA: 5, CN: 5 } },
  { code: 'RU', weight: 10, usdPerCarat: 110, origins: ['RU'], importers: { EU: 30, IN: 25, AE: 20, CN: 10, IL: 5, US: 5, CH: 5 } },
  { code: 'IN', weight: 10, usdPerCarat: 60, origins: ['BW', 'RU', 'ZA', 'AO', 'CD'], importers: { EU: 40, AE: 35, IL: 10, CN: 5, US: 5, TH: 5 } },
  { code: 'ZA', weight: 7, usdPerCarat: 130, origins: ['ZA'], importers: { EU: 35, AE: 20, IN: 20, CN: 10, IL: 10, BW: 5 } },
  { code: 'CA', weight: 5, usdPerCarat: 160, origins: ['CA'], importers: { EU: 45, IN: 20, AE: 15, US: 10, IL: 10 } },
  { code: 'IL', weight: 4, usdPerCarat: 250, origins: ['BW', 'RU', 'ZA', 'NA'], importers: { EU: 40, IN: 30, AE: 15, US: 15 } },
  { code: 'AO', weight: 3, usdPerCarat: 140, origins: ['AO'], importers: { AE: 45, EU: 35, IN: 10, IL: 10 } },
  { code: 'CD', weight: 3, usdPerCarat: 12, origins: ['CD'], importers: { AE: 60, EU: 25, IN: 15 } },
  { code: 'NA', weight: 2, usdPerCarat: 550, origins: ['NA'], importers: { EU: 60, AE: 20, BW: 20 } },
  { code: 'CN', weight: 2, usdPerCarat: 80, origins: ['ZA', 'RU', 'BW'], importers: { AE: 30, EU: 25, IN: 25, US: 10, TH: 10 } },
  { code: 'ZW', weight: 1.5, usdPerCarat: 50, origins: ['ZW'], importers: { AE: 50, EU: 20, IN: 20, CN: 10 } },
  { code: 'US', weight: 1.5, usdPerCarat: 200, origins: ['CA', 'BW', 'RU'], importers: { EU: 40, IN: 30, AE: 20, IL: 10 } },
  { code: 'AU', weight: 1, usdPerCarat: 25, origins: ['AU'], importers: { EU: 60, IN: 30, AE: 10 } },
  { code: 'SL', weight: 1, usdPerCarat: 300, origins: ['SL'], importers: { EU: 60, AE: 30, IL: 10 } },
  { code: 'CH', weight: 1, usdPerCarat: 300, origins: ['BW', 'RU', 'ZA'], importers: { EU: 50, AE: 25, IN: 25 } },
  { code: 'LS', weight: 0.5, usdPerCarat: 1800, origins: ['LS'], importers: { EU: 80, AE: 20 } },
  { code: 'TZ', weight: 0.5, usdPerCarat: 250, origins: ['TZ'], importers: { EU: 50, AE: 50 } },
  { code: 'GN', weight: 0.5, usdPerCarat: 80, origins: ['GN'], importers: { AE: 70, EU: 30 } },
  { code: 'GH', weight: 0.3, usdPerCarat: 30, origins: ['GH'], importers: { AE: 60, EU: 40 } },
  { code: 'CF', weight: 0.3, usdPerCarat: 150, origins: ['CF'], importers: { EU: 50, AE: 50 } },
];

interface Flow {
  id: number;
  exporter: string;
  territory: string | null;
  importer: string;
  origins: string[];
  usdPerCarat: number;
  weight: number;
}

/** Every (exporter, member state, importer) with its share of all certificates. */
function flows(): Flow[] {
  const total = EXPORTERS.reduce((sum, e) => sum + e.weight, 0);
  const list: Flow[] = [];
  for (const exporter of EXPORTERS) {
    const importersTotal = Object.values(exporter.importers).reduce((a, b) => a + b, 0);
    const territories = exporter.territories ?? { '': 1 };
    const territoriesTotal = Object.values(territories).reduce((a, b) => a + b, 0);
    for (const [territory, territoryWeight] of Object.entries(territories)) {
      for (const [importer, importerWeight] of Object.entries(exporter.importers)) {
        list.push({
          id: list.length,
          exporter: exporter.code,
          territory: territory || null,
          importer,
          origins: exporter.origins,
          usdPerCarat: exporter.usdPerCarat,
          weight: (exporter.weight / total) * (territoryWeight / territoriesTotal) * (importerWeight / importersTotal),
        });
      }
    }
  }
  return list;
}

/** 10,000 slots shared out by weight: a certificate picks a slot at random, and with it a flow. */
const SLOTS = 10_000;
function slots(list: Flow[]): number[] {
  const result: number[] = [];
  let cumulative = 0;
  for (const flow of list) {
    cumulative += flow.weight;
    while (result.length < Math.round(cumulative * SLOTS)) result.push(flow.id);
  }
  while (result.length < SLOTS) result.push(list[list.length - 1].id);
  return result;
}

const quote = (value: string | null) => (value === null ? 'null' : `'${value.replace(/'/g, "''")}'`);

/** Seconds spent per kind of generator statement, printed with BENCH_LOG=1. */
const stepTimes = new Map<string, number>();
const exec = (db: Db, text: string) => execStatement(db, text);
async function execStatement(db: Db, text: string) {
  const started = performance.now();
  let result: { rows: Record<string, unknown>[] };
  for (let attempt = 1; ; attempt++) {
    try {
      result = (await db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] };
      break;
    } catch (error) {
      // Two generator streams may still deadlock on a statistics bucket (each statement commits alone): retry it.
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code !== '40P01' || attempt >= 5) throw error;
    }
  }
  const step = text.trim().split(/\s+/).slice(0, 3).join(' ');
  stepTimes.set(step, (stepTimes.get(step) ?? 0) + performance.now() - started);
  return result;
}

/** The register, one signing key per exporter, and the lookup tables the generator reads. */
async function prepare(db: Db, streams: number) {
  await inTransaction(db, (tx) => seedRegister(tx));
  const list = flows();
  const exporters = [...new Set(list.map((flow) => flow.exporter))];
  await exec(
    db,
    `insert into signing_keys (kid, scope, participant_code, public_key, sealed_private_key, valid_from)
     values ${exporters.map((code) => `('bench-${code}', 'authority', '${code}', 'bench', 'bench', '${FIRST_DAY}')`).join(', ')}`,
  );
  await exec(db, `create unlogged table bench_flows (id int primary key, exporter text not null, territory text, importer text not null, origins jsonb not null, usd_per_carat int not null)`);
  await exec(
    db,
    `insert into bench_flows values ${list.map((f) => `(${f.id}, '${f.exporter}', ${quote(f.territory)}, '${f.importer}', '${JSON.stringify(f.origins)}', ${f.usdPerCarat})`).join(', ')}`,
  );
  await exec(db, `create unlogged table bench_slots (slot int primary key, flow int not null)`);
  await exec(db, `insert into bench_slots select s - 1, (array[${slots(list).join(',')}])[s] from generate_series(1, ${SLOTS}) s`);
  for (let stream = 0; stream < streams; stream++) {
    const staging = (text: string) => text.replace(/\bbench_(batch|parcels|totals)\b/g, `bench_$1_${stream}`);
  await exec(
    db,
    staging(`create unlogged table bench_batch (n bigint primary key, id uuid not null, number text not null, exporter text not null, territory text, importer text not null,
      origins jsonb not null, usd_per_carat int not null, issue_date date not null, parcel_count int not null, status text not null, received_after int not null,
      discrepancy boolean not null, replaces text, replaced_by text)`),
  );
  await exec(db, staging(`create unlogged table bench_parcels (n bigint not null, position int not null, hs_code text not null, carats bigint not null, value_cents bigint not null)`));
  await exec(db, staging(`create unlogged table bench_totals (n bigint primary key, carats bigint not null, value_cents bigint not null)`));
  }
}

/**
 * Certificates [from, to) of `total`. Issue dates run from 2004 to 2026 in the order of n (so ids,
 * like the application's UUIDv7, follow issuance); statuses: ~1.5 % voided, ~1 % replaced (by the
 * next certificate), ~1 % never confirmed, received otherwise unless the receipt would fall after
 * 2026; 1–4 parcels of 7102.31 (68 %), 7102.21 (17 %) or 7102.10 (15 %), log-uniform 30–54,000 ct,
 * valued at the exporter's $/ct (×1.25 gem, ×0.12 industrial, ×0.9 unsorted) ± 40 %.
 */
async function generateBatch(db: Db, from: number, to: number, total: number, stream: number) {
  const exec = (db: Db, text: string) => execStatement(db, text.replace(/\bbench_(batch|parcels|totals)\b/g, `bench_$1_${stream}`));
  await exec(db, `truncate bench_batch, bench_parcels, bench_totals`);
  await exec(
    db,
    `insert into bench_batch
     select n, id, number, exporter, territory, importer, origins, usd_per_carat, issue_date, parcel_count, status, received_after, discrepancy,
       case when lag(status) over (order by n) = 'replaced' then lag(number) over (order by n) end,
       case when status = 'replaced' then lead(number) over (order by n) end
     from (
       select g.n, (lpad(to_hex(g.n), 12, '0') || '7000' || '8000' || lpad(to_hex(g.n), 12, '0'))::uuid as id,
         f.exporter || '-' || extract(year from g.issue_date)::int || '-' || lpad(g.n::text, 8, '0') as number,
         f.exporter, f.territory, f.importer, f.origins, f.usd_per_carat, g.issue_date,
         case when g.p < 0.55 then 1 when g.p < 0.85 then 2 when g.p < 0.95 then 3 else 4 end as parcel_count,
         case when g.fate < 0.015 then 'voided' when g.fate < 0.025 then 'replaced'
              when g.fate < 0.035 or g.issue_date + g.received_after > date '${LAST_DAY}' then 'issued' else 'received' end as status,
         g.received_after, g.d < 0.03 as discrepancy
       from (
         select n, floor(random() * ${SLOTS})::int as slot, random() as p, random() as fate, random() as d, 2 + floor(random() * 25)::int as received_after,
           date '${FIRST_DAY}' + floor(n::float8 * (date '${LAST_DAY}' - date '${FIRST_DAY}' + 1) / ${total})::int as issue_date
         from generate_series(${from}, ${to - 1}) n
       ) g
       join bench_slots s on s.slot = g.slot
       join bench_flows f on f.id = s.flow
     ) b`,
  );
  await exec(
    db,
    `insert into bench_parcels
     select n, position, hs_code, carats, (carats * usd_per_carat * factor * (0.6 + 0.8 * jitter))::bigint
     from (
       select b.n, p.position, b.usd_per_carat, random() as jitter,
         (exp(3.4 + random() * 7.5) * 100)::bigint as carats,
         h.hs_code, h.factor
       from bench_batch b
       cross join lateral generate_series(0, b.parcel_count - 1) p(position)
       cross join lateral (
         select case when r < 0.68 then '7102.31' when r < 0.85 then '7102.21' else '7102.10' end as hs_code,
                case when r < 0.68 then 1.25 when r < 0.85 then 0.12 else 0.9 end as factor
         from (select random() + 0 * p.position as r) r
       ) h
     ) x`,
  );
  await exec(db, `insert into bench_totals select n, sum(carats), sum(value_cents) from bench_parcels group by n`);
  await exec(
    db,
    `insert into certificates (id, number, participant_code, year, serial, territory_code, importing_participant, status, issue_date, expiry_date,
       total_carats, total_value_cents, parcel_count, document, seal, kid, issued_by, issued_at, replaces_number, replaced_by_number, voided_at, void_reason)
     select b.id, b.number, b.exporter, extract(year from b.issue_date)::int, b.n, b.territory, b.importer, b.status, b.issue_date, b.issue_date + 60,
       t.carats, t.value_cents, b.parcel_count,
       jsonb_build_object('synthetic', true, 'number', b.number, 'importingParticipant', b.importer, 'origin', jsonb_build_object('countries', b.origins),
         'issueDate', b.issue_date, 'totals', jsonb_build_object('carats', t.carats, 'valueCents', t.value_cents)),
       'BENCH:' || md5(b.number), 'bench-' || b.exporter, '00000000-0000-7000-8000-000000000000', b.issue_date + time '10:00',
       b.replaces, b.replaced_by,
       case when b.status in ('voided', 'replaced') then b.issue_date + time '16:00' end,
       case b.status when 'voided' then 'shipment cancelled' when 'replaced' then 'weights corrected' end
     from bench_batch b join bench_totals t on t.n = b.n
     order by b.n`,
  );
  await exec(
    db,
    `insert into certificate_parcels (certificate_id, position, hs_code, carats, value_cents)
     select b.id, p.position, p.hs_code, p.carats, p.value_cents from bench_parcels p join bench_batch b on b.n = p.n order by p.n, p.position`,
  );
  await exec(
    db,
    `insert into certificate_receipts (certificate_id, certificate_number, participant_code, received_on, parcel_count, carats, importer_name, exporter_name,
       seal_intact, outcome, discrepancies, recorded_by, recorded_at, via)
     select b.id, b.number, b.importer, b.issue_date + b.received_after, b.parcel_count,
       case when b.discrepancy then t.carats - t.carats / 200 else t.carats end,
       'Importer in ' || b.importer, 'Exporter in ' || b.exporter, true,
       case when b.discrepancy then 'discrepancy' else 'matched' end,
       case when b.discrepancy then jsonb_build_array(jsonb_build_object('field', 'carats', 'onCertificate', t.carats, 'found', t.carats - t.carats / 200)) else '[]'::jsonb end,
       '00000000-0000-7000-8000-000000000001', b.issue_date + b.received_after + time '09:00', 'session'
     from bench_batch b join bench_totals t on t.n = b.n where b.status = 'received' order by b.n`,
  );
}

async function generate(db: Db, total: number, batch: number, label: string, streams: number) {
  await prepare(db, streams);
  const started = performance.now();
  let next = 0;
  let done = 0;
  // Streams take batches in turn; PostgreSQL runs them on separate connections of the pool.
  await Promise.all(
    Array.from({ length: streams }, async (_, stream) => {
      while (next < total) {
        const from = next;
        next = Math.min(total, next + batch);
        await generateBatch(db, from, Math.min(total, from + batch), total, stream);
        done += Math.min(total, from + batch) - from;
        if (done % (batch * 10) === 0 || done === total) console.log(`  ${label}: ${done.toLocaleString('en')} certificates in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }),
  );
  await exec(db, `insert into certificate_counters (participant_code, year, last_serial) select participant_code, year, max(serial) from certificates group by 1, 2`);
  for (let stream = 0; stream < streams; stream++) await exec(db, `drop table bench_batch_${stream}, bench_parcels_${stream}, bench_totals_${stream}`);
  await exec(db, `drop table bench_slots, bench_flows`);
  const generation = (performance.now() - started) / 1000;
  if (process.env.BENCH_LOG) for (const [step, ms] of stepTimes) console.log(`    ${step.padEnd(40)} ${(ms / 1000).toFixed(1)} s`);
  stepTimes.clear();
  const vacuumStarted = performance.now();
  await exec(db, `vacuum analyze`);
  const vacuum = (performance.now() - vacuumStarted) / 1000;
  return { generation, vacuum };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time in ms of `call`, after warm-up runs (caches and plans warm). */
async function warm(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Naive: all trade per year straight from the certificates, the GROUP BY the totals replace. */
const NAIVE_TRADE_BY_YEAR = `select extract(year from issue_date)::int as year, sum(total_carats)::text as carats, sum(total_value_cents)::text as value_cents, count(*)::int as certificates
  from certificates where status in ('issued', 'received') group by 1 order by 1`;
const NAIVE_RECEIPTS_BY_YEAR = `select extract(year from r.received_on)::int as year, sum(r.carats)::text as carats, count(*)::int as certificates
  from certificate_receipts r join certificates c on c.id = r.certificate_id where c.status in ('issued', 'received') group by 1 order by 1`;
const NAIVE_PARTICIPANT = `select extract(quarter from issue_date)::int as quarter, importing_participant, sum(total_carats)::text, sum(total_value_cents)::text, count(*)::int
  from certificates where status in ('issued', 'received') and participant_code = '${PARTICIPANT}' and issue_date >= '${YEAR}-01-01' and issue_date < '${YEAR + 1}-01-01' group by 1, 2`;
const NAIVE_PARTICIPANT_IMPORTS = `select extract(quarter from issue_date)::int as quarter, participant_code, sum(total_carats)::text, sum(total_value_cents)::text, count(*)::int
  from certificates where status in ('issued', 'received') and importing_participant = '${PARTICIPANT}' and issue_date >= '${YEAR}-01-01' and issue_date < '${YEAR + 1}-01-01' group by 1, 2`;

export interface StatisticsResult {
  label: string;
  certificates: number;
  parcels: number;
  receipts: number;
  generationSeconds: number;
  vacuumSeconds: number;
  databaseBytes: number;
  global: number;
  participant: number;
  naiveTrade: number;
  naiveReceipts: number;
  naiveParticipant: number;
  identical: boolean;
  yearCertificates: number;
}

async function measureStatistics(label: string, database: OpenDatabase, total: number, batch: number, streams: number): Promise<StatisticsResult> {
  const db = database.db;
  const { generation, vacuum } = await generate(db, total, batch, label, streams);
  const config = loadConfig({}, { dataDir: 'memory://' });
  const deps: Deps = { db, config, now: () => new Date() };
  const [counts] = (
    await exec(
      db,
      `select (select count(*) from certificates)::bigint::text as certificates, (select count(*) from certificate_parcels)::bigint::text as parcels,
        (select count(*) from certificate_receipts)::bigint::text as receipts, pg_database_size(current_database())::text as bytes`,
    )
  ).rows;

  // The totals must give exactly what the raw GROUP BY gives, at this size too.
  const trade = await tradeByYear(db);
  const receipts = await receiptsByYear(db);
  const naiveTrade = (await exec(db, NAIVE_TRADE_BY_YEAR)).rows;
  const naiveReceipts = (await exec(db, NAIVE_RECEIPTS_BY_YEAR)).rows;
  const identical =
    JSON.stringify(trade.map((row) => [row.year, String(row.carats), String(row.valueCents), row.certificates])) ===
      JSON.stringify(naiveTrade.map((row) => [Number(row.year), row.carats, row.value_cents, Number(row.certificates)])) &&
    JSON.stringify(receipts.map((row) => [row.year, String(row.carats), row.certificates])) ===
      JSON.stringify(naiveReceipts.map((row) => [Number(row.year), row.carats, Number(row.certificates)]));

  const global = await warm(() => getGlobalStatistics({ year: YEAR }, deps));
  const participant = await warm(() => getParticipantStatistics({ code: PARTICIPANT, year: YEAR, language: 'en' }, deps));
  const naiveTradeMs = await warm(() => exec(db, NAIVE_TRADE_BY_YEAR));
  const naiveReceiptsMs = await warm(() => exec(db, NAIVE_RECEIPTS_BY_YEAR));
  const naiveParticipantMs = await warm(async () => {
    await exec(db, NAIVE_PARTICIPANT);
    await exec(db, NAIVE_PARTICIPANT_IMPORTS);
  });
  const summary = await getGlobalStatistics({ year: YEAR }, deps);
  return {
    label,
    certificates: Number(counts.certificates),
    parcels: Number(counts.parcels),
    receipts: Number(counts.receipts),
    generationSeconds: generation,
    vacuumSeconds: vacuum,
    databaseBytes: Number(counts.bytes),
    global,
    participant,
    naiveTrade: naiveTradeMs,
    naiveReceipts: naiveReceiptsMs,
    naiveParticipant: naiveParticipantMs,
    identical,
    yearCertificates: summary.summary.exports.certificates,
  };
}

const count = (name: string, fallback: number) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
};

/** The statistics section of `npm run bench`: PGlite (on disk) then PostgreSQL, each on a fresh database. */
export async function benchStatistics(): Promise<StatisticsResult[]> {
  const onPglite = count('BENCH_STATISTICS_CERTIFICATES_PGLITE', 1_000_000);
  const onPostgres = count('BENCH_STATISTICS_CERTIFICATES_PG', 10_000_000);
  const results: StatisticsResult[] = [];
  if (onPglite > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-bench-statistics-'));
    const database = await openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      results.push(await measureStatistics('pglite', database, onPglite, 100_000, 1));
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (onPostgres > 0) {
    const database = await postgresDatabase();
    if (!database) console.log(`PostgreSQL not reachable at ${PG_URL}: statistics on PGlite only`);
    else {
      try {
        results.push(await measureStatistics('postgres', database, onPostgres, 250_000, 2));
      } finally {
        await database.close();
      }
    }
  }

  console.log(`\nPublic statistics over synthetic certificates ${FIRST_DAY}..${LAST_DAY} (warm: median of ${RUNS} after ${WARM_UP} warm-up runs, ms)`);
  console.log('database   certificates  parcels     receipts    generate s  cert/s   vacuum s  size MiB');
  for (const r of results) {
    console.log(
      `${r.label.padEnd(10)} ${r.certificates.toLocaleString('en').padStart(12)} ${r.parcels.toLocaleString('en').padStart(11)} ${r.receipts.toLocaleString('en').padStart(11)} ${r.generationSeconds.toFixed(1).padStart(10)} ${(r.certificates / r.generationSeconds).toFixed(0).padStart(8)} ${r.vacuumSeconds.toFixed(1).padStart(9)} ${(r.databaseBytes / 2 ** 20).toFixed(0).padStart(9)}`,
    );
  }
  console.log(`\nwhat (year ${YEAR}, participant ${PARTICIPANT})                      ${results.map((r) => r.label.padStart(12)).join('')}`);
  const line = (what: string, pick: (r: StatisticsResult) => string) => console.log(`${what.padEnd(52)} ${results.map((r) => pick(r).padStart(12)).join('')}`);
  line('global summary, getGlobalStatistics (GET /global)', (r) => r.global.toFixed(2));
  line('participant page, getParticipantStatistics', (r) => r.participant.toFixed(2));
  line('naive GROUP BY year over certificates', (r) => r.naiveTrade.toFixed(2));
  line('naive GROUP BY year over receipts ⨝ certificates', (r) => r.naiveReceipts.toFixed(2));
  line('naive GROUP BY quarter, partner: BW exports+imports', (r) => r.naiveParticipant.toFixed(2));
  line('ratio global ÷ naive certificates GROUP BY', (r) => (r.global / r.naiveTrade).toFixed(4));
  line('ratio global ÷ naive (certificates + receipts)', (r) => (r.global / (r.naiveTrade + r.naiveReceipts)).toFixed(4));
  line('ratio participant page ÷ naive participant', (r) => (r.participant / r.naiveParticipant).toFixed(3));
  line('totals identical to the naive GROUP BY', (r) => (r.identical ? 'yes' : 'NO'));
  line(`certificates counted in ${YEAR}`, (r) => r.yearCertificates.toLocaleString('en'));
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchStatistics();

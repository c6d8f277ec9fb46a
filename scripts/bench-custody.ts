// Internal controls (issue #9): recording a sale checks that the seller's stock of that origin never
// runs below zero on any day. The check reads only the site's entries from the sale's date on and
// sums the older ones in the database, so a long history should cost little. This bench records
// sales (median of many) on a site with a short history and on one with a long history, side by
// side on each database, and prints the ratio; and a backdated sale, which has to read the whole
// history after its date, as the worst case.
//
//   npm run bench -- custody
//   node --import tsx scripts/bench-custody.ts
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { addDays } from '../src/certificates/certificate-rules.ts';
import { registerSite } from '../src/custody/manage-sites.ts';
import { recordEntry } from '../src/custody/record-entry.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { custodyEntries, users } from '../src/db/schema.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { newId } from '../src/domain/ids.ts';
import { todayUtc } from '../src/domain/licence.ts';
import { registerOperator } from '../src/operators/register-operator.ts';
import { seedRegister } from '../src/participants/seed-register.ts';
import { toActor } from '../src/users/user-repository.ts';
import { postgresDatabase } from './bench-database.ts';

const SHORT = 200;
const LONG = 20_000;
const RUNS = 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(label: string, database: OpenDatabase) {
  const config = loadConfig({}, { demo: true, dataDir: 'memory://' });
  const deps: Deps = { db: database.db, config, now: () => new Date() };
  await inTransaction(database.db, (tx) => seedRegister(tx));
  await seedDemo(deps);
  const [row] = await deps.db.select().from(users).where(eq(users.email, 'mines.bw@demo.test'));
  const actor = toActor(row, 'session');
  const today = todayUtc();
  const licence = { address: 'bench', validFrom: '2000-01-01', validUntil: '2099-12-31' };
  const miner = await registerOperator({ actor, participantCode: 'BW', draft: { ...licence, name: 'Bench miner', licenceNumber: 'BENCH-M', licenceTypes: ['artisanal_miner'] } }, deps);
  const dealer = await registerOperator({ actor, participantCode: 'BW', draft: { ...licence, name: 'Bench dealer', licenceNumber: 'BENCH-D', licenceTypes: ['dealer'] } }, deps);

  /** A site whose history holds `entries` entries (production and sales to the dealer, one a day back from yesterday). */
  const siteWith = async (entries: number, number: string) => {
    const site = await registerSite(
      { actor, participantCode: 'BW', draft: { ...licence, name: `Bench site ${number}`, licenceNumber: number, depositType: 'alluvial', artisanal: true, region: 'Bench' } },
      deps,
    );
    const rows = Array.from({ length: entries }, (_, index) => {
      const production = index % 2 === 0;
      return {
        id: newId(),
        participantCode: 'BW',
        kind: production ? 'production' : 'sale',
        occurredOn: addDays(today, -1 - Math.floor((entries - index) / 4)),
        siteId: site.id,
        fromOperatorId: production ? null : miner.id,
        toOperatorId: production ? miner.id : dealer.id,
        carats: production ? 1000 : 900,
        valueCents: production ? 0 : 90_000,
        recordedBy: actor.userId,
        recordedAt: new Date(),
      };
    });
    for (let start = 0; start < rows.length; start += 1000) {
      await inTransaction(deps.db, (tx) => tx.insert(custodyEntries).values(rows.slice(start, start + 1000)).then(() => undefined));
    }
    return { site, firstDay: rows[0]?.occurredOn ?? today };
  };
  const short = await siteWith(SHORT, 'BENCH-S');
  const long = await siteWith(LONG, 'BENCH-L');

  const sale = (siteId: string, occurredOn: string) =>
    recordEntry({ actor, participantCode: 'BW', draft: { kind: 'sale', occurredOn, siteId, fromOperatorId: miner.id, toOperatorId: dealer.id, carats: '0.01', valueUsd: '1.00' } }, deps);
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const times = { short: [] as number[], long: [] as number[], backdated: [] as number[] };
  for (let warm = 0; warm < 10; warm++) await sale(short.site.id, today);
  for (let run = 0; run < RUNS; run++) {
    // Alternating, so drift on the machine falls on both alike.
    times.short.push(await timed(() => sale(short.site.id, today)));
    times.long.push(await timed(() => sale(long.site.id, today)));
    if (run % 6 === 0) times.backdated.push(await timed(() => sale(long.site.id, addDays(long.firstDay, 30))));
  }
  return { label, short: median(times.short), long: median(times.long), backdated: median(times.backdated) };
}

export async function benchCustody(): Promise<void> {
  console.log(`\n== Custody: recording a sale with the stock check (site history ${SHORT} vs ${LONG} entries, median of ${RUNS}) ==`);
  const results = [];
  const pglite = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  try {
    results.push(await measure('PGlite', pglite));
  } finally {
    await pglite.close();
  }
  const postgres = await postgresDatabase();
  if (postgres) {
    try {
      results.push(await measure('PostgreSQL', postgres));
    } finally {
      await postgres.close();
    }
  } else {
    console.log('PostgreSQL not reachable: PGlite only.');
  }
  console.log(`${'database'.padEnd(12)} ${`${SHORT} entries`.padStart(14)} ${`${LONG} entries`.padStart(16)} ${'ratio'.padStart(7)} ${'backdated 30 d after start'.padStart(28)}`);
  for (const r of results) {
    console.log(
      `${r.label.padEnd(12)} ${`${r.short.toFixed(2)} ms`.padStart(14)} ${`${r.long.toFixed(2)} ms`.padStart(16)} ${(r.long / r.short).toFixed(2).padStart(7)} ${`${r.backdated.toFixed(2)} ms`.padStart(28)}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchCustody();

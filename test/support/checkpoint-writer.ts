/**
 * Run as its own process on a Kimberlite PGlite data directory (`node --import tsx …`): takes the
 * directory as the server would (lock, migrations), dirties many pages, then runs CHECKPOINT and
 * says so on stdout, so a test can SIGKILL it while the checkpoint writes those pages out.
 * Writes only its own scratch table; the certificates it must not harm are the server's.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/database.ts';

const dataDir = process.argv[2];
const rows = Number(process.argv[3] ?? 20_000);
const database = await openDatabase({ databaseUrl: null, dataDir });
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS crash_checkpoint_scratch (id int PRIMARY KEY, payload text NOT NULL)`);
await database.db.execute(sql`DELETE FROM crash_checkpoint_scratch`);
await database.db.execute(
  sql`INSERT INTO crash_checkpoint_scratch SELECT i, repeat(md5(i::text), 6) FROM generate_series(1, ${rows}::int) AS i`,
);
await database.db.execute(sql`UPDATE crash_checkpoint_scratch SET payload = reverse(payload)`);
process.stdout.write('CHECKPOINT-START\n');
await database.db.execute(sql`CHECKPOINT`);
process.stdout.write('CHECKPOINT-DONE\n');
await database.close();

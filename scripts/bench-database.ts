// Databases for the benchmarks: a fresh PostgreSQL database on the bench server (dropped on close).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new, empty database on the server at `PG_URL` (not migrated), or null when the server is not reachable. */
export async function emptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
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
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** A new, migrated database on the server at `PG_URL`, or null when the server is not reachable. */
export async function postgresDatabase(): Promise<OpenDatabase | null> {
  const empty = await emptyPostgresDatabase();
  if (!empty) return null;
  const database = await openDatabase({ databaseUrl: empty.url, dataDir: 'memory://' });
  return {
    ...database,
    async close() {
      await database.close();
      await empty.drop();
    },
  };
}

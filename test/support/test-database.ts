import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type OpenDatabase } from '../../src/db/database.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import type { Deps } from '../../src/deps.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { seedEmbargoes } from '../../src/certificates/seed-embargoes.ts';
import { seedRegister } from '../../src/participants/seed-register.ts';
import { seedBodies } from '../../src/bodies/seed-bodies.ts';

/** Which database this test run uses: PostgreSQL when DATABASE_URL is set, else in-memory PGlite. */
export const DATABASE_KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, empty database for one test file. On PostgreSQL each file gets its own database
 * (created from the server named in DATABASE_URL, dropped afterwards), so files run in parallel.
 */
export async function freshDatabase(): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  const name = `kimberlite_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString(), dataDir: 'memory://' });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

export interface TestContext {
  app: App;
  deps: Deps;
  database: OpenDatabase;
  config: Config;
  close(): Promise<void>;
}

/** A fresh database with the real register and the demo data, and the app on top, in process. */
export async function createTestApp(overrides: Partial<Config> = {}, { demo = true }: { demo?: boolean } = {}): Promise<TestContext> {
  const database = await freshDatabase();
  const config = loadConfig({}, { demo, loginRateLimitPerMinute: 10_000, ...overrides, dataDir: 'memory://', databaseUrl: null });
  const deps: Deps = { db: database.db, config, now: () => new Date() };
  await inTransaction(database.db, async (tx) => {
    await seedRegister(tx);
    await seedEmbargoes(tx);
    await seedBodies(tx);
  });
  if (demo) await seedDemo(deps);
  const { app } = await buildApp({ deps });
  return {
    app,
    deps,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Logs a demo account in and returns the cookie header to send with later requests. */
export async function loginAs(app: App, email: string, password = 'demo-password'): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'kimberlite_session');
  if (!cookie) throw new Error('no session cookie');
  return `kimberlite_session=${cookie.value}`;
}

import type { Config } from './config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { inTransaction } from './db/transaction.ts';
import type { Deps } from './deps.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { seedDemoCertificates } from './demo/seed-demo-certificates.ts';
import { seedDemoAlerts } from './demo/seed-demo-alerts.ts';
import { seedDemoProduction } from './demo/seed-demo-production.ts';
import { seedDemoGovernance } from './demo/seed-demo-governance.ts';
import { seedDemoCustody } from './demo/seed-demo-custody.ts';
import { seedDemoFootprints } from './footprints/seed-demo-footprints.ts';
import { seedDemoAdmission } from './demo/seed-demo-admission.ts';
import { buildApp, type App } from './http/app.ts';
import { seedEmbargoes } from './certificates/seed-embargoes.ts';
import { seedRegister } from './participants/seed-register.ts';
import { seedBodies } from './bodies/seed-bodies.ts';
import { seedDemoMemberships } from './bodies/seed-demo-memberships.ts';
import { trustListFileIn, writeTrustListFile } from './verification/trust-list-file.ts';
import { startWebhookDispatcher } from './webhooks/webhook-dispatcher.ts';
import { settleDueDecisions } from './decisions/settle-due-decisions.ts';
import { startMailDispatcher } from './notifications/mail-dispatcher.ts';
import { sendDeadlineReminders } from './notifications/send-deadline-reminders.ts';

const TRUST_LIST_FILE_REFRESH_MS = 5 * 60_000;
/** How often circulating written procedures past their deadline are decided. */
const DECISION_SETTLE_INTERVAL_MS = 30_000;
/** How often deadline reminders are looked for (each is given once, so more often only means sooner). */
const REMINDER_INTERVAL_MS = 3_600_000;

export interface Running {
  app: App;
  database: OpenDatabase;
  url: string;
  deps: Deps;
  close(): Promise<void>;
}

/** Opens the database (migrations, register seed, demo seed in demo mode) and builds the app. */
export async function prepare(config: Config, { logger = true }: { logger?: boolean } = {}) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const deps: Deps = { db: database.db, config, now: () => new Date() };
    await inTransaction(database.db, async (tx) => {
      await seedRegister(tx);
      await seedEmbargoes(tx);
      await seedBodies(tx);
    });
    if (config.demo) {
      await seedDemo(deps);
      await seedDemoCertificates(deps, { months: config.demoMonths });
      await seedDemoProduction(deps);
      await seedDemoAlerts(deps);
      await seedDemoMemberships(deps);
      if (config.demoGovernance) await seedDemoGovernance(deps);
      if (config.demoGovernance) await seedDemoAdmission(deps);
      await seedDemoFootprints(deps);
      await seedDemoCustody(deps);
    }
    const { app } = await buildApp({ deps, logger });
    return { app, database, deps };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Starts Kimberlite and listens; `close()` stops taking requests, then closes the database. */
export async function startServer(config: Config, options: { logger?: boolean } = {}): Promise<Running> {
  const { app, database, deps } = await prepare(config, options);
  try {
    // For `kimberlite verify` on this machine, offline: the trust list as the server starts, then
    // refreshed every few minutes (revoked keys, status changes, confirmed fraudulent numbers).
    const trustListFile = !config.databaseUrl && !config.dataDir.startsWith('memory://') ? trustListFileIn(config.dataDir) : null;
    if (trustListFile) await writeTrustListFile(deps, trustListFile);
    const trustListRefresh = trustListFile
      ? setInterval(() => writeTrustListFile(deps, trustListFile).catch((error) => app.log.error({ err: error }, 'trust list file not refreshed')), TRUST_LIST_FILE_REFRESH_MS)
      : null;
    trustListRefresh?.unref();
    const address = await app.listen({ host: config.host, port: config.port });
    // Written procedures are decided at their deadline even when nobody is looking.
    const decisionTimer = setInterval(
      () => void settleDueDecisions(deps).catch((error) => app.log.error({ err: error }, 'written procedures not settled')),
      DECISION_SETTLE_INTERVAL_MS,
    );
    decisionTimer.unref();
    const webhooks = startWebhookDispatcher(deps, { intervalMs: 5_000, onError: (error) => app.log.error({ err: error }, 'webhook dispatch failed') });
    const remind = () => void sendDeadlineReminders(deps).catch((error) => app.log.error({ err: error }, 'deadline reminders not sent'));
    remind();
    const reminderTimer = setInterval(remind, REMINDER_INTERVAL_MS);
    reminderTimer.unref();
    // Without SMTP_URL notifications stay in the app: nothing is queued, nothing to send.
    const mail = config.smtpUrl ? startMailDispatcher(deps, { intervalMs: 10_000, onError: (error) => app.log.error({ err: error }, 'mail dispatch failed') }) : null;
    let closing: Promise<void> | null = null;
    return {
      app,
      database,
      deps,
      url: address.replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost'),
      close() {
        closing ??= (async () => {
          try {
            if (trustListRefresh) clearInterval(trustListRefresh);
            clearInterval(decisionTimer);
            clearInterval(reminderTimer);
            await webhooks.stop();
            await mail?.stop();
            await app.close();
          } finally {
            await database.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
}

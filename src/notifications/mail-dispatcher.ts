import { startSweeper, type Sweeper } from '../jobs/sweeper.ts';
import nodemailer from 'nodemailer';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { notificationEmails } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { markEmailsFailed, lockDueEmails } from './notification-repository.ts';
import { notificationEmail, type NotificationEmail } from './notification-email.ts';
import type { NotificationParams } from './notification-kinds.ts';

/** Delay before the next try after failed attempt n (index n − 1); attempt 6 failing is final. */
export const MAIL_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 2 * 3_600_000, 6 * 3_600_000];
export const MAIL_MAX_ATTEMPTS = MAIL_RETRY_DELAYS_MS.length + 1;
const TIMEOUT_MS = 15_000;
/** A claimed e-mail is not claimed again before this: the send has timed out by then. */
const LEASE_MS = 3 * TIMEOUT_MS + 60_000;
const BATCH_SIZE = 20;
const MAX_ERROR_LENGTH = 500;

export interface MailDispatcherOptions {
  /** Pause between sweeps while nothing is due (a full batch sweeps again at once). */
  intervalMs: number;
  /** Errors of a sweep itself (database unavailable); a refused e-mail is recorded on its row instead. */
  onError?: (error: unknown) => void;
}

/** Sweeps due e-mails: `runOnce` claims, sends and records them; `stop` waits, then closes the SMTP transport. */
export type MailDispatcher = Sweeper;

interface Claimed {
  id: string;
  attempt: number;
  to: string;
  message: NotificationEmail;
}

type Outcome = { ok: true } | { ok: false; error: string };

async function claimDue(deps: Deps, now: Date): Promise<Claimed[]> {
  return transact(deps, async (tx) => {
    const locked = await lockDueEmails(tx, now, BATCH_SIZE);
    // Every attempt used and the lease run out: the process sending the last one died before recording it.
    await markEmailsFailed(tx, locked.filter(({ email }) => email.attempts >= MAIL_MAX_ATTEMPTS).map(({ email }) => email.id), 'no outcome recorded for the last attempt');
    const due = locked.filter(({ email }) => email.attempts < MAIL_MAX_ATTEMPTS);
    if (due.length === 0) return [];
    await tx
      .update(notificationEmails)
      .set({ attempts: sql`${notificationEmails.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(notificationEmails.id, due.map(({ email }) => email.id)));
    // Worded at sending, in the language the recipient has now.
    return due.map(({ email, notification, language }) => ({
      id: email.id,
      attempt: email.attempts + 1,
      to: email.toAddress,
      message: notificationEmail({ kind: notification.kind, params: notification.params as NotificationParams, link: notification.link }, language, deps.config),
    }));
  });
}

async function recordOutcome(deps: Deps, claimed: Claimed, outcome: Outcome): Promise<void> {
  const now = deps.now();
  const change = outcome.ok
    ? { status: 'sent', lastError: null, sentAt: now }
    : claimed.attempt >= MAIL_MAX_ATTEMPTS
      ? { status: 'failed', lastError: outcome.error }
      : { lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + MAIL_RETRY_DELAYS_MS[claimed.attempt - 1]) };
  await transact(deps, (tx) =>
    tx
      .update(notificationEmails)
      .set(change)
      .where(and(eq(notificationEmails.id, claimed.id), eq(notificationEmails.attempts, claimed.attempt), eq(notificationEmails.status, 'pending'))),
  );
}

function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' ? `${code}: ${message}` : message).slice(0, MAX_ERROR_LENGTH);
}

/**
 * Sends the e-mail copies of notifications queued by `notify` through SMTP_URL, from MAIL_FROM:
 * retried after 1 min, 5 min, 30 min, 2 h and 6 h, then failed (6 attempts). Safe to run in
 * several processes against one PostgreSQL database. Start it only when SMTP_URL is set.
 *
 * @example
 * const mail = startMailDispatcher(deps, { intervalMs: 10_000 });
 * // … on shutdown
 * await mail.stop();
 */
export function startMailDispatcher(deps: Deps, options: MailDispatcherOptions): MailDispatcher {
  const smtpUrl = deps.config.smtpUrl;
  if (!smtpUrl) throw new Error('startMailDispatcher needs SMTP_URL');
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  const send = async (claimed: Claimed): Promise<Outcome> => {
    try {
      await transport.sendMail({ from: deps.config.mailFrom, to: claimed.to, subject: claimed.message.subject, text: claimed.message.text });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: describeFailure(error) };
    }
  };

  const sweep = async (): Promise<number> => {
    const claimed = await claimDue(deps, deps.now());
    // One after another: one SMTP connection at a time is what small relays accept.
    for (const mail of claimed) await recordOutcome(deps, mail, await send(mail));
    return claimed.length;
  };

  return startSweeper({ sweep, intervalMs: options.intervalMs, batchSize: BATCH_SIZE, onError: options.onError, onStop: () => transport.close() });
}

import { startSweeper, type Sweeper } from '../jobs/sweeper.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { loadMasterKey } from '../certificates/signing-keys.ts';
import { webhookDeliveries } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { lockDueDeliveries } from './webhook-repository.ts';
import { webhookTargetProblem } from './target-policy.ts';
import { openBytes, signatureHeader } from './webhook-secrets.ts';

/** Delay before the next try after failed attempt n (index n − 1); attempt 8 failing is final. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const TIMEOUT_MS = 10_000;
/** A claimed delivery is not claimed again before this: the send has timed out by then. */
const LEASE_MS = TIMEOUT_MS + 60_000;
const BATCH_SIZE = 20;
const MAX_ERROR_LENGTH = 500;

export interface WebhookDispatcherOptions {
  /** Pause between sweeps while nothing is due (a full batch sweeps again at once). */
  intervalMs: number;
  /** The HTTP client; tests and embedders may pass their own. */
  fetch?: typeof globalThis.fetch;
  /** Errors of a sweep itself (database unavailable); a receiver's failure is recorded on its delivery instead. */
  onError?: (error: unknown) => void;
}

/** Sweeps due deliveries: `runOnce` claims, sends and records them; `stop` waits for the sweep under way. */
export type WebhookDispatcher = Sweeper;

interface Claimed {
  id: string;
  eventType: string;
  attempt: number;
  url: string;
  sealedSecret: string;
  payload: unknown;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** Claim: one short transaction counts the attempt and sets a lease, so no transaction is open during HTTP. */
async function claimDue(deps: Deps, now: Date): Promise<Claimed[]> {
  return transact(deps, async (tx) => {
    const locked = await lockDueDeliveries(tx, now, BATCH_SIZE);
    // Every attempt used and the lease run out: the process sending the last one died before recording it.
    const exhausted = locked.filter(({ delivery }) => delivery.attempts >= MAX_ATTEMPTS).map(({ delivery }) => delivery.id);
    if (exhausted.length > 0) {
      await tx
        .update(webhookDeliveries)
        .set({ status: 'failed', lastError: 'no outcome recorded for the last attempt' })
        .where(inArray(webhookDeliveries.id, exhausted));
    }
    const due = locked.filter(({ delivery }) => delivery.attempts < MAX_ATTEMPTS);
    if (due.length === 0) return [];
    const ids = due.map(({ delivery }) => delivery.id);
    await tx
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(webhookDeliveries.id, ids));
    return due.map(({ delivery, subscription }) => ({
      id: delivery.id,
      eventType: delivery.eventType,
      attempt: delivery.attempts + 1,
      url: subscription.url,
      sealedSecret: subscription.sealedSecret,
      payload: delivery.payload,
    }));
  });
}

async function send(claimed: Claimed, masterKey: Buffer, fetchImpl: typeof globalThis.fetch, now: Date, allowPrivate: boolean): Promise<Outcome> {
  // Judged again at each delivery: the name may point elsewhere since the subscription was made.
  const problem = await webhookTargetProblem(claimed.url, { allowPrivate });
  if (problem) return { ok: false, status: null, error: `target refused: ${problem}` };
  try {
    const secret = openBytes(claimed.sealedSecret, masterKey).toString('utf8');
    const body = JSON.stringify(claimed.payload);
    const response = await fetchImpl(claimed.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kimberlite-Webhooks/1',
        'kimberlite-event': claimed.eventType,
        'kimberlite-delivery': claimed.id,
        'kimberlite-signature': signatureHeader(secret, Math.floor(now.getTime() / 1000), body),
      },
      body,
      // A redirect is not an acknowledgement; following it would send the event somewhere not subscribed.
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}${text ? `: ${text}` : ''}`.slice(0, MAX_ERROR_LENGTH) };
  } catch (error) {
    return { ok: false, status: null, error: describeFailure(error).slice(0, MAX_ERROR_LENGTH) };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Records what the receiver said; only while the lease is ours (same attempt count), so a late sweep cannot overwrite a newer one. */
async function recordOutcome(deps: Deps, claimed: Claimed, outcome: Outcome): Promise<void> {
  const now = deps.now();
  const change = outcome.ok
    ? { status: 'delivered', lastStatus: outcome.status, lastError: null, deliveredAt: now }
    : claimed.attempt >= MAX_ATTEMPTS
      ? { status: 'failed', lastStatus: outcome.status, lastError: outcome.error }
      : { lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_MS[claimed.attempt - 1]) };
  await transact(deps, (tx) =>
    tx
      .update(webhookDeliveries)
      .set(change)
      .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.attempts, claimed.attempt), eq(webhookDeliveries.status, 'pending'))),
  );
}

/**
 * Delivers queued webhook events (see outbox.ts): signed POSTs, 10 s timeout, 2xx = delivered,
 * otherwise retried after 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h, then failed (8 attempts).
 * Safe to run in several processes against one PostgreSQL database.
 *
 * @example
 * const dispatcher = startWebhookDispatcher(deps, { intervalMs: 5_000 });
 * // … on shutdown
 * await dispatcher.stop();
 */
export function startWebhookDispatcher(deps: Deps, options: WebhookDispatcherOptions): WebhookDispatcher {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sweep = async (): Promise<number> => {
    const now = deps.now();
    const claimed = await claimDue(deps, now);
    if (claimed.length === 0) return 0;
    const masterKey = loadMasterKey(deps.config);
    await Promise.all(claimed.map(async (delivery) => recordOutcome(deps, delivery, await send(delivery, masterKey, fetchImpl, now, deps.config.webhookAllowPrivateTargets))));
    return claimed.length;
  };

  return startSweeper({ sweep, intervalMs: options.intervalMs, batchSize: BATCH_SIZE, onError: options.onError });
}

import type { Db, Tx } from './database.ts';

const RETRYABLE = new Set(['40001', '40P01']);
/** Enough for dozens of writers queueing on one hot row (a certificate counter, the audit head). */
const MAX_ATTEMPTS = 60;

function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (sqlStateOf(error) !== '23505') return false;
  if (!constraint) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if ((current as { constraint?: unknown }).constraint === constraint) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export type TransactionObserver = (seconds: number) => void;

/**
 * Runs `work` in one SERIALIZABLE transaction, retrying on serialization failure and deadlock
 * (40001, 40P01) with jittered back-off, so callers never see them. `work` must use the `tx`
 * it is given: reaching for the outer `db` inside deadlocks PGlite.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, observe?: TransactionObserver): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    try {
      const result = await db.transaction(work, { isolationLevel: 'serializable' });
      observe?.((performance.now() - started) / 1000);
      return result;
    } catch (error) {
      observe?.((performance.now() - started) / 1000);
      const state = sqlStateOf(error);
      if (!state || !RETRYABLE.has(state) || attempt >= MAX_ATTEMPTS) throw error;
      // Full jitter, capped low: the winner usually commits within milliseconds.
      const backoff = Math.random() * Math.min(50, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }
}

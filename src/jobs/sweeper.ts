/** A background sweeper: `runOnce` on demand, and on a timer until `stop`. */
export interface Sweeper {
  /** One sweep now (after any running one); resolves to how many items it attempted. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs`, one sweep at a time; a sweep that filled its batch is followed
 * at once by the next, so a backlog drains without waiting. Errors go to `onError`, and the timer
 * keeps going. The timer never keeps the process alive.
 *
 * @example
 * const sweeper = startSweeper({ sweep: () => sendDueMails(deps), intervalMs: 5_000, batchSize: 20 });
 * await sweeper.stop();
 */
export function startSweeper({
  sweep,
  intervalMs,
  batchSize,
  onError,
  onStop,
}: {
  sweep: () => Promise<number>;
  intervalMs: number;
  batchSize: number;
  onError?: (error: unknown) => void;
  onStop?: () => void;
}): Sweeper {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);

  const runOnce = (): Promise<number> => {
    // One sweep at a time per process; leases in the database keep separate processes apart.
    running = running.catch(() => 0).then(sweep);
    return running;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(async () => {
      let attempted = 0;
      try {
        attempted = await runOnce();
      } catch (error) {
        onError?.(error);
      }
      schedule(attempted === batchSize ? 0 : intervalMs);
    }, delay);
    timer.unref();
  };
  schedule(intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => 0);
      onStop?.();
    },
  };
}

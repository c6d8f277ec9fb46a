import type { TestContext } from './test-database.ts';

/** Runs each step with the clock at 10:00 UTC on its day, in date order, then gives the clock back. */
export async function runOnDays(ctx: TestContext, steps: { on: string; run: () => Promise<unknown> }[]): Promise<void> {
  const realNow = ctx.deps.now;
  try {
    for (const step of [...steps].sort((a, b) => a.on.localeCompare(b.on))) {
      ctx.deps.now = () => new Date(`${step.on}T10:00:00Z`);
      await step.run();
    }
  } finally {
    ctx.deps.now = realNow;
  }
}

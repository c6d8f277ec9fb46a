import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/support/test-database.ts';
import { figuresInForce } from '../production/production-repository.ts';
import { DEMO_LATE_SUBMITTER, DEMO_NON_SUBMITTER, seedDemoProduction, SYNTHETIC_NOTE, syntheticFigures } from './seed-demo-production.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoProduction(ctx.deps);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string) => ctx.app.inject({ method: 'GET', url });

describe('demo production after the KP file', () => {
  it('gives the main producers synthetic 2025 H1, 2025 H2 and 2026 H1 returns near their 2024 figures, marked as demo figures', async () => {
    const botswana = (await get('/api/participants/BW/production?year=2025')).json().returns;
    expect(botswana.map((row: { half: number }) => row.half)).toEqual([1, 2]);
    const [inForce2024] = (await get('/api/participants/BW/production?year=2024')).json().returns;
    const ratio = Number(botswana[0].carats) / Number(inForce2024.carats);
    expect(ratio).toBeGreaterThanOrEqual(0.85);
    expect(ratio).toBeLessThan(1.15);
    const history = await figuresInForce(ctx.deps.db, { participantCode: 'CD', year: 2026, half: 1 });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ source: 'submission', note: SYNTHETIC_NOTE, version: 1 });
    // both parts known: each varies on its own and the total is their sum
    expect(history[0].asmCarats! + history[0].lsmCarats!).toBe(history[0].carats);
    expect(history[0].asmValueCents! + history[0].lsmValueCents!).toBe(history[0].valueCents);
  });

  it('leaves South Africa without a 2025 H2 return and shows Zimbabwe late for 2025 H1', async () => {
    const secondHalf = (await get(`/api/production/missing?year=${DEMO_NON_SUBMITTER.year}&half=${DEMO_NON_SUBMITTER.half}`)).json();
    expect(secondHalf.missing).toContainEqual(expect.objectContaining({ participantCode: DEMO_NON_SUBMITTER.participantCode, returnedLateOn: null }));
    const firstHalf = (await get(`/api/production/missing?year=${DEMO_LATE_SUBMITTER.year}&half=${DEMO_LATE_SUBMITTER.half}`)).json();
    const late = firstHalf.missing.find((row: { participantCode: string }) => row.participantCode === DEMO_LATE_SUBMITTER.participantCode);
    expect(late.returnedLateOn > firstHalf.deadline).toBe(true);
    expect(firstHalf.missing.some((row: { participantCode: string }) => row.participantCode === 'BW')).toBe(false);
  });

  it('adds nothing on a second start', async () => {
    const before = (await figuresInForce(ctx.deps.db)).length;
    await seedDemoProduction(ctx.deps);
    expect((await figuresInForce(ctx.deps.db)).length).toBe(before);
  });

  it('varies the same way every time and keeps a nil return nil', () => {
    const base = { reportType: 'production' as const, total: { carats: 100_000, valueCents: 5_000_000 }, asm: null, lsm: { carats: 100_000, valueCents: 5_000_000 } };
    expect(syntheticFigures(base, 'BW', 2025, 1)).toEqual(syntheticFigures(base, 'BW', 2025, 1));
    expect(syntheticFigures(base, 'BW', 2025, 1)).not.toEqual(syntheticFigures(base, 'BW', 2025, 2));
    const single = syntheticFigures(base, 'BW', 2025, 1);
    expect(single.lsm).toEqual(single.total);
    const nil = { reportType: 'no_production' as const, total: { carats: 0, valueCents: 0 }, asm: null, lsm: null };
    expect(syntheticFigures(nil, 'IN', 2025, 1)).toEqual(nil);
  });
});

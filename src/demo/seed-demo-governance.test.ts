import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantStatusEvents } from '../db/schema.ts';
import { createTestApp, loginAs, type TestContext } from '../../test/support/test-database.ts';
import { storedState } from '../../test/support/state.ts';
import { seedDemoGovernance } from './seed-demo-governance.ts';

let ctx: TestContext;
let statusEventsBefore = 0;
beforeAll(async () => {
  ctx = await createTestApp();
  statusEventsBefore = (await ctx.deps.db.select().from(participantStatusEvents)).length;
  await seedDemoGovernance(ctx.deps);
});
afterAll(async () => ctx?.close());

describe('demo governance', () => {
  it('seeds an adopted decision, a circulating written procedure with positions, and last year’s reports, changing nobody’s status', async () => {
    const wgm = await loginAs(ctx.app, 'wgm@demo.test');
    const get = async (url: string) => (await ctx.app.inject({ method: 'GET', url, headers: { cookie: wgm } })).json();
    const { items } = await get('/api/decisions');
    expect(items.map((item: { status: string; kind: string }) => `${item.kind}:${item.status}`).sort()).toEqual(['plenary:adopted', 'written_procedure:circulating']);
    const procedure = await get(`/api/decisions/${items.find((item: { kind: string }) => item.kind === 'written_procedure').id}`);
    expect(procedure.tally.detail.support).toEqual(['BW', 'CA', 'ZA']);
    expect(procedure.comments).toHaveLength(1);

    const year = new Date().getUTCFullYear() - 1;
    const dashboard = await get(`/api/annual-reports?year=${year}`);
    const row = (code: string) => dashboard.rows.find((entry: { participantCode: string }) => entry.participantCode === code);
    expect(row('BW')).toMatchObject({ status: 'submitted', openQuestions: 1 });
    expect(row('CA')).toMatchObject({ status: 'submitted', openQuestions: 0 });
    expect(row('ZA')).toMatchObject({ status: 'draft' });
    expect(await ctx.deps.db.select().from(participantStatusEvents)).toHaveLength(statusEventsBefore);
  });

  it('runs once: a second start seeds nothing', async () => {
    const before = await storedState(ctx.deps.db);
    await seedDemoGovernance(ctx.deps);
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });
});

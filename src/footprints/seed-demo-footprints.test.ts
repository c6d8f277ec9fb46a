import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestContext } from '../../test/support/test-database.ts';
import { seedDemoCertificates } from '../demo/seed-demo-certificates.ts';
import { seedDemoFootprints } from './seed-demo-footprints.ts';
import { SYNTHETIC_AREAS } from './synthetic-model.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoCertificates(ctx.deps, { months: 2 });
  await seedDemoFootprints(ctx.deps);
});
afterAll(async () => ctx?.close());

describe('demo footprints', () => {
  it('seeds one labelled synthetic footprint per model area, once', async () => {
    const wgm = await loginAs(ctx.app, 'wgm@demo.test');
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/footprints', headers: { cookie: wgm } })).json();
    expect(list).toHaveLength(SYNTHETIC_AREAS.length);
    expect(list.every((footprint: { synthetic: boolean; note: string }) => footprint.synthetic && footprint.note.startsWith('SYNTHETIC'))).toBe(true);
    await seedDemoFootprints(ctx.deps);
    const [{ count }] = (await ctx.deps.db.execute(sql`select count(*)::int as count from footprints`) as unknown as { rows: { count: number }[] }).rows;
    expect(count).toBe(SYNTHETIC_AREAS.length);
  });

  it('attaches demo parcel profiles that match the declared origin and some that do not', async () => {
    const wgm = await loginAs(ctx.app, 'wgm@demo.test');
    const { rows } = (await ctx.deps.db.execute(sql`select distinct c.number from parcel_profiles p join certificates c on c.id = p.certificate_id`)) as unknown as { rows: { number: string }[] };
    expect(rows.length).toBeGreaterThan(0);
    const states = [];
    for (const { number } of rows) {
      const result = (await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}/footprints`, headers: { cookie: wgm } })).json();
      states.push(result.state);
    }
    expect(states).toContain('consistent');
    expect(states).toContain('inconsistent');
  });
});

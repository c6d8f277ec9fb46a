import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

const auditCount = async () =>
  ((await ctx.deps.db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as { rows: { n: number }[] }).rows[0].n;

describe('audit chain', () => {
  it('records the register seed, the demo seed and every change, and verifies intact', async () => {
    const before = await auditCount();
    expect(before).toBeGreaterThan(61);
    const cookie = await loginAs(ctx.app, 'exporter.ao@demo.test');
    await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/AO/operators',
      headers: { cookie },
      payload: { name: 'Catoca Rough', address: 'Saurimo', licenceNumber: 'AO-1', licenceTypes: ['miner'], validFrom: '2026-01-01', validUntil: '2030-01-01' },
    });
    expect(await auditCount()).toBe(before + 2);
    const result = await verifyAuditChain(ctx.deps.db);
    expect(result).toMatchObject({ ok: true, firstBreak: null, entries: before + 2, headSeq: before + 2 });
  });

  it('is append-only: the database refuses to change or delete entries', async () => {
    await expect(ctx.deps.db.execute(sql`update audit_log set action = 'x' where seq = 1`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`delete from audit_log where seq = 1`)).rejects.toThrow();
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });

  it('finds an entry tampered with by someone who bypasses the trigger, and names it', async () => {
    await ctx.deps.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    try {
      await ctx.deps.db.execute(sql`update audit_log set data = '{"reason":"nothing to see"}'::jsonb where seq = 5`);
    } finally {
      await ctx.deps.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    }
    const result = await verifyAuditChain(ctx.deps.db);
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({ seq: 5, reason: 'hash_mismatch' });
  });

  it('finds a removed entry as a gap in the chain', async () => {
    const fresh = await createTestApp({}, { demo: false });
    try {
      await fresh.deps.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await fresh.deps.db.execute(sql`delete from audit_log where seq = 10`);
      const result = await verifyAuditChain(fresh.deps.db);
      expect(result.firstBreak).toMatchObject({ seq: 11, reason: 'sequence_gap' });
    } finally {
      await fresh.close();
    }
  });

  it('exposes the check to the system administrator and not to officers', async () => {
    const admin = await loginAs(ctx.app, 'admin@demo.test');
    const response = await ctx.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie: admin } });
    expect(response.json()).toMatchObject({ ok: false, firstBreak: { seq: 5 } });
    const officer = await loginAs(ctx.app, 'exporter.bw@demo.test');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie: officer } })).statusCode).toBe(403);
  });

  it('shows a participant administrator only its own participant’s trail', async () => {
    const adminZa = await loginAs(ctx.app, 'admin.za@demo.test');
    const entries = (await ctx.app.inject({ method: 'GET', url: '/api/audit?limit=500', headers: { cookie: adminZa } })).json();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry: { participantCode: string }) => entry.participantCode === 'ZA')).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.ts';
import { createTestApp, DATABASE_KIND, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

describe(`concurrent writes on ${DATABASE_KIND}`, () => {
  it('serialises 30 simultaneous audited changes from several officials into one unbroken chain, without errors', async () => {
    const officials = ['exporter.bw@demo.test', 'admin.bw@demo.test', 'exporter.za@demo.test', 'exporter.eu@demo.test', 'admin.eu@demo.test'];
    const cookies = await Promise.all(officials.map((email) => loginAs(ctx.app, email)));
    const participantOf = ['BW', 'BW', 'ZA', 'EU', 'EU'];
    const before = await verifyAuditChain(ctx.deps.db);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: `/api/participants/${participantOf[i % 5]}/operators`,
          headers: { cookie: cookies[i % 5] },
          payload: { name: `Parallel ${i}`, address: 'x', licenceNumber: `PAR-${i}`, licenceTypes: ['dealer'], validFrom: '2026-01-01', validUntil: '2027-01-01' },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const after = await verifyAuditChain(ctx.deps.db);
    expect(after.ok).toBe(true);
    expect(after.entries).toBe(before.entries + 30);
  });

  it('lets exactly one of several simultaneous registrations of one licence number through', async () => {
    const cookie = await loginAs(ctx.app, 'exporter.ca@demo.test');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/participants/CA/operators',
          headers: { cookie },
          payload: { name: `Racer ${i}`, address: 'x', licenceNumber: 'CA-RACE-1', licenceTypes: ['exporter'], validFrom: '2026-01-01', validUntil: '2027-01-01' },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'LICENCE_NUMBER_TAKEN')).toBe(true);
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });
});

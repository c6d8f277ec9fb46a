import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { storedState } from '../support/state.ts';

let ctx: TestContext;
let exporterBw: string;
beforeAll(async () => {
  ctx = await createTestApp();
  exporterBw = await loginAs(ctx.app, 'exporter.bw@demo.test');
});
afterAll(async () => ctx?.close());

const draft = (overrides: Record<string, unknown> = {}) => ({
  name: 'Jwaneng Rough Traders (Pty) Ltd',
  address: 'Plot 22, Jwaneng',
  licenceNumber: 'BW-DL-2026-0501',
  licenceTypes: ['dealer', 'exporter'],
  validFrom: '2026-01-01',
  validUntil: '2028-12-31',
  ...overrides,
});

describe('operator register', () => {
  it('lets the exporting officer license, correct, suspend and reinstate an operator, each step audited', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: draft() });
    expect(created.statusCode).toBe(201);
    const operator = created.json();
    expect(operator).toMatchObject({ participantCode: 'BW', licenceState: 'valid', licenceTypes: ['dealer', 'exporter'] });

    const edited = await ctx.app.inject({ method: 'PATCH', url: `/api/operators/${operator.id}`, headers: { cookie: exporterBw }, payload: { validUntil: '2029-06-30' } });
    expect(edited.json().validUntil).toBe('2029-06-30');

    const suspended = await ctx.app.inject({ method: 'POST', url: `/api/operators/${operator.id}/suspend`, headers: { cookie: exporterBw }, payload: { reason: 'Stock records not kept' } });
    expect(suspended.json()).toMatchObject({ licenceState: 'suspended', suspensionReason: 'Stock records not kept' });
    const again = await ctx.app.inject({ method: 'POST', url: `/api/operators/${operator.id}/suspend`, headers: { cookie: exporterBw }, payload: { reason: 'twice' } });
    expect(again.json().code).toBe('OPERATOR_ALREADY_SUSPENDED');

    const reinstated = await ctx.app.inject({ method: 'POST', url: `/api/operators/${operator.id}/reinstate`, headers: { cookie: exporterBw }, payload: { note: 'Records produced' } });
    expect(reinstated.json().licenceState).toBe('valid');

    const admin = await loginAs(ctx.app, 'admin@demo.test');
    const trail = await ctx.app.inject({ method: 'GET', url: `/api/audit?entityType=operator&entityId=${operator.id}`, headers: { cookie: admin } });
    expect(trail.json().map((entry: { action: string }) => entry.action)).toEqual(['operator.reinstated', 'operator.suspended', 'operator.updated', 'operator.registered']);
    expect(trail.json()[0].actor).toBe('exporter.bw@demo.test');
  });

  it('shows an expired licence as expired', async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/operators', headers: { cookie: exporterBw } });
    const tsodilo = list.json().find((o: { licenceNumber: string }) => o.licenceNumber === 'BW-DL-2019-0042');
    expect(tsodilo.licenceState).toBe('expired');
  });

  it('refuses a duplicate licence number and writes nothing', async () => {
    const before = await storedState(ctx.deps.db);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: draft({ licenceNumber: 'BW-DL-2024-0117' }) });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'LICENCE_NUMBER_TAKEN', message: expect.stringContaining('BW-DL-2024-0117') });
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('lets another participant reuse the same licence number in its own register', async () => {
    const exporterZa = await loginAs(ctx.app, 'exporter.za@demo.test');
    const response = await ctx.app.inject({ method: 'POST', url: '/api/participants/ZA/operators', headers: { cookie: exporterZa }, payload: draft({ licenceNumber: 'BW-DL-2024-0117' }) });
    expect(response.statusCode).toBe(201);
  });

  it('refuses a licence that ends before it starts', async () => {
    const before = await storedState(ctx.deps.db);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: draft({ licenceNumber: 'BW-X-1', validFrom: '2027-01-01', validUntil: '2026-01-01' }) });
    expect(response.json().code).toBe('INVALID_VALIDITY_PERIOD');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('hides one participant’s register from another participant’s officials', async () => {
    const exporterZa = await loginAs(ctx.app, 'exporter.za@demo.test');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/operators', headers: { cookie: exporterZa } });
    expect(list.statusCode).toBe(404);
    const bwOperators = (await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/operators', headers: { cookie: exporterBw } })).json();
    const target = bwOperators[0].id;
    for (const request of [
      { method: 'GET' as const, url: `/api/operators/${target}` },
      { method: 'PATCH' as const, url: `/api/operators/${target}`, payload: { name: 'Hijacked' } },
      { method: 'POST' as const, url: `/api/operators/${target}/suspend`, payload: { reason: 'x' } },
      { method: 'POST' as const, url: '/api/participants/BW/operators', payload: draft({ licenceNumber: 'ZA-INTO-BW' }) },
    ]) {
      const response = await ctx.app.inject({ ...request, headers: { cookie: exporterZa } });
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(404);
    }
  });

  it('lets an importing officer read its own register but not change it', async () => {
    const importerBw = await loginAs(ctx.app, 'importer.bw@demo.test');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/operators', headers: { cookie: importerBw } })).statusCode).toBe(200);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: importerBw }, payload: draft({ licenceNumber: 'BW-IMP-1' }) });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN');
  });

  it('lets the KP Chair and the WGM read any register for monitoring, without changing it', async () => {
    for (const email of ['chair@demo.test', 'wgm@demo.test']) {
      const cookie = await loginAs(ctx.app, email);
      expect((await ctx.app.inject({ method: 'GET', url: '/api/participants/CF/operators', headers: { cookie } })).statusCode).toBe(200);
      const write = await ctx.app.inject({ method: 'POST', url: '/api/participants/CF/operators', headers: { cookie }, payload: draft({ licenceNumber: 'CF-KP-1' }) });
      expect(write.statusCode).toBe(403);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { storedState } from '../support/state.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

describe('public participant register', () => {
  it('lists the 60 Participants and Chinese Taipei with code, name, status and since, without signing in', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/participants' });
    expect(response.statusCode).toBe(200);
    const list = response.json();
    // the register's 60 Participants and Chinese Taipei, plus the demo's fictional applicant (DEMO_APPLICANT)
    expect(list).toHaveLength(62);
    expect(list.find((p: { code: string }) => p.code === 'ZM')).toMatchObject({ status: 'applicant', since: '2025-09-01' });
    expect(list.filter((p: { countedAmongParticipants: boolean; status: string }) => p.countedAmongParticipants && p.status !== 'applicant')).toHaveLength(60);
    expect(list.find((p: { code: string }) => p.code === 'BW')).toEqual({
      code: 'BW',
      name: 'Botswana',
      registerName: 'Botswana',
      kind: 'state',
      status: 'participant',
      since: '2003',
      sinceInferred: false,
      countedAmongParticipants: true,
    });
    expect(list.find((p: { code: string }) => p.code === 'VE')).toMatchObject({ status: 'participant', since: '2016-11' });
    expect(list.find((p: { code: string }) => p.code === 'TW')).toMatchObject({ name: 'Chinese Taipei', kind: 'trading_entity', countedAmongParticipants: false });
  });

  it('names participants in the reader’s language and sorts by that name', async () => {
    const french = (await ctx.app.inject({ method: 'GET', url: '/api/participants?lang=fr' })).json();
    expect(french[0]).toMatchObject({ code: 'ZA', name: 'Afrique du Sud' });
    const arabic = (await ctx.app.inject({ method: 'GET', url: '/api/participants', headers: { 'accept-language': 'ar' } })).json();
    expect(arabic.find((p: { code: string }) => p.code === 'EU').name).toBe('الاتحاد الأوروبي');
    const chinese = (await ctx.app.inject({ method: 'GET', url: '/api/participants?lang=zh' })).json();
    expect(chinese.find((p: { code: string }) => p.code === 'TW').name).toBe('中华台北');
  });

  it('shows a participant’s dated status history with the register notes', async () => {
    const car = (await ctx.app.inject({ method: 'GET', url: '/api/participants/CF' })).json();
    expect(car.history.map((event: { status: string; date: string }) => `${event.date} ${event.status}`)).toEqual([
      '2003 participant',
      '2013-05-23 suspended',
      '2015-07-17 zone_restricted',
      '2024-11-15 participant',
    ]);
    expect(car.note).toContain('compliant zones');
    expect(car.sources.length).toBeGreaterThan(0);
  });

  it('shows the European Union with its 27 member states as territories', async () => {
    const eu = (await ctx.app.inject({ method: 'GET', url: '/api/participants/EU?lang=fr' })).json();
    expect(eu.territories).toHaveLength(27);
    expect(eu.territories.map((t: { code: string }) => t.code)).toContain('BE');
    expect(eu.territories.find((t: { code: string }) => t.code === 'DE').name).toBe('Allemagne');
  });

  it('lists the observers', async () => {
    const observers = (await ctx.app.inject({ method: 'GET', url: '/api/observers' })).json();
    expect(observers.map((o: { code: string }) => o.code).sort()).toEqual(['ADPA', 'CSC', 'DDI', 'WDC']);
  });

  it('answers NOT_FOUND for a code that is not in the register', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/participants/FR' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_FOUND');
  });
});

describe('status changes', () => {
  it('lets the KP Chair record a suspension that takes effect on its date', async () => {
    const chair = await loginAs(ctx.app, 'chair@demo.test');
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/LS/status-events',
      headers: { cookie: chair },
      payload: { status: 'suspended', effectiveOn: '2026-01-15', note: 'Written procedure WP-2026-01 (demo)' },
    });
    expect(response.statusCode).toBe(201);
    const lesotho = (await ctx.app.inject({ method: 'GET', url: '/api/participants/LS' })).json();
    expect(lesotho).toMatchObject({ status: 'suspended', since: '2026-01-15' });
  });

  it('refuses status changes from anyone but the Chair, and dates before the recorded history', async () => {
    const admin = await loginAs(ctx.app, 'admin.bw@demo.test');
    const before = await storedState(ctx.deps.db);
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/BW/status-events',
      headers: { cookie: admin },
      payload: { status: 'self_suspended', effectiveOn: '2026-02-01', note: 'x' },
    });
    expect(forbidden.statusCode).toBe(403);
    const chair = await loginAs(ctx.app, 'chair@demo.test');
    const backdated = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/CF/status-events',
      headers: { cookie: chair },
      payload: { status: 'suspended', effectiveOn: '2020-01-01', note: 'x' },
    });
    expect(backdated.json().code).toBe('STATUS_DATE_BEFORE_HISTORY');
    const unchanged = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/BW/status-events',
      headers: { cookie: chair },
      payload: { status: 'participant', effectiveOn: '2026-02-01', note: 'x' },
    });
    expect(unchanged.json().code).toBe('STATUS_UNCHANGED');
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/status-events', payload: { status: 'suspended', effectiveOn: '2026-02-01', note: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    const chairAfter = await storedState(ctx.deps.db);
    expect({ ...chairAfter, sessions: null, audit_log: null, audit_head: null, users: null }).toEqual({ ...before, sessions: null, audit_log: null, audit_head: null, users: null });
  });
});

describe('authorities', () => {
  it('shows a participant’s exporting and importing authorities to signed-in officials only', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/authorities' })).statusCode).toBe(401);
    const importerIn = await loginAs(ctx.app, 'importer.in@demo.test');
    const authorities = (await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/authorities', headers: { cookie: importerIn } })).json();
    expect(authorities.map((a: { role: string }) => a.role).sort()).toEqual(['exporting', 'importing']);
  });

  it('lets the participant administrator designate and edit its own authorities, not another participant’s', async () => {
    const adminEu = await loginAs(ctx.app, 'admin.eu@demo.test');
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/EU/authorities',
      headers: { cookie: adminEu },
      payload: { role: 'importing', name: 'Douane néerlandaise — KP', address: 'Amsterdam', territoryCode: 'NL', email: 'kp@douane.example' },
    });
    expect(created.statusCode).toBe(201);
    const edited = await ctx.app.inject({ method: 'PATCH', url: `/api/authorities/${created.json().id}`, headers: { cookie: adminEu }, payload: { phone: '+31 20 000 0000' } });
    expect(edited.json().phone).toBe('+31 20 000 0000');
    const notTerritory = await ctx.app.inject({ method: 'POST', url: '/api/participants/EU/authorities', headers: { cookie: adminEu }, payload: { role: 'importing', name: 'x', address: 'y', territoryCode: 'NO' } });
    expect(notTerritory.json().code).toBe('VALIDATION_FAILED');
    const foreign = await ctx.app.inject({ method: 'POST', url: '/api/participants/BW/authorities', headers: { cookie: adminEu }, payload: { role: 'importing', name: 'x', address: 'y' } });
    expect(foreign.statusCode).toBe(403);
    const foreignEdit = await ctx.app.inject({ method: 'PATCH', url: `/api/authorities/${created.json().id}`, headers: { cookie: await loginAs(ctx.app, 'admin.bw@demo.test') }, payload: { name: 'taken over' } });
    expect(foreignEdit.statusCode).toBe(403);
  });
});

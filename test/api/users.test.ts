import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { storedState } from '../support/state.ts';

let ctx: TestContext;
let adminBw: string;
beforeAll(async () => {
  ctx = await createTestApp();
  adminBw = await loginAs(ctx.app, 'admin.bw@demo.test');
});
afterAll(async () => ctx?.close());

const person = (overrides: Record<string, unknown> = {}) => ({
  email: 'k.mogae@mme.example',
  name: 'Kefilwe Mogae',
  roles: ['exporting_officer'],
  language: 'en',
  password: 'correct horse battery',
  ...overrides,
});

describe('user management', () => {
  it('lets a participant administrator create an officer for its own participant, who can then sign in', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw }, payload: person() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: 'k.mogae@mme.example', participantCode: 'BW', roles: ['exporting_officer'] });
    expect(JSON.stringify(response.json())).not.toContain('correct horse');
    const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'k.mogae@mme.example', password: 'correct horse battery' } });
    expect(login.statusCode).toBe(200);
  });

  it('lists only its own participant’s accounts to a participant administrator', async () => {
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: adminBw } })).json();
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list.every((user: { participantCode: string }) => user.participantCode === 'BW')).toBe(true);
  });

  it('refuses a duplicate e-mail (in any letter case) and writes nothing', async () => {
    const before = await storedState(ctx.deps.db);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw }, payload: person({ email: 'Exporter.BW@demo.test' }) });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('EMAIL_TAKEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('does not let a participant administrator grant KP-wide roles or act for another participant', async () => {
    const chairRole = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw }, payload: person({ email: 'a@x.example', roles: ['kp_chair'] }) });
    expect(chairRole.statusCode).toBe(400);
    expect(chairRole.json().code).toBe('INVALID_ROLE_BINDING');
    const sysadmin = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw }, payload: person({ email: 'b@x.example', roles: ['exporting_officer', 'system_admin'] }) });
    expect(sysadmin.json().code).toBe('ROLE_NOT_GRANTABLE');
    const otherParticipant = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw }, payload: person({ email: 'c@x.example', participantCode: 'ZA' }) });
    expect(otherParticipant.statusCode).toBe(403);
    const zaUsers = (await ctx.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: await loginAs(ctx.app, 'admin@demo.test') } })).json();
    const zaExporter = zaUsers.find((u: { email: string }) => u.email === 'exporter.za@demo.test');
    const edit = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${zaExporter.id}`, headers: { cookie: adminBw }, payload: { disabled: true } });
    expect(edit.statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/users/${zaExporter.id}`, headers: { cookie: adminBw } })).statusCode).toBe(404);
  });

  it('explains a refused password in the reader’s language', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw, 'accept-language': 'fr' }, payload: person({ email: 'e@x.example', password: 'demo-password' }) });
    expect(response.json().message).toContain('mot de passe public de démonstration');
  });

  it('refuses weak passwords and the demo password on real accounts', async () => {
    for (const password of ['short', 'aaaaaaaaaaaaaa', 'demo-password']) {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: adminBw }, payload: person({ email: 'd@x.example', password }) });
      expect(response.json().code, password).toBe('PASSWORD_TOO_WEAK');
    }
  });

  it('signs a disabled account out at once and keeps it out', async () => {
    const officer = await loginAs(ctx.app, 'stats.bw@demo.test');
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: adminBw } })).json();
    const target = list.find((u: { email: string }) => u.email === 'stats.bw@demo.test');
    const disabled = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: { cookie: adminBw }, payload: { disabled: true } });
    expect(disabled.json().disabled).toBe(true);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: officer } })).statusCode).toBe(401);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'stats.bw@demo.test', password: 'demo-password' } });
    expect(again.json().code).toBe('ACCOUNT_DISABLED');
  });

  it('lets the system administrator create KP-wide accounts', async () => {
    const admin = await loginAs(ctx.app, 'admin@demo.test');
    const observer = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: person({ email: 'analyst@ddi.example', roles: ['observer'], observerCode: 'DDI' }) });
    expect(observer.statusCode).toBe(201);
    const unknownObserver = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: person({ email: 'x@gw.example', roles: ['observer'], observerCode: 'GW' }) });
    expect(unknownObserver.json().code).toBe('UNKNOWN_OBSERVER');
  });

  it('lets officers change their own password', async () => {
    const officer = await loginAs(ctx.app, 'k.mogae@mme.example', 'correct horse battery');
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: officer }, payload: { currentPassword: 'nope', newPassword: 'a brand new passphrase' } });
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    const changed = await ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: officer }, payload: { currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' } });
    expect(changed.statusCode).toBe(204);
    const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'k.mogae@mme.example', password: 'a brand new passphrase' } });
    expect(login.statusCode).toBe(200);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, sessions, users } from '../../src/db/schema.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

describe('signing in', () => {
  it('logs a demo officer in with an httpOnly, SameSite=Strict session cookie and says who it is', async () => {
    const response = await login('Exporter.BW@demo.test', 'demo-password');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'kimberlite_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { kimberlite_session: cookie!.value } });
    expect(me.json()).toMatchObject({ email: 'exporter.bw@demo.test', roles: ['exporting_officer'], participant: { code: 'BW', name: 'Botswana' }, via: 'session' });
  });

  it('stores only scrypt hashes of passwords and SHA-256 hashes of session cookies', async () => {
    const response = await login('importer.za@demo.test', 'demo-password');
    const value = response.cookies.find((c) => c.name === 'kimberlite_session')!.value;
    const [user] = await ctx.deps.db.select().from(users).where(eq(users.email, 'importer.za@demo.test'));
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain('demo-password');
    const stored = await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((s) => s.tokenHash)).not.toContain(value);
  });

  it('refuses a wrong password and an unknown e-mail alike, in the caller’s language', async () => {
    const wrong = await login('exporter.za@demo.test', 'not-the-password', { 'accept-language': 'fr-FR,fr;q=0.9' });
    const unknown = await login('nobody@demo.test', 'not-the-password', { 'accept-language': 'fr' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().message).toMatch(/mot de passe/i);
  });

  it('locks an account after five failed attempts, even against the right password', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login('stats.ru@demo.test', `wrong-${attempt}`)).json().code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await login('stats.ru@demo.test', 'wrong-5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('ACCOUNT_LOCKED');
    const right = await login('stats.ru@demo.test', 'demo-password');
    expect(right.json().code).toBe('ACCOUNT_LOCKED');
  });

  it('lets a participant administrator unlock a locked account of its participant', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await login('stats.in@demo.test', `wrong-${attempt}`);
    const admin = await loginAs(ctx.app, 'admin.in@demo.test');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin } });
    const locked = list.json().find((u: { email: string }) => u.email === 'stats.in@demo.test');
    expect(locked.locked).toBe(true);
    const unlock = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${locked.id}`, headers: { cookie: admin }, payload: { unlock: true } });
    expect(unlock.json().locked).toBe(false);
    expect((await login('stats.in@demo.test', 'demo-password')).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const cookie = await loginAs(ctx.app, 'exporter.ca@demo.test');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
  });

  it('refuses a state-changing request sent from another site', async () => {
    const cookie = await loginAs(ctx.app, 'exporter.ao@demo.test');
    const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'https://evil.example', host: 'localhost' } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('CROSS_SITE_REQUEST');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('treats an expired session as signed out', async () => {
    const cookie = await loginAs(ctx.app, 'exporter.cn@demo.test');
    const original = ctx.deps.now;
    ctx.deps.now = () => new Date(Date.now() + (ctx.config.sessionTtlMinutes + 1) * 60_000);
    try {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      ctx.deps.now = original;
    }
  });
});

describe('demo accounts outside demo mode', () => {
  it('refuses the demo password when demo mode is off', async () => {
    const production = await createTestApp({ demo: false }, { demo: true });
    try {
      const response = await production.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@demo.test', password: 'demo-password' } });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('DEMO_ACCOUNTS_DISABLED');
    } finally {
      await production.close();
    }
  });
});

describe('API tokens for national systems', () => {
  it('lets a participant administrator issue a token to a machine client, which then acts for that participant until revoked', async () => {
    const admin = await loginAs(ctx.app, 'admin.bw@demo.test');
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: { email: 'national-system@bw.example', name: 'BW national diamond system', kind: 'machine', roles: ['exporting_officer'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ participantCode: 'BW', kind: 'machine' });
    const issued = await ctx.app.inject({ method: 'POST', url: `/api/users/${created.json().id}/tokens`, headers: { cookie: admin }, payload: { label: 'production' } });
    expect(issued.statusCode).toBe(201);
    const { token, id } = issued.json();
    expect(token).toMatch(/^klt_/);

    const [stored] = await ctx.deps.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(stored.secretHash).not.toContain(token.split('.')[1]);

    const asMachine = { authorization: `Bearer ${token}` };
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: asMachine });
    expect(me.json()).toMatchObject({ via: 'token', participant: { code: 'BW' } });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/participants/BW/operators', headers: asMachine })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/participants/ZA/operators', headers: asMachine })).statusCode).toBe(404);

    const listed = await ctx.app.inject({ method: 'GET', url: `/api/users/${created.json().id}/tokens`, headers: { cookie: admin } });
    expect(JSON.stringify(listed.json())).not.toContain(token.split('.')[1]);

    const revoked = await ctx.app.inject({ method: 'POST', url: `/api/tokens/${id}/revoke`, headers: { cookie: admin } });
    expect(revoked.statusCode).toBe(200);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: asMachine });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('INVALID_TOKEN');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/tokens/${id}/revoke`, headers: { cookie: admin } })).json().code).toBe('TOKEN_ALREADY_REVOKED');
  });

  it('refuses a forged or malformed token', async () => {
    for (const authorization of ['Bearer klt_00000000-0000-7000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'Bearer nonsense', 'Basic abc']) {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/participants', headers: { authorization } });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('INVALID_TOKEN');
    }
  });

  it('does not let a participant administrator issue tokens for another participant’s account', async () => {
    const adminZa = await loginAs(ctx.app, 'admin.za@demo.test');
    const [bwExporter] = await ctx.deps.db.select().from(users).where(eq(users.email, 'exporter.bw@demo.test'));
    const response = await ctx.app.inject({ method: 'POST', url: `/api/users/${bwExporter.id}/tokens`, headers: { cookie: adminZa }, payload: { label: 'x' } });
    expect(response.statusCode).toBe(404);
  });
});

describe('login rate limit', () => {
  it('slows down password guessing from one address with RATE_LIMITED', async () => {
    const limited = await createTestApp({ loginRateLimitPerMinute: 3 }, { demo: true });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const response = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `guess${attempt}@demo.test`, password: 'x' } });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) expect(response.json().code).toBe('RATE_LIMITED');
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

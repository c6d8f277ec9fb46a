import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingKeys } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { loadMasterKey, openPrivateKey } from '../../src/certificates/signing-keys.ts';
import { issueThroughApi } from '../support/issue.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

/**
 * Web security (issue #8 part 5) beside what test/api/auth.test.ts shows (cookie flags, CSRF
 * refusal, lock-out, session expiry, log-in rate limit): security headers on every kind of page,
 * the rate limit on bearer-token use, secrets and private keys never in the server's log or in
 * any API answer, and private keys sealed at rest with the master key.
 */
let ctx: TestContext;
/** A second app on the same database whose log (every level down to debug) is kept in memory. */
let logged: App;
const logLines: string[] = [];

beforeAll(async () => {
  ctx = await createTestApp({ tokenRateLimitPerMinute: 5, verifyRateLimitPerMinute: 3 });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  ({ app: logged } = await buildApp({ deps: ctx.deps, logger: { level: 'debug', stream: sink } }));
});
afterAll(async () => {
  await logged?.close();
  await ctx?.close();
});

describe('security headers', () => {
  it('sends a strict content security policy and the usual headers on the app, the public verify page and the API', async () => {
    for (const url of ['/', '/verify', '/api/health', '/api/participants']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect({ url, csp }).toMatchObject({ csp: expect.stringContaining("default-src 'self'") });
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('bearer tokens', () => {
  it('slows down one address using bearer tokens beyond TOKEN_RATE_LIMIT_PER_MINUTE, guessed or not; cookie sessions are not counted', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer klt_guess${attempt}.xxxxxxxx` }, remoteAddress: '203.0.113.9' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(response.json()).toMatchObject({ code: 'RATE_LIMITED' });
    }
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // another address is not held back, nor is a signed-in browser from the same one
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer klt_guess.x' }, remoteAddress: '203.0.113.10' })).statusCode).toBe(401);
    const cookie = await loginAs(ctx.app, 'exporter.bw@demo.test');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie }, remoteAddress: '203.0.113.9' })).statusCode).toBe(200);
  });
});

describe('public verification', () => {
  it('slows down one address beyond VERIFY_RATE_LIMIT_PER_MINUTE, in the caller’s language', async () => {
    const statuses: number[] = [];
    let refusal: { code: string; message: string } | null = null;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/verify?lang=fr', payload: { qr: `KPC1:not-a-seal-${attempt}` }, remoteAddress: '203.0.113.20' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) refusal = response.json();
    }
    expect(statuses.slice(0, 3).every((status) => status < 400 || status === 422)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refusal!.message).not.toBe('RATE_LIMITED');
    expect((await ctx.app.inject({ method: 'POST', url: '/api/verify', payload: { qr: 'KPC1:x' }, remoteAddress: '203.0.113.21' })).statusCode).not.toBe(429);
  });
});

describe('secrets', () => {
  it('keeps passwords, session cookies, API tokens, webhook secrets and private keys out of the log and out of every answer', async () => {
    const login = await logged.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin.bw@demo.test', password: 'demo-password' } });
    expect(login.statusCode).toBe(200);
    const session = String(login.headers['set-cookie']).split(';')[0];
    const sessionValue = session.split('=')[1];
    const machine = await logged.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: session },
      payload: { email: 'bw-system@bw.example', name: 'BW national system', kind: 'machine', roles: ['exporting_officer'] },
    });
    const issued = await logged.inject({ method: 'POST', url: `/api/users/${machine.json().id}/tokens`, headers: { cookie: session }, payload: { label: 'logged' } });
    const token: string = issued.json().token;
    expect((await logged.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const webhook = await logged.inject({ method: 'POST', url: '/api/webhooks', headers: { cookie: session }, payload: { url: 'https://bw.example/kp-events', events: ['receipt.recorded'] } });
    expect(webhook.statusCode).toBe(201);
    const webhookSecret: string = webhook.json().secret;
    // an exporter issues, which makes Botswana's signing key
    const certificate = await issueThroughApi(ctx, await loginAs(logged, 'exporter.bw@demo.test'));
    const detail = await logged.inject({ method: 'GET', url: `/api/certificates/${certificate.number}`, headers: { cookie: session } });
    const keys = await logged.inject({ method: 'GET', url: '/api/trust-list' });
    const wrongPassword = await logged.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin.bw@demo.test', password: 'not-the-password-9' } });
    expect(wrongPassword.statusCode).toBe(401);

    const masterKey = loadMasterKey(ctx.config);
    const [key] = await ctx.deps.db.select().from(signingKeys).limit(1);
    const privateJwk = openPrivateKey(key.sealedPrivateKey, masterKey).export({ format: 'jwk' });
    const secrets = {
      password: 'demo-password',
      wrongPassword: 'not-the-password-9',
      session: sessionValue,
      token: token.split('.')[1],
      webhookSecret: webhookSecret.slice(6),
      privateKey: privateJwk.d!,
      masterKey: masterKey.toString('base64'),
    };
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(1000);
    expect(log).toContain('/api/auth/login');
    const answers = [machine.body, issued.body.replace(token, ''), webhook.body.replace(webhookSecret, ''), detail.body, keys.body, wrongPassword.body].join('\n');
    for (const [name, secret] of Object.entries(secrets)) {
      expect({ name, inLog: log.includes(secret) }).toEqual({ name, inLog: false });
      expect({ name, inAnswers: answers.includes(secret) }).toEqual({ name, inAnswers: false });
    }
  });

  it('seals private keys at rest: the stored form holds no key material and opens only with the master key', async () => {
    const rows = await ctx.deps.db.select().from(signingKeys);
    expect(rows.length).toBeGreaterThan(0);
    const masterKey = loadMasterKey(ctx.config);
    for (const row of rows) {
      const jwk = openPrivateKey(row.sealedPrivateKey, masterKey).export({ format: 'jwk' });
      expect(row.sealedPrivateKey).not.toContain(jwk.d);
      expect(row.sealedPrivateKey).not.toMatch(/PRIVATE KEY/);
      const otherKey = Buffer.alloc(32, 7);
      expect(() => openPrivateKey(row.sealedPrivateKey, otherKey)).toThrow();
    }
  });
});

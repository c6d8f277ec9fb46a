import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/http/app.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
let logged: App;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  ctx = await createTestApp();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  ({ app: logged } = await buildApp({ deps: ctx.deps, logger: { stream, level: 'info' } }));
});
afterAll(async () => {
  await logged?.close();
  await ctx?.close();
});

describe('operations', () => {
  it('answers the health check', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI 3 description of every endpoint, and interactive docs', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of ['/api/health', '/api/participants', '/api/participants/{code}', '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/participants/{code}/operators', '/api/users']) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    expect(spec.paths['/api/auth/login'].post.requestBody.content['application/json'].schema).toBeDefined();
    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('exposes Prometheus metrics for requests, latency, errors and database time', async () => {
    await ctx.app.inject({ method: 'GET', url: '/api/participants' });
    await ctx.app.inject({ method: 'GET', url: '/api/participants/XX' });
    await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'exporter.bw@demo.test', password: 'demo-password' } });
    const response = await ctx.app.inject({ method: 'GET', url: '/api/metrics' });
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(/kimberlite_http_requests_total\{method="GET",route="\/api\/participants",status="200"\} [1-9]/);
    expect(response.body).toMatch(/kimberlite_http_errors_total\{code="NOT_FOUND",status="404"\} [1-9]/);
    expect(response.body).toMatch(/kimberlite_http_request_duration_seconds_bucket/);
    expect(response.body).toMatch(/kimberlite_db_transaction_duration_seconds_count [1-9]/);
  });

  it('keeps metrics from callers outside this machine unless they are the system administrator', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/metrics', remoteAddress: '203.0.113.9' });
    expect(response.statusCode).toBe(404);
  });

  it('sends security headers', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/participants' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('writes JSON logs with the request id on every line, and no passwords, cookies or tokens', async () => {
    const login = await logged.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-request-id': 'req-test-0001' },
      payload: { email: 'admin.bw@demo.test', password: 'demo-password' },
    });
    expect(login.headers['x-request-id']).toBe('req-test-0001');
    const cookie = login.cookies[0].value;
    await logged.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `kimberlite_session=${cookie}`, 'x-request-id': 'req-test-0002' } });
    await logged.inject({ method: 'GET', url: '/api/participants/ZZ', headers: { authorization: 'Bearer klt_secret-looking-value', 'x-request-id': 'req-test-0003' } });
    const ours = lines.filter((line) => typeof line.reqId === 'string' && String(line.reqId).startsWith('req-test-'));
    expect(ours.length).toBeGreaterThanOrEqual(6);
    const requestLines = lines.filter((line) => line.req || line.res);
    expect(requestLines.every((line) => typeof line.reqId === 'string')).toBe(true);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('demo-password');
    expect(text).not.toContain(cookie);
    expect(text).not.toContain('secret-looking-value');
  });
});

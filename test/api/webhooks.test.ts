import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, webhookDeliveries, webhookSubscriptions } from '../../src/db/schema.ts';
import { transact } from '../../src/deps.ts';
import { translate } from '../../src/i18n/translate.ts';
import { enqueueEvent } from '../../src/webhooks/outbox.ts';
import { MAX_ATTEMPTS, startWebhookDispatcher, type WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A national system on this machine: answers each POST with the next status in `statuses` (the last one repeats). */
async function startReceiver(statuses: number[]) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'temporarily unavailable' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/kp-events`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The receiver's side of docs/webhooks.md: recompute the HMAC over "<t>.<raw body>" and compare in constant time. */
function signatureHolds(header: string, body: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let ctx: TestContext;
let dispatcher: WebhookDispatcher;
const cookies: Record<string, string> = {};
const receivers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  ctx = await createTestApp({ webhookAllowPrivateTargets: true });
  // A long interval: the sweeps in these tests are the explicit runOnce() calls.
  dispatcher = startWebhookDispatcher(ctx.deps, { intervalMs: 3_600_000 });
  for (const email of ['admin.bw@demo.test', 'admin.za@demo.test', 'admin.ca@demo.test', 'admin.ae@demo.test', 'admin.in@demo.test', 'admin.us@demo.test', 'admin@demo.test', 'exporter.bw@demo.test']) {
    cookies[email] = await loginAs(ctx.app, email);
  }
});
afterAll(async () => {
  await dispatcher?.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await ctx?.close();
});

async function subscribe(admin: string, url: string, events = ['receipt.recorded', 'alert.raised']) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/webhooks', headers: { cookie: cookies[admin] }, payload: { url, events } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string; url: string; events: string[]; participantCode: string };
}

async function receiverFor(statuses: number[]) {
  const receiver = await startReceiver(statuses);
  receivers.push(receiver);
  return receiver;
}

function queueReceipt(participant: string, number: string) {
  return transact(ctx.deps, (tx) =>
    enqueueEvent(tx, { participants: [participant], type: 'receipt.recorded', data: { certificate: number, receivedOn: '2026-11-25' }, now: ctx.deps.now() }),
  );
}

async function deliveriesOf(subscriptionId: string) {
  return ctx.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, subscriptionId));
}

/** Moves the retry time of the subscription's pending deliveries into the past, as if the back-off had elapsed. */
async function makeDue(subscriptionId: string) {
  await ctx.deps.db.update(webhookDeliveries).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(webhookDeliveries.subscriptionId, subscriptionId));
}

describe('webhook subscriptions', () => {
  it('shows the secret once, at subscription, and never in the list, the audit log or the database in clear', async () => {
    const created = await subscribe('admin.bw@demo.test', 'https://kp.gov.example/hooks');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.participantCode).toBe('BW');

    const list = await ctx.app.inject({ method: 'GET', url: '/api/webhooks', headers: { cookie: cookies['admin.bw@demo.test'] } });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((s: { id: string }) => s.id)).toContain(created.id);
    expect(list.body).not.toContain(created.secret);
    expect(list.body).not.toMatch(/secret/i);

    const audit = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit.map((entry) => entry.action)).toEqual(['webhook.subscribed']);
    expect(JSON.stringify(await ctx.deps.db.select().from(auditLog))).not.toContain(created.secret.slice(6));

    const [row] = await ctx.deps.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, created.id));
    expect(row.sealedSecret).not.toContain(created.secret.slice(6));
  });

  it('refuses plain http to another machine and other schemes with WEBHOOK_URL_NOT_ALLOWED, in the caller’s language', async () => {
    for (const url of ['http://kp.gov.example/hooks', 'ftp://127.0.0.1/hooks', 'ws://localhost/hooks']) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/webhooks',
        headers: { cookie: cookies['admin.bw@demo.test'], 'accept-language': 'fr' },
        payload: { url, events: ['alert.raised'] },
      });
      expect(response.statusCode, url).toBe(422);
      expect(response.json()).toEqual({ code: 'WEBHOOK_URL_NOT_ALLOWED', message: translate('fr', 'errors.WEBHOOK_URL_NOT_ALLOWED', { url }) });
    }
    expect(translate('fr', 'errors.WEBHOOK_URL_NOT_ALLOWED')).not.toBe(translate('en', 'errors.WEBHOOK_URL_NOT_ALLOWED'));
  });

  it('accepts plain http to this machine only', async () => {
    await subscribe('admin.in@demo.test', 'http://localhost:8443/hooks');
    await subscribe('admin.in@demo.test', 'http://127.0.0.1:8443/hooks');
    await subscribe('admin.in@demo.test', 'http://[::1]:8443/hooks');
  });

  it('refuses an event that does not exist', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: { cookie: cookies['admin.bw@demo.test'] },
      payload: { url: 'https://kp.gov.example/hooks', events: ['certificate.stolen'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });

  it('hides a participant’s subscription from another participant’s administrator, and lets the system administrator read but not disable it', async () => {
    const created = await subscribe('admin.bw@demo.test', 'https://kp.gov.example/hooks/bw-only');
    const asAe = { cookie: cookies['admin.ae@demo.test'] };
    const aeList = await ctx.app.inject({ method: 'GET', url: '/api/webhooks', headers: asAe });
    expect(aeList.json().map((s: { id: string }) => s.id)).not.toContain(created.id);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/webhooks/${created.id}/deliveries`, headers: asAe })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}`, headers: asAe })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}`, headers: { cookie: cookies['exporter.bw@demo.test'] } })).statusCode).toBe(404);

    const asSystem = { cookie: cookies['admin@demo.test'] };
    const all = await ctx.app.inject({ method: 'GET', url: '/api/webhooks?participant=BW', headers: asSystem });
    expect(all.json().map((s: { id: string }) => s.id)).toContain(created.id);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/webhooks/${created.id}/deliveries`, headers: asSystem })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}`, headers: asSystem })).statusCode).toBe(403);

    const disabled = await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}`, headers: { cookie: cookies['admin.bw@demo.test'] } });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabledAt).not.toBeNull();
    const again = await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}`, headers: { cookie: cookies['admin.bw@demo.test'] } });
    expect(again.json().code).toBe('WEBHOOK_ALREADY_DISABLED');
    const audit = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit.map((entry) => entry.action)).toEqual(['webhook.subscribed', 'webhook.disabled']);
  });
});

describe('webhook delivery', () => {
  it('delivers a queued event to the receiver, signed with the secret shown at subscription', async () => {
    const receiver = await receiverFor([204]);
    const created = await subscribe('admin.za@demo.test', receiver.url);
    expect(await queueReceipt('ZA', 'ZA-2026-000007')).toBe(1);

    const before = Math.floor(Date.now() / 1000);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['kimberlite-event']).toBe('receipt.recorded');
    const [delivery] = await deliveriesOf(created.id);
    expect(request.headers['kimberlite-delivery']).toBe(delivery.id);
    const signature = String(request.headers['kimberlite-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(Number(/t=(\d+)/.exec(signature)![1])).toBeGreaterThanOrEqual(before - 1);
    expect(signatureHolds(signature, request.body, created.secret)).toBe(true);
    expect(signatureHolds(signature, request.body.replace('000007', '000008'), created.secret)).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'receipt.recorded', participant: 'ZA', data: { certificate: 'ZA-2026-000007' } });

    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204, lastError: null });
    expect(await dispatcher.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries after a 500 with back-off, counting attempts, and records the delivery once the receiver answers 200', async () => {
    const receiver = await receiverFor([500, 200]);
    const created = await subscribe('admin.ca@demo.test', receiver.url);
    await queueReceipt('CA', 'CA-2026-000011');

    const started = Date.now();
    expect(await dispatcher.runOnce()).toBe(1);
    let [delivery] = await deliveriesOf(created.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(delivery.lastError).toContain('HTTP 500');
    // First back-off: 30 s.
    expect(delivery.nextAttemptAt.getTime() - started).toBeGreaterThanOrEqual(29_000);
    expect(await dispatcher.runOnce()).toBe(0);

    const deliveries = await ctx.app.inject({ method: 'GET', url: `/api/webhooks/${created.id}/deliveries`, headers: { cookie: cookies['admin.ca@demo.test'] } });
    expect(deliveries.json()).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, lastStatus: 500, lastError: expect.stringContaining('HTTP 500') })]);

    await makeDue(created.id);
    expect(await dispatcher.runOnce()).toBe(1);
    [delivery] = await deliveriesOf(created.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0].headers['kimberlite-delivery']).toBe(receiver.received[1].headers['kimberlite-delivery']);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and marks the delivery failed`, async () => {
    const receiver = await receiverFor([503]);
    const created = await subscribe('admin.ae@demo.test', receiver.url, ['alert.raised']);
    await transact(ctx.deps, (tx) => enqueueEvent(tx, { participants: ['AE'], type: 'alert.raised', data: { alert: 'A-1' }, now: ctx.deps.now() }));

    const gaps: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await makeDue(created.id);
      const sweptAt = Date.now();
      expect(await dispatcher.runOnce()).toBe(1);
      const [delivery] = await deliveriesOf(created.id);
      expect(delivery.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) gaps.push(Math.round((delivery.nextAttemptAt.getTime() - sweptAt) / 1000));
    }
    expect(gaps.map((seconds) => Math.round(seconds / 30) * 30)).toEqual([30, 120, 600, 3600, 21600, 43200, 86400]);
    const [delivery] = await deliveriesOf(created.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatus: 503 });
    await makeDue(created.id);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
  });

  it('records an unreachable receiver as an error and tries again later', async () => {
    const receiver = await receiverFor([200]);
    await receiver.close();
    const created = await subscribe('admin.bw@demo.test', receiver.url, ['alert.closed']);
    await transact(ctx.deps, (tx) => enqueueEvent(tx, { participants: ['BW'], type: 'alert.closed', data: { alert: 'A-2' }, now: ctx.deps.now() }));
    expect(await dispatcher.runOnce()).toBe(1);
    const [delivery] = await deliveriesOf(created.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(delivery.lastError).toMatch(/ECONNREFUSED/);
  });

  it('sends each event once when two dispatchers (two server processes) sweep at the same time', async () => {
    const receiver = await receiverFor([200]);
    const created = await subscribe('admin.us@demo.test', receiver.url, ['receipt.recorded']);
    for (let i = 1; i <= 45; i++) await queueReceipt('US', `US-2026-${String(i).padStart(6, '0')}`);
    const other = startWebhookDispatcher(ctx.deps, { intervalMs: 3_600_000 });
    try {
      for (let sweep = 0; sweep < 10; sweep++) {
        const [mine, theirs] = await Promise.all([dispatcher.runOnce(), other.runOnce()]);
        if (mine + theirs === 0) break;
      }
    } finally {
      await other.stop();
    }
    const ids = receiver.received.map((request) => request.headers['kimberlite-delivery']);
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    expect((await deliveriesOf(created.id)).every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1)).toBe(true);
  });

  it('sends nothing more once the subscription is disabled', async () => {
    const receiver = await receiverFor([500]);
    const created = await subscribe('admin.bw@demo.test', receiver.url, ['alert.commented']);
    await transact(ctx.deps, (tx) => enqueueEvent(tx, { participants: ['BW'], type: 'alert.commented', data: { alert: 'A-3' }, now: ctx.deps.now() }));
    expect(await dispatcher.runOnce()).toBe(1);
    const disabled = await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}`, headers: { cookie: cookies['admin.bw@demo.test'] } });
    expect(disabled.statusCode).toBe(200);
    await makeDue(created.id);
    expect(await dispatcher.runOnce()).toBe(0);
    const [delivery] = await deliveriesOf(created.id);
    expect(delivery).toMatchObject({ status: 'failed', lastError: 'subscription disabled' });
    expect(await transact(ctx.deps, (tx) => enqueueEvent(tx, { participants: ['BW'], type: 'alert.commented', data: {}, now: ctx.deps.now() }))).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });
});

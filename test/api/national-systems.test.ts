import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.ts';
import { botswanaDraft } from '../support/issue.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ webhookAllowPrivateTargets: true });
});
afterAll(async () => ctx?.close());

/** A participant administrator gives its national system a machine account and an API token. */
async function machineToken(participant: string, role: string): Promise<string> {
  const admin = await loginAs(ctx.app, `admin.${participant.toLowerCase()}@demo.test`);
  const user = await ctx.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: admin },
    payload: { email: `system-${role}@${participant.toLowerCase()}.example`, name: `${participant} national system`, kind: 'machine', roles: [role] },
  });
  const token = await ctx.app.inject({ method: 'POST', url: `/api/users/${user.json().id}/tokens`, headers: { cookie: admin }, payload: { label: 'national system' } });
  return `Bearer ${token.json().token}`;
}

describe('national systems over the API', () => {
  it('Botswana’s system issues, the UAE’s system confirms receipt, and Botswana’s webhook hears of it, signed', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const adminBw = await loginAs(ctx.app, 'admin.bw@demo.test');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kp-events`;
      const subscription = await ctx.app.inject({ method: 'POST', url: '/api/webhooks', headers: { cookie: adminBw }, payload: { url, events: ['receipt.recorded'] } });
      expect(subscription.statusCode).toBe(201);
      const secret: string = subscription.json().secret;

      const bwSystem = await machineToken('BW', 'exporting_officer');
      const aeSystem = await machineToken('AE', 'importing_officer');
      const issued = await ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { authorization: bwSystem, 'idempotency-key': 'bw-system-0001' }, payload: await botswanaDraft(ctx) });
      expect(issued.statusCode).toBe(201);
      const certificate = issued.json();

      const receipt = await ctx.app.inject({
        method: 'POST',
        url: `/api/certificates/${certificate.number}/receipt`,
        headers: { authorization: aeSystem },
        payload: {
          receivedOn: certificate.issueDate,
          parcelCount: 2,
          carats: '4330.45',
          importerName: certificate.content.importer.name,
          exporterName: certificate.content.exporter.name,
          sealIntact: true,
        },
      });
      expect(receipt.statusCode).toBe(201);
      expect(receipt.json()).toMatchObject({ via: 'token', outcome: 'matched' });
      // The token acts for its own participant only.
      const other = await ctx.app.inject({ method: 'GET', url: `/api/certificates/${certificate.number}/receipt`, headers: { authorization: await machineToken('ZA', 'importing_officer') } });
      expect(other.statusCode).toBe(404);

      const dispatcher = startWebhookDispatcher(ctx.deps, { intervalMs: 60_000 });
      try {
        expect(await dispatcher.runOnce()).toBe(1);
      } finally {
        await dispatcher.stop();
      }
      expect(received).toHaveLength(1);
      const [event] = received;
      expect(event.headers['kimberlite-event']).toBe('receipt.recorded');
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(event.headers['kimberlite-signature'])) ?? [];
      expect(createHmac('sha256', secret).update(`${t}.${event.body}`).digest('hex')).toBe(v1);
      expect(JSON.parse(event.body)).toMatchObject({ type: 'receipt.recorded', participant: 'BW', data: { certificateNumber: certificate.number, receipt: { outcome: 'matched' } } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

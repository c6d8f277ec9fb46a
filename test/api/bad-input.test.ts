import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';
import { storedState } from '../support/state.ts';

let ctx: TestContext;
let exporterBw: string;
beforeAll(async () => {
  ctx = await createTestApp({ bodyLimitBytes: 64 * 1024 });
  exporterBw = await loginAs(ctx.app, 'exporter.bw@demo.test');
});
afterAll(async () => ctx?.close());

const operator = {
  name: 'Serowe Diamonds',
  address: 'Serowe',
  licenceNumber: 'BW-BAD-1',
  licenceTypes: ['dealer'],
  validFrom: '2026-01-01',
  validUntil: '2027-01-01',
};

/** Sends a refused request and checks the error envelope and that nothing stored changed. */
async function expectRefusal(request: InjectOptions, status: number, code: string) {
  const before = await storedState(ctx.deps.db);
  const response = await ctx.app.inject(request);
  expect(response.statusCode).toBe(status);
  const body = response.json();
  expect(body.code).toBe(code);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(5);
  expect(response.body).not.toMatch(/\bat .*\.ts:\d+|stack|SELECT |INSERT |drizzle|pglite/i);
  expect(await storedState(ctx.deps.db)).toEqual(before);
  return body;
}

describe('bad input is refused with a coded, translated error and nothing is written', () => {
  it('malformed JSON', async () => {
    await expectRefusal(
      { method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw, 'content-type': 'application/json' }, payload: '{"name": "Serowe", ' },
      400,
      'MALFORMED_JSON',
    );
  });

  it('unknown fields', async () => {
    const body = await expectRefusal(
      { method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: { ...operator, approvedBy: 'me' } },
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(body.details)).toContain('approvedBy');
  });

  it('wrong types, with the offending field named', async () => {
    const body = await expectRefusal(
      { method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: { ...operator, licenceTypes: 'dealer', validFrom: 20260101 } },
      400,
      'VALIDATION_FAILED',
    );
    const paths = body.details.map((detail: { path: string[] }) => detail.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['licenceTypes', 'validFrom']));
  });

  it('an unknown licence type and an impossible date', async () => {
    await expectRefusal(
      { method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: { ...operator, licenceTypes: ['smuggler'], validUntil: '2027-02-30' } },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('an oversize body', async () => {
    await expectRefusal(
      { method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw }, payload: { ...operator, address: 'x'.repeat(100 * 1024) } },
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('a body that is not JSON', async () => {
    await expectRefusal(
      { method: 'POST', url: '/api/participants/BW/operators', headers: { cookie: exporterBw, 'content-type': 'application/xml' }, payload: '<operator/>' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('an identifier that is not a UUID', async () => {
    await expectRefusal({ method: 'PATCH', url: "/api/operators/1' OR '1'='1", headers: { cookie: exporterBw }, payload: { name: 'x' } }, 400, 'VALIDATION_FAILED');
  });

  it('answers in the caller’s language', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/BW/operators',
      headers: { cookie: exporterBw, 'content-type': 'application/json', 'accept-language': 'es' },
      payload: '{oops',
    });
    expect(response.json().message).toMatch(/JSON/);
    expect(response.json().message).not.toBe('The request body is not valid JSON.');
  });
});

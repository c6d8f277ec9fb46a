import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, certificateReceipts, certificates } from '../../src/db/schema.ts';
import { certificateInvariantProblems } from '../support/certificate-invariants.ts';
import { botswanaDraft, issueThroughApi } from '../support/issue.ts';
import { createTestApp, DATABASE_KIND, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
let exporterBw: string;
let importerAe: string;

beforeAll(async () => {
  ctx = await createTestApp();
  exporterBw = await loginAs(ctx.app, 'exporter.bw@demo.test');
  importerAe = await loginAs(ctx.app, 'importer.ae@demo.test');
});
afterAll(async () => ctx?.close());

type Certificate = Awaited<ReturnType<typeof issueThroughApi>>;

const asFound = (certificate: Certificate) => ({
  receivedOn: certificate.issueDate,
  parcelCount: certificate.parcelCount,
  carats: certificate.totalCarats,
  importerName: certificate.content.importer.name,
  exporterName: certificate.content.exporter.name,
  sealIntact: true,
});

/** Several sessions of exporting officers of Botswana: each client logs in on its own. */
async function exportingOfficers(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => loginAs(ctx.app, 'exporter.bw@demo.test')));
}

async function serialsOf(participantCode: string, year: number): Promise<number[]> {
  const list = await ctx.deps.db
    .select({ serial: certificates.serial })
    .from(certificates)
    .where(and(eq(certificates.participantCode, participantCode), eq(certificates.year, year)));
  return list.map((row) => row.serial).sort((a, b) => a - b);
}

describe(`concurrent certificate writes on ${DATABASE_KIND}`, () => {
  it('issues 40 certificates requested at once by several officers with unique, gapless numbers and never a 500', async () => {
    const year = new Date().getUTCFullYear();
    const before = await serialsOf('BW', year);
    const officers = await exportingOfficers(5);
    const draft = await botswanaDraft(ctx);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/certificates',
          headers: { cookie: officers[i % officers.length], 'idempotency-key': `concurrency-issue-${i}-${Date.now()}` },
          payload: { ...draft, seals: [`PAR-${i}`] },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const numbers = responses.map((r) => r.json().number as string);
    expect(new Set(numbers).size).toBe(40);

    const after = await serialsOf('BW', year);
    expect(after).toHaveLength(before.length + 40);
    // Gapless from 1: the new numbers follow the old ones with nothing skipped.
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(numbers.map((number) => Number(number.slice(-6))).sort((a, b) => a - b)).toEqual(after.slice(before.length));
    expect(await certificateInvariantProblems(ctx.deps.db)).toEqual([]);
  });

  it('issues once for 10 simultaneous retries carrying one idempotency key', async () => {
    const draft = await botswanaDraft(ctx);
    const officers = await exportingOfficers(3);
    const key = `concurrency-same-key-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: officers[i % 3], 'idempotency-key': key }, payload: draft }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().number)).size).toBe(1);
    const stored = await ctx.deps.db.select().from(certificates).where(and(eq(certificates.participantCode, 'BW'), eq(certificates.idempotencyKey, key)));
    expect(stored).toHaveLength(1);
  });

  it('lets exactly one of a simultaneous receipt and void through, refusing the other with a clear 409 code', async () => {
    const rounds = 12;
    const issued = await Promise.all(Array.from({ length: rounds }, () => issueThroughApi(ctx, exporterBw)));
    const outcomes = await Promise.all(
      issued.map(async (certificate, i) => {
        const receipt = () =>
          ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/receipt`, headers: { cookie: importerAe }, payload: asFound(certificate) });
        const voiding = () =>
          ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/void`, headers: { cookie: exporterBw }, payload: { reason: 'Shipment cancelled' } });
        // Alternate who is sent first, so each side gets to win on a database that runs them in order.
        const [first, second] = i % 2 === 0 ? [receipt(), voiding()] : [voiding(), receipt()];
        const [a, b] = await Promise.all([first, second]);
        const [receiptResponse, voidResponse] = i % 2 === 0 ? [a, b] : [b, a];
        return { certificate, receiptResponse, voidResponse };
      }),
    );

    for (const { certificate, receiptResponse, voidResponse } of outcomes) {
      const statuses = [receiptResponse.statusCode, voidResponse.statusCode];
      // receipt answers 201, void 200: exactly one of them succeeded, the other was refused
      expect(statuses.filter((status) => status < 300)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(1);
      const [row] = await ctx.deps.db.select().from(certificates).where(eq(certificates.number, certificate.number));
      const receipts = await ctx.deps.db.select().from(certificateReceipts).where(eq(certificateReceipts.certificateNumber, certificate.number));
      const actions = (await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, certificate.number))).map((entry) => entry.action);
      if (receiptResponse.statusCode === 201) {
        expect(voidResponse.json().code).toBe('CERTIFICATE_NOT_VOIDABLE');
        expect(row.status).toBe('received');
        expect(receipts).toHaveLength(1);
        expect(actions.sort()).toEqual(['certificate.issued', 'certificate.received']);
      } else {
        expect(voidResponse.statusCode).toBe(200);
        expect(receiptResponse.json().code).toBe('CERTIFICATE_NOT_RECEIVABLE');
        expect(row.status).toBe('voided');
        expect(receipts).toHaveLength(0);
        expect(actions.sort()).toEqual(['certificate.issued', 'certificate.voided']);
      }
    }
    expect(await certificateInvariantProblems(ctx.deps.db)).toEqual([]);
  });

  it('confirms receipt once when the importing authority sends it several times at once', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const importers = await Promise.all(Array.from({ length: 4 }, () => loginAs(ctx.app, 'importer.ae@demo.test')));
    const responses = await Promise.all(
      importers.map((cookie) =>
        ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/receipt`, headers: { cookie }, payload: asFound(certificate) }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'CERTIFICATE_ALREADY_RECEIVED')).toBe(true);
  });

  it('keeps numbers gapless and totals right under a mixed storm of issues, receipts and voids from several clients', async () => {
    const year = new Date().getUTCFullYear();
    const officers = await exportingOfficers(4);
    const importers = await Promise.all(Array.from({ length: 2 }, () => loginAs(ctx.app, 'importer.ae@demo.test')));
    const seedCertificates = await Promise.all(Array.from({ length: 10 }, () => issueThroughApi(ctx, exporterBw)));
    const draft = await botswanaDraft(ctx);
    const requests = [
      ...Array.from({ length: 20 }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie: officers[i % 4], 'idempotency-key': `storm-${i}-${Date.now()}` }, payload: draft }),
      ),
      ...seedCertificates.map((certificate, i) =>
        i % 2 === 0
          ? ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/receipt`, headers: { cookie: importers[i % 2] }, payload: asFound(certificate) })
          : ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/void`, headers: { cookie: officers[i % 4] }, payload: { reason: 'Storm' } }),
      ),
    ];
    const responses = await Promise.all(requests);
    expect(responses.filter((r) => r.statusCode >= 300).map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
    const serials = await serialsOf('BW', year);
    expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
    const stormVoided = await ctx.deps.db.select().from(certificates).where(and(eq(certificates.status, 'voided'), eq(certificates.voidReason, 'Storm')));
    expect(stormVoided).toHaveLength(5);
    expect(await certificateInvariantProblems(ctx.deps.db)).toEqual([]);
  });
});

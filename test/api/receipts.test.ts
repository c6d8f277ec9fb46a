import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, certificateReceipts, certificates } from '../../src/db/schema.ts';
import { issueThroughApi } from '../support/issue.ts';
import { storedState } from '../support/state.ts';
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

const asFound = (certificate: Certificate, overrides: Record<string, unknown> = {}) => ({
  receivedOn: certificate.issueDate,
  parcelCount: certificate.parcelCount,
  carats: certificate.totalCarats,
  importerName: certificate.content.importer.name,
  exporterName: certificate.content.exporter.name,
  sealIntact: true,
  ...overrides,
});

const confirm = (number: string, body: unknown, cookie = importerAe) =>
  ctx.app.inject({ method: 'POST', url: `/api/certificates/${number}/receipt`, headers: { cookie }, payload: body as object });

const listed = async (cookie: string, query: string) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/certificates?${query}`, headers: { cookie } })).json().items as { number: string; receiptState: string; receivedOn: string | null }[];

describe('confirmation of receipt', () => {
  it('the importing authority confirms what arrived; the exporting authority sees it at once on its list', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const before = (await listed(exporterBw, 'direction=exports')).find((item) => item.number === certificate.number);
    expect(before?.receiptState).toBe('awaiting');

    const response = await confirm(certificate.number, asFound(certificate, { importerName: '  ALMAS rough trading, DMCC ', notes: 'Weighed at DMCC Diamond Office' }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ certificateNumber: certificate.number, participantCode: 'AE', outcome: 'matched', discrepancies: [], carats: '4330.45', via: 'session' });

    const after = (await listed(exporterBw, 'direction=exports&receipt=received')).find((item) => item.number === certificate.number);
    expect(after).toMatchObject({ receiptState: 'received', receivedOn: certificate.issueDate });
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/certificates/${certificate.number}`, headers: { cookie: exporterBw } })).json();
    expect(detail.status).toBe('received');
    const seenByExporter = await ctx.app.inject({ method: 'GET', url: `/api/certificates/${certificate.number}/receipt`, headers: { cookie: exporterBw } });
    expect(seenByExporter.json().notes).toBe('Weighed at DMCC Diamond Office');

    const audit = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, certificate.number));
    expect(audit.map((entry) => entry.action)).toContain('certificate.received');
  });

  it('differences beyond the tolerance are recorded as discrepancies, within it they are not', async () => {
    const within = await issueThroughApi(ctx, exporterBw);
    // 0.10 % of 4330.45 ct is 4.33 ct: 4.00 ct less is within tolerance.
    expect((await confirm(within.number, asFound(within, { carats: '4326.45' }))).json().outcome).toBe('matched');

    const beyond = await issueThroughApi(ctx, exporterBw);
    const response = await confirm(beyond.number, asFound(beyond, { carats: '4300.00', parcelCount: 1, sealIntact: false, exporterName: 'Unknown Trading' }));
    expect(response.statusCode).toBe(201);
    const receipt = response.json();
    expect(receipt.outcome).toBe('discrepancy');
    expect(receipt.discrepancies).toEqual([
      { field: 'parcelCount', onCertificate: '2', found: '1' },
      { field: 'carats', onCertificate: '4330.45', found: '4300.00' },
      { field: 'exporter', onCertificate: beyond.content.exporter.name, found: 'Unknown Trading' },
      { field: 'seal', onCertificate: 'GAB-778812', found: 'broken' },
    ]);
    const item = (await listed(exporterBw, 'direction=exports')).find((entry) => entry.number === beyond.number);
    expect(item?.receiptState).toBe('received_with_discrepancy');
  });

  it('only the importing officer of the destination confirms; others are refused and nothing is written', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const importerZa = await loginAs(ctx.app, 'importer.za@demo.test');
    const adminAe = await loginAs(ctx.app, 'admin.ae@demo.test');
    const before = await storedState(ctx.deps.db);
    expect((await confirm(certificate.number, asFound(certificate), importerZa)).statusCode).toBe(404);
    const byExporter = await confirm(certificate.number, asFound(certificate), exporterBw);
    expect(byExporter.statusCode).toBe(403);
    expect(byExporter.json().code).toBe('FORBIDDEN');
    expect((await confirm(certificate.number, asFound(certificate), adminAe)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/certificates/${certificate.number}/receipt`, payload: asFound(certificate) })).statusCode).toBe(401);
    const after = await storedState(ctx.deps.db);
    expect(after.certificate_receipts).toBe(before.certificate_receipts);
    expect(after.certificates).toBe(before.certificates);
    expect(after.audit_head).toEqual(before.audit_head);
  });

  it('bad receipts get coded, translated refusals', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/api/certificates/${certificate.number}/receipt`,
      headers: { cookie: importerAe, 'accept-language': 'fr' },
      payload: asFound(certificate, { receivedOn: '2020-01-01' }),
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'RECEIPT_DATE_INVALID' });
    expect(early.json().message).toContain('date de réception');
    const badCarats = await confirm(certificate.number, asFound(certificate, { carats: '12.345' }));
    expect(badCarats.json().code).toBe('AMOUNT_TOO_PRECISE');
    const missing = await confirm(certificate.number, { receivedOn: certificate.issueDate });
    expect(missing.json().code).toBe('VALIDATION_FAILED');

    const voided = await issueThroughApi(ctx, exporterBw);
    await ctx.app.inject({ method: 'POST', url: `/api/certificates/${voided.number}/void`, headers: { cookie: exporterBw }, payload: { reason: 'cancelled' } });
    const refused = await confirm(voided.number, asFound(voided));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CERTIFICATE_NOT_RECEIVABLE' });
  });

  it(`exactly one of 100 concurrent confirmations succeeds (${DATABASE_KIND})`, async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => confirm(certificate.number, asFound(certificate, { notes: `attempt ${i}` }))));
    const codes = responses.map((response) => response.statusCode);
    expect(codes.filter((code) => code === 201)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(99);
    expect(new Set(responses.filter((response) => response.statusCode === 409).map((response) => response.json().code))).toEqual(new Set(['CERTIFICATE_ALREADY_RECEIVED']));
    const rows = await ctx.deps.db.select().from(certificateReceipts).where(eq(certificateReceipts.certificateNumber, certificate.number));
    expect(rows).toHaveLength(1);
    const audit = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.entityId, certificate.number));
    expect(audit.filter((entry) => entry.action === 'certificate.received')).toHaveLength(1);
  }, 120_000);

  it('certificates not confirmed within the configured days are listed as unconfirmed for both sides and the WGM', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const wgm = await loginAs(ctx.app, 'wgm@demo.test');
    // Dispatched (issued) one day longer ago than the confirmation period allows.
    const longAgo = new Date(Date.now() - (ctx.config.receiptConfirmationDays + 1) * 86_400_000).toISOString().slice(0, 10);
    await ctx.deps.db.update(certificates).set({ issueDate: longAgo }).where(eq(certificates.number, certificate.number));
    for (const cookie of [exporterBw, importerAe, wgm]) {
      const unconfirmed = await listed(cookie, 'receipt=unconfirmed&pageSize=200');
      expect(unconfirmed.find((item) => item.number === certificate.number)?.receiptState).toBe('unconfirmed');
    }
    const importerZa = await loginAs(ctx.app, 'importer.za@demo.test');
    expect((await listed(importerZa, 'receipt=unconfirmed&pageSize=200')).some((item) => item.number === certificate.number)).toBe(false);
    expect((await listed(exporterBw, 'receipt=awaiting&pageSize=200')).some((item) => item.number === certificate.number)).toBe(false);
    await ctx.deps.db.update(certificates).set({ issueDate: certificate.issueDate }).where(eq(certificates.number, certificate.number));
    const awaitingNow = await listed(exporterBw, 'receipt=awaiting&pageSize=200');
    expect(awaitingNow.some((item) => item.number === certificate.number)).toBe(true);
  });

  it('a confirmation, once written, cannot be changed or deleted, even with direct database access', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    expect((await confirm(certificate.number, asFound(certificate))).statusCode).toBe(201);
    await expect(ctx.deps.db.execute(sql`update certificate_receipts set carats = 1 where certificate_number = ${certificate.number}`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`delete from certificate_receipts where certificate_number = ${certificate.number}`)).rejects.toThrow();
    const [row] = await ctx.deps.db.select().from(certificateReceipts).where(eq(certificateReceipts.certificateNumber, certificate.number));
    expect(row.carats).toBe(433045);
  });
});

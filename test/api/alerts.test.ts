import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCertificate, type TrustList } from '../../src/verification/verifier.ts';
import { issueThroughApi } from '../support/issue.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
let exporterBw: string;
let importerAe: string;
let importerZa: string;
let chair: string;
let wgm: string;

beforeAll(async () => {
  ctx = await createTestApp({ reportFileMaxBytes: 1024 });
  exporterBw = await loginAs(ctx.app, 'exporter.bw@demo.test');
  importerAe = await loginAs(ctx.app, 'importer.ae@demo.test');
  importerZa = await loginAs(ctx.app, 'importer.za@demo.test');
  chair = await loginAs(ctx.app, 'chair@demo.test');
  wgm = await loginAs(ctx.app, 'wgm@demo.test');
});
afterAll(async () => ctx?.close());

const post = (url: string, cookie: string, payload: unknown) => ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
const get = (url: string, cookie: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie } });
const photo = Buffer.from('%PNG-pretend-photo-of-the-parcel-seal');

describe('suspicious shipments and fraudulent certificates', () => {
  it('an importing officer reports with evidence; the issuer, the Chair and the WGM see it, other participants do not', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const response = await post('/api/reports', importerAe, {
      certificateNumber: certificate.number,
      kind: 'suspicious',
      description: 'Parcel weights do not match the invoice; seal number differs from the certificate.',
      files: [{ fileName: 'seal.png', mediaType: 'image/png', contentBase64: photo.toString('base64') }],
    });
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report).toMatchObject({ certificateNumber: certificate.number, certificateKnown: true, issuingParticipant: 'BW', reportingParticipant: 'AE', status: 'open' });
    expect(report.files).toHaveLength(1);

    for (const cookie of [exporterBw, chair, wgm, importerAe]) {
      const list = (await get('/api/reports', cookie)).json().items;
      expect(list.some((item: { id: string }) => item.id === report.id)).toBe(true);
    }
    expect((await get('/api/reports', importerZa)).json().items.some((item: { id: string }) => item.id === report.id)).toBe(false);
    expect((await get(`/api/reports/${report.id}`, importerZa)).statusCode).toBe(404);

    const file = await get(`/api/reports/${report.id}/files/${report.files[0].id}`, exporterBw);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(photo)).toBe(true);
    expect((await get(`/api/reports/${report.id}/files/${report.files[0].id}`, importerZa)).statusCode).toBe(404);

    const comment = await post(`/api/reports/${report.id}/comments`, exporterBw, { body: 'We issued this certificate; checking the exporter’s records.' });
    expect(comment.statusCode).toBe(200);
    expect(comment.json().comments[0]).toMatchObject({ participantCode: 'BW', body: expect.stringContaining('checking') });

    // The reporter cannot close; the issuing authority can.
    expect((await post(`/api/reports/${report.id}/close`, importerAe, { outcome: 'unfounded', note: 'x' })).statusCode).toBe(403);
    const closed = await post(`/api/reports/${report.id}/close`, exporterBw, { outcome: 'resolved', note: 'Weights re-checked; clerical error on the invoice.' });
    expect(closed.json()).toMatchObject({ status: 'closed', resolution: expect.stringContaining('resolved') });
    const again = await post(`/api/reports/${report.id}/comments`, importerAe, { body: 'late' });
    expect(again.json().code).toBe('REPORT_NOT_OPEN');
  });

  it('while a report is open the certificate verifies UNKNOWN; once the Chair confirms fraud the number fails everywhere, offline too', async () => {
    const certificate = await issueThroughApi(ctx, exporterBw);
    const report = (await post('/api/reports', importerAe, { certificateNumber: certificate.number, kind: 'fraudulent', description: 'Layout differs from the specimen.' })).json();
    const pending = (await ctx.app.inject({ method: 'POST', url: '/api/verify', payload: { qr: certificate.seal } })).json();
    expect(pending.verdict).toBe('UNKNOWN');
    expect(pending.checks.find((check: { check: string }) => check.check === 'fraud_report').reason).toBe('under_investigation');

    expect((await post(`/api/reports/${report.id}/close`, chair, { outcome: 'confirmed_fraudulent', note: 'Confirmed with the Botswana authority.' })).json().status).toBe('confirmed_fraudulent');
    const online = (await ctx.app.inject({ method: 'POST', url: '/api/verify', payload: { qr: certificate.seal } })).json();
    expect(online.verdict).toBe('INVALID');
    expect(online.checks.find((check: { check: string }) => check.check === 'fraud_report')).toMatchObject({ status: 'INVALID', reason: 'reported_fraudulent' });

    const trustList: TrustList = (await ctx.app.inject({ method: 'GET', url: '/api/trust-list' })).json();
    expect(trustList.fraudulentNumbers).toContain(certificate.number);
    const offline = await verifyCertificate({ text: certificate.seal }, { trustList, now: new Date() });
    expect(offline.verdict).toBe('INVALID');
    expect(offline.checks.find((check) => check.check === 'fraud_report')?.reason).toBe('reported_fraudulent');
  });

  it('a number the register never issued can be reported; it is routed to the participant its prefix names', async () => {
    const report = (await post('/api/reports', importerAe, { certificateNumber: 'BW-2019-004711', kind: 'fraudulent', description: 'Offered by a trader in Dubai; number from an old range.' })).json();
    expect(report).toMatchObject({ certificateKnown: false, issuingParticipant: 'BW' });
    expect((await get(`/api/reports/${report.id}`, exporterBw)).statusCode).toBe(200);
  });

  it('who may report, and oversized or unreadable evidence, are refused without writing anything', async () => {
    const before = await storedState(ctx.deps.db);
    const observer = await loginAs(ctx.app, 'observer.wdc@demo.test');
    const stats = await loginAs(ctx.app, 'stats.ae@demo.test');
    const afterLogins = await storedState(ctx.deps.db);
    const body = { certificateNumber: 'BW-2026-000001', kind: 'suspicious', description: 'x' };
    expect((await post('/api/reports', observer, body)).statusCode).toBe(403);
    expect((await post('/api/reports', stats, body)).statusCode).toBe(403);
    const tooLarge = await post('/api/reports', importerAe, { ...body, files: [{ fileName: 'scan.pdf', mediaType: 'application/pdf', contentBase64: Buffer.alloc(2048, 1).toString('base64') }] });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'EVIDENCE_FILE_TOO_LARGE' });
    const unreadable = await post('/api/reports', importerAe, { ...body, files: [{ fileName: 'x.png', mediaType: 'image/png', contentBase64: '###' }] });
    expect(unreadable.json().code).toBe('EVIDENCE_FILE_INVALID');
    const after = await storedState(ctx.deps.db);
    expect(after.certificate_reports).toBe(before.certificate_reports);
    expect(after.certificate_report_files).toBe(before.certificate_report_files);
    expect(after.audit_head).toEqual(afterLogins.audit_head);
  });
});

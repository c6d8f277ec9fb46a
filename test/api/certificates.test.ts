import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialProofHolds, type CertificateCredential } from '../../src/certificates/credential.ts';
import { openSeal, sealSignatureHolds } from '../../src/certificates/seal.ts';
import { operators } from '../../src/db/schema.ts';
import { createTestApp, DATABASE_KIND, loginAs, type TestContext } from '../support/test-database.ts';
import { storedState } from '../support/state.ts';

let ctx: TestContext;
let exporterBw: string;
let kalahari: string;
let tsodilo: string;
const year = new Date().getUTCFullYear();

const operatorId = async (licence: string) => (await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, licence)))[0].id;

beforeAll(async () => {
  ctx = await createTestApp();
  exporterBw = await loginAs(ctx.app, 'exporter.bw@demo.test');
  kalahari = await operatorId('BW-DL-2024-0117');
  tsodilo = await operatorId('BW-DL-2019-0042');
});
afterAll(async () => ctx?.close());

const draft = (overrides: Record<string, unknown> = {}) => ({
  importingParticipant: 'AE',
  exporterId: kalahari,
  importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
  originCountries: ['BW'],
  parcels: [
    { hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' },
    { hsCode: '7102.21', carats: '1210.00', valueUsd: '24200.00' },
  ],
  declaredTotals: { parcelCount: 2, carats: '4330.45', valueUsd: '492267.50' },
  seals: ['GAB-778812'],
  ...overrides,
});

const issue = (body: unknown, cookie = exporterBw, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie, ...headers }, payload: body as object });

describe('issuing certificates', () => {
  it('issues a signed certificate with a gapless number, a QR seal and a proof that the trust list verifies', async () => {
    const response = await issue(draft());
    expect(response.statusCode).toBe(201);
    const certificate = response.json();
    expect(certificate.number).toBe(`BW-${year}-000001`);
    expect(certificate.status).toBe('issued');
    expect(certificate.content).toMatchObject({
      issuingParticipant: 'BW',
      importingParticipant: 'AE',
      exporter: { name: 'Kalahari Rough Trading (Pty) Ltd (demo)', licence: 'BW-DL-2024-0117' },
      totals: { carats: '4330.45', valueUsd: '492267.50' },
      parcelCount: 2,
      validatedBy: 'Exporting officer BW',
    });
    expect(certificate.content.issuingAuthority.name).toContain('Ministry of Minerals');
    expect(certificate.seal.length).toBeLessThanOrEqual(1200);

    const trustList = (await ctx.app.inject({ method: 'GET', url: '/api/trust-list' })).json();
    const key = trustList.keys.find((k: { kid: string }) => k.kid === certificate.kid);
    expect(key.participant).toBe('BW');
    expect(credentialProofHolds(certificate.credential as CertificateCredential, key.publicKeyJwk.x)).toBe(true);
    const opened = openSeal(certificate.seal);
    expect(opened.ok && sealSignatureHolds(opened, key.publicKeyJwk.x)).toBe(true);
    expect(opened.ok && opened.content).toEqual(certificate.content);

    const second = await issue(draft());
    expect(second.json().number).toBe(`BW-${year}-000002`);
  });

  it('returns the same certificate for a retried request with the same idempotency key', async () => {
    const key = { 'idempotency-key': 'bw-retry-0001' };
    const first = await issue(draft(), exporterBw, key);
    const retry = await issue(draft(), exporterBw, key);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().number).toBe(first.json().number);
    const misuse = await issue(draft({ seals: ['OTHER'] }), exporterBw, key);
    expect(misuse.statusCode).toBe(409);
    expect(misuse.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets only an exporting officer issue, for its own participant', async () => {
    const importer = await loginAs(ctx.app, 'importer.bw@demo.test');
    expect((await issue(draft(), importer)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/certificates', payload: draft() })).statusCode).toBe(401);
    const exporterZa = await loginAs(ctx.app, 'exporter.za@demo.test');
    const foreignExporter = await issue(draft(), exporterZa);
    expect(foreignExporter.json().code).toBe('EXPORTER_NOT_LICENSED');
  });
});

describe('refusals, each with its own code and nothing written', () => {
  const refusals: [string, () => Record<string, unknown> | Promise<Record<string, unknown>>, string][] = [
    ['a destination outside the register', () => draft({ importingParticipant: 'FR' }), 'DESTINATION_NOT_A_PARTICIPANT'],
    ['the same participant at both ends', () => draft({ importingParticipant: 'BW' }), 'SAME_PARTICIPANT'],
    ['an exporter whose licence has expired', () => draft({ exporterId: tsodilo }), 'EXPORTER_NOT_LICENSED'],
    ['an unknown country of origin', () => draft({ originCountries: ['XX'] }), 'UNKNOWN_ORIGIN'],
    ['an expiry beyond the KP-wide maximum', () => draft({ expiryDate: '2099-01-01' }), 'EXPIRY_BEYOND_MAXIMUM'],
    ['an expiry before the issue date', () => draft({ expiryDate: '2020-01-01' }), 'EXPIRY_NOT_AFTER_ISSUE'],
    ['no parcels', () => draft({ parcels: [], declaredTotals: undefined }), 'NO_PARCELS'],
    ['a zero weight', () => draft({ parcels: [{ hsCode: '7102.31', carats: '0.00', valueUsd: '10.00' }], declaredTotals: undefined }), 'AMOUNT_NOT_POSITIVE'],
    ['a negative value', () => draft({ parcels: [{ hsCode: '7102.31', carats: '10.00', valueUsd: '-10.00' }], declaredTotals: undefined }), 'AMOUNT_NOT_POSITIVE'],
    ['an over-precise weight', () => draft({ parcels: [{ hsCode: '7102.31', carats: '10.005', valueUsd: '10.00' }], declaredTotals: undefined }), 'AMOUNT_TOO_PRECISE'],
    ['a value that is not a number', () => draft({ parcels: [{ hsCode: '7102.31', carats: '10.00', valueUsd: '1e6' }], declaredTotals: undefined }), 'INVALID_AMOUNT'],
    ['an HS code for polished diamonds', () => draft({ parcels: [{ hsCode: '7102.39', carats: '10.00', valueUsd: '10.00' }], declaredTotals: undefined }), 'UNKNOWN_HS_CODE'],
    ['totals that do not add up', () => draft({ declaredTotals: { parcelCount: 2, carats: '4330.46', valueUsd: '492267.50' } }), 'TOTALS_MISMATCH'],
    ['a territory named by a participant that has none', () => draft({ territory: 'BE' }), 'VALIDATION_FAILED'],
  ];
  for (const [what, body, code] of refusals) {
    it(`refuses ${what} with ${code}`, async () => {
      const before = await storedState(ctx.deps.db);
      const response = await issue(await body());
      expect(response.json().code).toBe(code);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(await storedState(ctx.deps.db)).toEqual(before);
    });
  }

  it('refuses a destination that is suspended, and an issuer that is suspended', async () => {
    const chair = await loginAs(ctx.app, 'chair@demo.test');
    const today = new Date().toISOString().slice(0, 10);
    for (const code of ['LS', 'ZA']) {
      const suspended = await ctx.app.inject({ method: 'POST', url: `/api/participants/${code}/status-events`, headers: { cookie: chair }, payload: { status: 'suspended', effectiveOn: today, note: 'test' } });
      expect(suspended.statusCode).toBe(201);
    }
    expect((await issue(draft({ importingParticipant: 'LS' }))).json().code).toBe('DESTINATION_NOT_IN_GOOD_STANDING');
    const exporterZa = await loginAs(ctx.app, 'exporter.za@demo.test');
    const za = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'ZA-EX-2023-1180'));
    const refused = await issue(draft({ exporterId: za[0].id }), exporterZa);
    expect(refused.json().code).toBe('ISSUER_NOT_IN_GOOD_STANDING');
    expect(refused.json().message).toMatch(/suspended/);
  });

  it('refuses an origin under an embargo in force on the issue date (Côte d’Ivoire, 2005–2014)', async () => {
    const registered = await ctx.app.inject({
      method: 'POST',
      url: '/api/participants/BW/operators',
      headers: { cookie: exporterBw },
      payload: { name: 'Francistown Traders (2009)', address: 'Francistown', licenceNumber: 'BW-EX-2009-0001', licenceTypes: ['exporter'], validFrom: '2009-01-01', validUntil: '2012-12-31' },
    });
    const original = ctx.deps.now;
    ctx.deps.now = () => new Date('2010-06-01T10:00:00Z');
    try {
      const response = await issue(draft({ exporterId: registered.json().id, originCountries: ['CI'], expiryDate: '2010-07-01' }));
      expect(response.json().code).toBe('ORIGIN_UNDER_EMBARGO');
      expect(response.json().message).toContain('1643');
    } finally {
      ctx.deps.now = original;
    }
  });

  it('makes the EU name the member state that issues', async () => {
    const exporterEu = await loginAs(ctx.app, 'exporter.eu@demo.test');
    const hoveniers = await operatorId('BE-DIA-2024-3300');
    const body = draft({ exporterId: hoveniers, originCountries: ['BW', 'RU'], mixedOrigin: true, importingParticipant: 'IN' });
    expect((await issue(body, exporterEu)).json().code).toBe('TERRITORY_REQUIRED');
    const issued = await issue({ ...body, territory: 'BE' }, exporterEu);
    expect(issued.statusCode).toBe(201);
    expect(issued.json().number).toMatch(/^EU-\d{4}-000001$/);
    expect(issued.json().content).toMatchObject({ issuingTerritory: 'BE', origin: { countries: ['BW', 'RU'], mixed: true } });
    expect(issued.json().content.issuingAuthority.name).toContain('Belgium');
  });
});

describe('participant certificate settings and the embargo register', () => {
  it('lets the participant administrator set validity and language, which the next certificate follows', async () => {
    const admin = await loginAs(ctx.app, 'admin.bw@demo.test');
    const put = await ctx.app.inject({ method: 'PUT', url: '/api/participants/BW/certificate-settings', headers: { cookie: admin }, payload: { validityDays: 30, language: 'fr', mixedOriginWording: true } });
    expect(put.statusCode).toBe(200);
    const tooLong = await ctx.app.inject({ method: 'PUT', url: '/api/participants/BW/certificate-settings', headers: { cookie: admin }, payload: { validityDays: 400, language: 'fr', mixedOriginWording: true } });
    expect(tooLong.json().code).toBe('EXPIRY_BEYOND_MAXIMUM');
    const certificate = (await issue(draft({ originCountries: ['BW', 'ZA'] }))).json();
    const issued = new Date(`${certificate.issueDate}T00:00:00Z`);
    expect((new Date(`${certificate.expiryDate}T00:00:00Z`).getTime() - issued.getTime()) / 86_400_000).toBe(30);
    expect(certificate.content.origin).toEqual({ countries: ['BW', 'ZA'], mixed: true });
    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/certificates/${certificate.number}/pdf`, headers: { cookie: exporterBw } });
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload }).toString()).toContain('Certificat du Processus de Kimberley');
    await ctx.app.inject({ method: 'PUT', url: '/api/participants/BW/certificate-settings', headers: { cookie: admin }, payload: { validityDays: 60, language: 'en', mixedOriginWording: false } });
  });

  it('lists embargo measures publicly and lets the Chair add one, which then refuses that origin', async () => {
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/embargoes' })).json();
    expect(list[0]).toMatchObject({ originCode: 'CI', startsOn: '2005-12-15', endsOn: '2014-04-29' });
    const chair = await loginAs(ctx.app, 'chair@demo.test');
    const added = await ctx.app.inject({ method: 'POST', url: '/api/embargoes', headers: { cookie: chair }, payload: { originCode: 'MM', legalBasis: 'Test measure', startsOn: '2020-01-01', endsOn: null } });
    expect(added.statusCode).toBe(201);
    expect((await issue(draft({ originCountries: ['BW', 'MM'] }))).json().code).toBe('ORIGIN_UNDER_EMBARGO');
  });
});

describe('trust list', () => {
  it('publishes every authority key with its revocation, signed by the KP register key', async () => {
    const { revokeKey, rotateKey } = await import('../../src/certificates/key-repository.ts');
    const { loadMasterKey, verifyBytes } = await import('../../src/certificates/signing-keys.ts');
    const { canonicalBytes } = await import('../../src/certificates/credential.ts');
    const { multibaseDecode } = await import('../../src/certificates/encodings.ts');
    const { inTransaction } = await import('../../src/db/transaction.ts');
    const old = await inTransaction(ctx.deps.db, (tx) => rotateKey(tx, { owner: 'AO', actor: 'test', masterKey: loadMasterKey(ctx.config), now: new Date(), reason: 'test' }));
    await inTransaction(ctx.deps.db, (tx) => revokeKey(tx, { kid: old.kid, actor: 'test', at: new Date(), reason: 'key compromised' }));
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/trust-list' })).json();
    const revoked = list.keys.find((key: { kid: string }) => key.kid === old.kid);
    expect(revoked).toMatchObject({ participant: 'AO', revocationReason: 'key compromised' });
    expect(revoked.revokedAt).not.toBeNull();
    expect(list.participants.CF.map((event: { status: string }) => event.status)).toEqual(['participant', 'suspended', 'zone_restricted', 'participant']);
    const register = list.keys.find((key: { kid: string }) => key.kid === list.registerKid);
    expect(register.scope).toBe('register');
    const { proof, ...body } = list;
    expect(verifyBytes(canonicalBytes(body), multibaseDecode(proof.signature), register.publicKeyJwk.x)).toBe(true);
    const forged = { ...body, participants: { ...body.participants, CF: [{ status: 'participant', effectiveOn: '2003-01-01' }] } };
    expect(verifyBytes(canonicalBytes(forged), multibaseDecode(proof.signature), register.publicKeyJwk.x)).toBe(false);
    expect(JSON.stringify(list)).not.toMatch(/sealed|private/i);
  });
});

describe('lifecycle and visibility', () => {
  it('voids a certificate once, with its reason, and keeps it on record', async () => {
    const number = (await issue(draft())).json().number;
    const voided = await ctx.app.inject({ method: 'POST', url: `/api/certificates/${number}/void`, headers: { cookie: exporterBw }, payload: { reason: 'Shipment cancelled' } });
    expect(voided.json()).toMatchObject({ status: 'voided', voidReason: 'Shipment cancelled' });
    const again = await ctx.app.inject({ method: 'POST', url: `/api/certificates/${number}/void`, headers: { cookie: exporterBw }, payload: { reason: 'again' } });
    expect(again.json().code).toBe('CERTIFICATE_NOT_VOIDABLE');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}`, headers: { cookie: exporterBw } })).json().status).toBe('voided');
  });

  it('replaces a certificate with a new number linked to the old one', async () => {
    const number = (await issue(draft())).json().number;
    const replaced = await ctx.app.inject({
      method: 'POST',
      url: `/api/certificates/${number}/replace`,
      headers: { cookie: exporterBw },
      payload: { reason: 'Importer address corrected', draft: draft({ importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Office 3204, Dubai', licence: 'AE-DMCC-2024-5531' } }) },
    });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json().replacesNumber).toBe(number);
    expect(replaced.json().content.replaces).toBe(number);
    const old = (await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}`, headers: { cookie: exporterBw } })).json();
    expect(old).toMatchObject({ status: 'replaced', replacedByNumber: replaced.json().number });
  });

  it('shows a certificate to the issuing and the importing participant and to the Chair and WGM only', async () => {
    const number = (await issue(draft())).json().number;
    const see = async (email: string) => (await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}`, headers: { cookie: await loginAs(ctx.app, email) } })).statusCode;
    expect(await see('importer.ae@demo.test')).toBe(200);
    expect(await see('stats.bw@demo.test')).toBe(200);
    expect(await see('chair@demo.test')).toBe(200);
    expect(await see('wgm@demo.test')).toBe(200);
    expect(await see('importer.in@demo.test')).toBe(404);
    expect(await see('observer.csc@demo.test')).toBe(404);
    expect(await see('wgs@demo.test')).toBe(404);
    const inList = (await ctx.app.inject({ method: 'GET', url: '/api/certificates?pageSize=200', headers: { cookie: await loginAs(ctx.app, 'importer.in@demo.test') } })).json();
    expect(inList.items.every((c: { issuingParticipant: string; importingParticipant: string }) => c.issuingParticipant === 'IN' || c.importingParticipant === 'IN')).toBe(true);
  });

  it('prints the certificate as a PDF for those who may see it, in English and the issuer’s language', async () => {
    const exporterRu = await loginAs(ctx.app, 'exporter.ru@demo.test');
    const yakutian = await operatorId('RU-EX-2022-0031');
    const number = (await issue(draft({ exporterId: yakutian, originCountries: ['RU'], importingParticipant: 'IN', declaredTotals: undefined }), exporterRu)).json().number;
    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}/pdf`, headers: { cookie: exporterRu } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { execFileSync } = await import('node:child_process');
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload }).toString();
    expect(text).toContain(number);
    expect(text).toContain('Kimberley Process Certificate');
    expect(text).toContain('Сертификат Кимберлийского процесса');
    const outsider = await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}/pdf`, headers: { cookie: exporterBw } });
    expect(outsider.statusCode).toBe(404);
  });

  it('filters the list by direction, status and partner, in pages', async () => {
    const importerAe = await loginAs(ctx.app, 'importer.ae@demo.test');
    const imports = (await ctx.app.inject({ method: 'GET', url: '/api/certificates?direction=imports&partner=BW&status=issued&pageSize=2', headers: { cookie: importerAe } })).json();
    expect(imports.items).toHaveLength(2);
    expect(imports.total).toBeGreaterThan(2);
    expect(imports.items.every((c: { importingParticipant: string; status: string }) => c.importingParticipant === 'AE' && c.status === 'issued')).toBe(true);
  });
});

describe(`concurrent issuance on ${DATABASE_KIND}`, () => {
  it('gives 50 parallel requests unique, gapless numbers', async () => {
    const cookie = await loginAs(ctx.app, 'exporter.ca@demo.test');
    const exporterId = await operatorId('CA-KP-2021-0088');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => issue(draft({ exporterId, originCountries: ['CA'], declaredTotals: undefined, importingParticipant: 'US' }), cookie)),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const serials = responses.map((r) => Number(r.json().number.slice(-6))).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

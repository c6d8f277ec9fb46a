import { eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationLink } from '../../src/certificates/render-certificate-pdf.ts';
import { operators } from '../../src/db/schema.ts';
import { participantName } from '../../src/participants/country-names.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { translate } from '../../src/i18n/translate.ts';
import { formatDay } from '../../src/verification/public-page/describe-result.ts';
import { securityCodeOf } from '../../src/verification/security-code.ts';
import { createTestApp, loginAs, type TestContext } from '../support/test-database.ts';

let ctx: TestContext;
let number = '';
let seal = '';
let expiryDate = '';
let pdf: Buffer;

beforeAll(async () => {
  ctx = await createTestApp();
  const cookie = await loginAs(ctx.app, 'exporter.bw@demo.test');
  const [exporter] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
  const issued = await ctx.app.inject({
    method: 'POST',
    url: '/api/certificates',
    headers: { cookie },
    payload: {
      importingParticipant: 'AE',
      exporterId: exporter.id,
      importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
      originCountries: ['BW'],
      parcels: [{ hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' }],
      declaredTotals: { parcelCount: 1, carats: '3120.45', valueUsd: '468067.50' },
      seals: ['GAB-778812'],
    },
  });
  expect(issued.statusCode).toBe(201);
  ({ number, seal, expiryDate } = issued.json());
  const download = await ctx.app.inject({ method: 'GET', url: `/api/certificates/${number}/pdf`, headers: { cookie } });
  expect(download.statusCode).toBe(200);
  pdf = download.rawPayload;
});
afterAll(async () => ctx?.close());

const en = (key: string, params?: Record<string, string>) => translate('en', `verifyPage.${key}`, params);
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A multipart/form-data body written by hand, as a browser sends the upload form. */
function multipart(file: { name: string; type: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----kimberliteTestBoundary7MA4YWxkTrZu0gW';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (file: { name: string; type: string; bytes: Buffer }, lang = 'en') =>
  ctx.app.inject({ method: 'POST', url: `/verify?lang=${lang}`, ...multipart(file) });

const postForm = (fields: Record<string, string>, lang = 'en') =>
  ctx.app.inject({
    method: 'POST',
    url: `/verify?lang=${lang}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

function expectValid(body: string): void {
  expect(body).toContain('verdict-valid');
  expect(body).toContain(`<h2 id="verdict">${en('verdict.VALID')}</h2>`);
  expect(body).toContain(number);
  expect(body).not.toContain('verdict-invalid');
}

describe('the public verification page /verify', () => {
  it('serves the form without sign-in in all six languages, with Arabic right to left', async () => {
    for (const language of LANGUAGES) {
      const response = await ctx.app.inject({ method: 'GET', url: `/verify?lang=${language}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      const body = response.body;
      expect(body).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(body).toContain(`<title>${escapeHtml(translate(language, 'verifyPage.title'))}</title>`);
      expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(body).toContain(escapeHtml(translate(language, 'verifyPage.paste.heading')));
      expect(body).toContain('enctype="multipart/form-data"');
      for (const id of ['qr', 'file', 'number', 'securityCode']) expect(body).toContain(`<label for="${id}">`);
      for (const other of LANGUAGES) expect(body).toContain(`href="/verify?lang=${other}"`);
      expect(body).not.toMatch(/<script/i);
    }
  });

  it('follows Accept-Language when no language is asked for', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/verify', headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
    expect(response.body).toContain('<html lang="ru" dir="ltr">');
  });

  it('serves its stylesheet, which the content security policy allows', async () => {
    const style = await ctx.app.inject({ method: 'GET', url: '/verify/style.css' });
    expect(style.statusCode).toBe(200);
    expect(style.headers['content-type']).toContain('text/css');
    const page = await ctx.app.inject({ method: 'GET', url: '/verify' });
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<link rel="stylesheet" href="/verify/style.css">');
  });

  it('verifies at once the link printed in the QR code, and shows the certificate as it states itself', async () => {
    const link = verificationLink('http://localhost:3000/verify', seal);
    const response = await ctx.app.inject({ method: 'GET', url: link.slice(link.indexOf('/verify')) });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expectValid(body);
    expect(body).toContain('Botswana');
    expect(body).toContain('United Arab Emirates');
    expect(body).toContain('Almas Rough Trading DMCC');
    expect(body).toContain('3,120.45');
    expect(body).toContain('USD');
    expect(body).toContain('468,067.50');
    expect(body).toContain(escapeHtml(en('reasons.signature_valid')));
    expect(body).toContain(escapeHtml(en('reasons.matches_register')));
    expect(body).toContain(en('checks.fraud_report'));
    // Switching language keeps the certificate on screen.
    expect(body).toContain(`href="/verify?lang=fr&amp;qr=${encodeURIComponent(seal)}"`);
  });

  it('speaks the language asked for, numbers and dates included', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/verify?lang=fr&qr=${encodeURIComponent(seal)}` });
    expect(response.body).toContain(`<h2 id="verdict">${translate('fr', 'verifyPage.verdict.VALID')}</h2>`);
    expect(response.body).toContain('3\u202f120,45');
    expect(response.body).toContain(escapeHtml(participantName('AE', 'fr')));
    expect(response.body).toContain(formatDay(expiryDate, 'fr'));
    expect(formatDay('2027-01-22', 'fr')).toBe('22 janvier 2027');
  });

  it('verifies an uploaded certificate PDF', async () => {
    const response = await upload({ name: `${number}.pdf`, type: 'application/pdf', bytes: pdf });
    expect(response.statusCode).toBe(200);
    expectValid(response.body);
  });

  it('verifies an uploaded PNG picture of the QR code', async () => {
    const png = await QRCode.toBuffer(verificationLink('https://kp.example.org/verify', seal), { errorCorrectionLevel: 'M', scale: 4 });
    expect(PNG.sync.read(png).width).toBeGreaterThan(100);
    const response = await upload({ name: 'qr.png', type: 'image/png', bytes: png });
    expectValid(response.body);
  });

  it('verifies the pasted QR text', async () => {
    expectValid((await postForm({ qr: `  ${seal}\n` })).body);
  });

  it('verifies number and security code, and refuses a wrong code with the reason in the reader’s language', async () => {
    const right = await postForm({ number: number.toLowerCase(), securityCode: securityCodeOf(seal).toLowerCase().replace('-', ' ') });
    expectValid(right.body);
    expect(right.body).toContain(escapeHtml(en('reasons.security_code_matches')));

    const wrong = await postForm({ number, securityCode: 'AAAAA-AAAAA' }, 'es');
    expect(wrong.statusCode).toBe(200);
    expect(wrong.body).toContain('verdict-invalid');
    expect(wrong.body).toContain(`<h2 id="verdict">${translate('es', 'verifyPage.verdict.INVALID')}</h2>`);
    expect(wrong.body).toContain(escapeHtml(translate('es', 'verifyPage.reasons.security_code_mismatch')));
    // The register's copy is not shown to someone without the code.
    expect(wrong.body).not.toContain('Almas Rough Trading DMCC');
  });

  it('shows a tampered seal as not valid, with the failed check', async () => {
    const at = 60;
    const tampered = seal.slice(0, at) + (seal[at] === 'A' ? 'B' : 'A') + seal.slice(at + 1);
    const response = await ctx.app.inject({ method: 'GET', url: `/verify?qr=${encodeURIComponent(tampered)}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('verdict-invalid');
    expect(response.body).toMatch(new RegExp(`${escapeHtml(en('reasons.signature_mismatch'))}|${escapeHtml(en('reasons.malformed_seal'))}`));
  });

  it('answers a file without a QR code with a translated message and the form again, never an error trace', async () => {
    const noise = new PNG({ width: 120, height: 90 });
    for (let i = 0; i < noise.data.length; i++) noise.data[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24;
    const noQr = await upload({ name: 'holiday.png', type: 'image/png', bytes: PNG.sync.write(noise) }, 'fr');
    expect(noQr.statusCode).toBe(200);
    expect(noQr.body).toContain(escapeHtml(translate('fr', 'verifyPage.problems.no_qr_found')));
    expect(noQr.body).toContain('enctype="multipart/form-data"');

    const garbage = await upload({ name: 'garbage.bin', type: 'application/octet-stream', bytes: Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)) });
    expect(garbage.statusCode).toBe(200);
    expect(garbage.body).toContain(escapeHtml(en('problems.unsupported_file')));
    expect(garbage.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('says what is missing when the form is sent empty or the number is mistyped', async () => {
    expect((await postForm({ qr: '' })).body).toContain(escapeHtml(en('problems.empty')));
    const mistyped = await postForm({ number: 'BW 42', securityCode: 'x' });
    expect(mistyped.body).toContain(escapeHtml(en('problems.number_format')));
    expect(mistyped.body).toContain('value="BW 42"');
  });

  it('refuses a file over 10 MB with a page, not a JSON error', async () => {
    const response = await upload({ name: 'big.pdf', type: 'application/pdf', bytes: Buffer.alloc(10 * 1024 * 1024 + 10, 0x20) });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain(escapeHtml(en('problems.too_large')));
  });

  it('escapes whatever it puts back on the page', async () => {
    const response = await postForm({ qr: '<script>alert(1)</script>' });
    expect(response.body).not.toMatch(/<script/i);
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.body).toContain('verdict-invalid');
  });

  it('stays out of the published API', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths)).not.toContain('/verify');
  });
});

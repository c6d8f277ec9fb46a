/**
 * A certificate's journey in real browsers: issued in Botswana, its PDF verified on the public
 * page, its receipt confirmed by the United Arab Emirates in the staff app, seen as received by
 * the exporter, and refused as already received when presented again. Also the staff app's own
 * verify page (offline verifier in the browser plus the register) and the new pages' accessibility.
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });

/** Uploads a file on the public `/verify` page and returns the verdict's class and the page text. */
async function verifyOnPublicPage(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto('/verify');
  await page.locator('input[type=file][name=file]').setInputFiles(file);
  await page.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
  const verdict = page.locator('.verdict');
  await verdict.waitFor();
  return { verdictClass: (await verdict.getAttribute('class')) ?? '', title: (await page.locator('#verdict').textContent()) ?? '', text: (await page.locator('main').textContent()) ?? '' };
}

/** Issues a Botswana → UAE certificate through the API with the exporter's session (the form itself is covered in certificates.test.ts). */
async function issueToUae(page: Page): Promise<{ number: string; seal: string }> {
  const operators = await page.request.get('/api/participants/BW/operators');
  const kalahari = ((await operators.json()) as { id: string; licenceNumber: string }[]).find((row) => row.licenceNumber === 'BW-DL-2024-0117');
  expect(kalahari).toBeDefined();
  const issued = await page.request.post('/api/certificates', {
    headers: { 'idempotency-key': `browser-receipt-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    data: {
      importingParticipant: 'AE',
      exporterId: kalahari!.id,
      importer: { name: 'Almas Rough Trading DMCC (demo)', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
      originCountries: ['BW'],
      parcels: [
        { hsCode: '7102.31', carats: '3120.45', valueUsd: '468067.50' },
        { hsCode: '7102.21', carats: '1210.00', valueUsd: '24200.00' },
      ],
      seals: ['GAB-BROWSER-1'],
    },
  });
  expect(issued.status()).toBe(201);
  return (await issued.json()) as { number: string; seal: string };
}

let number = '';
let seal = '';
let pdf: Buffer;

describe('verification and confirmation of receipt', () => {
  it('an exporter issues a certificate, and its PDF verifies as valid on the public page', async () => {
    const page = await openPage();
    await logIn(page, 'exporter.bw@demo.test');
    ({ number, seal } = await issueToUae(page));

    // the exporter's list shows it awaiting receipt
    await page.goto('/certificates?direction=exports');
    const row = page.getByRole('row', { name: new RegExp(number) });
    await poll(() => row.textContent()).toMatch(/Awaiting until/);

    const download = await page.request.get(`/api/certificates/${number}/pdf`);
    expect(download.status()).toBe(200);
    pdf = Buffer.from(await download.body());

    const visitor = await openPage();
    const result = await verifyOnPublicPage(visitor, { name: `${number}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    expect(result.verdictClass).toContain('verdict-valid');
    expect(result.title).toBe('Valid');
    expect(result.text).toContain(number);
  });

  it('the staff app verifies the QR text in the browser and with the register', async () => {
    expect(number).not.toBe('');
    const page = await openPage();
    await logIn(page, 'importer.ae@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Verify a certificate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verify a certificate' }).waitFor();
    await poll(() => page.getByTestId('trust-list-status').textContent()).toContain('signature checked');

    await page.getByLabel(/^Text of the QR code/).fill(seal);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const offline = page.getByTestId('offline-result');
    const online = page.getByTestId('online-result');
    await poll(() => online.getByTestId('online-result-verdict').textContent()).toBe('Valid');
    expect(await offline.getByTestId('offline-result-verdict').textContent()).toBe('Valid');
    // offline: the signature holds, and what only the register knows is marked as needing the network
    const offlineText = (await offline.textContent()) ?? '';
    expect(offlineText).toContain('The signature is genuine: the content has not been changed since it was signed.');
    expect(offlineText).toContain('These checks need the network');
    expect(await offline.locator('tr[data-check="receipt"]').textContent()).toContain('Needs the network');
    expect(await online.locator('tr[data-check="receipt"]').textContent()).toContain('The importing authority has not yet confirmed receipt of the shipment.');
    expect(await online.textContent()).toContain(number);

    // the trust list is kept for offline use, with its date
    const kept = await page.evaluate(() => JSON.parse(window.localStorage.getItem('kimberlite.trustList') ?? 'null'));
    expect(typeof kept?.issuedAt).toBe('string');

    // a photo of the QR code: decoded in the browser with jsQR from a canvas
    await page.reload();
    await page.getByTestId('trust-list-status').waitFor();
    const png = await QRCode.toBuffer(seal, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
    await page.locator('input[type=file]').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: png });
    await poll(() => online.getByTestId('online-result-verdict').textContent()).toBe('Valid');
    expect(await page.getByLabel(/^Text of the QR code/).inputValue()).toBe(seal);
    // an image without a QR code says so
    const white = new PNG({ width: 120, height: 120 });
    white.data.fill(255);
    const blank = PNG.sync.write(white);
    await page.locator('input[type=file]').setInputFiles({ name: 'nothing.png', mimeType: 'image/png', buffer: blank });
    await poll(() => page.getByRole('alert').filter({ hasText: 'No QR code could be read' }).count()).toBe(1);

    // a tampered seal fails in the browser already (a character in the middle of the compressed
    // payload; the last characters may fall on the stream's padding bits, which change nothing signed)
    const middle = Math.floor(seal.length / 2);
    await page.getByLabel(/^Text of the QR code/).fill(seal.slice(0, middle) + (seal[middle] === 'A' ? 'B' : 'A') + seal.slice(middle + 1));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await poll(() => offline.getByTestId('offline-result-verdict').textContent()).toBe('Invalid');
  });

  it('the importing officer of the UAE confirms receipt; the exporter sees it received; the PDF is then refused as already received', async () => {
    expect(number).not.toBe('');
    const page = await openPage();
    await logIn(page, 'importer.ae@demo.test');
    await page.goto(`/certificates/${number}`);
    await page.getByRole('heading', { level: 1, name: `Certificate ${number}` }).waitFor();
    const form = page.getByTestId('receipt-form');
    await form.waitFor();
    // prefilled from the certificate
    expect(await form.getByLabel(/^Number of parcels/).inputValue()).toBe('2');
    expect(await form.getByLabel(/^Carats weighed/).inputValue()).toBe('4330.45');
    expect(await form.getByLabel(/^Importer/).inputValue()).toBe('Almas Rough Trading DMCC (demo)');
    expect(await form.getByLabel(/^Date of receipt/).inputValue()).toBe(new Date().toISOString().slice(0, 10));
    expect(await form.getByLabel(/^The seals were intact/).isChecked()).toBe(true);
    await form.getByLabel(/^Notes/).fill('Parcels weighed at Dubai Diamond Exchange (test).');
    await form.getByRole('button', { name: 'Confirm receipt' }).click();

    const panel = page.getByTestId('receipt-panel');
    await poll(() => panel.textContent()).toContain('Received as certified');
    expect(await panel.textContent()).toContain('Parcels weighed at Dubai Diamond Exchange (test).');
    await poll(() => page.getByTestId('receipt-state').textContent()).toBe('Received');
    expect(await page.getByTestId('receipt-form').count()).toBe(0);
    await poll(() => page.getByTestId('certificate-status').textContent()).toBe('Received');

    // the exporter sees "received" in its list, and the receipt on the certificate
    const exporter = await openPage();
    await logIn(exporter, 'exporter.bw@demo.test');
    await exporter.goto('/certificates?direction=exports&receipt=received');
    const row = exporter.getByRole('row', { name: new RegExp(number) });
    await poll(() => row.getByTestId('receipt-state-cell').textContent()).toBe('Received');
    expect(await exporter.getByLabel('Receipt', { exact: true }).inputValue()).toBe('received');
    await row.getByRole('link', { name: number }).click();
    await poll(() => exporter.getByTestId('receipt-panel').textContent()).toContain('Received as certified');
    expect(await exporter.getByTestId('receipt-form').count()).toBe(0);

    // presenting the same PDF again: already received, not valid
    const visitor = await openPage();
    const result = await verifyOnPublicPage(visitor, { name: `${number}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    expect(result.verdictClass).toContain('verdict-invalid');
    expect(result.text).toMatch(/confirmed receipt on/);
  });

  it('the Chair sees the unconfirmed count on the home page, and the new pages pass the accessibility sweep', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'chair@demo.test');
    const unconfirmed = page.getByTestId('unconfirmed-receipts');
    await unconfirmed.waitFor();
    await unconfirmed.getByRole('link', { name: 'Show the unconfirmed certificates' }).click();
    await poll(() => new URL(page.url()).search).toContain('receipt=unconfirmed');
    await page.getByTestId('certificates-table').waitFor();
    await expectAccessible(page, 'certificate list (unconfirmed)');

    await page.goto('/verify-scan');
    await page.getByTestId('trust-list-status').waitFor();
    await page.getByLabel(/^Text of the QR code/).fill(seal);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByTestId('online-result').waitFor();
    await expectAccessible(page, 'verify page with results');
    await chooseLanguage(page, 'ar');
    await page.getByRole('heading', { level: 1, name: 'التحقق من شهادة' }).waitFor();
    await expectAccessible(page, 'verify page with results (ar)');
    await page.screenshot({ path: '/tmp/kimberlite-verify-ar.png', fullPage: true });
    await chooseLanguage(page, 'en');
    await page.getByTestId('online-result').getByRole('button', { name: 'Report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Report a certificate' });
    expect(await dialog.getByLabel(/^Certificate number/).inputValue()).toBe(number);
    await expectAccessible(page, 'report dialog');
    await dialog.getByRole('button', { name: 'Send the report' }).click();
    await poll(() => dialog.getByText('This field is required.').count()).toBe(1);
    await dialog.getByLabel(/^Kind of report/).selectOption('suspicious');
    await dialog.getByLabel(/^Description/).fill('Parcel presented in Antwerp with a photocopied certificate (test).');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from('evidence') });
    await dialog.getByRole('button', { name: 'Send the report' }).click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
    await poll(() => page.getByRole('status').filter({ hasText: 'The report has been sent.' }).count()).toBe(1);
    await poll(() => page.getByTestId('alert-description').textContent()).toContain('photocopied certificate');
    expect(await page.getByTestId('alert-files').getByRole('link', { name: 'photo.txt' }).count()).toBe(1);
    await expectAccessible(page, 'alert detail');

    // a comment, then the Chair closes the report as unfounded
    await page.getByLabel(/^Comment/).fill('Checked with Botswana: the original is with the importer (test).');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await poll(() => page.getByTestId('alert-comments').textContent()).toContain('the original is with the importer');
    await page.getByLabel(/^Outcome/).selectOption('unfounded');
    await page.getByLabel(/^Note on the outcome/).fill('Photocopy only; the shipment is genuine (test).');
    await page.getByTestId('alert-close').getByRole('button', { name: 'Close the report' }).click();
    await poll(() => page.getByTestId('alert-summary').textContent()).toContain('Closed');
    expect(await page.getByTestId('alert-close').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add comment' }).count()).toBe(0);

    await page.goto('/alerts?status=closed');
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await poll(() => page.getByTestId('alerts-table').textContent()).toContain(number);
    await expectAccessible(page, 'alerts');

    await page.goto('/verification-attempts');
    await page.getByRole('heading', { level: 1, name: 'Verification attempts' }).waitFor();
    // the PDF presented again on the public page, after receipt
    const attempt = page.getByTestId('attempts-table').getByRole('row', { name: new RegExp(number) }).filter({ hasText: 'Public page' }).first();
    await poll(() => attempt.textContent()).toContain('Receipt: The importing authority of … confirmed receipt on …');
    expect(await attempt.textContent()).not.toContain('{{');
    await expectAccessible(page, 'verification attempts');

    await page.goto(`/certificates/${number}`);
    await page.getByTestId('receipt-panel').waitFor();
    await expectAccessible(page, 'certificate detail with receipt');

    // the receipt form itself, as the importing officer sees it on a certificate awaiting receipt
    const exporter = await openPage();
    await logIn(exporter, 'exporter.bw@demo.test');
    const awaiting = await issueToUae(exporter);
    const importer = await openPage({ bypassCSP: true });
    await logIn(importer, 'importer.ae@demo.test');
    await importer.goto(`/certificates/${awaiting.number}`);
    await importer.getByTestId('receipt-form').waitFor();
    await expectAccessible(importer, 'receipt form');
  }, 180_000);
});

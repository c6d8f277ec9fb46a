/**
 * Certificates in the staff SPA, in a real browser against one in-process demo server (which
 * seeds demo certificates at start: slow on PGlite, so one server for the whole file).
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 6 });
const YEAR = new Date().getUTCFullYear();




function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Picks a country in a searchable multi-select. */
async function pickCountry(page: Page, label: RegExp, name: string) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** The number of the certificate issued in the first test, for the importer's view. */
let issuedNumber = '';

describe('certificates', () => {
  it('an exporting officer issues a certificate with two parcels, sees live totals, a client-side check and a server refusal, then voids it', async () => {
    const page = await openPage();
    const issueKeys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/certificates') issueKeys.push(request.headers()['idempotency-key'] ?? '');
    });
    await logIn(page, 'exporter.bw@demo.test');

    // the home page lists recent certificates and offers to issue one
    await page.getByRole('heading', { level: 2, name: 'Recent certificates' }).waitFor();
    await poll(() => page.getByTestId('recent-certificates').locator('tbody tr').count()).toBe(5);

    await page.getByRole('navigation').getByRole('link', { name: 'Certificates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Issue a certificate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Issue a certificate' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/certificates/new');

    // destinations: own participant absent; participants not in good standing disabled
    const destination = page.getByLabel(/^Importing participant/);
    await poll(() => destination.locator('option').count()).toBeGreaterThan(10);
    expect(await destination.locator('option[value="BW"]').count()).toBe(0);
    expect(await destination.locator('option[value="AE"]').isDisabled()).toBe(false);
    // exporters: only valid exporter licences (Tsodilo is dealer-only and expired)
    const exporter = page.getByLabel(/^Exporter/);
    const exporterOptions = (await exporter.locator('option').allTextContents()).join('|');
    expect(exporterOptions).toContain('Kalahari Rough Trading (Pty) Ltd (demo)');
    expect(exporterOptions).toContain('Orapa Basin Mining Co. (demo)');
    expect(exporterOptions).not.toContain('Tsodilo');
    // Botswana is not in the EU: no member-state picker
    expect(await page.getByLabel(/^Issuing member state/).count()).toBe(0);

    // an empty submission is checked before anything is sent
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => page.getByText('Some fields need attention').count()).toBe(1);
    expect(await page.getByText('This field is required.').count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByText('Choose at least one country of origin.').count()).toBe(1);

    await destination.selectOption('AE');
    await exporter.selectOption({ label: 'Kalahari Rough Trading (Pty) Ltd (demo) (BW-DL-2024-0117)' });
    await page.getByLabel(/^Importer name/).fill('Almas Rough Trading DMCC (demo)');
    await page.getByLabel(/^Importer licence/).fill('AE-DMCC-2024-5531');
    await page.getByLabel(/^Importer address/).fill('Almas Tower, Office 3204, Dubai');
    await pickCountry(page, /^Countries of origin/, 'Botswana');
    const seals = page.getByRole('combobox', { name: /^Seal numbers/ });
    await seals.fill('BW-SEAL-TEST-1');
    await seals.press('Enter');

    const first = page.getByRole('group', { name: 'Parcel 1' });
    await first.getByLabel(/^Carats/).fill('1234.56');
    await first.getByLabel(/^Value \(US\$\)/).fill('185000.00');
    await poll(() => first.getByTestId('parcel-per-carat').textContent()).toBe('149.85');
    await page.getByRole('button', { name: 'Add a parcel' }).click();
    const second = page.getByRole('group', { name: 'Parcel 2' });
    await second.getByLabel('HS code').selectOption('7102.10');
    await second.getByLabel(/^Carats/).fill('3095.89');
    await second.getByLabel(/^Value \(US\$\)/).fill('465000');
    // live totals in exact decimals, en formatting
    await poll(() => page.getByTestId('total-carats').textContent()).toBe('4,330.45');
    expect(await page.getByTestId('total-value').textContent()).toBe('650,000.00');
    expect(await page.getByTestId('total-per-carat').textContent()).toBe('150.10');
    expect(await page.getByTestId('total-parcels').textContent()).toBe('2');

    // too many decimals: refused in the browser, the totals leave the parcel out
    await second.getByLabel(/^Carats/).fill('10.005');
    await poll(() => page.getByTestId('total-carats').textContent()).toBe('1,234.56');
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => second.getByText('At most two decimals.').count()).toBe(1);
    await second.getByLabel(/^Carats/).fill('3095.89');
    await poll(() => page.getByTestId('total-carats').textContent()).toBe('4,330.45');

    // an expiry past the KP-wide maximum: the server refuses, with its translated message; the form stays filled
    await page.getByLabel(/^Expiry date/).fill(daysFromToday(400));
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The certificate was not issued' });
    await poll(() => alert.textContent()).toContain('is past the KP-wide maximum of 180 days');
    expect(await second.getByLabel(/^Carats/).inputValue()).toBe('3095.89');
    expect(await page.getByLabel(/^Importer name/).inputValue()).toBe('Almas Rough Trading DMCC (demo)');
    expect(new URL(page.url()).pathname).toBe('/certificates/new');

    // in French, the same refusal comes in French
    await chooseLanguage(page, 'fr');
    await page.getByRole('button', { name: 'Délivrer le certificat' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'Le certificat n’a pas été délivré' }).textContent()).toMatch(/180 jours/);
    await chooseLanguage(page, 'en');

    // one idempotency key per distinct draft: the refused draft sent twice kept its key
    expect(issueKeys).toHaveLength(2);
    expect(issueKeys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(issueKeys[1]).toBe(issueKeys[0]);

    await page.getByLabel(/^Expiry date/).fill(daysFromToday(30));
    // a double click issues once: any second request carries the same key
    await page.getByRole('button', { name: 'Issue certificate' }).dblclick();
    await page.waitForURL(new RegExp(`/certificates/BW-${YEAR}-\\d{6}$`));
    expect(issueKeys.length).toBeGreaterThanOrEqual(3);
    expect(new Set(issueKeys.slice(2)).size).toBe(1);
    expect(issueKeys[2]).not.toBe(issueKeys[0]);
    issuedNumber = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: `Certificate ${issuedNumber}` }).waitFor();
    await poll(() => page.getByRole('status').first().textContent()).toContain('has been issued and signed');
    await poll(() => page.getByTestId('certificate-status').textContent()).toBe('Issued');
    expect(await page.getByTestId('detail-total-carats').textContent()).toBe('4,330.45');
    expect(await page.getByTestId('detail-total-value').textContent()).toBe('650,000.00');
    const parcels = (await page.getByTestId('certificate-parcels').textContent()) ?? '';
    expect(parcels).toContain('7102.10');
    expect(parcels).toContain('3,095.89');
    expect(parcels).toContain('150.10');
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('United Arab Emirates');
    expect(main).toContain('Kalahari Rough Trading (Pty) Ltd (demo)');
    expect(main).toContain('BW-SEAL-TEST-1');
    expect(await page.getByTestId('download-pdf').getAttribute('href')).toBe(`/api/certificates/${issuedNumber}/pdf`);
    const pdf = await page.request.get(`/api/certificates/${issuedNumber}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    // the seal text is folded away until asked for
    const showSeal = page.getByRole('button', { name: 'Show seal text' });
    expect(await showSeal.getAttribute('aria-expanded')).toBe('false');
    await showSeal.click();
    await poll(() => page.getByTestId('certificate-seal').isVisible()).toBe(true);
    expect(((await page.getByTestId('certificate-seal').textContent()) ?? '').length).toBeGreaterThan(40);

    // void, with a required reason
    await page.getByRole('button', { name: 'Void', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Void certificate' });
    await dialog.getByRole('button', { name: 'Void' }).click();
    await poll(() => dialog.getByText('This field is required.').count()).toBe(1);
    await dialog.getByLabel(/^Reason/).fill('Shipment cancelled by the exporter (test).');
    await dialog.getByRole('button', { name: 'Void' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await poll(() => page.getByTestId('certificate-status').textContent()).toBe('Voided');
    expect(await page.getByTestId('void-reason').textContent()).toContain('Shipment cancelled by the exporter (test).');
    expect(await page.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Replace' }).count()).toBe(0);

    // the list shows it with the filters in the address
    await page.goto('/certificates');
    await page.getByLabel('Status').selectOption('voided');
    await page.getByLabel('Direction').selectOption('exports');
    await poll(() => new URL(page.url()).search).toContain('status=voided');
    expect(new URL(page.url()).search).toContain('direction=exports');
    const row = page.getByRole('row', { name: new RegExp(issuedNumber) });
    await poll(() => row.textContent()).toContain('Voided');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Export');
    expect(text).toContain('United Arab Emirates');
    expect(text).toContain('4,330.45');
    expect(text).toContain('650,000.00');
    expect(text).toContain('150.10');
  });

  it('the importing officer of the United Arab Emirates sees the certificate as an import, without Void', async () => {
    expect(issuedNumber).toMatch(new RegExp(`^BW-${YEAR}-\\d{6}$`));
    const page = await openPage();
    await logIn(page, 'importer.ae@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Certificates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    expect(await page.getByRole('link', { name: 'Issue a certificate' }).count()).toBe(0);
    // server-side paging, reflected in the address
    await poll(() => page.getByTestId('certificates-table').locator('tbody tr').count()).toBe(25);
    const firstOnPage1 = await page.getByTestId('certificates-table').locator('tbody tr').first().textContent();
    await page.getByRole('button', { name: 'Next page' }).click();
    await poll(() => new URL(page.url()).search).toContain('page=2');
    await poll(() => page.getByTestId('certificates-table').locator('tbody tr').first().textContent()).not.toBe(firstOnPage1);
    expect(await page.getByText(/^Page 2 of \d+$/).count()).toBe(1);

    // a filter starts again at page 1
    await page.getByLabel('Partner participant').selectOption('BW');
    await poll(() => new URL(page.url()).search).toContain('partner=BW');
    expect(new URL(page.url()).search).not.toContain('page=');
    const row = page.getByRole('row', { name: new RegExp(issuedNumber) });
    await poll(() => row.textContent()).toContain('Import');
    expect(await row.textContent()).toContain('Botswana');
    expect(await row.textContent()).toContain('Voided');

    // a reload keeps the filters
    await page.reload();
    await poll(() => page.getByRole('row', { name: new RegExp(issuedNumber) }).count()).toBe(1);
    expect(await page.getByLabel('Partner participant').inputValue()).toBe('BW');
    await page.getByLabel('Status').selectOption('issued');
    await poll(() => page.getByRole('row', { name: new RegExp(issuedNumber) }).count()).toBe(0);

    await page.goto(`/certificates/${issuedNumber}`);
    await page.getByRole('heading', { level: 1, name: `Certificate ${issuedNumber}` }).waitFor();
    await poll(() => page.getByTestId('certificate-status').textContent()).toBe('Voided');
    expect(await page.getByTestId('download-pdf').getAttribute('href')).toBe(`/api/certificates/${issuedNumber}/pdf`);
    expect(await page.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Replace' }).count()).toBe(0);
  });

  it('an exporting officer replaces a certificate from the prefilled form; both link to each other', async () => {
    const page = await openPage();
    await logIn(page, 'exporter.bw@demo.test');
    await page.goto('/certificates?direction=exports&status=issued');
    const firstLink = page.getByTestId('certificates-table').locator('tbody tr').first().getByRole('link');
    await firstLink.waitFor();
    const oldNumber = (await firstLink.textContent())!.trim();
    await firstLink.click();
    await page.getByRole('heading', { level: 1, name: `Certificate ${oldNumber}` }).waitFor();
    const oldCarats = await page.getByTestId('detail-total-carats').textContent();

    await page.getByRole('link', { name: 'Replace' }).click();
    await page.getByRole('heading', { level: 1, name: `Replace certificate ${oldNumber}` }).waitFor();
    // prefilled from the certificate
    await poll(() => page.getByTestId('total-carats').textContent()).toBe(oldCarats);
    expect(await page.getByLabel(/^Exporter/).inputValue()).not.toBe('');
    expect(await page.getByLabel(/^Importing participant/).inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Issue replacement' }).click();
    await poll(() => page.getByText('This field is required.').count()).toBe(1);
    await page.getByLabel(/^Reason for the replacement/).fill('Importer address corrected (test).');
    await page.getByLabel(/^Importer address/).fill('Corrected address 1, Dubai');
    await page.getByRole('button', { name: 'Issue replacement' }).click();
    await page.waitForURL((url) => /\/certificates\/BW-\d{4}-\d{6}$/.test(url.pathname) && !url.pathname.endsWith(oldNumber));
    const newNumber = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: `Certificate ${newNumber}` }).waitFor();
    await poll(() => page.getByTestId('certificate-timeline').textContent()).toContain(oldNumber);
    expect(await page.getByRole('main').textContent()).toContain('Corrected address 1, Dubai');

    await page.getByTestId('certificate-timeline').getByRole('link', { name: oldNumber }).click();
    await page.getByRole('heading', { level: 1, name: `Certificate ${oldNumber}` }).waitFor();
    await poll(() => page.getByTestId('certificate-status').textContent()).toBe('Replaced');
    expect(await page.getByTestId('certificate-timeline').getByRole('link', { name: newNumber }).count()).toBe(1);
  });

  it('an EU exporting officer chooses the member state that issues', async () => {
    const page = await openPage();
    await logIn(page, 'exporter.eu@demo.test');
    await page.goto('/certificates/new');
    const territory = page.getByLabel(/^Issuing member state/);
    await poll(() => territory.locator('option').count()).toBe(28);
    await territory.selectOption('BE');
    expect(await territory.inputValue()).toBe('BE');
  });

  it('has no serious or critical accessibility violations on the certificate pages, in English and in Arabic', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'exporter.bw@demo.test');
    await page.getByRole('heading', { level: 2, name: 'Recent certificates' }).waitFor();
    await page.getByTestId('recent-certificates').waitFor();
    await expectAccessible(page, 'home (exporting officer)');

    await page.goto('/certificates');
    await page.getByTestId('certificates-table').waitFor();
    await expectAccessible(page, 'certificate list');

    await page.goto('/certificates/new');
    await page.getByTestId('parcel-totals').waitFor();
    await expectAccessible(page, 'issue form');
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await page.getByText('Some fields need attention').waitFor();
    await page.getByRole('group', { name: 'Parcel 1' }).getByLabel(/^Carats/).fill('10.005');
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await page.getByText('At most two decimals.').waitFor();
    await expectAccessible(page, 'issue form with errors');

    await page.goto('/certificates');
    await page.getByTestId('certificates-table').locator('tbody tr').first().getByRole('link').click();
    await page.getByTestId('certificate-status').waitFor();
    await page.getByRole('button', { name: 'Show seal text' }).click();
    await expectAccessible(page, 'certificate detail');
    const detailPath = new URL(page.url()).pathname;

    await chooseLanguage(page, 'ar');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { level: 2, name: 'الحالة والسجل' }).waitFor();
    await expectAccessible(page, 'certificate detail (ar)');
    await page.screenshot({ path: '/tmp/kimberlite-certificate-ar.png', fullPage: true });

    await page.goto('/certificates');
    await page.getByRole('heading', { level: 1, name: 'الشهادات' }).waitFor();
    await page.getByTestId('certificates-table').waitFor();
    await expectAccessible(page, 'certificate list (ar)');

    await page.goto('/certificates/new');
    await page.getByRole('heading', { level: 1, name: 'إصدار شهادة' }).waitFor();
    await page.getByTestId('parcel-totals').waitFor();
    await page.getByRole('button', { name: 'إصدار الشهادة' }).click();
    await page.getByText('بعض الحقول تحتاج إلى تصحيح').waitFor();
    await expectAccessible(page, 'issue form with errors (ar)');
    await page.screenshot({ path: '/tmp/kimberlite-issue-form-ar.png', fullPage: true });
    await chooseLanguage(page, 'en');

    // the Chair sees every participant's certificates, with both participants named
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await logIn(page, 'chair@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Certificates' }).click();
    await page.getByTestId('certificates-table').waitFor();
    expect(await page.getByRole('columnheader', { name: 'Exporting participant' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Issue a certificate' }).count()).toBe(0);
    await expectAccessible(page, 'certificate list (chair)');
    await page.goto(detailPath);
    await page.getByTestId('certificate-status').waitFor();
    expect(await page.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);
  }, 180_000);
});

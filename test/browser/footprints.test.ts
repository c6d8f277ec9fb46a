/**
 * Footprints (issue #7) in real browsers: the WGDE reads the library of SYNTHETIC demo footprints
 * and opens one; Botswana's exporting officer attaches a parcel's size-frequency profile through
 * the certificate page; the UAE's importing officer sees the parcel drawn over Botswana's
 * footprint with the verdict, its numbers and the ranking, on the certificate page and below the
 * result on the verify page (not shown to another participant's officer), and downloads the PDF report; a parcel drawn from another area but declared as
 * Botswana shows "inconsistent"; for an origin on the WGDE's list, receipt waits for the exporter's
 * profile of every parcel. The WGDE records an area through the form with morphology and colour
 * shares and a photo, shown as a thumbnail; a share line it cannot read stores nothing. The pages pass axe.
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH);
 * checks the PDF's text with pdftotext (/usr/bin/pdftotext) when it is installed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { classesOfProfile } from '../../src/footprints/size-profile.ts';
import { SYNTHETIC_AREAS, syntheticProfile } from '../../src/footprints/synthetic-model.ts';
import { parcelSizeProfile } from '../support/size-profile.ts';
import { browserSuite, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });
const PDFTOTEXT = '/usr/bin/pdftotext';

/** A parcel of `stones` stones drawn (seeded) from a synthetic area, as the lines a lab sheet gives: "code stones carats". */
function parcelLines(key: string, stones: number, seed: number): string[] {
  const area = SYNTHETIC_AREAS.find((each) => each.key === key)!;
  return classesOfProfile(syntheticProfile(area, { stones, series: 'sieve', seed }))
    .filter((entry) => entry.stones > 0)
    .map((entry) => `${entry.code} ${entry.stones} ${entry.carats.toFixed(2)}`);
}

function parcelClasses(key: string, stones: number, seed: number) {
  return parcelLines(key, stones, seed).map((line) => {
    const [code, count, carats] = line.split(' ');
    return { code, stones: Number(count), carats };
  });
}

/** Issues a Botswana → UAE certificate of Botswana origin through the API with the exporter's session. */
async function issueToUae(page: Page): Promise<{ number: string; seal: string }> {
  const operators = await page.request.get('/api/participants/BW/operators');
  const kalahari = ((await operators.json()) as { id: string; licenceNumber: string }[]).find((row) => row.licenceNumber === 'BW-DL-2024-0117');
  expect(kalahari).toBeDefined();
  const issued = await page.request.post('/api/certificates', {
    headers: { 'idempotency-key': `browser-footprints-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    data: {
      importingParticipant: 'AE',
      exporterId: kalahari!.id,
      importer: { name: 'Almas Rough Trading DMCC (demo)', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
      originCountries: ['BW'],
      parcels: [{ hsCode: '7102.31', carats: '1800.00', valueUsd: '270000.00' }],
    },
  });
  expect(issued.status()).toBe(201);
  return (await issued.json()) as { number: string; seal: string };
}

/** A 1×1 PNG, the smallest photo a browser draws. */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let consistent = { number: '', seal: '' };
let inconsistent = '';

describe('footprints', () => {
  it('the WGDE sees the library of synthetic footprints and opens one', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'wgde@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Footprints' }).click();
    await page.getByRole('heading', { level: 1, name: 'Footprints' }).waitFor();
    const table = page.getByTestId('footprints-table');
    await table.waitFor();
    // a header row and one row per synthetic area, every one labelled SYNTHETIC
    await poll(() => table.getByRole('row').count()).toBe(SYNTHETIC_AREAS.length + 1);
    expect(await table.getByText('SYNTHETIC', { exact: true }).count()).toBe(SYNTHETIC_AREAS.length);
    expect(await page.getByTestId('footprint-requirements').textContent()).toContain('Central African Republic');
    expect(await page.getByTestId('footprint-add').count()).toBe(1);
    await expectAccessible(page, 'footprint library');

    await table.getByRole('link', { name: 'Central District (synthetic)' }).click();
    await page.waitForURL(/\/footprints\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: /Botswana — Central District \(synthetic\)/ }).waitFor();
    expect(await page.getByTestId('footprint-synthetic-note').textContent()).toContain('SYNTHETIC demo footprint');
    const chart = page.getByTestId('footprint-distribution-chart');
    await chart.waitFor();
    await poll(() => chart.locator('canvas, svg').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('footprint-distribution').textContent()).toContain('5,000 stones');
    await expectAccessible(page, 'footprint area');
  }, 180_000);

  it('Botswana’s exporting officer attaches a parcel’s profile on the certificate page', async () => {
    const page = await openPage();
    await logIn(page, 'exporter.bw@demo.test');
    consistent = await issueToUae(page);
    await page.goto(`/certificates/${consistent.number}`);
    const section = page.getByTestId('footprint-section');
    await section.waitFor();
    await poll(() => section.textContent()).toContain('No parcel of this certificate has a size-frequency profile.');
    const form = section.getByTestId('parcel-profile-form');
    await form.getByLabel(/^Classes, one per line/).fill(parcelLines('BW-kimberlite', 600, 7).join('\n'));
    await form.getByRole('button', { name: 'Attach the parcel’s profile' }).click();

    const parcel = section.getByTestId('footprint-parcel-1-exporter');
    await parcel.waitFor();
    await parcel.getByTestId('footprint-state-consistent').first().waitFor();
    // once attached, the form is gone: a profile is never replaced
    expect(await section.getByTestId('parcel-profile-form').count()).toBe(0);

    // a second certificate whose parcel comes from Kono (Sierra Leone) though declared as Botswana
    const other = await issueToUae(page);
    inconsistent = other.number;
    const attached = await page.request.post(`/api/certificates/${inconsistent}/parcels/1/profile`, { data: { series: 'sieve', classes: parcelClasses('SL-alluvial', 600, 11) } });
    expect(attached.status()).toBe(201);
  }, 180_000);

  it('the UAE’s importing officer sees the comparison, its numbers, the chart and the ranking, and downloads the PDF', async () => {
    expect(consistent.number).not.toBe('');
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'importer.ae@demo.test');
    await page.goto(`/certificates/${consistent.number}`);
    const section = page.getByTestId('footprint-section');
    await section.waitFor();
    const parcel = section.getByTestId('footprint-parcel-1-exporter');
    await parcel.waitFor();
    expect(await parcel.textContent()).toContain('declared by the exporting authority');
    expect(await parcel.getByTestId('footprint-state-consistent').count()).toBeGreaterThanOrEqual(1);
    expect(await parcel.textContent()).toContain('Central District (synthetic)');

    // the numbers behind the verdict, the same as the API's
    const api = (await (await page.request.get(`/api/certificates/${consistent.number}/footprints`)).json()) as {
      parcels: { comparisons: { declaredOrigin: { verdict: string; parcelStones: number; gTest: { degreesOfFreedom: number } | null }; ranking: { region: string }[] }[] }[];
    };
    const declared = api.parcels[0].comparisons[0].declaredOrigin;
    expect(declared.verdict).toBe('consistent');
    expect(declared.parcelStones).toBe(600);
    const numbers = await parcel.textContent();
    expect(numbers).toContain('600 / 5,000');
    expect(numbers).toContain(`G = `);
    expect(numbers).toContain(`df = ${declared.gTest!.degreesOfFreedom}`);
    expect(numbers).toContain('Hellinger distance (carats)');

    // the parcel drawn over the footprint
    const chart = parcel.getByTestId('footprint-chart');
    await chart.waitFor();
    await poll(() => chart.locator('canvas, svg').count()).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toContain('drawn over the footprint');

    // the ranking: Botswana's area first
    const ranking = parcel.getByTestId('footprint-ranking');
    const rows = ranking.getByRole('row');
    await poll(() => rows.count()).toBeGreaterThan(2);
    expect(await rows.nth(1).textContent()).toContain('BW — Central District (synthetic)');
    expect(api.parcels[0].comparisons[0].ranking[0].region).toBe('Central District (synthetic)');
    await expectAccessible(page, 'certificate with footprint comparison');

    // the printable report
    const href = await section.getByTestId('footprint-report-link').getAttribute('href');
    expect(href).toBe(`/api/certificates/${consistent.number}/footprint-report.pdf`);
    const report = await page.request.get(href!);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toContain('application/pdf');
    const pdf = await report.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (fs.existsSync(PDFTOTEXT)) {
      const file = path.join(os.tmpdir(), `kimberlite-footprints-${process.pid}.pdf`);
      fs.writeFileSync(file, pdf);
      const text = execFileSync(PDFTOTEXT, ['-layout', file, '-'], { encoding: 'utf8' });
      fs.rmSync(file, { force: true });
      expect(text).toContain(consistent.number);
      // in the reader's language (the UAE's officer reads Arabic): the declared area and the numbers
      expect(text).toContain('Central District (synthetic)');
      expect(text).toContain('G = ');
    }
  }, 180_000);

  it('on the verify page the importing officer sees the comparison below the result; another participant’s officer does not', async () => {
    expect(consistent.seal).not.toBe('');
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'importer.ae@demo.test');
    await page.goto('/verify-scan');
    await page.getByTestId('trust-list-status').waitFor();
    await page.getByLabel(/^Text of the QR code/).fill(consistent.seal);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByTestId('online-result').waitFor();
    const section = page.getByTestId('verify-footprint-section');
    await section.waitFor();
    const parcel = section.getByTestId('footprint-parcel-1-exporter');
    await parcel.getByTestId('footprint-state-consistent').first().waitFor();
    await poll(() => parcel.getByTestId('footprint-chart').locator('canvas, svg').count()).toBeGreaterThan(0);
    expect(await parcel.textContent()).toContain('600 / 5,000');
    expect(await parcel.getByTestId('footprint-ranking').getByRole('row').nth(1).textContent()).toContain('BW — Central District (synthetic)');
    expect(await section.getByTestId('footprint-report-link').getAttribute('href')).toBe(`/api/certificates/${consistent.number}/footprint-report.pdf`);
    // the verify page reads the document, not the register's record: no profile form there
    expect(await section.getByTestId('parcel-arrival-profile-form').count()).toBe(0);
    await expectAccessible(page, 'verify page with footprint comparison');

    // a participant that is neither issuer nor destination verifies the certificate but gets no comparison
    const other = await openPage();
    await logIn(other, 'importer.cn@demo.test');
    await other.goto('/verify-scan');
    await other.getByTestId('trust-list-status').waitFor();
    await other.getByLabel(/^Text of the QR code/).fill(consistent.seal);
    await other.getByRole('button', { name: 'Verify', exact: true }).click();
    await other.getByTestId('online-result').waitFor();
    await other.waitForLoadState('networkidle');
    expect((await other.request.get(`/api/certificates/${consistent.number}/footprints`)).status()).toBe(404);
    expect(await other.getByTestId('verify-footprint-section').count()).toBe(0);

    // the public page is anonymous: no footprint data
    const visitor = await openPage();
    expect((await visitor.request.get(`/api/certificates/${consistent.number}/footprints`)).status()).toBe(401);
  }, 180_000);

  it('a parcel drawn from another area but declared as Botswana shows “inconsistent”', async () => {
    expect(inconsistent).not.toBe('');
    const page = await openPage();
    await logIn(page, 'importer.ae@demo.test');
    await page.goto(`/certificates/${inconsistent}`);
    const section = page.getByTestId('footprint-section');
    await section.waitFor();
    const parcel = section.getByTestId('footprint-parcel-1-exporter');
    await parcel.waitFor();
    await parcel.getByTestId('footprint-state-inconsistent').first().waitFor();
    expect(await parcel.getByTestId('footprint-state-inconsistent').first().textContent()).toBe('inconsistent');
    // the certificate as a whole is flagged, and Kono ranks above the declared origin
    expect(await section.getByTestId('footprint-state-inconsistent').count()).toBeGreaterThanOrEqual(2);
    expect(await parcel.getByTestId('footprint-ranking').getByRole('row').nth(1).textContent()).toContain('SL — Kono (synthetic)');
  }, 180_000);

  it('for an origin the WGDE lists after issue, the importer cannot confirm receipt until every parcel has the exporter’s profile', async () => {
    const exporter = await openPage();
    await logIn(exporter, 'exporter.bw@demo.test');
    const { number } = await issueToUae(exporter);
    const wgde = await openPage();
    await logIn(wgde, 'wgde@demo.test');
    expect((await wgde.request.put('/api/footprint-requirements/BW', { data: { note: 'browser test' } })).status()).toBe(200);
    try {

      const page = await openPage();
      await logIn(page, 'importer.ae@demo.test');
      await page.goto(`/certificates/${number}`);
      await poll(() => page.getByTestId('footprint-receipt-waits').textContent()).toContain('missing: 1');
      const form = page.getByTestId('receipt-form');
      await form.getByRole('button', { name: 'Confirm receipt' }).click();
      await page.getByTestId('receipt-section').getByRole('alert').waitFor();
      expect(await page.getByTestId('receipt-state').textContent()).not.toBe('Received');
      const refused = await page.request.post(`/api/certificates/${number}/receipt`, {
        data: { receivedOn: new Date().toISOString().slice(0, 10), parcelCount: 1, carats: '1800.00', importerName: 'Almas Rough Trading DMCC (demo)', exporterName: 'x', sealIntact: true },
      });
      expect(refused.status()).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'FOOTPRINT_PROFILE_REQUIRED', details: { parcels: [1] } });

      expect((await exporter.request.post(`/api/certificates/${number}/parcels/1/profile`, { data: { series: 'sieve', classes: parcelClasses('BW-kimberlite', 400, 23) } })).status()).toBe(201);
      await page.reload();
      await page.getByTestId('footprint-parcel-1-exporter').waitFor();
      expect(await page.getByTestId('footprint-receipt-waits').count()).toBe(0);
      await page.getByTestId('receipt-form').getByRole('button', { name: 'Confirm receipt' }).click();
      await poll(() => page.getByTestId('receipt-state').textContent()).toBe('Received');
    } finally {
      expect((await wgde.request.delete('/api/footprint-requirements/BW')).status()).toBe(204);
    }
  }, 180_000);

  // last, so that the new area does not change the library the tests above compare with
  it('the WGDE records an area with morphology and colour shares and a photo through the form; a bad share line stores nothing', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'wgde@demo.test');
    await page.goto('/footprints');
    await page.getByTestId('footprints-table').waitFor();
    const countAreas = async () => ((await (await page.request.get('/api/footprints')).json()) as unknown[]).length;
    const before = await countAreas();
    await page.getByTestId('footprint-add').click();
    const form = page.getByTestId('footprint-add-section');
    await form.getByLabel(/^Participant/).fill('GH');
    await form.getByLabel(/^Area/).fill('Browser test pit');
    await form.getByLabel(/^Classes, one per line/).fill(parcelLines('GH-alluvial', 800, 5).join('\n'));
    await form.getByLabel(/^Sampled on/).fill('2026-05-04');
    await form.getByLabel(/^Measured by/).fill('WGDE browser test');
    await form.getByLabel(/^Morphology shares/).fill('octahedron 45\nmacle twelve');
    await form.getByLabel(/^Colour shares/).fill('white 60\nyellow 50');
    await form.locator('input[type="file"]').setInputFiles({ name: 'sample.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG, 'base64') });
    // the chosen file is named in the field
    expect(await form.getByLabel(/^Photos of the sample/).textContent()).toContain('sample.png');

    await form.getByRole('button', { name: 'Save the footprint' }).click();
    await poll(() => form.textContent()).toContain('This line could not be read: “macle twelve”');
    expect(await form.textContent()).toContain('These shares add up to 110 %');
    await page.waitForLoadState('networkidle');
    expect(await countAreas()).toBe(before);
    expect(page.url()).toMatch(/\/footprints$/);
    await expectAccessible(page, 'footprint form with refused shares');

    await form.getByLabel(/^Morphology shares/).fill('macle 12.5\noctahedron 45\nirregular 10');
    await form.getByLabel(/^Colour shares/).fill('white 60\nyellow 25');
    await form.getByRole('button', { name: 'Save the footprint' }).click();
    await page.waitForURL(/\/footprints\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: /Ghana — Browser test pit/ }).waitFor();
    // largest share first, whatever order they were typed in
    expect(await page.getByTestId('footprint-morphology').textContent()).toBe('Morphology: octahedron 45%, macle 12.5%, irregular 10%');
    expect(await page.getByTestId('footprint-colour').textContent()).toBe('Colour: white 60%, yellow 25%');
    const photos = page.getByTestId('footprint-photos');
    const link = photos.getByRole('link', { name: /^sample\.png/ });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/footprint-photos\//);
    const thumbnail = photos.getByRole('img', { name: 'sample.png' });
    expect(await thumbnail.getAttribute('src')).toBe(href);
    await poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    const photo = await page.request.get(href!);
    expect((await photo.body()).equals(Buffer.from(ONE_PIXEL_PNG, 'base64'))).toBe(true);
    expect(await countAreas()).toBe(before + 1);
    await expectAccessible(page, 'footprint area with shares and a photo');
  }, 240_000);

  it('the Central African Republic’s exporting officer issues with the parcel’s profile, which the certificate shows as signed with it', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'exporter.cf@demo.test');
    const issuedCount = async () => ((await (await page.request.get('/api/certificates')).json()) as { total: number }).total;
    const before = await issuedCount();
    await page.goto('/certificates/new');
    await page.getByRole('heading', { level: 1, name: 'Issue a certificate' }).waitFor();
    const destination = page.getByLabel(/^Importing participant/);
    await poll(() => destination.locator('option').count()).toBeGreaterThan(10);
    await destination.selectOption('BW');
    const exporter = page.getByLabel(/^Exporter/);
    const label = (await exporter.locator('option').allTextContents()).find((text) => text.includes('CF-BA-2025-0012'));
    expect(label).toBeDefined();
    await exporter.selectOption({ label: label! });
    await page.getByLabel(/^Importer name/).fill('Okavango Diamond Company');
    await page.getByLabel(/^Importer licence/).fill('BW-DL-2024-0001');
    await page.getByLabel(/^Importer address/).fill('Gaborone');
    const origin = page.getByRole('combobox', { name: /^Countries of origin/ });
    await origin.click();
    await origin.fill('Central African Republic');
    await page.getByRole('option', { name: 'Central African Republic', exact: true }).click();
    await page.keyboard.press('Escape');
    const parcel = page.getByRole('group', { name: 'Parcel 1' });
    await parcel.getByLabel(/^Carats/).fill('120.00');
    await parcel.getByLabel(/^Value \(US\$\)/).fill('30000.00');

    // the origin is on the WGDE's list: the notice says so and the parcel's profile part opens
    await poll(() => page.getByTestId('size-profile-required').textContent()).toContain('The WGDE lists Central African Republic among the origins that must attach a size-frequency profile');
    expect(await parcel.getByRole('checkbox', { name: 'Attach a size-frequency profile' }).isChecked()).toBe(true);
    const classes = parcel.getByLabel(/^Classes, one per line/);

    // without a profile the server refuses, naming the parcel, and nothing is issued
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'enter the profile of parcel(s) 1 before issuing' }).count()).toBe(1);
    await poll(() => parcel.textContent()).toContain('Enter this parcel’s size-frequency profile: its origin is on the WGDE’s list.');
    expect(page.url()).toMatch(/\/certificates\/new$/);
    expect(await issuedCount()).toBe(before);
    await expectAccessible(page, 'issue form refused for a missing profile');

    // a line it cannot read is refused on the parcel before anything is sent
    await classes.fill('+9 many 14.35');
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => parcel.textContent()).toContain('This line could not be read: “+9 many 14.35”');
    expect(await issuedCount()).toBe(before);

    const profile = parcelSizeProfile('CF');
    await classes.fill(profile.classes.map((entry) => `${entry.code} ${entry.stones} ${entry.carats}`).join('\n'));
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await page.waitForURL(/\/certificates\/CF-\d{4}-\d{6}$/);
    const number = page.url().split('/').pop()!;
    expect(await issuedCount()).toBe(before + 1);

    const section = page.getByTestId('footprint-section');
    const intact = section.getByTestId('footprint-signed-intact');
    await intact.waitFor();
    const { signedProfiles } = (await (await page.request.get(`/api/certificates/${number}/footprints`)).json()) as { signedProfiles: { state: string; digest: string } };
    expect(signedProfiles.state).toBe('intact');
    const note = (await intact.textContent())!.replace(/[\u2066-\u2069]/g, '');
    expect(note).toContain('Profiles of parcel(s) 1 were declared with the certificate and are covered by its signature');
    expect(note).toContain(`SHA-256 ${signedProfiles.digest}`);
    expect(await section.getByTestId('footprint-signed-altered').count()).toBe(0);
    const declared = section.getByTestId('footprint-parcel-1-exporter');
    await declared.waitFor();
    expect(await declared.getByTestId('footprint-signed-badge').textContent()).toBe('Signed with the certificate');
    // the profile was declared with the certificate: no form to attach another
    expect(await section.getByTestId('parcel-profile-form').count()).toBe(0);
    await expectAccessible(page, 'certificate with profiles signed with it');
  }, 240_000);
});

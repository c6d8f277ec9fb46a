/**
 * The origin trail (issue #9) in a real browser: Botswana runs internal controls; a mines officer
 * records production at an artisanal site by a cooperative's miner, the miner's sale to a dealer
 * and the dealer's transfer to the exporter on the custody page; the exporting officer issues the
 * certificate through the issue form, drawing the parcel from the exporter's stock ("Drawn from
 * stock", checked in the browser against the parcel's carats; the server's refusal when another
 * certificate took the stock meanwhile shown on the parcel); the UAE's importing officer sees on
 * the certificate page that the origin is backed, site → artisanal miner → dealer → exporter →
 * certificate, without a name, licence number, price or reference of the chain, and the verify
 * page says the origin is backed by internal controls; a replacement starts from the old
 * certificate's draws. The pages pass axe.
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });

const NAMES = {
  cooperative: 'Letlhakane Diggers Cooperative',
  miner: 'Kabelo Artisan Mokgosi',
  dealer: 'Serowe Rough Buyers',
  site: 'Motloutse River Diggings',
};
const SECRETS = [NAMES.cooperative, NAMES.miner, NAMES.dealer, 'BW-COOP-2026-0909', 'BW-AM-2026-0101', 'BW-DL-2026-0777', 'BW-ASM-2026-0033', 'RC-55102', 'LOT-AM-7731', 'DL-REF-4410', '98,765.43', '98765.43'];

async function created(page: Page, url: string, data: Record<string, unknown>): Promise<string> {
  const response = await page.request.post(url, { data });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Records one entry through the custody page's form and waits until the ledger holds it. */
async function record(page: Page, entry: { kind: string; from?: string; to: string; date: string; carats: string; value?: string; reference?: string; warranty?: boolean }, siteId: string) {
  const count = async () => ((await (await page.request.get('/api/participants/BW/custody/entries')).json()) as unknown[]).length;
  const before = await count();
  const form = page.getByTestId('custody-form');
  await form.getByLabel(/^What happened/).selectOption(entry.kind);
  await form.getByLabel(/^Origin site/).selectOption(siteId);
  if (entry.from) await form.getByLabel(/^(Seller|From)/).selectOption(entry.from);
  await form.getByLabel(/^(Producer|Buyer|To)/).selectOption(entry.to);
  await form.getByLabel(/^Date/).fill(entry.date);
  await form.getByLabel(/^Carats/).fill(entry.carats);
  if (entry.value) await form.getByLabel(/^Value \(US\$\)/).fill(entry.value);
  if (entry.reference) await form.getByLabel(/^Parcel reference/).fill(entry.reference);
  if (entry.warranty) await form.getByLabel(/System of Warranties/).check();
  await form.getByRole('button', { name: 'Record', exact: true }).click();
  await poll(count).toBe(before + 1);
}

describe('origin trail from an artisanal site onto a certificate', () => {
  it('follows a parcel from an artisanal site through a dealer to the exporter and onto a certificate, and shows the importer the trail without names', async () => {
    // Botswana's administrator turns internal controls on; the mines officer licenses the site and the actors
    const admin = await openPage();
    await logIn(admin, 'admin.bw@demo.test');
    expect((await admin.request.put('/api/participants/BW/internal-controls', { data: { enabled: true } })).status()).toBe(200);

    const mines = await openPage();
    await logIn(mines, 'mines.bw@demo.test');
    const licence = { address: 'Serowe', validFrom: '2026-01-01', validUntil: '2028-12-31' };
    const cooperative = await created(mines, '/api/participants/BW/operators', { ...licence, name: NAMES.cooperative, licenceNumber: 'BW-COOP-2026-0909', licenceTypes: ['cooperative'] });
    const miner = await created(mines, '/api/participants/BW/operators', {
      ...licence,
      name: NAMES.miner,
      licenceNumber: 'BW-AM-2026-0101',
      licenceTypes: ['artisanal_miner'],
      registrationCard: 'RC-55102',
      cooperativeId: cooperative,
    });
    const dealer = await created(mines, '/api/participants/BW/operators', { ...licence, name: NAMES.dealer, licenceNumber: 'BW-DL-2026-0777', licenceTypes: ['dealer'] });
    const site = await created(mines, '/api/participants/BW/sites', {
      name: NAMES.site,
      licenceNumber: 'BW-ASM-2026-0033',
      holderOperatorId: cooperative,
      depositType: 'alluvial',
      artisanal: true,
      region: 'Central District',
      validFrom: '2026-01-01',
      validUntil: '2028-12-31',
    });
    const operators = (await (await mines.request.get('/api/participants/BW/operators')).json()) as { id: string; licenceNumber: string }[];
    const exporter = operators.find((operator) => operator.licenceNumber === 'BW-DL-2024-0117')!.id;

    // production, sale and transfer recorded on the custody page
    await mines.goto('/custody');
    await mines.getByTestId('custody-form').waitFor();
    await record(mines, { kind: 'production', to: miner, date: '2026-11-02', carats: '300.00' }, site);
    await record(mines, { kind: 'sale', from: miner, to: dealer, date: '2026-11-09', carats: '300.00', value: '98765.43', reference: 'LOT-AM-7731', warranty: true }, site);
    await record(mines, { kind: 'transfer', from: dealer, to: exporter, date: '2026-11-16', carats: '280.00', value: '111222.33', reference: 'DL-REF-4410' }, site);

    // the exporting officer issues, drawing the parcel from the exporter's stock of the site
    const officer = await openPage({ bypassCSP: true });
    await logIn(officer, 'exporter.bw@demo.test');
    await officer.goto('/certificates/new');
    await officer.getByRole('heading', { level: 1, name: 'Issue a certificate' }).waitFor();
    const destination = officer.getByLabel(/^Importing participant/);
    await poll(() => destination.locator('option').count()).toBeGreaterThan(10);
    await destination.selectOption('AE');
    await officer.getByLabel(/^Exporter/).selectOption(exporter);
    await officer.getByLabel(/^Importer name/).fill('Almas Rough Trading DMCC');
    await officer.getByLabel(/^Importer licence/).fill('AE-DMCC-2024-5531');
    await officer.getByLabel(/^Importer address/).fill('Almas Tower, Dubai');
    const origin = officer.getByRole('combobox', { name: /^Countries of origin/ });
    await origin.click();
    await origin.fill('Botswana');
    await officer.getByRole('option', { name: 'Botswana', exact: true }).click();
    await officer.keyboard.press('Escape');
    const parcel = officer.getByRole('group', { name: 'Parcel 1' });
    await parcel.getByLabel(/^Carats/).fill('150.00');
    await parcel.getByLabel(/^Value \(US\$\)/).fill('22500.00');
    const draws = parcel.getByTestId('parcel-stock-draws');
    expect(await draws.textContent()).toContain('Drawn from stock');
    const siteSelect = draws.getByLabel(/^Origin site 1/);
    await poll(() => siteSelect.locator('option').allTextContents()).toContain(`${NAMES.site} — 280.00 ct in stock`);
    await siteSelect.selectOption(site);
    await draws.getByLabel(/^Drawn from site 1/).fill('100.00');

    // drawn carats that do not add up to the parcel are refused in the browser, nothing is sent
    const issuedCount = async () => ((await (await officer.request.get('/api/certificates')).json()) as { total: number }).total;
    const before = await issuedCount();
    await officer.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => draws.getByTestId('stock-draws-error').textContent()).toBe('The stock drawn (100.00 ct) does not add up to the parcel’s 150.00 ct.');
    expect(await issuedCount()).toBe(before);
    await expectAccessible(officer, 'issue form with stock drawn refused');

    await draws.getByLabel(/^Drawn from site 1/).fill('150.00');
    // meanwhile another certificate draws 200 of the 280 ct: the server refuses this one, on the parcel
    const other = await officer.request.post('/api/certificates', {
      data: {
        importingParticipant: 'AE',
        exporterId: exporter,
        importer: { name: 'Almas Rough Trading DMCC', address: 'Almas Tower, Dubai', licence: 'AE-DMCC-2024-5531' },
        originCountries: ['BW'],
        parcels: [{ hsCode: '7102.21', carats: '200.00', valueUsd: '30000.00', stockDraws: [{ siteId: site, carats: '200.00' }] }],
      },
    });
    expect(other.status(), await other.text()).toBe(201);
    await officer.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => draws.getByTestId('stock-draws-error').textContent()).toMatch(/^Refused: .* would hold 70\.00 ct too few from the site Motloutse River Diggings/);
    await poll(() => siteSelect.locator('option').allTextContents()).toContain(`${NAMES.site} — 80.00 ct in stock`);
    expect(await issuedCount()).toBe(before + 1);

    await parcel.getByLabel(/^Carats/).first().fill('80.00');
    await parcel.getByLabel(/^Value \(US\$\)/).fill('12000.00');
    await draws.getByLabel(/^Drawn from site 1/).fill('80.00');
    await officer.getByRole('button', { name: 'Issue certificate' }).click();
    await officer.waitForURL(/\/certificates\/BW-\d{4}-\d{6}$/);
    const number = officer.url().split('/').pop()!;
    const own = officer.getByTestId('origin-trail');
    await poll(() => own.getByTestId('origin-trail-backed').textContent()).toBe('Origin backed by recorded custody (sites: 1)');
    // the exporting authority keeps the ledger: it sees who is behind each step
    await poll(() => own.getByTestId('trail-actor-name').allTextContents()).toContain(`${NAMES.miner} — BW-AM-2026-0101 — member of ${NAMES.cooperative}`);

    // the importer sees the origin is backed, and the chain back to the artisanal site, without names
    const importer = await openPage({ bypassCSP: true });
    await logIn(importer, 'importer.ae@demo.test');
    await importer.goto(`/certificates/${number}`);
    const trail = importer.getByTestId('origin-trail');
    await poll(() => trail.getByTestId('origin-trail-backed').textContent()).toBe('Origin backed by recorded custody (sites: 1)');
    expect(await trail.getByTestId('origin-trail-integrity').textContent()).toBe('Draws as signed');
    const chain = trail.getByTestId('origin-trail-chain');
    expect(await chain.count()).toBe(1);
    const steps = (await chain.locator('.mantine-Timeline-itemTitle').allTextContents()).map((text) => text.trim());
    expect(steps).toEqual([`Site: ${NAMES.site}`, 'Artisanal miner', 'Dealer', 'Dealer, Exporter', `Certificate ${number}`]);
    const text = (await trail.textContent())!;
    expect(text).toContain('Central District · alluvial · artisanal');
    expect(text).toContain('Production — 80.00 ct on');
    expect(text).toContain('Sale — 80.00 ct on');
    expect(text).toContain('Transfer — 80.00 ct on');
    expect(text).toContain('80.00 ct drawn from the exporter’s stock on');
    expect(text).toContain('System of Warranties');
    expect(text).toContain('Counterparties, prices and references stay with the exporting participant');
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(await trail.getByTestId('trail-actor-name').count()).toBe(0);
    await expectAccessible(importer, 'certificate page with the origin trail, as the importer');

    // verifying the QR with the register says the origin is backed by internal controls
    const { seal } = (await (await importer.request.get(`/api/certificates/${number}`)).json()) as { seal: string };
    await importer.goto('/verify-scan');
    await importer.getByTestId('trust-list-status').waitFor();
    await importer.getByLabel(/^Text of the QR code/).fill(seal);
    await importer.getByRole('button', { name: 'Verify', exact: true }).click();
    const online = importer.getByTestId('online-result');
    await online.waitFor();
    await poll(() => online.textContent()).toContain('Origin backed by internal controls (sites: 1)');

    // a replacement starts from the old certificate's draws, which go back to stock as it is issued
    await officer.getByRole('link', { name: 'Replace' }).click();
    const replacing = officer.getByRole('group', { name: 'Parcel 1' }).getByTestId('parcel-stock-draws');
    await poll(() => replacing.getByLabel(/^Drawn from site 1/).inputValue()).toBe('80.00');
    expect(await replacing.getByLabel(/^Origin site 1/).inputValue()).toBe(site);
    expect(await replacing.getByLabel(/^Origin site 1/).locator('option:checked').textContent()).toBe(`${NAMES.site} — 80.00 ct in stock`);
    await officer.getByLabel(/^Reason for the replacement/).fill('Importer address corrected');
    await officer.getByRole('button', { name: 'Issue replacement' }).click();
    await officer.waitForURL((url) => /\/certificates\/BW-\d{4}-\d{6}$/.test(url.pathname) && !url.pathname.endsWith(number));
    await poll(() => officer.getByTestId('origin-trail').getByTestId('origin-trail-backed').textContent()).toBe('Origin backed by recorded custody (sites: 1)');
  }, 240_000);
});

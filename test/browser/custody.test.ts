/**
 * Internal controls in real browsers (issue #9): a mines officer licenses an artisanal site and
 * its miner, records production, a sale and a transfer, sees the running stock, is refused a sale
 * above stock, and corrects an entry; on a phone without a connection entries wait on the device,
 * go when it returns, and a refused one waits among the conflicts until it is discarded.
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite();
const today = () => new Date().toISOString().slice(0, 10);
const year = () => new Date().getUTCFullYear();

interface Operator {
  id: string;
  name: string;
  licenceNumber: string;
}

/** The API in the page's session: what the UI shows is checked against what the server holds. */
async function call<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await page.request.fetch(path, { method, data: body, headers: { Accept: 'application/json' } });
  return { status: response.status(), body: (await response.json().catch(() => null)) as T };
}

async function register(page: Page, draft: { name: string; licenceNumber: string; licenceTypes: string[] }): Promise<Operator> {
  const created = await call<Operator>(page, 'POST', '/api/participants/BW/operators', {
    address: 'Field office (test)',
    validFrom: `${year() - 1}-01-01`,
    validUntil: `${year() + 4}-12-31`,
    ...draft,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function license(page: Page, draft: { name: string; licenceNumber: string; holderOperatorId: string }): Promise<{ id: string }> {
  const created = await call<{ id: string }>(page, 'POST', '/api/participants/BW/sites', {
    depositType: 'alluvial',
    artisanal: true,
    region: 'Central District',
    validFrom: `${year() - 1}-01-01`,
    validUntil: `${year() + 4}-12-31`,
    ...draft,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function ledgerLength(page: Page): Promise<number> {
  return (await call<unknown[]>(page, 'GET', '/api/participants/BW/custody/entries')).body.length;
}

/** The row of the stock table for an actor, as text. */
async function stockOf(page: Page, actor: string): Promise<string> {
  const row = page.getByTestId('custody-stock').locator('tbody tr', { hasText: actor });
  return (await row.count()) === 0 ? '' : ((await row.first().textContent()) ?? '');
}

async function fillEntry(page: Page, entry: { kind: string; site: string; from?: string; to: string; carats: string; value?: string; warranty?: boolean; parcel?: string }) {
  const form = page.getByTestId('custody-form');
  await form.getByLabel('What happened').selectOption({ label: entry.kind });
  await form.getByLabel(/^Origin site/).selectOption({ label: entry.site });
  if (entry.from) await form.getByLabel(/^(Seller|From)/).selectOption({ label: entry.from });
  await form.getByLabel(/^(Producer|Buyer|To)/).selectOption({ label: entry.to });
  await form.getByLabel(/^Carats/).fill(entry.carats);
  if (entry.value !== undefined) await form.getByLabel(/^Value \(US\$\)/).fill(entry.value);
  if (entry.parcel) await form.getByLabel('Parcel reference').fill(entry.parcel);
  if (entry.warranty) await form.getByLabel('The invoice carries the System of Warranties statement').check();
  await form.getByRole('button', { name: 'Record', exact: true }).click();
}

describe('chain of custody', () => {
  it('a mines officer licenses an artisanal site, records production, a sale and a transfer, is refused a sale above stock, and corrects an entry', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'mines.bw@demo.test');
    const dealer = await register(page, { name: 'Serowe Rough Buyers (test)', licenceNumber: 'BW-DL-2026-0901', licenceTypes: ['dealer'] });

    // the artisanal miner, through the operator form: the new licence type and the registration card
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Operator register' }).click();
    await page.getByTestId('add-operator').click();
    const operatorForm = page.getByRole('dialog');
    await operatorForm.getByLabel(/^Operator/).fill('Mmadinare Diggers (test)');
    await operatorForm.getByLabel(/^Address/).fill('Mmadinare, Central District');
    await operatorForm.getByLabel(/^Licence number/).fill('BW-AM-2026-0007');
    await operatorForm.getByLabel('Artisanal miner').check();
    await operatorForm.getByLabel(/^Registration card/).fill('RC-77-2026');
    await operatorForm.getByLabel(/^Valid from/).fill(`${year() - 1}-01-01`);
    await operatorForm.getByLabel(/^Valid until/).fill(`${year() + 4}-12-31`);
    await operatorForm.getByRole('button', { name: 'Register operator' }).click();
    await poll(() => page.getByTestId('operators-table').textContent()).toContain('Registration card: RC-77-2026');
    const miner = (await call<(Operator & { licenceTypes: string[]; registrationCard: string })[]>(page, 'GET', '/api/participants/BW/operators')).body.find(
      (row) => row.licenceNumber === 'BW-AM-2026-0007',
    )!;
    expect(miner).toMatchObject({ licenceTypes: ['artisanal_miner'], registrationCard: 'RC-77-2026' });

    // the site, through the site register
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chain of custody' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chain of custody' }).waitFor();
    expect(await page.getByRole('link', { name: 'Custody reports' }).getAttribute('href')).toBe('/custody/reports');
    await page.getByRole('link', { name: 'Site register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mining site register' }).waitFor();
    await page.getByTestId('add-site').click();
    const siteForm = page.getByTestId('site-form');
    await siteForm.getByLabel(/^Site/).fill('Mmadinare alluvial field (test)');
    await siteForm.getByLabel(/^Licence number/).fill('BW-AS-2026-0001');
    await siteForm.getByLabel(/^Licence holder/).selectOption({ label: 'Mmadinare Diggers (test) (BW-AM-2026-0007) — Valid' });
    await siteForm.getByLabel(/^Region/).fill('Central District');
    await siteForm.getByLabel('Artisanal mining site').check();
    await siteForm.getByLabel(/^Latitude/).fill('-21.88');
    await siteForm.getByLabel(/^Longitude/).fill('27.75');
    await siteForm.getByLabel(/^Valid from/).fill(`${year() - 1}-01-01`);
    await siteForm.getByLabel(/^Valid until/).fill('2001-01-01');
    await siteForm.getByRole('button', { name: 'License the site' }).click();
    await poll(() => siteForm.getByLabel(/^Valid until/).getAttribute('aria-invalid')).toBe('true');
    await siteForm.getByLabel(/^Valid until/).fill(`${year() + 4}-12-31`);
    await siteForm.getByRole('button', { name: 'License the site' }).click();
    await poll(() => page.getByTestId('sites-notice').textContent()).toBe('Mmadinare alluvial field (test) has been licensed.');
    const siteRow = page.getByTestId('sites-table').locator('tbody tr', { hasText: 'BW-AS-2026-0001' });
    expect(await siteRow.textContent()).toMatch(/Mmadinare alluvial field \(test\)\s*Artisanal\s*Mmadinare Diggers \(test\)\s*Alluvial\s*Central District/);
    expect(await siteRow.textContent()).toContain('-21.88, 27.75');
    expect(await siteRow.textContent()).toContain('Valid');
    await expectAccessible(page, 'site register');

    // a second site, suspended from the register
    await license(page, { name: 'Letlhakane gravels (test)', licenceNumber: 'BW-AS-2026-0002', holderOperatorId: miner.id });
    await page.reload();
    await page.getByRole('button', { name: 'Suspend: Letlhakane gravels (test)' }).click();
    await page.getByRole('dialog').getByLabel(/^Reason/).fill('Boundary dispute under review (test).');
    await page.getByRole('dialog').getByRole('button', { name: 'Suspend' }).click();
    await poll(() => page.getByTestId('sites-notice').textContent()).toBe('The licence of Letlhakane gravels (test) has been suspended.');
    await poll(() => page.getByTestId('sites-table').locator('tbody tr', { hasText: 'BW-AS-2026-0002' }).textContent()).toContain('Suspended');

    await page.getByRole('link', { name: '← Back to the chain of custody' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chain of custody' }).waitFor();
    expect(await page.getByTestId('internal-controls').textContent()).toContain('Internal controls are off');
    // only a participant administrator turns them on
    expect(await page.getByRole('switch').count()).toBe(0);
    const form = page.getByTestId('custody-form');
    expect(await form.getByLabel(/^Date/).inputValue()).toBe(today());
    // the producer picker offers producers only, with their licence state
    const producers = await form.getByLabel(/^Producer/).locator('option').allTextContents();
    expect(producers).toContain('Mmadinare Diggers (test) (BW-AM-2026-0007) — Valid');
    expect(producers.some((option) => option.startsWith('Serowe'))).toBe(false);

    const site = 'Mmadinare alluvial field (test) (BW-AS-2026-0001) — Valid';
    const minerOption = 'Mmadinare Diggers (test) (BW-AM-2026-0007) — Valid';
    const dealerOption = 'Serowe Rough Buyers (test) (BW-DL-2026-0901) — Valid';
    const exporterOption = 'Kalahari Rough Trading (Pty) Ltd (demo) (BW-DL-2024-0117) — Valid';
    await fillEntry(page, { kind: 'Production', site, to: minerOption, carats: '100' });
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('Production recorded.');
    await poll(() => stockOf(page, 'Mmadinare Diggers')).toMatch(/Mmadinare alluvial field \(test\)\s*100\.00$/);

    await fillEntry(page, { kind: 'Sale', site, from: minerOption, to: dealerOption, carats: '60', value: '30000', warranty: true, parcel: 'MD-2026-001' });
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('Sale recorded.');
    await fillEntry(page, { kind: 'Transfer', site, from: dealerOption, to: exporterOption, carats: '40' });
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('Transfer recorded.');
    await poll(() => stockOf(page, 'Mmadinare Diggers')).toMatch(/40\.00$/);
    await poll(() => stockOf(page, 'Serowe')).toMatch(/20\.00$/);
    await poll(() => stockOf(page, 'Kalahari')).toMatch(/40\.00$/);
    // the actor filter narrows the stock
    await page.getByTestId('custody-stock-section').getByLabel('Actor').selectOption({ label: 'Serowe Rough Buyers (test)' });
    await poll(() => page.getByTestId('custody-stock').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('custody-stock-section').getByLabel('Actor').selectOption({ label: 'All actors' });

    // the seller's stock is shown as a hint; a sale above it is refused with the server's reason
    await form.getByLabel('What happened').selectOption({ label: 'Sale' });
    await form.getByLabel(/^Origin site/).selectOption({ label: site });
    await form.getByLabel(/^Seller/).selectOption({ label: dealerOption });
    await poll(() => form.textContent()).toContain('In stock from this site: 20.00 ct');
    await fillEntry(page, { kind: 'Sale', site, from: dealerOption, to: exporterOption, carats: '50', value: '25000' });
    const refusal = form.getByRole('alert');
    await poll(() => refusal.textContent()).toContain('Not recorded');
    expect(await refusal.textContent()).toMatch(/Refused: Serowe Rough Buyers \(test\) \(BW-DL-2026-0901\) would hold 30\.00 ct too few from the site Mmadinare alluvial field \(test\) \(BW-AS-2026-0001\).*recorded stock then: 20\.00 ct/);
    expect(await ledgerLength(page)).toBe(3);
    await poll(() => page.getByTestId('custody-ledger').getByTestId('ledger-row').count()).toBe(3);
    // the refused figures stay in the form to be corrected
    expect(await form.getByLabel(/^Carats/).inputValue()).toBe('50');

    // production at the suspended site is recorded with a warning
    await fillEntry(page, { kind: 'Production', site: 'Letlhakane gravels (test) (BW-AS-2026-0002) — Suspended', to: minerOption, carats: '5' });
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('Production recorded.');
    await poll(() => page.getByTestId('custody-ledger').getByTestId('entry-warning').allTextContents()).toEqual(['Site: licence suspended']);

    // the ledger: the sale with its warranty and parcel; then the transfer corrected
    const ledger = page.getByTestId('custody-ledger');
    const sale = ledger.getByTestId('ledger-row').filter({ hasText: 'MD-2026-001' });
    expect(await sale.textContent()).toMatch(/Sale.*Mmadinare Diggers \(test\).*Serowe Rough Buyers \(test\).*60\.00.*30,000\.00.*System of Warranties/);
    await ledger.getByRole('button', { name: /^Correct: Transfer of / }).click();
    const correction = page.getByTestId('correction-form');
    await correction.getByLabel(/^Carats/).fill('35');
    await correction.getByRole('button', { name: 'Record the correction' }).click();
    await poll(() => correction.getByLabel(/^Reason for the correction/).getAttribute('aria-invalid')).toBe('true');
    await correction.getByLabel(/^Reason for the correction/).fill('Weighed again at the exporter (test).');
    await correction.getByRole('button', { name: 'Record the correction' }).click();
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('The correction has been recorded.');
    await poll(() => ledger.getByTestId('ledger-row').count()).toBe(5);
    const superseded = ledger.locator('[data-testid="ledger-row"][data-superseded="true"]');
    await poll(() => superseded.count()).toBe(1);
    expect(await superseded.textContent()).toContain('Superseded');
    expect(await superseded.textContent()).toContain('40.00');
    expect(await superseded.locator('td').nth(5).evaluate((cell) => getComputedStyle(cell).textDecorationLine)).toBe('line-through');
    // a superseded entry is no longer correctable
    expect(await superseded.getByRole('button').count()).toBe(0);
    const corrected = ledger.getByTestId('ledger-row').filter({ hasText: 'Weighed again at the exporter' });
    expect(await corrected.textContent()).toMatch(/Transfer.*35\.00.*Correction/);
    await poll(() => stockOf(page, 'Kalahari')).toMatch(/35\.00$/);
    await poll(() => stockOf(page, 'Serowe')).toMatch(/25\.00$/);

    // the production at the suspended site was recorded in error: cancelled, with a reason
    await ledger.getByTestId('ledger-row').filter({ hasText: 'Letlhakane gravels' }).getByRole('button', { name: /^Cancel entry: Production of / }).click();
    const cancellation = page.getByTestId('correction-form');
    await cancellation.getByLabel(/^Reason for the cancellation/).fill('Recorded at the wrong site (test).');
    await cancellation.getByRole('button', { name: 'Cancel the entry' }).click();
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('The entry has been cancelled.');
    await poll(() => ledger.getByTestId('ledger-row').count()).toBe(6);
    const withdrawn = ledger.getByTestId('ledger-row').filter({ hasText: 'Letlhakane gravels' });
    expect(await withdrawn.nth(0).textContent()).toContain('Superseded');
    expect(await withdrawn.nth(1).textContent()).toMatch(/Cancellation.*Recorded at the wrong site/);
    expect(await withdrawn.nth(1).getByRole('button').count()).toBe(0);

    // the month filter: nothing last year
    await page.getByLabel('Month').fill(`${year() - 1}-06`);
    await poll(() => ledger.textContent()).toContain('No entry matches.');
    await page.getByLabel('Month').fill('');
    await poll(() => ledger.getByTestId('ledger-row').count()).toBe(6);
    await expectAccessible(page, 'chain of custody');

    // in Arabic, right to left
    await chooseLanguage(page, 'ar');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { level: 1, name: 'سلسلة الحيازة' }).waitFor();
    await poll(() => ledger.textContent()).toContain('مستبدَل');
    expect(await page.getByTestId('custody-record').getByRole('heading', { name: 'تسجيل' }).count()).toBe(1);
    await expectAccessible(page, 'chain of custody in Arabic');
  }, 240_000);

  it('the participant administrator turns internal controls on after confirming; an importing officer has no custody desk', async () => {
    const page = await openPage();
    await logIn(page, 'admin.bw@demo.test');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chain of custody' }).click();
    const status = page.getByTestId('internal-controls');
    await poll(() => status.textContent()).toContain('Internal controls are off');
    await page.getByRole('switch', { name: 'Internal controls in Kimberlite' }).click({ force: true });
    await page.getByRole('dialog', { name: 'Turn internal controls on' }).getByRole('button', { name: 'Turn on' }).click();
    await poll(() => status.textContent()).toMatch(/^Internal controls are on since /);
    expect((await call<{ enabled: boolean }>(page, 'GET', '/api/participants/BW/internal-controls')).body.enabled).toBe(true);
    await page.getByRole('switch', { name: 'Internal controls in Kimberlite' }).click({ force: true });
    await page.getByRole('dialog', { name: 'Turn internal controls off' }).getByRole('button', { name: 'Cancel' }).click();
    expect((await call<{ enabled: boolean }>(page, 'GET', '/api/participants/BW/internal-controls')).body.enabled).toBe(true);
    await page.getByRole('switch', { name: 'Internal controls in Kimberlite' }).click({ force: true });
    await page.getByRole('dialog', { name: 'Turn internal controls off' }).getByRole('button', { name: 'Turn off' }).click();
    await poll(() => status.textContent()).toContain('Internal controls are off');

    const importer = await openPage();
    await logIn(importer, 'importer.bw@demo.test');
    expect(await importer.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chain of custody' }).count()).toBe(0);
    await importer.goto('/custody');
    await importer.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  }, 120_000);

  it('on a phone without a connection, entries wait on the device, go when it returns, and a refused one waits among the conflicts until discarded', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'mines.bw@demo.test');
    const miner = await register(page, { name: 'Tati River Diggers (test)', licenceNumber: 'BW-AM-2026-0301', licenceTypes: ['artisanal_miner'] });
    const buyer = await register(page, { name: 'Francistown Rough (test)', licenceNumber: 'BW-DL-2026-0302', licenceTypes: ['dealer'] });
    const site = await license(page, { name: 'Tati River bank (test)', licenceNumber: 'BW-AS-2026-0301', holderOperatorId: miner.id });
    const production = await call(page, 'POST', '/api/participants/BW/custody/entries', {
      kind: 'production',
      occurredOn: today(),
      siteId: site.id,
      toOperatorId: miner.id,
      carats: '10.00',
      valueUsd: '0.00',
    });
    expect(production.status).toBe(201);

    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto('/custody');
    await page.getByRole('heading', { level: 1, name: 'Chain of custody' }).waitFor();
    const fitsTheScreen = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fitsTheScreen()).toBe(true);
    // the navigation sits behind the burger on a phone
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    const custodyLink = navigation.getByRole('link', { name: 'Chain of custody' });
    expect(await custodyLink.evaluate((link) => link.getBoundingClientRect().right <= 0 || link.getBoundingClientRect().left >= window.innerWidth)).toBe(true);
    await page.getByRole('button', { name: 'Show or hide navigation' }).click();
    await poll(() => custodyLink.evaluate((link) => link.getBoundingClientRect().left >= 0 && link.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    // signing out moves from the crowded header into the navigation
    expect(await navigation.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await custodyLink.click();
    await poll(() => custodyLink.evaluate((link) => link.getBoundingClientRect().right <= 0 || link.getBoundingClientRect().left >= window.innerWidth)).toBe(true);
    const form = page.getByTestId('custody-form');
    const submit = form.getByRole('button', { name: 'Record', exact: true });
    const box = (await submit.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThan(250);
    await expectAccessible(page, 'chain of custody on a phone');

    const siteOption = 'Tati River bank (test) (BW-AS-2026-0301) — Valid';
    const minerOption = 'Tati River Diggers (test) (BW-AM-2026-0301) — Valid';
    await page.context().setOffline(true);
    // away and back within the app, still offline: the form picks from the registers remembered on the device
    await page.getByRole('link', { name: 'Site register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mining site register' }).waitFor();
    await page.getByRole('link', { name: '← Back to the chain of custody' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chain of custody' }).waitFor();
    await poll(() => form.textContent()).toContain('Offline: this entry will wait on this device.');
    await fillEntry(page, { kind: 'Production', site: siteOption, to: minerOption, carats: '2' });
    await poll(() => page.getByTestId('custody-notice').textContent()).toContain('No connection: the entry is kept on this device');
    await fillEntry(page, { kind: 'Sale', site: siteOption, from: minerOption, to: 'Francistown Rough (test) (BW-DL-2026-0302) — Valid', carats: '6', value: '2400' });
    await poll(() => page.getByTestId('queue-waiting').textContent()).toBe('Waiting to send (2)');
    expect(await page.getByTestId('queue-list').locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Production, .*, 2\.00 ct, Tati River bank \(test\): Tati River Diggers \(test\)$/),
      expect.stringMatching(/^Sale, .*, 6\.00 ct, Tati River bank \(test\): Tati River Diggers \(test\) → Francistown Rough \(test\)$/),
    ]);
    expect(await fitsTheScreen()).toBe(true);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kimberlite.custody-queue') ?? '[]') as { clientRef: string }[]);
    expect(stored).toHaveLength(2);
    for (const entry of stored) expect(entry.clientRef).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(await ledgerLength(page)).toBeGreaterThan(0);

    // meanwhile, in the office, 8 ct of the miner's 10 are sold: the queued sale of 6 can no longer be backed
    const office = await openPage();
    await logIn(office, 'exporter.bw@demo.test');
    const competing = await call(office, 'POST', '/api/participants/BW/custody/entries', {
      kind: 'sale',
      occurredOn: today(),
      siteId: site.id,
      fromOperatorId: miner.id,
      toOperatorId: buyer.id,
      carats: '8.00',
      valueUsd: '3200.00',
    });
    expect(competing.status).toBe(201);

    await page.context().setOffline(false);
    // sent on the `online` event, or by the retry a few seconds later if the first attempt came too early
    await expect.poll(() => page.getByTestId('queue-waiting').textContent(), { timeout: 20_000 }).toBe('Waiting to send (0)');
    const conflicts = page.getByTestId('queue-conflicts');
    await poll(() => conflicts.getByTestId('conflict').count()).toBe(1);
    expect(await conflicts.getByTestId('conflict-message').textContent()).toMatch(/^Refused: Tati River Diggers \(test\) \(BW-AM-2026-0301\) would hold 2\.00 ct too few from the site Tati River bank \(test\)/);
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('Sent: 1. Refused: 1.');
    await poll(() => stockOf(page, 'Tati River Diggers')).toMatch(/4\.00$/);
    const entries = (await call<{ kind: string; carats: string; siteId: string }[]>(page, 'GET', '/api/participants/BW/custody/entries')).body.filter((entry) => entry.siteId === site.id);
    expect(entries.map((entry) => `${entry.kind} ${entry.carats}`)).toEqual(['production 10.00', 'sale 8.00', 'production 2.00']);

    // resent with figures still above stock: refused again, and the conflict stays
    await conflicts.getByRole('button', { name: 'Edit and resend' }).click();
    const resend = page.getByTestId('conflict-form');
    expect(await resend.getByLabel(/^Carats/).inputValue()).toBe('6.00');
    await resend.getByLabel(/^Carats/).fill('5');
    await resend.getByRole('button', { name: 'Resend' }).click();
    await poll(() => resend.getByRole('alert').textContent()).toContain('would hold 1.00 ct too few');
    await resend.getByRole('button', { name: 'Cancel' }).click();
    expect(await conflicts.getByTestId('conflict').count()).toBe(1);
    expect(await fitsTheScreen()).toBe(true);

    // the conflict survives a reload; it goes only when the official discards it
    await page.reload();
    await poll(() => page.getByTestId('queue-conflicts').getByTestId('conflict').count()).toBe(1);
    await page.getByTestId('queue-conflicts').getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('dialog', { name: 'Discard the entry' }).getByRole('button', { name: 'Discard' }).click();
    await poll(() => page.getByTestId('custody-notice').textContent()).toBe('The entry was discarded.');
    expect(await page.getByTestId('queue-conflicts').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('kimberlite.custody-queue'))).toBe('[]');
  }, 240_000);
});

/**
 * The statistics anomaly workflow in real browsers: Botswana certifies 20,000 ct to China, which
 * confirms receiving only 10,000 ct (a mirror-statistics gap far beyond the 5 % tolerance and the
 * 100 ct floor). The WGS runs the checks and finds the case on the dashboard; Botswana's
 * statistics officer sees only Botswana's cases and answers in French; the WGS escalates the case
 * to the WGM, then closes it as explained; the history shows each step. Another participant's
 * officer gets "not found", an observer has no anomalies page at all; the pages pass axe, in
 * Arabic (right to left) too.
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });

/** BW → CN, 20,000 ct certified, 10,000 ct confirmed on arrival: no demo lane runs BW → CN, so the gap is this shipment's alone. */
async function seedMirrorGap(): Promise<string> {
  const exporter = await openPage();
  await logIn(exporter, 'exporter.bw@demo.test');
  const operators = (await (await exporter.request.get('/api/participants/BW/operators')).json()) as { id: string; licenceNumber: string }[];
  const kalahari = operators.find((row) => row.licenceNumber === 'BW-DL-2024-0117');
  expect(kalahari).toBeDefined();
  const issued = await exporter.request.post('/api/certificates', {
    headers: { 'idempotency-key': `browser-anomaly-${Date.now()}` },
    data: {
      importingParticipant: 'CN',
      exporterId: kalahari!.id,
      importer: { name: 'Shanghai Rough Trading (demo)', address: 'Shanghai Diamond Exchange', licence: 'CN-SDE-2024-0042' },
      originCountries: ['BW'],
      parcels: [{ hsCode: '7102.31', carats: '20000.00', valueUsd: '3000000.00' }],
    },
  });
  expect(issued.status()).toBe(201);
  const { number } = (await issued.json()) as { number: string };

  const importer = await openPage();
  await logIn(importer, 'importer.cn@demo.test');
  const receipt = await importer.request.post(`/api/certificates/${number}/receipt`, {
    data: {
      receivedOn: new Date().toISOString().slice(0, 10),
      parcelCount: 1,
      carats: '10000.00',
      importerName: 'Shanghai Rough Trading (demo)',
      exporterName: 'Kalahari (demo)',
      sealIntact: true,
    },
  });
  expect(receipt.status()).toBe(201);
  return number;
}

let caseUrl = '';

describe('anomaly cases', () => {
  it('the WGS runs the checks, sees the case counted on the dashboard and opens it', async () => {
    await seedMirrorGap();
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'wgs@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Anomalies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anomaly cases' }).waitFor();
    await page.getByTestId('anomalies-table').waitFor();

    await page.getByRole('button', { name: 'Run anomaly checks' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Checks run on' });
    await result.waitFor();
    const mirrorRun = result.getByRole('row', { name: /Mirror statistics/ });
    const [flagged, created] = (await mirrorRun.getByRole('cell').allTextContents()).map(Number);
    expect(flagged).toBeGreaterThanOrEqual(1);
    expect(created).toBeGreaterThanOrEqual(1);

    // the counts are the server's cases: every one open after a first run
    const all = (await (await page.request.get('/api/anomalies/cases')).json()).items as { id: string; rule: string; participantCode: string; partnerCode: string | null; status: string }[];
    const ours = all.find((item) => item.rule === 'mirror' && item.participantCode === 'BW' && item.partnerCode === 'CN');
    expect(ours).toBeDefined();
    await poll(() => page.getByTestId('count-open').getByTestId('count').textContent()).toBe(String(all.filter((item) => item.status === 'open').length));
    const botswana = page.getByTestId('anomalies-participants-table').getByRole('row', { name: /Botswana/ });
    expect(Number((await botswana.getByRole('cell').nth(1).textContent()) ?? '0')).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('anomalies-by-rule').getByRole('row', { name: /Mirror statistics/ }).getByRole('cell').first().textContent()).not.toBe('0');
    await expectAccessible(page, 'anomaly dashboard');

    // filters narrow the list to Botswana's mirror cases
    await page.getByLabel('Rule', { exact: true }).selectOption('mirror');
    await page.getByLabel('Participant', { exact: true }).selectOption('BW');
    await poll(() => new URL(page.url()).search).toContain('participant=BW');
    const row = page.getByTestId('anomalies-table').getByRole('row', { name: /China/ });
    await row.getByRole('link', { name: 'Mirror statistics' }).click();
    await page.waitForURL(new RegExp(`/anomalies/${ours!.id}$`));
    caseUrl = `/anomalies/${ours!.id}`;

    await page.getByRole('heading', { level: 1, name: /^Mirror statistics: Botswana, / }).waitFor();
    const summary = page.getByTestId('anomaly-summary');
    expect(await summary.textContent()).toContain('China');
    expect(await page.getByTestId('anomaly-explanation').textContent()).toContain('confirmed receiving');
    const carats = page.getByTestId('evidence-mirror-table').getByRole('row', { name: /Carats/ });
    const caratCells = await carats.getByRole('cell').allTextContents();
    // certified, confirmed, difference: the demo's other BW → CN trade (none) cannot blur the figures
    expect(caratCells).toEqual(['20,000.00', '10,000.00', '10,000.00']);
    expect(await carats.textContent()).toContain('Flagged');
    await poll(() => page.getByTestId('anomaly-history').textContent()).toContain('Raised by the anomaly checks');
    expect(await page.getByTestId('anomaly-answer').count()).toBe(0);
    await page.getByTestId('anomaly-decision').waitFor();
    await expectAccessible(page, 'anomaly case (WGS)');

    // right to left, in Arabic
    await chooseLanguage(page, 'ar');
    await page.getByRole('heading', { level: 2, name: 'الأرقام التي تستند إليها الحالة' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectAccessible(page, 'anomaly case (ar)');
    await page.goto('/anomalies');
    await page.getByRole('heading', { level: 1, name: 'حالات الشذوذ' }).waitFor();
    await page.getByTestId('anomalies-table').waitFor();
    await expectAccessible(page, 'anomaly dashboard (ar)');
    await page.screenshot({ path: '/tmp/kimberlite-anomalies-ar.png', fullPage: true });
    await chooseLanguage(page, 'en');
  }, 180_000);

  it('Botswana’s statistics officer sees only Botswana’s cases and answers in French', async () => {
    expect(caseUrl).not.toBe('');
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'stats.bw@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Anomalies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anomaly cases' }).waitFor();
    const awaiting = page.getByTestId('anomalies-awaiting-table');
    await awaiting.waitFor();
    const own = (await (await page.request.get('/api/anomalies/cases')).json()).items as { participantCode: string; status: string }[];
    expect(own.length).toBeGreaterThanOrEqual(1);
    expect(own.every((item) => item.participantCode === 'BW')).toBe(true);
    // no dashboard across participants, no participant filter, no run button
    expect(await page.getByTestId('anomalies-by-participant').count()).toBe(0);
    expect(await page.getByLabel('Participant', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run anomaly checks' }).count()).toBe(0);
    expect(await page.getByTestId('anomalies-table').getByRole('row').count()).toBe(Math.min(own.length, 50) + 1);
    await expectAccessible(page, 'anomaly cases (participant)');

    await awaiting.getByRole('row', { name: /China/ }).getByRole('link', { name: 'Mirror statistics' }).click();
    await page.waitForURL(new RegExp(`${caseUrl}$`));
    const form = page.getByTestId('anomaly-answer');
    await form.waitFor();
    expect(await page.getByTestId('anomaly-decision').count()).toBe(0);
    const language = form.getByLabel('Language of the answer');
    expect(await language.inputValue()).toBe('en');
    await form.getByRole('button', { name: 'Send the answer' }).click();
    await poll(() => form.getByText('This field is required.').count()).toBe(1);
    await language.selectOption('fr');
    const answer = 'Le solde de 10 000 carats a été expédié par un second envoi, confirmé en janvier (test).';
    await form.getByLabel(/^Your answer/).fill(answer);
    await expectAccessible(page, 'anomaly answer form');
    await form.getByRole('button', { name: 'Send the answer' }).click();

    await poll(() => page.getByRole('status').filter({ hasText: 'The answer has been sent.' }).count()).toBe(1);
    await poll(() => page.getByTestId('anomaly-summary').textContent()).toContain('Answered');
    const answered = page.getByTestId('event-answered');
    expect(await answered.textContent()).toContain('Answered (in French)');
    expect(await answered.textContent()).toContain('stats.bw@demo.test');
    expect(await answered.getByText(answer).getAttribute('lang')).toBe('fr');
  }, 180_000);

  it('the WGS escalates the case to the WGM and closes it as explained; the history shows each step', async () => {
    expect(caseUrl).not.toBe('');
    const page = await openPage();
    await logIn(page, 'wgs@demo.test');
    await page.goto(caseUrl);
    const decision = page.getByTestId('anomaly-decision');
    await decision.waitFor();
    expect(await page.getByTestId('anomaly-summary').textContent()).toContain('Answered');

    await decision.getByRole('button', { name: 'Escalate to the WGM' }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate the case to the WGM' });
    await escalate.getByLabel(/^Note/).fill('Second shipment not on the register: WGM to follow up (test).');
    await escalate.getByRole('button', { name: 'Escalate to the WGM' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'The case has been escalated to the WGM.' }).count()).toBe(1);
    await poll(() => page.getByTestId('anomaly-summary').textContent()).toContain('Escalated');
    expect(await decision.getByRole('button', { name: 'Escalate to the WGM' }).count()).toBe(0);

    await decision.getByRole('button', { name: 'Close as explained' }).click();
    const close = page.getByRole('dialog', { name: 'Close the case as explained' });
    await close.getByLabel(/^Note/).fill('Second certificate located; figures reconciled (test).');
    await close.getByRole('button', { name: 'Close as explained' }).click();
    await poll(() => page.getByTestId('anomaly-summary').textContent()).toContain('Closed (explained)');
    expect(await page.getByTestId('anomaly-decision').count()).toBe(0);

    // after a reload too: created, answered, escalated, closed, in that order, with the notes
    await page.reload();
    const history = page.getByTestId('anomaly-history');
    await poll(() => history.locator('li').count()).toBe(4);
    const steps = await history.locator('li').allTextContents();
    expect(steps[0]).toContain('Raised by the anomaly checks');
    expect(steps[1]).toContain('Answered (in French)');
    expect(steps[1]).toContain('Le solde de 10 000 carats');
    expect(steps[2]).toContain('Escalated to the WGM');
    expect(steps[2]).toContain('WGM to follow up');
    expect(steps[3]).toContain('Closed as explained');
    expect(steps[3]).toContain('figures reconciled');

    // the participant may no longer answer a closed case
    const officer = await openPage();
    await logIn(officer, 'stats.bw@demo.test');
    await officer.goto(caseUrl);
    await poll(() => officer.getByTestId('anomaly-summary').textContent()).toContain('Closed (explained)');
    expect(await officer.getByTestId('anomaly-answer').count()).toBe(0);
  }, 180_000);

  it('another participant’s officer cannot open the case, and an observer has no anomalies page', async () => {
    expect(caseUrl).not.toBe('');
    const other = await openPage();
    await logIn(other, 'stats.za@demo.test');
    expect(await other.getByRole('navigation').getByRole('link', { name: 'Anomalies' }).count()).toBe(1);
    await other.goto(caseUrl);
    await other.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await other.getByTestId('anomaly-summary').count()).toBe(0);
    expect((await other.request.get(`/api/anomalies/cases${caseUrl.slice('/anomalies'.length)}`)).status()).toBe(404);

    const observer = await openPage();
    await logIn(observer, 'observer.wdc@demo.test');
    expect(await observer.getByRole('navigation').getByRole('link', { name: 'Anomalies' }).count()).toBe(0);
    await observer.goto('/anomalies');
    await observer.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  }, 180_000);
});

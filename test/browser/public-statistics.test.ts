/**
 * The public statistics in a real browser, without signing in: the demo server imports the real
 * KP production 2003–2024 at start. Needs `npm run build:web` first and Chromium.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });

describe('public statistics', () => {
  it('shows the 2019 world production, a chart, downloads, a participant and rankings, in English and Arabic, to a visitor', async () => {
    const page = await openPage({ bypassCSP: true });
    await page.goto('/login');
    await page.getByRole('link', { name: /Public KP statistics/ }).click();
    await page.waitForURL('**/statistics');
    await page.getByRole('heading', { level: 1, name: 'Annual global summary' }).waitFor();

    await page.getByLabel('Year', { exact: true }).selectOption('2019');
    await page.getByRole('heading', { level: 2, name: 'Summary for 2019' }).waitFor();
    await poll(() => page.getByTestId('summary-production').textContent()).toContain('138,139,370.49');
    expect(await page.getByTestId('series-table').getByRole('row', { name: /^2019/ }).textContent()).toContain('138,139,370.49');
    const chart = page.getByRole('img', { name: /world production/ });
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toMatch(/2003 to \d{4}/);

    const href = await page.getByTestId('download-summary-csv').getAttribute('href');
    expect(href).toContain('format=csv');
    const csv = await page.evaluate(async (url) => {
      const response = await fetch(url!);
      return { type: response.headers.get('content-type'), text: await response.text() };
    }, href);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    const cells = Object.fromEntries(header.split(',').map((name, index) => [name, row.split(',')[index]]));
    expect(cells.year).toBe('2019');
    expect(cells['production.carats']).toBe('138139370.49');
    expect(await page.getByTestId('download-summary-xlsx').getAttribute('href')).toContain('format=xlsx');
    await expectAccessible(page, 'global statistics');

    await page.getByRole('navigation', { name: 'Statistics navigation' }).getByRole('link', { name: 'Rankings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rankings' }).waitFor();
    await page.getByLabel('Year', { exact: true }).selectOption('2019');
    await poll(() => page.getByTestId('rankings-table').textContent()).toContain('Botswana');
    // the default year (the latest) also ranks Botswana: wait for the 2019 chart itself
    await poll(() => page.getByRole('img', { name: /largest participants by Production \(carats\) in 2019/ }).locator('canvas').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'rankings');

    await page.getByTestId('rankings-table').getByRole('link', { name: 'Botswana' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistics of Botswana' }).waitFor();
    expect(page.url()).toContain('/statistics/participants/BW?year=2019');
    await poll(() => page.getByTestId('production-table').textContent()).toContain('2019, first half');
    expect(await page.getByRole('img', { name: /production of Botswana in 2019/ }).locator('canvas').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'participant statistics');

    await chooseLanguage(page, 'ar');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { level: 1, name: 'إحصاءات بوتسوانا' }).waitFor();
    await expectAccessible(page, 'participant statistics in Arabic');
    await page.getByRole('navigation', { name: 'التنقل في الإحصاءات' }).getByRole('link', { name: 'الملخص العالمي السنوي' }).click();
    await page.getByRole('heading', { level: 1, name: 'الملخص العالمي السنوي' }).waitFor();
    await page.getByLabel('السنة', { exact: true }).selectOption('2019');
    await poll(() => page.getByTestId('summary-production').textContent()).toContain('138');
    await expectAccessible(page, 'global statistics in Arabic');
    // the staff sign-in is one link away
    expect(await page.getByRole('link', { name: 'دخول الموظفين' }).getAttribute('href')).toBe('/login');
  });
  it('publishes the participants that did not send their production return by the deadline, with downloads', async () => {
    const page = await openPage({ bypassCSP: true });
    await page.goto('/statistics');
    await page.getByRole('navigation', { name: 'Statistics navigation' }).getByRole('link', { name: 'Returns not submitted' }).click();
    await page.getByRole('heading', { level: 1, name: 'Production returns not submitted' }).waitFor();
    await page.getByLabel('Year', { exact: true }).selectOption('2025');
    await page.getByLabel('Half-year', { exact: true }).selectOption('2');
    expect(page.url()).toContain('year=2025&half=2');
    // the demo leaves some 2025 second-half returns out; the page lists exactly those the public API lists
    const listed = await page.evaluate(async () => (await (await fetch('/api/production/missing?year=2025&half=2&lang=en')).json()) as { deadline: string; missing: { name: string; returnedLateOn: string | null }[] });
    expect(listed.missing.length).toBeGreaterThan(0);
    const table = page.getByTestId('missing-table');
    await poll(() => table.getByRole('row').count()).toBe(listed.missing.length + 1);
    for (const entry of listed.missing) {
      expect(await table.getByRole('row', { name: new RegExp(entry.name) }).textContent()).toContain(entry.returnedLateOn ? 'Received late' : 'Not received');
    }
    await page.getByTestId('missing-deadline').getByText(/Deadline for returns/).waitFor();
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), await page.getByTestId('download-missing-csv').getAttribute('href'));
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('year,half,deadline,participantCode,name,returnedLateOn');
    expect(lines).toHaveLength(listed.missing.length + 1);
    await expectAccessible(page, 'missing returns');

    // a half-year whose deadline has not passed publishes no list yet
    await page.getByLabel('Year', { exact: true }).selectOption(String(new Date().getUTCFullYear()));
    await page.getByTestId('missing-not-yet').waitFor();
  });
});

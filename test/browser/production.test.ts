/**
 * Production returns and the statistics import in a real browser against the demo server (the
 * real KP file to 2024, synthetic returns for 2025 H1 to 2026 H1 with South Africa's 2025 H2
 * left out). Needs `npm run build:web` first and Chromium.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });

/** What the public production route says for a participant's year, read in the page's session. */
async function returnsOf(page: Page, code: string, year: number) {
  return page.evaluate(
    async ({ code, year }) => (await (await fetch(`/api/participants/${code}/production?year=${year}`)).json()).returns as { half: number; version: number; source: string; carats: string }[],
    { code, year },
  );
}

describe('production returns', () => {
  it('a statistics officer returns a missing half-year, corrects it, and sees version 2 in force with version 1 in the history', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'stats.za@demo.test');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Production', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Production returns' }).waitFor();
    expect(await page.getByTestId('production-participant').textContent()).toBe('South Africa');

    await page.getByRole('search').getByLabel('Year').selectOption('2025');
    const second = page.getByTestId('production-H2');
    await second.getByRole('heading', { name: '2025, second half' }).waitFor();
    await poll(() => second.getByTestId('return-state').first().textContent()).toBe('Missing');
    // the synthetic first half is in force, marked as demo figures
    await poll(() => page.getByTestId('production-H1').getByTestId('production-history').textContent()).toContain('Synthetic demo figures');
    await poll(() => page.getByTestId('missing-table-H2').textContent()).toContain('South Africa');
    await expectAccessible(page, 'production returns');

    const form = page.getByTestId('production-form');
    await form.getByLabel(/^Year/).fill('2025');
    await form.getByLabel(/^Half-year/).selectOption('2');
    await poll(() => form.getByTestId('production-form-mode').textContent()).toContain('this will be version 1');
    await form.getByLabel(/^Carats/).fill('1500000.5');
    await form.getByLabel(/^Value \(US\$\)/).fill('-10');
    await form.getByLabel(/^Industrial \/ kimberlite: carats/).fill('1500000.50');
    await form.getByLabel(/^Industrial \/ kimberlite: US\$/).fill('190000000');
    await form.getByRole('button', { name: 'Submit the return' }).click();
    // checked in the browser: nothing was sent
    await poll(() => form.getByLabel(/^Value \(US\$\)/).getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('Cannot be negative.');
    await form.getByLabel(/^Value \(US\$\)/).fill('180000000');
    await form.getByRole('button', { name: 'Submit the return' }).click();
    await poll(() => form.getByRole('alert').textContent()).toContain('A part cannot be larger than the total.');
    expect(await returnsOf(page, 'ZA', 2025)).toHaveLength(1);
    await form.getByLabel(/^Industrial \/ kimberlite: US\$/).fill('180000000.00');
    await form.getByRole('button', { name: 'Submit the return' }).click();

    await poll(() => page.getByTestId('production-saved').textContent()).toBe('Version 1 of the return for 2025, second half is now in force.');
    await poll(() => second.getByTestId('version-in-force').textContent()).toBe('1');
    // returned after the deadline: late, and the missing list says so too
    await poll(() => second.getByTestId('return-state').first().textContent()).toMatch(/^Returned late, on /);
    await poll(() => page.getByTestId('missing-table-H2').textContent()).toMatch(/South Africa\s*Returned late/);

    await second.getByRole('button', { name: 'Correct this return' }).click();
    await poll(() => form.getByTestId('production-form-mode').textContent()).toContain('this correction will be version 2');
    expect(await form.getByLabel(/^Carats/).inputValue()).toBe('1500000.50');
    await form.getByLabel(/^Carats/).fill('1650000.00');
    await form.getByLabel(/^Industrial \/ kimberlite: carats/).fill('1650000');
    await form.getByRole('button', { name: 'Submit the correction' }).click();
    await poll(() => form.getByLabel(/^Note/).getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('A return is already in force: say why the figures change.');
    await form.getByLabel(/^Note/).fill('Run-of-mine tonnage from the Venetia underground was reconciled (test).');
    await form.getByRole('button', { name: 'Submit the correction' }).click();

    await poll(() => page.getByTestId('production-saved').textContent()).toBe('Version 2 of the return for 2025, second half is now in force.');
    await poll(() => second.getByTestId('version-in-force').textContent()).toBe('2');
    expect(await second.getByTestId('production-in-force').textContent()).toContain('1,650,000.00');
    const history = second.getByTestId('production-history');
    await poll(() => history.locator('tbody tr').count()).toBe(2);
    const rows = await history.locator('tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^2\s*In force/);
    expect(rows[0]).toContain('stats.za@demo.test');
    expect(rows[0]).toContain('Venetia underground was reconciled');
    expect(rows[1]).toMatch(/^1/);
    expect(rows[1]).toContain('1,500,000.50');
    expect(await returnsOf(page, 'ZA', 2025)).toMatchObject([{ half: 1 }, { half: 2, version: 2, carats: '1650000.00', source: 'submission' }]);

    await chooseLanguage(page, 'ar');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { level: 1, name: 'إقرارات الإنتاج' }).waitFor();
    await poll(() => page.getByTestId('production-H2').getByTestId('version-in-force').textContent()).toMatch(/^(2|٢)$/);
    await expectAccessible(page, 'production returns in Arabic');
  });

  it("another participant's statistics officer works on its own participant only and cannot return for South Africa", async () => {
    const page = await openPage();
    await logIn(page, 'stats.bw@demo.test');
    await page.goto('/production?participant=ZA&year=2025');
    await page.getByRole('heading', { level: 1, name: 'Production returns' }).waitFor();
    expect(await page.getByTestId('production-participant').textContent()).toBe('Botswana');
    expect(await page.getByRole('combobox', { name: 'Participant' }).count()).toBe(0);

    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/participants/ZA/production', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ year: 2025, half: 2, reportType: 'production', carats: '1.00', valueUsd: '1.00', note: 'not ours (test)' }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('the WGS checks a file with a malformed row (line number, nothing stored), then imports a good file', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'wgs@demo.test');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Statistics import' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import production statistics' }).waitFor();
    expect(await returnsOf(page, 'US', 2025)).toEqual([]);

    const header = 'year,half,participant,iso2,report_type,production_type,carats,usd';
    const good = [header, '2025,1,United States,US,No Production,,0.00,0.00', '2025,2,United States,US,No Production,,0.00,0.00'];
    const bad = [...good, '2025,2,Botswana,BW,Production,LSM,12x5,1000.00'];
    const file = page.getByLabel('Statistics file');
    await file.setInputFiles({ name: 'wgs-2025-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const errorRows = await errors.locator('tbody tr').allTextContents();
    expect(errorRows).toHaveLength(1);
    expect(errorRows[0]).toMatch(/^4\s*carats\s*12x5\s*Not a number with up to two decimals\./);
    expect(await page.getByTestId('import-refused').getByRole('alert').textContent()).toContain('wgs-2025-bad.csv');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await expectAccessible(page, 'statistics import with row errors');
    expect(await returnsOf(page, 'US', 2025)).toEqual([]);

    await file.setInputFiles({ name: 'wgs-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(good.join('\n')) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const checked = page.getByTestId('import-checked');
    await poll(() => checked.textContent()).toContain('wgs-2025.csv is ready to import');
    expect(await checked.textContent()).toMatch(/Would be stored\s*2/);
    expect(await returnsOf(page, 'US', 2025)).toEqual([]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await poll(() => page.getByTestId('import-done').textContent()).toContain('Returns stored from wgs-2025.csv: 2.');
    expect(await returnsOf(page, 'US', 2025)).toMatchObject([
      { half: 1, version: 1, source: 'import' },
      { half: 2, version: 1, source: 'import' },
    ]);

    // a workbook goes as base64 and is checked the same way
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('production');
    sheet.addRow(header.split(','));
    sheet.addRow([2025, 1, 'European Union', 'EU', 'No Production', '', 0, 0]);
    sheet.addRow([2025, 1, 'United States', 'US', 'No Production', '', 0, 0]);
    await file.setInputFiles({ name: 'wgs-2025.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await poll(() => checked.textContent()).toContain('wgs-2025.xlsx is ready to import');
    expect(await checked.textContent()).toMatch(/Would be stored\s*1/);
    expect(await checked.textContent()).toMatch(/Unchanged, skipped\s*1/);
  });
});

/**
 * Annual reports in real browsers (KPCS Section VI §11), the server's clock on 20 April 2026,
 * after the 31 March deadline for 2025: Canada's administrator drafts the 2025 report, is
 * refused while a section is empty, attaches the certificate specimen and submits (late); the
 * WGM sees Canada filed late and Botswana missing, and asks a question; Canada answers; the
 * public list shows Canada as filed, without signing in; the dashboard in Arabic.
 *
 * Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

// The session cookie expires by the server's clock, set months back: it must outlast the real date.
const { openPage, deps } = browserSuite({ config: { sessionTtlMinutes: 2 * 365 * 24 * 60, demoGovernance: false } });

/** Moves the server's clock so that it reads `target` now, and keeps it running from there. */
function serverClockAt(target: Date) {
  const offset = target.getTime() - Date.now();
  deps().now = () => new Date(Date.now() + offset);
}

async function openDashboard(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Annual reports' }).click();
  await page.getByRole('heading', { level: 1, name: 'Annual reports' }).waitFor();
  await page.getByLabel('Year', { exact: true }).selectOption('2025');
  await poll(() => page.getByTestId('due-on').textContent()).toBe('Reports for 2025 are due on Mar 31, 2026.');
}

const SECTIONS: [string, string][] = [
  ['authorities', 'Designated authorities'],
  ['legislation', 'Legislation and regulations'],
  ['import_export_regime', 'Import and export regime'],
  ['internal_controls', 'Internal controls'],
  ['statistics', 'Statistics'],
  ['enforcement', 'Enforcement'],
  ['industry_self_regulation', 'Industry self-regulation'],
  ['artisanal_production', 'Artisanal and alluvial production'],
];
const field = (page: Page, section: string, part: 'A' | 'B') => page.getByLabel(new RegExp(`^${section} \\(Part ${part}\\)`));

describe('annual reports', () => {
  it('Canada files its 2025 report late with an attachment; the WGM asks, Canada answers; the public sees it filed', async () => {
    serverClockAt(new Date('2026-04-20T10:00:00Z'));

    // Canada's administrator opens its own report from the dashboard
    const canada = await openPage({ bypassCSP: true });
    await logIn(canada, 'admin.ca@demo.test');
    await openDashboard(canada);
    const ownRows = canada.getByTestId('annual-reports-table').locator('tbody tr');
    await poll(() => ownRows.count()).toBe(1);
    expect(await ownRows.textContent()).toContain('Canada');
    expect(await canada.getByTestId('count-owed').count()).toBe(0); // the counts are the reviewers'
    await canada.getByRole('link', { name: 'Write the 2025 report' }).click();
    await canada.getByRole('heading', { level: 1, name: 'Annual report 2025 — Canada' }).waitFor();
    expect(await canada.getByTestId('report-summary').getByTestId('report-status').textContent()).toBe('Not started');
    // Part A starts from the register's designated authorities; Part B is blank
    expect(await field(canada, 'Designated authorities', 'A').inputValue()).not.toBe('');
    expect(await field(canada, 'Designated authorities', 'B').inputValue()).toBe('');
    expect(await canada.getByTestId('figures-note').textContent()).toContain('live until submission');
    expect(await canada.getByTestId('report-figures').textContent()).toContain('2025, first half');

    // every section answered but one
    for (const [key, label] of SECTIONS) {
      if (key !== 'authorities') await field(canada, label, 'A').fill(`Canada baseline: ${key} (test)`);
      if (key !== 'enforcement') await field(canada, label, 'B').fill(key === 'legislation' ? 'Amended regulations in force from 1 July 2025 (test).' : 'No change.');
    }
    await canada.getByRole('button', { name: 'Save draft' }).click();
    await poll(() => canada.getByTestId('report-notice').textContent()).toBe('The draft has been saved.');
    expect(await canada.getByTestId('report-summary').getByTestId('report-status').textContent()).toBe('Draft');
    await expectAccessible(canada, 'annual report draft');

    // the certificate specimen, attached to the import and export regime
    const specimen = Buffer.from('%PDF-1.4 specimen of the Canadian KP certificate (test)');
    const attach = canada.getByTestId('attach-form');
    await attach.getByLabel('Section', { exact: true }).selectOption('import_export_regime');
    await attach.locator('input[type=file][name=file]').setInputFiles({ name: 'certificate-specimen.pdf', mimeType: 'application/pdf', buffer: specimen });
    await attach.getByRole('button', { name: 'Attach', exact: true }).click();
    await poll(() => canada.getByTestId('report-notice').textContent()).toBe('The file has been attached.');
    const files = canada.getByTestId('report-files');
    const fileRow = files.locator('tbody tr');
    expect(await fileRow.count()).toBe(1);
    expect(await fileRow.textContent()).toContain('Import and export regime');
    expect(await fileRow.getByTestId('file-sha256').textContent()).toBe(createHash('sha256').update(specimen).digest('hex'));
    const href = await fileRow.getByRole('link', { name: 'certificate-specimen.pdf' }).getAttribute('href');
    const download = await canada.request.get(href!);
    expect(Buffer.from(await download.body()).equals(specimen)).toBe(true);
    // what was typed is still there after the attachment
    expect(await field(canada, 'Legislation and regulations', 'B').inputValue()).toBe('Amended regulations in force from 1 July 2025 (test).');

    // submitting with an empty section: the server's refusal, the section marked
    await canada.getByRole('button', { name: 'Submit the report' }).click();
    let dialog = canada.getByRole('dialog', { name: 'Submit the annual report for 2025?' });
    await dialog.getByRole('button', { name: 'Submit the report' }).click();
    await poll(() => canada.getByTestId('submit-error').count()).toBe(1);
    expect(await canada.getByRole('dialog').count()).toBe(0);
    expect(await canada.getByTestId('submit-error').getByRole('alert').textContent()).toContain('1 section(s) of the report are still empty');
    expect(await canada.getByTestId('missing-sections').textContent()).toBe('Part B — Changes since the last report — Enforcement');
    const enforcement = field(canada, 'Enforcement', 'B');
    expect(await enforcement.getAttribute('aria-invalid')).toBe('true');
    expect(await canada.getByTestId('report-summary').getByTestId('report-status').textContent()).toBe('Draft');

    await enforcement.fill('No change.');
    expect(await enforcement.getAttribute('aria-invalid')).not.toBe('true');
    await canada.getByRole('button', { name: 'Submit the report' }).click();
    dialog = canada.getByRole('dialog', { name: 'Submit the annual report for 2025?' });
    await dialog.getByRole('button', { name: 'Submit the report' }).click();
    await poll(() => canada.getByTestId('report-notice').textContent()).toBe('The report has been submitted.');
    const summary = canada.getByTestId('report-summary');
    expect(await summary.getByTestId('report-status').textContent()).toBe('Submitted');
    expect(await summary.getByTestId('late-flag').textContent()).toBe('Submitted late');
    expect(await canada.getByTestId('report-form').count()).toBe(0);
    expect(await canada.getByTestId('answer-partB.legislation').textContent()).toBe('Amended regulations in force from 1 July 2025 (test).');
    expect(await canada.getByTestId('figures-note').textContent()).toContain('Frozen into the report');
    expect(await canada.getByTestId('attach-form').count()).toBe(0);
    await expectAccessible(canada, 'submitted annual report');

    // the WGM's dashboard: Canada filed late, Botswana missing, no open question
    const wgm = await openPage({ bypassCSP: true });
    await logIn(wgm, 'wgm@demo.test');
    await openDashboard(wgm);
    const table = wgm.getByTestId('annual-reports-table');
    const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}\\b`) });
    await poll(() => row('Canada').getByTestId('report-status').textContent()).toBe('Submitted');
    expect(await row('Canada').getByTestId('late-flag').textContent()).toBe('Submitted late');
    expect(await row('Botswana').getByTestId('report-status').textContent()).toBe('Not started');
    expect(await row('Botswana').getByTestId('late-flag').textContent()).toBe('Late — not submitted');
    const owed = Number(await wgm.getByTestId('count-owed').textContent());
    expect(owed).toBeGreaterThan(1);
    expect(await table.locator('tbody tr').count()).toBe(owed);
    expect(await wgm.getByTestId('count-submitted').textContent()).toBe('1');
    expect(await wgm.getByTestId('count-submittedLate').textContent()).toBe('1');
    expect(await wgm.getByTestId('count-missing').textContent()).toBe(String(owed - 1));
    expect(await wgm.getByTestId('count-withOpenQuestions').textContent()).toBe('0');
    await wgm.getByLabel('With open questions').check();
    await poll(() => table.textContent()).toContain('No report matches the filters.');
    await wgm.getByLabel('With open questions').uncheck();

    // the WGM asks Canada a question
    await row('Canada').getByRole('link', { name: 'Canada' }).click();
    await wgm.getByRole('heading', { level: 1, name: 'Annual report 2025 — Canada' }).waitFor();
    expect(await wgm.getByTestId('report-form').count()).toBe(0);
    await wgm.getByLabel(/^Question to the participant/).fill('Why did exports fall in the second half? (test)');
    await wgm.getByRole('button', { name: 'Ask the question' }).click();
    await poll(() => wgm.getByTestId('report-notice').textContent()).toBe('Your question has been sent.');
    expect(await wgm.getByTestId('question-open').textContent()).toContain('Why did exports fall in the second half? (test)');
    expect(await wgm.getByTestId('open-count').textContent()).toBe('Open questions: 1');
    await expectAccessible(wgm, 'annual report with an open question');

    await wgm.getByRole('link', { name: 'Back to annual reports' }).click();
    await poll(() => wgm.getByTestId('count-withOpenQuestions').textContent()).toBe('1');
    expect(await row('Canada').getByTestId('open-questions').textContent()).toBe('1');
    await wgm.getByLabel('With open questions').check();
    await poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').textContent()).toContain('Canada');

    // Canada's administrator answers
    await canada.reload();
    const question = canada.getByTestId('question-open');
    await question.waitFor();
    await question.getByLabel(/^Your answer/).fill('A mine was closed for maintenance (test).');
    await question.getByRole('button', { name: 'Send the answer' }).click();
    await poll(() => canada.getByTestId('report-notice').textContent()).toBe('Your answer has been sent.');
    expect(await canada.getByTestId('question-open').count()).toBe(0);
    expect(await canada.getByTestId('question-answered').getByTestId('answer').textContent()).toContain('A mine was closed for maintenance (test).');

    // Canada's statistics officer reads the report and the review, and writes nothing
    const officer = await openPage();
    await logIn(officer, 'stats.ca@demo.test');
    await openDashboard(officer);
    await officer.getByRole('link', { name: 'Open the 2025 report' }).click();
    await officer.getByRole('heading', { level: 1, name: 'Annual report 2025 — Canada' }).waitFor();
    await poll(() => officer.getByTestId('question-answered').count()).toBe(1);
    expect(await officer.getByTestId('answer-partA.legislation').textContent()).toBe('Canada baseline: legislation (test)');
    expect(await officer.getByTestId('report-form').count()).toBe(0);
    expect(await officer.getByTestId('answer-form').count()).toBe(0);
    expect(await officer.getByTestId('comment-form').count()).toBe(0);

    // the open question is gone from the dashboard
    await wgm.reload();
    await poll(() => wgm.getByTestId('count-withOpenQuestions').textContent()).toBe('0');
    await poll(() => table.textContent()).toContain('No report matches the filters.');
    await wgm.getByLabel('With open questions').uncheck();
    await poll(() => row('Canada').getByTestId('open-questions').textContent()).toBe('0');

    // the public list, without signing in
    const visitor = await openPage();
    await visitor.goto('/statistics');
    await visitor.getByRole('navigation', { name: 'Statistics navigation' }).getByRole('link', { name: 'Annual reports filed' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Annual reports filed' }).waitFor();
    await visitor.getByLabel('Year', { exact: true }).selectOption('2025');
    const filed = visitor.getByTestId('filed-table');
    const publicRow = (name: string) => filed.getByRole('row', { name: new RegExp(`^${name}\\b`) });
    await poll(() => publicRow('Canada').getByTestId('filed-state').textContent()).toBe('Filed');
    expect(await publicRow('Canada').getByTestId('filed-on').textContent()).toBe('Apr 20, 2026');
    expect(await publicRow('Botswana').getByTestId('filed-state').textContent()).toBe('Not filed');
    expect(await visitor.getByTestId('filed-summary').textContent()).toBe(`1 of ${owed} participants have filed; reports were due on Mar 31, 2026.`);
    expect(await visitor.locator('main').textContent()).not.toContain('(test)');

    // the dashboard in Arabic
    await chooseLanguage(wgm, 'ar');
    await wgm.getByRole('heading', { level: 1, name: 'التقارير السنوية' }).waitFor();
    expect(await wgm.locator('html').getAttribute('dir')).toBe('rtl');
    await poll(() => wgm.getByTestId('annual-reports-table').getByTestId('late-flag').filter({ hasText: 'قُدِّم متأخرًا' }).count()).toBe(1);
    await expectAccessible(wgm, 'annual reports dashboard (ar)');
    await chooseLanguage(wgm, 'en');
  }, 240_000);
});

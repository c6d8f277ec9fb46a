/**
 * Admission in real browsers (issue #6): Zambia's administrator files an application, is
 * told the certificate specimen is missing, uploads it and submits; the CPC takes it up, asks a
 * question that Zambia answers, finds every criterion met and recommends admission; the
 * Chair opens the decision form from the application, records the plenary decision, and the
 * register shows Zambia as a Participant with the application admitted.
 *
 * The register seed lists Zambia as a Participant from 2008 (inferred), so the test first
 * records it as an applicant again (test/support/applicant.ts). Needs `npm run build:web` first
 * and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../../src/admission/admission-rules.ts';
import { browserSuite, expectAccessible, logIn, poll } from './support.ts';

const { openPage, deps } = browserSuite({ config: { demoGovernance: false } });

async function openApplication(page: Page, id: string) {
  await page.goto(`/admission/${id}`);
  await page.getByTestId('application-summary').waitFor();
}

describe('admission', () => {
  it('Zambia files, the CPC recommends, the Chair records the admission and the register shows Zambia as a Participant', async () => {
    const today = new Date().toISOString().slice(0, 10);

    // the applicant opens and fills its application
    const zm = await openPage({ bypassCSP: true });
    await logIn(zm, 'admin.zm@demo.test');
    await zm.goto('/admission');
    await zm.getByTestId('open-application').click();
    await zm.getByTestId('application-form').waitFor();
    const id = new URL(zm.url()).pathname.split('/').pop()!;
    await zm.getByTestId('field-legislation').fill('Import and Export (Control) Act 1950; KPCS Order 2026 (test).');
    await zm.getByTestId('add-authority').click();
    await zm.getByTestId('authority-0-name').fill('Ministry of Commerce, KP Office (test)');
    await zm.getByTestId('authority-0-address').fill('Zambia Secretariat, Dhaka 1000');
    await zm.getByTestId('add-contact').click();
    await zm.getByTestId('contact-0-name').fill('KP focal point (test)');
    await zm.getByTestId('contact-0-email').fill('focal@zm.test');
    await zm.getByTestId('field-internalControls').fill('Sealed containers checked by Customs (test).');
    await zm.getByTestId('field-statisticsCapability').fill('Customs records by HS 7102, half-yearly (test).');

    // submitting without a specimen is refused, naming it
    await zm.getByRole('button', { name: 'Submit the application' }).click();
    await zm.getByRole('dialog').getByRole('button', { name: 'Submit the application' }).click();
    await poll(() => zm.getByTestId('missing-parts').textContent()).toContain('certificate specimen');
    await expectAccessible(zm, 'application draft');

    // the specimen goes up, then the application
    await zm.getByTestId('file-kind').selectOption('certificate_specimen');
    await zm.locator('#admission-file').setInputFiles({ name: 'specimen.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 specimen (test)') });
    await zm.getByRole('button', { name: 'Attach', exact: true }).click();
    await poll(() => zm.getByTestId('application-notice').textContent()).toBe('Document attached.');
    expect(await zm.getByTestId('application-file-list').textContent()).toContain('specimen.pdf');
    await zm.getByRole('button', { name: 'Submit the application' }).click();
    await zm.getByRole('dialog').getByRole('button', { name: 'Submit the application' }).click();
    await poll(() => zm.getByTestId('application-notice').textContent()).toBe('Application submitted. The CPC and the Chair have been told.');

    // the CPC takes it up and asks
    const cpc = await openPage({ bypassCSP: true });
    await logIn(cpc, 'cpc@demo.test');
    await cpc.goto('/admission');
    await poll(() => cpc.getByTestId('count-submitted').textContent()).toBe('1');
    await cpc.getByTestId('applications').getByRole('link').first().click();
    await cpc.getByTestId('start-assessment').click();
    await poll(() => cpc.getByTestId('application-notice').textContent()).toBe('Assessment started.');
    await cpc.getByTestId('question-form').getByLabel(/^Question to the applicant/).fill('Which authority validates export certificates? (test)');
    await cpc.getByTestId('question-form').getByRole('button', { name: 'Ask' }).click();
    await poll(() => cpc.getByTestId('question-open').count()).toBe(1);

    // the applicant answers
    await openApplication(zm, id);
    await zm.getByTestId('answer-form').getByLabel(/^Your answer/).fill('The KP Office of the Ministry of Commerce (test).');
    await zm.getByTestId('answer-form').getByRole('button', { name: 'Send the answer' }).click();
    await poll(() => zm.getByTestId('question-answered').count()).toBe(1);

    // the CPC finds every criterion met and recommends admission
    await openApplication(cpc, id);
    for (const criterion of CRITERIA) {
      await cpc.getByTestId(`finding-${criterion}`).selectOption('met');
      await cpc.getByTestId(`finding-${criterion}-note`).fill(`${criterion} in order (test)`);
    }
    await cpc.getByTestId('save-findings').click();
    await poll(() => cpc.getByTestId('application-notice').textContent()).toBe('Findings saved.');
    await cpc.getByRole('radio', { name: 'Admit', exact: true }).check();
    await cpc.getByTestId('recommendation-note-field').fill('Every criterion is met (test).');
    await cpc.getByTestId('send-recommendation').click();
    await poll(() => cpc.getByTestId('application-notice').textContent()).toBe('Recommendation recorded. The Chair and the applicant have been told.');
    await expectAccessible(cpc, 'application under assessment');

    // the Chair records the admission decided in plenary, from the application
    const chair = await openPage();
    await logIn(chair, 'chair@demo.test');
    await openApplication(chair, id);
    expect(await chair.getByTestId('application-summary').textContent()).toContain('Awaiting decision');
    await chair.getByTestId('propose-decision').click();
    await chair.getByRole('radio', { name: 'Plenary decision' }).check();
    expect(await chair.getByLabel(/^Title/).inputValue()).toBe('Admission of Zambia as a Participant');
    await chair.getByLabel(/^Meeting/).fill('Intersessional meeting (test)');
    await chair.getByLabel(/^Communiqué/).fill('Communiqué of the Intersessional (test)');
    await chair.getByLabel(/^Adopted on/).fill(today);
    await chair.getByLabel(/^Effective from/).fill(today);
    await chair.getByRole('button', { name: 'Record the decision' }).click();
    await chair.getByTestId('decision-summary').waitFor();

    // the register: Zambia a Participant, with its history and the application admitted
    await chair.goto('/participants/ZM');
    const history = chair.getByTestId('status-history');
    await poll(() => history.textContent()).toContain('Participant');
    expect(await history.textContent()).toContain('Applicant');
    await poll(() => chair.getByTestId('public-applications').textContent()).toContain('Admitted');
    await openApplication(zm, id);
    expect(await zm.getByTestId('application-summary').textContent()).toContain('Admitted');
  });
});

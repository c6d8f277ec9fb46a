/**
 * Peer review in real browsers (KPCS-DOMAIN §7): Botswana's administrator invites a review visit;
 * the Chair forms a team led by a South African officer with a civil-society observer; the leader
 * sets the dates and enters the draft; Botswana comments; the leader finalises with two
 * recommendations; Botswana reports progress; three weeks later the WGM sees the first one
 * overdue in the follow-up list and closes the second. The Chair opens and closes a review mission.
 *
 * The server's clock is moved past a due date (`deps().now`); sessions are made to outlast the
 * jump. Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

const DAY = 24 * 60 * 60_000;
const { openPage, deps } = browserSuite({ config: { sessionTtlMinutes: 90 * 24 * 60 } });

/** Moves the server's clock so that it reads `target` now, and keeps it running from there. */
function serverClockAt(target: Date) {
  const offset = target.getTime() - Date.now();
  deps().now = () => new Date(Date.now() + offset);
}
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

const LEADER = 'exporter.za@demo.test';
const OBSERVER = 'observer.csc@demo.test';
const annex = Buffer.from('Annex to the draft report: notes of the site visits at Jwaneng and Orapa.');

async function expectNotice(page: Page, text: string) {
  await poll(() => page.getByTestId('peer-review-notice').textContent()).toBe(text);
}

const recommendation = (page: Page, number: number) => page.locator(`[data-testid="recommendation"][data-number="${number}"]`);

describe('peer reviews', () => {
  it('takes a review visit from the invitation to the follow-up of its recommendations', async () => {
    const today = new Date();

    const leader = await openPage();
    await logIn(leader, LEADER);
    const observer = await openPage();
    await logIn(observer, OBSERVER);
    await observer.goto('/peer-reviews');
    await observer.getByRole('heading', { level: 1, name: 'Peer reviews' }).waitFor();
    await expect(observer.getByRole('tab', { name: 'Recommendations follow-up' }).count()).resolves.toBe(0);

    // Botswana's administrator invites a review visit
    const bw = await openPage();
    await logIn(bw, 'admin.bw@demo.test');
    await bw.getByRole('link', { name: 'Peer reviews' }).click();
    await bw.getByRole('heading', { level: 1, name: 'Peer reviews' }).waitFor();
    await bw.getByRole('button', { name: 'Invite a review visit' }).click();
    const invitation = bw.getByRole('dialog', { name: 'Invite a review visit' });
    await invitation.getByLabel(/^Invitation/).fill('Botswana invites a review of its export controls and of internal controls at the mines.');
    await invitation.getByRole('button', { name: 'Send the invitation' }).click();
    await expectNotice(bw, 'The invitation has been sent.');
    const reviewPath = new URL(bw.url()).pathname;
    expect(reviewPath).toMatch(/^\/peer-reviews\/[0-9a-f-]{36}$/);
    // the notice shows at once; the heading names the review once it has loaded
    await poll(() => bw.getByRole('heading', { level: 1 }).textContent()).toMatch(/^PR \d{4}\/\d{2} — Review visit — Botswana$/);
    const title = (await bw.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const reference = title.split(' — ')[0];
    await expect(bw.getByTestId('peer-review-status').first().textContent()).resolves.toBe('Invited');
    await expect(bw.getByTestId('team-form').count()).resolves.toBe(0);

    // the Chair forms the team: the South African officer leads, the civil-society observer joins
    const chair = await openPage();
    await logIn(chair, 'chair@demo.test');
    await chair.goto('/peer-reviews');
    await chair.getByRole('link', { name: reference }).click();
    const teamForm = chair.getByTestId('team-form');
    await teamForm.getByRole('button', { name: 'Add a member' }).click();
    await teamForm.getByRole('button', { name: 'Add a member' }).click();
    // the people offered are other participants' and observers' staff, never Botswana's own
    const firstMember = teamForm.getByLabel(/^New member 1/);
    const offered = await firstMember.locator('option').allTextContents();
    expect(offered).toContain('Exporting officer ZA — South Africa');
    expect(offered.some((label) => label.includes('Botswana'))).toBe(false);
    await firstMember.selectOption({ label: 'Exporting officer ZA — South Africa' });
    const secondMember = teamForm.getByLabel(/^New member 2/);
    const observerLabel = (await secondMember.locator('option').allTextContents()).find((label) => label.endsWith('— CSC'));
    expect(observerLabel).toBeDefined();
    await secondMember.selectOption({ label: observerLabel! });
    await teamForm.getByRole('radio', { name: 'Member 1' }).check();
    await teamForm.getByRole('button', { name: 'Save the team' }).click();
    await expectNotice(chair, 'The team has been saved.');
    const members = chair.getByTestId('team-member');
    await poll(() => members.count()).toBe(2);
    await expect(members.nth(0).textContent()).resolves.toMatch(/Exporting officer ZA.*Participant: South Africa.*Team leader/);
    await expect(members.nth(1).textContent()).resolves.toMatch(/Observer: /);
    await expect(members.nth(1).getByTestId('team-leader').count()).resolves.toBe(0);

    // the leader sets the dates of a visit just held, and enters the draft with an annex
    await leader.goto(reviewPath);
    const visitForm = leader.getByTestId('visit-form');
    await visitForm.getByLabel(/^First day/).fill(dayOf(new Date(today.getTime() - 5 * DAY)));
    await visitForm.getByLabel(/^Last day/).fill(dayOf(new Date(today.getTime() - DAY)));
    await visitForm.getByRole('button', { name: 'Save the dates' }).click();
    await expectNotice(leader, 'The visit dates have been saved.');
    const draftForm = leader.getByTestId('draft-report-form');
    await draftForm.getByLabel(/^Text of the draft report/).fill('The team found the export controls sound; the register of rough diamond stocks is kept on paper.');
    await draftForm.locator('input[type=file]').setInputFiles({ name: 'annex.txt', mimeType: 'text/plain', buffer: annex });
    await draftForm.getByRole('button', { name: 'Save the draft report' }).click();
    await expectNotice(leader, 'The draft report has been saved.');
    await expect(leader.getByTestId('file-sha256').textContent()).resolves.toBe(createHash('sha256').update(annex).digest('hex'));
    await expect(leader.getByRole('link', { name: 'annex.txt' }).getAttribute('href')).resolves.toMatch(/^\/api\/peer-reviews\/.+\/files\/.+/);

    // Botswana's administrator comments on the draft
    await bw.goto(reviewPath);
    const commentForm = bw.getByTestId('host-comment-form');
    await commentForm.getByLabel(/^Comment on the draft report/).fill('The stock register went electronic last month.');
    await commentForm.getByRole('button', { name: 'Send the comment' }).click();
    await expectNotice(bw, 'Your comment has been recorded.');
    await expect(bw.getByTestId('peer-review-comments').textContent()).resolves.toContain('The stock register went electronic last month.');

    // the leader finalises with two recommendations: one due in ten days, one in two months
    await leader.goto(reviewPath);
    const finalForm = leader.getByTestId('final-report-form');
    await finalForm.getByLabel(/^Text of the final report/).fill('Final report of the review visit to Botswana.');
    await finalForm.getByRole('button', { name: 'Add a recommendation' }).click();
    await finalForm.getByRole('button', { name: 'Add a recommendation' }).click();
    const rows = finalForm.getByTestId('recommendation-row');
    await rows.nth(0).getByLabel(/^Text/).fill('Keep the register of rough diamond stocks electronically at every dealer.');
    await rows.nth(0).getByLabel(/^Due on/).fill(dayOf(new Date(today.getTime() + 10 * DAY)));
    await rows.nth(1).getByLabel(/^Text/).fill('Provide technical assistance on footprint analysis.');
    await rows.nth(1).getByLabel(/^Owner/).selectOption('body');
    await rows.nth(1).getByLabel(/^Name of the body/).fill('WGDE');
    await rows.nth(1).getByLabel(/^Due on/).fill(dayOf(new Date(today.getTime() + 60 * DAY)));
    await finalForm.getByRole('button', { name: 'Finalise the report' }).click();
    await expectNotice(leader, 'The report has been finalised.');
    await poll(() => leader.getByTestId('recommendation').count()).toBe(2);
    await expect(recommendation(leader, 2).textContent()).resolves.toContain('Owner: WGDE');

    // Botswana reports progress on the second
    await bw.goto(reviewPath);
    await recommendation(bw, 2).getByLabel(/^Status of recommendation 2/).selectOption('in_progress');
    await recommendation(bw, 2).getByLabel(/^Note on recommendation 2/).fill('A workshop with the WGDE is planned.');
    await recommendation(bw, 2).getByRole('button', { name: 'Report progress on recommendation 2' }).click();
    await expectNotice(bw, 'The follow-up has been recorded.');
    await expect(recommendation(bw, 2).getByTestId('recommendation-status').textContent()).resolves.toBe('In progress');
    await expect(recommendation(bw, 2).getByRole('option', { name: 'Closed' }).count()).resolves.toBe(0);

    // three weeks later the first is overdue: the WGM follows up
    serverClockAt(new Date(today.getTime() + 21 * DAY));
    const wgm = await openPage({ bypassCSP: true });
    await logIn(wgm, 'wgm@demo.test');
    await wgm.goto('/peer-reviews');
    await wgm.getByRole('tab', { name: 'Recommendations follow-up' }).click();
    const followUp = wgm.getByTestId('follow-up-table');
    await poll(() => followUp.locator('tbody tr').count()).toBe(2);
    await wgm.getByLabel('Participant reviewed').selectOption('BW');
    await poll(() => wgm.getByTestId('follow-up-summary').textContent()).toBe('Open recommendations: 2, of which overdue: 1.');
    await expect(followUp.getByTestId('overdue').count()).resolves.toBe(1);
    await expect(followUp.locator('tbody tr').filter({ hasText: 'Keep the register' }).getByTestId('overdue').count()).resolves.toBe(1);
    await expect(followUp.locator('tbody tr').filter({ hasText: 'footprint analysis' }).textContent()).resolves.toContain('A workshop with the WGDE is planned.');
    await expectAccessible(wgm, 'follow-up list');
    await wgm.getByRole('tab', { name: 'Reviews' }).click();
    const list = wgm.getByTestId('peer-reviews-table');
    await expect(list.locator('tbody tr').filter({ hasText: reference }).textContent()).resolves.toMatch(/Review visit.*Botswana.*Final report.*2 of 2 open.*1 overdue/);
    await expectAccessible(wgm, 'peer review list');

    // and closes the second
    await list.getByRole('link', { name: reference }).click();
    await recommendation(wgm, 2).getByLabel(/^Status of recommendation 2/).selectOption('closed');
    await recommendation(wgm, 2).getByLabel(/^Note on recommendation 2/).fill('Assistance delivered.');
    await recommendation(wgm, 2).getByRole('button', { name: 'Close recommendation 2' }).click();
    await expectNotice(wgm, 'The follow-up has been recorded.');
    await expect(recommendation(wgm, 2).getByTestId('recommendation-status').textContent()).resolves.toBe('Closed');
    await expect(recommendation(wgm, 1).getByTestId('overdue').count()).resolves.toBe(1);
    const steps = wgm.getByTestId('peer-review-timeline').locator('[data-reached="yes"]');
    await expect(steps.evaluateAll((items) => items.map((item) => item.getAttribute('data-step')))).resolves.toEqual([
      'invited',
      'team_formed',
      'visit',
      'draft_report',
      'host_comments',
      'final_report',
    ]);
    await expectAccessible(wgm, 'peer review detail');

    await wgm.goto('/peer-reviews?tab=follow-up');
    await poll(() => wgm.getByTestId('follow-up-summary').textContent()).toBe('Open recommendations: 1, of which overdue: 1.');

    // the detail in Arabic, right to left
    await wgm.goto(reviewPath);
    await wgm.getByTestId('peer-review-summary').waitFor();
    await chooseLanguage(wgm, 'ar');
    await poll(() => wgm.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => wgm.getByRole('heading', { level: 2, name: 'الخطوات' }).count()).toBe(1);
    await expect(recommendation(wgm, 1).getByTestId('overdue').textContent()).resolves.toBe('متأخرة');
    await expectAccessible(wgm, 'peer review detail (ar)');

    // Botswana's page shows its review on the timeline; the leader from South Africa does not see it there
    await bw.goto('/participants/BW');
    const timeline = bw.getByTestId('participant-peer-reviews');
    await poll(() => timeline.getByRole('link', { name: reference }).count()).toBe(1);
    await expect(timeline.getByTestId('participant-timeline').locator('[data-reached="yes"]').count()).resolves.toBe(6);
    await leader.goto('/participants/BW');
    await leader.getByRole('heading', { level: 1, name: /Botswana/ }).waitFor();
    await leader.getByTestId('participant-decisions').waitFor();
    await expect(leader.getByTestId('participant-peer-reviews').count()).resolves.toBe(0);

    // the Chair opens a review mission from an adopted decision, then closes it with a note
    await chair.goto('/peer-reviews');
    await chair.getByRole('button', { name: 'Open a review mission' }).click();
    const mission = chair.getByRole('dialog', { name: 'Open a review mission' });
    await mission.getByLabel(/^Participant reviewed/).selectOption('CF');
    const decision = mission.getByLabel(/^Initiating decision/);
    await poll(() => decision.locator('option').count()).toBeGreaterThan(1);
    await decision.selectOption({ index: 1 });
    await mission.getByLabel(/^Terms of reference/).fill('Terms of reference: compliance of exports from the zones.');
    await mission.getByRole('button', { name: 'Open a review mission' }).click();
    await expectNotice(chair, 'The review mission has been opened.');
    await poll(() => chair.getByRole('heading', { level: 1 }).textContent()).toMatch(/^RM \d{4}\/\d{2} — Review mission — /);
    await chair.getByRole('button', { name: 'Close the review' }).click();
    const closing = chair.getByRole('dialog');
    await closing.getByLabel(/^Closing note/).fill('Overtaken by the readmission decision.');
    await closing.getByRole('button', { name: 'Close the review' }).click();
    await expectNotice(chair, 'The review has been closed.');
    await expect(chair.getByTestId('peer-review-summary').textContent()).resolves.toContain('Overtaken by the readmission decision.');
  }, 240_000);
});

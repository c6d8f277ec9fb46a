/**
 * Decision effects other than a status change, through the decision form in a real browser: the
 * Chair records a plenary decision putting the Central African Republic under zone restriction
 * with one compliant zone, which CAR's page then lists; and a second one, KP ONLY, imposing an
 * embargo on rough diamonds from Côte d'Ivoire, which the embargo register then lists with a link
 * to it. Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ config: { demoGovernance: false } });
const today = () => new Date().toISOString().slice(0, 10);

/** Opens the form and fills in a plenary decision adopted and effective today, without effects. */
async function fillPlenary(page: Page, title: string) {
  await page.goto('/decisions/new');
  await page.getByRole('heading', { level: 1, name: 'New decision' }).waitFor();
  await page.getByRole('radio', { name: 'Plenary decision' }).check();
  await page.getByLabel(/^Title/).fill(title);
  await page.getByLabel(/^Text of the decision/).fill(`${title}: the Plenary so decides.`);
  await page.getByLabel(/^Meeting/).fill('Plenary (test)');
  await page.getByLabel(/^Communiqué/).fill('Communiqué of the Plenary (test)');
  await page.getByLabel(/^Adopted on/).fill(today());
  await page.getByLabel(/^Effective from/).fill(today());
}

async function addEffect(page: Page, number: number, type: 'status' | 'compliant_zone' | 'embargo') {
  await page.getByRole('button', { name: 'Add an effect' }).click();
  const effect = page.getByRole('group', { name: `Effect ${number}` });
  await effect.getByLabel(/^Kind of effect/).selectOption(type);
  return effect;
}

async function recordDecision(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.waitForURL(/\/decisions\/[0-9a-f-]{36}$/);
  await poll(() => page.getByTestId('decision-notice').textContent()).toBe('The decision has been recorded and its effects applied.');
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('decision effects through the form', () => {
  it('puts CAR under zone restriction with a compliant zone, and imposes a KP ONLY embargo on an origin', async () => {
    const chair = await openPage({ bypassCSP: true });
    await logIn(chair, 'chair@demo.test');

    // zone restriction with a compliant zone
    await fillPlenary(chair, 'Administrative decision on the Central African Republic (test)');
    const status = await addEffect(chair, 1, 'status');
    await status.getByLabel(/^Participant/).selectOption('CF');
    const zone = await addEffect(chair, 2, 'compliant_zone');
    // a zone for a participant that neither is nor becomes zone-restricted is refused in the browser
    await zone.getByLabel(/^Participant/).selectOption('BW');
    await zone.getByLabel(/^Zone/).fill('Berbérati (demo)');
    await zone.getByLabel(/^Description/).fill('Sous-préfecture de Berbérati, Mambéré-Kadéï (test)');
    await status.getByLabel(/^New status/).selectOption('zone_restricted');
    expect(await chair.getByTestId('shared-with-observers').isChecked()).toBe(true);
    await chair.getByRole('button', { name: 'Record the decision' }).click();
    await poll(() => zone.getByText('This participant is not under zone restriction', { exact: false }).count()).toBe(1);
    await zone.getByLabel(/^Participant/).selectOption('CF');
    await expectAccessible(chair, 'decision form with a compliant zone');
    const zoneDecision = await recordDecision(chair);
    const effects = chair.getByTestId('decision-effects');
    expect(await effects.textContent()).toContain('Zone restriction for Central African Republic — applied');
    expect(await effects.textContent()).toContain('Compliant zone “Berbérati (demo)” listed for Central African Republic — applied');
    expect(await chair.getByTestId('sharing-badge').textContent()).toBe('Shared with observers');
    const recorded = (await (await chair.request.get(`/api/decisions/${zoneDecision}`)).json()) as { effects: unknown[]; sharedWithObservers: boolean };
    expect(recorded.sharedWithObservers).toBe(true);
    expect(recorded.effects).toContainEqual(
      expect.objectContaining({ type: 'compliant_zone', participantCode: 'CF', zone: { name: 'Berbérati (demo)', description: 'Sous-préfecture de Berbérati, Mambéré-Kadéï (test)' } }),
    );

    await chair.goto('/participants/CF');
    await poll(() => chair.getByTestId('zones-table').textContent()).toContain('Berbérati (demo)');

    // an embargo on rough diamonds from Côte d'Ivoire, KP ONLY
    await fillPlenary(chair, 'Embargo on rough diamonds from Côte d’Ivoire (test)');
    const embargo = await addEffect(chair, 1, 'embargo');
    await embargo.getByLabel(/^Origin/).selectOption('CI');
    await embargo.getByLabel(/^Measure/).selectOption('impose');
    await embargo.getByLabel(/^Legal basis/).fill('KP Plenary decision on Côte d’Ivoire (test)');
    // the same origin twice is refused in the browser
    const twice = await addEffect(chair, 2, 'embargo');
    await twice.getByLabel(/^Origin/).selectOption('CI');
    await twice.getByLabel(/^Measure/).selectOption('impose');
    await chair.getByRole('button', { name: 'Record the decision' }).click();
    await poll(() => twice.getByText('This origin already has an embargo effect in this decision.').count()).toBe(1);
    await twice.getByRole('button', { name: 'Remove effect 2' }).click();
    await chair.getByTestId('shared-with-observers').uncheck();
    await expectAccessible(chair, 'decision form with an embargo');
    const embargoDecision = await recordDecision(chair);
    expect(await chair.getByTestId('decision-effects').textContent()).toContain('— applied');
    expect(await chair.getByTestId('sharing-badge').textContent()).toBe('KP ONLY');

    await chair.getByRole('navigation').getByRole('link', { name: 'Embargoes' }).click();
    const row = chair.getByTestId('embargoes-table').getByRole('row', { name: /KP Plenary decision on Côte d’Ivoire \(test\)/ });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('CI');
    expect(await row.textContent()).toContain('in force');
    expect(await row.getByRole('link', { name: 'View the decision' }).getAttribute('href')).toBe(`/decisions/${embargoDecision}`);
  }, 180_000);
});

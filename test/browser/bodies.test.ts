/**
 * KP bodies in a real browser: the Chair seats China's statistics officer in the Working Group
 * on Statistics through the body's page, and that officer, signed in, now finds the statistics
 * import the WGS runs (a seat gives its holder the body's role); the bodies page lists who sits
 * where and the Chair and Vice-Chair by year. Needs `npm run build:web` first and Chromium at
 * /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, logIn, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1, config: { demoGovernance: false } });
const MEMBER = 'stats.cn@demo.test';

describe('KP bodies', () => {
  it('the Chair appoints a member, who then acts with the body’s role', async () => {
    const member = await openPage();
    await logIn(member, MEMBER);
    const nav = member.getByRole('navigation');
    await nav.getByRole('link', { name: 'Chair and bodies' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Statistics import' }).count()).toBe(0);

    const chair = await openPage({ bypassCSP: true });
    await logIn(chair, 'chair@demo.test');
    await chair.getByRole('navigation').getByRole('link', { name: 'Chair and bodies' }).click();
    await chair.getByRole('heading', { level: 1, name: 'Chair and bodies' }).waitFor();
    const bodies = chair.getByTestId('bodies-table');
    await poll(() => bodies.getByRole('row', { name: /Working Group on Statistics \(WGS\)/ }).textContent()).toContain('Statistics officer EU');
    const chairmanships = chair.getByTestId('chairmanships-table');
    await poll(() => chairmanships.getByRole('row', { name: /^2025/ }).textContent()).toContain('Thailand');
    await expectAccessible(chair, 'bodies');

    await bodies.getByRole('link', { name: 'Working Group on Statistics (WGS)' }).click();
    await chair.getByRole('heading', { level: 1, name: 'Working Group on Statistics (WGS)' }).waitFor();
    const form = chair.getByTestId('appoint-form');
    const select = form.getByRole('combobox', { name: /^Member/ });
    await poll(() => select.locator('option', { hasText: 'Statistics officer CN' }).count()).toBe(1);
    const value = await select.locator('option', { hasText: 'Statistics officer CN' }).getAttribute('value');
    await select.selectOption(value!);
    await form.getByRole('button', { name: 'Appoint' }).click();
    await poll(() => chair.getByTestId('body-notice').textContent()).toBe('Statistics officer CN has been appointed.');
    const row = chair.getByTestId('members-table').getByRole('row', { name: /Statistics officer CN/ });
    await poll(() => row.textContent()).toContain('Sitting');
    await expectAccessible(chair, 'body detail (chair)');

    await member.reload();
    await nav.getByRole('link', { name: 'Statistics import' }).click();
    await member.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(member.url()).pathname).toBe('/production/import');
    await member.goto('/bodies/WGS');
    await member.getByRole('heading', { level: 1, name: 'Working Group on Statistics (WGS)' }).waitFor();
    expect(await member.getByTestId('appoint-form').count()).toBe(0);

    // the Chair ends the seat today: it grants nothing from tomorrow, and shows as ended
    await row.getByRole('button', { name: 'End the seat of Statistics officer CN' }).click();
    const dialog = chair.getByRole('dialog', { name: 'End the seat of Statistics officer CN' });
    await dialog.getByRole('button', { name: 'End the seat' }).click();
    await poll(() => chair.getByTestId('body-notice').textContent()).toBe('The seat of Statistics officer CN has been ended.');
    await poll(() => row.getByRole('button', { name: /End the seat/ }).count()).toBe(0);
  }, 120_000);

  it('the Chair records a Vice-Chair, who appears as next year’s Chair on the public page', async () => {
    const chair = await openPage();
    await logIn(chair, 'chair@demo.test');
    await chair.goto('/bodies');
    await chair.getByRole('button', { name: 'Record a chairmanship' }).click();
    const dialog = chair.getByRole('dialog', { name: 'Record a chairmanship' });
    await dialog.getByRole('textbox', { name: /^Year/ }).fill('2026');
    const viceChair = dialog.getByRole('combobox', { name: /^Vice-Chair/ });
    await poll(() => viceChair.locator('option', { hasText: 'South Africa' }).count()).toBe(1);
    await viceChair.selectOption('ZA');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await poll(() => chair.getByTestId('bodies-notice').textContent()).toBe('The chairmanship has been recorded.');

    const visitor = await openPage({ bypassCSP: true });
    await visitor.goto('/statistics/chairs');
    await visitor.getByRole('heading', { level: 1, name: 'Chair and Vice-Chair by year' }).waitFor();
    const table = visitor.getByTestId('chairmanships-table');
    await poll(() => table.getByRole('row', { name: /^2027/ }).textContent()).toContain('South Africa');
    await poll(() => table.getByRole('row', { name: /^2026/ }).textContent()).toContain('Thailand');
    await expectAccessible(visitor, 'public chairmanships');
  }, 120_000);
});

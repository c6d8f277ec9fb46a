/**
 * The staff SPA in a real browser against an in-process server (demo data, PGlite in memory).
 * Needs `npm run build:web` first (the `test` script builds) and Chromium at /usr/bin/chromium
 * (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chooseLanguage, expectAccessible, PASSWORD, poll } from './support.ts';

const { openPage } = browserSuite({ demoMonths: 1 });

async function logIn(page: Page, email: string, { emailLabel = 'E-mail address', passwordLabel = 'Password', button = 'Sign in' } = {}) {
  await page.getByLabel(emailLabel).fill(email);
  await page.getByLabel(new RegExp(`^${passwordLabel}`)).fill(PASSWORD);
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('navigation', { name: /./ }).waitFor();
}




describe('staff app', () => {
  it('opens on the bare address and sends a visitor without a session to the sign-in page', async () => {
    const page = await openPage();
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
  });

  it('shows the translated error for a wrong password, in English and in French', async () => {
    const page = await openPage();
    // a deep link without a session lands on the sign-in page
    await page.goto('/participants/BW');
    await page.waitForURL('**/login');
    await page.getByLabel('E-mail address').fill('exporter.bw@demo.test');
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('The e-mail address or password is not correct.');

    await chooseLanguage(page, 'fr');
    await page.getByLabel(/^Mot de passe/).fill('still-not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('L’adresse électronique ou le mot de passe est incorrect.');
  });

  it('an exporting officer reads the participant register and the status history of the Central African Republic', async () => {
    const page = await openPage();
    await page.goto('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await logIn(page, 'exporter.bw@demo.test');

    const user = page.getByTestId('current-user');
    await poll(() => user.textContent()).toContain('Exporting officer BW');
    expect(await user.textContent()).toContain('Exporting officer');
    expect(await user.textContent()).toContain('Botswana');

    await page.getByRole('navigation').getByRole('link', { name: 'Participant register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Participant register' }).waitFor();
    const botswana = page.getByRole('row', { name: /Botswana/ });
    await poll(() => botswana.textContent()).toContain('Participant');
    expect(await botswana.textContent()).toContain('BW');
    const car = page.getByRole('row', { name: /Central African Republic/ });
    expect(await car.textContent()).toContain('Participant');

    // the text filter narrows the table; the status filter too
    await page.getByLabel('Search by name or code').fill('central african');
    await poll(() => page.getByTestId('register-table').locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Search by name or code').fill('');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('suspended');
    await poll(() => page.getByRole('row', { name: /Botswana/ }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');

    await page.getByRole('link', { name: 'Central African Republic' }).click();
    await page.getByRole('heading', { level: 1, name: /Central African Republic/ }).waitFor();
    const history = page.getByTestId('status-history');
    await poll(() => history.textContent()).toContain('Suspended');
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('May 23, 2013');
    expect(text).toMatch(/Participant/);
    // authorities are listed; an exporting officer of Botswana may not manage the CAR's
    await poll(() => page.getByTestId('authority-card').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Add authority' }).count()).toBe(0);
    expect(await page.getByRole('main').getByRole('link', { name: 'Operator register' }).count()).toBe(0);
  });

  it('a participant administrator works in French after switching the language, and Arabic turns the page right to left', async () => {
    const page = await openPage();
    await page.goto('/login');
    await chooseLanguage(page, 'fr');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await logIn(page, 'admin.cf@demo.test', { emailLabel: 'Adresse électronique', passwordLabel: 'Mot de passe', button: 'Se connecter' });

    await page.getByRole('navigation').getByRole('link', { name: 'Registre des participants' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registre des participants' }).waitFor();
    await poll(() => page.getByRole('row', { name: /Afrique du Sud/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /République centrafricaine/i }).textContent()).toContain('Participant');
    expect(await page.getByTestId('current-user').textContent()).toContain('Administrateur du participant');

    // the choice is remembered across a reload
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Registre des participants' }).waitFor();

    await chooseLanguage(page, 'ar');
    await page.getByRole('heading', { level: 1, name: 'سجل المشاركين' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    // country names now come in Arabic from the server
    await poll(() => page.getByRole('row', { name: /جنوب أفريقيا/ }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/kimberlite-register-ar.png' });

    await chooseLanguage(page, 'en');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('an exporting officer registers an operator and suspends its licence', async () => {
    const page = await openPage();
    await page.goto('/login');
    await logIn(page, 'exporter.bw@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Operator register' }).click();
    await page.getByRole('heading', { level: 1, name: /Operator register/ }).waitFor();
    await poll(() => page.getByRole('row', { name: /BW-DL-2024-0117/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Register operator' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Register operator' }).click();
    // client-side validation before anything is sent
    await poll(() => dialog.getByText('Choose at least one licence type.').count()).toBe(1);
    expect(await dialog.getByText('This field is required.').count()).toBeGreaterThanOrEqual(3);

    await dialog.getByLabel('Operator').fill('Gaborone Test Diamonds (Pty) Ltd');
    await dialog.getByLabel(/^Address/).fill('Plot 1, Gaborone');
    await dialog.getByLabel(/^Licence number/).fill('BW-TEST 2025/01');
    await dialog.getByLabel('Dealer').check();
    await dialog.getByLabel('Exporter').check();
    await dialog.getByLabel('Valid from').fill('2025-01-01');
    await dialog.getByLabel('Valid until').fill('2024-12-31');
    await dialog.getByRole('button', { name: 'Register operator' }).click();
    await poll(() => dialog.getByText('The licence cannot end before it starts.').count()).toBe(1);
    await dialog.getByLabel('Valid until').fill('2030-12-31');
    await dialog.getByRole('button', { name: 'Register operator' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    const row = page.getByRole('row', { name: /BW-TEST 2025\/01/ });
    await poll(() => row.textContent()).toContain('Gaborone Test Diamonds');
    expect(await row.textContent()).toContain('Valid');
    expect(await row.textContent()).toContain('Dealer, Exporter');

    // the same licence number again is refused by the server, with its translated message
    await page.getByRole('button', { name: 'Register operator' }).click();
    await dialog.getByLabel('Operator').fill('Duplicate Ltd');
    await dialog.getByLabel(/^Address/).fill('Somewhere');
    await dialog.getByLabel(/^Licence number/).fill('BW-TEST 2025/01');
    await dialog.getByLabel('Miner', { exact: true }).check();
    await dialog.getByLabel('Valid from').fill('2025-01-01');
    await dialog.getByLabel('Valid until').fill('2026-01-01');
    await dialog.getByRole('button', { name: 'Register operator' }).click();
    await poll(() => dialog.getByRole('alert').textContent()).toContain('is already in this register');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('button', { name: /^Suspend/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Suspend licence' });
    await confirm.getByRole('button', { name: 'Suspend' }).click();
    await poll(() => confirm.getByText('This field is required.').count()).toBe(1);
    await confirm.getByLabel('Reason').fill('Failed to file production returns (test).');
    await confirm.getByRole('button', { name: 'Suspend' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await poll(() => row.textContent()).toContain('Suspended');
    expect(await row.textContent()).toContain('Failed to file production returns (test).');
    expect(await row.getByRole('button', { name: /^Reinstate/ }).count()).toBe(1);

    // an importing officer of the same participant reads the register but gets no buttons
    const importer = await openPage();
    await importer.goto('/login');
    await logIn(importer, 'importer.bw@demo.test');
    await importer.goto('/participants/BW/operators');
    await poll(() => importer.getByRole('row', { name: /BW-TEST 2025\/01/ }).textContent()).toContain('Suspended');
    expect(await importer.getByRole('button', { name: 'Register operator' }).count()).toBe(0);
    expect(await importer.getByRole('button', { name: /^Suspend/ }).count()).toBe(0);
  });

  it('a participant administrator creates an account with participant roles only', async () => {
    const page = await openPage();
    await page.goto('/login');
    await logIn(page, 'admin.bw@demo.test');
    await page.getByRole('navigation').getByRole('link', { name: 'User accounts' }).click();
    await page.getByRole('heading', { level: 1, name: /User accounts/ }).waitFor();
    await poll(() => page.getByRole('row', { name: /exporter\.bw@demo\.test/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog');
    // the four participant roles and the mines officer of internal controls, no KP role
    expect(await dialog.getByRole('checkbox').count()).toBe(5);
    expect(await dialog.getByLabel('Mines officer', { exact: true }).count()).toBe(1);
    expect(await dialog.getByLabel('KP Chair').count()).toBe(0);
    await dialog.getByLabel('Name').fill('Mpho Kgosi');
    await dialog.getByLabel('E-mail address').fill('mpho.kgosi@mmge.gov.bw');
    await dialog.getByLabel('Statistics officer').check();
    await dialog.getByLabel('Initial password').fill('short');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await poll(() => dialog.getByText('At least 12 characters.').count()).toBeGreaterThan(0);
    await dialog.getByLabel('Initial password').fill('Gaborone-Diamond-2025!');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    const row = page.getByRole('row', { name: /mpho\.kgosi@mmge\.gov\.bw/ });
    await poll(() => row.textContent()).toContain('Statistics officer');
    expect(await row.textContent()).toContain('Active');
  });

  it('has no serious or critical accessibility violations on any staff page', async () => {
    const page = await openPage({ bypassCSP: true });
    await page.goto('/login');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, 'login');
    await chooseLanguage(page, 'ar');
    await page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' }).waitFor();
    await expectAccessible(page, 'login (ar)');
    await chooseLanguage(page, 'en');

    // participant administrator: home, register, detail, operators, users, audit, account
    await logIn(page, 'admin.bw@demo.test');
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await expectAccessible(page, 'home (participant admin)');
    await page.screenshot({ path: '/tmp/kimberlite-home-en.png' });

    await page.goto('/participants');
    await page.getByTestId('register-table').waitFor();
    await expectAccessible(page, 'register');

    await page.goto('/participants/BW');
    await page.getByTestId('status-history').waitFor();
    await expectAccessible(page, 'participant detail');
    await page.getByRole('button', { name: 'Add authority' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'authority form');
    await page.keyboard.press('Escape');

    await page.goto('/participants/EU');
    await page.getByTestId('territories').waitFor();
    expect(await page.getByTestId('territories').locator('li').count()).toBe(27);
    await expectAccessible(page, 'participant detail (EU)');

    await page.goto('/participants/BW/operators');
    await page.getByTestId('operators-table').waitFor();
    await expectAccessible(page, 'operators');
    await page.getByRole('button', { name: 'Register operator' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'operator form');
    await page.getByRole('dialog').getByRole('button', { name: 'Register operator' }).click();
    await page.getByRole('dialog').getByText('Choose at least one licence type.').waitFor();
    await expectAccessible(page, 'operator form with field errors');
    await page.keyboard.press('Escape');

    await page.goto('/users');
    await page.getByTestId('users-table').waitFor();
    await expectAccessible(page, 'users');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'user form');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Actions: Exporting officer BW/ }).click();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    const tokens = page.getByRole('dialog');
    await tokens.getByLabel(/^Label/).fill('National system');
    await tokens.getByRole('button', { name: 'Issue token' }).click();
    await poll(() => page.getByTestId('issued-token').textContent()).toContain('shown only once');
    expect(await tokens.getByRole('button', { name: 'Copy token' }).count()).toBe(1);
    await expectAccessible(page, 'API tokens');
    await page.keyboard.press('Escape');

    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await expectAccessible(page, 'audit');

    await page.goto('/account');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await expectAccessible(page, 'account');

    await page.goto('/no-such-page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectAccessible(page, 'not found');

    // Arabic, right to left, on a data page
    await page.goto('/participants/CF');
    await chooseLanguage(page, 'ar');
    await page.getByRole('heading', { level: 2, name: 'سجل الأوضاع' }).waitFor();
    await expectAccessible(page, 'participant detail (ar)');
    await page.screenshot({ path: '/tmp/kimberlite-detail-ar.png', fullPage: false });
    await chooseLanguage(page, 'en');

    // system administrator home (audit chain check) and the Chair's status form
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await logIn(page, 'admin@demo.test');
    await poll(() => page.getByTestId('audit-verify').textContent()).toContain('Audit chain intact');
    await expectAccessible(page, 'home (system admin)');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await logIn(page, 'chair@demo.test');
    await page.getByRole('heading', { level: 3, name: 'Participants not in good standing' }).waitFor();
    await expectAccessible(page, 'home (chair)');
    await page.goto('/participants/CF');
    await page.getByRole('heading', { level: 2, name: 'Record a status change' }).waitFor();
    await expectAccessible(page, 'participant detail (chair)');

    // an observer: register overview and the list of observers, no operator or user pages
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await logIn(page, 'observer.wdc@demo.test');
    await page.getByRole('heading', { level: 2, name: 'KP observers' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'User accounts' }).count()).toBe(0);
    await expectAccessible(page, 'home (observer)');
  }, 180_000);
});
